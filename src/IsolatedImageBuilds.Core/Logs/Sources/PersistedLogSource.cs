using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using Log = IsolatedImageBuilds.Core.CommandNames.GetAibBuildLog;

namespace IsolatedImageBuilds.Core.Logs.Sources
{
    /// <summary>Where a persisted build log is and how it was reached.</summary>
    public sealed class PersistedLogLocation
    {
        public string StorageAccountId { get; set; } = string.Empty;
        public string StorageAccountName { get; set; } = string.Empty;
        public string BlobUri { get; set; } = string.Empty;
        /// <summary>The run's folder in packerlogs (a GUID; not the operation id).</summary>
        public string RunId { get; set; } = string.Empty;
        public string BlobName { get; set; } = string.Empty;
        public long Length { get; set; }
        public DateTimeOffset? LastModified { get; set; }
        /// <summary>EntraId (the connection's token, Storage Blob Data Reader) or AccountKey (listKeys).</summary>
        public string AuthMethod { get; set; } = string.Empty;
    }

    /// <summary>
    /// The persisted customization.log (or validation.log) of a run, in the staging storage account's
    /// packerlogs container. Signs in with the connection's Entra ID token first and falls back to the
    /// account key from listKeys; says which it used, and which role is missing when neither works.
    /// Reads in ranges, resuming at the byte offset after a cut, so no line is lost or repeated.
    /// </summary>
    public sealed class PersistedLogSource
    {
        public const string ContainerName = "packerlogs";
        // Ranges are read as streams, so their size costs no memory, and long ranges mean few requests. (Azurite also
        // hashes every range of 4 MB or less, which Azure does only when asked with x-ms-range-get-content-md5: in 4 MB
        // ranges, serving a 500 MB log cost Azurite 4 to 5 s of CPU, against about 1.3 s in these.)
        private const long DefaultRangeBytes = 32 * 1024 * 1024;
        private const int BufferBytes = 1024 * 1024; // two of them in memory: the one parsed and the one filling
        private const int FeedBytes = 64 * 1024; // entries are handed out per slice, so few are held at once
        private const int MaxResumes = 20;
        private readonly BlobContainerClient _container;

        private PersistedLogSource(AibConnection? connection, BlobContainerClient container, PersistedLogLocation location)
        {
            _container = container;
            Location = location;
        }

        public PersistedLogLocation Location { get; }

        /// <summary>Bytes asked for in one Range request (tests make it small, to cross ranges with a small blob).</summary>
        internal long RangeBytes { get; set; } = DefaultRangeBytes;

        /// <summary>Finds the staging storage account and the run's log blob, and signs in to it.</summary>
        public static async Task<PersistedLogSource> OpenAsync(AibConnection connection, string stagingResourceGroupId, string? runId,
            bool validationLog, Action<string>? verbose, CancellationToken cancellationToken)
        {
            (string accountId, string accountName, string blobEndpoint) =
                await FindStorageAccountAsync(connection, stagingResourceGroupId, cancellationToken).ConfigureAwait(false);
            var containerUri = new Uri(blobEndpoint.TrimEnd('/') + "/" + ContainerName);
            var failures = new List<string>();

            BlobContainerClient? container = await TryEntraIdAsync(connection, containerUri, failures, cancellationToken).ConfigureAwait(false);
            string auth = "EntraId";
            if (container == null)
            {
                container = await TryAccountKeyAsync(connection, accountId, accountName, containerUri, failures, cancellationToken)
                    .ConfigureAwait(false);
                auth = "AccountKey";
            }
            if (container == null)
            {
                throw new AibException(LogErrorIds.AccessDenied,
                    $"Cannot read the build logs in storage account {accountName}. " + string.Join(" ", failures)
                    + " Grant the signed-in identity 'Storage Blob Data Reader' on the account (or its packerlogs container),"
                    + " or a role with Microsoft.Storage/storageAccounts/listkeys/action.",
                    accountId);
            }
            string credential = auth == "EntraId" ? "the connection's Entra ID token" : "the account key from listKeys";
            verbose?.Invoke($"Reading logs of {accountName} with {credential}.");

            string fileName = validationLog ? "validation.log" : "customization.log";
            BlobItem blob = await FindRunBlobAsync(container, runId, fileName, cancellationToken).ConfigureAwait(false);
            var location = new PersistedLogLocation
            {
                StorageAccountId = accountId,
                StorageAccountName = accountName,
                BlobName = blob.Name,
                RunId = blob.Name.Split('/')[0],
                BlobUri = container.GetBlobClient(blob.Name).Uri.ToString(),
                Length = blob.Properties.ContentLength ?? 0,
                LastModified = blob.Properties.LastModified,
                AuthMethod = auth,
            };
            return new PersistedLogSource(connection, container, location);
        }

