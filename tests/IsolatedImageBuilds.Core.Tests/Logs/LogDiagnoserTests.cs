using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

/// <summary>The matcher language and the choice of cause, beyond the per-item cases.</summary>
public class LogDiagnoserTests
{
    private const string P = "[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER 2025/01/01 10:00:00 ";

    private static LogSummary Run(KnowledgeBase kb, params string[] lines)
    {
        var analyzer = new LogAnalyzer(new LogAnalyzerOptions { KnowledgeBase = kb });
        foreach (var line in lines) analyzer.Process(line);
        return analyzer.GetSummary();
    }

    private static KnowledgeBase Kb(string itemsJson) => KnowledgeBase.Parse(
        "{ \"unknown\": {\"title\":\"t\",\"cause\":\"c\",\"fix\":\"f\"}, \"failureSignals\": [ {\"text\": [\"errored\"]} ], \"items\": [" + itemsJson + "] }");

    private const string Item = "\"id\":\"T-1\",\"title\":\"t\",\"cause\":\"c\",\"fix\":\"f\",";

    [Fact]
    public void Unknown_failure_names_the_failing_provisioner_and_its_last_error_lines()
    {
        var summary = Run(KnowledgeBase.Default,
            P + "[INFO] (telemetry) Starting provisioner shell",
            P + "ui:     azure-arm: error: first provisioner had a harmless-looking error",
            P + "[INFO] (telemetry) ending shell",
            P + "[INFO] (telemetry) Starting provisioner powershell",
            P + "ui:     azure-arm: doing work",
            P + "ui error: ==> azure-arm: The widget failed to frobnicate",
            P + "ui:     azure-arm: Exception calling Frob: access denied",
            P + "[INFO] (telemetry) ending powershell",
            "[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b] PACKER Build 'azure-arm' errored after 2 minutes: widget trouble");

        var d = summary.Diagnosis!;
        Assert.Equal(Diagnosis.UnknownId, d.Id);
        Assert.Equal(("powershell", 2), (d.Provisioner, d.ProvisionerIndex));
        Assert.Equal(BuildStage.Customize, d.Stage);
        Assert.Equal(DiagnosisConfidence.Low, d.Confidence);
        // The failing provisioner's own error lines and the failure line; not the first provisioner's.
        Assert.Equal(new long[] { 6, 7, 9 }, d.EvidenceLines.Select(l => l.LineNumber));
        Assert.DoesNotContain(d.EvidenceLines, l => l.Text.Contains("first provisioner"));
    }

    [Fact]
    public void Unknown_failure_keeps_only_the_last_error_lines()
    {
        var lines = new List<string> { P + "[INFO] (telemetry) Starting provisioner shell" };
        for (int i = 0; i < 100; i++) lines.Add(P + "ui:     azure-arm: error number " + i);
        lines.Add(P + "ui error: Build 'azure-arm' errored: boom");
        var d = Run(KnowledgeBase.Default, lines.ToArray()).Diagnosis!;

        Assert.Equal(Diagnosis.UnknownId, d.Id);
        Assert.Contains(d.EvidenceLines, l => l.Text.EndsWith("error number 99"));
        Assert.DoesNotContain(d.EvidenceLines, l => l.Text.EndsWith("error number 50"));
        Assert.True(d.EvidenceLines.Count <= LogDiagnoser.ErrorLinesKept + 1);
    }

    [Theory]
    [InlineData("ui:     azure-arm: E: Package 'nginx-full' has no installation candidate")] // after the builder's name
    [InlineData("E: Package 'nginx-full' has no installation candidate")]                     // at the message's start
    public void An_apt_error_line_without_an_error_word_is_evidence_of_an_unknown_failure(string aptLine)
    {
        var d = Run(KnowledgeBase.Default,
            P + "ui:     azure-arm: Reading package lists... Done",
            P + aptLine,
            P + "ui:     azure-arm: Time: 5s",                            // "e: " in a word, not apt's prefix
            "[x] PACKER Build 'azure-arm' errored after 2 minutes: boom").Diagnosis!;

        Assert.Equal(Diagnosis.UnknownId, d.Id);
        Assert.Contains(d.EvidenceLines, l => l.Text.EndsWith("has no installation candidate"));
        Assert.DoesNotContain(d.EvidenceLines, l => l.Text.Contains("Time: 5s") || l.Text.Contains("Reading package lists"));
    }

