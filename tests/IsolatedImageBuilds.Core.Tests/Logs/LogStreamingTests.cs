using System.Text;
using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

/// <summary>Byte chunks, resumed downloads, UTF-8 across boundaries, tail.</summary>
public class LogStreamingTests
{
    // Multi-byte UTF-8 (2, 3 and 4 bytes), CRLF, an empty line, and no newline at the end.
    private const string Small =
        "[id-0000-0000] PACKER 2025/01/01 10:00:00 [INFO] (telemetry) Starting provisioner shell\n" +
        "[id-0000-0000] PACKER 2025/01/01 10:00:01 ui:     azure-arm: café ünïcode 日本語 🚀\r\n" +
        "\n" +
        "[id-0000-0000] PACKER OUT     azure-arm: ok\n" +
        "[id-0000-0000] PACKER 2025/01/01 10:00:02 [INFO] (telemetry) ending shell";

    private static readonly byte[] SmallBytes = Encoding.UTF8.GetBytes(Small);

    private static List<string> Expected() => Small.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

    private static List<LogEntry> Feed(byte[] bytes, params int[] cuts)
    {
        var feed = new LogFeed(new LogAnalyzer());
        var entries = new List<LogEntry>();
        int start = 0;
        foreach (int cut in cuts.Append(bytes.Length))
        {
            entries.AddRange(feed.Append(bytes, start, cut - start));
            start = cut;
        }
        entries.AddRange(feed.Complete());
        Assert.Equal(bytes.Length, feed.ByteOffset);
        return entries;
    }

