using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.Policy;
using AibEmulator.State;

namespace AibEmulator.Providers;

/// <summary>Microsoft.PolicyInsights checkPolicyRestrictions at subscription or resource-group scope,
/// answered by evaluating the assigned policies' rules (PolicyEvaluator) on the given resource content.</summary>
public static class PolicyInsights
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapPost("/subscriptions/{sub}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions", async (HttpContext ctx, string sub) =>
        {
            state.RequireSubscription(sub);
            await Check(ctx, state, "/subscriptions/" + sub);
        }).WithName("PolicyRestrictions_CheckAtSubscriptionScope");
        app.MapPost("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions", async (HttpContext ctx, string sub, string rg) =>
        {
            var group = state.RequireResourceGroup(sub, rg);
            await Check(ctx, state, (string)group["id"]!);
        }).WithName("PolicyRestrictions_CheckAtResourceGroupScope");
    }

    private static async Task Check(HttpContext ctx, EmulatorState state, string scope)
    {
        var body = await RequestBody.ReadObject(ctx);
        var content = body["resourceDetails"]?["resourceContent"] as JsonObject
            ?? throw ArmException.BadRequest("InvalidCheckRestrictionsRequest", "The request must contain 'resourceDetails.resourceContent'.");
        if (content["type"] is null)
            throw ArmException.BadRequest("InvalidCheckRestrictionsRequest", "The resource content must contain a 'type'.");
        var includeAudit = body["includeAuditEffect"]?.GetValue<bool>() == true;
        bool Reported(PolicyFinding f) => f.Effect == "Deny" || includeAudit && f.Effect == "Audit";

        var evaluations = new JsonArray();
        foreach (var finding in PolicyStore.Evaluate(state, content, scope).Where(Reported))
            evaluations.Add(new JsonObject
            {
                ["policyInfo"] = PolicyInfo(finding),
                ["evaluationResult"] = "NonCompliant",
                ["evaluationDetails"] = new JsonObject { ["evaluatedExpressions"] = Expressions(finding) },
                ["effectDetails"] = new JsonObject { ["policyEffect"] = finding.Effect },
            });

        var restrictions = new JsonArray();
        foreach (var pending in body["pendingFields"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var field = (string)pending["field"]!;
            var byPolicy = new Dictionary<string, (PolicyFinding Finding, JsonArray Denied)>();
            foreach (var value in pending["values"]?.AsArray() ?? [])
            {
                var candidate = (JsonObject)content.DeepClone();
                Set(candidate, field, value);
                foreach (var f in PolicyStore.Evaluate(state, candidate, scope).Where(Reported))
                {
                    var key = (string)f.Assignment["id"]!;
                    if (!byPolicy.TryGetValue(key, out var entry)) byPolicy[key] = entry = (f, new JsonArray());
                    entry.Denied.Add(value?.DeepClone());
                }
            }
            if (byPolicy.Count == 0) continue;
            restrictions.Add(new JsonObject
            {
                ["field"] = field,
                ["restrictions"] = new JsonArray(byPolicy.Values.Select(e => (JsonNode)new JsonObject
                {
                    ["result"] = "Deny",
                    ["values"] = e.Denied,
                    ["policy"] = PolicyInfo(e.Finding),
                    ["policyEffect"] = e.Finding.Effect,
                    ["reason"] = $"{field} is restricted by policy '{e.Finding.DefinitionName}'",
                }).ToArray()),
            });
        }
        await ArmReply.Json(ctx, 200, new JsonObject
        {
            ["fieldRestrictions"] = restrictions,
            ["contentEvaluationResult"] = new JsonObject { ["policyEvaluations"] = evaluations },
        });
    }

    private static void Set(JsonObject content, string field, JsonNode? value)
    {
        if (field.StartsWith("tags.", StringComparison.OrdinalIgnoreCase))
        {
            var tags = content["tags"] as JsonObject ?? new JsonObject();
            tags[field[5..]] = value?.DeepClone();
            content["tags"] = tags;
        }
        else content[field.ToLowerInvariant()] = value?.DeepClone();
    }

    private static JsonObject PolicyInfo(PolicyFinding f) => new()
    {
        ["policyDefinitionId"] = f.Definition["id"]!.DeepClone(),
        ["policyAssignmentId"] = f.Assignment["id"]!.DeepClone(),
    };

    private static JsonArray Expressions(PolicyFinding f) => new(f.Expressions.Select(e => (JsonNode)new JsonObject
    {
        ["result"] = e.Result ? "True" : "False",
        ["expressionKind"] = e.Kind,
        ["expression"] = e.Expression,
        ["path"] = e.Expression,
        ["expressionValue"] = e.Value?.DeepClone(),
        ["targetValue"] = e.Target?.DeepClone(),
        ["operator"] = e.Operator,
    }).ToArray());
}
