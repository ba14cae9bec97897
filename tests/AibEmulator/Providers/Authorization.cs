using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.Providers;

/// <summary>Microsoft.Authorization RBAC: role assignments (list at any scope, atScope()/assignedTo()
/// filters), role definitions, the caller's permissions, and the permission check the simulated
/// builds use (actions/notActions with wildcards, inherited from parent scopes).</summary>
public static class Authorization
{
    private const string AssignmentType = "Microsoft.Authorization/roleAssignments";
    private const string DefinitionType = "Microsoft.Authorization/roleDefinitions";

    /// <summary>principal: an identity name, identity id or principal id; role: role name or definition guid.</summary>
    public static void Assign(EmulatorState state, string principal, string role, string scope)
    {
        var principalId = ResolvePrincipal(state, principal);
        var definition = state.Store.OfType(DefinitionType).FirstOrDefault(d =>
            ArmPath.Is((string)d["name"]!, role) || ArmPath.Is((string?)d["properties"]?["roleName"] ?? "", role))
            ?? throw new InvalidOperationException($"Unknown role '{role}' in scenario.");
        var name = Guid.NewGuid().ToString();
        scope = scope.TrimEnd('/');
        state.Store.Put(new JsonObject
        {
            ["id"] = $"{scope}/providers/Microsoft.Authorization/roleAssignments/{name}",
            ["name"] = name,
            ["type"] = AssignmentType,
            ["properties"] = new JsonObject
            {
                ["roleDefinitionId"] = definition["id"]!.DeepClone(),
                ["principalId"] = principalId,
                ["principalType"] = "ServicePrincipal",
                ["scope"] = scope,
                ["createdOn"] = DateTime.UtcNow.ToString("o"),
            },
        });
    }

    public static string ResolvePrincipal(EmulatorState state, string principal)
    {
        var identity = principal.StartsWith('/')
            ? state.Store.Get(principal)
            : state.Store.OfType("Microsoft.ManagedIdentity/userAssignedIdentities").FirstOrDefault(i => ArmPath.Is((string)i["name"]!, principal));
        return (string?)identity?["properties"]?["principalId"] ?? principal;
    }

    /// <summary>True when a role assigned to the principal at the scope or above allows the action.</summary>
    public static bool HasPermission(EmulatorState state, string principalId, string action, string scope) =>
        AssignmentsFor(state, principalId, scope).Any(a => Allows(state, a, action));

    private static IEnumerable<JsonObject> AssignmentsFor(EmulatorState state, string principalId, string scope) =>
        state.Store.OfType(AssignmentType).Where(a =>
            ArmPath.Is((string?)a["properties"]?["principalId"] ?? "", principalId) && IsAtOrAbove((string)a["properties"]!["scope"]!, scope));

