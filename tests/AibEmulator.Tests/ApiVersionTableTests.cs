using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>The one api-version table (tests/AibEmulator/Arm/api-versions.json): every type × version is accepted,
/// an unpublished version gets ARM's error, and the providers list reports the same lists.</summary>
[Collection("Emulator")]
public sealed class ApiVersionTableTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    /// <summary>A read of each table entry's type in the default scenario (a resource of that type, or a list).</summary>
    private Dictionary<string, string> ReadOf() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.VirtualMachineImages"] = $"/subscriptions/{_arm.Sub}/providers/Microsoft.VirtualMachineImages/imageTemplates",
        ["Microsoft.Resources"] = $"/subscriptions/{_arm.Sub}/resourcegroups/rg-aib",
        ["Microsoft.Features"] = $"/subscriptions/{_arm.Sub}/providers/Microsoft.Features/providers/Microsoft.VirtualMachineImages/features/Triggers",
        ["Microsoft.Network"] = $"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/virtualNetworks/vnet-aib",
        ["Microsoft.Network/natGateways"] = $"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/natGateways/nat-aib",
        ["Microsoft.Network/privateEndpoints"] = $"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/privateEndpoints",
        ["Microsoft.Network/privateLinkServices"] = $"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/privateLinkServices",
        ["Microsoft.ContainerInstance"] = $"/subscriptions/{_arm.Sub}/providers/Microsoft.ContainerInstance/containerGroups",
        ["Microsoft.Compute"] = $"{_arm.Rg("rg-aib-images")}/providers/Microsoft.Compute/images/img-ubuntu-base",
        ["Microsoft.Compute/disks"] = $"{_arm.Rg("rg-aib")}/providers/Microsoft.Compute/disks",
        ["Microsoft.Compute/snapshots"] = $"{_arm.Rg("rg-aib")}/providers/Microsoft.Compute/snapshots",
        ["Microsoft.Compute/galleries"] = $"{_arm.Rg("rg-aib-images")}/providers/Microsoft.Compute/galleries/gal_aib/images/ubuntu-2204",
        ["Microsoft.Storage"] = $"/subscriptions/{_arm.Sub}/providers/Microsoft.Storage/storageAccounts",
        ["Microsoft.ManagedIdentity"] = $"{_arm.Rg("rg-aib")}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aib-builder",
        ["Microsoft.Authorization"] = $"/subscriptions/{_arm.Sub}/providers/Microsoft.Authorization/roleDefinitions",
        ["Microsoft.Authorization/policyDefinitions"] = $"/subscriptions/{_arm.Sub}/providers/Microsoft.Authorization/policyDefinitions",
        ["Microsoft.Authorization/policyAssignments"] = $"/subscriptions/{_arm.Sub}/providers/Microsoft.Authorization/policyAssignments",
        ["Microsoft.PolicyInsights"] = $"POST {_arm.Rg("rg-aib")}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions",
        ["Microsoft.ResourceGraph"] = "POST /providers/Microsoft.ResourceGraph/resources",
    };

    /// <summary>The table as the emulator reads it: own versions, or "sameAs" from "since" on.</summary>
    private Dictionary<string, string[]> Table()
    {
        var types = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.RepoRoot, "tests", "AibEmulator", "Arm", "api-versions.json")))!["types"]!.AsObject();
        string[] Versions(string type) => types[type]!["versions"] is { } own
            ? own.AsArray().Select(v => (string)v!).ToArray()
            : Versions((string)types[type]!["sameAs"]!).Where(v => string.CompareOrdinal(v, (string?)types[type]!["since"] ?? "") >= 0).ToArray();
        return types.ToDictionary(t => t.Key, t => Versions(t.Key), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EveryTypeAndVersionOfTheTableIsAccepted()
    {
        await _arm.Load("default");
        var reads = ReadOf();
        var table = Table();
        Assert.Empty(table.Keys.Except(reads.Keys, StringComparer.OrdinalIgnoreCase)); // every entry has a read here
        foreach (var (type, versions) in table)
        {
            Assert.NotEmpty(versions);
            foreach (var version in versions)
            {
                var read = reads[type];
                var r = read.StartsWith("POST ")
                    ? await _arm.Post($"{read[5..]}?api-version={version}", type == "Microsoft.ResourceGraph"
                        ? new JsonObject { ["query"] = "resources | take 1" }
                        : new JsonObject
                        {
                            ["resourceDetails"] = new JsonObject { ["resourceContent"] = new JsonObject { ["type"] = "Microsoft.ContainerInstance/containerGroups", ["location"] = "westus" }, ["apiVersion"] = "2023-05-01" },
                        })
                    : await _arm.Get($"{read}?api-version={version}");
                Assert.True(r.Code == 200, $"{type} {version}: {r}");
            }
        }
        // What current official SDKs send (npm @azure/arm-*), whatever else the table holds.
        Assert.Contains("2026-01-01", table["Microsoft.Network"]);
        Assert.Contains("2025-04-01", table["Microsoft.Resources"]);
        Assert.Contains("2023-05-01", table["Microsoft.ContainerInstance"]);
        Assert.Contains("2025-10-01", table["Microsoft.VirtualMachineImages"]);
    }

    [Fact]
    public async Task AnUnpublishedVersionGetsArmsErrorWithTheSupportedList()
    {
        await _arm.Load("default");
        var table = Table();
        var vnet = await _arm.Get($"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/virtualNetworks/vnet-aib?api-version=2099-01-01");
        Assert.Equal(400, vnet.Code);
        Assert.Equal("NoRegisteredProviderFound", vnet.ErrorCode);
        Assert.Equal($"No registered resource provider found for location 'westus' and API version '2099-01-01' for type 'virtualNetworks'. " +
                     $"The supported api-versions are '{string.Join(", ", table["Microsoft.Network"].Order())}'. The supported locations are 'westus'.", vnet.ErrorMessage);
        var nat = await _arm.Get($"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/natGateways/nat-aib?api-version=2018-12-01");
        Assert.Equal("NoRegisteredProviderFound", nat.ErrorCode); // a Network version from before natGateways existed

        var group = await _arm.Get($"/subscriptions/{_arm.Sub}/resourcegroups/rg-aib?api-version=2099-01-01");
        Assert.Equal(400, group.Code);
        Assert.Equal("InvalidApiVersionParameter", group.ErrorCode);
        Assert.Equal($"The api-version '2099-01-01' is invalid. The supported versions are '{string.Join(",", table["Microsoft.Resources"].OrderDescending())}'. Please use one of the supported versions.", group.ErrorMessage);
    }

    [Fact]
    public async Task TheProvidersListReportsTheSameLists()
    {
        await _arm.Load("default");
        var table = Table();
        var providers = await _arm.ListAll($"/subscriptions/{_arm.Sub}/providers?api-version=2025-04-01");
        var checkedTypes = 0;
        foreach (var provider in providers)
            foreach (var type in provider["resourceTypes"]!.AsArray().OfType<JsonObject>())
            {
                var full = $"{provider["namespace"]}/{type["resourceType"]}";
                var key = table.Keys.Where(k => full.StartsWith(k + "/", StringComparison.OrdinalIgnoreCase) || full.Equals(k, StringComparison.OrdinalIgnoreCase))
                    .OrderByDescending(k => k.Length).FirstOrDefault();
                if (key is null) { Assert.Empty(type["apiVersions"]!.AsArray()); continue; }
                Assert.Equal(table[key].OrderDescending(), type["apiVersions"]!.AsArray().Select(v => (string)v!));
                checkedTypes++;
            }
        Assert.True(checkedTypes > 20, $"only {checkedTypes} types checked");
    }
}
