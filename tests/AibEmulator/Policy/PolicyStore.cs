using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AibEmulator.Arm;
using AibEmulator.Providers;
using AibEmulator.State;

namespace AibEmulator.Policy;

/// <summary>A policy that applies to a resource: its assignment, definition, effect and the comparisons made.</summary>
public sealed record PolicyFinding(JsonObject Assignment, JsonObject Definition, string Effect, List<EvaluatedExpression> Expressions, JsonObject Parameters)
{
    public string AssignmentName => (string?)Assignment["properties"]?["displayName"] ?? (string)Assignment["name"]!;
    public string DefinitionName => (string?)Definition["properties"]?["displayName"] ?? (string)Definition["name"]!;

    /// <summary>The "Policy identifiers" JSON ARM puts in RequestDisallowedByPolicy messages.</summary>
    public string Identifiers() => new JsonArray(new JsonObject
    {
        ["policyAssignment"] = new JsonObject { ["name"] = AssignmentName, ["id"] = Assignment["id"]!.DeepClone() },
        ["policyDefinition"] = new JsonObject { ["name"] = DefinitionName, ["id"] = Definition["id"]!.DeepClone(), ["version"] = Definition["properties"]?["version"]?.DeepClone() },
    }).ToJsonString();
}

/// <summary>Policy definitions (the built-ins in tests/reference/policy/builtin plus the scenario's) and
/// assignments, their list/get routes, and "which assignments are violated by this resource at this scope".</summary>
public static class PolicyStore
{
    private const string DefinitionType = "Microsoft.Authorization/policyDefinitions";
    private const string AssignmentType = "Microsoft.Authorization/policyAssignments";

    public static void Seed(EmulatorState state)
    {
        var builtIn = Path.Combine(state.ReferenceDirectory, "policy", "builtin");
        foreach (var file in Directory.Exists(builtIn) ? Directory.GetFiles(builtIn, "*.json") : [])
        {
            var def = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            def["type"] = DefinitionType;
            state.Store.Put(def);
        }
        foreach (var def in ScenarioSeeder.Items(state.Scenario, "policyDefinitions"))
        {
            var name = (string?)def["name"] ?? Guid.NewGuid().ToString();
            state.Store.Put(new JsonObject
            {
                ["id"] = $"{state.SubscriptionScope}/providers/{DefinitionType}/{name}",
                ["name"] = name,
                ["type"] = DefinitionType,
                ["properties"] = def["properties"]!.DeepClone(),
            });
        }
        foreach (var a in ScenarioSeeder.Items(state.Scenario, "policyAssignments"))
            Assign(state, a);
    }

    /// <summary>One assignment in the scenario's shape: {name, displayName?, scope, policyDefinition (id, name or displayName),
    /// parameters?, notScopes?, enforcementMode?}; returns its id.</summary>
    public static string Assign(EmulatorState state, JsonObject a)
    {
        var definition = FindDefinition(state, (string)a["policyDefinition"]!)
            ?? throw new InvalidOperationException($"Unknown policy definition '{a["policyDefinition"]}' in scenario.");
        var scope = ((string)a["scope"]!).TrimEnd('/');
        var name = (string)a["name"]!;
        var version = (string?)definition["properties"]?["version"] ?? "1.0.0";
        var assignment = new JsonObject
        {
            ["id"] = $"{scope}/providers/{AssignmentType}/{name}",
            ["name"] = name,
            ["type"] = AssignmentType,
            ["location"] = state.Location,
            ["properties"] = new JsonObject
            {
                ["displayName"] = (string?)a["displayName"] ?? name,
                ["description"] = (string?)a["description"] ?? (string?)definition["properties"]?["description"] ?? "",
                ["metadata"] = new JsonObject { ["category"] = (string?)definition["properties"]?["metadata"]?["category"] ?? "General", ["assignedBy"] = "AIB emulator scenario", ["createdOn"] = DateTime.UtcNow.ToString("o") },
                ["instanceId"] = Guid.NewGuid().ToString(),
                ["policyDefinitionId"] = definition["id"]!.DeepClone(),
                ["definitionVersion"] = version.Split('.')[0] + ".*.*",
                ["effectiveDefinitionVersion"] = version,
                ["latestDefinitionVersion"] = version,
                ["scope"] = scope,
                ["notScopes"] = a["notScopes"]?.DeepClone() ?? new JsonArray(),
                ["parameters"] = a["parameters"]?.DeepClone() ?? new JsonObject(),
                ["enforcementMode"] = (string?)a["enforcementMode"] ?? "Default",
            },
        };
        // Modify and DeployIfNotExists assignments act through a managed identity of their own.
        if (definition["properties"]?["policyRule"]?["then"]?["details"]?["roleDefinitionIds"] is not null)
            assignment["identity"] = new JsonObject { ["type"] = "SystemAssigned", ["principalId"] = Guid.NewGuid().ToString(), ["tenantId"] = state.TenantId };
        state.Store.Put(assignment);
        return (string)assignment["id"]!;
    }

