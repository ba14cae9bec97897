using System;

namespace IsolatedImageBuilds.Core.Builds
{
    /// <summary>How to wait for a build: cadence, limits, and where to report.</summary>
    public sealed class BuildWaitOptions
    {
        /// <summary>Reads while the build runs (Building and later). 15 s: at most 4 reads a minute, a stage change seen within 15 s.</summary>
        public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Reads while the run request is being taken up (before the run shows, or Queued): the server's Retry-After when larger.</summary>
        public TimeSpan StartupPollingInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Stop waiting after this long (the build goes on). Null: the template's buildTimeoutInMinutes (0 ⇒ 240) plus <see cref="TimeoutMargin"/>.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>Added to the template's build timeout: queueing, distribution and replication are outside it.</summary>
        public TimeSpan TimeoutMargin { get; set; } = TimeSpan.FromMinutes(45);

        /// <summary>How long ARM may be unreachable or failing (429, 5xx, resets) before waiting gives up.</summary>
        public TimeSpan MaxOutage { get; set; } = TimeSpan.FromMinutes(30);

        public Action<BuildProgress>? Progress { get; set; }

        public Action<string>? Verbose { get; set; }

        /// <summary>A copy of every option with its own progress sink (one per run waited for side by side).</summary>
        public BuildWaitOptions WithProgress(Action<BuildProgress>? progress)
        {
            var copy = (BuildWaitOptions)MemberwiseClone();
            copy.Progress = progress;
            return copy;
        }

        internal TimeSpan EffectiveTimeout(BuildRun run)
        {
            if (Timeout is TimeSpan explicitTimeout)
            {
                return explicitTimeout;
            }
            return TimeSpan.FromMinutes(run.EffectiveBuildTimeoutInMinutes) + TimeoutMargin;
        }
    }
}
