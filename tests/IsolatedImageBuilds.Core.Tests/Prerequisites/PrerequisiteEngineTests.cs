using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Prerequisites;
using IsolatedImageBuilds.Core.Topology;
using Xunit.Abstractions;

namespace IsolatedImageBuilds.Core.Tests.Prerequisites;

public class PrerequisiteEngineTests
{
    private readonly ITestOutputHelper _output;

    public PrerequisiteEngineTests(ITestOutputHelper output) => _output = output;

    internal static async Task<PrerequisiteReport> Run(FakeSubscription s, NetworkTopology topology, Action<PrerequisiteRequest>? tweak = null, PrerequisiteEngineOptions? options = null)
    {
        PrerequisiteRequest request = s.Request(topology);
        tweak?.Invoke(request);
        PrerequisiteReport report = await PrerequisiteEngine.RunAsync(request, s.Arm.CreateSender(), options);
        Assert.Empty(s.Arm.Unmatched);
        return report;
    }

    /// <summary>Exactly this check fails (once or more, e.g. per target); every other result passed or was skipped.</summary>
    internal static PrerequisiteResult AssertOnlyFailure(PrerequisiteReport report, string check)
    {
        var failed = report.Results.Where(r => r.Status == PrerequisiteStatus.Failed).ToList();
        Assert.True(failed.Count > 0 && failed.All(r => r.Check == check),
            $"Expected only {check} to fail; failed: [{string.Join("; ", failed)}]");
        var warnings = report.Results.Where(r => r.Status == PrerequisiteStatus.Warning).ToList();
        Assert.True(warnings.Count == 0, "Unexpected warnings: " + string.Join("; ", warnings));
        Assert.All(failed, f => Assert.False(string.IsNullOrWhiteSpace(f.Remediation)));
        return failed[0];
    }

    [Theory]
    [InlineData(NetworkTopology.NoSubnet)]
    [InlineData(NetworkTopology.BuildSubnetOnly)]
    [InlineData(NetworkTopology.BuildAndAciSubnets)]
    public async Task Healthy_subscription_passes_every_check(NetworkTopology topology)
    {
        var s = new FakeSubscription();
        PrerequisiteReport report = await Run(s, topology);

        var notPassed = report.Results.Where(r => r.Status != PrerequisiteStatus.Passed && r.Status != PrerequisiteStatus.Skipped).ToList();
        Assert.True(notPassed.Count == 0, string.Join("\n", notPassed));
        Assert.True(report.AllPassed);
        // Every family answered, and the checks that apply to the topology ran (not skipped).
        Assert.Equal(Enum.GetValues<PrerequisiteCategory>().Length, report.Results.Select(r => r.Category).Distinct().Count());
        Assert.All(new[] { "Provider.Microsoft.ContainerInstance", "Region.ImageBuilder", "Region.ApiVersion", "Policy.Microsoft.ContainerInstance/containerGroups", "Quota.Aci.StandardCores",
            "Quota.VmFamily.BuildVm", "Identity.Exists", "Identity.StagingRgContributor", "Identity.ReadSourceImage", "Identity.WriteDistribution", "Identity.AssignVmIdentity", "StagingRg.Empty" },
            name => Assert.Equal(PrerequisiteStatus.Passed, report.Results.Single(r => r.Check == name).Status));
        string[] expectedPassed = topology switch
        {
            NetworkTopology.NoSubnet => new[] { "Policy.Microsoft.Network/virtualNetworks", "Ddos.VirtualNetworkPolicy" },
            NetworkTopology.BuildSubnetOnly => new[] { "Policy.Microsoft.Network/privateLinkServices", "Quota.VmFamily.ProxyVm", "Subnet.LoadBalancerInbound", "Subnet.PrivateLinkServicePolicies", "Identity.JoinBuildSubnet" },
            _ => new[] { "Subnet.AciDelegation", "Subnet.SameVnet", "Subnet.AciOutbound", "Subnet.AciToBuildSubnet", "Subnet.AciFreeAddresses", "Identity.JoinAciSubnet", "Identity.JoinBuildSubnet" },
        };
        Assert.All(expectedPassed, name => Assert.Equal(PrerequisiteStatus.Passed, report.Results.Single(r => r.Check == name).Status));
        Assert.Equal(s.Arm.Calls, report.ArmCalls);
    }

