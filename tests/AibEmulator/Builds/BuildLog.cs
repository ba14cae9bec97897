using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace AibEmulator.Builds;

/// <summary>A run's customization.log (or validation.log): kept in memory (the ACI container-logs endpoint
/// serves it while the container group exists) and appended to the append blob packerlogs/&lt;folder&gt;/&lt;name&gt;
/// in the staging storage account (Azurite), so the blob grows as the build proceeds.</summary>
public sealed class BuildLog
{
    private readonly List<(DateTimeOffset At, string Text)> _lines = new();
    private readonly SemaphoreSlim _blobGate = new(1, 1);
    private AppendBlobClient? _blob;

    public string? BlobUrl => _blob?.Uri.ToString();

    public List<(DateTimeOffset At, string Text)> Snapshot()
    {
        lock (_lines) return _lines.ToList();
    }

    /// <summary>Creates the container and the append blob (throws if Azurite is unreachable).</summary>
    public async Task AttachBlob(string blobEndpoint, string account, string key, string folder, CancellationToken token, string name = "customization.log")
    {
        var service = new BlobServiceClient(new Uri(blobEndpoint), new StorageSharedKeyCredential(account, key));
        var container = service.GetBlobContainerClient("packerlogs");
        await container.CreateIfNotExistsAsync(cancellationToken: token);
        var blob = container.GetAppendBlobClient($"{folder}/{name}");
        await blob.CreateIfNotExistsAsync(cancellationToken: token);
        _blob = blob;
        List<string> earlier;
        lock (_lines) earlier = _lines.Select(l => l.Text).ToList();
        if (earlier.Count > 0) await Upload(earlier, token);
    }

    public async Task Append(IEnumerable<string> lines, CancellationToken token = default)
    {
        // A Packer message that starts with a line break ("\n==> ...") arrives as one text: keep its two lines.
        var batch = lines.SelectMany(l => l.Split('\n')).ToList();
        if (batch.Count == 0) return;
        var now = DateTimeOffset.UtcNow;
        lock (_lines) _lines.AddRange(batch.Select(l => (now, l)));
        if (_blob is not null) await Upload(batch, token);
    }

    private async Task Upload(List<string> batch, CancellationToken token)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Concat(batch.Select(l => l + "\n")));
        await _blobGate.WaitAsync(CancellationToken.None);
        try
        {
            for (var offset = 0; offset < bytes.Length; offset += 4 * 1024 * 1024)
            {
                using var chunk = new MemoryStream(bytes, offset, Math.Min(4 * 1024 * 1024, bytes.Length - offset));
                await _blob!.AppendBlockAsync(chunk, cancellationToken: CancellationToken.None);
            }
        }
        finally { _blobGate.Release(); }
    }
}
