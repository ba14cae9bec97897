using System;
using System.Collections.Generic;
using System.Management.Automation;
using IsolatedImageBuilds.Core.Builds;

namespace IsolatedImageBuilds.Builds
{
    /// <summary>
    /// Turns build reads into progress records: one activity per template (children of a summary
    /// activity when several run side by side), the real stage, elapsed time, always completed at the end.
    /// </summary>
    internal sealed class BuildProgressWriter
    {
        private static readonly Dictionary<string, int> s_percentByStage = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["Queued"] = 5,
            ["Building"] = 15,
            ["Customizing"] = 35,
            ["Optimizing"] = 65,
            ["Validating"] = 70,
            ["Distributing"] = 85,
        };

        private const int SummaryActivityId = 1;
        private readonly bool _several;

        public BuildProgressWriter(bool several)
        {
            _several = several;
        }

        public ProgressRecord For(int index, BuildProgress progress)
        {
            BuildRun run = progress.Run;
            string stage = run.IsRunning ? (string.IsNullOrEmpty(run.RunSubState) ? run.RunState : run.RunSubState!) : run.RunState;
            var record = new ProgressRecord(ActivityId(index), $"Image build {run.TemplateName}", $"{stage} - {Format(progress.Elapsed)} elapsed")
            {
                PercentComplete = run.IsFinished ? 100 : s_percentByStage.TryGetValue(run.RunSubState ?? string.Empty, out int percent) ? percent : 0,
                CurrentOperation = run.Message,
                ParentActivityId = _several ? SummaryActivityId : -1,
            };
            return record;
        }

        public ProgressRecord Completed(int index, string templateName)
            => new ProgressRecord(ActivityId(index), $"Image build {templateName}", "Done")
            {
                RecordType = ProgressRecordType.Completed,
                ParentActivityId = _several ? SummaryActivityId : -1,
            };

        public ProgressRecord Summary(int done, int total, bool completed)
            => new ProgressRecord(SummaryActivityId, "Image builds", $"{done} of {total} finished")
            {
                PercentComplete = total == 0 ? 100 : done * 100 / total,
                RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };

        public bool Several => _several;

        private static int ActivityId(int index) => 100 + index;

        private static string Format(TimeSpan elapsed) => $"{(int)elapsed.TotalHours:00}:{elapsed.Minutes:00}:{elapsed.Seconds:00}";
    }
}
