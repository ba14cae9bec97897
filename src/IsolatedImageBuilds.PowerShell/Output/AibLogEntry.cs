using System;
using System.Linq;
using IsolatedImageBuilds.Core.Logs;

namespace IsolatedImageBuilds
{
    /// <summary>One line of a build log, parsed: when, which stream, which stage and provisioner, the text (secrets redacted).</summary>
    public sealed class AibLogEntry
    {
        internal AibLogEntry(LogEntry entry)
        {
            LineNumber = entry.LineNumber;
            Time = entry.Time;
            OperationId = entry.OperationId;
            Stream = entry.Stream.ToString();
            Stage = entry.Stage.ToString();
            Provisioner = entry.Provisioner;
            ProvisionerIndex = entry.ProvisionerIndex == 0 ? (int?)null : entry.ProvisionerIndex;
            Message = entry.Message;
            Raw = entry.Raw;
        }

        public long LineNumber { get; }
        public DateTimeOffset? Time { get; }
        public string? OperationId { get; }

        /// <summary>Out, Err, Ui, UiError or Other.</summary>
        public string Stream { get; }

        /// <summary>Deploy, Connect, Customize, Deprovision, CaptureDistribute, Cleanup or Unknown.</summary>
        public string Stage { get; }

        public string? Provisioner { get; }
        public int? ProvisionerIndex { get; }
        public string Message { get; }

        /// <summary>The whole line as logged (redacted unless -NoRedact).</summary>
        public string Raw { get; }

        public override string ToString() => Raw;
    }

    /// <summary>The known cause of a failure, with the fix and the lines that show it.</summary>
    public sealed class AibDiagnosis
    {
        internal AibDiagnosis(Diagnosis diagnosis)
        {
            Id = diagnosis.Id;
            Title = diagnosis.Title;
            Cause = diagnosis.Cause;
            Fix = diagnosis.Fix;
            Severity = diagnosis.Severity.ToString();
            Harmless = diagnosis.Harmless;
            Confidence = diagnosis.Confidence.ToString();
            Provisioner = diagnosis.Provisioner;
            ProvisionerIndex = diagnosis.ProvisionerIndex == 0 ? (int?)null : diagnosis.ProvisionerIndex;
            Stage = diagnosis.Stage.ToString();
            ProvisionerScript = diagnosis.ProvisionerScript;
            ProvisionerCommand = diagnosis.ProvisionerCommand;
            Evidence = diagnosis.EvidenceLines.Select(e => e.ToString()).ToArray();
        }

        /// <summary>The knowledge-base item, e.g. AIB-011, or AIB-UNKNOWN.</summary>
        public string Id { get; }
        public string Title { get; }
        public string Cause { get; }
        public string Fix { get; }
        public string Severity { get; }
        public bool Harmless { get; }
        public string Confidence { get; }
        public string? Provisioner { get; }
        public int? ProvisionerIndex { get; }
        public string Stage { get; }

        /// <summary>The failing provisioner's script, when the log names it.</summary>
        public string? ProvisionerScript { get; }

        /// <summary>The first lines of the failing provisioner's inline command, when the log shows them.</summary>
        public string? ProvisionerCommand { get; }
        public string[] Evidence { get; }

        public override string ToString()
        {
            string where = Provisioner == null
                ? string.Empty
                : $" (in {Provisioner} #{ProvisionerIndex}{(ProvisionerScript == null ? string.Empty : ", " + ProvisionerScript)})";
            return $"{Id}: {Title}{where}. {Cause} Fix: {Fix}";
        }
    }

    /// <summary>A build log's timeline by stage, the provisioners run, where it stopped, and the diagnosis.</summary>
    public sealed class AibBuildLogSummary
    {
        internal AibBuildLogSummary(string? templateName, string? source, string? authMethod, string? runId, LogSummary summary)
        {
            Name = templateName;
            Source = source;
            AuthMethod = authMethod;
            RunId = runId;
            OperationId = summary.OperationId;
            LineCount = summary.LineCount;
            Start = summary.Start;
            End = summary.End;
            Duration = summary.Duration;
            Stages = summary.Stages.Select(s => new AibLogStage(s)).ToArray();
            Provisioners = summary.Provisioners.Select(p => new AibLogProvisioner(p)).ToArray();
            StoppedAt = summary.StoppedAt;
            IsComplete = summary.IsComplete;
            Failed = summary.Failed;
            Diagnosis = summary.Diagnosis == null ? null : new AibDiagnosis(summary.Diagnosis);
            Findings = summary.Findings.Select(f => new AibDiagnosis(f)).ToArray();
        }

        public string? Name { get; }
        /// <summary>Where the log was read: blob URI, file path, or the live container.</summary>
        public string? Source { get; }
        /// <summary>EntraId or AccountKey for blobs.</summary>
        public string? AuthMethod { get; }
        public string? RunId { get; }
        public string? OperationId { get; }
        public long LineCount { get; }
        public DateTimeOffset? Start { get; }
        public DateTimeOffset? End { get; }
        public TimeSpan? Duration { get; }
        public AibLogStage[] Stages { get; }
        public AibLogProvisioner[] Provisioners { get; }
        /// <summary>The last stage (and provisioner) the log reached.</summary>
        public string StoppedAt { get; }
        /// <summary>True when the log ends with AIB's closing line (Done exporting Packer logs...).</summary>
        public bool IsComplete { get; }
        public bool Failed { get; }
        public AibDiagnosis? Diagnosis { get; }
        /// <summary>Every known pattern found, harmless ones included.</summary>
        public AibDiagnosis[] Findings { get; }
    }

    public sealed class AibLogStage
    {
        internal AibLogStage(StageSpan span)
        {
            Stage = span.Stage.ToString();
            Start = span.Start;
            End = span.End;
            Duration = span.Duration;
            FirstLine = span.FirstLine;
            LastLine = span.LastLine;
            LineCount = span.LineCount;
        }

        public string Stage { get; }
        public DateTimeOffset? Start { get; }
        public DateTimeOffset? End { get; }
        public TimeSpan? Duration { get; }
        public long FirstLine { get; }
        public long LastLine { get; }
        public long LineCount { get; }
    }

    public sealed class AibLogProvisioner
    {
        internal AibLogProvisioner(ProvisionerRun run)
        {
            Name = run.Name;
            Index = run.Index;
            Start = run.Start;
            End = run.End;
            Duration = run.Duration;
            ExitCode = run.ExitCode;
            Script = run.Script;
            Command = run.Command;
            Ended = run.Ended;
            StartLine = run.StartLine;
        }

        public string Name { get; }
        public int Index { get; }
        public DateTimeOffset? Start { get; }
        public DateTimeOffset? End { get; }
        public TimeSpan? Duration { get; }
        public int? ExitCode { get; }

        /// <summary>The script it ran (or the file it uploaded), when the log names it.</summary>
        public string? Script { get; }

        /// <summary>The first lines of its inline command, when the log shows them.</summary>
        public string? Command { get; }
        public bool Ended { get; }
        public long StartLine { get; }
    }
}