    [Fact]
    public async Task Unregistered_provider_fails_with_register_commands_and_remediate_registers_only_it()
    {
        var s = new FakeSubscription();
        s.Providers["Microsoft.ContainerInstance"] = "NotRegistered";
        PrerequisiteReport report = await Run(s, NetworkTopology.BuildAndAciSubnets);

        PrerequisiteResult failed = AssertOnlyFailure(report, "Provider.Microsoft.ContainerInstance");
        Assert.Contains("Register-AzResourceProvider -ProviderNamespace Microsoft.ContainerInstance", failed.Remediation);
        Assert.Contains("az provider register --namespace Microsoft.ContainerInstance", failed.Remediation);
        Assert.Contains("registrationState: NotRegistered", failed.Evidence);

        var asked = new List<string>();
        var outcomes = await PrerequisiteEngine.RemediateAsync(report.Results, FakeSubscription.Sub, s.Arm.CreateSender(), (target, action) => { asked.Add(target); return true; });
        var outcome = Assert.Single(outcomes);
        Assert.Equal(PrerequisiteRemediationAction.RegistrationRequested, outcome.Action);
        Assert.Equal("Microsoft.ContainerInstance", outcome.ProviderNamespace);
        Assert.Single(asked);
        Assert.Equal(1, s.Arm.CallsTo(".*/register"));
        Assert.Equal("Registering", s.Providers["Microsoft.ContainerInstance"]);
    }

    [Fact]
    public async Task Remediate_sends_nothing_when_should_process_declines()
    {
        var s = new FakeSubscription();
        s.Providers["Microsoft.KeyVault"] = "NotRegistered";
        PrerequisiteReport report = await Run(s, NetworkTopology.NoSubnet);

        var outcomes = await PrerequisiteEngine.RemediateAsync(report.Results, FakeSubscription.Sub, s.Arm.CreateSender(), (_, _) => false);
        Assert.Equal(PrerequisiteRemediationAction.Declined, Assert.Single(outcomes).Action);
        Assert.Equal(0, s.Arm.CallsTo(".*/register"));
    }

    [Fact]
    public async Task Registering_provider_is_a_warning_not_a_pass()
    {
        var s = new FakeSubscription();
        s.Providers["Microsoft.ContainerInstance"] = "Registering";
        PrerequisiteReport report = await Run(s, NetworkTopology.BuildAndAciSubnets);
        Assert.Equal(PrerequisiteStatus.Warning, report.Results.Single(r => r.Check == "Provider.Microsoft.ContainerInstance").Status);
        Assert.Empty(PrerequisiteEngine.ProvidersToRegister(report.Results));
    }

    [Fact]
    public async Task Aci_denied_by_allowed_resource_types_policy()
    {
        var s = new FakeSubscription();
        var allowed = new JsonArray(StagingPlan.ResourceTypes(NetworkTopology.BuildSubnetOnly, validates: false, mayBeWindows: false)
            .Where(t => t != "Microsoft.ContainerInstance/containerGroups").Select(t => (JsonNode)t).ToArray());
        string assignment = s.AssignBuiltIn("allowed-types", "AllowedResourceTypes_Deny.json", new JsonObject { ["listOfResourceTypesAllowed"] = new JsonObject { ["value"] = allowed } });
        PrerequisiteReport report = await Run(s, NetworkTopology.BuildAndAciSubnets);

        PrerequisiteResult failed = AssertOnlyFailure(report, "Policy.Microsoft.ContainerInstance/containerGroups");
        Assert.Equal(FakeSubscription.StagingRg, failed.Target);
        Assert.Contains(failed.Evidence, e => e.Contains(assignment) && e.Contains("/providers/Microsoft.Authorization/policyDefinitions/a08ec900-254a-4555-9bf5-e42af04b5c5c") && e.Contains("effect Deny"));
        Assert.Contains("New-AzPolicyExemption", failed.Remediation);
        Assert.Contains("az policy exemption create", failed.Remediation);
        Assert.Contains(assignment, failed.Remediation);
        // The request asked for the resource as AIB will create it, in the staging RG.
        Assert.Equal(1, s.Arm.CallsTo(FakeSubscription.StagingRg + "/providers/Microsoft.PolicyInsights/checkPolicyRestrictions") / StagingPlan.ResourceTypes(NetworkTopology.BuildAndAciSubnets, validates: false, mayBeWindows: false).Count);
    }

