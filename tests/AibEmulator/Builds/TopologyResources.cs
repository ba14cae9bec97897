using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.Providers;
using AibEmulator.State;

namespace AibEmulator.Builds;

/// <summary>The temporary resources of each network topology (Microsoft Learn: "Azure VM Image Builder networking options"; Core's Topology/StagingPlan is the same list).</summary>
public static class TopologyResources
{
    public sealed record Placement(string AciSubnetId, string BuildSubnetId, bool CustomerAciSubnet, bool CustomerBuildSubnet);

    /// <summary>Creates the topology's network resources and returns where the ACI and build VM go.</summary>
    public static Placement CreateNetwork(EmulatorState state, StagingDeployer deployer, string topology, JsonObject vnetConfig, string suffix)
    {
        switch (topology)
        {
            case "BuildAndAciSubnets":
                return new Placement((string)vnetConfig["containerInstanceSubnetId"]!, (string)vnetConfig["subnetId"]!, true, true);
            case "BuildSubnetOnly":
                {
                    var vnet = TempVnet(state, deployer, suffix, ("aci-subnet", "10.1.0.0/24", true), ("pe-subnet", "10.1.1.0/24", false));
                    var buildSubnet = (string)vnetConfig["subnetId"]!;
                    var lb = deployer.Create("Microsoft.Network/loadBalancers", $"aiblb{suffix}", new JsonObject
                    {
                        ["frontendIPConfigurations"] = new JsonArray(new JsonObject { ["name"] = "fe", ["properties"] = new JsonObject { ["subnet"] = new JsonObject { ["id"] = buildSubnet }, ["privateIPAllocationMethod"] = "Dynamic" } }),
                    }, [buildSubnet], r => r["sku"] = new JsonObject { ["name"] = "Standard" });
                    var pls = deployer.Create("Microsoft.Network/privateLinkServices", $"aibpls{suffix}", new JsonObject
                    {
                        ["loadBalancerFrontendIpConfigurations"] = new JsonArray(new JsonObject { ["id"] = $"{lb["id"]}/frontendIPConfigurations/fe" }),
                        ["ipConfigurations"] = new JsonArray(new JsonObject { ["name"] = "ipconfig", ["properties"] = new JsonObject { ["subnet"] = new JsonObject { ["id"] = buildSubnet } } }),
                    }, [buildSubnet], providerChecks: () => RequirePlsPoliciesDisabled(state, buildSubnet));
                    deployer.Create("Microsoft.Network/privateEndpoints", $"aibpe{suffix}", new JsonObject
                    {
                        ["subnet"] = new JsonObject { ["id"] = $"{vnet}/subnets/pe-subnet" },
                        ["privateLinkServiceConnections"] = new JsonArray(new JsonObject { ["name"] = "pls", ["properties"] = new JsonObject { ["privateLinkServiceId"] = pls["id"]!.DeepClone() } }),
                    });
                    var proxySize = (string?)vnetConfig["proxyVmSize"];
                    Vm(state, deployer, "proxy" + suffix, string.IsNullOrEmpty(proxySize) ? "Standard_A1_v2" : proxySize, buildSubnet, $"aibpls{suffix}.nic.{Guid.NewGuid()}", $"proxyVmDisk_{DateTime.UtcNow:yyyyMMddHHmmss}");
                    return new Placement($"{vnet}/subnets/aci-subnet", buildSubnet, false, true);
                }
            default:
                {
                    var vnet = TempVnet(state, deployer, suffix, ("aci-subnet", "10.1.0.0/24", true), ("vm-subnet", "10.1.1.0/24", false));
                    return new Placement($"{vnet}/subnets/aci-subnet", $"{vnet}/subnets/vm-subnet", false, false);
                }
        }
    }

