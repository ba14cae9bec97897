using System;
using System.Runtime.CompilerServices;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>Options for reading a build log.</summary>
    public sealed class LogAnalyzerOptions
    {
        /// <summary>Mask secrets in every output field (on by default; <c>-NoRedact</c> turns it off).</summary>
        public bool Redact { get; set; } = true;

        /// <summary>The knowledge base to diagnose with; null for the embedded one.</summary>
        public KnowledgeBase? KnowledgeBase { get; set; }

        /// <summary>
        /// The run's effective build timeout (<see cref="Builds.BuildRun.EffectiveBuildTimeoutInMinutes"/>) when known:
        /// the diagnosis then tells a build stopped at its timeout from the log's timeline.
        /// </summary>
        public int? BuildTimeoutInMinutes { get; set; }

        /// <summary>Line number of the first line processed (to continue numbering when resuming).</summary>
        public long FirstLineNumber { get; set; } = 1;
    }

    /// <summary>
    /// The log engine for one build log: redacts, parses, tracks stage and provisioner, builds the timeline
    /// and diagnoses, one line at a time. Every source (file, blob ranges, ACI polling) feeds lines here,
    /// directly or through <see cref="LogFeed"/> / <see cref="LogStreamReader"/>. Not thread-safe.
    /// </summary>
    public sealed class LogAnalyzer
    {
        private readonly LogRedactor _redactor;
        private readonly LogStateTracker _tracker = new LogStateTracker();
        private readonly LogSummaryBuilder _summary = new LogSummaryBuilder();
        private readonly LogDiagnoser _diagnoser;
        private readonly LinePreparer _preparer;
        private string? _lastOperationId;

        public LogAnalyzer(LogAnalyzerOptions? options = null)
        {
            options ??= new LogAnalyzerOptions();
            if (options.FirstLineNumber < 1) throw new ArgumentOutOfRangeException(nameof(options), "FirstLineNumber must be 1 or more.");
            _redactor = options.Redact ? LogRedactor.Default : LogRedactor.None;
            _diagnoser = new LogDiagnoser(options.KnowledgeBase, options.BuildTimeoutInMinutes);
            _preparer = new LinePreparer(_diagnoser.Words, _redactor);
            NextLineNumber = options.FirstLineNumber;
        }

        /// <summary>The number the next line will get.</summary>
        public long NextLineNumber { get; private set; }

        /// <summary>The current stage and provisioner.</summary>
        public LogStateTracker State => _tracker;

        /// <summary>Processes one line (without its terminator) and returns its entry.</summary>
        [MethodImpl(HotPath.Optimized)]
        public LogEntry Process(string line)
        {
            if (line == null) throw new ArgumentNullException(nameof(line));
            var entry = _preparer.Prepare(line, NextLineNumber++, ref _lastOperationId);
            Commit(entry);
            return entry;
        }

        /// <summary>A preparer of lines for another thread (<see cref="LogFeed.AppendAll"/>); the analyzer keeps its own.</summary>
        internal LinePreparer CreatePreparer() => new LinePreparer(_diagnoser.Words, _redactor);

        /// <summary>Numbers an entry prepared elsewhere and runs it through the state machine. In log order.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal void CommitPrepared(LogEntry entry)
        {
            entry.LineNumber = NextLineNumber++;
            Commit(entry);
        }

        /// <summary>Runs a prepared entry through the state machine: stage and provisioner, timeline, diagnosis. In log order.</summary>
        [MethodImpl(HotPath.Optimized)]
        private void Commit(LogEntry entry)
        {
            var change = _tracker.Observe(entry, (entry.Words & LineWords.Landmark) != 0);
            _summary.Add(entry, change, _tracker);
            _diagnoser.Observe(entry, entry.Words);
            entry.KnowledgeKeywords = null;
        }

        /// <summary>
        /// Adds the service's error for this run (async-operation <c>error.code</c>/<c>error.message</c> or
        /// <c>lastRunStatus.message</c>), e.g. <c>PackerBuildFailed</c> or "Azure Container Instances provider not registered".
        /// </summary>
        public void AddServiceError(string message)
        {
            if (message == null) throw new ArgumentNullException(nameof(message));
            _diagnoser.AddServiceError(_redactor.Redact(message));
        }

        /// <summary>The timeline and diagnosis so far; cheap enough to call after every poll.</summary>
        public LogSummary GetSummary()
        {
            var summary = _summary.Build();
            var findings = _diagnoser.GetFindings();
            summary.Failed = _diagnoser.Failed;
            summary.Findings = findings;
            // A complete log without failure signals is a success: nothing to blame, even if warnings matched.
            if (!(summary.IsComplete && !summary.Failed))
            {
                Diagnosis? cause = null;
                foreach (var f in findings)
                {
                    if (!f.Harmless) { cause = f; break; }
                }
                summary.Diagnosis = cause ?? (summary.Failed ? _diagnoser.DescribeUnknown() : null);
            }
            foreach (var d in findings) DescribeProvisioner(d, summary);
            if (summary.Diagnosis != null) DescribeProvisioner(summary.Diagnosis, summary);
            return summary;
        }

        /// <summary>The script or inline command of the provisioner a diagnosis names, from the timeline.</summary>
        private static void DescribeProvisioner(Diagnosis diagnosis, LogSummary summary)
        {
            int index = diagnosis.ProvisionerIndex;
            if (index < 1 || index > summary.Provisioners.Count) return;
            var run = summary.Provisioners[index - 1];
            if (run.Index != index) return;
            diagnosis.ProvisionerScript = run.Script;
            diagnosis.ProvisionerCommand = run.Command;
        }
    }
}