    [Fact]
    public async Task Vnet_denied_fails_the_no_subnet_topology_and_not_the_one_that_creates_no_vnet()
    {
        var s = new FakeSubscription();
        s.AssignBuiltIn("no-vnets", "InvalidResourceTypes_Deny.json", new JsonObject { ["listOfResourceTypesNotAllowed"] = new JsonObject { ["value"] = new JsonArray("Microsoft.Network/virtualNetworks") } });

        PrerequisiteResult failed = AssertOnlyFailure(await Run(s, NetworkTopology.NoSubnet), "Policy.Microsoft.Network/virtualNetworks");
        Assert.Contains("6c112d4e-5bc7-47ae-a041-ea2d9dccd749", string.Join("\n", failed.Evidence));
        Assert.Contains("BuildAndAciSubnets", failed.Remediation);

        PrerequisiteReport aciTopology = await Run(new FakeSubscription(), NetworkTopology.BuildAndAciSubnets, null);
        Assert.DoesNotContain(aciTopology.Results, r => r.Check == "Policy.Microsoft.Network/virtualNetworks");
    }

    [Fact]
    public async Task Ddos_modify_policy_fails_without_join_and_passes_with_it()
    {
        var s = new FakeSubscription();
        string assignment = s.AssignBuiltIn("vnet-ddos", "VirtualNetworkDdosStandard_Audit.json", new JsonObject { ["ddosPlan"] = new JsonObject { ["value"] = FakeSubscription.DdosPlan } });
        // The identity's Network Contributor is on the VNet's RG, where the plan is: move it to the subnet to take the plan away.
        s.RoleAssignments.Clear();
        s.Grant(FakeSubscription.Contributor, FakeSubscription.StagingRg);
        s.Grant(FakeSubscription.Contributor, FakeSubscription.ImagesRg);
        s.Grant(FakeSubscription.ManagedIdentityOperator, FakeSubscription.VmIdentity);
        s.Grant(FakeSubscription.NetworkContributor, FakeSubscription.BuildSubnet);

        PrerequisiteResult failed = AssertOnlyFailure(await Run(s, NetworkTopology.BuildSubnetOnly), "Ddos.VirtualNetworkPolicy");
        Assert.Equal(assignment, failed.Target);
        Assert.Contains("effect Modify", failed.Evidence);
        Assert.Contains("plan " + FakeSubscription.DdosPlan, failed.Evidence);
        Assert.Contains("missing: Microsoft.Network/ddosProtectionPlans/join/action", failed.Evidence);
        Assert.Contains($"New-AzRoleAssignment -ObjectId {FakeSubscription.PrincipalId} -RoleDefinitionName 'Network Contributor' -Scope '{FakeSubscription.DdosPlan}'", failed.Remediation);
        Assert.Contains("az role assignment create", failed.Remediation);

        var withJoin = new FakeSubscription();
        withJoin.AssignBuiltIn("vnet-ddos", "VirtualNetworkDdosStandard_Audit.json", new JsonObject { ["ddosPlan"] = new JsonObject { ["value"] = FakeSubscription.DdosPlan } });
        PrerequisiteReport passed = await Run(withJoin, NetworkTopology.NoSubnet);
        PrerequisiteResult ddos = passed.Results.Single(r => r.Check == "Ddos.VirtualNetworkPolicy");
        Assert.Equal(PrerequisiteStatus.Passed, ddos.Status);
        Assert.Contains(ddos.Evidence, e => e.Contains("ddosProtectionPlans/join/action via 'Network Contributor'"));
    }

    [Fact]
    public async Task Ddos_audit_policy_warns_and_is_skipped_when_no_vnet_is_created()
    {
        var s = new FakeSubscription();
        s.AssignBuiltIn("vnet-ddos", "VirtualNetworkDdosStandard_Audit.json", new JsonObject
        {
            ["ddosPlan"] = new JsonObject { ["value"] = FakeSubscription.DdosPlan },
            ["effect"] = new JsonObject { ["value"] = "Audit" },
        });
        PrerequisiteReport noSubnet = await Run(s, NetworkTopology.NoSubnet);
        Assert.Equal(PrerequisiteStatus.Warning, noSubnet.Results.Single(r => r.Check == "Ddos.VirtualNetworkPolicy").Status);

        PrerequisiteReport aci = await Run(s, NetworkTopology.BuildAndAciSubnets);
        PrerequisiteResult skipped = aci.Results.Single(r => r.Check == "Ddos.VirtualNetworkPolicy");
        Assert.Equal(PrerequisiteStatus.Skipped, skipped.Status);
        Assert.Contains("creates no VNet", skipped.Message);
    }

