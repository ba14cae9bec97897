using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.ResourceGraph.Kql;
using AibEmulator.State;

namespace AibEmulator.ResourceGraph;

/// <summary>POST /providers/Microsoft.ResourceGraph/resources (operationId "Resources" of the resourcegraph.json spec, 2019-04-01 .. 2024-04-01):
/// a KQL query over the resources of the requested subscriptions, management groups or the whole tenant, paged with
/// $skipToken, with the per-user quota headers and 429 RateLimiting past the quota.</summary>
public static class ResourceGraphEndpoint
{
    public const string ReadAction = "Microsoft.ResourceGraph/resources/read";
    private const int MaxTop = 1000;
    private const int MaxSubscriptionsPerRequest = 1000;

    public static void Map(WebApplication app, EmulatorState state) =>
        app.MapPost("/providers/Microsoft.ResourceGraph/resources", (HttpContext ctx) => Query(ctx, state)).WithName("Resources");

    private static async Task Query(HttpContext ctx, EmulatorState state)
    {
        RequirePermission(state);
        var caller = ctx.Request.Headers.Authorization.ToString();
        bool allowed = state.ResourceGraphQuota.TryConsume(caller, DateTimeOffset.UtcNow, out int remaining, out TimeSpan resetsAfter);
        ctx.Response.Headers["x-ms-user-quota-remaining"] = remaining.ToString();
        ctx.Response.Headers["x-ms-user-quota-resets-after"] = QueryQuota.Format(resetsAfter);
        if (!allowed)
        {
            await ArmReply.Json(ctx, 429, Error(ctx, "RateLimiting", "RateLimiting",
                "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. "
                + "Please see https://aka.ms/resourcegraph-throttling for help."));
            return;
        }

        var body = await RequestBody.ReadObject(ctx);
        var text = (string?)body["query"];
        if (string.IsNullOrWhiteSpace(text))
            throw ArmException.BadRequest("BadRequest", "The request body must contain a 'query'.");
        var options = body["options"] as JsonObject ?? new JsonObject();
        var subscriptions = Scope(state, body);
        var fingerprint = Fingerprint(text, subscriptions);
        int top = (int?)options["$top"] ?? MaxTop;
        if (top is < 1 or > MaxTop)
            throw ArmException.BadRequest("BadRequest", $"The '$top' option must be between 1 and {MaxTop}.");
        var skipToken = (string?)options["$skipToken"];
        int skip = (int?)options["$skip"] ?? SkipFromToken(skipToken, fingerprint) ?? 0;
        if (skip < 0) throw ArmException.BadRequest("BadRequest", "The '$skip' option must be 0 or more.");
        var tableFormat = string.Equals(OneOf(options, "resultFormat", ResultFormats), "table", StringComparison.OrdinalIgnoreCase);
        // authorizationScopeFilter only shapes the authorizationresources table, which the emulator does not serve.
        OneOf(options, "authorizationScopeFilter", AuthorizationScopeFilters);
        if (options["allowPartialScopes"] is JsonNode partial && partial.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            throw ArmException.BadRequest("BadRequest", "The 'allowPartialScopes' option must be true or false.");
        // Facets (QueryRequest.facets) are not computed by the emulator: refuse them rather than answer an empty "facets".
        if (body["facets"] is JsonArray { Count: > 0 })
            throw ArmException.BadRequest("BadRequest", "The emulator's Resource Graph does not compute facets; send the query without 'facets'.");

        KqlQuery query;
        try
        {
            query = KqlQuery.Parse(text);
            if (!query.Table.Equals("resources", StringComparison.OrdinalIgnoreCase))
                throw new KqlException($"Table '{query.Table}' is not served by the emulator (only 'resources').", 0);
        }
        catch (KqlException e)
        {
            await ArmReply.Json(ctx, 400, Error(ctx, "BadRequest", "InvalidQuery",
                "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the query before retrying.", e.Message));
            return;
        }

        QueryResult result;
        try
        {
            // A $skipToken continues the result it was issued for (ARG's token carries the query's context), so later
            // pages do not run the query again.
            result = (skipToken is not null ? Results.Get(fingerprint) : null) ?? Results.Add(fingerprint, state.Store.Read(all =>
            {
                var table = query.Run(ResourcesTable.From(all, subscriptions, state.TenantId));
                return new QueryResult(table.Columns, table.Rows.Select(r => AsObject(table.Columns, r)).ToList());
            }));
        }
        catch (KqlException e)
        {
            await ArmReply.Json(ctx, 400, Error(ctx, "BadRequest", "InvalidQuery",
                "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the query before retrying.", e.Message));
            return;
        }
        var page = result.Rows.Skip(skip).Take(top).ToList();
        bool more = skip + page.Count < result.Rows.Count;
        // ARG pages only results that keep the id column; others are cut at the page and flagged truncated.
        bool pageable = result.Columns.Contains("id");
        var response = new JsonObject
        {
            ["totalRecords"] = result.Rows.Count,
            ["count"] = page.Count,
            ["resultTruncated"] = more && !pageable ? "true" : "false",
        };
        if (more && pageable) response["$skipToken"] = Token(skip + page.Count, fingerprint);
        response["data"] = tableFormat ? AsTable(result.Columns, page) : new JsonArray(page.Select(r => (JsonNode)r.DeepClone()).ToArray());
        response["facets"] = new JsonArray();
        await ArmReply.Json(ctx, 200, response);
    }

    /// <summary>The scenario's "caller": {"deniedActions": [...]} takes actions away from the signed-in caller.</summary>
    private static void RequirePermission(EmulatorState state)
    {
        var denied = ScenarioSeeder.Strings(state.Scenario["caller"]?["deniedActions"]);
        if (!denied.Any(a => ArmPath.Is(a, ReadAction))) return;
        var caller = (string?)state.Scenario["caller"]?["objectId"] ?? "00000000-0000-0000-0000-000000000000";
        throw new ArmException(HttpStatusCode.Forbidden, "AuthorizationFailed",
            Builds.SourceAccess.AuthorizationFailed(caller, ReadAction, "/providers/Microsoft.ResourceGraph"));
    }

    /// <summary>subscriptions, else managementGroups, else every subscription of the tenant.</summary>
    private static HashSet<string> Scope(EmulatorState state, JsonObject body)
    {
        var subscriptions = ScenarioSeeder.Strings(body["subscriptions"]).ToList();
        var groups = ScenarioSeeder.Strings(body["managementGroups"]).ToList();
        if (subscriptions.Count > MaxSubscriptionsPerRequest)
            throw ArmException.BadRequest("BadRequest", $"A query names at most {MaxSubscriptionsPerRequest} subscriptions; {subscriptions.Count} were given.");
        if (subscriptions.Count > 0) return subscriptions.Where(state.Subscriptions.Contains).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (groups.Count > 0)
        {
            var unknown = groups.FirstOrDefault(g => !state.Subscriptions.GroupExists(g, state.TenantId));
            if (unknown is not null)
                throw new ArmException(HttpStatusCode.Forbidden, "AuthorizationFailed",
                    Builds.SourceAccess.AuthorizationFailed((string?)state.Scenario["caller"]?["objectId"], ReadAction,
                        "/providers/Microsoft.Management/managementGroups/" + unknown));
            return groups.SelectMany(g => state.Subscriptions.Under(g, state.TenantId)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        return state.Subscriptions.All().Select(s => s.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static readonly string[] ResultFormats = ["table", "objectArray"];
    private static readonly string[] AuthorizationScopeFilters = ["AtScopeAndBelow", "AtScopeAndAbove", "AtScopeExact", "AtScopeAboveAndBelow"];

    /// <summary>An enum option of QueryRequestOptions (resourcegraph.json): absent, or one of its values.</summary>
    private static string? OneOf(JsonObject options, string name, string[] values)
    {
        var value = options[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (string?)v : null;
        if (options[name] is null || values.Contains(value, StringComparer.OrdinalIgnoreCase)) return value;
        throw ArmException.BadRequest("BadRequest", $"The '{name}' option must be one of: {string.Join(", ", values)}.");
    }

    private static string Fingerprint(string query, IEnumerable<string> subscriptions) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(query + "|" + string.Join(',', subscriptions.Order(StringComparer.OrdinalIgnoreCase)))))[..16];

    private static string Token(int offset, string fingerprint) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"offset\":{offset},\"query\":\"{fingerprint}\"}}"));

    /// <summary>The offset a $skipToken carries; a token of another query or scope is refused.</summary>
    private static int? SkipFromToken(string? token, string fingerprint)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)))!;
            if ((string?)json["query"] == fingerprint) return (int)json["offset"]!;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
        }
        throw ArmException.BadRequest("BadRequest", "The $skipToken is not valid for this query and scope.");
    }

    private static JsonObject AsObject(IReadOnlyList<string> columns, Row row) =>
        new(columns.Select(c => KeyValuePair.Create(c, row.GetValueOrDefault(c)?.DeepClone())));

    private static JsonObject AsTable(IReadOnlyList<string> columns, List<JsonObject> rows) => new()
    {
        ["columns"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["type"] = TypeOf(rows.Select(r => r[c])) }).ToArray()),
        ["rows"] = new JsonArray(rows.Select(r => (JsonNode)new JsonArray(columns.Select(c => r[c]?.DeepClone()).ToArray())).ToArray()),
    };

    private static readonly QueryResults Results = new();

    private static string TypeOf(IEnumerable<JsonNode?> values) => values.FirstOrDefault(v => v is not null) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "string",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => "integer",
        JsonValue => "boolean",
        _ => "object",
    };

    /// <summary>ARG's error envelope: a support line (timestamp, correlation id) and the cause in details.</summary>
    private static JsonObject Error(HttpContext ctx, string code, string detailCode, string detailMessage, string? parserMessage = null)
    {
        var details = new JsonArray(new JsonObject { ["code"] = detailCode, ["message"] = detailMessage });
        if (parserMessage is not null) details.Add(new JsonObject { ["code"] = "ParserFailure", ["message"] = parserMessage });
        return new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = $"Please provide below info when asking for support: timestamp = {DateTime.UtcNow:o}, correlationId = "
                    + ctx.Response.Headers["x-ms-correlation-request-id"] + ".",
                ["details"] = details,
            },
        };
    }
}
