using System.Globalization;
using System.Text;
using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

/// <summary>
/// Data-driven: every case in TestData/kb-cases.txt, rendered in each line generation, must give its expected
/// diagnosis; every knowledge-base item must have a case.
/// </summary>
public class KnowledgeBaseCaseTests
{
    public enum Generation
    {
        Newer,
        Legacy,
        AciLive,
        BarePaste,
    }

    private sealed record Case(string Name, string Expected, Dictionary<string, string> Keys, List<(string Kind, string Text)> Lines);

    // Synthetic cases, and cases built from the excerpts in Microsoft's troubleshooting article.
    private static readonly Lazy<List<Case>> Cases = new(() =>
        ReadCases(LogTestSupport.TestData("kb-cases.txt"))
            .Concat(ReadCases(LogTestSupport.TestData("kb-cases-docs.txt"), "docs: "))
            .Concat(ReadCases(LogTestSupport.TestData("kb-cases-issues.txt"), "issues: "))
            .ToList());

    public static TheoryData<string, Generation> All()
    {
        var data = new TheoryData<string, Generation>();
        foreach (var c in Cases.Value)
        {
            foreach (var g in Enum.GetValues<Generation>()) data.Add(c.Name, g);
        }
        return data;
    }

    [Fact]
    public void Every_knowledge_base_item_has_a_case()
    {
        var covered = Cases.Value.Select(c => c.Expected.Replace("harmless:", "")).ToHashSet();
        var missing = KnowledgeBase.Default.Items.Select(i => i.Id).Where(id => !covered.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "Items without a case in kb-cases.txt: " + string.Join(", ", missing));
        Assert.Contains(Diagnosis.UnknownId, covered);
    }

