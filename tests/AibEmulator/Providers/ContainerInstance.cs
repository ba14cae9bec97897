using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.Builds;
using AibEmulator.State;

namespace AibEmulator.Providers;

/// <summary>Microsoft.ContainerInstance: container groups (GET, list), a container's logs while its group
/// exists (tail, timestamps), and location usages (scenario quota plus the groups that exist now).</summary>
public static class ContainerInstance
{
    public const string Type = "Microsoft.ContainerInstance/containerGroups";
    public const int CoresPerBuild = 4;

    public static void Map(WebApplication app, EmulatorState state)
    {
        Paging.MapLists(app, state, Type, "ContainerGroups_List", "ContainerGroups_ListByResourceGroup");
        app.MapGet("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerInstance/containerGroups/{group}", (HttpContext ctx, string sub, string rg, string group) =>
            ArmReply.Json(ctx, 200, state.RequireResource(sub, rg, ArmShapes.Id(sub, rg, Type, group), Type, group))).WithName("ContainerGroups_Get");
        app.MapGet("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerInstance/containerGroups/{group}/containers/{container}/logs",
            (HttpContext ctx, string sub, string rg, string group, string container) => Logs(ctx, state, sub, rg, group, container)).WithName("Containers_ListLogs");
        app.MapGet("/subscriptions/{sub}/providers/Microsoft.ContainerInstance/locations/{location}/usages", (HttpContext ctx, string sub, string location) =>
        {
            state.RequireSubscription(sub);
            return ArmReply.Json(ctx, 200, new JsonObject { ["value"] = new JsonArray(Usages(state, location, sub).Select(u => (JsonNode)u).ToArray()) });
        }).WithName("Location_ListUsage");
    }

    private static Task Logs(HttpContext ctx, EmulatorState state, string sub, string rg, string group, string container)
    {
        var cg = state.RequireResource(sub, rg, ArmShapes.Id(sub, rg, Type, group), Type, group);
        var known = cg["properties"]?["containers"]?.AsArray().Any(c => ArmPath.Is((string?)c?["name"] ?? "", container)) == true;
        if (!known)
            throw new ArmException(System.Net.HttpStatusCode.NotFound, "ContainerNotFound", $"The container '{container}' cannot be found in container group '{group}'.");
        var run = state.Templates.Values.Select(t => t.Run).FirstOrDefault(r => r is not null && ArmPath.Is(r.ContainerGroupId ?? "", (string)cg["id"]!));
        // The container's stdout: the customization run's lines, then the validation run's.
        var lines = run is null ? [] : run.Log.Snapshot().Concat(run.ValidationLog.Snapshot()).ToList();
        if (int.TryParse(ctx.Request.Query["tail"], out var tail) && tail >= 0) lines = lines.Skip(Math.Max(0, lines.Count - tail)).ToList();
        var timestamps = string.Equals(ctx.Request.Query["timestamps"], "true", StringComparison.OrdinalIgnoreCase);
        var text = string.Concat(lines.Select(l => (timestamps ? l.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ") + " " : "") + l.Text + "\n"));
        return ArmReply.Json(ctx, 200, new JsonObject { ["content"] = text });
    }

    /// <summary>Usage = the scenario's currentValue (other workloads) + the groups that exist now, in the subscription (default: the
    /// scenario's own); a generated estate's <see cref="EmulatorState.UsageOverrides"/> replace the scenario's figures.</summary>
    public static List<JsonObject> Usages(EmulatorState state, string location, string? subscriptionId = null)
    {
        var sub = subscriptionId ?? state.SubscriptionId;
        var groups = state.Store.OfType(Type, $"/subscriptions/{sub}/").Count(g => ArmPath.Is((string?)g["location"] ?? "", location));
        var configured = state.Scenario["usages"]?["containerInstance"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var result = new List<JsonObject>();
        foreach (var (name, localized, limit, perGroup) in new[] { ("ContainerGroups", "Container Groups", 100, 1), ("StandardCores", "Standard Cores", 100, CoresPerBuild) })
        {
            var c = configured.FirstOrDefault(u => ArmPath.Is((string?)u["name"] ?? "", name));
            (long Current, long Limit) figures = state.UsageOverrides.TryGetValue(UsageKey(sub, "Microsoft.ContainerInstance", location, name), out var o)
                ? o : ((int?)c?["currentValue"] ?? 0, (int?)c?["limit"] ?? limit);
            result.Add(new JsonObject
            {
                ["unit"] = "Count",
                ["currentValue"] = figures.Current + groups * perGroup,
                ["limit"] = figures.Limit,
                ["name"] = new JsonObject { ["value"] = name, ["localizedValue"] = localized },
            });
        }
        return result;
    }

    public static string UsageKey(string sub, string provider, string location, string name) => $"{sub}/{provider}/{location.Replace(" ", "")}/{name}";
}
