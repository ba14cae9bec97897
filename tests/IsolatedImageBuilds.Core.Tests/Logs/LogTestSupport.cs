using System.Text;
using IsolatedImageBuilds.Core.Logs;

namespace IsolatedImageBuilds.Core.Tests.Logs;

/// <summary>Paths and small helpers shared by the log tests.</summary>
internal static class LogTestSupport
{
    public static string RepoRoot => TestPaths.RepoRoot;

    /// <summary>tests/reference/logs: the vendored real logs.</summary>
    public static string ReferenceLogs => TestPaths.ReferenceLogs;

    public static string TestData(string name) => Path.Combine(RepoRoot, "tests", "IsolatedImageBuilds.Core.Tests", "Logs", "TestData", name);

    /// <summary>Runs text through a fresh analyzer, line by line.</summary>
    public static (List<LogEntry> Entries, LogSummary Summary) Analyze(string text, bool redact = true)
    {
        var analyzer = new LogAnalyzer(new LogAnalyzerOptions { Redact = redact });
        var reader = new LogStreamReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), analyzer);
        var entries = reader.ReadEntries().ToList();
        return (entries, analyzer.GetSummary());
    }

    /// <summary>Every string a user could see: all entry fields, the summary and each diagnosis.</summary>
    public static string AllOutput(IEnumerable<LogEntry> entries, LogSummary summary)
    {
        var sb = new StringBuilder();
        foreach (var e in entries)
        {
            sb.Append(e.Raw).Append('\n').Append(e.Message).Append('\n').Append(e.OperationId).Append('\n').Append(e.Provisioner).Append('\n');
        }
        sb.Append(summary.OperationId).Append('\n');
        foreach (var d in summary.Findings.Concat(summary.Diagnosis is null ? [] : [summary.Diagnosis]))
        {
            sb.Append(d.Id).Append(d.Title).Append(d.Cause).Append(d.Fix).Append(d.Provisioner).Append('\n');
            foreach (var line in d.EvidenceLines) sb.Append(line.Text).Append('\n');
        }
        return sb.ToString();
    }

}
