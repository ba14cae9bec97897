using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Topology;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>A whole build per topology: the right temporary resources appear in the staging group during
/// the run and disappear after it (the storage account stays); live logs and the log blob grow.</summary>
[Collection("Emulator")]
public sealed class TopologyBuildTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    private const string Aci = "Microsoft.ContainerInstance/containerGroups";
    private const string Vm = "Microsoft.Compute/virtualMachines";
    private const string Storage = "Microsoft.Storage/storageAccounts";
    private const string Snapshot = "Microsoft.Compute/snapshots";
    private const string Pip = "Microsoft.Network/publicIPAddresses";

    [Theory]
    [InlineData(NetworkTopology.NoSubnet)]
    [InlineData(NetworkTopology.BuildSubnetOnly)]
    [InlineData(NetworkTopology.BuildAndAciSubnets)]
    public async Task BuildCreatesAndRemovesTheTopologysResources(NetworkTopology topologyKind)
    {
        // What to expect comes from Core's one model of the topologies, so the emulator and the module agree by construction.
        var plan = StagingPlan.For(topologyKind, validates: false, mayBeWindows: false);
        var expected = plan.Select(r => r.ResourceType).Where(t => t != Snapshot).Distinct().ToArray(); // a snapshot lives for moments: a poll may miss it
        var absent = StagingPlan.NetworkResourceTypes.Except(expected).Append(Pip).ToArray();
        var topology = topologyKind.ToString();
        await _arm.Load("default", timeScale: 0.006);
        var name = Templates.Unique(topology.ToLowerInvariant());
        await Templates.Create(_arm, name, Templates.Body(_arm, topology));
        var staging = (string)(await Templates.Get(_arm, name))["properties"]!["exactStagingResourceGroup"]!;
        var op = await Templates.Run(_arm, name);

        var seen = new HashSet<string>();
        var subStates = new List<string>();
        var vmCount = 0;
        string? liveLog = null;
        while (true)
        {
            var template = await Templates.Get(_arm, name);
            var status = template["properties"]!["lastRunStatus"]!;
            if ((string?)status["runState"] != "Running") break;
            Assert.Equal("0001-01-01T00:00:00Z", (string?)status["endTime"]);
            var sub = (string)status["runSubState"]!;
            if (subStates.LastOrDefault() != sub) subStates.Add(sub);
            var resources = await _arm.ListAll($"{staging}/resources?api-version=2022-09-01");
            foreach (var r in resources) seen.Add((string)r["type"]!);
            vmCount = Math.Max(vmCount, resources.Count(r => (string)r["type"]! == Vm));
            var group = resources.FirstOrDefault(r => (string)r["type"]! == Aci);
            if (group is not null)
            {
                Assert.StartsWith("vmimagebuilder-build-container-", (string)group["name"]!);
                var cg = await _arm.Get($"{group["id"]}?api-version=2023-05-01");
                if (cg.Code == 200) // the group may be removed between the listing and this read
                {
                    var container = (string)cg.Body!["properties"]!["containers"]![0]!["name"]!;
                    var logs = await _arm.Get($"{group["id"]}/containers/{container}/logs?api-version=2023-05-01&tail=3&timestamps=true");
                    if (logs.Code == 200) liveLog = (string?)logs.Body!["content"] ?? liveLog;
                }
            }
            await Task.Delay(100);
        }

        var result = await _arm.WaitOperation(op);
        Assert.Equal("Succeeded", (string)result["status"]!);
        foreach (var type in expected) Assert.Contains(type, seen);
        foreach (var type in absent) Assert.DoesNotContain(type, seen);
        Assert.Equal(plan.Count(r => r.ResourceType == Vm), vmCount);
        Assert.Equal(new[] { "Building", "Customizing", "Distributing" }, subStates.Where(s => s != "Queued").Distinct());
        Assert.False(string.IsNullOrEmpty(liveLog));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT", liveLog);
        Assert.True(liveLog!.Trim().Split('\n').Length <= 3);

        var after = await _arm.ListAll($"{staging}/resources?api-version=2022-09-01");
        Assert.Empty(await _arm.ListAll($"{staging}/providers/Microsoft.ContainerInstance/containerGroups?api-version=2023-05-01"));
        Assert.Equal(new[] { Storage }, after.Select(r => (string)r["type"]!).ToArray());
        var outputs = await _arm.ListAll($"{_arm.Template("rg-aib", name)}/runOutputs?api-version={Templates.V2024}");
        Assert.Equal("managed", (string)outputs.Single()["name"]!);
        Assert.NotNull((string?)outputs.Single()["properties"]!["artifactId"]);

        var log = await Logs.ReadCustomizationLog(_arm, staging);
        Assert.EndsWith("Done exporting Packer logs to Azure Storage.", log.TrimEnd());
        Assert.Contains(" ui: ==> azure-arm: Provisioning with shell script: /tmp/packer-shell", log);
        Assert.Contains(" ui: Build 'azure-arm' finished after ", log);
        Assert.DoesNotContain("(telemetry)", log);
    }

    [Fact]
    public async Task CustomizationLogGrowsInAzuriteDuringTheRun()
    {
        await _arm.Load("default", timeScale: 0.01);
        var name = Templates.Unique("grow");
        await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets"));
        var staging = (string)(await Templates.Get(_arm, name))["properties"]!["exactStagingResourceGroup"]!;
        var op = await Templates.Run(_arm, name);
        var sizes = new List<int>();
        while ((string?)(await _arm.Get(op)).Body!["status"] == "InProgress")
        {
            try { sizes.Add((await Logs.ReadCustomizationLog(_arm, staging)).Length); } catch (InvalidOperationException) { }
            await Task.Delay(300);
        }
        Assert.True(sizes.Distinct().Count() >= 3, "log sizes seen: " + string.Join(",", sizes));
        Assert.Equal(sizes.Order(), sizes);
    }

    [Fact]
    public async Task CancelGoesThroughCancelingToCanceled()
    {
        await _arm.Load("default", timeScale: 0.02);
        var name = Templates.Unique("cancel");
        await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets"));
        var op = await Templates.Run(_arm, name);
        await Task.Delay(1500);
        var cancel = await _arm.Post($"{_arm.Template("rg-aib", name)}/cancel?api-version={Templates.V2024}");
        Assert.Equal(202, cancel.Code);
        Assert.NotNull(cancel.Header("Azure-AsyncOperation"));
        Assert.Equal("Canceling", (string?)(await Templates.Get(_arm, name))["properties"]!["lastRunStatus"]!["runState"]);
        Assert.Equal("Canceled", (string)(await _arm.WaitOperation(op))["status"]!);
        Assert.Equal("Canceled", (string?)(await Templates.Get(_arm, name))["properties"]!["lastRunStatus"]!["runState"]);
        Assert.Equal("Succeeded", (string)(await _arm.WaitOperation(cancel.Header("Azure-AsyncOperation")!))["status"]!);
    }

    [Fact]
    public async Task DeleteRemovesTemplateAndItsStagingGroup()
    {
        await _arm.Load("default");
        var name = Templates.Unique("delete");
        await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets"));
        var staging = (string)(await Templates.Get(_arm, name))["properties"]!["exactStagingResourceGroup"]!;
        var group = await _arm.Get($"{staging}?api-version=2022-09-01");
        Assert.Equal("AzureVMImageBuilder", (string?)group.Body!["tags"]!["createdBy"]);
        Assert.Equal(name, (string?)group.Body!["tags"]!["imageTemplateName"]);
        var delete = await _arm.Delete($"{_arm.Template("rg-aib", name)}?api-version={Templates.V2024}");
        Assert.Equal(202, delete.Code);
        Assert.Equal(202, (await _arm.Get(delete.Headers.Location!.ToString())).Code); // Location pollers wait for a non-202
        Assert.Equal("Succeeded", (string)(await _arm.WaitOperation(delete.Headers.Location!.ToString()))["status"]!);
        Assert.Equal(200, (await _arm.Get(delete.Headers.Location!.ToString())).Code);
        Assert.Equal(404, (await _arm.Get($"{_arm.Template("rg-aib", name)}?api-version={Templates.V2024}")).Code);
        Assert.Equal("ResourceGroupNotFound", (await _arm.Get($"{staging}?api-version=2022-09-01")).ErrorCode);
    }
}
