using System;
using System.Collections.Generic;
using System.IO;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// Reads a build log from a <see cref="Stream"/> (bytes, with resumable offsets) or a <see cref="TextReader"/>
    /// one line at a time: entries are yielded as they are parsed and nothing keeps the whole log.
    /// </summary>
    public sealed class LogStreamReader : IDisposable
    {
        public const int DefaultBufferSize = 64 * 1024;

        private readonly Stream? _stream;
        private readonly TextReader? _text;
        private readonly LogFeed? _feed;
        private readonly int _bufferSize;
        private readonly bool _ownsSource;
        private bool _read;

        /// <param name="stream">The log bytes, positioned at <paramref name="startByteOffset"/> of the log.</param>
        /// <param name="analyzer">The engine (options: redaction, first line number); null for defaults.</param>
        /// <param name="startByteOffset">Offset in the log where <paramref name="stream"/> begins (a Range start).</param>
        /// <param name="bufferSize">Bytes read at a time.</param>
        /// <param name="ownsStream">Dispose the stream with this reader.</param>
        /// <param name="lineFilter">Lines for which it returns false are skipped, e.g. <see cref="LogHandOver.ShouldEmit"/>.</param>
        public LogStreamReader(Stream stream, LogAnalyzer? analyzer = null, long startByteOffset = 0, int bufferSize = DefaultBufferSize,
            bool ownsStream = false, Func<string, bool>? lineFilter = null)
        {
            _ownsSource = ownsStream;
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            if (bufferSize < 16) throw new ArgumentOutOfRangeException(nameof(bufferSize));
            Analyzer = analyzer ?? new LogAnalyzer();
            _feed = new LogFeed(Analyzer, startByteOffset, lineFilter);
            _bufferSize = bufferSize;
        }

        public LogStreamReader(TextReader reader, LogAnalyzer? analyzer = null, bool ownsReader = false)
        {
            _ownsSource = ownsReader;
            _text = reader ?? throw new ArgumentNullException(nameof(reader));
            Analyzer = analyzer ?? new LogAnalyzer();
        }

        /// <summary>Opens a log file (shared read, so a file still being written can be read).</summary>
        public static LogStreamReader OpenFile(string path, LogAnalyzer? analyzer = null)
        {
            var stream = new FileStream(
                path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, DefaultBufferSize, FileOptions.SequentialScan);
            return new LogStreamReader(stream, analyzer, ownsStream: true);
        }

        public LogAnalyzer Analyzer { get; }

        /// <summary>Offset after the last complete line read (stream mode; -1 when reading text).</summary>
        public long ByteOffset => _feed?.ByteOffset ?? -1;

        /// <summary>Yields every entry in order. Can be enumerated once.</summary>
        public IEnumerable<LogEntry> ReadEntries()
        {
            if (_read) throw new InvalidOperationException("The log has already been read.");
            _read = true;
            return _feed != null ? ReadStream() : ReadText();
        }

        /// <summary>Reads the whole log and returns only its last <paramref name="count"/> entries; the summary still covers every line.</summary>
        public IReadOnlyList<LogEntry> Tail(int count)
        {
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
            var ring = new LogEntry[count];
            long seen = 0;
            foreach (var entry in ReadEntries())
            {
                if (count > 0) ring[seen % count] = entry;
                seen++;
            }
            int kept = (int)Math.Min(seen, count);
            var result = new LogEntry[kept];
            for (int i = 0; i < kept; i++) result[i] = ring[(seen - kept + i) % count];
            return result;
        }

        /// <summary>Reads the whole log and returns the timeline and diagnosis.</summary>
        public LogSummary ReadSummary()
        {
            foreach (var _ in ReadEntries()) { }
            return Analyzer.GetSummary();
        }

        public void Dispose()
        {
            if (!_ownsSource) return;
            _stream?.Dispose();
            _text?.Dispose();
        }

        private IEnumerable<LogEntry> ReadStream()
        {
            foreach (LogEntry entry in _feed!.AppendAll(Chunks())) yield return entry;
            foreach (LogEntry entry in _feed!.Complete()) yield return entry;
        }

        /// <summary>The stream in chunks of one buffer, reused: the feed decodes each before asking for the next.</summary>
        private IEnumerable<ArraySegment<byte>> Chunks()
        {
            var buffer = new byte[_bufferSize];
            int n;
            while ((n = _stream!.Read(buffer, 0, buffer.Length)) > 0) yield return new ArraySegment<byte>(buffer, 0, n);
        }

        private IEnumerable<LogEntry> ReadText()
        {
            string? line;
            while ((line = _text!.ReadLine()) != null)
            {
                yield return Analyzer.Process(line);
            }
        }
    }
}