        /// <summary>
        /// A log blob read directly with the storage account's key (a copy kept elsewhere, a benchmark):
        /// <paramref name="blobEndpoint"/> is the account's blob endpoint, <paramref name="blobName"/> the path in packerlogs.
        /// </summary>
        public static PersistedLogSource OpenWithAccountKey(string blobEndpoint, string accountName, string accountKey, string blobName)
            => OpenWithAccountKey(blobEndpoint, accountName, accountKey, blobName, null);

        internal static PersistedLogSource OpenWithAccountKey(string blobEndpoint, string accountName, string accountKey, string blobName,
            BlobClientOptions? options)
        {
            var container = new BlobContainerClient(
                new Uri(blobEndpoint.TrimEnd('/') + "/" + ContainerName),
                new StorageSharedKeyCredential(accountName, accountKey),
                options ?? new BlobClientOptions());
            var location = new PersistedLogLocation
            {
                StorageAccountName = accountName,
                BlobName = blobName,
                RunId = blobName.Split('/')[0],
                BlobUri = container.GetBlobClient(blobName).Uri.ToString(),
                AuthMethod = "AccountKey",
            };
            return new PersistedLogSource(null, container, location);
        }

        /// <summary>The blob's current length (it grows while the build runs).</summary>
        public long CurrentLength(CancellationToken cancellationToken)
            => _container.GetBlobClient(Location.BlobName).GetProperties(cancellationToken: cancellationToken).Value.ContentLength;

        /// <summary>
        /// Reads from the feed's received offset to the blob's end and hands out entries as the caller consumes them.
        /// The blob comes in long Range requests read as streams, one buffer at a time: the next buffer fills while the
        /// current one is parsed, so memory stays flat (two buffers) whatever the range size. A cut download resumes at the
        /// offset already received.
        /// </summary>
        public IEnumerable<LogEntry> Read(LogFeed feed, CancellationToken cancellationToken, Action<string>? verbose = null)
            => feed.AppendAll(Chunks(feed.ReceivedOffset, cancellationToken, verbose));

        /// <summary>The blob from <paramref name="offset"/>, in slices of the filled buffer; the feed decodes each before asking for the next.</summary>
        private IEnumerable<ArraySegment<byte>> Chunks(long offset, CancellationToken cancellationToken, Action<string>? verbose)
        {
            long end = CurrentLength(cancellationToken);
            if (offset >= end) yield break;
            var buffers = new[] { new byte[BufferBytes], new byte[BufferBytes] };
            using (var download = new RangedDownload(_container.GetBlobClient(Location.BlobName), offset, end, RangeBytes))
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                int turn = 0;
                Task<FilledBuffer>? pending = StartFill(download, buffers[turn], stop.Token);
                try
                {
                    while (pending != null)
                    {
                        FilledBuffer filled = pending.GetAwaiter().GetResult();
                        if (filled.Count == 0) break; // the blob gave nothing more (it was replaced by a shorter one)
                        turn ^= 1;
                        pending = download.Done ? null : StartFill(download, buffers[turn], stop.Token);
                        foreach (string message in filled.Resumes) verbose?.Invoke(message); // on the caller's thread
                        for (int at = 0; at < filled.Count; at += FeedBytes)
                        {
                            yield return new ArraySegment<byte>(filled.Buffer, at, Math.Min(FeedBytes, filled.Count - at));
                        }
                    }
                }
                finally
                {
                    // The caller stopped early or failed: end the read-ahead before its buffer and stream go away.
                    stop.Cancel();
                    try { pending?.Wait(); }
                    catch (AggregateException) { }
                }
            }
        }

