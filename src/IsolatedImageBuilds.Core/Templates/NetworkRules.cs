using System;
using System.Linq;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;
using Ids = IsolatedImageBuilds.Core.Templates.TemplateErrorIds;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>vmProfile and the topology rules of isolated builds (Microsoft Learn: "Azure VM Image Builder networking options").</summary>
    internal static class NetworkRules
    {
        private const string VmProfile = "properties.vmProfile";
        private const string Vnet = VmProfile + ".vnetConfig";
        private const string SubnetType = "Microsoft.Network/virtualNetworks/subnets";
        private const int LargestOsDiskGB = 4095;
        private static readonly Regex VmSizePattern = new Regex("^[A-Za-z][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant);

        public static void Check(ImageTemplateDocument doc, ProblemList problems)
        {
            CheckVmSize(doc.VmSize, VmProfile + ".vmSize", problems);
            CheckVmSize(doc.ProxyVmSize, Vnet + ".proxyVmSize", problems);
            if (doc.OsDiskSizeGB > LargestOsDiskGB)
            {
                problems.Add(Ids.OsDiskSizeInvalid, VmProfile + ".osDiskSizeGB",
                    $"'{VmProfile}.osDiskSizeGB' is {doc.OsDiskSizeGB}: an OS disk holds at most {LargestOsDiskGB} GB. "
                        + $"Use 0 (the source's size) up to {LargestOsDiskGB}.");
            }

            var vmIdentities = JsonRead.Arr(JsonRead.Obj(doc.Properties, "vmProfile"), "userAssignedIdentities");
            for (var i = 0; i < (vmIdentities?.Count ?? 0); i++)
            {
                var value = vmIdentities![i].StrictStr();
                problems.ResourceId(value, JsonPath.Index(VmProfile + ".userAssignedIdentities", i), "a user-assigned managed identity",
                    "Microsoft.ManagedIdentity/userAssignedIdentities");
            }

            var subnet = problems.ResourceId(doc.SubnetId, Vnet + ".subnetId", "a subnet", SubnetType);
            var aciSubnet =
                problems.ResourceId(doc.ContainerInstanceSubnetId, Vnet + ".containerInstanceSubnetId",
                    "a subnet delegated to Microsoft.ContainerInstance/containerGroups", SubnetType);
            if (string.IsNullOrEmpty(doc.ContainerInstanceSubnetId))
            {
                return;
            }

            const string aciPath = Vnet + ".containerInstanceSubnetId";
            if (!ArmApiVersions.AllowsContainerInstanceSubnet(doc.ApiVersion))
            {
                problems.Add(Ids.ApiVersionTooOldForContainerInstanceSubnet, aciPath,
                    $"'{aciPath}' needs api-version {ArmApiVersions.FirstWithContainerInstanceSubnet} or later; the template uses {doc.ApiVersion}. "
                        + $"Choose {ArmApiVersions.ImageTemplates} or {ArmApiVersions.ImageTemplatesNewest}.");
            }

            if (string.IsNullOrEmpty(doc.SubnetId))
            {
                problems.Add(Ids.ContainerInstanceSubnetRequiresSubnet, aciPath,
                    $"'{aciPath}' is set without '{Vnet}.subnetId': "
                        + "the container instance subnet works only together with a build VM subnet in the same virtual network. "
                        + "Set subnetId too, or remove containerInstanceSubnetId.");
            }
            else if (subnet != null && aciSubnet != null)
            {
                if (string.Equals(subnet.Text.TrimEnd('/'), aciSubnet.Text.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(Ids.ContainerInstanceSubnetSameAsSubnet, aciPath,
                        $"'{aciPath}' is the same subnet as '{Vnet}.subnetId': "
                            + "the ACI needs its own subnet, delegated to Microsoft.ContainerInstance/containerGroups, in the same virtual network.");
                }
                else if (!string.Equals(subnet.ParentText, aciSubnet.ParentText, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(Ids.SubnetsInDifferentVnets, aciPath,
                        $"'{aciPath}' is in virtual network '{aciSubnet.Names[0]}' but '{Vnet}.subnetId' is in '{subnet.Names[0]}' "
                            + $"({subnet.ParentText}): both subnets must be in the same virtual network.");
                }
            }

            // The ACI runs in the staging group; ACI needs its subnet in the container group's own subscription.
            if (aciSubnet != null && ArmId.TryParse(doc.StagingResourceGroupId, out var staging, out _)
                && !string.Equals(staging!.SubscriptionId, aciSubnet.SubscriptionId, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(Ids.ContainerInstanceSubnetInOtherSubscription, aciPath,
                    $"'{aciPath}' is in subscription {aciSubnet.SubscriptionId} but the staging resource group, where the container instance runs, "
                        + $"is in {staging.SubscriptionId}: a container group and its subnet must be in the same subscription. "
                        + "Use a subnet of the template's subscription.");
            }

            if (!string.IsNullOrEmpty(doc.ProxyVmSize))
            {
                problems.Add(Ids.ProxyVmSizeWithContainerInstanceSubnet, Vnet + ".proxyVmSize",
                    $"'{Vnet}.proxyVmSize' is set together with containerInstanceSubnetId: no proxy VM is deployed when the ACI has its own subnet. "
                        + "Remove proxyVmSize.");
            }
        }

        private static void CheckVmSize(string? size, string path, ProblemList problems)
        {
            if (!string.IsNullOrEmpty(size) && !VmSizePattern.IsMatch(size))
            {
                problems.Add(Ids.VmSizeInvalid, path,
                    $"'{path}' is '{size}', which is not a VM size name: use a size such as Standard_D2ds_v5, or an empty string for the default.");
            }
        }
    }
}
