using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>A staging resource group the user brings (Microsoft Learn: the stagingResourceGroup property): empty, same region, unused,
/// identity Contributor; tagged while used, emptied but kept when the template goes.</summary>
[Collection("Emulator")]
public sealed class StagingGroupTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    private async Task LoadWithGroups()
    {
        var scenario = JsonNode.Parse("""
            { "scenario": { "extends": "default", "name": "inline-staging-groups", "timeScale": 0.004,
              "resourceGroups": [ { "name": "rg-aib" }, { "name": "rg-aib-network" }, { "name": "rg-aib-images" },
                { "name": "rg-stage-ok" }, { "name": "rg-stage-eastus", "location": "eastus" }, { "name": "rg-stage-no-rights" },
                { "name": "rg-stage-tagged", "tags": { "imageTemplateName": "someone-else", "imageTemplateResourceGroupName": "rg-x" } } ],
              "roleAssignments": [
                { "principal": "id-aib-builder", "role": "Azure Image Builder Service Networking Role", "scope": "/subscriptions/{subscriptionId}/resourceGroups/rg-aib-network" },
                { "principal": "id-aib-builder", "role": "Azure Image Builder Service Image Creation Role", "scope": "/subscriptions/{subscriptionId}/resourceGroups/rg-aib-images" },
                { "principal": "id-aib-builder", "role": "Contributor", "scope": "/subscriptions/{subscriptionId}/resourceGroups/rg-stage-ok" },
                { "principal": "id-aib-builder", "role": "Contributor", "scope": "/subscriptions/{subscriptionId}/resourceGroups/rg-stage-eastus" },
                { "principal": "id-aib-builder", "role": "Contributor", "scope": "/subscriptions/{subscriptionId}/resourceGroups/rg-stage-tagged" } ] } }
            """);
        Assert.Equal(200, (await _arm.Post(_arm.Control + "scenario", scenario)).Code);
    }

    private async Task<JsonObject> Create(string name, string group) =>
        await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets", b => b["properties"]!["stagingResourceGroup"] = _arm.Rg(group)));

    [Theory]
    [InlineData("rg-stage-eastus", "same region")]
    [InlineData("rg-stage-tagged", "already used by image template 'someone-else'")]
    [InlineData("rg-stage-no-rights", "Contributor or Owner")]
    public async Task UnsuitableGroupsAreRefused(string group, string reason)
    {
        await LoadWithGroups();
        var op = await Create(Templates.Unique("stage"), group);
        Assert.Equal("Failed", (string)op["status"]!);
        Assert.Equal("BadStagingResourceGroup", (string?)op["error"]!["code"]);
        Assert.Contains(reason, (string?)op["error"]!["message"]);
    }

    [Fact]
    public async Task SuitableGroupIsTaggedUsedAndEmptiedButKept()
    {
        await LoadWithGroups();
        var name = Templates.Unique("stage");
        Assert.Equal("Succeeded", (string)(await Create(name, "rg-stage-ok"))["status"]!);
        var template = await Templates.Get(_arm, name);
        Assert.Equal(_arm.Rg("rg-stage-ok"), (string?)template["properties"]!["exactStagingResourceGroup"]);
        var tags = (await _arm.Get($"{_arm.Rg("rg-stage-ok")}?api-version=2022-09-01")).Body!["tags"]!;
        Assert.Equal("AzureVMImageBuilder", (string?)tags["usedBy"]);
        Assert.Equal(name, (string?)tags["imageTemplateName"]);

        Assert.Equal("Succeeded", (string)(await _arm.WaitOperation(await Templates.Run(_arm, name)))["status"]!);
        Assert.Single(await _arm.ListAll($"{_arm.Rg("rg-stage-ok")}/resources?api-version=2022-09-01")); // the storage account

        var second = await Create(Templates.Unique("stage"), "rg-stage-ok");
        Assert.Equal("BadStagingResourceGroup", (string?)second["error"]!["code"]);

        var delete = await _arm.Delete($"{_arm.Template("rg-aib", name)}?api-version={Templates.V2024}");
        await _arm.WaitOperation(delete.Headers.Location!.ToString());
        var group = await _arm.Get($"{_arm.Rg("rg-stage-ok")}?api-version=2022-09-01");
        Assert.Equal(200, group.Code);
        Assert.Null(group.Body!["tags"]!["usedBy"]);
        Assert.Empty(await _arm.ListAll($"{_arm.Rg("rg-stage-ok")}/resources?api-version=2022-09-01"));
    }
}