    [Fact]
    public async Task Aci_quota_exhausted()
    {
        var s = new FakeSubscription();
        s.AciUsage["StandardCores"] = (98, 100);
        PrerequisiteResult failed = AssertOnlyFailure(await Run(s, NetworkTopology.BuildAndAciSubnets), "Quota.Aci.StandardCores");
        Assert.Contains("free 2 against needed 4", failed.Message);
        Assert.Contains("StandardCores: free 2 of limit 100 (in use 98), need 4", failed.Evidence);
        Assert.Contains("Get-AzContainerGroup", failed.Remediation);
        Assert.Contains("az container list", failed.Remediation);
    }

    [Fact]
    public async Task Vm_family_quota_exhausted()
    {
        var s = new FakeSubscription();
        s.ComputeUsage["standardDDSv4Family"] = (49, 50);
        PrerequisiteResult failed = AssertOnlyFailure(await Run(s, NetworkTopology.BuildAndAciSubnets), "Quota.VmFamily.BuildVm");
        Assert.Contains("free 1 against needed 2", failed.Message);
        Assert.Contains("New-AzQuota", failed.Remediation);
        Assert.Contains("az quota create", failed.Remediation);
        Assert.Contains("standardDDSv4Family", failed.Remediation);
    }

    [Fact]
    public async Task Proxy_vm_shares_quota_and_unknown_size_is_a_warning()
    {
        var s = new FakeSubscription();
        s.ComputeUsage["standardDSv3Family"] = (16, 20);
        // Build VM D2s_v3 (2) + proxy D2s_v3 (2) = 4 needed of 4 free: passes; one more core in use fails the proxy too.
        PrerequisiteReport ok = await Run(s, NetworkTopology.BuildSubnetOnly, r => { r.VmSize = "Standard_D2s_v3"; r.ProxyVmSize = "Standard_D2s_v3"; });
        Assert.True(ok.AllPassed, string.Join("\n", ok.Results.Where(r => r.Status == PrerequisiteStatus.Failed)));
        s.ComputeUsage["standardDSv3Family"] = (17, 20);
        PrerequisiteReport tight = await Run(s, NetworkTopology.BuildSubnetOnly, r => { r.VmSize = "Standard_D2s_v3"; r.ProxyVmSize = "Standard_D2s_v3"; });
        Assert.Equal(new[] { "Quota.VmFamily.BuildVm", "Quota.VmFamily.ProxyVm" }, tight.Results.Where(r => r.Status == PrerequisiteStatus.Failed).Select(r => r.Check));

        PrerequisiteReport unknown = await Run(new FakeSubscription(), NetworkTopology.NoSubnet, r => r.VmSize = "Standard_Z9_v9");
        PrerequisiteResult warning = unknown.Results.Single(r => r.Check == "Quota.VmFamily.BuildVm");
        Assert.Equal(PrerequisiteStatus.Warning, warning.Status);
        Assert.Contains("Standard_Z9_v9", warning.Message);
        Assert.Equal(PrerequisiteStatus.Warning, unknown.Results.Single(r => r.Check == "Quota.RegionalCores").Status);
    }

    [Fact]
    public async Task Aci_subnet_not_delegated()
    {
        var s = new FakeSubscription();
        s.Resources[FakeSubscription.AciSubnet]["properties"]!.AsObject().Remove("delegations");
        PrerequisiteResult failed = AssertOnlyFailure(await Run(s, NetworkTopology.BuildAndAciSubnets), "Subnet.AciDelegation");
        Assert.Equal(FakeSubscription.AciSubnet, failed.Target);
        Assert.Contains("-Delegation (New-AzDelegation -Name aci -ServiceName Microsoft.ContainerInstance/containerGroups)", failed.Remediation);
        Assert.Contains("az network vnet subnet update --resource-group net-rg --vnet-name aib-vnet --name aci --delegations Microsoft.ContainerInstance/containerGroups", failed.Remediation);
    }

