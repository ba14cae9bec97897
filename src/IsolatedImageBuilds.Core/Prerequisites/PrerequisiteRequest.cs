using System;
using System.Collections.Generic;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// Everything the checks need to know about the template about to be built, in plain types. The
    /// cmdlet fills it from an AibTemplate or from its parameters.
    /// </summary>
    public sealed class PrerequisiteRequest
    {
        public PrerequisiteRequest(string subscriptionId, string location)
        {
            if (string.IsNullOrWhiteSpace(subscriptionId)) throw new ArgumentException("A subscription id is required.", nameof(subscriptionId));
            if (string.IsNullOrWhiteSpace(location)) throw new ArgumentException("A location is required.", nameof(location));
            SubscriptionId = subscriptionId;
            Location = location;
        }

        public string SubscriptionId { get; }

        /// <summary>The template's region, as given ("westeurope" or "West Europe").</summary>
        public string Location { get; }

        /// <summary>The image template's api-version.</summary>
        public string ApiVersion { get; set; } = ArmApiVersions.ImageTemplates;

        public NetworkTopology Topology { get; set; } = NetworkTopology.NoSubnet;

        /// <summary>vnetConfig.subnetId: build (and validation) VM subnet.</summary>
        public string? SubnetId { get; set; }

        /// <summary>vnetConfig.containerInstanceSubnetId: the ACI subnet.</summary>
        public string? ContainerInstanceSubnetId { get; set; }

        /// <summary>vnetConfig.proxyVmSize; empty means Standard_A1_v2 (BuildSubnetOnly only).</summary>
        public string? ProxyVmSize { get; set; }

        /// <summary>vmProfile.vmSize; empty means the service default (Standard_D2ds_v4 for Gen2 sources).</summary>
        public string? VmSize { get; set; }

        /// <summary>The template's one user-assigned identity.</summary>
        public string? UserAssignedIdentityId { get; set; }

        /// <summary>vmProfile.userAssignedIdentities: identities attached to the build VM.</summary>
        public IList<string> VmProfileIdentityIds { get; set; } = new List<string>();

        /// <summary>stagingResourceGroup, a resource group id, when the template brings one.</summary>
        public string? StagingResourceGroupId { get; set; }

        /// <summary>The template's own name and resource group, to tell our tags from another template's on the staging RG.</summary>
        public string? TemplateName { get; set; }
        public string? TemplateResourceGroupName { get; set; }

        /// <summary>Managed image or gallery image version id of the source; null for a platform image.</summary>
        public string? SourceImageId { get; set; }

        /// <summary>Managed image ids, gallery image ids or resource group ids the build writes to.</summary>
        public IList<string> DistributionTargetIds { get; set; } = new List<string>();

        /// <summary>Windows builds may get a temporary Key Vault (Packer's WinRM certificate) and talk WinRM on 5986; Linux uses SSH on 22. Null checks both.</summary>
        public bool? IsWindows { get; set; }

        /// <summary>managedResourceTags the template puts on staging resources; policy is evaluated with them.</summary>
        public IDictionary<string, string> ManagedResourceTags { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Resource types AIB will create in the staging RG (the template's staging plan). Null means
        /// <see cref="StagingPlan.ResourceTypes"/> of the topology, with Packer's Key Vault unless the build is known to be Linux.
        /// </summary>
        public IList<string>? StagingResourceTypes { get; set; }

        /// <summary>
        /// The deployed template's provisioning state when the caller already read it (an inventory record): the Triggers family
        /// then does not read the template again. Null: read it when needed.
        /// </summary>
        public string? TemplateProvisioningState { get; set; }

        /// <summary>The SourceImage trigger the template asks for (New-AibIsolatedTemplate -Trigger), if any.</summary>
        public string? TriggerName { get; set; }

        /// <summary>The trigger rules the template breaks (<see cref="Triggers.TriggerRules"/>); null when no template is known.</summary>
        public IReadOnlyList<Errors.AibException>? TriggerRuleProblems { get; set; }

        /// <summary>Which families to run; null or empty runs all.</summary>
        public ICollection<PrerequisiteCategory>? Families { get; set; }

        internal IReadOnlyList<string> EffectiveStagingResourceTypes
            => StagingResourceTypes != null && StagingResourceTypes.Count > 0 ? (IReadOnlyList<string>)new List<string>(StagingResourceTypes)
            : StagingPlan.ResourceTypes(Topology, validates: false, mayBeWindows: IsWindows != false);

        internal bool Runs(PrerequisiteCategory family) => Families == null || Families.Count == 0 || Families.Contains(family);
    }
}
