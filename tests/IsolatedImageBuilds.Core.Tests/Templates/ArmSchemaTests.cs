using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;
using Xunit;
using static IsolatedImageBuilds.Core.Tests.Templates.TemplateSamples;

namespace IsolatedImageBuilds.Core.Tests.Templates;

/// <summary>Exported deployment templates against the official ARM template schema of 2024-02-01.</summary>
public class ArmSchemaTests
{
    public static TheoryData<string, NetworkTopology> Sources() => new()
    {
        { "options-linux", NetworkTopology.NoSubnet },
        { "options-linux", NetworkTopology.BuildSubnetOnly },
        { "options-linux", NetworkTopology.BuildAndAciSubnets },
        { "options-windows", NetworkTopology.NoSubnet },
        { "options-windows", NetworkTopology.BuildSubnetOnly },
        { "options-windows", NetworkTopology.BuildAndAciSubnets },
        { "file-linux", NetworkTopology.NoSubnet },
        { "file-linux", NetworkTopology.BuildSubnetOnly },
        { "file-linux", NetworkTopology.BuildAndAciSubnets },
        { "file-windows", NetworkTopology.NoSubnet },
        { "file-windows", NetworkTopology.BuildSubnetOnly },
        { "file-windows", NetworkTopology.BuildAndAciSubnets },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void ExportedImageTemplateResourceValidatesAgainstTheOfficialSchema(string source, NetworkTopology topology)
    {
        var template = Build(source, topology);
        Assert.Equal(topology, template.Topology);

        var resource = Parse(template.ToDeploymentTemplateJson())["resources"]!.AsArray().Single()!;

        Assert.Empty(ArmSchemaValidator.Validate(resource));
    }

    [Fact]
    public void TheSchemaCheckRejectsABrokenResource()
    {
        // Guards the test above against a validator that accepts everything.
        var resource = Parse(TemplateFactory.Create(LinuxOptions()).ToDeploymentTemplateJson())["resources"]![0]!;
        resource["properties"]!["buildTimeoutInMinutes"] = 5000;
        resource["properties"]!["source"]!["type"] = "Iso";
        resource["name"] = "not a valid name!";

        var errors = ArmSchemaValidator.Validate(resource);

        Assert.Contains(errors, e => e.Contains("properties.buildTimeoutInMinutes: NumberTooBig", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("properties.source.type: NotInEnumeration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("#/name: NotOneOf", StringComparison.Ordinal));
    }

    internal static ImageTemplateDocument Build(string source, NetworkTopology topology) => source switch
    {
        "options-linux" => TemplateFactory.Create(LinuxOptions(topology)),
        "options-windows" => TemplateFactory.Create(WindowsOptions(topology)),
        _ => TemplateFactory.Create(new TemplateBuildOptions
        {
            TemplateFile = ExampleBody(ArmApiVersions.ImageTemplates, source == "file-linux" ? "Linux" : "Windows").ToJsonString(),
            TemplateFileName = source,
            Name = source,
            Topology = topology,
            SubnetId = topology == NetworkTopology.NoSubnet ? null : BuildSubnet,
            ContainerInstanceSubnetId = topology == NetworkTopology.BuildAndAciSubnets ? AciSubnet : null,
        }),
    };
}
