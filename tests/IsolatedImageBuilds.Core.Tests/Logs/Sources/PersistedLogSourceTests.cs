using System.Text;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using IsolatedImageBuilds.Core.Logs;
using IsolatedImageBuilds.Core.Logs.Sources;

namespace IsolatedImageBuilds.Core.Tests.Logs.Sources;

public class PersistedLogSourceTests
{
    private static byte[] MakeLog(int lines)
    {
        var sb = new StringBuilder();
        for (int i = 1; i <= lines; i++)
        {
            sb.Append("[4f3c0d1e-0000-4000-8000-00000000abcd] PACKER 2025/03/01 10:").Append((i / 60 % 60).ToString("00")).Append(':').Append((i % 60).ToString("00"))
              .Append(" ui: line ").Append(i).Append(" — ünïcödé ✓ ").Append(new string('x', i % 97)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static List<string> ReadAll(CuttingBlobHandler handler, out LogFeed feed) => ReadAll(handler, out feed, new List<string>());

    private static List<string> ReadAll(CuttingBlobHandler handler, out LogFeed feed, List<string> verbose)
    {
        var options = new BlobClientOptions { Transport = new HttpClientTransport(handler) };
        options.Retry.MaxRetries = 0; // leave the resuming to PersistedLogSource, which the test is about
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        PersistedLogSource source = PersistedLogSource.OpenWithAccountKey("https://acct.blob.test/", "acct", Convert.ToBase64String(new byte[64]), "run-1/customization.log", options);
        source.RangeBytes = 2 * 1024 * 1024; // three ranges, each read into 1 MB buffers
        feed = new LogFeed(new LogAnalyzer(new LogAnalyzerOptions { Redact = false }));
        var lines = source.Read(feed, CancellationToken.None, verbose.Add).Select(e => e.LineNumber + ":" + e.Raw).ToList();
        lines.AddRange(feed.Complete().Select(e => e.LineNumber + ":" + e.Raw));
        return lines;
    }

    [Fact]
    public void A_download_cut_mid_way_resumes_at_its_offset_with_no_line_lost_or_repeated()
    {
        byte[] blob = MakeLog(60_000); // about 5.6 MB: three Range requests
        List<string> whole = ReadAll(new CuttingBlobHandler(blob, cuts: 0, cutAfterBytes: 0), out _);
        // The SDK's download stream resumes a cut itself, 5 times a stream: 14 cuts also reach the reader's own resuming.
        var cutter = new CuttingBlobHandler(blob, cuts: 14, cutAfterBytes: 77_777);
        var verbose = new List<string>();
        List<string> resumed = ReadAll(cutter, out LogFeed feed, verbose);

        Assert.Equal(60_000, whole.Count);
        Assert.Equal(whole, resumed);
        Assert.Equal(14, cutter.CutsMade);
        Assert.Equal(blob.Length, feed.ReceivedOffset);
        Assert.Contains(verbose, m => m.Contains("resuming there"));
        // Each resume asked for the byte right after the last one received.
        Assert.Equal(cutter.RangeStarts.Distinct().Count(), cutter.RangeStarts.Count);
        Assert.True(cutter.RangeStarts.Count >= 3 + 14, string.Join(",", cutter.RangeStarts));
    }
}
