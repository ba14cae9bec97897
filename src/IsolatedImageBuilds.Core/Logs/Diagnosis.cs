using System;
using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Logs
{
    public enum DiagnosisSeverity
    {
        Info,
        Warning,
        Error,
    }

    public enum DiagnosisConfidence
    {
        Low,
        Medium,
        High,
    }

    /// <summary>A line that supports a diagnosis. Line number 0 marks a service error message rather than a log line.</summary>
    public sealed class EvidenceLine
    {
        public EvidenceLine(long lineNumber, string text)
        {
            LineNumber = lineNumber;
            Text = text ?? string.Empty;
        }

        public long LineNumber { get; }

        /// <summary>The line as it appears in the log (redacted unless redaction is off).</summary>
        public string Text { get; }

        public override string ToString() => LineNumber == 0 ? "service: " + Text : LineNumber + ": " + Text;
    }

    /// <summary>A known failure (or harmless warning) recognised in a build log or service error, or <c>AIB-UNKNOWN</c>.</summary>
    public sealed class Diagnosis
    {
        /// <summary>The id of the unknown-failure diagnosis.</summary>
        public const string UnknownId = "AIB-UNKNOWN";

        public string Id { get; internal set; } = string.Empty;
        public string Title { get; internal set; } = string.Empty;
        public string Cause { get; internal set; } = string.Empty;
        public string Fix { get; internal set; } = string.Empty;
        public DiagnosisSeverity Severity { get; internal set; }

        /// <summary>A warning that is expected or transient; never reported as the cause of a failure.</summary>
        public bool Harmless { get; internal set; }
        public DiagnosisConfidence Confidence { get; internal set; }

        /// <summary>The provisioner running when the failure showed (null if none was).</summary>
        public string? Provisioner { get; internal set; }

        /// <summary>Its 1-based index among provisioner starts (0 if none).</summary>
        public int ProvisionerIndex { get; internal set; }
        public BuildStage Stage { get; internal set; }

        /// <summary>The failing provisioner's script, when the log names it (see <see cref="ProvisionerRun.Script"/>).</summary>
        public string? ProvisionerScript { get; internal set; }

        /// <summary>The first lines of the failing provisioner's inline command, when the log shows them.</summary>
        public string? ProvisionerCommand { get; internal set; }

        /// <summary>The lines that matched, in log order (bounded).</summary>
        public IReadOnlyList<EvidenceLine> EvidenceLines { get; internal set; } = Array.Empty<EvidenceLine>();

        public override string ToString() => Id + ": " + Title;

        internal static Diagnosis Create(KnowledgeBaseItem item, DiagnosisConfidence confidence, string? provisioner, int provisionerIndex,
            BuildStage stage, IReadOnlyList<EvidenceLine> evidence)
        {
            return new Diagnosis
            {
                Id = item.Id,
                Title = item.Title,
                Cause = item.Cause,
                Fix = item.Fix,
                Severity = item.Severity,
                Harmless = item.Harmless,
                Confidence = confidence,
                Provisioner = provisioner,
                ProvisionerIndex = provisioner == null ? 0 : provisionerIndex,
                Stage = stage,
                EvidenceLines = evidence,
            };
        }
    }
}
