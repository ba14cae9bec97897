using System;
using System.Collections;
using System.Linq;
using IsolatedImageBuilds.Core.Inventory;

namespace IsolatedImageBuilds
{
    /// <summary>An image template from the inventory (Azure Resource Graph). Name, ResourceGroupName and SubscriptionId bind by
    /// property name to Test-AibPrerequisite, Start-/Get-/Stop-AibIsolatedBuild, Get-AibBuildLog and Get-AibStagingResource.</summary>
    public sealed class AibImageTemplate
    {
        internal AibImageTemplate(TemplateRecord record)
        {
            Record = record;
            Tags = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in record.Tags) Tags[pair.Key] = pair.Value;
        }

        /// <summary>Everything Resource Graph returned, typed (for scripts and for the fleet readiness).</summary>
        public TemplateRecord Record { get; }

        public string Name => Record.Name;
        public string ResourceGroupName => Record.ResourceGroupName;
        public string SubscriptionId => Record.SubscriptionId;
        public string Location => Record.Location;
        /// <summary>NoSubnet, BuildSubnetOnly or BuildAndAciSubnets, from properties.vmProfile.vnetConfig.</summary>
        public string Topology => Record.Topology.ToString();
        public string? SubnetId => Record.SubnetId;
        public string? ContainerInstanceSubnetId => Record.ContainerInstanceSubnetId;
        public string? VmSize => Record.VmSize;
        public string? IdentityId => Record.IdentityId;
        public string? Source => Record.Source;
        /// <summary>Each distribute target as "Type runOutputName → target".</summary>
        public string[] Distribution => Record.Distribution.Select(d => $"{d.Type} {d.RunOutputName} -> {d.Target}").ToArray();
        public string? StagingResourceGroupId => Record.StagingResourceGroupId;
        public string? ProvisioningState => Record.ProvisioningState;
        /// <summary>lastRunStatus.runState, or None when the template never ran.</summary>
        public string RunState => Record.LastRun?.RunState ?? "None";
        public string? RunSubState => Record.LastRun?.RunSubState;
        public DateTimeOffset? LastRunStart => Record.LastRun?.StartTime;
        public DateTimeOffset? LastRunEnd => Record.LastRun?.EndTime;
        public string? LastRunMessage => Record.LastRun?.Message;
        public Hashtable Tags { get; }
        public string Id => Record.Id;

        public override string ToString() => Id;
    }
}
