using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>ARM's routing of resource ids as id-based SDK calls use it: a doubled leading slash, HEAD, and GET by id.</summary>
[Collection("Emulator")]
public sealed class ArmRoutingTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    private string Root => (string)_arm.Endpoint["armEndpoint"]!;
    private string Vnet => $"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/virtualNetworks/vnet-aib";

    [Fact]
    public async Task ADoubledLeadingSlashResolvesLikeTheSingleSlashPath()
    {
        await _arm.Load("default");
        var single = await _arm.Get($"{Vnet}?api-version=2026-01-01");
        var doubled = await _arm.Get($"{Root}{Vnet}?api-version=2026-01-01"); // armEndpoint ends with '/': "https://host//subscriptions/..."
        Assert.Equal(200, single.Code);
        Assert.Equal(200, doubled.Code);
        Assert.Equal((string?)single.Body!["id"], (string?)doubled.Body!["id"]);
        var missing = await _arm.Get($"{Root}{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/virtualNetworks/nope?api-version=2026-01-01");
        Assert.Equal(404, missing.Code);
        Assert.Equal("ResourceNotFound", missing.ErrorCode);
    }

    [Fact]
    public async Task HeadOnAResourceIdAnswers204Or404WithoutBody()
    {
        await _arm.Load("default");
        var exists = await _arm.Send(HttpMethod.Head, $"{Vnet}?api-version=2026-01-01", null);
        Assert.Equal(204, exists.Code);
        Assert.Null(exists.Body);
        var subnet = await _arm.Send(HttpMethod.Head, $"{Vnet}/subnets/snet-build?api-version=2026-01-01", null);
        Assert.Equal(204, subnet.Code);
        var absent = await _arm.Send(HttpMethod.Head, $"{_arm.Rg("rg-aib")}/providers/Microsoft.Compute/virtualMachines/nope?api-version=2026-04-01", null);
        Assert.Equal(404, absent.Code);
        Assert.Null(absent.Body);
        var doubled = await _arm.Send(HttpMethod.Head, $"{Root}{Vnet}?api-version=2026-01-01", null);
        Assert.Equal(204, doubled.Code);
    }

    [Fact]
    public async Task GetByIdAnswersForEveryHeldTypeAndNamesTheMissingLevel()
    {
        await _arm.Load("default");
        // A type with no route of its own here (only the generic read by id).
        var roleAssignments = await _arm.ListAll($"/subscriptions/{_arm.Sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01");
        Assert.NotEmpty(roleAssignments);
        var identity = await _arm.Get($"{(string)_arm.Endpoint["userAssignedIdentityId"]!}?api-version=2024-11-30");
        Assert.Equal(200, identity.Code);
        var absent = await _arm.Get($"{_arm.Rg("rg-aib")}/providers/Microsoft.Network/networkInterfaces/nope?api-version=2026-01-01");
        Assert.Equal("ResourceNotFound", absent.ErrorCode);
        var noGroup = await _arm.Get($"{_arm.Rg("rg-nope")}/providers/Microsoft.Network/networkInterfaces/nope?api-version=2026-01-01");
        Assert.Equal("ResourceGroupNotFound", noGroup.ErrorCode);
    }
}
