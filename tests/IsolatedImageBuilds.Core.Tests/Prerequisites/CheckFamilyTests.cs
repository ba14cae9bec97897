using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Prerequisites;
using static IsolatedImageBuilds.Core.Tests.Prerequisites.PrerequisiteEngineTests;

namespace IsolatedImageBuilds.Core.Tests.Prerequisites;

/// <summary>Rules inside the families beyond the one-failure-per-class cases.</summary>
public class CheckFamilyTests
{
    private static PrerequisiteResult Single(PrerequisiteReport report, string check) => report.Results.Single(r => r.Check == check);

    [Fact]
    public async Task Required_tags_and_denied_locations_surface_from_field_restrictions()
    {
        var s = new FakeSubscription();
        // The service's own example answer: tags.newtag required (Deny), location 'west europe' denied.
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.Reference, "rest", "policyinsights", "2024-10-01", "examples", "PolicyRestrictions_CheckAtResourceGroupScopeIncludeAuditEffect.json")))!;
        JsonObject answer = example["responses"]!["200"]!["body"]!.DeepClone().AsObject();
        answer.Remove("contentEvaluationResult");
        s.PolicyAnswer = body => body["resourceDetails"]!["resourceContent"]!["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts" ? answer : null;

        PrerequisiteResult failed = AssertOnlyFailureOf(await Run(s, PrerequisiteTopology.BuildAndAciSubnets), "Policy.Microsoft.Storage/storageAccounts");
        Assert.Contains(failed.Evidence, e => e.Contains("policyAssignments/57DAC8A0") && e.Contains("tags.newtag is required"));
        Assert.Contains(failed.Evidence, e => e.Contains("policyAssignments/1563EBD3") && e.Contains("The selected location is not allowed"));
        // The Audit-only restriction on tags.environment is not a denial.
        Assert.DoesNotContain(failed.Evidence, e => e.Contains("7EB1508A"));

        // With the tag set through managedResourceTags, and in a region the policy does not name, nothing is denied.
        PrerequisiteReport tagged = await Run(s, PrerequisiteTopology.BuildAndAciSubnets, r => r.ManagedResourceTags["newtag"] = "x");
        Assert.Contains("policyAssignments/1563EBD3", string.Join("\n", Single(tagged, "Policy.Microsoft.Storage/storageAccounts").Evidence));
        Assert.DoesNotContain("57DAC8A0", string.Join("\n", Single(tagged, "Policy.Microsoft.Storage/storageAccounts").Evidence));
    }

    [Fact]
    public async Task Policy_audit_results_are_warnings()
    {
        var s = new FakeSubscription();
        s.AssignBuiltIn("audit-types", "AllowedResourceTypes_Deny.json", new JsonObject
        {
            ["listOfResourceTypesAllowed"] = new JsonObject { ["value"] = new JsonArray("Microsoft.Compute/virtualMachines") },
            ["effect"] = new JsonObject { ["value"] = "Audit" },
        });
        PrerequisiteReport report = await Run(s, PrerequisiteTopology.BuildAndAciSubnets);
        Assert.DoesNotContain(report.Results, r => r.Status == PrerequisiteStatus.Failed);
        Assert.Equal(PrerequisiteStatus.Warning, Single(report, "Policy.Microsoft.ContainerInstance/containerGroups").Status);
        Assert.Equal(PrerequisiteStatus.Passed, Single(report, "Policy.Microsoft.Compute/virtualMachines").Status);
    }

    [Fact]
    public async Task Staging_resource_types_from_the_template_replace_the_default_plan()
    {
        var s = new FakeSubscription();
        PrerequisiteReport report = await Run(s, PrerequisiteTopology.BuildAndAciSubnets, r => r.StagingResourceTypes = new List<string> { "Microsoft.ContainerInstance/containerGroups", "Microsoft.KeyVault/vaults" });
        Assert.Equal(new[] { "Policy.Microsoft.ContainerInstance/containerGroups", "Policy.Microsoft.KeyVault/vaults" },
            report.Results.Where(r => r.Category == PrerequisiteCategory.Policy).Select(r => r.Check));
        Assert.Contains("Microsoft.KeyVault/vaults", PrerequisiteRequest.DefaultStagingResourceTypes(PrerequisiteTopology.BuildAndAciSubnets, isWindows: true));
        Assert.DoesNotContain("Microsoft.Network/virtualNetworks", PrerequisiteRequest.DefaultStagingResourceTypes(PrerequisiteTopology.BuildAndAciSubnets));
        Assert.Contains("Microsoft.Network/privateLinkServices", PrerequisiteRequest.DefaultStagingResourceTypes(PrerequisiteTopology.BuildSubnetOnly));
    }

    [Fact]
    public async Task Ddos_policy_inside_an_initiative_is_found_with_the_parameters_it_passes()
    {
        var s = new FakeSubscription();
        string ddosDefinition = s.AssignBuiltIn("tmp", "VirtualNetworkDdosStandard_Audit.json", new JsonObject());
        s.PolicyAssignments.RemoveAll(a => a["id"]!.GetValue<string>() == ddosDefinition);
        const string setId = "/subscriptions/" + FakeSubscription.Sub + "/providers/Microsoft.Authorization/policySetDefinitions/network-baseline";
        s.Resources[setId] = new JsonObject
        {
            ["id"] = setId,
            ["properties"] = new JsonObject
            {
                ["parameters"] = new JsonObject { ["planId"] = new JsonObject { ["type"] = "String" }, ["ddosEffect"] = new JsonObject { ["type"] = "String", ["defaultValue"] = "Modify" } },
                ["policyDefinitions"] = new JsonArray(new JsonObject
                {
                    ["policyDefinitionId"] = "/providers/Microsoft.Authorization/policyDefinitions/94de2ad3-e0c1-4caf-ad78-5d47bbc83d3d",
                    ["parameters"] = new JsonObject
                    {
                        ["ddosPlan"] = new JsonObject { ["value"] = "[parameters('planId')]" },
                        ["effect"] = new JsonObject { ["value"] = "[parameters('ddosEffect')]" },
                    },
                }),
            },
        };
        string assignment = "/subscriptions/" + FakeSubscription.Sub + "/providers/Microsoft.Authorization/policyAssignments/baseline";
        s.PolicyAssignments.Add(new JsonObject
        {
            ["id"] = assignment,
            ["properties"] = new JsonObject { ["policyDefinitionId"] = setId, ["parameters"] = new JsonObject { ["planId"] = new JsonObject { ["value"] = FakeSubscription.DdosPlan } } },
        });
        // Network Contributor only on the build subnet: no join on the plan.
        s.RoleAssignments.RemoveAll(a => a["properties"]!["scope"]!.GetValue<string>() == FakeSubscription.NetRg);
        s.Grant(FakeSubscription.NetworkContributor, FakeSubscription.BuildSubnet);

        PrerequisiteResult failed = AssertOnlyFailureOf(await Run(s, PrerequisiteTopology.NoSubnet), "Ddos.VirtualNetworkPolicy");
        Assert.Equal(assignment, failed.Target);
        Assert.Contains("effect Modify", failed.Evidence);
        Assert.Contains("plan " + FakeSubscription.DdosPlan, failed.Evidence);
    }

    [Fact]
    public async Task Ddos_assignment_that_excludes_the_staging_group_does_not_count()
    {
        var s = new FakeSubscription();
        s.AssignBuiltIn("vnet-ddos", "VirtualNetworkDdosStandard_Audit.json", new JsonObject { ["ddosPlan"] = new JsonObject { ["value"] = FakeSubscription.DdosPlan } });
        s.PolicyAssignments.Last()["properties"]!["notScopes"] = new JsonArray(FakeSubscription.StagingRg);
        s.RoleAssignments.RemoveAll(a => a["properties"]!["scope"]!.GetValue<string>() == FakeSubscription.NetRg);
        PrerequisiteReport report = await Run(s, PrerequisiteTopology.NoSubnet);
        Assert.Equal(PrerequisiteStatus.Passed, Single(report, "Ddos.VirtualNetworkPolicy").Status);
    }

    [Fact]
    public async Task Unreadable_policy_definition_is_a_warning_and_no_overall_pass()
    {
        var s = new FakeSubscription();
        s.Arm.Forbid("/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c");
        PrerequisiteReport report = await Run(s, PrerequisiteTopology.NoSubnet);
        PrerequisiteResult ddos = Assert.Single(report.Results, r => r.Category == PrerequisiteCategory.Ddos);
        Assert.Equal(PrerequisiteStatus.Warning, ddos.Status);
        Assert.EndsWith("policyAssignments/allowed-locations", ddos.Target);
    }

    [Fact]
    public async Task Build_subnet_nsg_that_denies_all_inbound_before_the_load_balancer_rule()
    {
        var s = new FakeSubscription();
        s.Resources[FakeSubscription.BuildNsg] = FakeSubscription.Nsg(FakeSubscription.BuildNsg,
            FakeSubscription.SecurityRule("DenyAllIn", 300, "Inbound", "Deny", "*", "*", "*", protocol: "*"),
            FakeSubscription.SecurityRule("AzureImageBuilderNsgRule", 400, "Inbound", "Allow", "AzureLoadBalancer", "VirtualNetwork", "60000-60001"));
        PrerequisiteResult failed = AssertOnlyFailureOf(await Run(s, PrerequisiteTopology.BuildSubnetOnly), "Subnet.LoadBalancerInbound");
        Assert.Contains(failed.Evidence, e => e.Contains("'DenyAllIn' (priority 300, Inbound, Deny)"));
        Assert.Contains("-Priority 299", failed.Remediation);
        Assert.Contains("--destination-port-ranges 60000-60001", failed.Remediation);

        // Without any custom rule Azure's default AllowAzureLoadBalancerInBound admits it.
        s.Resources[FakeSubscription.BuildNsg] = FakeSubscription.Nsg(FakeSubscription.BuildNsg);
        Assert.True((await Run(s, PrerequisiteTopology.BuildSubnetOnly)).AllPassed);
    }

    [Fact]
    public async Task Build_subnet_that_refuses_ssh_from_the_aci_subnet()
    {
        var s = new FakeSubscription();
        s.Resources[FakeSubscription.BuildNsg] = FakeSubscription.Nsg(FakeSubscription.BuildNsg,
            FakeSubscription.SecurityRule("DenySshFromAci", 200, "Inbound", "Deny", "10.0.2.0/24", "*", "20-23"));
        PrerequisiteResult failed = AssertOnlyFailureOf(await Run(s, PrerequisiteTopology.BuildAndAciSubnets), "Subnet.AciToBuildSubnet");
        Assert.Equal(FakeSubscription.BuildSubnet, failed.Target);
        Assert.Contains("TCP 22", failed.Message);
        // A Windows build talks WinRM on 5986, which the rule leaves open.
        Assert.True((await Run(s, PrerequisiteTopology.BuildAndAciSubnets, r => r.IsWindows = true)).AllPassed);
    }

    [Fact]
    public async Task Private_aci_subnet_without_nat_gateway()
    {
        var s = new FakeSubscription();
        s.Resources[FakeSubscription.AciSubnet]["properties"]!.AsObject().Remove("natGateway");
        PrerequisiteResult failed = AssertOnlyFailureOf(await Run(s, PrerequisiteTopology.BuildAndAciSubnets), "Subnet.AciOutboundPath");
        Assert.Contains("--nat-gateway", failed.Remediation);
        Assert.Contains("defaultOutboundAccess: false", failed.Evidence);
    }

    [Fact]
    public async Task Aci_subnet_size_in_use_and_region()
    {
        var s = new FakeSubscription();
        s.Resources[FakeSubscription.AciSubnet]["properties"]!["addressPrefix"] = "10.0.2.0/29";
        PrerequisiteReport small = await Run(s, PrerequisiteTopology.BuildAndAciSubnets);
        PrerequisiteResult free = Single(small, "Subnet.AciFreeAddresses");
        Assert.Equal(PrerequisiteStatus.Warning, free.Status);
        Assert.Contains("10.0.2.0/29: 8 addresses, 5 reserved by Azure, 0 in use, 3 free", free.Evidence);

        s.Resources[FakeSubscription.AciSubnet]["properties"]!["ipConfigurations"] = new JsonArray(
            new JsonObject { ["id"] = FakeSubscription.NetRg + "/providers/Microsoft.Network/networkInterfaces/vm1-nic/ipConfigurations/ipconfig1" },
            new JsonObject { ["id"] = FakeSubscription.NetRg + "/providers/Microsoft.Network/networkInterfaces/vm2-nic/ipConfigurations/ipconfig1" },
            new JsonObject { ["id"] = FakeSubscription.NetRg + "/providers/Microsoft.Network/networkInterfaces/vm3-nic/ipConfigurations/ipconfig1" });
        PrerequisiteReport full = await Run(s, PrerequisiteTopology.BuildAndAciSubnets);
        Assert.Equal(new[] { "Subnet.AciSubnetEmpty", "Subnet.AciFreeAddresses" }, full.Results.Where(r => r.Status == PrerequisiteStatus.Failed).Select(r => r.Check));

        var far = new FakeSubscription();
        far.Resources[FakeSubscription.Vnet]["location"] = "northeurope";
        PrerequisiteResult region = AssertOnlyFailureOf(await Run(far, PrerequisiteTopology.BuildSubnetOnly), "Subnet.VnetRegion");
        Assert.Contains("northeurope", region.Message);
    }

    [Fact]
    public async Task Missing_build_subnet_fails_and_stops_the_subnet_checks()
    {
        var s = new FakeSubscription();
        s.Resources.Remove(FakeSubscription.BuildSubnet);
        PrerequisiteReport report = await Run(s, PrerequisiteTopology.BuildAndAciSubnets);
        Assert.Equal(PrerequisiteStatus.Failed, Single(report, "Subnet.BuildSubnet").Status);
        Assert.Single(report.Results, r => r.Category == PrerequisiteCategory.Subnet);
        // The identity check on that subnet still runs and, with Network Contributor on the RG, passes.
        Assert.Equal(PrerequisiteStatus.Passed, Single(report, "Identity.JoinBuildSubnet").Status);
    }

    [Fact]
    public async Task Region_falls_back_to_the_documented_list_when_the_provider_cannot_be_read()
    {
        var s = new FakeSubscription();
        s.Arm.Forbid("/subscriptions/[^/]+/providers/Microsoft.VirtualMachineImages");
        PrerequisiteReport report = await Run(s, PrerequisiteTopology.NoSubnet, r => r.Families = new[] { PrerequisiteCategory.Region, PrerequisiteCategory.Providers });
        Assert.Equal(PrerequisiteStatus.Warning, Single(report, "Provider.Microsoft.VirtualMachineImages").Status);
        PrerequisiteResult region = Single(report, "Region.ImageBuilder");
        Assert.Equal(PrerequisiteStatus.Passed, region.Status);
        Assert.Contains("documented AIB region", region.Message);
    }

    [Fact]
    public async Task Distribution_to_a_resource_group_and_a_managed_image_source()
    {
        var s = new FakeSubscription();
        const string otherRg = "/subscriptions/" + FakeSubscription.Sub + "/resourceGroups/other-images";
        PrerequisiteReport report = await Run(s, PrerequisiteTopology.NoSubnet, r =>
        {
            r.SourceImageId = FakeSubscription.ImagesRg + "/providers/Microsoft.Compute/images/base";
            r.DistributionTargetIds = new List<string> { FakeSubscription.ImagesRg, otherRg + "/providers/Microsoft.Compute/images/out" };
        });
        var writes = report.Results.Where(r => r.Check == "Identity.WriteDistribution").ToList();
        Assert.Equal(PrerequisiteStatus.Passed, writes[0].Status);
        Assert.Equal(PrerequisiteStatus.Failed, writes[1].Status);
        Assert.Contains("missing: Microsoft.Compute/images/write", writes[1].Evidence);
        Assert.Equal(PrerequisiteStatus.Passed, Single(report, "Identity.ReadSourceImage").Status);
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        var s = new FakeSubscription();
        s.Arm.Delay = TimeSpan.FromSeconds(5);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PrerequisiteEngine.RunAsync(s.Request(PrerequisiteTopology.NoSubnet), s.Arm.CreateSender(), null, null, cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3));
    }

    private static PrerequisiteResult AssertOnlyFailureOf(PrerequisiteReport report, string check) => AssertOnlyFailure(report, check);
}
