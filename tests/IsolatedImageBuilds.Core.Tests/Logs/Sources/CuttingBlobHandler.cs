using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace IsolatedImageBuilds.Core.Tests.Logs.Sources;

/// <summary>
/// A blob service for one blob that answers ranged GETs and HEADs like Azure Storage, and cuts the first
/// <c>cuts</c> downloads after <c>cutAfterBytes</c> bytes (the connection drops mid-body).
/// </summary>
internal sealed class CuttingBlobHandler : HttpMessageHandler
{
    private readonly byte[] _blob;
    private int _cutsLeft;
    private readonly int _cutAfterBytes;

    public CuttingBlobHandler(byte[] blob, int cuts, int cutAfterBytes)
    {
        _blob = blob;
        _cutsLeft = cuts;
        _cutAfterBytes = cutAfterBytes;
    }

    public List<long> RangeStarts { get; } = new();
    public int CutsMade { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => Task.FromResult(Send(request, cancellationToken));

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.ETag = new EntityTagHeaderValue("\"0x8DC0FFEE\"");
        response.Headers.Add("x-ms-blob-type", "BlockBlob");
        response.Headers.Add("x-ms-version", "2025-01-05");
        if (request.Method == HttpMethod.Head)
        {
            response.Content = new ByteArrayContent(Array.Empty<byte>());
            response.Content.Headers.ContentLength = _blob.Length;
            response.Content.Headers.LastModified = DateTimeOffset.UtcNow;
            return response;
        }
        string? range = request.Headers.TryGetValues("x-ms-range", out var values) ? values.First() : request.Headers.Range?.ToString();
        Match m = Regex.Match(range ?? "bytes=0-", @"bytes=(\d+)-(\d*)");
        long start = long.Parse(m.Groups[1].Value);
        long end = m.Groups[2].Value.Length > 0 ? Math.Min(long.Parse(m.Groups[2].Value), _blob.Length - 1) : _blob.Length - 1;
        RangeStarts.Add(start);
        byte[] slice = _blob.AsSpan((int)start, (int)(end - start + 1)).ToArray();
        Stream body = new MemoryStream(slice);
        if (_cutsLeft > 0 && slice.Length > _cutAfterBytes)
        {
            _cutsLeft--;
            CutsMade++;
            body = new CutStream(slice, _cutAfterBytes);
        }
        response.StatusCode = HttpStatusCode.PartialContent;
        response.Content = new StreamContent(body);
        response.Content.Headers.ContentLength = slice.Length;
        response.Content.Headers.ContentRange = new ContentRangeHeaderValue(start, end, _blob.Length);
        response.Content.Headers.LastModified = DateTimeOffset.UtcNow;
        return response;
    }

    /// <summary>Gives the first bytes of the body, then fails as a reset connection does.</summary>
    private sealed class CutStream : Stream
    {
        private readonly byte[] _data;
        private readonly int _cutAt;
        private int _position;

        public CutStream(byte[] data, int cutAt) { _data = data; _cutAt = cutAt; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= _cutAt) throw new IOException("Connection reset by peer (cut by the test).");
            int n = Math.Min(count, _cutAt - _position);
            Array.Copy(_data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
