using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>customization.log as the emulator writes it: today's format has the shape of the real 2026 logs in
/// tests/reference/logs, the older generations stay available, and a scenario can replay a real log.</summary>
[Collection("Emulator")]
public sealed partial class LogFormatTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;
    private string Reference(string file) => Path.Combine(fixture.ReferenceDir, "logs", file);

    private static readonly string[] Reference2026 =
    [
        "gh-kkaminsk-W365Claw-customization2_2026-format.log",
        "gh-kkaminsk-W365Claw-customization5_2026-format.log",
        "gh-kkaminsk-W365Claw-customization6_2026-format.log",
    ];

    [GeneratedRegex(@"^\[[^\]]+\] PACKER (?<ts>\d{4}/\d\d/\d\d \d\d:\d\d:\d\d )?(?<rest>.*)$")]
    private static partial Regex PackerLine();

    [GeneratedRegex(@"^packer-plugin-azure_v2\.5\.\d+_x5\.0_linux_amd64 plugin: (\d{4}/\d\d/\d\d \d\d:\d\d:\d\d )?")]
    private static partial Regex AzurePluginPrefix();

    /// <summary>How a line starts, without its text: "ts ui: ==> azure-arm:", "ts ui error:", "no-ts ==>", "ts azure-plugin ts", ...</summary>
    private static string Prefix(string line)
    {
        var m = PackerLine().Match(line);
        if (!m.Success) return "other";
        var ts = m.Groups["ts"].Success ? "ts" : "no-ts";
        var rest = m.Groups["rest"].Value;
        if (AzurePluginPrefix().Match(rest) is { Success: true } plugin) return $"{ts} azure-plugin{(plugin.Groups[1].Success ? " ts" : "")}";
        foreach (var known in new[] { "ui: ==> azure-arm:", "ui: azure-arm:", "ui error: ==> azure-arm:", "ui error: --> azure-arm:", "ui error:", "ui:", "==> azure-arm:", "==>", "e:", "Done exporting", "[INFO]", "[WARN]", "[ERR]", "machine readable:" })
            if (rest.StartsWith(known, StringComparison.Ordinal)) return $"{ts} {known}";
        return $"{ts} packer";
    }

    /// <summary>The landmarks of a build in order (consecutive repeats collapsed): the Packer header, the provisioners
    /// starting, a step failing, Packer's error and closing summary, the export marker.</summary>
    private static List<string> Landmarks(IEnumerable<string> lines)
    {
        var kinds = new List<string>();
        foreach (var line in lines)
        {
            var kind = line switch
            {
                _ when Regex.IsMatch(line, @"^\[[^\]]+\] PACKER \S+ \S+ \[INFO\] Packer version: 1\.14\.\d+ ") => "header 1.14",
                _ when line.Contains("] PACKER e: Running in background") => "no TTY",
                _ when line.Contains(" ui: ==> azure-arm: Provisioning with ") => "provisioner starts",
                _ when line.Contains(" ui: ==> azure-arm: Provisioning step had errors: Running the cleanup provisioner, if present...") => "step had errors",
                _ when Regex.IsMatch(line, @" ui error: Build 'azure-arm' errored after \d+ minutes? \d+ seconds?: Script exited with non-zero exit status: \d+\. Allowed exit codes are: \[0\]$") => "errored",
                _ when Regex.IsMatch(line, @"\] PACKER ==> Some builds didn't complete successfully and had errors:$") => "some builds errored",
                _ when Regex.IsMatch(line, @"\] PACKER ==> Builds finished but no artifacts were created\.$") => "no artifacts",
                _ when line.EndsWith("] PACKER Done exporting Packer logs to Azure Storage.") => "exported",
                _ => null,
            };
            if (kind is not null && (kinds.Count == 0 || kinds[^1] != kind)) kinds.Add(kind);
        }
        return kinds;
    }

    private async Task<(JsonObject Operation, JsonObject Template, string[] Log)> Run(string scenario, Action<JsonObject>? change = null)
    {
        await _arm.Load(scenario);
        var name = Templates.Unique(scenario);
        await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets", change));
        var op = await _arm.WaitOperation(await Templates.Run(_arm, name));
        var template = await Templates.Get(_arm, name);
        var log = await Logs.ReadCustomizationLog(_arm, (string)template["properties"]!["exactStagingResourceGroup"]!);
        return (op, template, log.TrimEnd('\n').Split('\n'));
    }

    /// <summary>A Windows template with PowerShell customizers (what the 2026 reference logs build).</summary>
    private static void Windows(JsonObject body)
    {
        body["properties"]!["source"] = new JsonObject { ["type"] = "PlatformImage", ["publisher"] = "MicrosoftWindowsServer", ["offer"] = "WindowsServer", ["sku"] = "2022-datacenter-azure-edition", ["version"] = "latest" };
        body["properties"]!["customize"] = new JsonArray(
            new JsonObject { ["type"] = "PowerShell", ["name"] = "runtimes", ["inline"] = new JsonArray("Write-Host 'installing'") },
            new JsonObject { ["type"] = "PowerShell", ["name"] = "tools", ["inline"] = new JsonArray("exit 1") });
    }

    [Fact]
    public async Task CurrentFormatHasTheShapeOfThe2026ReferenceLogs()
    {
        var (_, _, log) = await Run("customizer-fails", Windows);
        Assert.DoesNotContain(log, l => l.Contains("(telemetry)"));

        var emulated = Landmarks(log);
        var referencePrefixes = new HashSet<string>();
        foreach (var file in Reference2026)
        {
            var lines = File.ReadAllLines(Reference(file));
            Assert.Equal(Landmarks(lines), emulated);
            referencePrefixes.UnionWith(lines.Select(Prefix));
        }
        Assert.Equal(["header 1.14", "no TTY", "provisioner starts", "step had errors", "errored", "some builds errored", "no artifacts", "exported"], emulated);
        // Every kind of line the emulator writes is one the real logs have (the text after the prefix may differ).
        Assert.DoesNotContain(log.Select(Prefix).Distinct(), p => !referencePrefixes.Contains(p));
        // The guest's output as today's Packer shows it, and today's harmless noise.
        Assert.Contains(log, l => l.EndsWith(" ui: ==> azure-arm: E: Could not open file /var/lib/apt/lists/archive.ubuntu.com_ubuntu_dists_jammy-updates_main_binary-amd64_Packages - open (2: No such file or directory)"));
        Assert.Contains(log, l => l.Contains(" packer-plugin-azure_v2.5.1_x5.0_linux_amd64 plugin: "));
        Assert.Contains(log, l => l.Contains("Error looking up environment using metadata host"));
        Assert.Contains(log, l => l.Contains("[ERROR] WinRM connection err: http response error: 401 - invalid content type"));
        Assert.Contains(log, l => l.Contains("[ERR] Error decoding response stream 21: EOF"));
    }

    [Fact]
    public async Task OlderGenerationsStayAvailable()
    {
        var (_, _, telemetry) = await Run("telemetry-log-format");
        Assert.Contains(telemetry, l => l.EndsWith("[INFO] (telemetry) Starting provisioner shell"));
        Assert.Contains(telemetry, l => l.Contains(" ui:     azure-arm: E: Could not open file /var/lib/apt/lists/"));
        Assert.DoesNotContain(telemetry, l => l.Contains(" ui error: "));
    }

    [Fact]
    public async Task ReplayStreamsARealLogAndEndsTheRunAsTheLogEnds()
    {
        await _arm.Load("replay-2026-parser-error", timeScale: 0.01);
        var name = Templates.Unique("replay");
        await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets"));
        var staging = (string)(await Templates.Get(_arm, name))["properties"]!["exactStagingResourceGroup"]!;
        var url = await Templates.Run(_arm, name);
        var subStates = new List<string>();
        var sizes = new List<int>();
        while ((string?)(await _arm.Get(url)).Body!["status"] == "InProgress")
        {
            subStates.Add((string?)(await Templates.Get(_arm, name))["properties"]!["lastRunStatus"]!["runSubState"] ?? "");
            try { sizes.Add((await Logs.ReadCustomizationLog(_arm, staging)).Length); } catch (InvalidOperationException) { }
            await Task.Delay(150);
        }
        var op = await _arm.WaitOperation(url);
        var template = await Templates.Get(_arm, name);

        Assert.Equal("Failed", (string)op["status"]!);
        Assert.Equal("PackerBuildFailed", (string?)op["error"]?["code"]);
        Assert.Contains("Use this operationId bf6dfc77-48b9-45ff-98b2-5924d6005101 to search packer logs", (string)op["error"]!["message"]!);
        Assert.Equal("Failed", (string?)template["properties"]!["lastRunStatus"]!["runState"]);
        Assert.Contains("Packer build command has failed", (string?)template["properties"]!["lastRunStatus"]!["message"]);
        Assert.Contains("Building", subStates);
        Assert.Contains("Customizing", subStates);
        Assert.True(sizes.Where(s => s > 0).Distinct().Count() >= 2, "the log grows in Azurite while the run goes on: " + string.Join(",", sizes));

        var persisted = (await Logs.ReadCustomizationLog(_arm, staging)).TrimEnd('\n').Split('\n');
        Assert.Equal(File.ReadAllLines(Reference("gh-kkaminsk-W365Claw-customization2_2026-format.log")), persisted);
    }
}
