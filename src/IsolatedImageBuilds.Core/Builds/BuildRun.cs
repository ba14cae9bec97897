using System;
using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Builds
{
    /// <summary>One run of an image template as Core sees it: the lastRunStatus, where its log is, what it produced.</summary>
    public sealed class BuildRun
    {
        public string TemplateName { get; set; } = string.Empty;
        public string TemplateId { get; set; } = string.Empty;
        public string ResourceGroupName { get; set; } = string.Empty;
        public string SubscriptionId { get; set; } = string.Empty;
        public string? Location { get; set; }

        /// <summary>Running, Canceling, Succeeded, PartiallySucceeded, Failed, Canceled; None when the template never ran.</summary>
        public string RunState { get; set; } = "None";

        /// <summary>Queued, Building, Customizing, Optimizing, Validating, Distributing (while running).</summary>
        public string? RunSubState { get; set; }

        public string? Message { get; set; }
        public DateTimeOffset? StartTime { get; set; }
        public DateTimeOffset? EndTime { get; set; }

        /// <summary>End − start for a finished run, now − start for a running one.</summary>
        public TimeSpan? Duration => StartTime is DateTimeOffset start ? (EndTime ?? DateTimeOffset.UtcNow) - start : (TimeSpan?)null;

        /// <summary>The id AIB prefixes every Packer log line with; from the run's async operation or its message.</summary>
        public string? OperationId { get; set; }

        /// <summary>The Azure-AsyncOperation URL of the run request, when this process sent it.</summary>
        public string? OperationUrl { get; set; }

        public string? StagingResourceGroup { get; set; }

        /// <summary>The customization.log the service named (blob URL or ARM path), when it named one.</summary>
        public string? LogLocation { get; set; }

        /// <summary>The failure's code from the async operation (e.g. PackerBuildFailed), when known.</summary>
        public string? ErrorCode { get; set; }

        public IList<BuildRunOutput> Outputs { get; set; } = new List<BuildRunOutput>();

        /// <summary>When this process sent the run request (null when attaching to a run started elsewhere).</summary>
        public DateTimeOffset? RequestedAt { get; set; }

        /// <summary>Trigger or Manual (see <see cref="Triggers.RunOrigin"/>); null when not determined.</summary>
        public string? StartedBy { get; set; }

        /// <summary>True when this call attached to a run that was already going instead of starting one.</summary>
        public bool Reattached { get; set; }

        /// <summary>True when the wait stopped at its -MaxWaitMinutes with the build still going.</summary>
        public bool WaitStopped { get; set; }

        /// <summary>The -IdempotencyKey the run was started or found under, when one was given.</summary>
        public string? IdempotencyKey { get; set; }

        public int? BuildTimeoutInMinutes { get; set; }

        /// <summary>The build timeout the service applies: 0 or absent means 240 minutes.</summary>
        public int EffectiveBuildTimeoutInMinutes => BuildTimeoutInMinutes is int minutes && minutes > 0 ? minutes : 240;

        public bool IsRunning => RunState == "Running" || RunState == "Canceling";
        public bool IsFinished => RunState == "Succeeded" || RunState == "PartiallySucceeded" || RunState == "Failed" || RunState == "Canceled";
        public bool IsFailure => RunState == "Failed";
    }

    /// <summary>A run output (artifact) of a distributor.</summary>
    public sealed class BuildRunOutput
    {
        public string Name { get; set; } = string.Empty;
        public string? ArtifactId { get; set; }
        public string? ArtifactUri { get; set; }
        public string? ProvisioningState { get; set; }
    }

    /// <summary>What a waiting caller is told at each read.</summary>
    public sealed class BuildProgress
    {
        public BuildProgress(BuildRun run, TimeSpan elapsed)
        {
            Run = run;
            Elapsed = elapsed;
        }

        public BuildRun Run { get; }
        public TimeSpan Elapsed { get; }
    }
}
