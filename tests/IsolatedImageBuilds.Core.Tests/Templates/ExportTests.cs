using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;
using Xunit;
using Xunit.Abstractions;
using static IsolatedImageBuilds.Core.Tests.Templates.TemplateSamples;

namespace IsolatedImageBuilds.Core.Tests.Templates;

public class ExportTests(ITestOutputHelper output)
{
    [Fact]
    public void ResourceJsonStartsWithTheArmResourceFieldsInOrder()
    {
        var template = TemplateFactory.Create(LinuxOptions());
        output.WriteLine(template.ToResourceJson());
        output.WriteLine(template.ToBicep());

        var keys = Parse(template.ToResourceJson()).Select(p => p.Key).ToList();

        Assert.Equal(new[] { "type", "apiVersion", "name", "location", "identity", "tags", "properties" }, keys);
        Assert.Equal("Microsoft.VirtualMachineImages/imageTemplates", Parse(template.ToResourceJson())["type"]!.GetValue<string>());
    }

    [Fact]
    public void RequestBodyHoldsOnlyWhatThePutSends()
    {
        var body = Parse(TemplateFactory.Create(LinuxOptions()).ToRequestBodyJson());

        Assert.Equal(new[] { "location", "identity", "tags", "properties" }, body.Select(p => p.Key));
    }

    [Fact]
    public void DeploymentTemplateEscapesStringsArmWouldEvaluate()
    {
        var template = TemplateFactory.Create(WindowsOptions(NetworkTopology.BuildAndAciSubnets));
        var deployment = Parse(template.ToDeploymentTemplateJson());

        Assert.Equal("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", deployment["$schema"]!.GetValue<string>());
        Assert.Equal("1.0.0.0", deployment["contentVersion"]!.GetValue<string>());
        var inline = deployment["resources"]![0]!["properties"]!["customize"]![0]!["inline"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        Assert.Equal("[Net.ServicePointManager]::SecurityProtocol = 'Tls12'", inline[0]); // does not end with ']': a literal
        Assert.Equal("[[string]", inline[1]);
    }

    [Fact]
    public void DeploymentTemplateReadsBackToTheSameResource()
    {
        var template = TemplateFactory.Create(WindowsOptions(NetworkTopology.BuildSubnetOnly));

        var again = TemplateFactory.Create(new TemplateBuildOptions { TemplateFile = template.ToDeploymentTemplateJson() });

        Assert.True(JsonNode.DeepEquals(Parse(template.ToResourceJson()), Parse(again.ToResourceJson())), again.ToResourceJson());
    }
}
