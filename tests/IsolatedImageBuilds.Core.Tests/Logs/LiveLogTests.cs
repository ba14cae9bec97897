using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

/// <summary>ACI live-log polling and the hand-over to the persisted blob.</summary>
public class LiveLogTests
{
    private static List<string> PersistedLog(int count) =>
        Enumerable.Range(1, count).Select(i => i % 7 == 0
            ? "[op] PACKER 2025/01/01 10:00:00 ui:" // repeated blank ui lines
            : $"[op] PACKER 2025/01/01 10:{i / 60 % 60:00}:{i % 60:00} ui:     azure-arm: step {i}").ToList();

    private static string AciLine(string line, int i) => $"2025-01-01T10:00:00.{i:000000000}Z {line}";

    [Fact]
    public void Growing_snapshots_yield_each_line_once_and_partial_lines_wait()
    {
        var persisted = PersistedLog(50);
        var live = persisted.Select(AciLine).ToList();
        var tracker = new LiveLogTracker();
        var emitted = new List<string>();

        emitted.AddRange(tracker.Update(string.Join("\n", live.Take(10)) + "\n" + live[10].Substring(0, 20))); // partial line 11
        Assert.Equal(live.Take(10), emitted);
        emitted.AddRange(tracker.Update(string.Join("\n", live.Take(10)) + "\n" + live[10].Substring(0, 20))); // nothing new
        Assert.Equal(10, emitted.Count);
        emitted.AddRange(tracker.Update(string.Join("\n", live.Take(30)) + "\n"));
        emitted.AddRange(tracker.Update(string.Join("\r\n", live.Take(45)) + "\r\n"));

        Assert.Equal(live.Take(45), emitted);
        Assert.False(tracker.GapDetected);
        Assert.Equal(45, tracker.EmittedCount);
    }

    [Fact]
    public void Tail_windows_that_overlap_yield_no_duplicates()
    {
        var live = PersistedLog(200).Select(AciLine).ToList();
        var tracker = new LiveLogTracker(anchorLines: 8);
        var emitted = new List<string>();
        // Each poll asks for the last 40 lines while 25 new ones arrived.
        for (int end = 25; end <= 200; end += 25)
        {
            emitted.AddRange(tracker.Update(string.Join("\n", live.Take(end).Skip(Math.Max(0, end - 40))) + "\n"));
        }
        Assert.Equal(live, emitted);
        Assert.False(tracker.GapDetected);
    }

    [Fact]
    public void Repeated_lines_without_timestamps_are_located_by_the_longest_overlap()
    {
        var tracker = new LiveLogTracker();
        Assert.Equal(new[] { "x", "y", "y" }, tracker.Update("x\ny\ny\n"));
        Assert.Equal(new[] { "y", "z" }, tracker.Update("x\ny\ny\ny\nz\n"));
        Assert.Equal(new[] { "y" }, tracker.Update("x\ny\ny\ny\nz\ny\n"));
    }

    [Fact]
    public void A_snapshot_that_no_longer_overlaps_reports_a_gap()
    {
        var tracker = new LiveLogTracker();
        tracker.Update("a\nb\n");
        Assert.Equal(new[] { "e", "f" }, tracker.Update("e\nf\n"));
        Assert.True(tracker.GapDetected);
    }

    [Fact]
    public void Final_snapshot_emits_the_unterminated_last_line()
    {
        var tracker = new LiveLogTracker();
        Assert.Equal(new[] { "a" }, tracker.Update("a\nb"));
        Assert.Equal(new[] { "b" }, tracker.Update("a\nb", final: true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(120)]
    [InlineData(299)]
    [InlineData(300)]
    public void Hand_over_to_the_persisted_log_has_no_gap_and_no_duplicate(int emittedLive)
    {
        var persisted = PersistedLog(300);
        var tracker = new LiveLogTracker(anchorLines: 16);
        var output = new List<string>();
        // Live lines carry ACI timestamps; compare them without.
        output.AddRange(tracker.Update(string.Concat(persisted.Take(emittedLive).Select((l, i) => AciLine(l, i) + "\n"))).Select(LogLineParser.StripAciTimestamp));

        var handOver = tracker.CreateHandOver();
        foreach (var line in persisted)
        {
            if (handOver.ShouldEmit(line)) output.Add(line);
        }

        Assert.True(handOver.AnchorFound);
        Assert.Equal(emittedLive, handOver.AnchorLineNumber);
        Assert.Equal(persisted, output);
    }

    [Fact]
    public void Hand_over_when_live_lines_are_not_in_the_persisted_log_says_so()
    {
        var tracker = new LiveLogTracker();
        tracker.Update("something else\n");
        var handOver = tracker.CreateHandOver();
        Assert.Empty(PersistedLog(20).Where(handOver.ShouldEmit).ToList());
        Assert.False(handOver.AnchorFound);
    }

    [Fact]
    public void A_shorter_anchor_finds_the_hand_over_when_the_live_log_had_extra_lines()
    {
        var persisted = PersistedLog(40);
        var tracker = new LiveLogTracker();
        tracker.Update(string.Join("\n", persisted.Take(20).Append("AIB service: uploading logs").Concat(persisted.Skip(20).Take(2))) + "\n");

        Assert.False(persisted.Where(tracker.CreateHandOver().ShouldEmit).Any());
        // Two lines: the blank "ui:" line 21 alone also occurs at line 7 and 14; with line 22 it is unique.
        var retry = tracker.CreateHandOver(anchorLines: 2);
        Assert.Equal(persisted.Skip(22), persisted.Where(retry.ShouldEmit));
        Assert.Equal(22, retry.AnchorLineNumber);
    }

    [Fact]
    public void Live_lines_and_persisted_continuation_parse_through_one_analyzer()
    {
        var persisted = new[]
        {
            "[op] PACKER 2025/01/01 10:00:00 [INFO] (telemetry) Starting provisioner shell",
            "[op] PACKER 2025/01/01 10:00:01 ui:     azure-arm: working",
            "[op] PACKER 2025/01/01 10:00:02 [INFO] (telemetry) ending shell",
            "[op] PACKER Done exporting Packer logs to Azure Storage.",
        };
        var analyzer = new LogAnalyzer();
        var tracker = new LiveLogTracker();
        var entries = tracker.Update(AciLine(persisted[0], 1) + "\n" + AciLine(persisted[1], 2) + "\n").Select(analyzer.Process).ToList();
        // The persisted blob is read as bytes, as the blob reader will; the hand-over filters its lines.
        var blob = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", persisted) + "\n"));
        var handOver = tracker.CreateHandOver();
        entries.AddRange(new LogStreamReader(blob, analyzer, lineFilter: handOver.ShouldEmit).ReadEntries());

        Assert.Equal(new long[] { 1, 2, 3, 4 }, entries.Select(e => e.LineNumber));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 10, 0, 1, TimeSpan.Zero), entries[1].Time); // Packer's time wins over ACI's
        Assert.Equal("shell", entries[2].Provisioner);
        Assert.True(analyzer.GetSummary().IsComplete);
    }
}
