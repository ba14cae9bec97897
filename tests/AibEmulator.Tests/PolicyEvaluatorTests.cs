using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>The policy-rule evaluator behind checkPolicyRestrictions, through a custom definition that uses
/// each operator and field kind, and the built-ins of tests/reference/policy.</summary>
[Collection("Emulator")]
public sealed class PolicyEvaluatorTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    private const string Scenario = """
        { "scenario": { "extends": "default", "name": "inline-policy-operators",
          "policyDefinitions": [ { "name": "tag-rules", "properties": { "displayName": "Tag and name rules", "mode": "Indexed",
            "parameters": { "effect": { "type": "String", "defaultValue": "Deny" }, "envs": { "type": "Array" } },
            "policyRule": { "if": { "allOf": [
              { "field": "type", "like": "Microsoft.Compute/*" },
              { "anyOf": [
                { "field": "tags['env']", "exists": "false" },
                { "field": "tags['env']", "notIn": "[parameters('envs')]" },
                { "field": "name", "contains": "temp" },
                { "not": { "field": "location", "equals": "westus" } },
                { "field": "tags.owner", "notLike": "*@contoso.com" } ] } ] },
              "then": { "effect": "[parameters('effect')]" } } } } ],
          "policyAssignments": [ { "name": "tag-rules", "scope": "/subscriptions/{subscriptionId}", "policyDefinition": "tag-rules",
            "parameters": { "envs": { "value": [ "prod", "test" ] } } } ] } }
        """;

    private async Task<string?> Effect(JsonObject content)
    {
        var r = await _arm.Post($"{_arm.Rg("rg-aib")}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions?api-version=2024-10-01",
            new JsonObject { ["resourceDetails"] = new JsonObject { ["resourceContent"] = content }, ["includeAuditEffect"] = true });
        Assert.Equal(200, r.Code);
        var evaluations = r.Body!["contentEvaluationResult"]!["policyEvaluations"]!.AsArray();
        return evaluations.Count == 0 ? null : (string?)evaluations[0]!["effectDetails"]!["policyEffect"];
    }

    private static JsonObject Vm(string name = "vm1", string location = "westus", string? env = "prod", string? owner = "ann@contoso.com")
    {
        var tags = new JsonObject();
        if (env is not null) tags["ENV"] = env; // tag names compare case-insensitively
        if (owner is not null) tags["owner"] = owner;
        return new JsonObject { ["type"] = "Microsoft.Compute/virtualMachines", ["name"] = name, ["location"] = location, ["tags"] = tags };
    }

    [Fact]
    public async Task EachOperatorDecides()
    {
        Assert.Equal(200, (await _arm.Post(_arm.Control + "scenario", JsonNode.Parse(Scenario))).Code);
        Assert.Null(await Effect(Vm()));                                   // compliant
        Assert.Equal("Deny", await Effect(Vm(env: null)));                 // exists false
        Assert.Equal("Deny", await Effect(Vm(env: "dev")));                // notIn [parameters()]
        Assert.Null(await Effect(Vm(env: "PROD")));                        // in is case-insensitive
        Assert.Equal("Deny", await Effect(Vm(name: "my-temp-vm")));        // contains
        Assert.Equal("Deny", await Effect(Vm(location: "eastus")));        // not equals
        Assert.Equal("Deny", await Effect(Vm(owner: "bob@fabrikam.com"))); // notLike
        var storage = Vm(env: null);
        storage["type"] = "Microsoft.Storage/storageAccounts";
        Assert.Null(await Effect(storage));                                // like on type
    }

    [Fact]
    public async Task BuiltInAllowedTypesWithAuditEffectAudits()
    {
        var scenario = JsonNode.Parse("""
            { "scenario": { "extends": "default", "name": "inline-audit",
              "policyAssignments": [ { "name": "allowed", "scope": "/subscriptions/{subscriptionId}", "policyDefinition": "a08ec900-254a-4555-9bf5-e42af04b5c5c",
                "parameters": { "listOfResourceTypesAllowed": { "value": [ "Microsoft.Compute/virtualMachines" ] }, "effect": { "value": "Audit" } } } ] } }
            """);
        Assert.Equal(200, (await _arm.Post(_arm.Control + "scenario", scenario)).Code);
        Assert.Equal("Audit", await Effect(new JsonObject { ["type"] = "Microsoft.ContainerInstance/containerGroups", ["location"] = "westus" }));
        Assert.Null(await Effect(new JsonObject { ["type"] = "Microsoft.Compute/virtualMachines", ["location"] = "westus" }));
    }
}
