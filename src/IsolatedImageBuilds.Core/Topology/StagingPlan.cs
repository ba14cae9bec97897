using System;
using System.Collections.Generic;
using System.Linq;

namespace IsolatedImageBuilds.Core.Topology
{
    /// <summary>
    /// What AIB creates in the staging resource group for each topology (Microsoft Learn: "Azure VM Image Builder networking options"
    /// and the isolated image builds announcement): the one list. Test-AibPrerequisite checks policies against it and Get-AibStagingResource
    /// compares the group's content with it.
    /// </summary>
    public static class StagingPlan
    {
        /// <summary>Proxy VM size when vnetConfig.proxyVmSize is empty.</summary>
        public const string DefaultProxyVmSize = "Standard_A1_v2";

        private const string Compute = "Microsoft.Compute";
        private const string Network = "Microsoft.Network";

        /// <summary>
        /// The plan for a topology. validates: the template has in-VM validations (a validation VM is deployed);
        /// mayBeWindows: the source may be Windows (Packer may create a Key Vault for WinRM);
        /// proxyVmSize: vnetConfig.proxyVmSize, for the BuildSubnetOnly proxy VM.
        /// </summary>
        public static IReadOnlyList<StagingResource> For(NetworkTopology topology, bool validates, bool mayBeWindows, string? proxyVmSize = null)
        {
            var plan = new List<StagingResource>
            {
                Temporary("Microsoft.ContainerInstance/containerGroups",
                    "ACI container group vmimagebuilder-build-container-* that runs the AIB service and Packer"),
                Temporary($"{Compute}/virtualMachines", "build VM"),
                Temporary($"{Network}/networkInterfaces", "build VM network interface"),
                Temporary($"{Compute}/disks", "build VM OS disk"),
                Temporary($"{Compute}/snapshots", "snapshot taken when the image is captured"),
                new StagingResource("Microsoft.Storage/storageAccounts",
                    "staging storage account: packerlogs container (customization.log) and the Azure Files share the ACI mounts",
                    StagingResourceLifetime.Kept),
            };

            if (validates)
            {
                plan.Add(Temporary($"{Compute}/virtualMachines", "validation VM"));
                plan.Add(Temporary($"{Network}/networkInterfaces", "validation VM network interface"));
                plan.Add(Temporary($"{Compute}/disks", "validation VM OS disk"));
            }

            switch (topology)
            {
                case NetworkTopology.NoSubnet:
                    plan.Add(Temporary($"{Network}/virtualNetworks", "virtual network with an ACI subnet and a build VM subnet"));
                    plan.Add(Temporary($"{Network}/networkSecurityGroups", "network security groups of the two subnets"));
                    break;
                case NetworkTopology.BuildSubnetOnly:
                    var size = string.IsNullOrEmpty(proxyVmSize) ? DefaultProxyVmSize : proxyVmSize;
                    plan.Add(Temporary($"{Network}/virtualNetworks", "virtual network with an ACI subnet and a private endpoint subnet"));
                    plan.Add(Temporary($"{Network}/networkSecurityGroups", "network security groups of the two subnets"));
                    plan.Add(Temporary($"{Network}/privateEndpoints", "private endpoint the ACI reaches the build subnet through"));
                    plan.Add(Temporary($"{Network}/privateLinkServices", "Private Link Service in the build subnet"));
                    plan.Add(Temporary($"{Network}/loadBalancers", "internal load balancer in front of the proxy VM"));
                    plan.Add(new StagingResource($"{Compute}/virtualMachines", "proxy VM relaying SSH/WinRM to the build VM",
                        StagingResourceLifetime.Temporary, size: size));
                    plan.Add(Temporary($"{Network}/networkInterfaces", "proxy VM network interface"));
                    plan.Add(Temporary($"{Compute}/disks", "proxy VM OS disk"));
                    break;
                case NetworkTopology.BuildAndAciSubnets:
                    break; // Both subnets are the customer's: no network resources at all.
            }

            if (mayBeWindows)
            {
                // Packer's azure-arm builder makes a vault pkrkv* for the WinRM certificate of Windows builds (seen in real AIB logs).
                plan.Add(new StagingResource("Microsoft.KeyVault/vaults", "Key Vault Packer may create for the WinRM certificate of a Windows build",
                    StagingResourceLifetime.Temporary, isCertain: false));
            }

            return plan;
        }

        /// <summary>The distinct resource types of <see cref="For"/>: what policy must allow in the staging resource group.</summary>
        public static IReadOnlyList<string> ResourceTypes(NetworkTopology topology, bool validates, bool mayBeWindows) =>
            For(topology, validates, mayBeWindows).Select(r => r.ResourceType).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>The types AIB creates only to build its own network path; none of them when both subnets are the customer's.</summary>
        public static IReadOnlyCollection<string> NetworkResourceTypes { get; } = new HashSet<string>(
            ResourceTypes(NetworkTopology.NoSubnet, true, true).Concat(ResourceTypes(NetworkTopology.BuildSubnetOnly, true, true))
                .Except(ResourceTypes(NetworkTopology.BuildAndAciSubnets, true, true), StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);

        /// <summary>Only BuildSubnetOnly has a proxy VM (it relays SSH/WinRM through the Private Link Service).</summary>
        public static bool HasProxyVm(NetworkTopology topology) => topology == NetworkTopology.BuildSubnetOnly;

        private static StagingResource Temporary(string type, string purpose)
            => new StagingResource(type, purpose, StagingResourceLifetime.Temporary);
    }
}
