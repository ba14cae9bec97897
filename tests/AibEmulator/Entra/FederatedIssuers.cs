using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.Entra;

/// <summary>
/// The outside issuers whose tokens Entra ID exchanges (federated credentials), signed with the emulator's key:
/// Azure DevOps's OIDC endpoint (what SYSTEM_OIDCREQUESTURI names; authorised by SYSTEM_ACCESSTOKEN; a short-lived
/// ID token for one service connection), and, through the control endpoint, a workload's signer (a Kubernetes
/// cluster's service-account token, as AZURE_FEDERATED_TOKEN_FILE holds it).
/// </summary>
public static class FederatedIssuers
{
    /// <summary>The job-scoped path Azure DevOps gives in SYSTEM_OIDCREQUESTURI.</summary>
    public const string OidcRequestRoute = "/{organization}/{project}/_apis/distributedtask/hubs/build/plans/{plan}/jobs/{job}/oidctoken";

    public static bool Serves(string path) => path.Contains("/_apis/distributedtask/", StringComparison.OrdinalIgnoreCase);

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapPost(OidcRequestRoute, (HttpContext ctx) =>
        {
            var devOps = state.Auth.DevOps;
            var bearer = ctx.Request.Headers.Authorization.ToString();
            if (devOps is null || bearer != "Bearer " + devOps.SystemAccessToken)
            {
                // Azure DevOps answers an unauthenticated call with 401 and no JSON body.
                ctx.Response.Headers.WWWAuthenticate = "Bearer";
                return ArmReply.Empty(ctx, 401);
            }
            var id = ctx.Request.Query["serviceConnectionId"].ToString();
            var connection = devOps.ServiceConnections.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));
            if (connection is null)
            {
                return ArmReply.Json(ctx, 404, new JsonObject
                {
                    ["$id"] = "1",
                    ["innerException"] = null,
                    ["message"] = $"Service connection '{id}' was not found or the job is not authorized to use it.",
                    ["typeName"] = "Microsoft.TeamFoundation.DistributedTask.WebApi.ServiceEndpointNotFoundException, "
                        + "Microsoft.TeamFoundation.DistributedTask.WebApi",
                    ["typeKey"] = "ServiceEndpointNotFoundException",
                    ["errorCode"] = 0,
                    ["eventId"] = 3000,
                });
            }
            var token = Issue(state, devOps.Issuer, connection.Subject, EntraEndpoints.FederatedAudience, state.Auth.IdTokenLifetimeSeconds);
            return ArmReply.Json(ctx, 200, new JsonObject { ["oidcToken"] = token });
        });
    }

    /// <summary>An ID token from <paramref name="issuer"/> for <paramref name="subject"/>,
    /// living <paramref name="nominalSeconds"/> (scaled).</summary>
    public static string Issue(EmulatorState state, string issuer, string subject, string audience, double nominalSeconds)
    {
        var now = DateTimeOffset.UtcNow;
        var lifetime = Math.Max(1, (long)Math.Ceiling(state.Scaled(nominalSeconds).TotalSeconds));
        return state.Signing.Sign(new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = subject,
            ["aud"] = audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.ToUnixTimeSeconds() + lifetime,
            ["jti"] = Guid.NewGuid().ToString(),
        });
    }
}
