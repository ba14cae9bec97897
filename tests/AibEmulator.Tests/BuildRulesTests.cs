using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>Rules a build meets outside the staging group: source access, distribution rights, the
/// build subnet's Private Link policies, and the identity a run needs.</summary>
[Collection("Emulator")]
public sealed class BuildRulesTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    private async Task<(JsonObject Operation, JsonObject Template)> Build(string topology, Action<JsonObject> change)
    {
        await _arm.Load("default");
        var name = Templates.Unique("rules");
        Assert.Equal("Succeeded", (string)(await Templates.Create(_arm, name, Templates.Body(_arm, topology, change)))["status"]!);
        var op = await _arm.WaitOperation(await Templates.Run(_arm, name));
        return (op, await Templates.Get(_arm, name));
    }

    [Fact]
    public async Task UnreadableManagedImageSourceFailsTheRun()
    {
        var (op, _) = await Build("BuildAndAciSubnets", b => b["properties"]!["source"] = new JsonObject
        {
            ["type"] = "ManagedImage",
            ["imageId"] = $"/subscriptions/{_arm.Sub}/resourceGroups/rg-aib/providers/Microsoft.Compute/images/not-mine",
        });
        Assert.Equal("Failed", (string)op["status"]!);
        Assert.Equal("BadManagedImageSource", (string?)op["error"]!["code"]);
        Assert.Contains("'Microsoft.Compute/images/read'", (string?)op["error"]!["message"]);
    }

    [Fact]
    public async Task ReadableManagedImageSourceBuilds()
    {
        var (op, _) = await Build("BuildAndAciSubnets", b => b["properties"]!["source"] = new JsonObject
        {
            ["type"] = "ManagedImage",
            ["imageId"] = $"/subscriptions/{_arm.Sub}/resourceGroups/rg-aib-images/providers/Microsoft.Compute/images/img-ubuntu-base",
        });
        Assert.Equal("Succeeded", (string)op["status"]!);
    }

    [Fact]
    public async Task DistributionWithoutWriteRightsIsPartial()
    {
        var (op, template) = await Build("BuildAndAciSubnets", b => b["properties"]!["distribute"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "ManagedImage",
            ["runOutputName"] = "denied",
            ["location"] = "westus",
            ["imageId"] = $"/subscriptions/{_arm.Sub}/resourceGroups/rg-aib/providers/Microsoft.Compute/images/out",
        }));
        Assert.Equal("Succeeded", (string)op["status"]!);
        var status = template["properties"]!["lastRunStatus"]!;
        Assert.Equal("PartiallySucceeded", (string?)status["runState"]);
        Assert.Contains("'Microsoft.Compute/images/write'", (string?)status["message"]);
        var outputs = await _arm.ListAll($"{template["id"]}/runOutputs?api-version={Templates.V2024}");
        Assert.Equal(new[] { "managed" }, outputs.Select(o => (string)o["name"]!));
    }

    [Fact]
    public async Task BuildSubnetWithPrivateLinkPoliciesEnabledFailsBuildSubnetOnly()
    {
        var (op, _) = await Build("BuildSubnetOnly", b => b["properties"]!["vmProfile"]!["vnetConfig"]!["subnetId"] =
            $"/subscriptions/{_arm.Sub}/resourceGroups/rg-aib-network/providers/Microsoft.Network/virtualNetworks/vnet-aib/subnets/snet-other");
        Assert.Equal("Failed", (string)op["status"]!);
        Assert.Equal("PrivateLinkServiceNetworkPoliciesCannotBeEnabledOnPrivateLinkServiceSubnet", (string?)op["error"]!["code"]);
    }

    [Fact]
    public async Task RunWithoutAnIdentityIsRefused()
    {
        await _arm.Load("default");
        var name = Templates.Unique("noid");
        await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets"));
        var patch = await _arm.Patch($"{_arm.Template("rg-aib", name)}?api-version={Templates.V2024}", new JsonObject { ["identity"] = new JsonObject { ["type"] = "None" } });
        await _arm.WaitOperation(patch.Header("Azure-AsyncOperation")!);
        var run = await _arm.Post($"{_arm.Template("rg-aib", name)}/run?api-version={Templates.V2024}");
        Assert.Equal(400, run.Code);
        Assert.Contains("The assigned managed identity cannot be used", run.ErrorMessage);
    }

    [Fact]
    public async Task OptimizeAndValidateAddTheirStages()
    {
        // The stages are seen by polling, so the shortest (Optimizing, 60 nominal seconds) must outlast a polling round
        // on a loaded machine: 1.2 s at this scale (at 0.008 its 0.48 s was once missed during the full test run).
        await _arm.Load("default", timeScale: 0.02);
        var name = Templates.Unique("stages");
        await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets", b =>
        {
            b["properties"]!["optimize"] = new JsonObject { ["vmBoot"] = new JsonObject { ["state"] = "Enabled" } };
            b["properties"]!["validate"] = new JsonObject { ["inVMValidations"] = new JsonArray(new JsonObject { ["type"] = "Shell", ["name"] = "check", ["inline"] = new JsonArray("true") }) };
        }));
        var staging = (string)(await Templates.Get(_arm, name))["properties"]!["exactStagingResourceGroup"]!;
        var op = await Templates.Run(_arm, name);
        var seen = new List<string>();
        var vmsWhileValidating = 0;
        while ((string?)(await _arm.Get(op)).Body!["status"] == "InProgress")
        {
            var sub = (string?)(await Templates.Get(_arm, name))["properties"]!["lastRunStatus"]!["runSubState"];
            if (sub is not null && seen.LastOrDefault() != sub) seen.Add(sub);
            if (sub == "Validating")
                vmsWhileValidating = Math.Max(vmsWhileValidating, (await _arm.ListAll($"{staging}/resources?api-version=2022-09-01"))
                    .Count(r => (string)r["type"]! == "Microsoft.Compute/virtualMachines"));
            await Task.Delay(50);
        }
        Assert.Equal(new[] { "Building", "Customizing", "Optimizing", "Validating", "Distributing" }, seen.Where(s => s != "Queued"));
        Assert.Equal(2, vmsWhileValidating); // build VM + validation VM
    }
}
