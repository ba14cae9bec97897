using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>Templates Azure refuses at PUT (api-version 2024-02-01 and later are strict).</summary>
[Collection("Emulator")]
public sealed class StrictnessTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    private async Task<ArmResult> Put(Action<JsonObject> change, string api = Templates.V2024, string topology = "BuildAndAciSubnets", string? name = null)
    {
        await _arm.Load("default");
        return await _arm.Put($"{_arm.Template("rg-aib", name ?? Templates.Unique("strict"))}?api-version={api}", Templates.Body(_arm, topology, change));
    }

    private static JsonObject Vnet(JsonObject body) => body["properties"]!["vmProfile"]!["vnetConfig"]!.AsObject();

    [Theory]
    [InlineData(Templates.V2024)]
    [InlineData(Templates.V2025)]
    public async Task MisCasedFieldIsRefusedNamingTheField(string api)
    {
        var r = await Put(b => b["properties"]!["optimize"] = new JsonObject { ["vmboot"] = new JsonObject { ["state"] = "Enabled" } }, api);
        Assert.Equal(400, r.Code);
        Assert.Contains("Unmarshalling entity encountered error", r.ErrorMessage);
        Assert.Contains("unknown field \"vmboot\"", r.ErrorMessage);
    }

    [Fact]
    public async Task CorrectlyCasedVmBootIsAccepted()
    {
        var r = await Put(b => b["properties"]!["optimize"] = new JsonObject { ["vmBoot"] = new JsonObject { ["state"] = "Enabled" } });
        Assert.Equal(201, r.Code);
    }

    [Fact]
    public async Task ContainerInstanceSubnetWithoutSubnetIdIsRefused()
    {
        var r = await Put(b => Vnet(b).Remove("subnetId"));
        Assert.Equal(400, r.Code);
        Assert.Equal("ValidationFailed", r.ErrorCode);
        Assert.Contains("'containerInstanceSubnetId' can only be specified together with 'subnetId'", r.ErrorMessage);
    }

    [Fact]
    public async Task ContainerInstanceSubnetWithProxyVmSizeIsRefused()
    {
        var r = await Put(b => Vnet(b)["proxyVmSize"] = "Standard_A2_v2");
        Assert.Equal(400, r.Code);
        Assert.Contains("'proxyVmSize' must not be specified", r.ErrorMessage);
    }

    [Fact]
    public async Task ContainerInstanceSubnetEqualToSubnetIdIsRefused()
    {
        var r = await Put(b => Vnet(b)["containerInstanceSubnetId"] = (string)Vnet(b)["subnetId"]!);
        Assert.Equal(400, r.Code);
        Assert.Contains("must not be the same subnet", r.ErrorMessage);
    }

    [Fact]
    public async Task ContainerInstanceSubnetInAnotherVnetIsRefused()
    {
        var r = await Put(b => Vnet(b)["containerInstanceSubnetId"] = $"/subscriptions/{_arm.Sub}/resourceGroups/rg-aib-network/providers/Microsoft.Network/virtualNetworks/vnet-other/subnets/snet-aci");
        Assert.Equal(400, r.Code);
        Assert.Contains("same virtual network", r.ErrorMessage);
    }

    [Fact]
    public async Task MissingIdentityIsRefused()
    {
        var r = await Put(b => b.Remove("identity"));
        Assert.Equal(400, r.Code);
        Assert.Contains("Missing field 'identity'", r.ErrorMessage);
    }

    [Fact]
    public async Task IdentityThatDoesNotExistIsRefused()
    {
        var r = await Put(b => b["identity"]!["userAssignedIdentities"] = new JsonObject
        {
            [$"/subscriptions/{_arm.Sub}/resourceGroups/rg-aib/providers/Microsoft.ManagedIdentity/userAssignedIdentities/missing"] = new JsonObject(),
        });
        Assert.Equal(400, r.Code);
        Assert.Equal("FailedIdentityOperation", r.ErrorCode);
    }

    [Theory]
    [InlineData(961)]
    [InlineData(-1)]
    public async Task BuildTimeoutOutOfRangeIsRefused(int minutes)
    {
        var r = await Put(b => b["properties"]!["buildTimeoutInMinutes"] = minutes);
        Assert.Equal(400, r.Code);
        Assert.Contains("'buildTimeoutInMinutes' has a bad value", r.ErrorMessage);
    }

    [Fact]
    public async Task UnknownEnumValueIsRefused()
    {
        var r = await Put(b => b["properties"]!["customize"]![0]!["type"] = "shell");
        Assert.Equal(400, r.Code);
        Assert.Contains("Field 'type' has a bad value: 'shell'", r.ErrorMessage);
    }

    [Fact]
    public async Task MissingRequiredDistributorFieldIsRefused()
    {
        var r = await Put(b => b["properties"]!["distribute"]![0]!.AsObject().Remove("imageId"));
        Assert.Equal(400, r.Code);
        Assert.Contains("'ImageTemplate.properties.distribute[0]': Missing field 'imageId'", r.ErrorMessage);
    }

    [Fact]
    public async Task WrongJsonTypeIsRefusedAtUnmarshalling()
    {
        var r = await Put(b => b["properties"]!["vmProfile"]!["osDiskSizeGB"] = "64");
        Assert.Equal(400, r.Code);
        Assert.Contains("cannot unmarshal string", r.ErrorMessage);
    }

    [Fact]
    public async Task BadTemplateNameIsRefused()
    {
        var r = await Put(_ => { }, name: "bad%20name!");
        Assert.Equal(400, r.Code);
        Assert.Contains("^[A-Za-z0-9-_.]{1,64}$", r.ErrorMessage);
    }

    [Fact]
    public async Task AdditionalDataDisksAreRefusedAt2024ButAcceptedAt2025()
    {
        void Disks(JsonObject b) => b["properties"]!["additionalDataDisks"] = new JsonArray(new JsonObject { ["sizeGB"] = 32 });
        Assert.Equal(400, (await Put(Disks, Templates.V2024)).Code);
        Assert.Equal(201, (await Put(Disks, Templates.V2025)).Code);
    }

    [Fact]
    public async Task PutOverAnExistingTemplateIsAConflict()
    {
        await _arm.Load("default");
        var name = Templates.Unique("conflict");
        var body = Templates.Body(_arm, "BuildAndAciSubnets");
        await Templates.Create(_arm, name, body);
        var again = await _arm.Put($"{_arm.Template("rg-aib", name)}?api-version={Templates.V2024}", body);
        Assert.Equal(409, again.Code);
        Assert.Contains("Update/Upgrade of image templates is currently not supported", again.ErrorMessage);
    }

    [Fact]
    public async Task PatchRefusesToDropADistributionTarget()
    {
        await _arm.Load("default");
        var name = Templates.Unique("patch");
        await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets"));
        var r = await _arm.Patch($"{_arm.Template("rg-aib", name)}?api-version={Templates.V2024}",
            new JsonObject { ["properties"] = new JsonObject { ["distribute"] = new JsonArray() } });
        Assert.Equal(400, r.Code);
        Assert.Contains("Deleting a distribution target is not allowed", r.ErrorMessage);
        var source = await _arm.Patch($"{_arm.Template("rg-aib", name)}?api-version={Templates.V2024}",
            new JsonObject { ["properties"] = new JsonObject { ["source"] = new JsonObject { ["type"] = "PlatformImage" } } });
        Assert.Equal(400, source.Code);
        Assert.Contains("unknown field \"source\"", source.ErrorMessage);
    }

    [Fact]
    public async Task RegionWithoutImageBuilderIsRefused()
    {
        var r = await Put(b => b["location"] = "brazilsoutheast");
        Assert.Equal(400, r.Code);
        Assert.Equal("LocationNotAvailableForResourceType", r.ErrorCode);
    }
}
