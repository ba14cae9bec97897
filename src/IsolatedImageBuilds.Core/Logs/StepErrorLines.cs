using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// What the running provisioner printed as errors, so that a failed step's diagnosis quotes the script's own
    /// words and not only Packer's closing <c>Script exited with non-zero exit status</c>: PowerShell error records
    /// (the message before <c>+ CategoryInfo</c>, the message after a parser error's <c>+ ~</c> caret, the
    /// CategoryInfo and FullyQualifiedErrorId lines), standard-error lines, lines with error words or HTTP status
    /// texts, and the first non-zero exit code its command reported. Bounded: a few lines of the latest provisioner.
    /// </summary>
    internal sealed class StepErrorLines
    {
        /// <summary>Lines kept per step, at most.</summary>
        public const int Kept = 10;

        private const int RecordLinesKept = 8;
        private const int OtherLinesKept = 4;
        private const int RecentOutputKept = 6;

        // Words that make a line of the step's output an error line (searched with the others in LineWords).
        internal static readonly string[] ErrorFragments =
        {
            "error", "fail", "exception", "fatal", "denied", "cannot", "could not", "unable", "not found", "timed out", "timeout",
            "exit status", "exit code", "forbidden", "unauthorized", "bad request", "service unavailable", "no such file",
        };

        // How a provisioner's command reports its exit code in Packer's log (searched with the others in LineWords).
        internal static readonly string[] ExitCodeFragments = { "exit code", "exited with code" };

        // Packer's own messages in the output's shape ("==> azure-arm: ..."): never the script's error.
        private static readonly string[] PackerSteps =
        {
            "Provisioning ", "Uploading ", "Restarting Machine", "Waiting for machine", "Machine successfully restarted",
            "Deleting ", "Deleted ", "Removing the created",
        };

        private static readonly string PackerStepFirstLetters = new string(PackerSteps.Select(p => p[0]).Distinct().ToArray());

        private readonly HitRing _records = new HitRing(RecordLinesKept);
        private readonly HitRing _others = new HitRing(OtherLinesKept);
        private readonly LogEntry?[] _recent = new LogEntry?[RecentOutputKept];
        private int _recentCount;
        private Hit? _exitCode;
        private bool _expectMessage;
        private long _lastRecordLine;

        /// <summary>The provisioner whose lines are kept (1-based), 0 before any.</summary>
        public int ProvisionerIndex { get; private set; }

        /// <summary>
        /// Looks at one line written while a provisioner ran; <paramref name="words"/>: the <see cref="LineWords"/> groups of
        /// its message (<see cref="ErrorFragments"/>, <see cref="ExitCodeFragments"/>).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public void Observe(LogEntry entry, Func<LogEntry, Hit> makeHit, int words)
        {
            bool errorWord = (words & LineWords.StepError) != 0;
            if (entry.ProvisionerIndex != ProvisionerIndex)
            {
                ProvisionerIndex = entry.ProvisionerIndex;
                _records.Clear();
                _others.Clear();
                _recentCount = 0;
                _exitCode = null;
                _expectMessage = false;
                _lastRecordLine = 0;
            }

            // Offsets into the line instead of substrings: this runs on most lines of a long log.
            string m = entry.Raw;
            int at = OutputStart(entry);
            if (at < 0)
            {
                // Packer's or the plugin's log: the step's command exit code ("... exited with code: 1", "... returned with exit code 1").
                if (_exitCode == null && entry.Stream == LogStream.Err && (words & LineWords.ExitCode) != 0 && IsNonZeroExitCode(m, entry.MessageStart))
                {
                    _exitCode = makeHit(entry);
                }
                return;
            }
            while (at < m.Length && char.IsWhiteSpace(m[at])) at++;
            bool afterCaret = _expectMessage;
            _expectMessage = false;
            if (at >= m.Length || IsPackerStep(m, at)) return;

            if (m[at] == '+')
            {
                if (IsCaret(m, at))
                {
                    _expectMessage = true;
                }
                else if (OrdinalText.StartsAt(m, at, "+ CategoryInfo"))
                {
                    AddRecordHead(makeHit);
                    AddRecord(makeHit(entry));
                }
                else if (OrdinalText.StartsAt(m, at, "+ FullyQualifiedErrorId"))
                {
                    AddRecord(makeHit(entry));
                }
                // Other "+ ..." lines quote the script's code, not an error.
            }
            else if (afterCaret)
            {
                AddRecord(makeHit(entry)); // a parser error's message follows its caret line
            }
            else if (entry.Stream == LogStream.UiError || errorWord || OrdinalText.StartsAt(m, at, "E: "))
            {
                _others.Add(makeHit(entry));
            }
            _recent[_recentCount++ % RecentOutputKept] = entry;
        }

        /// <summary>The error lines of provisioner <paramref name="index"/> in log order, or none when other lines are kept.</summary>
        public List<Hit> For(int index)
        {
            var lines = new List<Hit>();
            if (index == 0 || index != ProvisionerIndex) return lines;
            lines.AddRange(_records.ToList());
            lines.AddRange(_others.ToList());
            if (_exitCode != null) lines.Add(_exitCode);
            lines = lines.GroupBy(h => h.Line).Select(g => g.First()).OrderBy(h => h.Line).ToList();
            return lines.Count > Kept ? lines.Skip(lines.Count - Kept).ToList() : lines;
        }

        /// <summary>A runtime error's message comes before its "At ..." location and code lines: find it behind the CategoryInfo line.</summary>
        private void AddRecordHead(Func<LogEntry, Hit> makeHit)
        {
            var head = new List<LogEntry>();
            int available = Math.Min(_recentCount, RecentOutputKept);
            for (int k = 1; k <= available; k++)
            {
                var e = _recent[(_recentCount - k) % RecentOutputKept]!;
                if (e.LineNumber <= _lastRecordLine) break;
                string t = OutputText(e);
                bool location = t.StartsWith("At ", StringComparison.Ordinal) && t.IndexOf(" char:", StringComparison.Ordinal) > 0;
                if (t.StartsWith("+", StringComparison.Ordinal) || location)
                {
                    if (head.Count > 0) break;
                    continue;
                }
                head.Add(e);
                if (head.Count == 2 || t.IndexOf(" : ", StringComparison.Ordinal) > 0) break; // "<command or script> : <message>" opens the record
            }
            for (int k = head.Count - 1; k >= 0; k--) AddRecord(makeHit(head[k]));
        }

        private void AddRecord(Hit hit)
        {
            _records.Add(hit);
            _lastRecordLine = hit.Line;
        }

        /// <summary>
        /// Where the guest's output starts in the <see cref="LogEntry.Raw"/> of a Packer output line ("==&gt; azure-arm: x",
        /// "    azure-arm: x"), or -1 for Packer's own log lines.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static int OutputStart(LogEntry entry)
        {
            if (entry.Stream != LogStream.Ui && entry.Stream != LogStream.UiError && entry.Stream != LogStream.Out) return -1;
            string m = entry.Raw;
            int start = entry.MessageStart;
            int colon = OrdinalText.StartsAt(m, start, "==> ")
                ? m.IndexOf(':', start + 4)
                : LogLineParser.BuilderNameColon(m, start); // the colon it found is the one after the name
            return colon < 0 ? -1 : colon + 1;
        }

        /// <summary>The guest's output of a Packer output line, trimmed (only for the few lines looked at again).</summary>
        private static string OutputText(LogEntry entry)
        {
            int at = OutputStart(entry);
            return at < 0 ? string.Empty : entry.Raw.Substring(at).Trim();
        }

        [MethodImpl(HotPath.Optimized)]
        private static bool IsPackerStep(string m, int at)
        {
            if (PackerStepFirstLetters.IndexOf(m[at]) < 0) return false; // most lines: no comparison at all
            foreach (var p in PackerSteps)
            {
                if (OrdinalText.StartsAt(m, at, p)) return true;
            }
            return false;
        }

        private static bool IsCaret(string t, int at)
        {
            bool tilde = false;
            for (int i = at + 1; i < t.Length; i++)
            {
                if (t[i] == '~') tilde = true;
                else if (t[i] != ' ') return false;
            }
            return tilde;
        }

        private static bool IsNonZeroExitCode(string message, int start)
        {
            int at = message.IndexOf("exit code", start, StringComparison.Ordinal);
            if (at < 0) at = message.IndexOf("exited with code", start, StringComparison.Ordinal);
            if (at < 0) return false;
            int i = message.IndexOf("code", at, StringComparison.Ordinal) + 4;
            while (i < message.Length && (message[i] == ':' || message[i] == ' ')) i++;
            int digits = i;
            if (i < message.Length && message[i] == '-') i++;
            while (i < message.Length && char.IsDigit(message[i])) i++;
            if (i == digits) return false;
            string code = message.Substring(digits, i - digits);
            return code != "0" && code != "-0";
        }
    }
}
