using System;
using System.Runtime.CompilerServices;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// Splits one log line into its prefixes and message. Stateless and tolerant: it accepts the legacy
    /// (<c>[id] PACKER OUT|ERR ...</c>) and newer (<c>[id] PACKER &lt;date&gt; ui: ...</c>, <c>[id] PACKER ==&gt; ...</c>)
    /// generations, pastes without the <c>[id]</c> prefix, and ACI live-log lines with an RFC 3339 timestamp
    /// prefix. Anything else becomes an entry with <see cref="LogStream.Other"/>; no line is rejected.
    /// Hand-written scanning instead of regular expressions because this runs on every line of logs of
    /// hundreds of megabytes.
    /// </summary>
    public static class LogLineParser
    {
        /// <summary>Parses one line (without its line terminator). Stage and provisioner are left for <see cref="LogStateTracker"/>.</summary>
        public static LogEntry Parse(string line, long lineNumber) => Parse(line, lineNumber, null);

        /// <summary>The same, reusing <paramref name="previousOperationId"/> (the last line's) when this line has the same: one string less per line.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static LogEntry Parse(string line, long lineNumber, string? previousOperationId)
        {
            if (line == null) throw new ArgumentNullException(nameof(line));
            var entry = new LogEntry { LineNumber = lineNumber };
            entry.SetText(line, 0);
            int i = 0;

            if (TryParseRfc3339(line, 0, out var aciTime, out int afterAci))
            {
                entry.Time = aciTime;
                i = afterAci;
            }

            int afterId = TryOperationId(line, i, previousOperationId, out string? operationId);
            if (afterId > i)
            {
                entry.OperationId = operationId;
                i = afterId;
            }

            bool packer = false;
            if (IsWord(line, i, "PACKER"))
            {
                packer = true;
                i = SkipOneSpace(line, i + 6);
            }

            if (packer && IsWord(line, i, "OUT"))
            {
                entry.Stream = LogStream.Out;
                entry.MessageStart = SkipOneSpace(line, i + 3);
                return entry;
            }

            if (packer && IsWord(line, i, "ERR"))
            {
                i = SkipOneSpace(line, i + 3);
                if (!TryPackerLogLine(entry, line, i))
                {
                    entry.Stream = LogStream.Err;
                    entry.MessageStart = i;
                }
                return entry;
            }

            // Newer generation (and bare pastes of Packer's log).
            if (TryPackerLogLine(entry, line, i)) return entry;

            entry.MessageStart = i;
            entry.StreamFromMessage = true;
            if (packer)
            {
                // "[id] PACKER ==> ..." is Packer's stdout; "[id] PACKER Done exporting ..." is AIB's own.
                entry.Stream = StartsWith(line, i, "Done exporting") ? LogStream.Other : LogStream.Out;
            }
            else
            {
                // A bare paste of Packer's console output.
                entry.Stream = StartsWith(line, i, "==> ") || StartsWith(line, i, "--> ") || IsIndentedBuilderOutput(line, i)
                    ? LogStream.Out
                    : LogStream.Other;
            }
            return entry;
        }

        /// <summary>
        /// The entry of <paramref name="redacted"/>, the redacted text of <paramref name="entry"/>'s line. The prefixes
        /// (times, operation id, PACKER and stream words) hold no secret, so when the redactor left them as they were and
        /// they alone decided the stream, only the message changes; otherwise the line is parsed again.
        /// </summary>
        internal static LogEntry Redacted(LogEntry entry, string redacted, string? previousOperationId)
        {
            string line = entry.Raw;
            int prefix = entry.MessageStart;
            if (entry.StreamFromMessage || redacted.Length < prefix || string.CompareOrdinal(line, 0, redacted, 0, prefix) != 0)
            {
                return Parse(redacted, entry.LineNumber, previousOperationId);
            }
            entry.SetText(redacted, prefix);
            return entry;
        }

        /// <summary>A line of Packer's log at i: "&lt;date&gt; ui: x", "&lt;date&gt; ui error: x" or "&lt;date&gt; x" (the legacy generation has it after ERR).</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool TryPackerLogLine(LogEntry entry, string line, int i)
        {
            if (!TryParsePackerTime(line, i, out var time)) return false;
            entry.Time = time;
            i = SkipOneSpace(line, i + PackerTimeLength);
            if (StartsWith(line, i, "ui error:"))
            {
                entry.Stream = LogStream.UiError;
                entry.MessageStart = SkipOneSpace(line, i + 9);
            }
            else if (StartsWith(line, i, "ui:"))
            {
                entry.Stream = LogStream.Ui;
                entry.MessageStart = SkipOneSpace(line, i + 3);
            }
            else
            {
                entry.Stream = LogStream.Err;
                entry.MessageStart = i;
            }
            return true;
        }

        /// <summary>
        /// True for provisioner/guest output such as <c>"    azure-arm: text"</c> (indented builder name),
        /// which must not be taken for Packer's own step messages.
        /// </summary>
        public static bool IsIndentedBuilderOutput(string message) => IsIndentedBuilderOutput(message, 0);

        /// <summary>The same for the message starting at <paramref name="start"/> of a line.</summary>
        internal static bool IsIndentedBuilderOutput(string message, int start) => BuilderNameColon(message, start) >= 0;

        /// <summary>The colon after the indented builder name of such output (its text follows), or -1 when it is not such output.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static int BuilderNameColon(string message, int start)
        {
            int i = start;
            while (i < message.Length && message[i] == ' ') i++;
            if (i - start < 2) return -1;
            int colon = message.IndexOf(':', i);
            if (colon <= i) return -1;
            for (int k = i; k < colon; k++)
            {
                char c = message[k];
                if (!(char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) return -1;
            }
            return colon;
        }

        /// <summary>Removes an ACI timestamp prefix (<c>timestamps=true</c>) when there is one; used to compare live and persisted lines.</summary>
        public static string StripAciTimestamp(string line)
        {
            return TryParseRfc3339(line, 0, out _, out int after) ? line.Substring(after) : line;
        }

        internal const int PackerTimeLength = 19; // "yyyy/MM/dd HH:mm:ss"

        private static bool StartsWith(string s, int i, string value) => OrdinalText.StartsAt(s, i, value);

        /// <summary>A word at i followed by a space or the end of the line.</summary>
        private static bool IsWord(string s, int i, string word) =>
            StartsWith(s, i, word) && (i + word.Length == s.Length || s[i + word.Length] == ' ');

        private static int SkipOneSpace(string s, int i) => i < s.Length && s[i] == ' ' ? i + 1 : i;

        [MethodImpl(HotPath.Optimized)]
        private static int TryOperationId(string line, int i, string? previous, out string? operationId)
        {
            operationId = null;
            if (i >= line.Length || line[i] != '[') return i;
            int close = line.IndexOf(']', i + 1);
            if (close < 0 || close - i > 128 || close == i + 1) return i;
            for (int k = i + 1; k < close; k++)
            {
                if (line[k] == ' ' || line[k] == '[') return i;
            }
            int after = SkipOneSpace(line, close + 1);
            int length = close - i - 1;
            string candidate = previous != null && previous.Length == length && line.AsSpan(i + 1, length).SequenceEqual(previous.AsSpan())
                ? previous
                : line.Substring(i + 1, length);
            // "[INFO]" and similar must not be taken for an operation id: require PACKER to follow, or an id-like value.
            if (!IsWord(line, after, "PACKER") && !LooksLikeId(candidate)) return i;
            operationId = candidate;
            return after;
        }

        private static bool LooksLikeId(string s)
        {
            if (s.Length >= 2 && s[0] == '<' && s[s.Length - 1] == '>') return true;
            if (s.Length < 8) return false;
            foreach (char c in s)
            {
                bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (!hex && c != '-') return false;
            }
            return true;
        }

        private static bool Digits(string s, int i, int count)
        {
            if (i + count > s.Length) return false;
            for (int k = i; k < i + count; k++)
            {
                if (s[k] < '0' || s[k] > '9') return false;
            }
            return true;
        }

        private static int Num(string s, int i, int count)
        {
            int n = 0;
            for (int k = i; k < i + count; k++) n = n * 10 + (s[k] - '0');
            return n;
        }

        /// <summary>Packer's <c>yyyy/MM/dd HH:mm:ss</c> (UTC in AIB's container).</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool TryParsePackerTime(string s, int i, out DateTimeOffset time)
        {
            time = default;
            if (s.Length - i < PackerTimeLength) return false;
            if (s[i + 4] != '/' || s[i + 7] != '/' || s[i + 10] != ' ' || s[i + 13] != ':' || s[i + 16] != ':') return false;
            if (!Digits(s, i, 4) || !Digits(s, i + 5, 2) || !Digits(s, i + 8, 2)
                || !Digits(s, i + 11, 2) || !Digits(s, i + 14, 2) || !Digits(s, i + 17, 2))
            {
                return false;
            }
            return TryMake(Num(s, i, 4), Num(s, i + 5, 2), Num(s, i + 8, 2), Num(s, i + 11, 2), Num(s, i + 14, 2), Num(s, i + 17, 2),
                0, TimeSpan.Zero, out time);
        }

        /// <summary>RFC 3339 with optional fraction (ACI gives nanoseconds; ticks keep 7 digits) and Z or ±hh:mm, followed by a space.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool TryParseRfc3339(string s, int i, out DateTimeOffset time, out int after)
        {
            time = default;
            after = i;
            if (s.Length - i < 21) return false;
            if (s[i + 4] != '-' || s[i + 7] != '-' || (s[i + 10] != 'T' && s[i + 10] != 't') || s[i + 13] != ':' || s[i + 16] != ':') return false;
            if (!Digits(s, i, 4) || !Digits(s, i + 5, 2) || !Digits(s, i + 8, 2)
                || !Digits(s, i + 11, 2) || !Digits(s, i + 14, 2) || !Digits(s, i + 17, 2))
            {
                return false;
            }
            int k = i + 19;
            long ticks = 0;
            if (k < s.Length && s[k] == '.')
            {
                k++;
                int start = k;
                while (k < s.Length && s[k] >= '0' && s[k] <= '9')
                {
                    if (k - start < 7) ticks = ticks * 10 + (s[k] - '0');
                    k++;
                }
                if (k == start) return false;
                for (int pad = k - start; pad < 7; pad++) ticks *= 10;
            }
            if (k >= s.Length) return false;
            TimeSpan offset;
            if (s[k] == 'Z' || s[k] == 'z')
            {
                offset = TimeSpan.Zero;
                k++;
            }
            else if ((s[k] == '+' || s[k] == '-') && s.Length - k >= 6 && Digits(s, k + 1, 2) && s[k + 3] == ':' && Digits(s, k + 4, 2))
            {
                offset = new TimeSpan(Num(s, k + 1, 2), Num(s, k + 4, 2), 0);
                if (s[k] == '-') offset = -offset;
                k += 6;
            }
            else
            {
                return false;
            }
            if (k >= s.Length || s[k] != ' ') return false;
            if (!TryMake(Num(s, i, 4), Num(s, i + 5, 2), Num(s, i + 8, 2), Num(s, i + 11, 2), Num(s, i + 14, 2), Num(s, i + 17, 2),
                ticks, offset, out time))
            {
                return false;
            }
            after = k + 1;
            return true;
        }

        private static bool TryMake(int y, int mo, int d, int h, int mi, int sec, long ticks, TimeSpan offset, out DateTimeOffset time)
        {
            time = default;
            if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) return false;
            if (offset.Duration() > TimeSpan.FromHours(14)) return false;
            time = new DateTimeOffset(y, mo, d, h, mi, sec, offset).AddTicks(ticks);
            return true;
        }
    }
}
