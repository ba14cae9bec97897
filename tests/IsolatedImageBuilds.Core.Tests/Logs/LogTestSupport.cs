using System.Text;
using IsolatedImageBuilds.Core.Logs;

namespace IsolatedImageBuilds.Core.Tests.Logs;

/// <summary>Paths and small helpers shared by the log tests.</summary>
internal static class LogTestSupport
{
    /// <summary>The folder holding IsolatedImageBuilds.sln, found by walking up from the test assembly.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared/reference/logs relative to the repository root (CI clones shared/ beside the repo).</summary>
    public static string ReferenceLogs => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "reference", "logs"));

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

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "IsolatedImageBuilds.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("IsolatedImageBuilds.sln not found above " + AppContext.BaseDirectory);
    }
}
