using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Prerequisites;
using IsolatedImageBuilds.Core.Topology;
using static IsolatedImageBuilds.Core.Tests.Prerequisites.PrerequisiteEngineTests;

namespace IsolatedImageBuilds.Core.Tests.Prerequisites;

/// <summary>The Triggers family on a fake subscription: feature, template state, 100 triggers per region, deactivated trigger.</summary>
public class TriggerCheckTests
{
    private const string Subscription = "/subscriptions/" + FakeSubscription.Sub;
    private const string Templates = Subscription + "/providers/Microsoft.VirtualMachineImages/imageTemplates";
    private const string Feature = Subscription + "/providers/Microsoft.Features/providers/Microsoft.VirtualMachineImages/features/Triggers";
    private const string TemplatesOfRg = FakeSubscription.Rg + "/providers/Microsoft.VirtualMachineImages/imageTemplates";
    private const string Ours = TemplatesOfRg + "/win11-golden";

    /// <summary>The feature in <paramref name="featureState"/> and these templates (id, location, state, triggers' status codes).</summary>
    private static FakeSubscription With(string featureState, params (string Id, string Location, string State, string[] Triggers)[] templates)
    {
        var s = new FakeSubscription();
        s.Arm.On("GET", Feature, _ => (200, new JsonObject { ["properties"] = new JsonObject { ["state"] = featureState } }));
        var listed = new JsonArray();
        foreach (var (id, location, state, triggers) in templates)
        {
            var template = new JsonObject { ["id"] = id, ["location"] = location, ["properties"] = new JsonObject { ["provisioningState"] = state } };
            s.Resources[id] = template;
            listed.Add(template.DeepClone());
            s.Resources[id + "/triggers"] = new JsonObject
            {
                ["value"] = new JsonArray(triggers.Select((code, i) => (JsonNode)new JsonObject
                {
                    ["id"] = $"{id}/triggers/t{i}",
                    ["name"] = i == 0 ? "source" : $"t{i}",
                    ["properties"] = new JsonObject
                    {
                        ["kind"] = "SourceImage",
                        ["status"] = new JsonObject
                        {
                            ["code"] = code,
                            ["message"] = "deactivated after 3 failed builds",
                            ["time"] = "2026-11-29T10:00:00Z",
                        },
                    },
                }).ToArray()),
            };
        }
        s.Arm.On("GET", Templates, _ => (200, new JsonObject { ["value"] = listed }));
        return s;
    }

    private static Action<PrerequisiteRequest> AsksForTrigger => r =>
    {
        r.TriggerName = "source";
        r.TriggerRuleProblems = Array.Empty<AibException>();
    };

    [Fact]
    public async Task A_template_without_triggers_skips_the_family()
    {
        FakeSubscription s = With("NotRegistered", (Ours, "westeurope", "Succeeded", Array.Empty<string>()));
        PrerequisiteReport report = await Run(s, NetworkTopology.NoSubnet);
        PrerequisiteResult only = Assert.Single(report.Results, r => r.Category == PrerequisiteCategory.Triggers);
        Assert.Equal(PrerequisiteStatus.Skipped, only.Status);
    }

    [Fact]
    public async Task An_unregistered_feature_fails_with_the_registration_commands()
    {
        PrerequisiteReport report = await Run(With("NotRegistered"), NetworkTopology.NoSubnet, AsksForTrigger);
        PrerequisiteResult failed = AssertOnlyFailure(report, CheckNames.Triggers.Feature);
        Assert.Contains("Register-AzProviderFeature -ProviderNamespace Microsoft.VirtualMachineImages -FeatureName Triggers", failed.Remediation);
        Assert.Contains("az feature register --namespace Microsoft.VirtualMachineImages --name Triggers", failed.Remediation);
        Assert.Equal(PrerequisiteStatus.Skipped, report.Results.Single(r => r.Check == CheckNames.Triggers.TemplateState).Status);
    }

    [Fact]
    public async Task The_hundred_and_first_trigger_of_a_region_fails()
    {
        var others = Enumerable.Range(0, 100)
            .Select(i => ($"{TemplatesOfRg}/t{i}", "westeurope", "Succeeded", new[] { "Healthy" }))
            .Append(($"{TemplatesOfRg}/far", "eastus", "Succeeded", new[] { "Healthy" }))
            .ToArray();
        PrerequisiteResult failed = AssertOnlyFailure(await Run(With("Registered", others), NetworkTopology.NoSubnet, AsksForTrigger),
            CheckNames.Triggers.RegionalCount);
        Assert.Contains("101 triggers in westeurope", failed.Message);

        // 99 others and ours: within the limit.
        PrerequisiteReport fits = await Run(With("Registered", others.Skip(1).ToArray()), NetworkTopology.NoSubnet, AsksForTrigger);
        Assert.Equal(PrerequisiteStatus.Passed, fits.Results.Single(r => r.Check == CheckNames.Triggers.RegionalCount).Status);
    }

    [Fact]
    public async Task A_deactivated_trigger_fails_with_a_manual_build_as_the_fix()
    {
        FakeSubscription s = With("Registered", (Ours, "westeurope", "Succeeded", new[] { "Unhealthy" }));
        PrerequisiteReport report = await Run(s, NetworkTopology.NoSubnet, r => r.TriggerRuleProblems = Array.Empty<AibException>());
        PrerequisiteResult failed = AssertOnlyFailure(report, CheckNames.Triggers.Healthy);
        Assert.Contains("Start-AibIsolatedBuild -Name win11-golden -ResourceGroupName aib-rg", failed.Remediation);
        Assert.Contains("az image builder run --name win11-golden --resource-group aib-rg", failed.Remediation);
        Assert.Contains("deactivated after 3 failed builds", failed.Message);
    }

    [Fact]
    public async Task A_failed_template_and_a_second_trigger_fail_their_checks()
    {
        FakeSubscription s = With("Registered", (Ours, "westeurope", "Failed", new[] { "Healthy", "Healthy" }));
        PrerequisiteReport report = await Run(s, NetworkTopology.NoSubnet, r => r.TriggerRuleProblems = Array.Empty<AibException>());
        var failed = report.Results.Where(r => r.Status == PrerequisiteStatus.Failed).Select(r => r.Check).OrderBy(c => c).ToArray();
        Assert.Equal(new[] { CheckNames.Triggers.OnePerTemplate, CheckNames.Triggers.TemplateState }, failed);
        Assert.Contains("Remove-AibTrigger -TemplateName win11-golden -ResourceGroupName aib-rg -Name t1",
            report.Results.Single(r => r.Check == CheckNames.Triggers.OnePerTemplate).Remediation);
    }
}
