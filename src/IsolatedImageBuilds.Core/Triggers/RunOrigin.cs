using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Builds;

namespace IsolatedImageBuilds.Core.Triggers
{
    /// <summary>
    /// Who started a template's last run. lastRunStatus does not say; a SourceImage trigger's status time is the moment it
    /// last changed, and when it fired that is the run's start. So a run is Trigger-started when a trigger's status time
    /// falls within a second of the run's start (and before its end: deactivation and reactivation happen at a run's end),
    /// and Manual otherwise (Start-AibIsolatedBuild, az image builder run, or autoRun on creation).
    /// </summary>
    public static class RunOrigin
    {
        public const string Trigger = "Trigger";
        public const string Manual = "Manual";
        private static readonly TimeSpan s_sameMoment = TimeSpan.FromSeconds(1);

        public static string? Of(BuildRun run, IEnumerable<SourceImageTrigger> triggers)
        {
            if (run.StartTime is not DateTimeOffset start) return null;
            bool fired = triggers.Any(t => t.StatusTime is DateTimeOffset time && (time - start).Duration() <= s_sameMoment
                && (run.EndTime == null || time < run.EndTime));
            return fired ? Trigger : Manual;
        }

        /// <summary>Sets <see cref="BuildRun.StartedBy"/> on each run that has started; null where the triggers cannot be read.</summary>
        public static async Task MarkAsync(TriggerClient triggers, IEnumerable<BuildRun> runs, CancellationToken ct)
        {
            await Task.WhenAll(runs.Where(r => r.StartTime != null).Select(async run =>
            {
                try
                {
                    run.StartedBy = Of(run, await triggers.ListAsync(run.TemplateId, ct).ConfigureAwait(false));
                }
                catch (AibArmException)
                {
                    run.StartedBy = null; // who started it is a detail: a template whose triggers cannot be read is still shown
                }
            })).ConfigureAwait(false);
        }
    }
}