        private sealed class FilledBuffer
        {
            public FilledBuffer(byte[] buffer, int count, List<string> resumes) { Buffer = buffer; Count = count; Resumes = resumes; }
            public byte[] Buffer { get; }
            public int Count { get; }
            public List<string> Resumes { get; }
        }

        private static Task<FilledBuffer> StartFill(RangedDownload download, byte[] buffer, CancellationToken cancellationToken)
            => Task.Run(() => download.Fill(buffer, cancellationToken), cancellationToken);

        /// <summary>
        /// The blob from an offset to an end, as a sequence of Range requests whose responses are read as they arrive.
        /// Used by one fill at a time (the next starts after the last has ended), so it needs no lock.
        /// </summary>
        private sealed class RangedDownload : IDisposable
        {
            private readonly BlobClient _blob;
            private readonly long _rangeBytes;
            private long _end;
            private long _offset;
            private long _rangeStart;
            private Stream? _content;
            private int _resumes;

            public RangedDownload(BlobClient blob, long offset, long end, long rangeBytes)
            {
                _blob = blob;
                _rangeBytes = rangeBytes;
                _offset = offset;
                _end = end;
            }

            public bool Done => _offset >= _end;

            /// <summary>Fills <paramref name="buffer"/> from the next byte (less at the end), resuming a cut download after the bytes received.</summary>
            public FilledBuffer Fill(byte[] buffer, CancellationToken cancellationToken)
            {
                var messages = new List<string>();
                int received = 0;
                while (received < buffer.Length && !Done)
                {
                    if (_content == null)
                    {
                        try
                        {
                            var range = new HttpRange(_offset, Math.Min(_rangeBytes, _end - _offset));
                            _content = _blob.DownloadStreaming(new BlobDownloadOptions { Range = range }, cancellationToken).Value.Content;
                            _rangeStart = _offset;
                        }
                        catch (Exception ex) when (IsCut(ex) && _resumes < MaxResumes)
                        {
                            _resumes++;
                            messages.Add($"Reading the log failed at byte {_offset} ({ex.Message}); resuming there.");
                            continue;
                        }
                    }
                    int read;
                    try
                    {
                        read = _content.Read(buffer, received, buffer.Length - received);
                    }
                    catch (Exception ex) when (IsCut(ex) && _resumes < MaxResumes)
                    {
                        _resumes++;
                        messages.Add($"The log download was cut at byte {_offset} ({ex.Message}); resuming there.");
                        CloseRange();
                        continue;
                    }
                    if (read == 0)
                    {
                        // The range ended (at its end, or early: the next range starts after what it gave). A range that
                        // gave nothing means the blob is shorter than it was.
                        if (_offset == _rangeStart) _end = _offset;
                        CloseRange();
                        continue;
                    }
                    received += read;
                    _offset += read;
                }
                return new FilledBuffer(buffer, received, messages);
            }

            private void CloseRange()
            {
                _content?.Dispose();
                _content = null;
            }

            public void Dispose() => CloseRange();
        }

        private static bool IsCut(Exception ex)
            => ex is IOException || (ex is RequestFailedException rfe && (rfe.Status == 0 || rfe.Status >= 500)) || ex is AggregateException;

        private static async Task<(string Id, string Name, string BlobEndpoint)> FindStorageAccountAsync(AibConnection connection,
            string stagingResourceGroupId, CancellationToken cancellationToken)
        {
            string list = stagingResourceGroupId.TrimEnd('/') + "/providers/Microsoft.Storage/storageAccounts";
            ArmResponse response = await connection.Arm.SendAsync(ArmRequest.Get(list, ArmApiVersions.Storage), cancellationToken)
                .ConfigureAwait(false);
            JsonNode? account = (response.Json?["value"] as JsonArray)?.FirstOrDefault(a => a?["properties"]?["primaryEndpoints"]?["blob"] != null);
            if (account == null)
            {
                throw new AibException(LogErrorIds.StorageNotFound,
                    $"The staging resource group {stagingResourceGroupId} holds no storage account:"
                    + $" the template has not run yet, or the group was emptied. Run the build first, or read a downloaded log with -{Log.Path}.",
                    stagingResourceGroupId);
            }
            return (
                account["id"]!.GetValue<string>(),
                account["name"]!.GetValue<string>(),
                account["properties"]!["primaryEndpoints"]!["blob"]!.GetValue<string>());
        }

