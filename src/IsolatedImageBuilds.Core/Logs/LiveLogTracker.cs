using System;
using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// Finds the new lines in repeatedly polled live-log text (the ACI container-logs API returns the whole log,
    /// or its tail, every time). It remembers only the last <see cref="AnchorLines"/> emitted lines and locates
    /// them in each new snapshot. Ask for <c>timestamps=true</c>: the timestamp prefix makes every line unique,
    /// so repeated lines (blank <c>ui:</c> lines, progress output) cannot be confused.
    /// </summary>
    public sealed class LiveLogTracker
    {
        private readonly string[] _recent;
        private long _emitted;

        public LiveLogTracker(int anchorLines = 64)
        {
            if (anchorLines < 1) throw new ArgumentOutOfRangeException(nameof(anchorLines));
            _recent = new string[anchorLines];
        }

        public int AnchorLines => _recent.Length;

        /// <summary>How many lines have been emitted so far.</summary>
        public long EmittedCount => _emitted;

        /// <summary>At least one snapshot did not overlap what was emitted before: lines may have been missed in between.</summary>
        public bool GapDetected { get; private set; }

        /// <summary>
        /// Takes the latest snapshot of the live log and returns the complete lines not emitted before, in order.
        /// A last line without newline is held back until a later snapshot completes it, unless <paramref name="final"/>.
        /// </summary>
        public IReadOnlyList<string> Update(string content, bool final = false)
        {
            if (content == null) throw new ArgumentNullException(nameof(content));
            var lines = SplitLines(content, final);
            int start = FindContinuation(lines);
            var fresh = new List<string>(Math.Max(0, lines.Count - start));
            for (int i = start; i < lines.Count; i++)
            {
                fresh.Add(lines[i]);
                _recent[_emitted % _recent.Length] = lines[i];
                _emitted++;
            }
            return fresh;
        }

        /// <summary>
        /// Prepares the hand-over to the persisted log once the build has ended: the returned object skips the
        /// persisted lines already emitted live and lets the rest through.
        /// </summary>
        /// <param name="anchorLines">How many of the last emitted lines must match in sequence (default: all remembered).
        /// A shorter anchor is the retry when the full one was not found, e.g. because the live log had lines the persisted one lacks.</param>
        public LogHandOver CreateHandOver(int? anchorLines = null)
        {
            if (anchorLines < 1) throw new ArgumentOutOfRangeException(nameof(anchorLines));
            int n = (int)Math.Min(_emitted, Math.Min(anchorLines ?? _recent.Length, _recent.Length));
            var anchor = new string[n];
            for (int i = 0; i < n; i++) anchor[i] = _recent[(_emitted - n + i) % _recent.Length];
            return new LogHandOver(anchor);
        }

        /// <summary>Index in <paramref name="lines"/> of the first line not yet emitted.</summary>
        private int FindContinuation(List<string> lines)
        {
            if (_emitted == 0) return 0;
            int depth = (int)Math.Min(_emitted, _recent.Length);
            string last = Recent(0);
            int bestEnd = -1, bestLength = 0;
            for (int p = 0; p < lines.Count; p++)
            {
                if (!string.Equals(lines[p], last, StringComparison.Ordinal)) continue;
                int length = 1;
                while (length < depth && p - length >= 0 && string.Equals(lines[p - length], Recent(length), StringComparison.Ordinal)) length++;
                // The longest overlap wins; on a tie the position that lines up with the count emitted, else the earliest.
                bool aligned = p + 1 == _emitted;
                if (length > bestLength || (length == bestLength && aligned))
                {
                    bestLength = length;
                    bestEnd = p;
                }
            }
            if (bestEnd < 0)
            {
                GapDetected = true;
                return 0;
            }
            return bestEnd + 1;
        }

        /// <summary>The k-th most recent emitted line (0 = last).</summary>
        private string Recent(int k) => _recent[(_emitted - 1 - k) % _recent.Length];

        private static List<string> SplitLines(string content, bool final)
        {
            var lines = new List<string>();
            int pos = 0;
            while (pos < content.Length)
            {
                int newline = content.IndexOf('\n', pos);
                if (newline < 0)
                {
                    if (final) lines.Add(content.Substring(pos));
                    break;
                }
                int end = newline > pos && content[newline - 1] == '\r' ? newline - 1 : newline;
                lines.Add(content.Substring(pos, end - pos));
                pos = newline + 1;
            }
            return lines;
        }
    }

    /// <summary>
    /// Continues from the persisted log after live lines were emitted: feed every persisted line in order to
    /// <see cref="ShouldEmit"/>; it answers false up to and including the last line already emitted live, then true.
    /// Lines are compared by content without the ACI timestamp prefix, matching the whole sequence of the last
    /// emitted lines, so a line repeated elsewhere in the log cannot be mistaken for the hand-over point.
    /// </summary>
    public sealed class LogHandOver
    {
        private readonly string[] _anchor;
        private readonly int[] _failure;
        private int _matched;
        private long _seen;

        internal LogHandOver(string[] anchorLines)
        {
            _anchor = new string[anchorLines.Length];
            for (int i = 0; i < _anchor.Length; i++) _anchor[i] = Normalize(anchorLines[i]);
            _failure = BuildFailure(_anchor);
            AnchorFound = _anchor.Length == 0;
        }

        /// <summary>The persisted log's position after the lines already emitted has been found.</summary>
        public bool AnchorFound { get; private set; }

        /// <summary>Persisted line number of the last line that had been emitted live (0 when nothing was).</summary>
        public long AnchorLineNumber { get; private set; }

        /// <summary>
        /// True when this persisted line is new. If <see cref="AnchorFound"/> is still false after the last line,
        /// the live lines were not found in the persisted log: read it again in full and say that lines may repeat.
        /// </summary>
        public bool ShouldEmit(string persistedLine)
        {
            if (persistedLine == null) throw new ArgumentNullException(nameof(persistedLine));
            _seen++;
            if (AnchorFound) return true;
            string line = Normalize(persistedLine);
            // Knuth–Morris–Pratt over lines: one pass, no look-back into the persisted log.
            while (_matched > 0 && !string.Equals(_anchor[_matched], line, StringComparison.Ordinal)) _matched = _failure[_matched - 1];
            if (string.Equals(_anchor[_matched], line, StringComparison.Ordinal)) _matched++;
            if (_matched == _anchor.Length)
            {
                AnchorFound = true;
                AnchorLineNumber = _seen;
            }
            return false;
        }

        private static string Normalize(string line) => LogLineParser.StripAciTimestamp(line).TrimEnd();

        private static int[] BuildFailure(string[] pattern)
        {
            var failure = new int[pattern.Length];
            int k = 0;
            for (int i = 1; i < pattern.Length; i++)
            {
                while (k > 0 && !string.Equals(pattern[i], pattern[k], StringComparison.Ordinal)) k = failure[k - 1];
                if (string.Equals(pattern[i], pattern[k], StringComparison.Ordinal)) k++;
                failure[i] = k;
            }
            return failure;
        }
    }
}
