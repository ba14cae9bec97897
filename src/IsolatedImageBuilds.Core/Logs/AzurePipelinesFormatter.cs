using System;
using System.Collections.Generic;
using System.Text;
using IsolatedImageBuilds.Core.Pipelines;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// Writes followed log output for Azure Pipelines (TF_BUILD set): one collapsible <c>##[group]</c> per build
    /// stage, and the diagnosis as a <c>##vso[task.logissue]</c> command. Log lines are defused first, because
    /// the agent executes a <c>##vso[</c> command found anywhere in a line, and a build script's output must not
    /// be able to set pipeline variables.
    /// </summary>
    public sealed class AzurePipelinesFormatter
    {
        private BuildStage? _open;

        /// <summary>The lines to write for this entry: group markers when the stage changes, then the entry's line.</summary>
        public IEnumerable<string> Format(LogEntry entry)
        {
            if (entry == null) throw new ArgumentNullException(nameof(entry));
            var lines = new List<string>(3);
            if (_open != entry.Stage)
            {
                if (_open.HasValue) lines.Add(AzurePipelinesCommand.EndGroup);
                lines.Add(AzurePipelinesCommand.Group("AIB stage: " + entry.Stage));
                _open = entry.Stage;
            }
            lines.Add(Defuse(entry.Raw));
            return lines;
        }

        /// <summary>Closes the open group, if any (call at the end of the output).</summary>
        public IEnumerable<string> Close()
        {
            if (!_open.HasValue) return Array.Empty<string>();
            _open = null;
            return new[] { AzurePipelinesCommand.EndGroup };
        }

        /// <summary>
        /// The logging command that raises the diagnosis as a pipeline error (a warning for harmless items and
        /// warning-severity ones).
        /// </summary>
        public static string LogIssue(Diagnosis diagnosis)
        {
            if (diagnosis == null) throw new ArgumentNullException(nameof(diagnosis));
            string type = diagnosis.Harmless || diagnosis.Severity != DiagnosisSeverity.Error ? "warning" : "error";
            var message = new StringBuilder()
                .Append(diagnosis.Id).Append(": ").Append(diagnosis.Title);
            if (diagnosis.Provisioner != null)
                message.Append(" (provisioner ").Append(diagnosis.Provisioner).Append(" #").Append(diagnosis.ProvisionerIndex).Append(')');
            message.Append(". ").Append(diagnosis.Cause).Append(" Fix: ").Append(diagnosis.Fix);
            return AzurePipelinesCommand.LogIssue(type, message.ToString(), code: diagnosis.Id);
        }

        /// <summary>Makes a log line inert for the agent: <c>##vso[</c> anywhere and <c>##[</c> at the start no longer read as commands.</summary>
        public static string Defuse(string line)
        {
            if (line == null) throw new ArgumentNullException(nameof(line));
            if (line.IndexOf("##", StringComparison.Ordinal) < 0) return line;
            line = ReplaceOrdinalIgnoreCase(line, "##vso[", "## vso[");
            string trimmed = line.TrimStart();
            return trimmed.StartsWith("##[", StringComparison.Ordinal)
                ? line.Substring(0, line.Length - trimmed.Length) + "## [" + trimmed.Substring(3)
                : line;
        }

        private static string ReplaceOrdinalIgnoreCase(string text, string oldValue, string newValue)
        {
            int i = text.IndexOf(oldValue, StringComparison.OrdinalIgnoreCase);
            if (i < 0) return text;
            var sb = new StringBuilder(text.Length + 8);
            int last = 0;
            while (i >= 0)
            {
                sb.Append(text, last, i - last).Append(newValue);
                last = i + oldValue.Length;
                i = text.IndexOf(oldValue, last, StringComparison.OrdinalIgnoreCase);
            }
            return sb.Append(text, last, text.Length - last).ToString();
        }
    }
}
