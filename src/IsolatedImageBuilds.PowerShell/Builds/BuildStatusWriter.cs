using System;
using System.Collections.Generic;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Pipelines;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Builds
{
    /// <summary>
    /// Where progress bars are lost or unwelcome (Automation, Azure Pipelines): one compact line per stage change of
    /// each build instead of a progress record per read - in Azure Pipelines a collapsible section per stage.
    /// </summary>
    internal sealed class BuildStatusWriter
    {
        private readonly RunHostKind _host;
        private readonly Dictionary<string, string> _stageByTemplate = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private bool _groupOpen;

        public BuildStatusWriter(RunHostKind host)
        {
            _host = host;
        }

        /// <summary>The lines to write for this read: none unless the stage changed.</summary>
        public IReadOnlyList<string> For(BuildProgress progress)
        {
            BuildRun run = progress.Run;
            string stage = run.IsRunning ? (string.IsNullOrEmpty(run.RunSubState) ? run.RunState : run.RunSubState!) : run.RunState;
            lock (_stageByTemplate)
            {
                if (_stageByTemplate.TryGetValue(run.TemplateName, out string? last) && last == stage)
                {
                    return Array.Empty<string>();
                }
                _stageByTemplate[run.TemplateName] = stage;
                string line = $"AIB {run.TemplateName}: {stage} {Elapsed(progress.Elapsed)}"
                    + (run.StartTime is DateTimeOffset started ? $" (run started {started:u})" : string.Empty);
                if (_host != RunHostKind.AzurePipelines)
                {
                    return new[] { line };
                }
                var lines = new List<string>(2);
                if (_groupOpen) lines.Add(AzurePipelinesCommand.EndGroup);
                lines.Add(AzurePipelinesCommand.Group(line));
                _groupOpen = true;
                return lines;
            }
        }

        /// <summary>Closes the open section (Azure Pipelines) once waiting ends.</summary>
        public IReadOnlyList<string> Close()
        {
            lock (_stageByTemplate)
            {
                if (!_groupOpen) return Array.Empty<string>();
                _groupOpen = false;
                return new[] { AzurePipelinesCommand.EndGroup };
            }
        }

        private static string Elapsed(TimeSpan elapsed) => $"{(int)elapsed.TotalHours:00}:{elapsed.Minutes:00}:{elapsed.Seconds:00}";
    }
}
