using System;
using System.Collections.Generic;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Inventory
{
    /// <summary>An image template as the inventory reads it from Azure Resource Graph.</summary>
    public sealed class TemplateRecord
    {
        public string Id { get; set; } = string.Empty;
        public string SubscriptionId { get; set; } = string.Empty;
        public string ResourceGroupName { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string Location { get; set; } = string.Empty;
        public NetworkTopology Topology { get; set; }
        public string? SubnetId { get; set; }
        public string? ContainerInstanceSubnetId { get; set; }
        public string? ProxyVmSize { get; set; }
        public string? VmSize { get; set; }
        /// <summary>The user-assigned identity's id (AIB allows one).</summary>
        public string? IdentityId { get; set; }
        /// <summary>PlatformImage publisher:offer:sku:version, or the image / image-version id.</summary>
        public string? Source { get; set; }
        public string? SourceType { get; set; }
        public IReadOnlyList<DistributionTarget> Distribution { get; set; } = Array.Empty<DistributionTarget>();
        /// <summary>exactStagingResourceGroup (the group AIB uses), else the stagingResourceGroup asked for.</summary>
        public string? StagingResourceGroupId { get; set; }
        /// <summary>properties.stagingResourceGroup: the group the template brings, or null when AIB makes one.</summary>
        public string? RequestedStagingResourceGroupId { get; set; }
        public string? ProvisioningState { get; set; }
        public LastRun? LastRun { get; set; }
        public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
    }

    /// <summary>One distribute entry: its kind, run output name and the image, gallery image or VHD it writes.</summary>
    public sealed class DistributionTarget
    {
        public string Type { get; set; } = string.Empty;
        public string? RunOutputName { get; set; }
        public string? Target { get; set; }
        public IReadOnlyList<string> Regions { get; set; } = Array.Empty<string>();
    }

    /// <summary>properties.lastRunStatus.</summary>
    public sealed class LastRun
    {
        public string? RunState { get; set; }
        public string? RunSubState { get; set; }
        public DateTimeOffset? StartTime { get; set; }
        public DateTimeOffset? EndTime { get; set; }
        public string? Message { get; set; }
    }
}