    /// <summary>By id, name or displayName.</summary>
    public static JsonObject? FindDefinition(EmulatorState state, string key) =>
        state.Store.OfType(DefinitionType).FirstOrDefault(d =>
            ArmPath.Is((string)d["id"]!, key) || ArmPath.Is((string)d["name"]!, key) || ArmPath.Is((string?)d["properties"]?["displayName"] ?? "", key));

    /// <summary>Assignments at the scope or above (not excluded by notScopes) whose rule matches the resource.
    /// Disabled effects are dropped; DoNotEnforce assignments only audit.</summary>
    public static List<PolicyFinding> Evaluate(EmulatorState state, JsonObject resource, string scope)
    {
        var findings = new List<PolicyFinding>();
        foreach (var assignment in state.Store.OfType(AssignmentType))
        {
            var props = assignment["properties"]!;
            if (!Authorization.IsAtOrAbove((string)props["scope"]!, scope)) continue;
            if (props["notScopes"]?.AsArray().Any(n => Authorization.IsAtOrAbove((string)n!, scope)) == true) continue;
            var definition = state.Store.Get((string)props["policyDefinitionId"]!);
            if (definition is null) continue;
            var parameters = Parameters(definition, (JsonObject)props["parameters"]!);
            var evaluator = new PolicyEvaluator(resource, parameters);
            var rule = definition["properties"]!["policyRule"]!;
            if (!evaluator.Evaluate(rule["if"])) continue;
            var effect = Normalize((string?)evaluator.Resolve(rule["then"]!["effect"]) ?? "Disabled");
            if (effect == "Disabled") continue;
            if ((string?)props["enforcementMode"] == "DoNotEnforce" && effect == "Deny") effect = "Audit";
            findings.Add(new PolicyFinding(assignment, definition, effect, evaluator.Expressions, parameters));
        }
        return findings;
    }

    /// <summary>Assignment values over definition defaults: parameter name → value.</summary>
    private static JsonObject Parameters(JsonObject definition, JsonObject assigned)
    {
        var result = new JsonObject();
        foreach (var (name, spec) in definition["properties"]?["parameters"]?.AsObject() ?? new JsonObject())
            if (spec?["defaultValue"] is JsonNode d) result[name] = d.DeepClone();
        foreach (var (name, value) in assigned)
            result[name] = value?["value"]?.DeepClone();
        return result;
    }

    private static string Normalize(string effect) =>
        new[] { "Deny", "Audit", "Modify", "Disabled", "Append", "AuditIfNotExists", "DeployIfNotExists", "DenyAction", "Manual" }
            .FirstOrDefault(e => ArmPath.Is(e, effect)) ?? effect;

    public static async Task<bool> TryServe(HttpContext ctx, EmulatorState state, string path)
    {
        var m = Regex.Match(path, @"^(?<scope>.*)/providers/Microsoft\.Authorization/(?<kind>policyDefinitions|policyAssignments)(/(?<name>[^/]+))?$", RegexOptions.IgnoreCase);
        if (!m.Success || ctx.Request.Method != "GET") return false;
        var scope = m.Groups["scope"].Value;
        Authorization.CheckScopeExists(state, scope);
        var name = m.Groups["name"].Success ? m.Groups["name"].Value : null;
        var isDefinition = ArmPath.Is(m.Groups["kind"].Value, "policyDefinitions");
        var all = state.Store.OfType(isDefinition ? DefinitionType : AssignmentType);
        if (name is not null)
        {
            var one = isDefinition
                ? all.FirstOrDefault(d => ArmPath.Is((string)d["name"]!, name))
                : all.FirstOrDefault(a => ArmPath.Is((string)a["id"]!, $"{scope}/providers/{AssignmentType}/{name}"));
            if (one is null)
                throw new ArmException(System.Net.HttpStatusCode.NotFound, isDefinition ? "PolicyDefinitionNotFound" : "PolicyAssignmentNotFound",
                    isDefinition ? $"The policy definition '{name}' could not be found." : $"The policy assignment '{name}' is not found.");
            await ArmReply.Json(ctx, 200, one);
            return true;
        }
        if (!isDefinition)
        {
            var atScope = ctx.Request.Query["$filter"].ToString().Contains("atScope()", StringComparison.OrdinalIgnoreCase);
            all = all.Where(a =>
            {
                var s = (string)a["properties"]!["scope"]!;
                return Authorization.IsAtOrAbove(s, scope) || !atScope && Authorization.IsAtOrAbove(scope, s);
            }).ToList();
        }
        await Paging.Write(ctx, state, all);
        return true;
    }
}