    [Fact]
    public async Task Subnets_in_different_vnets()
    {
        var s = new FakeSubscription();
        string otherVnet = FakeSubscription.NetRg + "/providers/Microsoft.Network/virtualNetworks/other-vnet";
        string otherAci = otherVnet + "/subnets/aci";
        s.Resources[otherVnet] = s.Resources[FakeSubscription.Vnet].DeepClone().AsObject();
        s.Resources[otherAci] = s.Resources[FakeSubscription.AciSubnet].DeepClone().AsObject();
        s.Resources[otherAci]["id"] = otherAci;

        PrerequisiteReport report = await Run(s, NetworkTopology.BuildAndAciSubnets, r => r.ContainerInstanceSubnetId = otherAci);
        PrerequisiteResult failed = AssertOnlyFailure(report, "Subnet.SameVnet");
        Assert.Contains("build subnet VNet: " + FakeSubscription.Vnet, failed.Evidence);
        Assert.Contains("ACI subnet VNet: " + otherVnet, failed.Evidence);
        Assert.Contains("Add-AzVirtualNetworkSubnetConfig", failed.Remediation);
        Assert.Contains("az network vnet subnet create", failed.Remediation);
        Assert.Equal(PrerequisiteStatus.Skipped, report.Results.Single(r => r.Check == "Subnet.AciToBuildSubnet").Status);
    }

    [Fact]
    public async Task Nsg_blocking_outbound_445()
    {
        var s = new FakeSubscription();
        s.Resources[FakeSubscription.AciNsg] = FakeSubscription.Nsg(FakeSubscription.AciNsg,
            FakeSubscription.SecurityRule("DenySmbOut", 200, "Outbound", "Deny", "*", "*", "445"));
        PrerequisiteResult failed = AssertOnlyFailure(await Run(s, NetworkTopology.BuildAndAciSubnets), "Subnet.AciOutbound");
        Assert.Contains("445", failed.Message);
        Assert.DoesNotContain("443", failed.Message);
        Assert.Contains(failed.Evidence, e => e.Contains("'DenySmbOut' (priority 200, Outbound, Deny)"));
        Assert.Contains("Add-AzNetworkSecurityRuleConfig -Name AllowAibOutbound445 -Priority 199 -Direction Outbound -Access Allow", failed.Remediation);
        Assert.Contains("az network nsg rule create --resource-group net-rg --nsg-name aci-nsg", failed.Remediation);
    }

    [Fact]
    public async Task Private_link_service_policies_enabled_for_build_subnet_only()
    {
        var s = new FakeSubscription();
        s.Resources[FakeSubscription.BuildSubnet]["properties"]!["privateLinkServiceNetworkPolicies"] = "Enabled";
        PrerequisiteResult failed = AssertOnlyFailure(await Run(s, NetworkTopology.BuildSubnetOnly), "Subnet.PrivateLinkServicePolicies");
        Assert.Contains("PrivateLinkServiceNetworkPolicies = 'Disabled'", failed.Remediation);
        Assert.Contains("az network vnet subnet update --resource-group net-rg --vnet-name aib-vnet --name build --private-link-service-network-policies Disabled", failed.Remediation);
        // The same subnet is fine for the topology that needs no Private Link Service.
        Assert.True((await Run(s, NetworkTopology.BuildAndAciSubnets)).AllPassed);
    }

    [Fact]
    public async Task Identity_without_join_on_the_aci_subnet()
    {
        var s = new FakeSubscription();
        s.RoleAssignments.RemoveAll(a => a["properties"]!["scope"]!.GetValue<string>() == FakeSubscription.NetRg);
        s.Grant(FakeSubscription.NetworkContributor, FakeSubscription.BuildSubnet);
        PrerequisiteResult failed = AssertOnlyFailure(await Run(s, NetworkTopology.BuildAndAciSubnets), "Identity.JoinAciSubnet");
        Assert.Equal(FakeSubscription.AciSubnet, failed.Target);
        Assert.Contains("missing: Microsoft.Network/virtualNetworks/subnets/join/action", failed.Evidence);
        Assert.Contains($"New-AzRoleAssignment -ObjectId {FakeSubscription.PrincipalId} -RoleDefinitionName 'Network Contributor' -Scope '{FakeSubscription.AciSubnet}'", failed.Remediation);
        Assert.Contains($"az role assignment create --assignee-object-id {FakeSubscription.PrincipalId}", failed.Remediation);
    }

