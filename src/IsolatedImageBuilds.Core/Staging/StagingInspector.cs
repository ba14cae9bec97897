using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Staging
{
    /// <summary>One resource found in a staging resource group, and what it is doing there.</summary>
    public sealed class StagingResourceInfo
    {
        public string Id { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string ResourceType { get; set; } = string.Empty;
        public string? Location { get; set; }

        /// <summary>ContainerInstance, BuildVm, ValidationVm, ProxyVm, Network, NetworkInterface, Disk, Snapshot, Storage, KeyVault, PublicIp, Other.</summary>
        public string Role { get; set; } = "Other";

        /// <summary>True when the template's topology makes AIB create this type.</summary>
        public bool Expected { get; set; }

        /// <summary>Why it is flagged, when it should not be there.</summary>
        public string? Warning { get; set; }

        /// <summary>Key facts: the ACI's subnet and IP, NSG rules, the private endpoint's IP, the VM size...</summary>
        public IDictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// Lays the staging resource group open: every resource in it, its role in an isolated build, whether
    /// the template's topology expects it, and the facts that matter when debugging. A public IP is always
    /// flagged (isolated builds create none); network resources are flagged under BuildAndAciSubnets.
    /// </summary>
    public sealed class StagingInspector
    {
        private readonly AibConnection _connection;

        public StagingInspector(AibConnection connection)
        {
            _connection = connection;
        }

        /// <summary>The staging group of a template (as Azure reports it), the template's topology, and what is in the group.</summary>
        public async Task<(string StagingResourceGroupId, NetworkTopology Topology, IReadOnlyList<StagingResourceInfo> Resources)>
            InspectTemplateAsync(string resourceGroup, string name, CancellationToken cancellationToken)
        {
            string path = _connection.ImageTemplateId(resourceGroup, name);
            ArmResponse response =
                await _connection.Arm.SendAsync(ArmRequest.Get(path, ArmApiVersions.ImageTemplates), cancellationToken).ConfigureAwait(false);
            JsonNode template = response.Json!;
            string? staging = template.Str("properties", "exactStagingResourceGroup") ?? template.Str("properties", "stagingResourceGroup");
            if (string.IsNullOrEmpty(staging))
            {
                throw new Errors.AibException(StagingErrorIds.GroupUnknown,
                    $"{name} reports no staging resource group yet (provisioning not finished). "
                        + $"Wait for provisioningState Succeeded, or give -{CommandNames.GetAibStagingResource.StagingResourceGroupId}.", path);
            }
            ImageTemplateDocument document = ImageTemplateDocument.Parse(template.ToJsonString(), resourceGroup);
            IReadOnlyList<string> expected = document.StagingPlan.Select(r => r.ResourceType).ToList();
            IReadOnlyList<StagingResourceInfo> resources =
                await InspectAsync(staging!, document.Topology, expected, cancellationToken).ConfigureAwait(false);
            return (staging!, document.Topology, resources);
        }

        public async Task<IReadOnlyList<StagingResourceInfo>> InspectAsync(string stagingResourceGroupId, NetworkTopology? topology,
            IReadOnlyCollection<string> expectedTypes, CancellationToken cancellationToken)
        {
            var found = new List<StagingResourceInfo>();
            string? next = stagingResourceGroupId.TrimEnd('/') + "/resources";
            while (next != null)
            {
                ArmResponse page =
                    await _connection.Arm.SendAsync(ArmRequest.Get(next, ArmApiVersions.Resources), cancellationToken).ConfigureAwait(false);
                foreach (JsonNode? item in page.Json?["value"] as JsonArray ?? new JsonArray())
                {
                    if (item == null) continue;
                    found.Add(Classify(item, topology, expectedTypes));
                }
                next = page.Json.Str("nextLink");
            }
            await Task.WhenAll(found.Select(r => AddDetailsAsync(r, cancellationToken))).ConfigureAwait(false);
            return found.OrderBy(r => RoleOrder(r.Role)).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }

        private static StagingResourceInfo Classify(JsonNode item, NetworkTopology? topology, IReadOnlyCollection<string> expectedTypes)
        {
            string type = item.Str("type") ?? string.Empty;
            string name = item.Str("name") ?? string.Empty;
            var info = new StagingResourceInfo
            {
                Id = item.Str("id") ?? string.Empty,
                Name = name,
                ResourceType = type,
                Location = item.Str("location"),
                Role = RoleOf(type, name),
            };
            info.Expected = expectedTypes.Contains(type, StringComparer.OrdinalIgnoreCase);
            if (string.Equals(type, "Microsoft.Network/publicIPAddresses", StringComparison.OrdinalIgnoreCase))
            {
                info.Expected = false;
                info.Warning =
                    "A public IP address: isolated builds create none in any topology. "
                        + "Find who created it (Activity Log) - a policy, a script, or a legacy (pre-isolation) build.";
            }
            else if (topology == NetworkTopology.BuildAndAciSubnets && StagingPlan.NetworkResourceTypes.Contains(type))
            {
                info.Expected = false;
                info.Warning =
                    "A network resource, but with both subnets of your own (BuildAndAciSubnets) AIB creates none: "
                        + "check that the template really has containerInstanceSubnetId, and what created this.";
            }
            else if (info.Role == "ProxyVm" && !(topology is NetworkTopology t && StagingPlan.HasProxyVm(t)))
            {
                info.Expected = false;
                info.Warning = "A proxy VM exists only with the BuildSubnetOnly topology.";
            }
            else if (!info.Expected && expectedTypes.Count > 0)
            {
                info.Warning = $"{type} is not among the resources AIB creates for this template's topology ({topology}).";
            }
            return info;
        }

        private static string RoleOf(string type, string name)
        {
            switch (type.ToLowerInvariant())
            {
                case "microsoft.containerinstance/containergroups": return "ContainerInstance";
                case "microsoft.compute/virtualmachines":
                    return name.IndexOf("proxy", StringComparison.OrdinalIgnoreCase) >= 0 ? "ProxyVm"
                        : name.IndexOf("valid", StringComparison.OrdinalIgnoreCase) >= 0 ? "ValidationVm" : "BuildVm";
                case "microsoft.network/networkinterfaces": return "NetworkInterface";
                case "microsoft.compute/disks": return "Disk";
                case "microsoft.compute/snapshots": return "Snapshot";
                case "microsoft.storage/storageaccounts": return "Storage";
                case "microsoft.keyvault/vaults": return "KeyVault";
                case "microsoft.network/publicipaddresses": return "PublicIp";
                default:
                    return StagingPlan.NetworkResourceTypes.Contains(type) ? "Network" : "Other";
            }
        }

        private static int RoleOrder(string role)
            => Array.IndexOf(new[] { "PublicIp", "ContainerInstance", "BuildVm", "ValidationVm", "ProxyVm", "Network", "NetworkInterface", "Disk",
                "Snapshot", "Storage", "KeyVault", "Other" }, role);

        // Reads the few properties worth showing, one GET per resource that has any, side by side.
        private async Task AddDetailsAsync(StagingResourceInfo resource, CancellationToken cancellationToken)
        {
            if (!ArmApiVersions.ByResourceType.TryGetValue(resource.ResourceType, out string? apiVersion)
                || resource.Role == "Disk" || resource.Role == "Snapshot" || resource.Role == "Other")
            {
                return;
            }
            JsonNode? properties;
            try
            {
                ArmResponse response =
                    await _connection.Arm.SendAsync(ArmRequest.Get(resource.Id, apiVersion), cancellationToken).ConfigureAwait(false);
                properties = response.Json?["properties"];
            }
            catch (AibArmException ex) when (ex.Status == 404 || ex.Status == 403)
            {
                resource.Properties["note"] = ex.Status == 404 ? "removed while being read" : "not readable: " + ex.ArmCode;
                return;
            }
            if (properties == null) return;
            switch (resource.Role)
            {
                case "ContainerInstance":
                    Put(resource, "subnetIds", string.Join(", ", (properties["subnetIds"] as JsonArray ?? new JsonArray()).Select(s => s.Str("id"))));
                    Put(resource, "ipAddress", properties.Str("ipAddress", "ip"));
                    Put(resource, "ipAddressType", properties.Str("ipAddress", "type"));
                    Put(resource, "state", properties.Str("instanceView", "state") ?? properties.Str("provisioningState"));
                    break;
                case "BuildVm":
                case "ValidationVm":
                case "ProxyVm":
                    Put(resource, "vmSize", properties.Str("hardwareProfile", "vmSize"));
                    Put(resource, "provisioningState", properties.Str("provisioningState"));
                    break;
                case "NetworkInterface":
                    JsonNode? ipConfig = (properties["ipConfigurations"] as JsonArray)?.FirstOrDefault()?["properties"];
                    Put(resource, "privateIPAddress", ipConfig.Str("privateIPAddress"));
                    Put(resource, "subnet", ipConfig.Str("subnet", "id"));
                    break;
                case "Network":
                    if (resource.ResourceType.EndsWith("networkSecurityGroups", StringComparison.OrdinalIgnoreCase))
                    {
                        Put(resource, "securityRules",
                            string.Join("; ", (properties["securityRules"] as JsonArray ?? new JsonArray()).Select(DescribeRule)));
                    }
                    else if (resource.ResourceType.EndsWith("privateEndpoints", StringComparison.OrdinalIgnoreCase))
                    {
                        Put(resource, "privateIPAddress",
                            string.Join(", ", (properties["customDnsConfigs"] as JsonArray ?? new JsonArray())
                                .SelectMany(c => c?["ipAddresses"] as JsonArray ?? new JsonArray()).Select(a => a.Str())));
                        Put(resource, "subnet", properties.Str("subnet", "id"));
                    }
                    else if (resource.ResourceType.EndsWith("virtualNetworks", StringComparison.OrdinalIgnoreCase))
                    {
                        Put(resource, "addressPrefixes",
                            string.Join(", ", (properties["addressSpace"]?["addressPrefixes"] as JsonArray ?? new JsonArray()).Select(a => a.Str())));
                        Put(resource, "ddosProtectionPlan", properties.Str("ddosProtectionPlan", "id"));
                    }
                    break;
                case "PublicIp":
                    Put(resource, "ipAddress", properties.Str("ipAddress"));
                    Put(resource, "attachedTo", properties.Str("ipConfiguration", "id"));
                    break;
                case "Storage":
                    Put(resource, "blobEndpoint", properties.Str("primaryEndpoints", "blob"));
                    Put(resource, "allowSharedKeyAccess", properties["allowSharedKeyAccess"]?.ToJsonString());
                    break;
            }
        }

        private static string DescribeRule(JsonNode? rule)
        {
            JsonNode? p = rule?["properties"];
            string ports =
                p.Str("destinationPortRange") ?? string.Join(",", (p?["destinationPortRanges"] as JsonArray ?? new JsonArray()).Select(x => x.Str()));
            return $"{rule.Str("name")} {p.Str("direction")} {p.Str("access")} {p?["priority"]} "
                + $"{p.Str("sourceAddressPrefix")}->{p.Str("destinationAddressPrefix")}:{ports}";
        }

        private static void Put(StagingResourceInfo resource, string key, string? value)
        {
            if (!string.IsNullOrEmpty(value)) resource.Properties[key] = value!;
        }
    }
}