    [Fact]
    public void Knowledge_base_covers_at_least_30_items_of_the_troubleshooting_table()
    {
        var ids = KnowledgeBase.Default.Items.Select(i => i.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(ids.Count >= 30, ids.Count + " items");
        Assert.All(KnowledgeBase.Default.Items, i =>
        {
            Assert.Matches("^AIB-[0-9]{3}$", i.Id);
            Assert.False(string.IsNullOrWhiteSpace(i.Title + i.Cause + i.Fix));
        });
        Assert.Contains(KnowledgeBase.Default.Items, i => i.Id == "AIB-033" && i.Harmless);
        Assert.Contains(KnowledgeBase.Default.Items, i => i.Id == "AIB-035" && i.Harmless);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Case_gives_its_expected_diagnosis(string name, Generation generation)
    {
        var c = Cases.Value.Single(x => x.Name == name);
        int? timeout = c.Keys.TryGetValue("timeout", out var minutes) ? int.Parse(minutes, CultureInfo.InvariantCulture) : null;
        var analyzer = new LogAnalyzer(new LogAnalyzerOptions { BuildTimeoutInMinutes = timeout });
        var text = new StringBuilder();
        int second = 0;
        foreach (var (kind, line) in c.Lines)
        {
            if (kind == "svc") continue;
            text.Append(Render(kind, line, generation, second++)).Append('\n');
        }
        var reader = new LogStreamReader(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), analyzer);
        var entries = reader.ReadEntries().ToList();
        foreach (var (kind, line) in c.Lines.Where(l => l.Kind == "svc")) analyzer.AddServiceError(line);
        var summary = analyzer.GetSummary();

        Assert.Equal(c.Lines.Count(l => l.Kind != "svc"), entries.Count);
        string found = summary.Diagnosis?.Id ?? "none";
        string findings = string.Join(", ", summary.Findings.Select(f => f.Id));
        if (c.Expected.StartsWith("harmless:", StringComparison.Ordinal))
        {
            Assert.True(summary.Diagnosis is null, "expected no cause, got " + found);
            Assert.Contains(summary.Findings, f => f.Id == c.Expected.Substring(9) && f.Harmless);
        }
        else if (c.Expected == "none")
        {
            Assert.True(summary.Diagnosis is null, "expected no cause, got " + found);
        }
        else
        {
            Assert.True(c.Expected == found, $"expected {c.Expected}, got {found} (findings: {findings})");
            Assert.NotEmpty(summary.Diagnosis!.EvidenceLines);
            Assert.False(summary.Diagnosis.Harmless);
        }

        if (c.Keys.TryGetValue("provisioner", out var provisioner))
        {
            Assert.Equal(provisioner, summary.Diagnosis?.Provisioner + "#" + summary.Diagnosis?.ProvisionerIndex);
        }
        if (c.Keys.TryGetValue("stage", out var stage))
        {
            Assert.Equal(Enum.Parse<BuildStage>(stage), summary.Diagnosis?.Stage);
        }
        if (c.Keys.TryGetValue("last", out var last))
        {
            Assert.Equal(Enum.Parse<BuildStage>(last), summary.LastStage);
        }
        if (c.Keys.TryGetValue("absent", out var absent))
        {
            Assert.DoesNotContain(summary.Findings, f => f.Id == absent);
        }
    }

    private static string Render(string kind, string text, Generation generation, int second)
    {
        const string id = "[0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b]";
        string packerTime = "2025/03/18 20:42:" + (second % 60).ToString("00", CultureInfo.InvariantCulture);
        if (kind == "raw") return text;
        switch (generation)
        {
            case Generation.Legacy:
                return kind switch
                {
                    "ui" or "out" => $"{id} PACKER OUT {text}",
                    "uierr" => $"{id} PACKER ERR {text}",
                    "log" => $"{id} PACKER ERR {packerTime} {text}",
                    _ => throw new InvalidDataException(kind),
                };
            case Generation.BarePaste:
                return kind switch
                {
                    "ui" => $"{packerTime} ui: {text}",
                    "uierr" => $"{packerTime} ui error: {text}",
                    "log" => $"{packerTime} {text}",
                    "out" => text,
                    _ => throw new InvalidDataException(kind),
                };
            default:
                string line = kind switch
                {
                    "ui" => $"{id} PACKER {packerTime} ui: {text}",
                    "uierr" => $"{id} PACKER {packerTime} ui error: {text}",
                    "log" => $"{id} PACKER {packerTime} {text}",
                    "out" => $"{id} PACKER {text}",
                    _ => throw new InvalidDataException(kind),
                };
                return generation == Generation.AciLive ? $"2025-03-18T20:42:{second % 60:00}.123456789Z {line}" : line;
        }
    }

    private static List<Case> ReadCases(string path, string prefix = "")
    {
        var cases = new List<Case>();
        Case? current = null;
        foreach (var raw in File.ReadLines(path))
        {
            if (raw.StartsWith("#", StringComparison.Ordinal) || raw.Trim().Length == 0) continue;
            if (raw.StartsWith("=== ", StringComparison.Ordinal))
            {
                var parts = raw.Substring(4).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var keys = parts.Skip(1).Where(p => p.Contains('=')).ToDictionary(p => p.Split('=')[0], p => p.Split('=', 2)[1]);
                string name = prefix + string.Join(" ", parts);
                if (cases.Any(x => x.Name == name)) name += " (" + (cases.Count + 1) + ")";
                current = new Case(name, parts[0], keys, new List<(string, string)>());
                cases.Add(current);
                continue;
            }
            if (current == null) throw new InvalidDataException("Line before the first case: " + raw);
            int repeat = 1;
            string rest = raw;
            if (rest.StartsWith("*", StringComparison.Ordinal))
            {
                int space = rest.IndexOf(' ');
                repeat = int.Parse(rest.Substring(1, space - 1), CultureInfo.InvariantCulture);
                rest = rest.Substring(space + 1);
            }
            int split = rest.IndexOf(' ');
            string kind = split < 0 ? rest : rest.Substring(0, split);
            string text = split < 0 ? string.Empty : rest.Substring(split + 1);
            if (!new[] { "ui", "uierr", "log", "out", "raw", "svc" }.Contains(kind)) throw new InvalidDataException("Unknown line kind: " + raw);
            for (int i = 0; i < repeat; i++) current.Lines.Add((kind, text));
        }
        return cases;
    }
}
