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
    /// characters split across chunks decode correctly. Memory: the pending partial line (at most <see cref="MaxLineBytes"/>)
    /// and, in <see cref="AppendAll"/>, the lines of a few chunks decoded ahead.
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
        private readonly List<string> _lines = new List<string>();
        private const int BatchesAhead = 4; // chunks decoded ahead of the one committed: work for the second thread

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
            if (sink == null) throw new ArgumentNullException(nameof(sink));
            CheckChunk(buffer, offset, count);
            _lines.Clear();
            long end = Split(buffer, offset, count, _lines);
            foreach (string line in _lines) Emit(line, sink);
            if (end >= 0) ByteOffset = end;
        }

        /// <summary>
        /// Appends every chunk in turn and yields the entries of their complete lines in order, as <see cref="Append(byte[], int, int, Action{LogEntry})"/>
        /// does. Each chunk is decoded before the next is asked for, so a source may reuse its buffer. With no line filter, on a machine of
        /// two or more processors, the lines of each chunk are prepared (parsed, scanned for keywords, redacted) on a second thread while
        /// this one decodes the next chunk and runs the state machine over the previous one.
        /// </summary>
        public IEnumerable<LogEntry> AppendAll(IEnumerable<ArraySegment<byte>> chunks)
        {
            if (chunks == null) throw new ArgumentNullException(nameof(chunks));
            return _lineFilter == null && Environment.ProcessorCount > 1 ? AppendOverlapped(chunks) : AppendInTurn(chunks);
        }

        private IEnumerable<LogEntry> AppendInTurn(IEnumerable<ArraySegment<byte>> chunks)
        {
            var entries = new List<LogEntry>();
            foreach (ArraySegment<byte> chunk in chunks)
            {
                entries.Clear();
                Append(chunk.Array!, chunk.Offset, chunk.Count, entries.Add);
                foreach (LogEntry entry in entries) yield return entry;
            }
        }

        private IEnumerable<LogEntry> AppendOverlapped(IEnumerable<ArraySegment<byte>> chunks)
        {
            var inFlight = new Queue<LineBatch>();
            var spare = new Stack<LineBatch>();
            SharedPreparation? preparation = null; // started with the first line, so an empty read starts no thread
            try
            {
                foreach (ArraySegment<byte> chunk in chunks)
                {
                    CheckChunk(chunk.Array!, chunk.Offset, chunk.Count);
                    LineBatch batch = spare.Count > 0 ? spare.Pop() : new LineBatch();
                    batch.EndOffset = Split(chunk.Array!, chunk.Offset, chunk.Count, batch.Lines);
                    if (batch.Lines.Count == 0)
                    {
                        spare.Push(batch);
                        continue;
                    }
                    preparation ??= new SharedPreparation(Analyzer);
                    preparation.Add(batch);
                    inFlight.Enqueue(batch);
                    // Commit what is ready; hold up reading (and prepare meanwhile) only once enough batches are ahead.
                    while (inFlight.Count > 0 && (inFlight.Count >= BatchesAhead || inFlight.Peek().Prepared))
                    {
                        LineBatch head = inFlight.Dequeue();
                        Commit(head, preparation);
                        foreach (LogEntry entry in head.Entries) yield return entry;
                        spare.Push(head.Clear());
                    }
                }
                while (inFlight.Count > 0)
                {
                    LineBatch head = inFlight.Dequeue();
                    Commit(head, preparation!);
                    foreach (LogEntry entry in head.Entries) yield return entry;
                }
            }
            finally
            {
                preparation?.Dispose();
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private void Commit(LineBatch batch, SharedPreparation preparation)
        {
            preparation.Await(batch);
            foreach (LogEntry entry in batch.Entries) Analyzer.CommitPrepared(entry);
            ByteOffset = batch.EndOffset;
        }

        private static void CheckChunk(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
        }

        /// <summary>
        /// Decodes the complete lines of a chunk into <paramref name="lines"/>, holding back a trailing partial line; returns the offset
        /// just after the last complete line, or -1 when the chunk completed none.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private long Split(byte[] buffer, int offset, int count, List<string> lines)
        {
            long chunkStart = ReceivedOffset;
            ReceivedOffset += count;
            long end = -1;
            int pos = offset;
            int stop = offset + count;
            while (pos < stop)
            {
                int newline = Array.IndexOf(buffer, (byte)'\n', pos, stop - pos);
                if (newline < 0)
                {
                    Hold(buffer, pos, stop - pos);
                    break;
                }
                if (_pendingLength > 0 || _droppedBytes > 0)
                {
                    Hold(buffer, pos, newline - pos);
                    lines.Add(Decode(_pending, 0, _pendingLength));
                    _pendingLength = 0;
                }
                else
                {
                    lines.Add(Decode(buffer, pos, newline - pos));
                }
                end = chunkStart + (newline - offset) + 1;
                pos = newline + 1;
            }
            return end;
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
