using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.TemplateUpdates;
using IsolatedImageBuilds.Core.Topology;
using Xunit;
using static IsolatedImageBuilds.Core.Tests.Templates.TemplateSamples;

namespace IsolatedImageBuilds.Core.Tests.TemplateUpdates;

public class TemplateUpdatePlannerTests
{
    private static ImageTemplateDocument Deployed(NetworkTopology topology) => TemplateFactory.Create(LinuxOptions(topology));

    [Fact]
    public void MovingBuildSubnetOnlyToItsAciSubnetPatchesOnlyVmProfileAndRemovesTheProxySize()
    {
        var request = new TemplateUpdateRequest { ContainerInstanceSubnetId = AciSubnet };
        var plan = TemplateUpdatePlanner.Plan(Deployed(NetworkTopology.BuildSubnetOnly), request);

        Assert.Equal(NetworkTopology.BuildSubnetOnly, plan.Before.Topology);
        Assert.Equal(NetworkTopology.BuildAndAciSubnets, plan.After.Topology);
        var properties = Assert.IsType<JsonObject>(plan.PatchBody["properties"]);
        Assert.Equal(new[] { "properties" }, plan.PatchBody.Select(p => p.Key));
        Assert.Equal(new[] { "vmProfile" }, properties.Select(p => p.Key));
        var vnet = properties["vmProfile"]!["vnetConfig"]!.AsObject();
        Assert.Equal(AciSubnet, (string?)vnet["containerInstanceSubnetId"]);
        Assert.Equal(BuildSubnet, (string?)vnet["subnetId"]);
        // A merging PATCH must drop the proxy size too: JSON merge patch says so with null.
        Assert.True(vnet.ContainsKey("proxyVmSize"));
        Assert.Null(vnet["proxyVmSize"]);
        Assert.Equal("Standard_D2ds_v5", (string?)properties["vmProfile"]!["vmSize"]);

        Assert.Equal(
            new[]
            {
                "properties.vmProfile.vnetConfig.proxyVmSize: \"Standard_A2_v2\" -> (absent)",
                $"properties.vmProfile.vnetConfig.containerInstanceSubnetId: (absent) -> \"{AciSubnet}\"",
            }.OrderBy(s => s),
            plan.Changes.Select(c => c.ToString()).OrderBy(s => s));
    }

    [Fact]
    public void ADistributorReplacesTheTargetOfItsRunOutputNameAndOthersAreAdded()
    {
        var current = Deployed(NetworkTopology.BuildAndAciSubnets);
        var request = new TemplateUpdateRequest
        {
            ContainerInstanceSubnetId = AciSubnet,
            Distributors =
            {
                ImageDistributor.Vhd("ubuntu-vhd", "https://example.blob.core.windows.net/vhds/u.vhd"), ImageDistributor.Vhd("second-vhd"),
            },
        };

        var plan = TemplateUpdatePlanner.Plan(current, request);

        var distribute = plan.PatchBody["properties"]!["distribute"]!.AsArray();
        Assert.Equal(new[] { "ubuntu-gallery", "ubuntu-vhd", "second-vhd" }, distribute.Select(d => (string?)d!["runOutputName"]));
        Assert.Equal("https://example.blob.core.windows.net/vhds/u.vhd", (string?)distribute[1]!["uri"]);
        Assert.Null(plan.PatchBody["properties"]!["vmProfile"]);
        Assert.Contains(plan.Changes, c => c.Path == "properties.distribute[2]" && c.Before == null && c.After!.Contains("second-vhd"));
    }

    [Fact]
    public void TheSameSettingsChangeNothing()
    {
        var plan = TemplateUpdatePlanner.Plan(Deployed(NetworkTopology.BuildAndAciSubnets),
            new TemplateUpdateRequest { ContainerInstanceSubnetId = AciSubnet });

        Assert.False(plan.HasChanges);
        Assert.Empty(plan.PatchBody);
    }

    [Theory]
    [InlineData(OtherVnetSubnet, null, "TemplateSubnetsInDifferentVnets")]
    [InlineData(BuildSubnet, null, "TemplateContainerInstanceSubnetSameAsSubnet")]
    [InlineData(AciSubnet, "Standard D2", "TemplateVmSizeInvalid")]
    [InlineData(Vnet, null, "TemplateResourceIdWrongType")]
    public void TheLocalTopologyRulesRefuseBeforeAnythingIsSent(string aciSubnet, string? vmSize, string errorId)
    {
        var ex = Assert.Throws<TemplateValidationException>(() => TemplateUpdatePlanner.Plan(Deployed(NetworkTopology.BuildSubnetOnly),
            new TemplateUpdateRequest { ContainerInstanceSubnetId = aciSubnet, VmSize = vmSize }));

        Assert.Contains(ex.Problems, p => p.ErrorId == errorId);
        Assert.All(ex.Problems, p => Assert.StartsWith("properties.vmProfile", p.FieldPath));
    }

    [Fact]
    public void ANoSubnetTemplateNeedsABuildSubnet()
    {
        var current = Deployed(NetworkTopology.NoSubnet);

        var ex = Assert.Throws<TemplateValidationException>(() =>
            TemplateUpdatePlanner.Plan(current, new TemplateUpdateRequest { ContainerInstanceSubnetId = AciSubnet }));
        Assert.Contains(ex.Problems, p => p.ErrorId == "TemplateTopologyRequiresSubnet");

        var plan = TemplateUpdatePlanner.Plan(current, new TemplateUpdateRequest { ContainerInstanceSubnetId = AciSubnet, SubnetId = BuildSubnet });
        Assert.Equal(NetworkTopology.BuildAndAciSubnets, plan.After.Topology);
    }
}