    [Fact]
    public async Task Not_actions_are_subtracted_from_wildcards()
    {
        var s = new FakeSubscription();
        // A custom role: everything on the network except joining subnets.
        const string custom = "/providers/Microsoft.Authorization/roleDefinitions/00000000-aaaa-bbbb-cccc-000000000001";
        s.Resources[custom] = new JsonObject
        {
            ["id"] = custom,
            ["properties"] = new JsonObject
            {
                ["roleName"] = "Network minus join",
                ["permissions"] = new JsonArray(new JsonObject { ["actions"] = new JsonArray("Microsoft.Network/*"), ["notActions"] = new JsonArray("Microsoft.Network/virtualNetworks/subnets/*/action") }),
            },
        };
        s.RoleAssignments.RemoveAll(a => a["properties"]!["scope"]!.GetValue<string>() == FakeSubscription.NetRg);
        s.Grant(custom, FakeSubscription.NetRg);
        PrerequisiteReport report = await Run(s, NetworkTopology.BuildAndAciSubnets);
        Assert.Equal(new[] { "Identity.JoinBuildSubnet", "Identity.JoinAciSubnet" }, report.Results.Where(r => r.Status == PrerequisiteStatus.Failed).Select(r => r.Check));
    }

    [Fact]
    public async Task Non_empty_staging_resource_group()
    {
        var s = new FakeSubscription();
        s.StagingRgResources.Add(new JsonObject { ["id"] = FakeSubscription.StagingRg + "/providers/Microsoft.Storage/storageAccounts/leftover", ["type"] = "Microsoft.Storage/storageAccounts" });
        PrerequisiteResult failed = AssertOnlyFailure(await Run(s, NetworkTopology.BuildAndAciSubnets), "StagingRg.Empty");
        Assert.Contains("Microsoft.Storage/storageAccounts: " + FakeSubscription.StagingRg + "/providers/Microsoft.Storage/storageAccounts/leftover", failed.Evidence);
        Assert.Contains("Get-AzResource -ResourceGroupName aib-staging | Remove-AzResource -Force", failed.Remediation);
        Assert.Contains("az resource delete", failed.Remediation);
    }

    [Fact]
    public async Task Staging_group_of_another_template_and_in_another_region()
    {
        var s = new FakeSubscription();
        s.Resources[FakeSubscription.StagingRg]["location"] = "northeurope";
        s.Resources[FakeSubscription.StagingRg]["tags"] = new JsonObject { ["imageTemplateName"] = "someone-else", ["imageTemplateResourceGroupName"] = "other-rg", ["usedBy"] = "someone-else" };
        PrerequisiteReport report = await Run(s, NetworkTopology.BuildAndAciSubnets);
        Assert.Equal(new[] { "StagingRg.Region", "StagingRg.NotShared" }, report.Results.Where(r => r.Status == PrerequisiteStatus.Failed).Select(r => r.Check));
        Assert.Contains("az group update --name aib-staging --remove tags.imageTemplateName", report.Results.Single(r => r.Check == "StagingRg.NotShared").Remediation);
    }

    [Fact]
    public async Task Staging_group_that_does_not_exist_passes_and_policy_is_asked_at_the_subscription()
    {
        var s = new FakeSubscription();
        s.Resources.Remove(FakeSubscription.StagingRg);
        PrerequisiteReport report = await Run(s, NetworkTopology.BuildAndAciSubnets);
        Assert.True(report.AllPassed);
        PrerequisiteResult exists = report.Results.Single(r => r.Check == "StagingRg.Exists");
        Assert.Contains("AIB will create it", exists.Message);
        Assert.DoesNotContain(report.Results, r => r.Check == "StagingRg.Empty");
        Assert.All(report.Results.Where(r => r.Category == PrerequisiteCategory.Policy), r => Assert.Equal("/subscriptions/" + FakeSubscription.Sub, r.Target));
    }

