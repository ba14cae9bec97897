using System;

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
        private string? _lastOperationId;

        public LogAnalyzer(LogAnalyzerOptions? options = null)
        {
            options ??= new LogAnalyzerOptions();
            if (options.FirstLineNumber < 1) throw new ArgumentOutOfRangeException(nameof(options), "FirstLineNumber must be 1 or more.");
            _redactor = options.Redact ? LogRedactor.Default : LogRedactor.None;
            _diagnoser = new LogDiagnoser(options.KnowledgeBase, options.BuildTimeoutInMinutes);
            NextLineNumber = options.FirstLineNumber;
        }

        /// <summary>The number the next line will get.</summary>
        public long NextLineNumber { get; private set; }

        /// <summary>The current stage and provisioner.</summary>
        public LogStateTracker State => _tracker;

        /// <summary>Processes one line (without its terminator) and returns its entry.</summary>
        public LogEntry Process(string line)
        {
            if (line == null) throw new ArgumentNullException(nameof(line));
            long number = NextLineNumber++;
            var entry = LogLineParser.Parse(line, number, _lastOperationId);
            // One keyword scan of the message serves the redactor, the tracker and the diagnoser.
            int words = _diagnoser.Scan(line, entry.MessageStart);
            if (MayHoldSecret(entry, words, out bool prefixScanned))
            {
                // Redact the whole line, so that no field (message, raw, evidence) ever holds the secret. Its prefixes
                // (times, hexadecimal operation id, fixed words) hold no trigger: the message scan found them all.
                string redacted = prefixScanned
                    ? _redactor.Redact(line, (words & LineWords.Secret) != 0 ? _diagnoser.SecretTriggers : NoTriggers)
                    : _redactor.Redact(line);
                if (!ReferenceEquals(redacted, line))
                {
                    entry = LogLineParser.Redacted(entry, redacted, _lastOperationId);
                    words = _diagnoser.Rescan(entry.Raw, entry.MessageStart);
                }
            }
            _lastOperationId = entry.OperationId ?? _lastOperationId;
            var change = _tracker.Observe(entry, (words & LineWords.Landmark) != 0);
            _summary.Add(entry, change, _tracker);
            _diagnoser.Observe(entry, words);
            return entry;
        }

        /// <summary>
        /// Whether the redactor could mask something in this line: its message holds a trigger or key padding, or its
        /// operation id is not hexadecimal (<paramref name="prefixScanned"/> false: the other prefixes are times and fixed
        /// words, so only such an id can hold what the message scan did not see). Same id as the last line: checked then.
        /// </summary>
        private bool MayHoldSecret(LogEntry entry, int words, out bool prefixScanned)
        {
            prefixScanned = entry.OperationId == null || ReferenceEquals(entry.OperationId, _lastOperationId) || IsHexId(entry.OperationId);
            return _redactor.Enabled && (!prefixScanned || (words & LineWords.Secret) != 0 || LogRedactor.HasBase64Padding(entry.Raw, entry.MessageStart));
        }

        private static readonly bool[] NoTriggers = new bool[LogRedactor.Triggers.Length];

        private static bool IsHexId(string id)
        {
            foreach (char c in id)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-')) return false;
            }
            return true;
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