    /// <summary>A temporary VNet with its subnets and an NSG each (default rules + the ACI → VM path).</summary>
    private static string TempVnet(EmulatorState state, StagingDeployer deployer, string suffix, params (string Name, string Prefix, bool Aci)[] subnets)
    {
        var vnetName = $"aibvnet{suffix}";
        var vnetId = deployer.Id("Microsoft.Network/virtualNetworks", vnetName);
        var nsgIds = new Dictionary<string, string>();
        foreach (var s in subnets)
        {
            var nsgId = deployer.Id("Microsoft.Network/networkSecurityGroups", $"aibnsg-{s.Name}-{suffix}");
            deployer.Create("Microsoft.Network/networkSecurityGroups", $"aibnsg-{s.Name}-{suffix}", new JsonObject
            {
                ["securityRules"] = new JsonArray(ArmShapes.SecurityRule(nsgId, new JsonObject
                {
                    ["name"] = "AllowAciToBuildVm",
                    ["priority"] = 100,
                    ["direction"] = "Inbound",
                    ["protocol"] = "Tcp",
                    ["sourceAddressPrefix"] = "10.1.0.0/24",
                    ["destinationPortRanges"] = new JsonArray("22", "5986"),
                    ["destinationPortRange"] = null,
                })),
                ["defaultSecurityRules"] = ArmShapes.DefaultSecurityRules(nsgId),
            });
            nsgIds[s.Name] = nsgId;
        }
        deployer.Create("Microsoft.Network/virtualNetworks", vnetName, new JsonObject
        {
            ["addressSpace"] = new JsonObject { ["addressPrefixes"] = new JsonArray("10.1.0.0/16") },
            ["enableDdosProtection"] = false,
            ["virtualNetworkPeerings"] = new JsonArray(),
        });
        foreach (var s in subnets)
        {
            var subnet = ArmShapes.Subnet(vnetId, new JsonObject
            {
                ["name"] = s.Name,
                ["addressPrefix"] = s.Prefix,
                ["networkSecurityGroup"] = nsgIds[s.Name],
                ["delegations"] = s.Aci ? new JsonArray("Microsoft.ContainerInstance/containerGroups") : new JsonArray(),
            }, state.SubscriptionId, deployer.StagingGroupName);
            state.Store.Put(subnet);
        }
        return vnetId;
    }

    /// <summary>A VM with its NIC (in the subnet, at the subnet's next free address) and OS disk, linked both ways
    /// as Azure reports them: the NIC's virtualMachine and the disk's managedBy name the VM.</summary>
    public static string Vm(EmulatorState state, StagingDeployer deployer, string name, string size, string subnetId, string? nicName = null, string? diskName = null, int diskGb = 30)
    {
        JsonObject nic;
        lock (SubnetAddresses.Sync)
        {
            // A missing subnet is the provider check's error (after RBAC and policy), not the allocator's.
            var address = state.Store.Exists(subnetId) ? SubnetAddresses.Next(state, subnetId) : null;
            nic = deployer.Create("Microsoft.Network/networkInterfaces", nicName ?? $"{name}-nic", new JsonObject
            {
                ["ipConfigurations"] = new JsonArray(new JsonObject
                {
                    ["name"] = "ipconfig",
                    ["properties"] = new JsonObject { ["privateIPAllocationMethod"] = "Dynamic", ["privateIPAddress"] = address, ["privateIPAddressVersion"] = "IPv4", ["primary"] = true, ["subnet"] = new JsonObject { ["id"] = subnetId } },
                }),
            }, [subnetId], providerChecks: () => RequireSubnet(state, subnetId, "networkInterfaces"));
        }
        var disk = deployer.Create("Microsoft.Compute/disks", diskName ?? $"{name}-osdisk", new JsonObject { ["diskSizeGB"] = diskGb, ["diskState"] = "Attached", ["osType"] = "Linux" },
            extra: r => r["sku"] = new JsonObject { ["name"] = "Premium_LRS" });
        var vm = deployer.Create("Microsoft.Compute/virtualMachines", name, new JsonObject
        {
            ["hardwareProfile"] = new JsonObject { ["vmSize"] = size },
            ["storageProfile"] = new JsonObject { ["osDisk"] = new JsonObject { ["name"] = disk["name"]!.DeepClone(), ["osType"] = "Linux", ["createOption"] = "FromImage", ["managedDisk"] = new JsonObject { ["id"] = disk["id"]!.DeepClone() } } },
            ["networkProfile"] = new JsonObject { ["networkInterfaces"] = new JsonArray(new JsonObject { ["id"] = nic["id"]!.DeepClone() }) },
        });
        var vmId = (string)vm["id"]!;
        state.Store.Update((string)nic["id"]!, n => n["properties"]!["virtualMachine"] = new JsonObject { ["id"] = vmId });
        state.Store.Update((string)disk["id"]!, d => d["managedBy"] = vmId); // top-level on Disk, as the Compute spec has it
        return vmId;
    }