    [Fact]
    public async Task Forbidden_policy_reads_are_warnings_with_the_reason_never_passes()
    {
        var s = new FakeSubscription();
        s.Arm.Forbid(".*/providers/Microsoft.PolicyInsights/checkPolicyRestrictions");
        s.Arm.Forbid(".*/providers/Microsoft.Authorization/policyAssignments");
        PrerequisiteReport report = await Run(s, NetworkTopology.NoSubnet);

        var policy = report.Results.Where(r => r.Category is PrerequisiteCategory.Policy or PrerequisiteCategory.Ddos).ToList();
        Assert.Equal(StagingPlan.ResourceTypes(NetworkTopology.NoSubnet, validates: false, mayBeWindows: false).Count + 1, policy.Count);
        Assert.All(policy, r =>
        {
            Assert.Equal(PrerequisiteStatus.Warning, r.Status);
            Assert.Contains("no permission", r.Message);
            Assert.Contains("AuthorizationFailed", r.Message);
        });
        Assert.DoesNotContain(report.Results, r => r.Status == PrerequisiteStatus.Failed);
    }

    [Fact]
    public async Task Forbidden_role_reads_are_warnings_with_the_reason_never_passes()
    {
        var s = new FakeSubscription();
        s.Arm.Forbid(".*/providers/Microsoft.Authorization/roleAssignments");
        PrerequisiteReport report = await Run(s, NetworkTopology.BuildAndAciSubnets);

        var permissionChecks = report.Results.Where(r => r.Category == PrerequisiteCategory.Identity && r.Check != "Identity.Exists").ToList();
        Assert.Equal(new[] { "Identity.JoinBuildSubnet", "Identity.JoinAciSubnet", "Identity.StagingRgContributor", "Identity.ReadSourceImage", "Identity.WriteDistribution", "Identity.AssignVmIdentity" },
            permissionChecks.Select(r => r.Check));
        Assert.All(permissionChecks, r =>
        {
            Assert.Equal(PrerequisiteStatus.Warning, r.Status);
            Assert.Contains("no permission", r.Message);
        });
        Assert.Equal(PrerequisiteStatus.Passed, report.Results.Single(r => r.Check == "Identity.Exists").Status);
    }

    [Fact]
    public async Task Missing_identity_fails_once_and_skips_its_permission_checks()
    {
        var s = new FakeSubscription();
        s.Resources.Remove(FakeSubscription.Identity);
        PrerequisiteReport report = await Run(s, NetworkTopology.BuildAndAciSubnets);
        PrerequisiteResult failed = AssertOnlyFailure(report, "Identity.Exists");
        Assert.Contains("New-AzUserAssignedIdentity -ResourceGroupName aib-rg -Name aib-identity", failed.Remediation);
        Assert.Contains("az identity create --resource-group aib-rg --name aib-identity", failed.Remediation);
        Assert.All(report.Results.Where(r => r.Category == PrerequisiteCategory.Identity && r.Check != "Identity.Exists"), r => Assert.Equal(PrerequisiteStatus.Skipped, r.Status));
    }

    [Fact]
    public async Task Region_and_api_version()
    {
        var s = new FakeSubscription();
        PrerequisiteReport report = await Run(s, NetworkTopology.BuildAndAciSubnets, r => r.ApiVersion = "2023-07-01");
        PrerequisiteResult api = report.Results.Single(r => r.Check == "Region.ApiVersion");
        Assert.Equal(PrerequisiteStatus.Failed, api.Status);
        Assert.Contains("containerInstanceSubnetId needs api-version 2024-02-01", api.Message);

        PrerequisiteResult newest = (await Run(s, NetworkTopology.BuildAndAciSubnets, r => r.ApiVersion = "2025-10-01")).Results.Single(r => r.Check == "Region.ApiVersion");
        Assert.Equal(PrerequisiteStatus.Passed, newest.Status);

        // Region: the provider's own list decides (eastus2 is a documented AIB region, but not offered to this subscription).
        var far = new PrerequisiteRequest(FakeSubscription.Sub, "eastus2") { Families = new[] { PrerequisiteCategory.Region } };
        PrerequisiteReport regional = await PrerequisiteEngine.RunAsync(far, s.Arm.CreateSender());
        Assert.Equal(PrerequisiteStatus.Failed, regional.Results.Single(r => r.Check == "Region.ImageBuilder").Status);
        Assert.All(regional.Results, r => Assert.Equal(PrerequisiteCategory.Region, r.Category));
    }

