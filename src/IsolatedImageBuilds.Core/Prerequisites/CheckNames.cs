namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// The name of every check, <c>Family.Check</c>: what users filter results on and tests assert, so stable.
    /// Each family's checks read their names from here.
    /// </summary>
    public static class CheckNames
    {
        internal const string ProviderPrefix = "Provider.";
        internal const string PolicyPrefix = "Policy.";

        /// <summary>One per resource provider an isolated build uses, e.g. <c>Provider.Microsoft.ContainerInstance</c>.</summary>
        public static string Provider(string providerNamespace) => ProviderPrefix + providerNamespace;

        /// <summary>One per resource type AIB creates in the staging group, e.g. <c>Policy.Microsoft.Network/virtualNetworks</c>.</summary>
        public static string Policy(string resourceType) => PolicyPrefix + resourceType;

        public static class Region
        {
            public const string ImageBuilder = "Region.ImageBuilder";
            public const string ApiVersion = "Region.ApiVersion";
        }

        public static class Ddos
        {
            public const string VirtualNetworkPolicy = "Ddos.VirtualNetworkPolicy";
        }

        public static class Quota
        {
            public const string BuildVmFamily = "Quota.VmFamily.BuildVm";
            public const string ProxyVmFamily = "Quota.VmFamily.ProxyVm";
            public const string RegionalCores = "Quota.RegionalCores";
            public const string AciContainerGroups = "Quota.Aci.ContainerGroups";
            public const string AciStandardCores = "Quota.Aci.StandardCores";
        }

        public static class Subnet
        {
            public const string BuildSubnet = "Subnet.BuildSubnet";
            public const string VnetRegion = "Subnet.VnetRegion";
            public const string LoadBalancerInbound = "Subnet.LoadBalancerInbound";
            public const string PrivateLinkServicePolicies = "Subnet.PrivateLinkServicePolicies";
            public const string BuildOutbound = "Subnet.BuildOutbound";
            public const string AciSubnet = "Subnet.AciSubnet";
            public const string Distinct = "Subnet.Distinct";
            public const string SameVnet = "Subnet.SameVnet";
            public const string AciDelegation = "Subnet.AciDelegation";
            public const string AciSubnetEmpty = "Subnet.AciSubnetEmpty";
            public const string AciFreeAddresses = "Subnet.AciFreeAddresses";
            public const string AciOutbound = "Subnet.AciOutbound";
            public const string AciOutboundPath = "Subnet.AciOutboundPath";
            public const string AciToBuildSubnet = "Subnet.AciToBuildSubnet";
        }

        public static class Identity
        {
            public const string Exists = "Identity.Exists";
            public const string JoinBuildSubnet = "Identity.JoinBuildSubnet";
            public const string JoinAciSubnet = "Identity.JoinAciSubnet";
            public const string ReadSourceImage = "Identity.ReadSourceImage";
            public const string WriteDistribution = "Identity.WriteDistribution";
            public const string AssignVmIdentity = "Identity.AssignVmIdentity";
            public const string StagingRgContributor = "Identity.StagingRgContributor";
        }

        public static class StagingRg
        {
            public const string Exists = "StagingRg.Exists";
            public const string Empty = "StagingRg.Empty";
            public const string Region = "StagingRg.Region";
            public const string NotShared = "StagingRg.NotShared";
            public const string NoStaleTags = "StagingRg.NoStaleTags";
        }

        public static class Triggers
        {
            public const string Feature = "Triggers.Feature";
            public const string Source = "Triggers.Source";
            public const string DistributionVersion = "Triggers.DistributionVersion";
            public const string SourceNotTarget = "Triggers.SourceNotTarget";
            public const string TemplateState = "Triggers.TemplateState";
            public const string OnePerTemplate = "Triggers.OnePerTemplate";
            public const string RegionalCount = "Triggers.RegionalCount";
            public const string Healthy = "Triggers.Healthy";
        }
    }
}