        private static async Task<BlobContainerClient?> TryEntraIdAsync(AibConnection connection, Uri containerUri, List<string> failures,
            CancellationToken cancellationToken)
        {
            if (containerUri.Scheme != Uri.UriSchemeHttps)
            {
                failures.Add("Entra ID: the blob endpoint is not https, and tokens are only sent over https.");
                return null;
            }
            try
            {
                var container = new BlobContainerClient(containerUri, connection.Credential, BlobOptions(connection));
                await container.GetBlobsAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1)
                    .GetAsyncEnumerator(cancellationToken).MoveNextAsync().ConfigureAwait(false);
                return container;
            }
            catch (RequestFailedException ex) when (ex.Status == 403 || ex.Status == 401)
            {
                failures.Add(ex.Status == 403
                    ? "Entra ID: the identity lacks 'Storage Blob Data Reader' on the account (" + ex.ErrorCode + ")."
                    : "Entra ID: the token was not accepted (" + ex.ErrorCode + "; an -" + CommandNames.ConnectAibAccount.AccessToken
                        + " for ARM is not valid for storage).");
                return null;
            }
            catch (Exception ex) when (ex is Azure.Identity.AuthenticationFailedException
                || ex is InvalidOperationException || ex is ArgumentException)
            {
                failures.Add("Entra ID: no storage token (" + ex.Message.Split('\n')[0] + ").");
                return null;
            }
        }

        private static async Task<BlobContainerClient?> TryAccountKeyAsync(AibConnection connection, string accountId, string accountName,
            Uri containerUri, List<string> failures, CancellationToken cancellationToken)
        {
            try
            {
                var request = new ArmRequest("POST", accountId + "/listKeys", ArmApiVersions.Storage) { Idempotent = true };
                ArmResponse keys = await connection.Arm.SendAsync(request, cancellationToken).ConfigureAwait(false);
                string? key = keys.Json.Items("keys").FirstOrDefault().Str("value");
                if (key == null)
                {
                    failures.Add("Account key: listKeys returned no key.");
                    return null;
                }
                var container = new BlobContainerClient(containerUri, new StorageSharedKeyCredential(accountName, key), BlobOptions(connection));
                await container.GetBlobsAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1)
                    .GetAsyncEnumerator(cancellationToken).MoveNextAsync().ConfigureAwait(false);
                return container;
            }
            catch (AibArmException ex) when (ex.Status == 403 || ex.Status == 409)
            {
                failures.Add($"Account key: listKeys refused ({ex.ArmCode}); it needs Microsoft.Storage/storageAccounts/listkeys/action,"
                    + " and shared-key access must be allowed on the account.");
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status == 403 || ex.Status == 401)
            {
                failures.Add("Account key: refused by the storage account (" + ex.ErrorCode + "; shared-key access may be disabled).");
                return null;
            }
        }

        private static async Task<BlobItem> FindRunBlobAsync(BlobContainerClient container, string? runId, string fileName,
            CancellationToken cancellationToken)
        {
            BlobItem? newest = null;
            string? prefix = string.IsNullOrEmpty(runId) ? null : runId!.Trim('/') + "/";
            AsyncPageable<BlobItem> blobs = container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken);
            await foreach (BlobItem item in blobs.ConfigureAwait(false))
            {
                if (!item.Name.EndsWith("/" + fileName, StringComparison.OrdinalIgnoreCase)) continue;
                if (newest == null || item.Properties.LastModified > newest.Properties.LastModified) newest = item;
            }
            if (newest == null)
            {
                throw new AibException(LogErrorIds.NotFound,
                    runId == null
                        ? $"No {fileName} in the packerlogs container yet: the build has not started writing its log."
                            + $" Wait for the build to reach Building, or use -{Log.Follow}."
                        : $"No {fileName} for run '{runId}' in packerlogs. Give -{Log.RunId} one of the run folders of the packerlogs container.",
                    runId ?? ContainerName);
            }
            return newest;
        }

        private static BlobClientOptions BlobOptions(AibConnection connection)
        {
            var options = new BlobClientOptions();
            options.Retry.MaxRetries = 5;
            options.Diagnostics.ApplicationId = "IsolatedImageBuilds";
            return options;
        }
    }
}