    [Fact]
    public async Task Results_stream_as_they_complete_and_come_back_in_stable_order()
    {
        var s = new FakeSubscription();
        var streamed = new ConcurrentQueue<PrerequisiteResult>();
        PrerequisiteReport first = await PrerequisiteEngine.RunAsync(s.Request(NetworkTopology.BuildAndAciSubnets), s.Arm.CreateSender(), null, streamed.Enqueue);
        Assert.Equal(first.Results.Count, streamed.Count);
        Assert.Equal(first.Results.OrderBy(r => r.Check).Select(r => r.Check + r.Target), streamed.OrderBy(r => r.Check).Select(r => r.Check + r.Target));
        Assert.Equal(first.Results.Select(r => (int)r.Category), first.Results.Select(r => (int)r.Category).OrderBy(c => c));

        s.Arm.Delay = TimeSpan.FromMilliseconds(3);
        PrerequisiteReport second = await PrerequisiteEngine.RunAsync(s.Request(NetworkTopology.BuildAndAciSubnets), s.Arm.CreateSender());
        Assert.Equal(first.Results.Select(r => r.Check + "|" + r.Target), second.Results.Select(r => r.Check + "|" + r.Target));
    }

    [Fact]
    public async Task Shared_reads_are_sent_once_per_run()
    {
        var s = new FakeSubscription();
        await Run(s, NetworkTopology.BuildAndAciSubnets);
        // The ACI subnet feeds ten checks in two families; the VMI provider the provider and region checks; the identity two families.
        Assert.Equal(1, s.Arm.CallsTo(FakeSubscription.AciSubnet));
        Assert.Equal(1, s.Arm.CallsTo(FakeSubscription.BuildSubnet));
        Assert.Equal(1, s.Arm.CallsTo("/subscriptions/" + FakeSubscription.Sub + "/providers/Microsoft.VirtualMachineImages"));
        Assert.Equal(1, s.Arm.CallsTo(FakeSubscription.Identity));
        Assert.Equal(1, s.Arm.CallsTo(FakeSubscription.StagingRg));
        Assert.Equal(1, s.Arm.CallsTo("/subscriptions/" + FakeSubscription.Sub + "/providers/Microsoft.Authorization/roleAssignments"));
    }

    [Fact]
    public async Task Families_filter_runs_only_those_families()
    {
        var s = new FakeSubscription();
        PrerequisiteReport report = await Run(s, NetworkTopology.BuildAndAciSubnets, r => r.Families = new[] { PrerequisiteCategory.Quota, PrerequisiteCategory.Providers });
        Assert.Equal(new[] { PrerequisiteCategory.Providers, PrerequisiteCategory.Quota }, report.Results.Select(r => r.Category).Distinct());
        Assert.Equal(9, report.ArmCalls); // 7 providers + 2 usage lists
    }

    [Fact]
    public async Task Checks_run_side_by_side()
    {
        // Measured here: the test host keeps some of its few pool threads blocked (2 cores ⇒ minimum 2), and
        // a plain HttpClient over this fake stalls ~0.8 s until the pool injects a thread — the same with or
        // without the engine. Give the pool the threads it would grow to anyway, and measure a warm run
        // (the first run in a process pays JIT and pipeline set-up).
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), io);
        await Run(new FakeSubscription(), NetworkTopology.BuildSubnetOnly);
        var s = new FakeSubscription();
        s.AssignBuiltIn("vnet-ddos", "VirtualNetworkDdosStandard_Audit.json", new JsonObject { ["ddosPlan"] = new JsonObject { ["value"] = FakeSubscription.DdosPlan } });
        s.Arm.Delay = TimeSpan.FromMilliseconds(100);
        var clock = Stopwatch.StartNew();
        PrerequisiteReport report = await Run(s, NetworkTopology.BuildSubnetOnly);
        clock.Stop();

        _output.WriteLine($"{report.ArmCalls} ARM calls, {report.Results.Count} results: wall {clock.Elapsed.TotalMilliseconds:F0} ms against {s.Arm.DelaySum.TotalMilliseconds:F0} ms of summed latency");
        Assert.Equal(s.Arm.Calls, report.ArmCalls);
        Assert.True(report.ArmCalls >= 30, $"expected a full run, saw {report.ArmCalls} calls");
        Assert.True(clock.Elapsed < TimeSpan.FromTicks(s.Arm.DelaySum.Ticks / 4),
            $"wall {clock.Elapsed.TotalMilliseconds:F0} ms against {s.Arm.DelaySum.TotalMilliseconds:F0} ms of summed latency over {report.ArmCalls} ARM calls");
    }
}
