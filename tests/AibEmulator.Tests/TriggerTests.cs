using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>SourceImage triggers: the feature gate, the rules on the template, firing on a new source version, and
/// deactivation after consecutive failed builds with reactivation by a successful manual build.</summary>
[Collection("Emulator")]
public sealed class TriggerTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;
    private const string Q = "?api-version=" + Templates.V2024;
    private static readonly JsonObject SourceImageKind = new() { ["properties"] = new JsonObject { ["kind"] = "SourceImage" } };

    private string Gallery(string image) => $"/subscriptions/{_arm.Sub}/resourceGroups/rg-aib-images/providers/Microsoft.Compute/galleries/gal_aib/images/{image}";

    private async Task<string> Template(Action<JsonObject>? change = null)
    {
        var name = Templates.Unique("trig");
        Assert.Equal("Succeeded", (string)(await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets", change)))["status"]!);
        return name;
    }

    private Task<ArmResult> PutTrigger(string template, string trigger = "source") =>
        _arm.Put($"{_arm.Template("rg-aib", template)}/triggers/{trigger}{Q}", SourceImageKind.DeepClone());

    private async Task<JsonObject> Trigger(string template, string trigger = "source") =>
        (await _arm.Get($"{_arm.Template("rg-aib", template)}/triggers/{trigger}{Q}")).Body!.AsObject();

    [Fact]
    public async Task UnregisteredFeatureRefusesTheTrigger()
    {
        await _arm.Load("triggers-feature-unregistered");
        var feature = await _arm.Get($"/subscriptions/{_arm.Sub}/providers/Microsoft.Features/providers/Microsoft.VirtualMachineImages/features/Triggers?api-version=2021-07-01");
        Assert.Equal("NotRegistered", (string?)feature.Body!["properties"]!["state"]);

        var put = await PutTrigger(await Template());

        Assert.Equal(409, put.Code);
        Assert.Equal("SubscriptionNotRegisteredForFeature", put.ErrorCode);
        Assert.Contains("Microsoft.VirtualMachineImages/Triggers", put.ErrorMessage);
    }

    public static TheoryData<string, int, string> Refusals() => new()
    {
        { "platform-version", 400, "needs the source version 'latest'" },
        { "managed-image", 400, "source type 'ManagedImage' cannot have a SourceImage trigger" },
        { "gallery-version", 400, "names a version" },
        { "distribute-version", 400, "With a SourceImage trigger the version is generated" },
        { "source-is-target", 400, "source and target image definitions must differ" },
        { "second-trigger", 409, "Only one SourceImage trigger is supported per image template" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task TemplateRulesRefuseTheTrigger(string rule, int status, string text)
    {
        await _arm.Load("default");
        var gallerySource = new JsonObject { ["type"] = "SharedImageVersion", ["imageVersionId"] = Gallery("ubuntu-2204") + "/versions/latest" };
        JsonObject SharedImage(string id) => new()
        {
            ["type"] = "SharedImage",
            ["runOutputName"] = "gallery",
            ["galleryImageId"] = id,
            ["targetRegions"] = new JsonArray(new JsonObject { ["name"] = (string)_arm.Endpoint["location"]! }),
        };
        var name = await Template(rule switch
        {
            "platform-version" => b => b["properties"]!["source"]!["version"] = "22.04.202404090",
            "managed-image" => b => b["properties"]!["source"] = new JsonObject
            {
                ["type"] = "ManagedImage",
                ["imageId"] = $"/subscriptions/{_arm.Sub}/resourceGroups/rg-aib-images/providers/Microsoft.Compute/images/img-ubuntu-base",
            },
            "gallery-version" => b => b["properties"]!["source"] = new JsonObject { ["type"] = "SharedImageVersion", ["imageVersionId"] = Gallery("ubuntu-2204") + "/versions/1.0.0" },
            "distribute-version" => b => b["properties"]!["distribute"] = new JsonArray(SharedImage(Gallery("win2022") + "/versions/1.0.1")),
            "source-is-target" => b =>
            {
                b["properties"]!["source"] = gallerySource.DeepClone();
                b["properties"]!["distribute"] = new JsonArray(SharedImage(Gallery("ubuntu-2204")));
            }
            ,
            _ => null,
        });
        if (rule == "second-trigger") Assert.Equal(201, (await PutTrigger(name, "first")).Code);

        var put = await PutTrigger(name);

        Assert.Equal(status, put.Code);
        Assert.Contains(text, put.ErrorMessage);
    }

    [Fact]
    public async Task PublishedPlatformVersionStartsTheTriggeredBuild()
    {
        await _arm.Load("default");
        var watched = await Template();
        var unwatched = await Template();
        Assert.Equal(201, (await PutTrigger(watched)).Code);

        var publish = await _arm.Post(_arm.Control + "sourceImages/publish",
            new JsonObject { ["platformImage"] = "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2", ["version"] = "22.04.202501010" });

        var started = publish.Body!["startedTemplates"]!.AsArray().Select(t => (string)t!).ToList();
        Assert.Equal([_arm.Template("rg-aib", watched)], started.Select(s => s.Replace("resourcegroups", "resourceGroups")));
        var run = (await Templates.Get(_arm, watched))["properties"]!["lastRunStatus"]!;
        Assert.Equal("Running", (string?)run["runState"]);
        Assert.Equal((string?)run["startTime"], (string?)(await Trigger(watched))["properties"]!["status"]!["time"]);
        Assert.Null((await Templates.Get(_arm, unwatched))["properties"]!["lastRunStatus"]);
        await WaitFinished(watched);
        var template = await Templates.Get(_arm, watched);
        Assert.Equal("Succeeded", (string?)template["properties"]!["lastRunStatus"]!["runState"]);
        Assert.Equal("22.04.202501010", (string?)template["properties"]!["source"]!["exactVersion"]);
    }

    [Fact]
    public async Task FailedBuildsDeactivateAndAManualSuccessReactivates()
    {
        await _arm.Load("default");
        await _arm.Post(_arm.Control + "build", new JsonObject { ["outcome"] = "customizerFails" });
        var name = await Template(b => b["properties"]!["source"] = new JsonObject { ["type"] = "SharedImageVersion", ["imageVersionId"] = Gallery("ubuntu-2204") + "/versions/latest" });
        Assert.Equal(201, (await PutTrigger(name)).Code);
        for (var i = 1; i <= 3; i++)
        {
            var publish = await _arm.Post(_arm.Control + "sourceImages/publish", new JsonObject { ["galleryImageId"] = Gallery("ubuntu-2204"), ["version"] = $"1.0.{i}" });
            Assert.Single(publish.Body!["startedTemplates"]!.AsArray());
            await WaitFinished(name);
        }
        var status = (await Trigger(name))["properties"]!["status"]!;
        Assert.Equal("Unhealthy", (string?)status["code"]);
        var ignored = await _arm.Post(_arm.Control + "sourceImages/publish", new JsonObject { ["galleryImageId"] = Gallery("ubuntu-2204"), ["version"] = "1.0.9" });
        Assert.Empty(ignored.Body!["startedTemplates"]!.AsArray());

        await _arm.Post(_arm.Control + "build", new JsonObject { ["outcome"] = "succeed" });
        Assert.Equal("Succeeded", (string?)(await _arm.WaitOperation(await Templates.Run(_arm, name)))["status"]);

        Assert.Equal("Healthy", (string?)(await Trigger(name))["properties"]!["status"]!["code"]);
    }

    private async Task WaitFinished(string name)
    {
        for (var i = 0; i < 600; i++)
        {
            var state = (string?)(await Templates.Get(_arm, name))["properties"]!["lastRunStatus"]?["runState"];
            if (state is not null and not "Running" and not "Canceling") return;
            await Task.Delay(100);
        }
        throw new TimeoutException(name + " did not finish");
    }
}
