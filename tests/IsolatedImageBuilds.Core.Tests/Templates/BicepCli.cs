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
            // build/Tools.csproj downloads the Bicep CLI package into the NuGet cache; a fresh machine may not have run it yet.
            Run("dotnet", "restore", Path.Combine(TestPaths.RepoRoot, "build", "Tools.csproj"));
        }

        if (!File.Exists(bicepPath))
        {
            throw new InvalidOperationException($"{bicepPath} is missing after 'dotnet restore build/Tools.csproj'.");
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
            var (exitCode, json, stderr) = Run(bicepPath, "build", file, "--stdout");
            return (exitCode == 0 && json.Length > 0 ? JsonNode.Parse(json)!.AsObject() : null, stderr.Trim());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}