    private static bool Allows(EmulatorState state, JsonObject assignment, string action)
    {
        var definition = Definition(state, (string)assignment["properties"]!["roleDefinitionId"]!);
        foreach (var perm in definition?["properties"]?["permissions"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var allowed = perm["actions"]!.AsArray().Any(p => Matches((string)p!, action));
            var denied = perm["notActions"]!.AsArray().Any(p => Matches((string)p!, action));
            if (allowed && !denied) return true;
        }
        return false;
    }

    /// <summary>A role definition by its id under any subscription: ARM serves a built-in role's definition from every one.</summary>
    private static JsonObject? Definition(EmulatorState state, string id) =>
        state.Store.Get(id) ?? state.Store.OfType(DefinitionType).FirstOrDefault(d => ArmPath.Is((string)d["name"]!, id.Split('/')[^1]));

    public static bool Matches(string pattern, string action) =>
        Regex.IsMatch(action, "^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase);

    public static bool IsAtOrAbove(string assignmentScope, string scope)
    {
        var a = assignmentScope.TrimEnd('/');
        var s = scope.TrimEnd('/');
        return a.Length == 0 || ArmPath.Is(a, s) || s.StartsWith(a + "/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Routes under an arbitrary scope (…/providers/Microsoft.Authorization/…): answered from the fallback router.</summary>
    public static async Task<bool> TryServe(HttpContext ctx, EmulatorState state, string path)
    {
        var m = Regex.Match(path, @"^(?<scope>.*)/providers/Microsoft\.Authorization/(?<kind>roleAssignments|roleDefinitions|permissions)(/(?<name>[^/]+))?$", RegexOptions.IgnoreCase);
        if (!m.Success || ctx.Request.Method != "GET") return false;
        var scope = m.Groups["scope"].Value;
        CheckScopeExists(state, scope);
        var name = m.Groups["name"].Success ? m.Groups["name"].Value : null;
        switch (m.Groups["kind"].Value.ToLowerInvariant())
        {
            case "roleassignments":
                if (name is not null)
                {
                    var one = state.Store.OfType(AssignmentType).FirstOrDefault(a => ArmPath.Is((string)a["name"]!, name))
                        ?? throw new ArmException(System.Net.HttpStatusCode.NotFound, "RoleAssignmentNotFound", $"The role assignment '{name}' is not found.");
                    await ArmReply.Json(ctx, 200, one);
                }
                else await Paging.Write(ctx, state, ListAssignments(state, scope, ctx.Request.Query["$filter"].ToString()));
                return true;
            case "roledefinitions":
                var definitions = state.Store.OfType(DefinitionType);
                if (name is not null)
                {
                    var found = definitions.FirstOrDefault(d => ArmPath.Is((string)d["name"]!, name))
                        ?? throw new ArmException(System.Net.HttpStatusCode.NotFound, "RoleDefinitionDoesNotExist", "The specified role definition with ID '" + name + "' does not exist.");
                    // Read through another subscription, a definition carries that subscription's id.
                    var s = ArmPath.Segments(scope);
                    if (s.Length >= 2 && ArmPath.Is(s[0], "subscriptions")) found["id"] = $"/subscriptions/{s[1]}/providers/{DefinitionType}/{found["name"]}";
                    await ArmReply.Json(ctx, 200, found);
                }
                else
                {
                    var roleName = Regex.Match(ctx.Request.Query["$filter"].ToString(), @"roleName\s+eq\s+'([^']+)'", RegexOptions.IgnoreCase);
                    await Paging.Write(ctx, state, definitions.Where(d => !roleName.Success || ArmPath.Is((string?)d["properties"]?["roleName"] ?? "", roleName.Groups[1].Value)).ToList());
                }
                return true;
            default:
                await Paging.Write(ctx, state, CallerPermissions(state, scope));
                return true;
        }
    }

    private static List<JsonObject> ListAssignments(EmulatorState state, string scope, string filter)
    {
        var atScope = filter.Contains("atScope()", StringComparison.OrdinalIgnoreCase);
        var principal = Regex.Match(filter, @"(assignedTo\('|principalId\s+eq\s+')(?<id>[^']+)'", RegexOptions.IgnoreCase);
        return state.Store.OfType(AssignmentType).Where(a =>
        {
            var s = (string)a["properties"]!["scope"]!;
            var related = IsAtOrAbove(s, scope) || !atScope && IsAtOrAbove(scope, s);
            var forPrincipal = !principal.Success || ArmPath.Is((string?)a["properties"]?["principalId"] ?? "", principal.Groups["id"].Value);
            return related && forPrincipal;
        }).ToList();
    }

    /// <summary>The caller is the scenario's "callerPrincipalId" (default: an Owner of everything).</summary>
    private static List<JsonObject> CallerPermissions(EmulatorState state, string scope)
    {
        var caller = (string?)state.Scenario["callerPrincipalId"];
        if (caller is null)
            return [Permission(["*"], [])];
        return AssignmentsFor(state, caller, scope)
            .Select(a => Definition(state, (string)a["properties"]!["roleDefinitionId"]!))
            .SelectMany(d => d?["properties"]?["permissions"]?.AsArray().OfType<JsonObject>() ?? [])
            .Select(p => Permission(SeedStrings(p["actions"]), SeedStrings(p["notActions"]))).ToList();
    }

    private static IEnumerable<string> SeedStrings(JsonNode? a) => a?.AsArray().Select(x => (string)x!) ?? [];

    private static JsonObject Permission(IEnumerable<string> actions, IEnumerable<string> notActions) => new()
    {
        ["actions"] = new JsonArray(actions.Select(a => (JsonNode)a).ToArray()),
        ["notActions"] = new JsonArray(notActions.Select(a => (JsonNode)a).ToArray()),
        ["dataActions"] = new JsonArray(),
        ["notDataActions"] = new JsonArray(),
    };

    /// <summary>ARM checks the scope's subscription and group before answering.</summary>
    public static void CheckScopeExists(EmulatorState state, string scope)
    {
        var s = ArmPath.Segments(scope);
        if (s.Length >= 2 && ArmPath.Is(s[0], "subscriptions")) state.RequireSubscription(s[1]);
        if (s.Length >= 4 && ArmPath.Is(s[2], "resourceGroups")) state.RequireResourceGroup(s[1], s[3]);
        if (s.Length > 4 && !state.Store.Exists(scope))
            throw ArmException.ResourceNotFound(string.Join('/', s.Skip(5).Where((_, i) => i % 2 == 0 || i == 0).Take(2)), s[^1], s[3]);
    }
}
