using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>AibEmulator.psm1 as build.ps1 and Pester use it: Start-AibEmulator returns the endpoint and
/// process ids, Stop-AibEmulator leaves none of them running.</summary>
[Collection("Emulator")]
public sealed class PowerShellModuleTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task StartThenStopLeavesNoProcessBehind()
    {
        var dll = Path.Combine(fixture.RepoRoot, "tests", "AibEmulator", "bin",
            AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug", "net10.0", "AibEmulator.dll");
        var outDir = Path.Combine(Path.GetTempPath(), "aib-psm1-" + Guid.NewGuid().ToString("N"));
        var module = Path.Combine(fixture.RepoRoot, "tests", "AibEmulator", "AibEmulator.psm1");
        var script = $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{module}}'
            $e = Start-AibEmulator -Scenario customizer-fails -OutDirectory '{{outDir}}' -AssemblyPath '{{dll}}'
            $ids = @($e.EmulatorProcessId, $e.AzuriteProcessId)
            Stop-AibEmulator -InputObject $e
            $left = @(Get-Process -Id $ids -ErrorAction SilentlyContinue).Count
            [pscustomobject]@{ armEndpoint = $e.armEndpoint; scenario = $e.scenario; blobEndpoint = $e.blobEndpoint; certificatePath = $e.certificatePath;
              controlEndpoint = $e.controlEndpoint; emulator = $e.EmulatorProcessId; azurite = $e.AzuriteProcessId; left = $left } | ConvertTo-Json -Compress
            """;
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = fixture.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", script }) info.ArgumentList.Add(a);
        using var pwsh = Process.Start(info)!;
        var stdout = pwsh.StandardOutput.ReadToEndAsync();
        var stderr = pwsh.StandardError.ReadToEndAsync();
        Assert.True(pwsh.WaitForExit(120_000), "pwsh did not finish");
        var text = (await stdout).Trim();
        Assert.True(pwsh.ExitCode == 0, text + await stderr);
        var result = JsonNode.Parse(text.Split('\n').Last())!;
        Assert.StartsWith("https://127.0.0.1:", (string?)result["armEndpoint"]);
        Assert.StartsWith("http://127.0.0.1:", (string?)result["blobEndpoint"]);
        Assert.EndsWith("/_emulator/", (string?)result["controlEndpoint"]);
        Assert.True(File.Exists((string)result["certificatePath"]!));
        Assert.Equal("customizer-fails", (string?)result["scenario"]);
        Assert.Equal(0, (int)result["left"]!);
        Directory.Delete(outDir, recursive: true);
    }
}
