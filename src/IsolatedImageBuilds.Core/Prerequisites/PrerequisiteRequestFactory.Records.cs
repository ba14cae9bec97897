using System;
using System.Linq;
using IsolatedImageBuilds.Core.Inventory;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    public static partial class PrerequisiteRequestFactory
    {
        /// <summary>
        /// What an inventory record asks of its subscription, without reading the template again. Resource Graph's projection
        /// carries no customizers or managed-resource tags: the build may be Windows (so Packer's Key Vault is checked too) and
        /// policy is evaluated without the template's managedResourceTags.
        /// </summary>
        public static PrerequisiteRequest FromRecord(TemplateRecord record)
        {
            if (record == null) throw new ArgumentNullException(nameof(record));
            var request = new PrerequisiteRequest(record.SubscriptionId, record.Location)
            {
                Topology = record.Topology,
                SubnetId = record.SubnetId,
                ContainerInstanceSubnetId = record.ContainerInstanceSubnetId,
                ProxyVmSize = record.ProxyVmSize,
                VmSize = record.VmSize,
                UserAssignedIdentityId = record.IdentityId,
                // Only a group the template brings: the one AIB made for it (exactStagingResourceGroup) is AIB's to manage.
                StagingResourceGroupId = record.RequestedStagingResourceGroupId,
                TemplateName = record.Name,
                TemplateResourceGroupName = record.ResourceGroupName,
                TemplateProvisioningState = record.ProvisioningState,
                StagingResourceTypes = StagingPlan.ResourceTypes(record.Topology, validates: false, mayBeWindows: true).ToList(),
            };
            bool customImage = string.Equals(record.SourceType, "ManagedImage", StringComparison.OrdinalIgnoreCase)
                || string.Equals(record.SourceType, "SharedImageVersion", StringComparison.OrdinalIgnoreCase);
            if (customImage) request.SourceImageId = record.Source;
            foreach (DistributionTarget target in record.Distribution)
            {
                bool image = string.Equals(target.Type, "ManagedImage", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(target.Type, "SharedImage", StringComparison.OrdinalIgnoreCase);
                if (image && !string.IsNullOrEmpty(target.Target)) request.DistributionTargetIds.Add(target.Target!);
            }
            return request;
        }
    }
}
