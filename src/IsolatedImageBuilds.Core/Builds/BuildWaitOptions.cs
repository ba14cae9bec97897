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

        /// <summary>
        /// How long ARM may be unreachable or failing (408, 429, 5xx, resets) before waiting gives up, counted from the first
        /// read that failed after Azure.Core's own retries (6 per request, 0.8 s doubling, ~50 s): this is the long outer window.
        /// </summary>
        public TimeSpan MaxOutage { get; set; } = TimeSpan.FromMinutes(30);

        /// <summary>Stop waiting after this long and return the run as last read (no error; the build goes on). Null: no such limit.</summary>
        public TimeSpan? MaxWait { get; set; }

        public Action<BuildProgress>? Progress { get; set; }

        public Action<string>? Verbose { get; set; }

        /// <summary>Warnings, already prefixed with their id (an outage being ridden out).</summary>
        public Action<string>? Warning { get; set; }

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