    [Fact]
    public void Every_two_chunk_split_gives_the_same_entries()
    {
        var expected = Expected();
        for (int cut = 0; cut <= SmallBytes.Length; cut++)
        {
            var entries = Feed(SmallBytes, cut);
            Assert.Equal(expected, entries.Select(e => e.Raw));
            Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), entries.Select(e => e.LineNumber));
            Assert.Equal(("shell", 1), (entries[1].Provisioner, entries[1].ProvisionerIndex));
        }
    }

    [Fact]
    public void One_byte_chunks_give_the_same_entries()
    {
        var entries = Feed(SmallBytes, Enumerable.Range(1, SmallBytes.Length - 1).ToArray());
        Assert.Equal(Expected(), entries.Select(e => e.Raw));
    }

    [Fact]
    public void Only_complete_lines_are_emitted_and_the_offset_follows_them()
    {
        var feed = new LogFeed(new LogAnalyzer());
        var bytes = Encoding.UTF8.GetBytes("first\nsecond-partial");
        var entries = feed.Append(bytes);
        Assert.Equal(new[] { "first" }, entries.Select(e => e.Raw));
        Assert.Equal(6, feed.ByteOffset);
        Assert.Equal(bytes.Length, feed.ReceivedOffset);
        Assert.Equal(2, feed.NextLineNumber);

        Assert.Empty(feed.Append(Encoding.UTF8.GetBytes("-more")));
        var rest = feed.Append(Encoding.UTF8.GetBytes("\n"));
        Assert.Equal(new[] { "second-partial-more" }, rest.Select(e => e.Raw));
        Assert.Empty(feed.Complete());
    }

    [Fact]
    public void Resuming_at_every_committed_offset_in_a_new_feed_loses_and_repeats_nothing()
    {
        var expected = Expected();
        for (int cut = 0; cut <= SmallBytes.Length; cut++)
        {
            // First download stops after `cut` bytes; a new reader resumes from the checkpoint.
            var first = new LogFeed(new LogAnalyzer());
            var entries = first.Append(SmallBytes, 0, cut).ToList();
            long offset = first.ByteOffset;
            long nextLine = first.NextLineNumber;

            var resumed = new LogFeed(new LogAnalyzer(new LogAnalyzerOptions { FirstLineNumber = nextLine }), offset);
            entries.AddRange(resumed.Append(SmallBytes, (int)offset, SmallBytes.Length - (int)offset));
            entries.AddRange(resumed.Complete());

            Assert.Equal(expected, entries.Select(e => e.Raw));
            Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), entries.Select(e => e.LineNumber));
        }
    }

    [Fact]
    public void An_interrupted_range_continues_in_the_same_feed_from_the_received_offset()
    {
        var full = Feed(SmallBytes);
        var feed = new LogFeed(new LogAnalyzer());
        var entries = new List<LogEntry>();
        var random = new Random(7);
        while (feed.ReceivedOffset < SmallBytes.Length)
        {
            // Each "Range request" starts at ReceivedOffset and is cut after a random number of bytes.
            int start = (int)feed.ReceivedOffset;
            int length = Math.Min(random.Next(1, 20), SmallBytes.Length - start);
            entries.AddRange(feed.Append(SmallBytes, start, length));
        }
        entries.AddRange(feed.Complete());
        Assert.Equal(full.Select(e => (e.LineNumber, e.Raw, e.Stage, e.Provisioner)), entries.Select(e => (e.LineNumber, e.Raw, e.Stage, e.Provisioner)));
    }

    [Fact]
    public void A_larger_log_cut_at_random_points_gives_the_same_entries_and_summary()
    {
        var text = new System.Text.StringBuilder();
        for (int p = 1; p <= 20; p++)
        {
            text.Append("[op] PACKER 2025/01/01 10:").Append((p % 60).ToString("00")).Append(":00 [INFO] (telemetry) Starting provisioner shell\n");
            for (int i = 0; i < 500; i++) text.Append("[op] PACKER OUT     azure-arm: ligne ").Append(i).Append(" — données ✓ 😀\n");
            text.Append("[op] PACKER 2025/01/01 10:00:00 [INFO] (telemetry) ending shell\n");
        }
        text.Append("[op] PACKER 2025/01/01 11:00:00 ui error: ==> azure-arm: Script exited with non-zero exit status: 2. Allowed exit codes are: [0]");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());

        var expectedAnalyzer = new LogAnalyzer();
        var expected = new LogStreamReader(new MemoryStream(bytes), expectedAnalyzer).ReadEntries().Select(e => (e.LineNumber, e.Raw, e.Stage, e.Provisioner, e.ProvisionerIndex)).ToList();

        var random = new Random(42);
        var cuts = Enumerable.Range(0, 300).Select(_ => random.Next(1, bytes.Length)).Distinct().Order().ToArray();
        var analyzer = new LogAnalyzer();
        var feed = new LogFeed(analyzer);
        var actual = new List<LogEntry>();
        int start = 0;
        foreach (int cut in cuts.Append(bytes.Length))
        {
            actual.AddRange(feed.Append(bytes, start, cut - start));
            start = cut;
        }
        actual.AddRange(feed.Complete());

        Assert.Equal(expected, actual.Select(e => (e.LineNumber, e.Raw, e.Stage, e.Provisioner, e.ProvisionerIndex)));
        var a = analyzer.GetSummary();
        var b = expectedAnalyzer.GetSummary();
        Assert.Equal(b.Provisioners.Select(p => p.ToString()), a.Provisioners.Select(p => p.ToString()));
        Assert.Equal(("AIB-011", "shell", 20), (a.Diagnosis?.Id, a.Diagnosis?.Provisioner, a.Diagnosis?.ProvisionerIndex));
    }

    [Fact]
    public void Stream_reader_with_tiny_buffer_matches_text_reader()
    {
        var fromBytes = new LogStreamReader(new MemoryStream(SmallBytes), bufferSize: 16).ReadEntries().Select(e => e.Raw).ToList();
        var fromText = new LogStreamReader(new StringReader(Small)).ReadEntries().Select(e => e.Raw).ToList();
        Assert.Equal(Expected(), fromBytes);
        Assert.Equal(fromText, fromBytes);
    }

    [Fact]
    public void Reader_starting_mid_log_numbers_lines_from_the_checkpoint()
    {
        int offset = Small.IndexOf("[id-0000-0000] PACKER OUT", StringComparison.Ordinal);
        var tail = new MemoryStream(SmallBytes, Encoding.UTF8.GetByteCount(Small.Substring(0, offset)), SmallBytes.Length - Encoding.UTF8.GetByteCount(Small.Substring(0, offset)));
        var analyzer = new LogAnalyzer(new LogAnalyzerOptions { FirstLineNumber = 4 });
        var reader = new LogStreamReader(tail, analyzer, startByteOffset: SmallBytes.Length - tail.Length);
        var entries = reader.ReadEntries().ToList();
        Assert.Equal(new long[] { 4, 5 }, entries.Select(e => e.LineNumber));
        Assert.Equal(SmallBytes.Length, reader.ByteOffset);
    }

    [Fact]
    public void Tail_keeps_the_last_entries_and_the_summary_sees_all()
    {
        var text = string.Join("\n", Enumerable.Range(1, 1000).Select(i => "line " + i));
        var reader = new LogStreamReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var tail = reader.Tail(3);
        Assert.Equal(new[] { "line 998", "line 999", "line 1000" }, tail.Select(e => e.Raw));
        Assert.Equal(1000, reader.Analyzer.GetSummary().LineCount);

        Assert.Equal(2, new LogStreamReader(new StringReader("a\nb")).Tail(10).Count);
        Assert.Empty(new LogStreamReader(new StringReader("a\nb")).Tail(0));
    }

    [Fact]
    public void Bom_is_skipped_and_a_huge_line_is_truncated_but_counted_once()
    {
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        var huge = new string('x', LogFeed.MaxLineBytes + 10);
        var bytes = bom.Concat(Encoding.UTF8.GetBytes("first\n" + huge + "\nlast\n")).ToArray();
        var entries = new LogStreamReader(new MemoryStream(bytes)).ReadEntries().ToList();

        Assert.Equal(3, entries.Count);
        Assert.Equal("first", entries[0].Raw);
        Assert.StartsWith(new string('x', 1000), entries[1].Raw);
        Assert.EndsWith("[line truncated: 10 more bytes]", entries[1].Raw);
        Assert.Equal("last", entries[2].Raw);
    }

    [Fact]
    public void Reader_reads_once()
    {
        var reader = new LogStreamReader(new StringReader("a"));
        reader.ReadEntries().ToList();
        Assert.Throws<InvalidOperationException>(() => reader.ReadEntries());
    }
}
