using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;
using Xunit;
using static IsolatedImageBuilds.Core.Tests.Templates.TemplateSamples;

namespace IsolatedImageBuilds.Core.Tests.Templates;

public class TopologyTests
{
    private static readonly string[] NetworkTypes =
    {
        "Microsoft.Network/virtualNetworks", "Microsoft.Network/networkSecurityGroups", "Microsoft.Network/privateEndpoints",
        "Microsoft.Network/privateLinkServices", "Microsoft.Network/loadBalancers",
    };

    [Theory]
    [InlineData(NetworkTopology.NoSubnet)]
    [InlineData(NetworkTopology.BuildSubnetOnly)]
    [InlineData(NetworkTopology.BuildAndAciSubnets)]
    public void OptionsGiveTheTopologyTheirSubnetsDescribe(NetworkTopology topology)
    {
        var template = TemplateFactory.Create(LinuxOptions(topology));

        Assert.Equal(topology, template.Topology);
        Assert.Equal(ArmApiVersions.ImageTemplates, template.ApiVersion);
        Assert.Equal(Identity, template.IdentityId);
    }

    [Fact]
    public void NoSubnetPlanHasTheVnetAndNsgsButNoPrivateLink()
    {
        var types = TemplateFactory.Create(LinuxOptions(NetworkTopology.NoSubnet)).StagingPlan.Select(r => r.ResourceType).ToList();

        Assert.Contains("Microsoft.Network/virtualNetworks", types);
        Assert.Contains("Microsoft.Network/networkSecurityGroups", types);
        Assert.DoesNotContain("Microsoft.Network/privateEndpoints", types);
        Assert.DoesNotContain("Microsoft.Network/loadBalancers", types);
    }

    [Fact]
    public void BuildSubnetOnlyPlanHasThePrivateLinkPipelineAndTheProxyVmOfTheChosenSize()
    {
        var plan = TemplateFactory.Create(LinuxOptions(NetworkTopology.BuildSubnetOnly)).StagingPlan;

        Assert.All(NetworkTypes, t => Assert.Contains(plan, r => r.ResourceType == t));
        var proxy = Assert.Single(plan, r => r.Purpose.StartsWith("proxy VM relaying", StringComparison.Ordinal));
        Assert.Equal("Standard_A2_v2", proxy.Size);
    }

    [Fact]
    public void NetworkResourceTypesAreWhatOnlyTheTopologiesWithoutAnAciSubnetAdd()
    {
        Assert.Equal(NetworkTypes.OrderBy(t => t), StagingPlan.NetworkResourceTypes.OrderBy(t => t));
        Assert.True(StagingPlan.HasProxyVm(NetworkTopology.BuildSubnetOnly));
        Assert.False(StagingPlan.HasProxyVm(NetworkTopology.BuildAndAciSubnets));
    }

    [Fact]
    public void ProxyVmDefaultsToStandardA1v2()
    {
        var plan = StagingPlan.For(NetworkTopology.BuildSubnetOnly, validates: false, mayBeWindows: false, proxyVmSize: "");

        Assert.Contains(plan, r => r.ResourceType == "Microsoft.Compute/virtualMachines" && r.Size == "Standard_A1_v2");
    }

    [Fact]
    public void BuildAndAciSubnetsPlanHasNoNetworkResources()
    {
        var plan = TemplateFactory.Create(LinuxOptions(NetworkTopology.BuildAndAciSubnets)).StagingPlan;

        Assert.DoesNotContain(plan, r => NetworkTypes.Contains(r.ResourceType));
        Assert.Contains(plan, r => r.ResourceType == "Microsoft.ContainerInstance/containerGroups");
        Assert.Contains(plan, r => r.ResourceType == "Microsoft.Storage/storageAccounts" && r.Lifetime == StagingResourceLifetime.Kept);
        Assert.Contains(plan, r => r.Purpose == "validation VM");
    }

    [Fact]
    public void KeyVaultIsPossibleForWindowsAndAbsentForAKnownLinuxImage()
    {
        var windows = TemplateFactory.Create(WindowsOptions(NetworkTopology.BuildAndAciSubnets)).StagingPlan;
        var linux = TemplateFactory.Create(LinuxOptions()).StagingPlan;

        var vault = Assert.Single(windows, r => r.ResourceType == "Microsoft.KeyVault/vaults");
        Assert.False(vault.IsCertain);
        Assert.DoesNotContain(linux, r => r.ResourceType == "Microsoft.KeyVault/vaults");
        Assert.DoesNotContain(windows, r => r.Purpose == "validation VM");
    }

    [Theory]
    [InlineData(NetworkTopology.NoSubnet)]
    [InlineData(NetworkTopology.BuildSubnetOnly)]
    [InlineData(NetworkTopology.BuildAndAciSubnets)]
    public void AFileMovesToTheRequestedTopology(NetworkTopology topology)
    {
        // The Linux example has a build subnet (BuildSubnetOnly); move it anywhere.
        var options = new TemplateBuildOptions
        {
            TemplateFile = ExampleBody(ArmApiVersions.ImageTemplates, "Linux").ToJsonString(),
            Name = "moved",
            Topology = topology,
            ContainerInstanceSubnetId = topology == NetworkTopology.BuildAndAciSubnets
                ? "/subscriptions/{subscription-id}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet_name/subnets/aci_subnet"
                : null,
        };

        var template = TemplateFactory.Create(options);

        Assert.Equal(topology, template.Topology);
        Assert.Equal(topology == NetworkTopology.NoSubnet, template.Notes.Any(n => n.Contains("Removed 'properties.vmProfile.vnetConfig.subnetId'")));
    }
}
