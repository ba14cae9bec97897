using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;
using Xunit;
using static IsolatedImageBuilds.Core.Tests.Templates.TemplateSamples;

namespace IsolatedImageBuilds.Core.Tests.Templates;

/// <summary>The REST specification's create examples, imported as template files.</summary>
public class ExampleImportTests
{
    private const string ExampleVnet = "/subscriptions/{subscription-id}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet_name";

    public static TheoryData<string, string> Examples() => new()
    {
        { "2024-02-01", "Linux" },
        { "2024-02-01", "Windows" },
        { "2025-10-01", "Linux" },
        { "2025-10-01", "Windows" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void EveryFieldOfTheRequestBodyIsKept(string apiVersion, string os)
    {
        var body = ExampleBody(apiVersion, os);

        var template = TemplateFactory.Create(new TemplateBuildOptions { TemplateFile = body.ToJsonString(), Name = "myImageTemplate", ApiVersion = apiVersion });

        AssertJsonEqual(body, Parse(template.ToRequestBodyJson()));
        Assert.Equal(apiVersion, template.ApiVersion);
        Assert.Equal(NetworkTopology.BuildSubnetOnly, template.Topology);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void TheExampleAsAResourceAndAsADeploymentTemplateImportsTheSame(string apiVersion, string os)
    {
        var body = ExampleBody(apiVersion, os);
        var resource = new JsonObject { ["type"] = "Microsoft.VirtualMachineImages/imageTemplates", ["apiVersion"] = apiVersion, ["name"] = "myImageTemplate" };
        foreach (var pair in body)
        {
            resource[pair.Key] = pair.Value!.DeepClone();
        }

        var deployment = new JsonObject
        {
            ["$schema"] = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            ["contentVersion"] = "1.0.0.0",
            ["resources"] = new JsonArray(
                new JsonObject { ["type"] = "Microsoft.Storage/storageAccounts", ["apiVersion"] = "2023-05-01", ["name"] = "other" },
                resource.DeepClone()),
        };

        var fromResource = TemplateFactory.Create(new TemplateBuildOptions { TemplateFile = resource.ToJsonString() });
        var fromDeployment = TemplateFactory.Create(new TemplateBuildOptions { TemplateFile = deployment.ToJsonString() });

        AssertJsonEqual(resource, Parse(fromResource.ToResourceJson()));
        AssertJsonEqual(resource, Parse(fromDeployment.ToResourceJson()));
    }

    [Theory]
    [InlineData("2024-02-01", "Linux", NetworkTopology.NoSubnet)]
    [InlineData("2024-02-01", "Linux", NetworkTopology.BuildSubnetOnly)]
    [InlineData("2024-02-01", "Linux", NetworkTopology.BuildAndAciSubnets)]
    [InlineData("2024-02-01", "Windows", NetworkTopology.NoSubnet)]
    [InlineData("2024-02-01", "Windows", NetworkTopology.BuildAndAciSubnets)]
    [InlineData("2025-10-01", "Linux", NetworkTopology.NoSubnet)]
    [InlineData("2025-10-01", "Linux", NetworkTopology.BuildAndAciSubnets)]
    [InlineData("2025-10-01", "Windows", NetworkTopology.BuildSubnetOnly)]
    [InlineData("2025-10-01", "Windows", NetworkTopology.BuildAndAciSubnets)]
    public void TheExampleMovesToEachTopologyChangingOnlyTheSubnets(string apiVersion, string os, NetworkTopology topology)
    {
        var body = ExampleBody(apiVersion, os);
        var options = new TemplateBuildOptions { TemplateFile = body.ToJsonString(), Name = "moved", ApiVersion = apiVersion, Topology = topology };
        var expected = (JsonObject)body.DeepClone();
        var vmProfile = expected["properties"]!["vmProfile"]!.AsObject();
        switch (topology)
        {
            case NetworkTopology.NoSubnet:
                vmProfile.Remove("vnetConfig");
                break;
            case NetworkTopology.BuildAndAciSubnets:
                options.ContainerInstanceSubnetId = ExampleVnet + "/subnets/aci_subnet";
                vmProfile["vnetConfig"]!["containerInstanceSubnetId"] = options.ContainerInstanceSubnetId;
                break;
        }

        var template = TemplateFactory.Create(options);

        Assert.Equal(topology, template.Topology);
        AssertJsonEqual(expected, Parse(template.ToRequestBodyJson()));
    }

    [Fact]
    public void AnExampleWithoutApiVersionLandsOnTheDefault()
    {
        var template = TemplateFactory.Create(new TemplateBuildOptions { TemplateFile = ExampleBody("2025-10-01", "Linux").ToJsonString(), Name = "x" });

        Assert.Equal(ArmApiVersions.ImageTemplates, template.ApiVersion);
    }

    internal static void AssertJsonEqual(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected:\n{expected.ToJsonString()}\nactual:\n{actual.ToJsonString()}");
}
