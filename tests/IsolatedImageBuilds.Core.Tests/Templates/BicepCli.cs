using System.Diagnostics;
using System.Text.Json.Nodes;

namespace IsolatedImageBuilds.Core.Tests.Templates;

/// <summary>Runs the real Bicep CLI (offline) on a .bicep text and returns the compiled JSON and its diagnostics.</summary>
internal static class BicepCli
{
    public static (JsonObject? Compiled, string Diagnostics) Build(string bicep)
    {
        var bicepPath = TestPaths.Bicep;
        if (!File.Exists(bicepPath))
        {
            throw new InvalidOperationException($"{bicepPath} is missing: run 'dotnet restore build/Tools.csproj' first.");
        }

        if (!OperatingSystem.IsWindows())
        {
            // NuGet extracts the binary without its execute bit.
            File.SetUnixFileMode(bicepPath, File.GetUnixFileMode(bicepPath) | UnixFileMode.UserExecute);
        }

        var folder = Directory.CreateTempSubdirectory("aib-bicep-");
        try
        {
            var file = Path.Combine(folder.FullName, "main.bicep");
            File.WriteAllText(file, bicep);
            var start = new ProcessStartInfo(bicepPath, new[] { "build", file, "--stdout" })
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var json = stdout.Result;
            return (process.ExitCode == 0 && json.Length > 0 ? JsonNode.Parse(json)!.AsObject() : null, stderr.Trim());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
