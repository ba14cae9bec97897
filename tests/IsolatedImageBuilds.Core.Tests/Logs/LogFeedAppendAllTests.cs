using System.Collections;
using System.Text;
using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

/// <summary>
/// <see cref="LogFeed.AppendAll"/> prepares lines on two threads: what it yields must be what the analyzer gives line by line on
/// one thread, in the same order, with the same numbers, redaction, stages and diagnosis.
/// </summary>
public class LogFeedAppendAllTests
{
    /// <summary>The real reference logs one after another, with lines that hold secrets between them (redacted on either thread).</summary>
    private static byte[] MixedLog()
    {
        var text = new StringBuilder();
        foreach (string file in Directory.GetFiles(LogTestSupport.ReferenceLogs, "*.log").Order(StringComparer.Ordinal))
        {
            text.Append(File.ReadAllText(file).TrimEnd('\n')).Append('\n');
            text.Append("[5e819c65-767c-4722-96c5-15db701d34b1] PACKER 2026/01/01 08:00:00 ui:     azure-arm: Downloading ")
                .Append("https://acct.blob.core.windows.net/a/tool.zip?sv=2022-11-02&sig=c2VjcmV0c2lnbmF0dXJl%3D\n");
            text.Append("[not-hex-id] PACKER OUT     azure-arm: ConvertTo-SecureString 'NotARealPassword' -AsPlainText -Force\r\n");
        }
        text.Append("[5e819c65-767c-4722-96c5-15db701d34b1] PACKER 2026/01/01 09:00:00 ui:     azure-arm: a last line without newline");
        return [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text.ToString())]; // with a byte order mark and a CRLF line
    }

    private static IEnumerable<ArraySegment<byte>> Chunks(byte[] bytes, int size)
    {
        var buffer = new byte[size]; // reused, as the readers do
        for (int at = 0; at < bytes.Length; at += size)
        {
            int n = Math.Min(size, bytes.Length - at);
            Array.Copy(bytes, at, buffer, 0, n);
            yield return new ArraySegment<byte>(buffer, 0, n);
        }
    }

    private static object Shape(LogEntry e)
        => (e.LineNumber, e.Raw, e.Message, e.OperationId, e.Time, e.Stream, e.Stage, e.Provisioner, e.ProvisionerIndex);

    private static (List<object> Entries, string Output) LineByLine(byte[] bytes)
    {
        var analyzer = new LogAnalyzer();
        var entries = new List<LogEntry>();
        foreach (string line in Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split('\n')) entries.Add(analyzer.Process(line.TrimEnd('\r')));
        return (entries.Select(Shape).ToList(), LogTestSupport.AllOutput(entries, analyzer.GetSummary()));
    }

    [Theory]
    [InlineData(997)]       // many small batches: the reading thread runs ahead and prepares some itself
    [InlineData(64 * 1024)] // the readers' chunk size
    public void Yields_what_the_analyzer_gives_line_by_line(int chunkSize)
    {
        byte[] bytes = MixedLog();
        var (expected, expectedOutput) = LineByLine(bytes);

        var analyzer = new LogAnalyzer();
        var feed = new LogFeed(analyzer);
        var entries = feed.AppendAll(Chunks(bytes, chunkSize)).ToList();
        long lastNewline = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        Assert.Equal(lastNewline, feed.ByteOffset);
        Assert.Equal(bytes.Length, feed.ReceivedOffset);
        entries.AddRange(feed.Complete());

        Assert.Equal(expected, entries.Select(Shape).ToList());
        Assert.Equal(expectedOutput, LogTestSupport.AllOutput(entries, analyzer.GetSummary()));
        Assert.DoesNotContain("NotARealPassword", expectedOutput);
        Assert.Contains(entries, e => e.Provisioner != null);
    }

    [Fact]
    public void A_caller_that_stops_early_gets_the_first_entries_and_ends_the_read()
    {
        byte[] bytes = MixedLog();
        var (expected, _) = LineByLine(bytes);
        var source = new WatchedChunks(Chunks(bytes, 997));

        var first = new LogFeed(new LogAnalyzer()).AppendAll(source).Take(25).ToList();

        Assert.Equal(expected.Take(25), first.Select(Shape));
        Assert.True(source.Disposed);
        Assert.True(source.Taken * 997 < bytes.Length / 2, $"{source.Taken} chunks read for 25 lines");
    }

    [Fact]
    public void Chunks_without_a_complete_line_yield_nothing_and_keep_the_partial_line()
    {
        var feed = new LogFeed(new LogAnalyzer());
        byte[] partial = Encoding.UTF8.GetBytes("[5e819c65-767c-4722-96c5-15db701d34b1] PACKER OUT no newline yet");

        Assert.Empty(feed.AppendAll([]));
        Assert.Empty(feed.AppendAll(Chunks(partial, 7)));
        Assert.Equal(0, feed.ByteOffset);
        Assert.Equal(partial.Length, feed.ReceivedOffset);
        Assert.Equal([(1L, "[5e819c65-767c-4722-96c5-15db701d34b1] PACKER OUT no newline yet")], feed.Complete().Select(e => (e.LineNumber, e.Raw)));
    }

    [Fact]
    public void A_line_filter_is_applied_in_log_order()
    {
        byte[] bytes = MixedLog();
        int seen = 0;
        var feed = new LogFeed(new LogAnalyzer(new LogAnalyzerOptions { Redact = false }), 0, line => seen++ % 2 == 0);
        var entries = feed.AppendAll(Chunks(bytes, 997)).Concat(feed.Complete()).ToList();

        var everyOther = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).Where((_, i) => i % 2 == 0).ToList();
        Assert.Equal(everyOther, entries.Select(e => e.Raw));
        Assert.Equal(Enumerable.Range(1, everyOther.Count).Select(i => (long)i), entries.Select(e => e.LineNumber));
    }

    /// <summary>Counts the chunks taken and sees the enumerator disposed.</summary>
    private sealed class WatchedChunks(IEnumerable<ArraySegment<byte>> inner) : IEnumerable<ArraySegment<byte>>
    {
        public int Taken { get; private set; }
        public bool Disposed { get; private set; }

        public IEnumerator<ArraySegment<byte>> GetEnumerator()
        {
            try
            {
                foreach (var chunk in inner)
                {
                    Taken++;
                    yield return chunk;
                }
            }
            finally
            {
                Disposed = true;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
