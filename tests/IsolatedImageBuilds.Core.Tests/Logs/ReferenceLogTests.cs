using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

/// <summary>The real log excerpts in tests/reference/logs (see its README for what each shows).</summary>
public class ReferenceLogTests
{
    // What each reference log must yield: the cause's id, or "harmless:<id>" (no cause; that harmless item found).
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["docs-legacy_timeout-waiting-for-azure-resources.log"] = "AIB-029",
        ["docs_newer-ui-format_no-artifacts-and-skip-image.log"] = "harmless:AIB-035",
        ["gh-azure-compute-docs-pr179_2025-ui-format-apt-lists.log"] = "AIB-038",
        ["arm-async-operation-failed_PackerBuildFailed.json.txt"] = "AIB-011",
        ["gh-kkaminsk-W365Claw-customization2_2026-format.log"] = "AIB-011",
        ["gh-kkaminsk-W365Claw-customization5_2026-format.log"] = "AIB-011",
        ["gh-kkaminsk-W365Claw-customization6_2026-format.log"] = "AIB-011",
    };

    private static List<string> FileNames() =>
        Directory.GetFiles(LogTestSupport.ReferenceLogs)
            .Select(f => Path.GetFileName(f))
            .Where(f => !f.Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .Order()
            .ToList();

    public static TheoryData<string> Files() => new(FileNames());

    [Fact]
    public void Every_reference_log_has_an_expectation()
    {
        var files = FileNames();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(Expected.ContainsKey(f), f + " is new in tests/reference/logs: add its expected diagnosis here."));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_line_is_accounted_for(string name)
    {
        string path = Path.Combine(LogTestSupport.ReferenceLogs, name);
        var lines = File.ReadLines(path).ToList();
        using var reader = LogStreamReader.OpenFile(path);
        var entries = reader.ReadEntries().ToList();

        Assert.Equal(lines.Count, entries.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            Assert.Equal(i + 1, entries[i].LineNumber);
            // No secrets in these, so redaction leaves them as they are; the 2026 logs' "Password=*****" was masked
            // by Packer already, and a masked value is not a secret.
            Assert.Equal(lines[i], entries[i].Raw);
        }
        Assert.Equal(new FileInfo(path).Length, reader.ByteOffset);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Yields_the_expected_diagnosis(string name)
    {
        using var reader = LogStreamReader.OpenFile(Path.Combine(LogTestSupport.ReferenceLogs, name));
        var summary = reader.ReadSummary();
        string expected = Expected[name];

        if (expected.StartsWith("harmless:", StringComparison.Ordinal))
        {
            Assert.Null(summary.Diagnosis);
            Assert.Contains(summary.Findings, f => f.Id == expected.Substring(9) && f.Harmless);
            Assert.All(summary.Findings, f => Assert.True(f.Harmless, f.Id + " should not be found in " + name));
        }
        else
        {
            Assert.NotNull(summary.Diagnosis);
            Assert.Equal(expected, summary.Diagnosis!.Id);
            Assert.False(summary.Diagnosis.Harmless);
            Assert.NotEmpty(summary.Diagnosis.EvidenceLines);
        }
    }

    [Fact]
    public void Legacy_timeout_log_is_parsed_in_detail()
    {
        using var reader = LogStreamReader.OpenFile(Path.Combine(LogTestSupport.ReferenceLogs, "docs-legacy_timeout-waiting-for-azure-resources.log"));
        var entries = reader.ReadEntries().ToList();
        var summary = reader.Analyzer.GetSummary();

        Assert.Equal(LogStream.Other, entries[0].Stream); // the "# SOURCE" header
        var first = entries[1];
        Assert.Equal("a170b40d-2d77-4ac3-8719-72cdc35cf889", first.OperationId);
        Assert.Equal(LogStream.Out, first.Stream);
        Assert.StartsWith("Build 'azure-arm' errored: Future#WaitForCompletion", first.Message);
        Assert.Null(first.Time);

        var err = entries[4];
        Assert.Equal(LogStream.Err, err.Stream);
        Assert.Equal(new DateTimeOffset(2020, 4, 30, 22, 29, 23, TimeSpan.Zero), err.Time);
        Assert.StartsWith("machine readable: azure-arm,error", err.Message);

        Assert.Equal(LogStream.Out, entries[3].Stream);
        Assert.Equal(string.Empty, entries[3].Message); // "PACKER OUT " with nothing after it

        Assert.True(summary.IsComplete); // old "Done exporting ... for Packer prefix" marker
        Assert.True(summary.Failed);
        Assert.Equal("a170b40d-2d77-4ac3-8719-72cdc35cf889", summary.OperationId);
        Assert.Contains(summary.Findings, f => f.Id == "AIB-035" && f.Harmless);
        Assert.Equal(DiagnosisConfidence.High, summary.Diagnosis!.Confidence); // both the timeout and "no artifacts" lines
        Assert.Contains(summary.Diagnosis.EvidenceLines, l => l.LineNumber == 2);
    }

    [Fact]
    public void Newer_log_has_ui_lines_stages_and_completion()
    {
        using var reader = LogStreamReader.OpenFile(Path.Combine(LogTestSupport.ReferenceLogs, "docs_newer-ui-format_no-artifacts-and-skip-image.log"));
        var entries = reader.ReadEntries().ToList();
        var summary = reader.Analyzer.GetSummary();

        var ui = entries[1];
        Assert.Equal("<log_id>", ui.OperationId);
        Assert.Equal(LogStream.Ui, ui.Stream);
        Assert.Equal("Build 'azure-arm' finished after 3 minutes 13 seconds.", ui.Message);
        Assert.Equal(new DateTimeOffset(2023, 9, 14, 19, 1, 18, TimeSpan.Zero), ui.Time);

        Assert.Equal(LogStream.Ui, entries[2].Stream);
        Assert.Equal(string.Empty, entries[2].Message); // "ui:" with nothing after it
        Assert.Equal(LogStream.Out, entries[3].Stream); // "PACKER ==> Wait completed ..."
        Assert.Equal(LogStream.Err, entries[6].Stream); // "[INFO] (telemetry) Finalizing."

        var done = entries.Single(e => e.Message == "Done exporting Packer logs to Azure Storage.");
        Assert.Equal(LogStream.Other, done.Stream);

        var skip = entries.Single(e => e.Message.Contains("Skipping image creation"));
        Assert.Equal(BuildStage.CaptureDistribute, skip.Stage);
        var delete = entries.Single(e => e.Message.Contains("Deleting individual resources"));
        Assert.Equal(BuildStage.Cleanup, delete.Stage);

        Assert.True(summary.IsComplete);
        Assert.False(summary.Failed);
        Assert.Equal(BuildStage.Cleanup, summary.LastStage);
    }

    [Fact]
    public void Service_error_of_the_async_operation_is_diagnosed()
    {
        var analyzer = new LogAnalyzer();
        analyzer.AddServiceError("PackerBuildFailed: During the image build a failure has occurred. Packer build logs are at location /subscriptions/x/resourceGroups/IT_y/providers/Microsoft.Storage/storageAccounts/z/blobServices/default/containers/packerlogs/ef6ba98d/customization.log.");
        var summary = analyzer.GetSummary();
        Assert.True(summary.Failed);
        Assert.Equal("AIB-011", summary.Diagnosis!.Id);
        Assert.Equal(0, summary.Diagnosis.EvidenceLines.Single().LineNumber);
    }
}
