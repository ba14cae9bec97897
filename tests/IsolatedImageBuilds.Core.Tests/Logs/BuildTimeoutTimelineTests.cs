using System.Text;
using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

/// <summary>
/// AIB-046: a build the service stopped at buildTimeoutInMinutes, told from the log's timeline (its first timestamp to the
/// cancellation) when the run's timeout is known. Lines in today's format (see kb-cases-issues.txt for their source).
/// </summary>
public class BuildTimeoutTimelineTests
{
    private const string Id = "[bc90d64b-77f0-4d2e-97dd-5615fc95a920] PACKER ";

    private static readonly string CancelledAfter117Minutes = string.Join("\n",
        Id + "2026/02/22 17:13:12 [INFO] Packer version: 1.14.3 [go1.24.0 linux amd64]",
        Id + "2026/02/22 17:15:47 ui: ==> azure-arm: Provisioning with powershell script: /tmp/powershell-provisioner3248343911",
        Id + "2026/02/22 19:10:31 Cancelling builder after context cancellation context canceled",
        Id + "Cancelling build after receiving terminated",
        Id + "Done exporting Packer logs to Azure Storage.") + "\n";

    private static LogSummary Analyze(string text, int? timeoutMinutes)
    {
        var analyzer = new LogAnalyzer(new LogAnalyzerOptions { BuildTimeoutInMinutes = timeoutMinutes });
        _ = new LogStreamReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), analyzer).ReadEntries().ToList();
        return analyzer.GetSummary();
    }

    [Fact]
    public void Cancellation_at_the_known_timeout_is_diagnosed_with_high_confidence_and_shows_the_start()
    {
        var summary = Analyze(CancelledAfter117Minutes, 120);

        var d = Assert.IsType<Diagnosis>(summary.Diagnosis);
        Assert.Equal("AIB-046", d.Id);
        Assert.Equal(DiagnosisConfidence.High, d.Confidence);
        Assert.Equal("powershell", d.Provisioner);
        Assert.Contains(d.EvidenceLines, l => l.Text.Contains("17:13:12 [INFO] Packer version"));
        Assert.Contains(d.EvidenceLines, l => l.Text.Contains("19:10:31 Cancelling builder"));
        Assert.True(summary.Failed, "a cancelled build did not succeed, even though its log is complete");
    }

    [Fact]
    public void Without_the_timeout_the_cancellation_is_still_named_with_medium_confidence()
    {
        var d = Assert.IsType<Diagnosis>(Analyze(CancelledAfter117Minutes, null).Diagnosis);

        Assert.Equal("AIB-046", d.Id);
        Assert.Equal(DiagnosisConfidence.Medium, d.Confidence);
        Assert.Contains(d.EvidenceLines, l => l.Text.Contains("17:13:12 [INFO] Packer version"));
    }

    [Fact]
    public void Cancellation_long_before_the_known_timeout_is_not_a_timeout()
    {
        var summary = Analyze(CancelledAfter117Minutes, 240); // two hours early: cancelled by hand

        Assert.DoesNotContain(summary.Findings, f => f.Id == "AIB-046");
        Assert.Equal(Diagnosis.UnknownId, summary.Diagnosis?.Id);
    }

    [Fact]
    public void Cancellation_past_a_shorter_timeout_is_a_timeout()
    {
        // The run's clock starts before the log's (the container starts first): later than the timeout still counts.
        Assert.Equal("AIB-046", Analyze(CancelledAfter117Minutes, 60).Diagnosis?.Id);
    }

    [Fact]
    public void Cancellation_after_Packers_own_error_is_not_a_timeout()
    {
        string text = string.Join("\n",
            Id + "2026/02/22 17:13:12 [INFO] Packer version: 1.14.3 [go1.24.0 linux amd64]",
            Id + "2026/02/22 17:15:47 ui: ==> azure-arm: Provisioning with powershell script: /tmp/powershell-provisioner3248343911",
            Id + "2026/02/22 19:10:30 ui error: Build 'azure-arm' errored after 1 hour 57 minutes: Script exited with non-zero exit status: 1. Allowed exit codes are: [0]",
            Id + "2026/02/22 19:10:31 Cancelling builder after context cancellation context canceled") + "\n";

        var summary = Analyze(text, 120);

        Assert.DoesNotContain(summary.Findings, f => f.Id == "AIB-046");
        Assert.Equal("AIB-011", summary.Diagnosis?.Id);
    }
}
