using System.Linq;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds
{
    /// <summary>
    /// An isolated-build image template: its topology and the temporary resources AIB will create for it,
    /// its key settings, its exports, and - once deployed - its id and provisioning state.
    /// </summary>
    public sealed class AibTemplate
    {
        internal AibTemplate(ImageTemplateDocument document, DeployedTemplate? deployed = null, string? subscriptionId = null)
        {
            Document = document;
            Name = document.Name ?? string.Empty;
            ResourceGroupName = document.ResourceGroupName;
            SubscriptionId = subscriptionId;
            Location = document.Location;
            ApiVersion = document.ApiVersion;
            Topology = document.Topology.ToString();
            StagingPlan = document.StagingPlan.Select(r => new AibStagingPlanItem(r)).ToArray();
            UserAssignedIdentityId = document.IdentityId;
            SubnetId = document.SubnetId;
            ContainerInstanceSubnetId = document.ContainerInstanceSubnetId;
            ProxyVmSize = document.ProxyVmSize;
            VmSize = document.VmSize;
            StagingResourceGroupId = document.StagingResourceGroupId;
            BuildTimeoutInMinutes = document.BuildTimeoutInMinutes;
            SourceType = document.SourceType;
            Customizers = document.Customizers.Select(c => c.Type + (c.Name == null ? string.Empty : ":" + c.Name)).ToArray();
            RunOutputNames = document.RunOutputNames.ToArray();
            Notes = document.Notes.ToArray();
            Id = deployed?.Id;
            ProvisioningState = deployed?.ProvisioningState;
            ExactStagingResourceGroup = deployed?.ExactStagingResourceGroup;
        }

        internal ImageTemplateDocument Document { get; }

        public string Name { get; }
        public string? ResourceGroupName { get; }
        public string? SubscriptionId { get; }
        public string? Location { get; }
        public string ApiVersion { get; }

        /// <summary>NoSubnet, BuildSubnetOnly or BuildAndAciSubnets.</summary>
        public string Topology { get; }

        /// <summary>The resources AIB creates in the staging resource group for this topology.</summary>
        public AibStagingPlanItem[] StagingPlan { get; }

        public string? UserAssignedIdentityId { get; }
        public string? SubnetId { get; }
        public string? ContainerInstanceSubnetId { get; }
        public string? ProxyVmSize { get; }
        public string? VmSize { get; }
        public string? StagingResourceGroupId { get; }
        public int? BuildTimeoutInMinutes { get; }
        public string? SourceType { get; }
        public string[] Customizers { get; }
        public string[] RunOutputNames { get; }

        /// <summary>What an imported template file needed on its way (read-only fields removed, casing fixed, api-version moved).</summary>
        public string[] Notes { get; }

        /// <summary>The resource id, once deployed.</summary>
        public string? Id { get; }

        /// <summary>Succeeded once deployed; empty for a template only built locally.</summary>
        public string? ProvisioningState { get; }

        public string? ExactStagingResourceGroup { get; }

        /// <summary>An ARM deployment template (New-AzResourceGroupDeployment, az deployment group create).</summary>
        public string ToArmTemplate() => Document.ToDeploymentTemplateJson();

        /// <summary>The bare imageTemplates resource: type, apiVersion, name, location, identity, tags, properties.</summary>
        public string ToResourceJson() => Document.ToResourceJson();

        /// <summary>A Bicep file declaring the resource.</summary>
        public string ToBicep() => Document.ToBicep();

        public override string ToString() => Document.ToString();
    }

    /// <summary>A resource type AIB creates in the staging resource group, and why.</summary>
    public sealed class AibStagingPlanItem
    {
        internal AibStagingPlanItem(StagingResource resource)
        {
            ResourceType = resource.ResourceType;
            Purpose = resource.Purpose;
            Lifetime = resource.Lifetime.ToString();
            IsCertain = resource.IsCertain;
            Size = resource.Size;
        }

        public string ResourceType { get; }
        public string Purpose { get; }

        /// <summary>Temporary (removed after each build) or Kept (the storage account).</summary>
        public string Lifetime { get; }

        /// <summary>False when AIB may or may not create it (Packer's Key Vault for Windows builds).</summary>
        public bool IsCertain { get; }

        public string? Size { get; }

        public override string ToString() => $"{ResourceType} ({Purpose})";
    }

    /// <summary>A customizer, validator or distributor, made by New-AibCustomizer, New-AibValidator or New-AibDistributor.</summary>
    public sealed class AibTemplateItem
    {
        internal AibTemplateItem(string kind, TemplateItem item, string? name)
        {
            Kind = kind;
            Type = item.Type;
            Name = name;
            Json = item.ToJson();
        }

        /// <summary>Customizer, Validator or Distributor.</summary>
        public string Kind { get; }

        /// <summary>Shell, PowerShell, File, WindowsRestart, WindowsUpdate, ManagedImage, SharedImage, VHD.</summary>
        public string? Type { get; }

        /// <summary>The step's name, or the distributor's runOutputName.</summary>
        public string? Name { get; }

        /// <summary>The item exactly as it goes into the template.</summary>
        public string Json { get; }

        public override string ToString() => $"{Kind} {Type} {Name}";
    }
}
