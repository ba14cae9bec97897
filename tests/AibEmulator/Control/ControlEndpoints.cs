using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.Hosting;
using AibEmulator.State;

namespace AibEmulator.Control;

/// <summary>The control endpoint (no token needed), under /_emulator/ on the same HTTPS server:
/// scenarios, time scale, page size, fault injection, the request journal and the route table. See scenarios/README.md.</summary>
public static class ControlEndpoints
{
    public static void Map(WebApplication app, EmulatorState state, EndpointFile endpoint)
    {
        var c = app.MapGroup(ArmPipeline.ControlPrefix);
        c.MapGet("/health", (HttpContext ctx) => ArmReply.Json(ctx, 200, new JsonObject { ["status"] = "ok", ["scenario"] = state.ScenarioName }));
        c.MapGet("/endpoint", (HttpContext ctx) => ArmReply.Json(ctx, 200, endpoint.Build()));
        c.MapGet("/scenarios", (HttpContext ctx) =>
            ArmReply.Json(ctx, 200, new JsonObject { ["value"] = new JsonArray(ScenarioLoader.Names().Select(n => (JsonNode)n).ToArray()) }));
        c.MapGet("/scenario", (HttpContext ctx) => ArmReply.Json(ctx, 200, state.Scenario.DeepClone()));
        // Body: {"name": "<scenario>"} | {"path": "<file>"} | {"scenario": {...inline, may "extends"}}.
        c.MapPost("/scenario", async (HttpContext ctx) =>
        {
            var body = await RequestBody.ReadObject(ctx);
            JsonObject scenario;
            try
            {
                scenario = body["scenario"] is JsonObject inline ? ScenarioLoader.FromObject(inline)
                    : ScenarioLoader.Load((string?)body["name"] ?? (string?)body["path"] ?? throw ArmException.BadRequest("InvalidScenario", "Give 'name', 'path' or 'scenario'."));
                state.Load(scenario);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or System.Text.Json.JsonException)
            {
                throw ArmException.BadRequest("InvalidScenario", e.Message);
            }
            endpoint.Write();
            await ArmReply.Json(ctx, 200, endpoint.Build());
        });
        c.MapGet("/timescale", (HttpContext ctx) => ArmReply.Json(ctx, 200, new JsonObject { ["timeScale"] = state.TimeScale }));
        c.MapPost("/timescale", async (HttpContext ctx) =>
        {
            var body = await RequestBody.ReadObject(ctx);
            var value = (double?)body["timeScale"] ?? throw ArmException.BadRequest("InvalidTimeScale", "Give {\"timeScale\": <real seconds per nominal second, e.g. 0.01>}.");
            if (value < 0) throw ArmException.BadRequest("InvalidTimeScale", "timeScale must be >= 0.");
            state.TimeScale = value;
            await ArmReply.Json(ctx, 200, new JsonObject { ["timeScale"] = state.TimeScale });
        });
        c.MapPost("/pagesize", async (HttpContext ctx) =>
        {
            var body = await RequestBody.ReadObject(ctx);
            state.PageSize = Math.Max(1, (int?)body["pageSize"] ?? 100);
            await ArmReply.Json(ctx, 200, new JsonObject { ["pageSize"] = state.PageSize });
        });
        c.MapGet("/faults", (HttpContext ctx) => ArmReply.Json(ctx, 200, new JsonObject { ["value"] = state.Faults.List() }));
        c.MapPost("/faults", async (HttpContext ctx) =>
        {
            var body = await RequestBody.ReadObject(ctx);
            await ArmReply.Json(ctx, 201, state.Faults.Add(body, state.Scaled).ToJson());
        });
        c.MapDelete("/faults", (HttpContext ctx) => { state.Faults.Clear(); return ArmReply.Empty(ctx, 204); });
        c.MapDelete("/faults/{id}", (HttpContext ctx, string id) => ArmReply.Empty(ctx, state.Faults.Remove(id) ? 204 : 404));
        // A new source image version: {"platformImage": "publisher:offer:sku", "version": "..."} or
        // {"galleryImageId": "<image definition id>", "version": "..."}; templates with a Healthy trigger on it start building.
        c.MapPost("/sourceImages/publish", async (HttpContext ctx) => await ArmReply.Json(ctx, 200, SourcePublisher.Publish(state, await RequestBody.ReadObject(ctx))));
        // Changes how the next builds end without reloading the scenario: {"outcome": "succeed" | "customizerFails" | ...}.
        c.MapPost("/build", async (HttpContext ctx) =>
        {
            var body = await RequestBody.ReadObject(ctx);
            var build = (JsonObject)(state.Scenario["build"]?.DeepClone() ?? new JsonObject());
            foreach (var (key, value) in body) build[key] = value?.DeepClone();
            state.Scenario["build"] = build;
            await ArmReply.Json(ctx, 200, build.DeepClone());
        });
        // The generated estate's manifest: counts and every planted problem (404 when the scenario has no "estate").
        c.MapGet("/estate", (HttpContext ctx) => state.Estate is { } estate
            ? ArmReply.Json(ctx, 200, estate.ToJson())
            : ArmReply.Error(ctx, 404, "NoEstate", "The loaded scenario has no \"estate\" option."));
        c.MapGet("/routes", (HttpContext ctx) => ArmReply.Json(ctx, 200, new JsonObject { ["value"] = RouteTable.Describe(ctx) }));
        c.MapGet("/journal", (HttpContext ctx) => ArmReply.Json(ctx, 200, new JsonObject { ["value"] = state.Journal.Snapshot() }));
        // A workload's signer (a cluster's service-account tokens): what a test writes to AZURE_FEDERATED_TOKEN_FILE.
        // Body: {"issuer", "subject", "audience"?: api://AzureADTokenExchange, "lifetimeSeconds"?: nominal, default the ID-token lifetime}.
        c.MapPost("/federated-token", async (HttpContext ctx) =>
        {
            var body = await RequestBody.ReadObject(ctx);
            var issuer = (string?)body["issuer"] ?? throw ArmException.BadRequest("InvalidFederatedToken", "Give 'issuer' and 'subject'.");
            var subject = (string?)body["subject"] ?? throw ArmException.BadRequest("InvalidFederatedToken", "Give 'issuer' and 'subject'.");
            var token = Entra.FederatedIssuers.Issue(state, issuer, subject, (string?)body["audience"] ?? Entra.EntraEndpoints.FederatedAudience,
                (double?)body["lifetimeSeconds"] ?? state.Auth.IdTokenLifetimeSeconds);
            await ArmReply.Json(ctx, 200, new JsonObject { ["token"] = token });
        });
        c.MapDelete("/journal", (HttpContext ctx) => { state.Journal.Clear(); return ArmReply.Empty(ctx, 204); });
    }
}