    /// <summary>The ACI container group running AIB's service + Packer (one container, 4 cores), after
    /// the provider, quota and subnet rules ACI enforces.</summary>
    public static JsonObject ContainerGroup(EmulatorState state, StagingDeployer deployer, Placement placement, string suffix, string storageAccount)
    {
        var name = $"vmimagebuilder-build-container-{suffix}";
        if (Resources.State(state, state.SubscriptionId, "Microsoft.ContainerInstance") != "Registered")
            throw new BuildFailure("MissingSubscriptionRegistration",
                "Azure Container Instances provider not registered for your subscription.",
                "Azure Container Instances provider not registered for your subscription. Register 'Microsoft.ContainerInstance' and run the build again.");
        var group = new JsonObject
        {
            ["sku"] = "Standard",
            ["osType"] = "Linux",
            ["restartPolicy"] = "Never",
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "aibpackerizer",
                ["properties"] = new JsonObject
                {
                    ["image"] = "mcr.microsoft.com/azurevmimagebuilder/packerizer:latest",
                    ["command"] = new JsonArray(),
                    ["environmentVariables"] = new JsonArray(),
                    ["ports"] = new JsonArray(),
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = ContainerInstance.CoresPerBuild, ["memoryInGB"] = 16 } },
                    ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "packerinput", ["mountPath"] = "/aib/packerInput", ["readOnly"] = false }),
                    ["instanceView"] = new JsonObject { ["currentState"] = new JsonObject { ["state"] = "Running", ["startTime"] = DateTime.UtcNow.ToString("o") }, ["restartCount"] = 0 },
                },
            }),
            ["volumes"] = new JsonArray(new JsonObject
            {
                ["name"] = "packerinput",
                ["azureFile"] = new JsonObject { ["shareName"] = "packerinput", ["storageAccountName"] = storageAccount, ["readOnly"] = false },
            }),
            ["subnetIds"] = new JsonArray(new JsonObject { ["id"] = placement.AciSubnetId }),
            ["ipAddress"] = new JsonObject { ["type"] = "Private", ["ip"] = null, ["ports"] = new JsonArray(new JsonObject { ["port"] = 443, ["protocol"] = "TCP" }) },
            ["instanceView"] = new JsonObject { ["state"] = "Running" },
        };
        // ARM (RBAC, policy) runs first, then ACI's own checks: quota and the subnet's delegation.
        lock (SubnetAddresses.Sync)
        {
            group["ipAddress"]!["ip"] = state.Store.Exists(placement.AciSubnetId) ? SubnetAddresses.Next(state, placement.AciSubnetId) : null;
            return deployer.Create(ContainerInstance.Type, name, group, [placement.AciSubnetId], providerChecks: () =>
            {
                CheckQuota(state);
                CheckDelegation(state, placement.AciSubnetId);
            });
        }
    }

    private static void CheckQuota(EmulatorState state)
    {
        foreach (var usage in ContainerInstance.Usages(state, state.Location))
        {
            var name = (string)usage["name"]!["value"]!;
            var requested = name == "StandardCores" ? ContainerInstance.CoresPerBuild : 1;
            var current = (long)usage["currentValue"]!;
            var limit = (long)usage["limit"]!;
            if (current + requested <= limit) continue;
            var text = $"Resource type 'Microsoft.ContainerInstance/containerGroups' container group quota '{name}' exceeded in region '{state.Location}'. Limit: '{limit}', Usage: '{current}' Requested: '{requested}'.";
            throw new BuildFailure("ContainerGroupQuotaReached", text,
                $"Azure Container Instances quota exceeded: {text} Delete other container groups, run fewer builds at once, or request a quota increase.");
        }
    }

    /// <summary>A Private Link Service needs privateLinkServiceNetworkPolicies Disabled on its subnet (BuildSubnetOnly).</summary>
    private static void RequirePlsPoliciesDisabled(EmulatorState state, string subnetId)
    {
        var subnet = RequireSubnet(state, subnetId, "privateLinkServices");
        if ((string?)subnet["properties"]?["privateLinkServiceNetworkPolicies"] != "Disabled")
            throw new BuildFailure("PrivateLinkServiceNetworkPoliciesCannotBeEnabledOnPrivateLinkServiceSubnet",
                $"Private link service network policies cannot be enabled on private link service subnet {subnetId}.",
                $"Failed to create the Private Link Service in build subnet '{subnetId}': set privateLinkServiceNetworkPolicies to Disabled on that subnet.");
    }

    private static JsonObject RequireSubnet(EmulatorState state, string subnetId, string referencedBy) =>
        state.Store.Get(subnetId) ?? throw new BuildFailure("InvalidResourceReference",
            $"Resource {subnetId} referenced by resource {referencedBy} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.",
            $"The subnet '{subnetId}' given in vmProfile.vnetConfig was not found.");

    private static void CheckDelegation(EmulatorState state, string subnetId)
    {
        var subnet = RequireSubnet(state, subnetId, "containerGroups");
        var delegated = subnet["properties"]?["delegations"]?.AsArray()
            .Any(d => ArmPath.Is((string?)d?["properties"]?["serviceName"] ?? "", "Microsoft.ContainerInstance/containerGroups")) == true;
        if (!delegated)
            throw new BuildFailure("SubnetMissingRequiredDelegation",
                $"Subnet missing required delegation 'Microsoft.ContainerInstance/containerGroups'. Subnet: '{subnetId}'.",
                $"Failed to create the build container group: SubnetMissingRequiredDelegation: the subnet '{subnetId}' given as containerInstanceSubnetId must be delegated to 'Microsoft.ContainerInstance/containerGroups'.");
    }
}
