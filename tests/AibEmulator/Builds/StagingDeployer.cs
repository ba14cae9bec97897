using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.Policy;
using AibEmulator.Providers;
using AibEmulator.State;

namespace AibEmulator.Builds;

/// <summary>Creates the temporary resources of a build in the staging resource group the way ARM would on
/// behalf of the template's identity: linked-scope RBAC (subnets/join, ddosProtectionPlans/join), Azure Policy
/// (Deny refuses, Modify rewrites and needs its linked permissions), then the resource provider's own rules.</summary>
public sealed class StagingDeployer(EmulatorState state, string stagingGroupId, string? principalId, JsonObject? managedTags)
{
    private readonly List<string> _created = new();
    public IReadOnlyList<string> Created => _created;
    public string StagingGroupName => stagingGroupId[(stagingGroupId.LastIndexOf('/') + 1)..];

    public string Id(string type, string name) => $"{stagingGroupId}/providers/{type}/{name}";

    /// <summary>Checks and stores a resource; <paramref name="linkedSubnets"/> are the subnets it joins;
    /// <paramref name="providerChecks"/> are the resource provider's own rules, run after RBAC and policy.</summary>
    public JsonObject Create(string type, string name, JsonObject properties, IEnumerable<string>? linkedSubnets = null, Action<JsonObject>? extra = null, Action? providerChecks = null)
    {
        var resource = ArmShapes.Tracked(Id(type, name), type, state.Location, managedTags, properties);
        extra?.Invoke(resource);
        foreach (var subnet in linkedSubnets ?? [])
            RequireLinked(type, resource, subnet, "Microsoft.Network/virtualNetworks/subnets/join/action");
        ApplyPolicies(resource);
        providerChecks?.Invoke();
        properties["provisioningState"] = "Succeeded";
        state.Store.Put(resource);
        _created.Add((string)resource["id"]!);
        return resource;
    }

    /// <summary>Policy only (for resources created outside this list, like the kept storage account).</summary>
    public void ApplyPolicies(JsonObject resource)
    {
        foreach (var finding in PolicyStore.Evaluate(state, resource, stagingGroupId))
        {
            if (finding.Effect == "Deny")
                throw new BuildFailure("RequestDisallowedByPolicy",
                    $"Resource '{resource["name"]}' was disallowed by policy. Policy identifiers: '{finding.Identifiers()}'.",
                    $"Failed to create the temporary resource '{resource["type"]}/{resource["name"]}' in staging resource group '{StagingGroupName}': " +
                    $"RequestDisallowedByPolicy: Resource '{resource["name"]}' was disallowed by policy (assignment '{finding.AssignmentName}', definition '{finding.DefinitionName}').");
            if (finding.Effect == "Modify") ApplyModify(resource, finding);
        }
    }

    /// <summary>Modify operations (addOrReplace on aliases); a value that is a resource id is a linked
    /// scope, so the identity needs &lt;type&gt;/join/action on it (the DDoS-plan case).</summary>
    private void ApplyModify(JsonObject resource, PolicyFinding finding)
    {
        var evaluator = new PolicyEvaluator(resource, finding.Parameters);
        var operations = finding.Definition["properties"]!["policyRule"]!["then"]!["details"]?["operations"]?.AsArray() ?? [];
        foreach (var op in operations.OfType<JsonObject>())
        {
            var value = evaluator.Resolve(op["value"]);
            var field = (string)op["field"]!;
            if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase))
                RequireLinked((string)resource["type"]!, resource, text, LinkedTypeOf(text) + "/join/action");
            var type = (string)resource["type"]!;
            if (!field.StartsWith(type + "/", StringComparison.OrdinalIgnoreCase)) continue;
            var node = resource["properties"]!.AsObject();
            var parts = field[(type.Length + 1)..].Split('.');
            for (var i = 0; i < parts.Length - 1; i++)
                node = (JsonObject)(node[parts[i]] ??= new JsonObject());
            node[parts[^1]] = value?.DeepClone();
        }
    }

    private void RequireLinked(string type, JsonObject resource, string linkedScope, string action) =>
        RequireLinked(type, (string)resource["name"]!, linkedScope, action);

    /// <summary>ARM's LinkedAuthorizationFailed: writing the resource needs an action on another scope.</summary>
    public void RequireLinked(string type, string name, string linkedScope, string action)
    {
        if (principalId is not null && Authorization.HasPermission(state, principalId, action, linkedScope)) return;
        var who = principalId ?? "(no identity)";
        throw new BuildFailure("LinkedAuthorizationFailed",
            $"The client '{who}' with object id '{who}' has permission to perform action '{type}/write' on scope '{Id(type, name)}'; " +
            $"however, it does not have permission to perform action(s) '{action}' on the linked scope(s) '{linkedScope}' (respectively) or the linked scope(s) are invalid.",
            $"Failed to create the temporary resource '{type}/{name}' in staging resource group '{StagingGroupName}': LinkedAuthorizationFailed: " +
            $"the template's identity ({who}) does not have permission to perform action '{action}' on '{linkedScope}'. Grant it, for example with a custom role, on that scope.");
    }

    /// <summary>".../providers/Microsoft.Network/ddosProtectionPlans/p" → "Microsoft.Network/ddosProtectionPlans".</summary>
    private static string LinkedTypeOf(string id) => ArmPath.ResourceTypeOf(id) ?? "Microsoft.Resources/resources";

    /// <summary>Deletes what this run created, newest first (the storage account is never in the list).</summary>
    public void RemoveAll()
    {
        for (var i = _created.Count - 1; i >= 0; i--) state.Store.Delete(_created[i]);
        _created.Clear();
    }
}
