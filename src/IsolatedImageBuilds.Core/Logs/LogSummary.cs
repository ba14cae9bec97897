using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>One stage of the timeline: where it starts and ends in the log and in time.</summary>
    public sealed class StageSpan
    {
        internal StageSpan(BuildStage stage) { Stage = stage; }

        public BuildStage Stage { get; }
        public long FirstLine { get; internal set; }
        public long LastLine { get; internal set; }
        public DateTimeOffset? Start { get; internal set; }
        public DateTimeOffset? End { get; internal set; }
        public TimeSpan? Duration => Start.HasValue && End.HasValue ? End - Start : null;
        public long LineCount { get; internal set; }

        internal StageSpan Clone() => (StageSpan)MemberwiseClone();
    }

    /// <summary>One provisioner run, from its start (<c>(telemetry) Starting provisioner</c>, or today's <c>Provisioning with …</c>) to its end (see <see cref="LogStateTracker"/>).</summary>
    public sealed class ProvisionerRun
    {
        internal ProvisionerRun(string name, int index) { Name = name; Index = index; }

        public string Name { get; }

        /// <summary>1-based order among provisioner starts.</summary>
        public int Index { get; }
        public long StartLine { get; internal set; }
        public long? EndLine { get; internal set; }
        public DateTimeOffset? Start { get; internal set; }
        public DateTimeOffset? End { get; internal set; }
        public TimeSpan? Duration => Start.HasValue && End.HasValue ? End - Start : null;

        /// <summary>The script it runs (<c>Provisioning with … script: &lt;path&gt;</c>; for the file provisioner, the file uploaded), when the log shows it.</summary>
        public string? Script { get; internal set; }

        /// <summary>The first lines of its inline command (PowerShell's <c>Found command:</c>), when the log shows them.</summary>
        public string? Command { get; internal set; }

        /// <summary>The first non-zero exit code reported by <c>Communicator ended with</c>, else the last one; null if none seen.</summary>
        public int? ExitCode { get; internal set; }

        /// <summary>False while (or if) the ending marker never came: the build stopped inside it.</summary>
        public bool Ended => EndLine.HasValue;

        internal ProvisionerRun Clone() => (ProvisionerRun)MemberwiseClone();

        public override string ToString() => Name + " #" + Index;
    }

    /// <summary>The timeline of a build log plus its diagnosis. A snapshot: later lines do not change it.</summary>
    public sealed class LogSummary
    {
        public long LineCount { get; internal set; }
        public string? OperationId { get; internal set; }
        public DateTimeOffset? Start { get; internal set; }
        public DateTimeOffset? End { get; internal set; }
        public TimeSpan? Duration => Start.HasValue && End.HasValue ? End - Start : null;

        /// <summary>The stages seen, in build order.</summary>
        public IReadOnlyList<StageSpan> Stages { get; internal set; } = Array.Empty<StageSpan>();

        /// <summary>The provisioners run, in order (at most <see cref="LogSummaryBuilder.MaxProvisioners"/>).</summary>
        public IReadOnlyList<ProvisionerRun> Provisioners { get; internal set; } = Array.Empty<ProvisionerRun>();

        /// <summary>The last stage reached.</summary>
        public BuildStage LastStage { get; internal set; }

        /// <summary>The last provisioner that started (still running if <see cref="ProvisionerRun.Ended"/> is false).</summary>
        public ProvisionerRun? LastProvisioner { get; internal set; }

        /// <summary>
        /// Where the log stopped: the last stage, and the last provisioner when it was still running or the build failed
        /// (a successful build that reached cleanup finished its provisioners: naming one would point at nothing).
        /// </summary>
        public string StoppedAt => LastProvisioner == null || (LastProvisioner.Ended && !Failed)
            ? LastStage.ToString()
            : $"{LastStage} / {LastProvisioner.Name} #{LastProvisioner.Index}";

        /// <summary>The log ends with AIB's <c>Done exporting Packer logs ...</c> marker, so nothing more will come.</summary>
        public bool IsComplete { get; internal set; }

        /// <summary>A failure signal was seen in the log or given as a service error.</summary>
        public bool Failed { get; internal set; }

        /// <summary>The cause of the failure, or null when the build did not fail (or has not yet).</summary>
        public Diagnosis? Diagnosis { get; internal set; }

        /// <summary>Every known item matched, including harmless warnings, most relevant first.</summary>
        public IReadOnlyList<Diagnosis> Findings { get; internal set; } = Array.Empty<Diagnosis>();
    }

    /// <summary>Builds the timeline incrementally; memory does not grow with the number of lines.</summary>
    public sealed class LogSummaryBuilder
    {
        /// <summary>Provisioner runs kept; a real template has a few dozen at most.</summary>
        public const int MaxProvisioners = 1000;

        private readonly StageSpan?[] _stages = new StageSpan?[7];
        private readonly List<ProvisionerRun> _provisioners = new List<ProvisionerRun>();
        private ProvisionerRun? _current;
        private ProvisionerRun? _last;
        private long _lines;
        private string? _operationId;
        private DateTimeOffset? _start;
        private DateTimeOffset? _end;
        private bool _complete;
        private BuildStage _lastStage;

        /// <summary>Takes the entry after <see cref="LogStateTracker.Observe(LogEntry)"/> set its stage, with the changes it reported.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Add(LogEntry entry, LogStateChange change, LogStateTracker tracker)
        {
            _lines++;
            if (_operationId == null && entry.OperationId != null) _operationId = entry.OperationId;
            var time = entry.Time;
            if (time.HasValue)
            {
                if (!_start.HasValue) _start = time;
                _end = time;
            }

            var span = _stages[(int)entry.Stage];
            if (span == null)
            {
                span = _stages[(int)entry.Stage] = new StageSpan(entry.Stage) { FirstLine = entry.LineNumber };
            }
            span.LastLine = entry.LineNumber;
            span.LineCount++;
            if (time.HasValue)
            {
                if (!span.Start.HasValue) span.Start = time;
                span.End = time;
            }
            if (entry.Stage != BuildStage.Unknown) _lastStage = entry.Stage;

            // A provisioner ends before the next starts (today's logs have no end marker: the next start ends it).
            if (_current != null && (change & LogStateChange.ExitCode) != 0 && (_current.ExitCode == null || _current.ExitCode == 0)
                && (entry.Provisioner != null || (change & LogStateChange.ProvisionerEnded) != 0))
            {
                _current.ExitCode = tracker.LastExitCode;
            }
            if (_current != null && (change & LogStateChange.ProvisionerEnded) != 0)
            {
                _current.EndLine = entry.LineNumber;
                _current.End = time ?? _end;
                _current = null;
            }
            if ((change & LogStateChange.ProvisionerStarted) != 0 && entry.Provisioner != null)
            {
                _current = new ProvisionerRun(entry.Provisioner, entry.ProvisionerIndex) { StartLine = entry.LineNumber, Start = time };
                _last = _current;
                if (_provisioners.Count < MaxProvisioners) _provisioners.Add(_current);
            }
            if (_current != null)
            {
                if (time.HasValue && !_current.Start.HasValue) _current.Start = time;
                if ((change & (LogStateChange.ProvisionerDetail | LogStateChange.ProvisionerStarted)) != 0)
                {
                    _current.Script = tracker.ProvisionerScript;
                    _current.Command = tracker.ProvisionerCommand;
                }
            }
            if ((change & LogStateChange.Completed) != 0) _complete = true;
        }

        /// <summary>A snapshot of the timeline so far (the diagnosis is filled in by <see cref="LogAnalyzer"/>).</summary>
        public LogSummary Build()
        {
            var stages = new List<StageSpan>();
            foreach (var s in _stages)
            {
                if (s != null) stages.Add(s.Clone()); // Unknown first: the lines before any landmark
            }
            var runs = new List<ProvisionerRun>(_provisioners.Count);
            ProvisionerRun? last = null;
            foreach (var p in _provisioners)
            {
                var copy = p.Clone();
                runs.Add(copy);
                if (ReferenceEquals(p, _last)) last = copy;
            }
            return new LogSummary
            {
                LineCount = _lines,
                OperationId = _operationId,
                Start = _start,
                End = _end,
                Stages = stages,
                Provisioners = runs,
                LastStage = _lastStage,
                LastProvisioner = last ?? _last?.Clone(),
                IsComplete = _complete,
            };
        }
    }
}
