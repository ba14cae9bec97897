using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;
using Xunit;
using static IsolatedImageBuilds.Core.Tests.Templates.TemplateSamples;

namespace IsolatedImageBuilds.Core.Tests.Templates;

/// <summary>The Bicep export compiles without a single warning and compiles back to the ARM export.</summary>
public class BicepExportTests
{
    public static TheoryData<string, NetworkTopology> Templates() => new()
    {
        { "options-linux", NetworkTopology.NoSubnet },
        { "options-windows", NetworkTopology.BuildSubnetOnly },
        { "options-linux", NetworkTopology.BuildAndAciSubnets },
        { "file-windows", NetworkTopology.BuildAndAciSubnets },
        { "newest-api-version", NetworkTopology.BuildAndAciSubnets },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void BicepExportCompilesToTheArmExport(string source, NetworkTopology topology)
    {
        var template = source == "newest-api-version" ? Newest() : ArmSchemaTests.Build(source, topology);

        var (compiled, diagnostics) = BicepCli.Build(template.ToBicep());

        Assert.True(diagnostics.Length == 0, $"bicep build reported:\n{diagnostics}\n\n{template.ToBicep()}");
        var fromBicep = compiled!["resources"]!.AsArray().Single()!.AsObject();
        var fromArm = Parse(template.ToDeploymentTemplateJson())["resources"]![0]!.AsObject();
        foreach (var key in new[] { "type", "apiVersion", "name", "location", "identity", "tags", "properties" })
        {
            Assert.True(JsonNode.DeepEquals(fromArm[key], fromBicep[key]), $"{key} differs:\nARM:   {fromArm[key]?.ToJsonString()}\nBicep: {fromBicep[key]?.ToJsonString()}");
        }
    }

    [Fact]
    public void BicepCompilerReportsAnUnknownProperty()
    {
        // Guards the test above: a mis-cased field must show up as a diagnostic.
        var bicep = TemplateFactory.Create(LinuxOptions()).ToBicep().Replace("vmSize:", "vmsize:", StringComparison.Ordinal);

        var (_, diagnostics) = BicepCli.Build(bicep);

        Assert.Contains("BCP089", diagnostics, StringComparison.Ordinal);
    }

    /// <summary>A 2025-10-01 template using its new fields, with strings that need every Bicep escape.</summary>
    private static ImageTemplateDocument Newest()
    {
        var options = LinuxOptions();
        options.ApiVersion = ArmApiVersions.ImageTemplatesNewest;
        options.Tags!["if"] = "keyword key";
        options.Tags["null"] = "it's \\ ${x} \t [a]";
        options.Distributors = new List<ImageDistributor>
        {
            ImageDistributor.SharedImage("gallery", GalleryImage, new[] { new SharedImageTargetRegion("westeurope") }, replicationMode: "Shallow", versioningScheme: "Source"),
        };
        options.AdditionalDataDiskSizesGB = new[] { 32, 128 };
        options.WorkloadOptimization = true;
        options.WorkloadOptimizationScriptUri = "https://example.com/tune.sh";
        var template = TemplateFactory.Create(options);
        Assert.Contains("\"additionalDataDisks\"", template.ToRequestBodyJson(), StringComparison.Ordinal);
        return template;
    }
}
