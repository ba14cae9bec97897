using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>The other providers' answers have the shape of their reference examples (tests/reference/rest).</summary>
[Collection("Emulator")]
public sealed class OtherProviderShapeTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    [Theory]
    [InlineData("network/2025-03-01/examples/SubnetGetWithDelegation.json", "{rg-net}/virtualNetworks/vnet-aib/subnets/snet-aci?api-version=2024-05-01")]
    [InlineData("network/2025-09-01/examples/SubnetGet.json", "{rg-net}/virtualNetworks/vnet-aib/subnets/snet-build?api-version=2024-05-01")]
    [InlineData("network/2025-03-01/examples/NetworkSecurityGroupGet.json", "{rg-net}/networkSecurityGroups/nsg-build?api-version=2024-05-01")]
    [InlineData("containerinstance/2026-05-01/examples/ContainerGroupUsage.json", "/subscriptions/{sub}/providers/Microsoft.ContainerInstance/locations/westus/usages?api-version=2026-05-01")]
    [InlineData("authorization/2022-04-01/examples/RoleAssignments_ListForResourceGroup.json", "/subscriptions/{sub}/resourceGroups/rg-aib-network/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01")]
    [InlineData("authorization/2022-04-01/examples/RoleAssignments_ListForScope.json", "/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01")]
    [InlineData("policyinsights/2024-10-01/examples/PolicyRestrictions_CheckAtSubscriptionScope.json", "POST /subscriptions/{sub}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions?api-version=2024-10-01")]
    [InlineData("policy/2025-11-01/examples/listPolicyAssignmentsForResourceGroup.json", "/subscriptions/{sub}/resourceGroups/rg-aib/providers/Microsoft.Authorization/policyAssignments?api-version=2025-11-01")]
    public async Task AnswerHasTheExamplesShape(string example, string request)
    {
        await _arm.Load("policy-denies-aci");
        var file = Path.Combine(fixture.ReferenceDir, "rest", example);
        var json = JsonNode.Parse(File.ReadAllText(file))!;
        var path = request.Replace("{rg-net}", $"/subscriptions/{_arm.Sub}/resourceGroups/rg-aib-network/providers/Microsoft.Network").Replace("{sub}", _arm.Sub);
        ArmResult r;
        if (path.StartsWith("POST "))
        {
            // The example's own request, with a resource type the scenario's policy denies.
            var body = json["parameters"]!["parameters"]!.DeepClone().AsObject();
            body["resourceDetails"]!["resourceContent"]!["type"] = "Microsoft.ContainerInstance/containerGroups";
            body["pendingFields"] = new JsonArray(new JsonObject { ["field"] = "type", ["values"] = new JsonArray("Microsoft.ContainerInstance/containerGroups") });
            r = await _arm.Post(path[5..], body);
        }
        else r = await _arm.Get(path);
        Assert.Equal(200, r.Code);
        var expected = json["responses"]!["200"]!["body"]!.DeepClone().AsObject();
        foreach (var exampleOnly in new[] { "nextLink" }) expected.Remove(exampleOnly); // paging depends on the page size
        var differences = JsonShape.Differences(expected, r.Body).Where(d => !IsExampleSpecificValue(d)).ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>Sample data of the examples, not shape: names/types/locations, the example assignment's own
    /// parameters; initiative fields (the emulator has no policy sets); identities, which only Modify/DINE
    /// assignments carry (the scenario's is a Deny policy); an evaluated expression's target is an array for
    /// 'in' (the scenario's rule) and a string for 'equals' (the example's).</summary>
    private static bool IsExampleSpecificValue(string difference) =>
        difference.Contains(": expected \"") || difference.Contains(".reason") || difference.Contains(".defaultValue") || difference.Contains("].values")
        || difference.Contains(".properties.parameters.") || difference.Contains("policySetDefinitionId") || difference.Contains("policyDefinitionReferenceId")
        || difference.EndsWith("].identity: missing") || difference.Contains(".targetValue: expected string, got array");
}
