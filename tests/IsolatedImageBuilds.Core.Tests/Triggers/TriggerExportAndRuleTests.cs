using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Tests.Templates;
using IsolatedImageBuilds.Core.Triggers;
using Xunit;
using static IsolatedImageBuilds.Core.Tests.Templates.TemplateSamples;

namespace IsolatedImageBuilds.Core.Tests.Triggers;

/// <summary>A template with a SourceImage trigger: its ARM export validates against the official schema, its Bicep
/// compiles (Bicep CLI) to the same resources; and the local trigger rules, each with its error id.</summary>
public class TriggerExportAndRuleTests
{
    private static ImageTemplateDocument WithTrigger(Action<TemplateBuildOptions>? change = null)
    {
        var options = LinuxOptions();
        options.TriggerName = TriggerClient.DefaultName;
        change?.Invoke(options);
        return TemplateFactory.Create(options);
    }

    [Fact]
    public void ArmExportHoldsATriggerThatValidatesAgainstTheOfficialSchema()
    {
        var resources = Parse(WithTrigger().ToDeploymentTemplateJson())["resources"]!.AsArray();

        Assert.Equal(2, resources.Count);
        Assert.Empty(ArmSchemaValidator.Validate(resources[0]!));
        var trigger = resources[1]!;
        Assert.Equal("Microsoft.VirtualMachineImages/imageTemplates/triggers", (string?)trigger["type"]);
        Assert.Empty(ArmSchemaValidator.ValidateTrigger(trigger));
        Assert.NotEmpty(ArmSchemaValidator.ValidateTrigger(new JsonObject { ["type"] = "Microsoft.VirtualMachineImages/imageTemplates/triggers" }));
    }

    [Fact]
    public void BicepExportWithTheTriggerCompilesToTheArmExport()
    {
        var template = WithTrigger();

        var (compiled, diagnostics) = BicepCli.Build(template.ToBicep());

        Assert.True(diagnostics.Length == 0, $"bicep build reported:\n{diagnostics}\n\n{template.ToBicep()}");
        var fromArm = Parse(template.ToDeploymentTemplateJson())["resources"]![1]!.AsObject();
        var fromBicep = compiled!["resources"]!.AsArray().Single(r => ((string?)r!["type"])!.EndsWith("/triggers"))!.AsObject();
        foreach (var key in new[] { "type", "apiVersion", "name", "properties", "dependsOn" })
            Assert.True(JsonNode.DeepEquals(fromArm[key], fromBicep[key]), $"{key}: ARM {fromArm[key]?.ToJsonString()} Bicep {fromBicep[key]?.ToJsonString()}");
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "platform-version", "TriggerSourceNotLatest" },
        { "managed-image", "TriggerSourceKind" },
        { "gallery-version", "TriggerSourceNotLatest" },
        { "source-is-target", "TriggerSourceIsTarget" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void EachRuleRefusesWithItsId(string rule, string id)
    {
        var definition = GalleryImage;
        var template = WithTrigger(o =>
        {
            switch (rule)
            {
                case "platform-version": o.SourceUrn = "Canonical:ubuntu-24_04-lts:server:24.04.202409120"; break;
                case "managed-image":
                    o.SourceUrn = null;
                    o.SourceImageId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/images/base";
                    break;
                case "gallery-version": o.SourceUrn = null; o.SourceImageId = definition + "-base/versions/1.0.0"; break;
                case "source-is-target":
                    o.SourceUrn = null;
                    o.SourceImageId = definition + "/versions/latest";
                    o.Distributors = [ImageDistributor.SharedImage("gallery", definition, [new SharedImageTargetRegion("westeurope")])];
                    break;
            }
        });

        var problems = TriggerRules.Check(template);

        Assert.Equal(id, Assert.Single(problems).Error.Id);
    }

    /// <summary>Templates built here never name a distribution version (the template rules refuse it), but one read back
    /// from Azure may: TriggerRules checks that too.</summary>
    [Fact]
    public void AnExplicitDistributionVersionIsRefusedWithItsId()
    {
        var resource = Parse(WithTrigger().ToResourceJson());
        resource["properties"]!["distribute"] = new JsonArray(new JsonObject
        {
            ["type"] = "SharedImage",
            ["runOutputName"] = "gallery",
            ["galleryImageId"] = GalleryImage + "/versions/1.0.1",
        });

        var problems = TriggerRules.Check(ImageTemplateDocument.Parse(resource.ToJsonString()));

        Assert.Equal("TriggerDistributionVersion", Assert.Single(problems).Error.Id);
    }

    [Fact]
    public void APlatformImageAtLatestMayHaveATrigger() => Assert.Empty(TriggerRules.Check(WithTrigger()));
}
