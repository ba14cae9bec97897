using System.Text.Json.Nodes;
using AibEmulator.State;
using Microsoft.AspNetCore.WebUtilities;

namespace AibEmulator.Arm;

/// <summary>ARM list pages: <c>{"value":[...],"nextLink":"&lt;absolute url&gt;"}</c>, the page size set by the
/// scenario (small in tests so clients must follow nextLink).</summary>
public static class Paging
{
    public static Task Write(HttpContext ctx, EmulatorState state, IReadOnlyList<JsonObject> items)
    {
        var skip = int.TryParse(ctx.Request.Query["$skiptoken"], out var s) ? Math.Max(0, s) : 0;
        var size = Math.Max(1, state.PageSize);
        var page = items.Skip(skip).Take(size).Select(i => (JsonNode)i).ToArray();
        var body = new JsonObject { ["value"] = new JsonArray(page) };
        if (skip + size < items.Count)
        {
            var query = ctx.Request.Query.Where(q => q.Key != "$skiptoken").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
            query["$skiptoken"] = (skip + size).ToString();
            body["nextLink"] = QueryHelpers.AddQueryString(BaseUrl(ctx) + ctx.Request.Path, query);
        }
        return ArmReply.Json(ctx, 200, body);
    }

    /// <summary>A tracked type's two lists, in the subscription and in a resource group, named by their operationIds.</summary>
    public static void MapLists(WebApplication app, EmulatorState state, string type, string subscriptionOperationId, string resourceGroupOperationId)
    {
        app.MapGet($"/subscriptions/{{sub}}/providers/{type}", (HttpContext ctx, string sub) =>
        {
            state.RequireSubscription(sub);
            return Write(ctx, state, state.Store.OfType(type, $"/subscriptions/{sub}/"));
        }).WithName(subscriptionOperationId);
        app.MapGet($"/subscriptions/{{sub}}/resourceGroups/{{rg}}/providers/{type}", (HttpContext ctx, string sub, string rg) =>
        {
            state.RequireResourceGroup(sub, rg);
            return Write(ctx, state, state.Store.OfType(type, $"/subscriptions/{sub}/resourceGroups/{rg}/"));
        }).WithName(resourceGroupOperationId);
    }

    public static string BaseUrl(HttpContext ctx) => $"{ctx.Request.Scheme}://{ctx.Request.Host}";
}