    [Fact]
    public void A_failure_reported_after_the_cleanup_is_placed_in_the_last_provisioner_with_its_error_lines()
    {
        var lines = new List<string>
        {
            P + "[INFO] (telemetry) Starting provisioner shell",
            P + "ui:     azure-arm: fatal: the real problem",
            P + "[INFO] (telemetry) ending shell",
            P + "ui: ==> azure-arm: Deleting individual resources ...",
        };
        for (int i = 0; i < 30; i++) lines.Add(P + "ui error: ==> azure-arm: could not remove thing " + i);
        // Packer reports the failure after its cleanup; no capture happened, so it is the last provisioner's.
        lines.Add("[x] PACKER Build 'azure-arm' errored after 2 minutes: fatal");
        var d = Run(KnowledgeBase.Default, lines.ToArray()).Diagnosis!;

        Assert.Equal(Diagnosis.UnknownId, d.Id);
        Assert.Equal(("shell", 1), (d.Provisioner, d.ProvisionerIndex));
        Assert.Contains(d.EvidenceLines, l => l.Text.Contains("the real problem"));
        Assert.DoesNotContain(d.EvidenceLines, l => l.Text.Contains("could not remove"));

        // After a capture, a failure in the cleanup is not blamed on a provisioner.
        lines.Insert(3, P + "ui: ==> azure-arm: Capturing image ...");
        d = Run(KnowledgeBase.Default, lines.ToArray()).Diagnosis!;
        Assert.Null(d.Provisioner);
        Assert.Equal(BuildStage.Cleanup, d.Stage);
    }

    [Fact]
    public void Harmless_warnings_are_never_the_cause()
    {
        var summary = Run(KnowledgeBase.Default,
            P + "ui error: ==> azure-arm: Error deleting resource. Will retry.",
            P + "ui: ==> azure-arm: Skipping image creation...",
            "[x] PACKER ==> Builds finished but no artifacts were created.",
            "[x] PACKER ERR ==> Some builds didn't complete successfully and had errors:");

        Assert.True(summary.Failed);
        Assert.Equal(Diagnosis.UnknownId, summary.Diagnosis!.Id);
        Assert.All(summary.Findings, f => Assert.True(f.Harmless));
        Assert.Equal(new[] { "AIB-033", "AIB-035" }, summary.Findings.Select(f => f.Id).Order());
        // Harmless lines are not offered as the unknown failure's error lines either.
        Assert.DoesNotContain(summary.Diagnosis.EvidenceLines, l => l.Text.Contains("Will retry"));
    }

    [Fact]
    public void Specific_cause_wins_over_generic_and_earlier_wins_among_equals()
    {
        var summary = Run(KnowledgeBase.Default,
            P + "[INFO] (telemetry) Starting provisioner shell",
            P + "ui error: ==> azure-arm: ERROR: -> RequestDisallowedByPolicy : Resource 'x' was disallowed by policy.",
            P + "ui error: ==> azure-arm: Script exited with non-zero exit status: 1. Allowed exit codes are: [0]",
            P + "ui error: ==> azure-arm: Operation could not be completed as it results in exceeding approved standardDv2Family Cores quota.");

        Assert.Equal(new[] { "AIB-017", "AIB-018", "AIB-011" }, summary.Findings.Select(f => f.Id));
        Assert.Equal("AIB-017", summary.Diagnosis!.Id);
    }

    [Fact]
    public void Service_error_alone_is_diagnosed_with_high_confidence()
    {
        var analyzer = new LogAnalyzer();
        analyzer.AddServiceError("Azure Container Instances provider not registered for your subscription.");
        var d = analyzer.GetSummary().Diagnosis!;
        Assert.Equal("AIB-010", d.Id);
        Assert.Equal(DiagnosisConfidence.High, d.Confidence);
        Assert.Equal(0, d.EvidenceLines.Single().LineNumber);
    }

    [Fact]
    public void A_complete_successful_log_has_no_cause_even_with_warnings()
    {
        var summary = Run(KnowledgeBase.Default,
            P + "ui:     azure-arm: E: Could not open file /var/lib/apt/lists/x - open (2: No such file or directory)",
            "[x] PACKER Done exporting Packer logs to Azure Storage.");
        Assert.False(summary.Failed);
        Assert.Null(summary.Diagnosis);
        Assert.Contains(summary.Findings, f => f.Id == "AIB-038");
    }

    [Fact]
    public void After_requires_an_earlier_line_and_within_limits_the_distance()
    {
        var kb = Kb("{" + Item + "\"match\": {\"allOf\": [ {\"id\":\"a\",\"text\":[\"alpha\"]}, {\"text\":[\"beta\"],\"after\":\"a\",\"within\":2} ]}}");

        Assert.Null(Run(kb, "beta", "alpha").Diagnosis);                       // wrong order
        Assert.Null(Run(kb, "alpha beta").Diagnosis);                          // same line is not "after"
        Assert.Null(Run(kb, "alpha", "x", "x", "beta").Diagnosis);             // 3 lines later: too far
        var d = Run(kb, "alpha", "x", "beta").Diagnosis;
        Assert.Equal("T-1", d?.Id);
        Assert.Equal(new long[] { 1, 3 }, d!.EvidenceLines.Select(l => l.LineNumber));
        Assert.Equal(DiagnosisConfidence.High, d.Confidence);
    }

