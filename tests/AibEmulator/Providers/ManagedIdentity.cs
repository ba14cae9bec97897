using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.Entra;
using AibEmulator.State;

namespace AibEmulator.Providers;

/// <summary>Microsoft.ManagedIdentity userAssignedIdentities (GET, list) and a managed-identity token
/// endpoints: App Service 2019-08-01 style (IDENTITY_ENDPOINT + IDENTITY_HEADER, as Azure Automation uses) and IMDS style;
/// both issue signed tokens with the scenario's lifetime.</summary>
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

        // App Service 2019-08-01 protocol (IDENTITY_ENDPOINT + IDENTITY_HEADER), as Azure Automation uses it.
        app.MapGet("/msi/token", (HttpContext ctx) =>
        {
            if (ctx.Request.Headers["X-IDENTITY-HEADER"].ToString() != identityHeader)
                return Refuse(ctx, "Missing or wrong X-IDENTITY-HEADER.");
            if (ctx.Request.Query["api-version"] != "2019-08-01")
                return Refuse(ctx, "api-version must be 2019-08-01.");
            return Issue(ctx, state, ctx.Request.Query["client_id"].ToString(), imds: false);
        });
        // IMDS (169.254.169.254 on a VM; Azure.Identity reaches this one through AZURE_POD_IDENTITY_AUTHORITY_HOST).
        app.MapGet("/metadata/identity/oauth2/token", (HttpContext ctx) =>
        {
            if (ctx.Request.Headers["Metadata"].ToString() != "true")
                return Refuse(ctx, "Required metadata header not specified");
            if (ctx.Request.Query["api-version"] != "2018-02-01")
                return Refuse(ctx, "Invalid api-version: use 2018-02-01.");
            return Issue(ctx, state, ctx.Request.Query["client_id"].ToString(), imds: true);
        });
        // IMDSv2's platform metadata (certificate-bound tokens): the emulated VM does not offer it, and answers as IMDS
        // does to a request it does not serve, so MSAL falls back to IMDSv1 at once (a 404 would be retried for 30 s).
        app.MapGet("/metadata/identity/getplatformmetadata",
            (HttpContext ctx) => Refuse(ctx, "Unsupported request: IMDSv2 is not available on this VM."));
        // IMDS's instance metadata, which Azure.Identity reads while choosing the managed-identity source on a VM.
        app.MapGet("/metadata/instance/compute", (HttpContext ctx) =>
        {
            if (ctx.Request.Headers["Metadata"].ToString() != "true")
                return Refuse(ctx, "Required metadata header not specified");
            return ArmReply.Json(ctx, 200, new JsonObject
            {
                ["azEnvironment"] = "AzurePublicCloud",
                ["location"] = state.Location,
                ["name"] = "vm-emulator",
                ["resourceGroupName"] = state.ResourceGroupName,
                ["subscriptionId"] = state.SubscriptionId,
                ["vmId"] = "6d1e2f3a-4b5c-4d6e-8f90-0a1b2c3d4e5f",
                ["resourceId"] = ArmShapes.Id(state.SubscriptionId, state.ResourceGroupName, "Microsoft.Compute/virtualMachines", "vm-emulator"),
            });
        });
    }

    private const string SystemAssignedClientId = "00000000-0000-0000-0000-000000000001";

    private static Task Refuse(HttpContext ctx, string description) =>
        ArmReply.Json(ctx, 400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = description });

    /// <summary>A signed token for the resource asked, with the scenario's lifetime;
    /// IMDS also writes expires_in and not_before (as strings).</summary>
    private static Task Issue(HttpContext ctx, EmulatorState state, string clientId, bool imds)
    {
        var resource = ctx.Request.Query["resource"].ToString();
        if (string.IsNullOrEmpty(resource)) return Refuse(ctx, "Required query variable 'resource' is missing.");
        var client = string.IsNullOrEmpty(clientId) ? SystemAssignedClientId : clientId;
        var (token, expiresIn, expiresOn) = TokenIssuer.AccessToken(state, resource, client, client);
        var body = new JsonObject
        {
            ["access_token"] = token,
            ["expires_on"] = expiresOn.ToUnixTimeSeconds().ToString(),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
            ["client_id"] = client,
        };
        if (imds)
        {
            body["expires_in"] = expiresIn.ToString();
            body["ext_expires_in"] = expiresIn.ToString();
            body["not_before"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        }
        return ArmReply.Json(ctx, 200, body);
    }
}
