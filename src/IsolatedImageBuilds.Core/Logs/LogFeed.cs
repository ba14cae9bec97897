using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// Turns a log arriving as byte chunks (blob Range responses, a file, a stream) into entries. Only complete
    /// lines are emitted; a trailing partial line is held back until its newline arrives or <see cref="Complete()"/>
    /// is called. Splitting on the '\n' byte is safe for UTF-8 (it never occurs inside a multi-byte character), so
    /// characters split across chunks decode correctly. Memory: the pending partial line only (at most
    /// <see cref="MaxLineBytes"/>).
    /// </summary>
    public sealed class LogFeed
    {
        /// <summary>Longest line kept; the rest of a longer line is dropped and the entry says so (the line still counts once).</summary>
        public const int MaxLineBytes = 1024 * 1024;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        private byte[] _pending = new byte[256];
        private int _pendingLength;
        private long _droppedBytes;
        private bool _atStart;
        private readonly List<LogEntry> _batch = new List<LogEntry>();

        private readonly Func<string, bool>? _lineFilter;

        /// <param name="analyzer">The engine that receives the lines.</param>
        /// <param name="startByteOffset">Byte offset in the log of the first byte that will be appended (a resumed download's Range start).</param>
        /// <param name="lineFilter">Lines for which it returns false are skipped (offsets still advance), e.g. <see cref="LogHandOver.ShouldEmit"/>.</param>
        public LogFeed(LogAnalyzer analyzer, long startByteOffset = 0, Func<string, bool>? lineFilter = null)
        {
            Analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));
            _lineFilter = lineFilter;
            if (startByteOffset < 0) throw new ArgumentOutOfRangeException(nameof(startByteOffset));
            ByteOffset = startByteOffset;
            ReceivedOffset = startByteOffset;
            _atStart = startByteOffset == 0;
        }

        public LogAnalyzer Analyzer { get; }

        /// <summary>Offset just after the last complete line: where a fresh reader (new feed) resumes without losing or repeating a line.</summary>
        public long ByteOffset { get; private set; }

        /// <summary>Offset after the last byte appended: where the next Range request of this same feed starts.</summary>
        public long ReceivedOffset { get; private set; }

        /// <summary>The line number the next complete line will get.</summary>
        public long NextLineNumber => Analyzer.NextLineNumber;

        /// <summary>Appends a chunk and returns the entries of the lines it completed (possibly none).</summary>
        public IReadOnlyList<LogEntry> Append(byte[] buffer, int offset, int count)
        {
            _batch.Clear();
            Append(buffer, offset, count, _batch.Add);
            return _batch.ToArray();
        }

        /// <summary>Appends a whole chunk.</summary>
        public IReadOnlyList<LogEntry> Append(byte[] chunk) => Append(chunk ?? throw new ArgumentNullException(nameof(chunk)), 0, chunk.Length);

        /// <summary>Appends a chunk and hands each completed entry to <paramref name="sink"/> (no list allocated).</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Append(byte[] buffer, int offset, int count, Action<LogEntry> sink)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (sink == null) throw new ArgumentNullException(nameof(sink));
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));

            long chunkStart = ReceivedOffset;
            ReceivedOffset += count;
            int pos = offset;
            int end = offset + count;
            while (pos < end)
            {
                int newline = Array.IndexOf(buffer, (byte)'\n', pos, end - pos);
                if (newline < 0)
                {
                    Hold(buffer, pos, end - pos);
                    return;
                }
                string line;
                if (_pendingLength > 0 || _droppedBytes > 0)
                {
                    Hold(buffer, pos, newline - pos);
                    line = Decode(_pending, 0, _pendingLength);
                    _pendingLength = 0;
                }
                else
                {
                    line = Decode(buffer, pos, newline - pos);
                }
                ByteOffset = chunkStart + (newline - offset) + 1;
                pos = newline + 1;
                Emit(line, sink);
            }
        }

        /// <summary>Ends the log: a last line without newline becomes an entry.</summary>
        public IReadOnlyList<LogEntry> Complete()
        {
            _batch.Clear();
            Complete(_batch.Add);
            return _batch.ToArray();
        }

        /// <summary>Ends the log, handing a last unterminated line to <paramref name="sink"/>.</summary>
        public void Complete(Action<LogEntry> sink)
        {
            if (sink == null) throw new ArgumentNullException(nameof(sink));
            if (_pendingLength == 0 && _droppedBytes == 0) return;
            string line = Decode(_pending, 0, _pendingLength);
            _pendingLength = 0;
            ByteOffset = ReceivedOffset;
            Emit(line, sink);
        }

        [MethodImpl(HotPath.Optimized)]
        private void Emit(string line, Action<LogEntry> sink)
        {
            if (_lineFilter == null || _lineFilter(line)) sink(Analyzer.Process(line));
        }

        private void Hold(byte[] buffer, int offset, int count)
        {
            int room = MaxLineBytes - _pendingLength;
            int keep = Math.Min(room, count);
            if (keep > 0)
            {
                if (_pendingLength + keep > _pending.Length)
                {
                    var bigger = new byte[Math.Min(MaxLineBytes, Math.Max(_pending.Length * 2, _pendingLength + keep))];
                    Buffer.BlockCopy(_pending, 0, bigger, 0, _pendingLength);
                    _pending = bigger;
                }
                Buffer.BlockCopy(buffer, offset, _pending, _pendingLength, keep);
                _pendingLength += keep;
            }
            _droppedBytes += count - keep;
        }

        [MethodImpl(HotPath.Optimized)]
        private string Decode(byte[] bytes, int offset, int count)
        {
            if (_atStart)
            {
                _atStart = false;
                if (count >= 3 && bytes[offset] == 0xEF && bytes[offset + 1] == 0xBB && bytes[offset + 2] == 0xBF)
                {
                    offset += 3;
                    count -= 3;
                }
            }
            if (count > 0 && bytes[offset + count - 1] == (byte)'\r') count--;
            string line = Utf8.GetString(bytes, offset, count);
            if (_droppedBytes > 0)
            {
                line += " …[line truncated: " + _droppedBytes + " more bytes]";
                _droppedBytes = 0;
            }
            return line;
        }
    }
}