    [Fact]
    public void NotAfter_cancels_a_match_when_the_success_marker_follows()
    {
        var kb = Kb("{" + Item + "\"markers\": [ {\"id\":\"ok\",\"text\":[\"recovered\"]} ], \"match\": {\"text\":[\"trouble\"],\"notAfter\":\"ok\"}}");

        Assert.Null(Run(kb, "trouble", "recovered").Diagnosis);
        Assert.Equal("T-1", Run(kb, "recovered", "trouble").Diagnosis?.Id);
        Assert.Equal("T-1", Run(kb, "trouble", "recovered", "trouble again").Diagnosis?.Id);
    }

    [Fact]
    public void Stream_stage_provisioner_and_minCount_filter_lines()
    {
        var kb = Kb("{" + Item + "\"match\": {\"text\":[\"boom\"],\"stream\":[\"UiError\"],\"stage\":[\"Customize\"],\"provisioner\":[\"powershell\"],\"minCount\":2}}");
        string start = P + "[INFO] (telemetry) Starting provisioner powershell";

        Assert.Null(Run(kb, start, P + "ui error: boom").Diagnosis);                          // once only
        Assert.Null(Run(kb, start, P + "ui: boom", P + "ui: boom").Diagnosis);                 // wrong stream
        Assert.Null(Run(kb, P + "ui error: boom", P + "ui error: boom").Diagnosis);            // no provisioner, stage Unknown
        Assert.Null(Run(kb, P + "[INFO] (telemetry) Starting provisioner shell", P + "ui error: boom", P + "ui error: boom").Diagnosis);
        var d = Run(kb, start, P + "ui error: boom", P + "ui error: boom").Diagnosis;
        Assert.Equal("T-1", d?.Id);
        Assert.Equal(("powershell", 1), (d!.Provisioner, d.ProvisionerIndex));
    }

    [Fact]
    public void Input_separates_log_lines_from_service_messages()
    {
        var kb = Kb("{" + Item + "\"match\": {\"text\":[\"quota\"],\"input\":\"service\"}}");
        Assert.Null(Run(kb, "quota in the log").Diagnosis);
        var analyzer = new LogAnalyzer(new LogAnalyzerOptions { KnowledgeBase = kb });
        analyzer.AddServiceError("quota from the service");
        Assert.Equal("T-1", analyzer.GetSummary().Diagnosis?.Id);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{ \"unknown\": {\"title\":\"t\",\"cause\":\"c\",\"fix\":\"f\"}, \"failureSignals\": [], \"items\": [ {" + Item + "\"match\": {\"regex\":\"x\"}} ] }")]
    [InlineData("{ \"unknown\": {\"title\":\"t\",\"cause\":\"c\",\"fix\":\"f\"}, \"failureSignals\": [], \"items\": [ {" + Item + "\"match\": {\"text\":[\"x\"],\"after\":\"nope\"}} ] }")]
    [InlineData("{ \"unknown\": {\"title\":\"t\",\"cause\":\"c\",\"fix\":\"f\"}, \"failureSignals\": [], \"items\": [ {" + Item + "\"match\": {\"text\":[\"x\"],\"stage\":[\"Baking\"]}} ] }")]
    [InlineData("{ \"unknown\": {\"title\":\"t\",\"cause\":\"c\",\"fix\":\"f\"}, \"failureSignals\": [], \"items\": [ {" + Item + "\"match\": {\"text\":[\"x\"],\"regex\":\"(\"}} ] }")]
    [InlineData("{ \"unknown\": {\"title\":\"t\",\"cause\":\"c\",\"fix\":\"f\"}, \"failureSignals\": [], \"items\": [ {" + Item + "\"match\": {\"text\":[\"x\"]}}, {" + Item + "\"match\": {\"text\":[\"y\"]}} ] }")]
    [InlineData("{ \"failureSignals\": [], \"items\": [] }")]
    public void Invalid_knowledge_base_is_rejected_with_a_stable_error(string json)
    {
        var ex = Assert.Throws<AibException>(() => KnowledgeBase.Parse(json));
        Assert.Equal("LogKnowledgeBaseInvalid", ex.ErrorId);
        Assert.Equal(AibErrorCategory.InvalidData, ex.Category);
    }

    [Fact]
    public void Embedded_knowledge_base_loads()
    {
        var kb = KnowledgeBase.Default;
        Assert.Same(kb, KnowledgeBase.Default);
        Assert.Equal("AIB-038", kb.Find("aib-038")?.Id);
        Assert.Equal(Diagnosis.UnknownId, kb.Unknown.Id);
        Assert.Contains(kb.Items, i => i.Phase == FailurePhase.Submission);
    }
}
