using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// Evaluates the knowledge base incrementally as entries stream past (after <see cref="LogStateTracker"/> set
    /// their stage and provisioner). Memory is bounded: per condition a count and a few evidence lines, plus
    /// the last <see cref="ErrorLinesKept"/> error-looking lines for failures no item knows.
    /// </summary>
    public sealed class LogDiagnoser
    {
        /// <summary>Error-looking lines kept for <c>AIB-UNKNOWN</c>.</summary>
        public const int ErrorLinesKept = 10;

        private const int RecentHitsKept = 2;
        private const int EvidenceLinesMax = 12;
        private const int EvidenceTextMax = 2000;

        // Lines worth showing when no item knows the failure (plus apt's "E: " lines).
        internal static readonly string[] ErrorFragments =
        {
            "error", "fail", "exception", "fatal", "denied", "cannot", "could not", "unable", "not found", "timed out", "timeout", "exit status",
        };

        private readonly KnowledgeBase _kb;
        private readonly TimeSpan? _buildTimeout;
        private readonly ConditionState[] _state;
        private readonly LineCondition[] _clearable;
        private readonly LineWords _words;
        private LinePreparer? _scanner;
        // The slots of the conditions to try on the current line, and a per-slot mark that keeps that list free of repeats.
        private readonly bool[] _isCandidate;
        private readonly List<int> _candidateSlots = new List<int>();
        private readonly List<int> _matched = new List<int>();
        private readonly List<int> _accepted = new List<int>();
        private readonly HitRing _errorLines = new HitRing(ErrorLinesKept);

        // The latest provisioner's own error lines, so that later noise (cleanup, AIB's lines) cannot push them out.
        private readonly StepErrorLines _stepErrors = new StepErrorLines();
        private readonly Func<LogEntry, Hit> _hitOf;
        private Hit? _firstFailure;
        private string? _lastProvisioner;
        private int _lastProvisionerIndex;
        private string? _runningProvisioner;
        private int _runningProvisionerIndex;
        private BuildStage _stage;
        private bool _captured;

        // The build's timeline: its first timestamped line and the latest time seen (lines without one inherit it).
        private DateTimeOffset? _startTime;
        private Hit? _startHit;
        private DateTimeOffset? _lastTime;

        /// <param name="knowledgeBase">The knowledge base; null for the embedded one.</param>
        /// <param name="buildTimeoutInMinutes">The run's effective build timeout when known (conditions with <c>buildTimeout</c>).</param>
        public LogDiagnoser(KnowledgeBase? knowledgeBase = null, int? buildTimeoutInMinutes = null)
        {
            _kb = knowledgeBase ?? KnowledgeBase.Default;
            if (buildTimeoutInMinutes is int minutes && minutes > 0) _buildTimeout = TimeSpan.FromMinutes(minutes);
            _state = new ConditionState[_kb.Conditions.Count];
            for (int i = 0; i < _state.Length; i++) _state[i] = new ConditionState();
            _clearable = _kb.Conditions.Where(c => c.NotAfter != null).ToArray();
            _words = LineWords.For(_kb);
            _isCandidate = new bool[_state.Length];
            _hitOf = e => MakeHit(e.LineNumber, e.Raw, e.Stage, e.Provisioner, e.ProvisionerIndex);
        }

        public KnowledgeBase KnowledgeBase => _kb;

        /// <summary>A failure signal was seen in the log, or a service error was added.</summary>
        public bool Failed { get; private set; }

        /// <summary>Looks at one entry; call in log order.</summary>
        public void Observe(LogEntry entry)
        {
            if (entry == null) throw new ArgumentNullException(nameof(entry));
            (_scanner ??= new LinePreparer(_words, LogRedactor.None)).ScanOnly(entry);
            Observe(entry, entry.Words);
        }

        /// <summary>The keywords every line is scanned for, with this knowledge base's.</summary>
        internal LineWords Words => _words;

        /// <summary>Looks at one entry whose message holds the keyword groups <paramref name="words"/> (<see cref="LinePreparer"/>).</summary>
        [MethodImpl(HotPath.Optimized)]
        internal void Observe(LogEntry entry, int words)
        {
            _stage = entry.Stage;
            if (entry.Stage == BuildStage.CaptureDistribute) _captured = true;
            _runningProvisioner = entry.Provisioner;
            _runningProvisionerIndex = entry.ProvisionerIndex;
            if (entry.Provisioner != null)
            {
                _lastProvisioner = entry.Provisioner;
                _lastProvisionerIndex = entry.ProvisionerIndex;
            }
            if (entry.Time is DateTimeOffset time)
            {
                if (_startTime == null)
                {
                    _startTime = time;
                    _startHit = _hitOf(entry);
                }
                _lastTime = time;
            }

            bool harmless = false;
            if ((words & LineWords.Knowledge) != 0)
            {
                harmless = RecordMatches(entry.Message, entry, ConditionInput.Log, CandidateSlots(entry.KnowledgeKeywords));
            }
            if (harmless) return;
            if (entry.ProvisionerIndex != 0) // written while it ran (not merely attributed to it afterwards)
                _stepErrors.Observe(entry, _hitOf, words);
            if (LooksLikeError(entry.Raw, entry.MessageStart, words)) _errorLines.Add(_hitOf(entry));
        }

        /// <summary>
        /// Adds the service's error for the run: the async-operation error (<c>code: message</c>) or
        /// <c>lastRunStatus.message</c>. It marks the run as failed and is matched like a log line.
        /// </summary>
        public void AddServiceError(string message)
        {
            if (string.IsNullOrWhiteSpace(message)) return;
            Failed = true;
            _candidateSlots.Clear();
            for (int slot = 0; slot < _state.Length; slot++) _candidateSlots.Add(slot);
            RecordMatches(message, null, ConditionInput.Service, _candidateSlots);
        }

        /// <summary>Every item matched so far, the likeliest cause first and harmless warnings last.</summary>
        public IReadOnlyList<Diagnosis> GetFindings()
        {
            var found = new List<(Diagnosis Diagnosis, KnowledgeBaseItem Item, long Line)>();
            foreach (var item in _kb.Items)
            {
                var contributing = SatisfiedConditions(item.Match);
                if (contributing == null) continue;
                var diagnosis = Describe(item, contributing, out long primaryLine);
                found.Add((diagnosis, item, primaryLine));
            }
            return found
                .OrderBy(f => f.Item.Harmless)
                .ThenByDescending(f => f.Item.Priority)
                .ThenBy(f => f.Line)
                .Select(f => f.Diagnosis)
                .ToList();
        }

        /// <summary>The <c>AIB-UNKNOWN</c> diagnosis: where the build failed and its last error lines.</summary>
        public Diagnosis DescribeUnknown()
        {
            var u = _kb.Unknown;
            var anchor = _firstFailure;
            string? provisioner = anchor?.Provisioner;
            int index = anchor?.ProvisionerIndex ?? 0;
            var errors = _errorLines.ToList();
            if (provisioner == null)
            {
                var lastWithProvisioner = errors.LastOrDefault(e => e.Provisioner != null);
                var stoppedIn = StoppedIn();
                provisioner = lastWithProvisioner?.Provisioner ?? stoppedIn.Name;
                index = lastWithProvisioner?.ProvisionerIndex ?? stoppedIn.Index;
            }
            // Prefer the failing provisioner's own error lines.
            var own = provisioner != null && index == _stepErrors.ProvisionerIndex
                ? _stepErrors.For(index)
                : errors.Where(e => provisioner != null && e.ProvisionerIndex == index).ToList();
            var evidence = own.Count > 0 ? own : errors;
            if (anchor != null) evidence.Add(anchor);
            return Diagnosis.Create(u, DiagnosisConfidence.Low, provisioner, index, anchor?.Stage ?? _stage, ToEvidence(evidence));
        }

        /// <summary>The provisioner running at the last line, or the last one if the log stopped right after it.</summary>
        private (string? Name, int Index) StoppedIn()
        {
            if (_runningProvisioner != null) return (_runningProvisioner, _runningProvisionerIndex);
            if (AfterLastProvisioner(_stage)) return (_lastProvisioner, _lastProvisionerIndex);
            return (null, 0);
        }

        /// <summary>
        /// True while no stage after the provisioners has begun: still customizing, or cleaning up without a capture
        /// (the build stopped in the last provisioner).
        /// </summary>
        private bool AfterLastProvisioner(BuildStage stage) =>
            _lastProvisioner != null
            && (stage == BuildStage.Customize || stage == BuildStage.Deprovision || (stage == BuildStage.Cleanup && !_captured));


        /// <summary>The conditions using one of the knowledge base's keywords found in the line.</summary>
        private List<int> CandidateSlots(int[]? keywords)
        {
            _candidateSlots.Clear();
            if (keywords == null) return _candidateSlots;
            foreach (int k in keywords)
            {
                foreach (int slot in _kb.KeywordConditions[k])
                {
                    if (_isCandidate[slot]) continue;
                    _isCandidate[slot] = true;
                    _candidateSlots.Add(slot);
                }
            }
            foreach (int slot in _candidateSlots) _isCandidate[slot] = false;
            return _candidateSlots;
        }

        /// <summary>The message of <paramref name="line"/> from <paramref name="start"/> holds an error word or apt's "E: ".</summary>
        private static bool LooksLikeError(string line, int start, int words) =>
            (words & LineWords.Error) != 0
            || ((words & LineWords.AptError) != 0
                && (line.IndexOf(" E: ", start, StringComparison.Ordinal) >= 0 || OrdinalText.StartsAt(line, start, "E: ")));

        /// <summary>The case-insensitive part of apt's " E: " prefix that the one scan looks for (<see cref="LooksLikeError"/> then checks it exactly).</summary>
        internal const string AptErrorFragment = "e: ";

        /// <summary>Matches one line (or service message) against the candidate conditions and records the hits; returns whether a harmless item matched it.</summary>
        private bool RecordMatches(string text, LogEntry? entry, ConditionInput input, List<int> candidates)
        {
            long line = entry?.LineNumber ?? 0;
            _matched.Clear();
            foreach (int slot in candidates)
            {
                var c = _kb.Conditions[slot];
                if (Matches(c, text, entry, input) && TimelineAllows(c, entry)) _matched.Add(slot);
            }
            if (_matched.Count == 0) return false;

            // "after" looks at the state before this line, so A and B on the same line is not "B after A".
            _accepted.Clear();
            foreach (int slot in _matched)
            {
                var c = _kb.Conditions[slot];
                if (c.After != null)
                {
                    var before = _state[c.After.Slot];
                    if (entry == null || before.LastLine == 0 || before.LastLine >= line) continue;
                    if (c.Within > 0 && line - before.LastLine > c.Within) continue;
                }
                if (c.UnlessAfter != null)
                {
                    long seen = _state[c.UnlessAfter.Slot].LastLine;
                    if (entry == null || (seen > 0 && seen < line)) continue;
                }
                _accepted.Add(slot);
            }

            bool harmless = false;
            Hit? hit = null;
            foreach (int slot in _accepted)
            {
                var c = _kb.Conditions[slot];
                hit ??= entry == null
                    ? MakeHit(0, text, BuildStage.Unknown, null, 0)
                    : MakeHit(line, entry.Raw, entry.Stage, entry.Provisioner, entry.ProvisionerIndex);
                _state[slot].Record(hit);
                if (c.Item == null)
                {
                    Failed = true;
                    _firstFailure ??= hit;
                }
                else if (c.Item.Harmless)
                {
                    harmless = true;
                }
            }

            // "notAfter": a later line of the referenced condition cancels earlier matches (e.g. a success marker).
            foreach (var c in _clearable)
            {
                if (_accepted.Contains(c.NotAfter!.Slot) && !_accepted.Contains(c.Slot)) _state[c.Slot].Count = 0;
            }
            return harmless;
        }

        private static bool Matches(LineCondition c, string text, LogEntry? entry, ConditionInput input)
        {
            if (c.Input != ConditionInput.Any && c.Input != input) return false;
            if (entry != null)
            {
                if (c.Streams != null && System.Array.IndexOf(c.Streams, entry.Stream) < 0) return false;
                if (c.Stages != null && System.Array.IndexOf(c.Stages, entry.Stage) < 0) return false;
                if (c.Provisioners != null)
                {
                    if (entry.Provisioner == null) return false;
                    if (System.Array.IndexOf(c.Provisioners, "*") < 0
                        && System.Array.IndexOf(c.Provisioners, entry.Provisioner.ToLowerInvariant()) < 0)
                    {
                        return false;
                    }
                }
            }
            else if (c.Streams != null || c.Stages != null || c.Provisioners != null)
            {
                return false; // a service message has no stream, stage or provisioner
            }

            bool any = false;
            foreach (var t in c.Text)
            {
                if (text.IndexOf(t, StringComparison.OrdinalIgnoreCase) >= 0) { any = true; break; }
            }
            if (!any) return false;
            foreach (var t in c.NotText)
            {
                if (text.IndexOf(t, StringComparison.OrdinalIgnoreCase) >= 0) return false;
            }
            return c.RegexMatches(text);
        }

        /// <summary>
        /// The condition's timeline test at this log line: the build timeout reached, or not knowable (no timeout
        /// given, or no timestamps). The log starts a few minutes after the run (the container starts first), so
        /// "reached" allows a margin before the timeout counted from the log's first line.
        /// </summary>
        private bool TimelineAllows(LineCondition c, LogEntry? entry)
        {
            if (c.BuildTimeout == BuildTimeoutCheck.None) return true;
            if (entry == null) return false;
            DateTimeOffset? at = entry.Time ?? _lastTime;
            if (_buildTimeout is not TimeSpan timeout || _startTime is not DateTimeOffset start || at is not DateTimeOffset now)
            {
                return c.BuildTimeout == BuildTimeoutCheck.Unknown;
            }
            if (c.BuildTimeout == BuildTimeoutCheck.Unknown) return false;
            var margin = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(10).Ticks, timeout.Ticks / 10));
            return now - start >= timeout - margin;
        }

        /// <summary>The satisfied conditions that make the node true (the richest branch of an anyOf), or null.</summary>
        private List<LineCondition>? SatisfiedConditions(MatchNode node)
        {
            switch (node)
            {
                case LineCondition c:
                    return _state[c.Slot].Count >= c.MinCount ? new List<LineCondition> { c } : null;
                case AllOfNode all:
                    var union = new List<LineCondition>();
                    foreach (var child in all.Children)
                    {
                        var r = SatisfiedConditions(child);
                        if (r == null) return null;
                        union.AddRange(r);
                    }
                    return union;
                case AnyOfNode any:
                    List<LineCondition>? best = null;
                    foreach (var child in any.Children)
                    {
                        var r = SatisfiedConditions(child);
                        if (r != null && (best == null || r.Count > best.Count)) best = r;
                    }
                    return best;
                default:
                    return null;
            }
        }

        private Diagnosis Describe(KnowledgeBaseItem item, List<LineCondition> contributing, out long primaryLine)
        {
            var hits = new List<Hit>();
            Hit? primary = null;
            foreach (var c in contributing.Distinct())
            {
                var s = _state[c.Slot];
                foreach (var h in s.Hits())
                {
                    hits.Add(h);
                }
                var first = s.First;
                if (first != null && !c.Context && (primary == null || first.Line < primary.Line)) primary = first;
            }
            if (primary == null) primary = hits.OrderBy(h => h.Line).FirstOrDefault();
            primaryLine = primary?.Line ?? 0;
            string? provisioner = primary?.Provisioner;
            int provisionerIndex = primary?.ProvisionerIndex ?? 0;
            var stage = primary?.Stage ?? BuildStage.Unknown;
            if (primaryLine == 0 && item.Phase == FailurePhase.Build)
            {
                // Known from the service's message only (e.g. a timeout): the log says where the build was when it stopped.
                var (name, index) = StoppedIn();
                provisioner = name;
                provisionerIndex = index;
                stage = _stage;
            }

            bool timeline = contributing.Any(c => c.BuildTimeout != BuildTimeoutCheck.None);
            if (timeline && _startHit != null)
            {
                hits.Add(_startHit); // with the stop line, it shows how long the build ran
            }

            if (item.StepErrors && provisionerIndex != 0)
            {
                // A failed step: what its script printed as errors is the evidence a user can act on.
                hits.AddRange(_stepErrors.For(provisionerIndex));
            }

            int distinct = contributing.Distinct().Count(); // context lines corroborate, too
            var confidence = item.Confidence
                ?? (distinct >= 2
                    || contributing.Any(c => c.MinCount > 1 || c.BuildTimeout == BuildTimeoutCheck.Reached)
                    || item.Phase == FailurePhase.Submission
                    ? DiagnosisConfidence.High
                    : DiagnosisConfidence.Medium);

            return Diagnosis.Create(item, confidence, provisioner, provisionerIndex, stage, ToEvidence(hits));
        }

        private static IReadOnlyList<EvidenceLine> ToEvidence(IEnumerable<Hit> hits)
        {
            var ordered = hits.GroupBy(h => h.Line).Select(g => g.First()).OrderBy(h => h.Line).ToList();
            if (ordered.Count > EvidenceLinesMax + StepErrorLines.Kept)
            {
                // Keep the first few (the onset) and the last ones (where it ended).
                int half = (EvidenceLinesMax + StepErrorLines.Kept) / 2;
                ordered = ordered.Take(half).Concat(ordered.Skip(ordered.Count - half)).ToList();
            }
            return ordered.Select(h => new EvidenceLine(h.Line, h.Text)).ToList();
        }

        private Hit MakeHit(long line, string text, BuildStage stage, string? provisioner, int provisionerIndex)
        {
            if (provisioner == null && AfterLastProvisioner(stage))
            {
                // Packer reports a provisioner's failure after its "(telemetry) ending" marker, often after the cleanup.
                provisioner = _lastProvisioner;
                provisionerIndex = _lastProvisionerIndex;
            }
            if (text.Length > EvidenceTextMax) text = text.Substring(0, EvidenceTextMax) + "…";
            return new Hit(line, text, stage, provisioner, provisionerIndex);
        }

        /// <summary>What one condition has seen so far: count since last cancelled, last line, first and latest hits.</summary>
        private sealed class ConditionState
        {
            private readonly Hit?[] _recent = new Hit?[RecentHitsKept];
            private int _recorded;

            public int Count { get; set; }
            public long LastLine { get; private set; }
            public Hit? First { get; private set; }

            public void Record(Hit hit)
            {
                if (Count == 0) First = hit; // first hit since the last cancellation
                Count++;
                if (hit.Line > 0) LastLine = hit.Line;
                _recent[_recorded % RecentHitsKept] = hit;
                _recorded++;
            }

            public IEnumerable<Hit> Hits()
            {
                if (First != null) yield return First;
                foreach (var h in _recent)
                {
                    if (h != null && h != First && (First == null || h.Line >= First.Line)) yield return h;
                }
            }
        }
    }
}
