using System;
using System.Linq;
using IsolatedImageBuilds.Core.Builds;

namespace IsolatedImageBuilds
{
    /// <summary>A run of an image template: state, stage, timing, outputs, where the log is.</summary>
    public sealed class AibBuildRun
    {
        internal AibBuildRun(BuildRun run)
        {
            Name = run.TemplateName;
            ResourceGroupName = run.ResourceGroupName;
            SubscriptionId = run.SubscriptionId;
            TemplateId = run.TemplateId;
            Location = run.Location;
            RunState = run.RunState;
            RunSubState = string.IsNullOrEmpty(run.RunSubState) ? null : run.RunSubState;
            Message = string.IsNullOrEmpty(run.Message) ? null : run.Message;
            StartTime = run.StartTime;
            EndTime = run.EndTime;
            Duration = run.Duration;
            OperationId = run.OperationId;
            StagingResourceGroup = run.StagingResourceGroup;
            LogLocation = run.LogLocation;
            ErrorCode = run.ErrorCode;
            Reattached = run.Reattached;
            WaitStopped = run.WaitStopped;
            IdempotencyKey = run.IdempotencyKey;
            StartedBy = run.StartedBy;
            Outputs = run.Outputs.Select(o => new AibRunOutput(o)).ToArray();
        }

        /// <summary>The template's name (binds to -Name of the other cmdlets).</summary>
        public string Name { get; }
        public string ResourceGroupName { get; }
        public string SubscriptionId { get; }
        public string TemplateId { get; }
        public string? Location { get; }
        public string RunState { get; }
        public string? RunSubState { get; }
        public string? Message { get; }
        public DateTimeOffset? StartTime { get; }
        public DateTimeOffset? EndTime { get; }
        public TimeSpan? Duration { get; }
        public string? OperationId { get; }
        public string? StagingResourceGroup { get; }
        public string? LogLocation { get; internal set; }
        public string? ErrorCode { get; }

        /// <summary>True when this call attached to a build already running instead of starting one.</summary>
        public bool Reattached { get; }

        /// <summary>True when -MaxWaitMinutes ended the wait with the build still going (re-attach with Get-AibIsolatedBuild -Wait).</summary>
        public bool WaitStopped { get; }

        /// <summary>The -IdempotencyKey the run was started or found under (an Automation job's id by default).</summary>
        public string? IdempotencyKey { get; }

        /// <summary>Trigger when a SourceImage trigger of the template fired at the run's start (its status time), else Manual.</summary>
        public string? StartedBy { get; }

        public AibRunOutput[] Outputs { get; }

        /// <summary>The cause of a failure as far as it is known (service message or log diagnosis).</summary>
        public string? Diagnosis { get; internal set; }

        public override string ToString() => $"{Name}: {RunState}{(RunSubState == null ? string.Empty : "/" + RunSubState)}";
    }

    /// <summary>An artifact a distributor produced.</summary>
    public sealed class AibRunOutput
    {
        internal AibRunOutput(BuildRunOutput output)
        {
            Name = output.Name;
            ArtifactId = output.ArtifactId;
            ArtifactUri = output.ArtifactUri;
            ProvisioningState = output.ProvisioningState;
        }

        public string Name { get; }
        public string? ArtifactId { get; }
        public string? ArtifactUri { get; }
        public string? ProvisioningState { get; }

        public override string ToString() => ArtifactId ?? ArtifactUri ?? Name;
    }
}
