using System.Diagnostics;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using IsolatedImageBuilds.Core.Logs;
using IsolatedImageBuilds.Core.Logs.Sources;

/// <summary>The same parse, fed from a blob service (Azurite) through the module's ranged blob reader.</summary>
internal static class BlobBench
{
    private const string BlobName = "bench/customization.log";

    /// <summary>Uploads the log, downloads it once without parsing, then reads and parses it <paramref name="repeat"/> times, each in a fresh process.</summary>
    public static int UploadAndMeasure(string path, string blobEndpoint, string account, string key, int? azuritePid, int repeat)
    {
        var container = new BlobContainerClient(new Uri(blobEndpoint.TrimEnd('/') + "/" + PersistedLogSource.ContainerName), new StorageSharedKeyCredential(account, key));
        container.CreateIfNotExists();
        var upload = Stopwatch.StartNew();
        container.GetBlobClient(BlobName).Upload(path, overwrite: true);
        Console.WriteLine($"uploaded   {new FileInfo(path).Length / 1048576.0:F1} MB to {container.Uri} in {upload.Elapsed.TotalSeconds:F1} s");
        // Measure in a fresh process: the upload's buffers must not count in the reader's peak working set.
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        foreach (string arg in new[] { Environment.GetCommandLineArgs()[0], "--read-blob", BlobName, "--azurite", blobEndpoint, "--account", account, "--key", key })
        {
            start.ArgumentList.Add(arg);
        }
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) != "dotnet") start.ArgumentList.RemoveAt(0);
        if (azuritePid is int pid)
        {
            start.ArgumentList.Add("--azurite-pid");
            start.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        // First the same ranges downloaded without parsing, in another fresh process: how fast Azurite serves them here,
        // the ceiling of the parse through it.
        var download = new ProcessStartInfo(start.FileName) { UseShellExecute = false };
        foreach (string arg in start.ArgumentList) download.ArgumentList.Add(arg == "--read-blob" ? "--download-blob" : arg);
        using (var plain = Process.Start(download)!) plain.WaitForExit();
        int exitCode = 0;
        for (int run = 0; run < repeat; run++)
        {
            using var child = Process.Start(start)!;
            child.WaitForExit();
            exitCode = Math.Max(exitCode, child.ExitCode);
        }
        container.GetBlobClient(BlobName).DeleteIfExists();
        return exitCode;
    }

    /// <summary>Downloads the blob as the reader does (its range and buffer sizes), one range after another, and throws the bytes away.</summary>
    public static int Download(string blobEndpoint, string account, string key, string blobName)
    {
        var container = new BlobContainerClient(new Uri(blobEndpoint.TrimEnd('/') + "/" + PersistedLogSource.ContainerName), new StorageSharedKeyCredential(account, key));
        var blob = container.GetBlobClient(blobName);
        long length = blob.GetProperties().Value.ContentLength;
        const int Range = 32 * 1024 * 1024; // PersistedLogSource's range size
        var buffer = new byte[1024 * 1024]; // and its buffers
        var sw = Stopwatch.StartNew();
        for (long offset = 0; offset < length; offset += Range)
        {
            using Stream content = blob.DownloadStreaming(new BlobDownloadOptions { Range = new HttpRange(offset, Math.Min(Range, length - offset)) }).Value.Content;
            while (content.Read(buffer, 0, buffer.Length) > 0) { }
        }
        Console.WriteLine($"download throughput {length / 1048576.0 / sw.Elapsed.TotalSeconds:F1} MB/s (Azurite, {Range / 1048576} MB ranges one after another, nothing parsed)");
        return 0;
    }

    public static int Read(string blobEndpoint, string account, string key, string blobName, int? azuritePid)
    {
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        long peakBefore = process.PeakWorkingSet64;
        TimeSpan readerCpuBefore = process.TotalProcessorTime;
        using Process? server = azuritePid is int pid ? Process.GetProcessById(pid) : null;
        TimeSpan serverCpuBefore = server?.TotalProcessorTime ?? TimeSpan.Zero;
        var sw = Stopwatch.StartNew();
        PersistedLogSource source = PersistedLogSource.OpenWithAccountKey(blobEndpoint, account, key, blobName);
        var analyzer = new LogAnalyzer();
        var feed = new LogFeed(analyzer);
        long entries = 0;
        foreach (LogEntry _ in source.Read(feed, CancellationToken.None)) entries++;
        entries += feed.Complete().Count;
        sw.Stop();
        process.Refresh();
        double mb = feed.ReceivedOffset / 1048576.0;
        Console.WriteLine($"parsed     {mb:F1} MB, {entries:N0} lines in {sw.Elapsed.TotalSeconds:F2} s (Azurite, PersistedLogSource ranged reads)");
        Console.WriteLine($"throughput {mb / sw.Elapsed.TotalSeconds:F1} MB/s");
        Console.WriteLine($"peak working set {process.PeakWorkingSet64 / 1048576.0:F1} MB (before reading {peakBefore / 1048576.0:F1} MB)");
        // Both processes share this machine's cores: how much CPU the read took on each side, against what the cores offer.
        if (server != null)
        {
            server.Refresh();
            double readerCpu = (process.TotalProcessorTime - readerCpuBefore).TotalSeconds;
            double serverCpu = (server.TotalProcessorTime - serverCpuBefore).TotalSeconds;
            Console.WriteLine($"cpu        reader {readerCpu:F1} s, Azurite {serverCpu:F1} s, in {sw.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores ({Environment.ProcessorCount * sw.Elapsed.TotalSeconds:F1} core-seconds)");
        }
        return entries > 0 ? 0 : 1;
    }
}
