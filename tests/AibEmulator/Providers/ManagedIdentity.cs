using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.Providers;

/// <summary>Microsoft.ManagedIdentity userAssignedIdentities (GET, list) and a managed-identity token
/// endpoint in the App Service 2019-08-01 style (IDENTITY_ENDPOINT + IDENTITY_HEADER), as Azure Automation uses.</summary>
public static class ManagedIdentity
{
    private const string Type = "Microsoft.ManagedIdentity/userAssignedIdentities";

    public static void Map(WebApplication app, EmulatorState state, string identityHeader)
    {
        app.MapGet("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities", (HttpContext ctx, string sub, string rg) =>
        {
            state.RequireResourceGroup(sub, rg);
            return Paging.Write(ctx, state, state.Store.OfType(Type, state.ResourceGroupId(rg) + "/"));
        }).WithName("UserAssignedIdentities_ListByResourceGroup");
        app.MapGet("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}", (HttpContext ctx, string sub, string rg, string name) =>
            ArmReply.Json(ctx, 200, state.RequireResource(sub, rg, ArmShapes.Id(sub, rg, Type, name), Type, name))).WithName("UserAssignedIdentities_Get");

        app.MapGet("/msi/token", (HttpContext ctx) =>
        {
            if (ctx.Request.Headers["X-IDENTITY-HEADER"].ToString() != identityHeader)
                return ArmReply.Json(ctx, 400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "Missing or wrong X-IDENTITY-HEADER." });
            if (ctx.Request.Query["api-version"] != "2019-08-01")
                return ArmReply.Json(ctx, 400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "api-version must be 2019-08-01." });
            var resource = ctx.Request.Query["resource"].ToString();
            if (string.IsNullOrEmpty(resource))
                return ArmReply.Json(ctx, 400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "Required query variable 'resource' is missing." });
            var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
            var clientId = ctx.Request.Query["client_id"].ToString();
            return ArmReply.Json(ctx, 200, new JsonObject
            {
                ["access_token"] = FakeJwt(state, resource, clientId, expires),
                ["expires_on"] = expires.ToString(),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
                ["client_id"] = string.IsNullOrEmpty(clientId) ? "00000000-0000-0000-0000-000000000001" : clientId,
            });
        });
    }

    /// <summary>An unsigned JWT-shaped token (the emulator accepts any bearer; clients may parse claims).</summary>
    private static string FakeJwt(EmulatorState state, string resource, string clientId, long expires)
    {
        static string B64(string s) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var payload = new JsonObject { ["aud"] = resource, ["tid"] = state.TenantId, ["appid"] = clientId, ["exp"] = expires, ["iss"] = "https://sts.windows.net/" + state.TenantId + "/" };
        return B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + B64(payload.ToJsonString()) + ".";
    }
}
