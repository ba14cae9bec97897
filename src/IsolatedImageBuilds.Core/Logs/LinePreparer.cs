using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// The part of the log engine that looks at one line alone: parse it, scan its message once for every
    /// <see cref="LineWords"/> keyword, redact it when it may hold a secret, match its landmark. It keeps no state between lines beyond its
    /// scratch marks; the analyzer's state machine then takes the entry (stage, provisioner, timeline, diagnosis).
    /// </summary>
    internal sealed class LinePreparer
    {
        private static readonly bool[] NoTriggers = new bool[LogRedactor.Triggers.Length];

        private readonly LineWords _words;
        private readonly LogRedactor _redactor;
        private readonly bool[] _found;
        private readonly bool[] _secretTriggers = new bool[LogRedactor.Triggers.Length];
        private readonly List<int> _knowledge = new List<int>();

        public LinePreparer(LineWords words, LogRedactor redactor)
        {
            _words = words;
            _redactor = redactor;
            _found = new bool[words.Search.Count];
        }

        /// <summary>
        /// The entry of <paramref name="line"/>, redacted, with the keyword groups of its message in
        /// <see cref="LogEntry.Words"/>. <paramref name="lastOperationId"/>: the previous line's id (reused when this one has
        /// the same: one string less per line), updated.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public LogEntry Prepare(string line, long number, ref string? lastOperationId)
        {
            var entry = LogLineParser.Parse(line, number, lastOperationId);
            int words = Scan(line, entry.MessageStart);
            if (MayHoldSecret(entry, words, lastOperationId, out bool prefixScanned))
            {
                // Redact the whole line, so that no field (message, raw, evidence) ever holds the secret. Its prefixes
                // (times, hexadecimal operation id, fixed words) hold no trigger: the message scan found them all.
                string redacted = prefixScanned
                    ? _redactor.Redact(line, (words & LineWords.Secret) != 0 ? _secretTriggers : NoTriggers)
                    : _redactor.Redact(line);
                if (!ReferenceEquals(redacted, line))
                {
                    entry = LogLineParser.Redacted(entry, redacted, lastOperationId);
                    Array.Clear(_found, 0, _found.Length);
                    words = Scan(entry.Raw, entry.MessageStart);
                }
            }
            lastOperationId = entry.OperationId ?? lastOperationId;
            Describe(entry, words);
            return entry;
        }

        /// <summary>Scans an entry made elsewhere (no redaction) and sets its <see cref="LogEntry.Words"/>.</summary>
        public void ScanOnly(LogEntry entry) => Describe(entry, Scan(entry.Raw, entry.MessageStart));

        [MethodImpl(HotPath.Optimized)]
        private void Describe(LogEntry entry, int words)
        {
            entry.Words = words;
            entry.KnowledgeKeywords = null;
            entry.LandmarkMatch = (words & LineWords.Landmark) != 0 ? LogStateTracker.MatchLandmark(entry.Message) : null;
            if ((words & LineWords.Knowledge) == 0) return;
            // The knowledge base's keywords found, by index, for the diagnoser's candidate conditions.
            _knowledge.Clear();
            for (int k = 0; k < _words.KnowledgeCount; k++)
            {
                if (!_found[k]) continue;
                _found[k] = false;
                _knowledge.Add(k);
            }
            entry.KnowledgeKeywords = _knowledge.ToArray();
        }

        /// <summary>Scans the message from <paramref name="start"/>; leaves only the knowledge base's marks set.</summary>
        [MethodImpl(HotPath.Optimized)]
        private int Scan(string line, int start)
        {
            int words = _words.Search.FindGroups(line, start, _found);
            if ((words & LineWords.Secret) != 0)
            {
                // The redactor's triggers found, for LogRedactor.Redact(text, found).
                Array.Copy(_found, _words.SecretStart, _secretTriggers, 0, _secretTriggers.Length);
            }
            if ((words & ~LineWords.Knowledge) != 0)
                Array.Clear(_found, _words.KnowledgeCount, _found.Length - _words.KnowledgeCount);
            return words;
        }

        /// <summary>
        /// Whether the redactor could mask something in this line: its message holds a trigger or key padding (looked at only
        /// when the scan saw "=="), or its
        /// operation id is not hexadecimal (<paramref name="prefixScanned"/> false: the other prefixes are times and fixed
        /// words, so only such an id can hold what the message scan did not see). Same id as the last line: checked then.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private bool MayHoldSecret(LogEntry entry, int words, string? lastOperationId, out bool prefixScanned)
        {
            prefixScanned = entry.OperationId == null || ReferenceEquals(entry.OperationId, lastOperationId) || IsHexId(entry.OperationId);
            return _redactor.Enabled
                && (!prefixScanned || (words & LineWords.Secret) != 0
                    || ((words & LineWords.Padding) != 0 && LogRedactor.HasBase64Padding(entry.Raw, entry.MessageStart)));
        }

        private static bool IsHexId(string id)
        {
            foreach (char c in id)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-')) return false;
            }
            return true;
        }
    }
}
