using IsolatedImageBuilds.Core.Logs;
using Xunit;
using Xunit.Abstractions;

namespace IsolatedImageBuilds.Core.Tests.Logs;

/// <summary>
/// The three whole 2026 customization.log files of tests/reference/logs (Packer 1.14, no "(telemetry)" lines):
/// provisioners found from the UI lines with names, indexes and durations, every line of a provisioner's output
/// carrying its name and index, and a diagnosis that names the failing provisioner and quotes its script's own errors.
/// </summary>
public class CurrentFormatLogTests(ITestOutputHelper output)
{
    private (List<LogEntry> Entries, LogSummary Summary) Read(string name)
    {
        using var reader = LogStreamReader.OpenFile(Path.Combine(LogTestSupport.ReferenceLogs, name));
        var entries = reader.ReadEntries().ToList();
        var summary = reader.Analyzer.GetSummary();
        foreach (var p in summary.Provisioners) output.WriteLine($"{p} lines {p.StartLine}-{p.EndLine} {p.Duration} exit {p.ExitCode} script {p.Script} command {p.Command?.Split('\n')[0]}");
        output.WriteLine(summary.Diagnosis + " at " + summary.Diagnosis?.Provisioner + "#" + summary.Diagnosis?.ProvisionerIndex);
        foreach (var e in summary.Diagnosis?.EvidenceLines ?? []) output.WriteLine("  " + e);
        return (entries, summary);
    }

    private static string Provisioners(LogSummary summary) => string.Join(", ", summary.Provisioners.Select(p => p.ToString()));

    private static void AssertOwnLinesCarryTheProvisioner(List<LogEntry> entries, LogSummary summary)
    {
        foreach (var p in summary.Provisioners)
        {
            // Its end line is the next one's start, or its own last line ("Provisioning step had errors").
            long end = p.EndLine ?? entries.Count;
            bool last = p.Index == summary.Provisioners.Count;
            Assert.All(entries.Where(e => e.LineNumber >= p.StartLine && (e.LineNumber < end || (last && e.LineNumber == end))), e =>
            {
                Assert.Equal(p.Name, e.Provisioner);
                Assert.Equal(p.Index, e.ProvisionerIndex);
            });
        }
        // Before the first provisioner and after the failing one ended, no line is attributed to one.
        Assert.All(entries.Where(e => e.LineNumber < summary.Provisioners[0].StartLine), e => Assert.Null(e.Provisioner));
        Assert.All(entries.Where(e => e.LineNumber > summary.Provisioners[^1].EndLine), e => Assert.Equal(0, e.ProvisionerIndex));
    }

    private static void AssertEvidence(Diagnosis d, params string[] fragments)
    {
        foreach (var f in fragments)
        {
            Assert.True(d.EvidenceLines.Any(l => l.Text.Contains(f, StringComparison.Ordinal)), "evidence lacks '" + f + "':\n" + string.Join("\n", d.EvidenceLines));
        }
    }

    [Fact]
    public void Customization2_inline_PowerShell_with_parser_errors()
    {
        var (entries, summary) = Read("gh-kkaminsk-W365Claw-customization2_2026-format.log");

        Assert.Equal("file #1, powershell #2", Provisioners(summary));
        var ps = summary.Provisioners[1];
        Assert.Equal(263, ps.StartLine);
        Assert.Equal(405, ps.EndLine); // "Provisioning step had errors"
        Assert.Equal(TimeSpan.FromSeconds(5), ps.Duration);
        Assert.Equal(1, ps.ExitCode);
        Assert.Equal("/tmp/powershell-provisioner1434368206", ps.Script);
        Assert.StartsWith("$ErrorActionPreference = \"Stop\"", ps.Command);
        Assert.Equal("/aib/packerInput/DeprovisioningScript.txt", summary.Provisioners[0].Script); // AIB's own file upload
        AssertOwnLinesCarryTheProvisioner(entries, summary);

        var d = summary.Diagnosis!;
        Assert.Equal("AIB-011", d.Id);
        Assert.Equal(("powershell", 2), (d.Provisioner, d.ProvisionerIndex));
        Assert.Equal(ps.Script, d.ProvisionerScript);
        Assert.Equal(ps.Command, d.ProvisionerCommand);
        AssertEvidence(d, "The string is missing the terminator", "Missing closing '}' in statement block", "The Try statement is missing its Catch or Finally block",
            "+ CategoryInfo          : ParserError", "Script exited with non-zero exit status: 1");
        Assert.DoesNotContain(d.EvidenceLines, l => l.Text.Contains("Write-Error \"An error occurred"));  // the script's code, quoted by PowerShell
    }

    [Fact]
    public void Customization5_fifth_provisioner_fails_after_npm_errors()
    {
        var (entries, summary) = Read("gh-kkaminsk-W365Claw-customization5_2026-format.log");

        Assert.Equal("file #1, powershell #2, windows-restart #3, powershell #4, powershell #5", Provisioners(summary));
        Assert.All(summary.Provisioners, p => Assert.True(p.Ended && p.Duration.HasValue, p + " has no duration"));
        Assert.Equal(TimeSpan.FromSeconds(46), summary.Provisioners[2].Duration); // the restart: 17:16:51 to 17:17:37
        Assert.Equal(new TimeSpan(0, 6, 3), summary.Provisioners[4].Duration);   // 17:20:27 to 17:26:30
        AssertOwnLinesCarryTheProvisioner(entries, summary);

        var d = summary.Diagnosis!;
        Assert.Equal("AIB-011", d.Id);
        Assert.Equal(("powershell", 5), (d.Provisioner, d.ProvisionerIndex));
        Assert.Equal("/tmp/powershell-provisioner233653527", d.ProvisionerScript);
        AssertEvidence(d, "script-699b3928-c7eb-491b-51fc-5183095e810d.ps1 : OpenClaw npm install failed (1)", "+ CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException",
            "exited with code: 1");
        // Noise of this failing build is never the cause nor its evidence: WinRM 401 retries, metadata host lookup,
        // the 1190 restart that then succeeded, the closing stream EOF.
        Assert.DoesNotContain(d.EvidenceLines, l => l.Text.Contains("401 - invalid content type") || l.Text.Contains("metadata host")
            || l.Text.Contains("(1190)") || l.Text.Contains("Error decoding response stream"));
        Assert.All(summary.Findings.Where(f => f.Id != d.Id), f => Assert.True(f.Harmless, f.Id + " should not be found"));
    }

    [Fact]
    public void Customization6_sixth_provisioner_fails_on_WriteError()
    {
        var (entries, summary) = Read("gh-kkaminsk-W365Claw-customization6_2026-format.log");

        Assert.Equal("file #1, powershell #2, windows-restart #3, powershell #4, powershell #5, powershell #6", Provisioners(summary));
        Assert.Equal(TimeSpan.FromSeconds(7), summary.Provisioners[5].Duration); // 18:00:32 to 18:00:39
        AssertOwnLinesCarryTheProvisioner(entries, summary);

        var d = summary.Diagnosis!;
        Assert.Equal("AIB-011", d.Id);
        Assert.Equal(("powershell", 6), (d.Provisioner, d.ProvisionerIndex));
        AssertEvidence(d, "ps1 : An error occurred: npm warn using --force", "Recommended protections disabled.", "+ FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException");
        Assert.DoesNotContain(d.EvidenceLines, l => l.Text.Contains("401 - invalid content type") || l.Text.Contains("Error decoding response stream"));
        Assert.All(summary.Findings.Where(f => f.Id != d.Id), f => Assert.True(f.Harmless, f.Id + " should not be found"));
    }
}
