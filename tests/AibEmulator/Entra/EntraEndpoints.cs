using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.Entra;

/// <summary>
/// Microsoft Entra ID on the emulator's HTTPS host, as MSAL (Azure.Identity) uses it: instance discovery, OpenID
/// discovery, the signing keys, and <c>/{tenant}/oauth2/v2.0/token</c> for the client-credentials grant with a client
/// secret, a certificate-signed client assertion or a federated assertion (workload identity, Azure DevOps). Errors in
/// Entra's JSON shape with its AADSTS codes.
/// </summary>
public static class EntraEndpoints
{
    public const string FederatedAudience = "api://AzureADTokenExchange";
    private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>The paths this file serves: they carry no ARM bearer token.</summary>
    public static bool Serves(string path) =>
        path.StartsWith("/common/discovery/", StringComparison.OrdinalIgnoreCase)
        || path.Contains("/oauth2/", StringComparison.OrdinalIgnoreCase)
        || path.Contains("/.well-known/openid-configuration", StringComparison.OrdinalIgnoreCase)
        || path.Contains("/discovery/v2.0/keys", StringComparison.OrdinalIgnoreCase)
        || path.Contains("/discovery/keys", StringComparison.OrdinalIgnoreCase);

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/common/discovery/instance", (HttpContext ctx) =>
        {
            var host = ctx.Request.Host.Value!;
            var tenant = TenantOfAuthorizeEndpoint(ctx.Request.Query["authorization_endpoint"].ToString()) ?? "common";
            return ArmReply.Json(ctx, 200, new JsonObject
            {
                ["tenant_discovery_endpoint"] = $"{Authority(ctx)}{tenant}/v2.0/.well-known/openid-configuration",
                ["api-version"] = "1.1",
                ["metadata"] = new JsonArray(new JsonObject
                {
                    ["preferred_network"] = host,
                    ["preferred_cache"] = host,
                    ["aliases"] = new JsonArray(host),
                }),
            });
        });
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (HttpContext ctx, string tenant) =>
        {
            RequireTenant(state, tenant);
            var root = Authority(ctx) + tenant;
            return ArmReply.Json(ctx, 200, new JsonObject
            {
                ["token_endpoint"] = root + "/oauth2/v2.0/token",
                ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "private_key_jwt", "client_secret_basic"),
                ["jwks_uri"] = root + "/discovery/v2.0/keys",
                ["response_modes_supported"] = new JsonArray("query", "fragment", "form_post"),
                ["subject_types_supported"] = new JsonArray("pairwise"),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token", "id_token token"),
                ["scopes_supported"] = new JsonArray("openid", "profile", "email", "offline_access"),
                ["issuer"] = $"{Authority(ctx)}{state.TenantId}/v2.0",
                ["request_uri_parameter_supported"] = false,
                ["authorization_endpoint"] = root + "/oauth2/v2.0/authorize",
                ["device_authorization_endpoint"] = root + "/oauth2/v2.0/devicecode",
                ["tenant_region_scope"] = "NA",
                ["cloud_instance_name"] = ctx.Request.Host.Host,
            });
        });
        app.MapGet("/{tenant}/discovery/v2.0/keys", (HttpContext ctx, string tenant) => ArmReply.Json(ctx, 200, state.Signing.Jwks()));
        app.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext ctx, string tenant) => Token(ctx, state, tenant));
    }

    private static async Task Token(HttpContext ctx, EmulatorState state, string tenant)
    {
        if (!ctx.Request.HasFormContentType)
        {
            await Error(ctx, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
            return;
        }
        var form = await ctx.Request.ReadFormAsync();
        if (!IsTenant(state, tenant))
        {
            await Error(ctx, 400, "invalid_request", 90002,
                $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
            return;
        }
        if (form["grant_type"] != "client_credentials")
        {
            await Error(ctx, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type ''" + form["grant_type"] + "''.");
            return;
        }
        var clientId = form["client_id"].ToString();
        var app = state.Auth.Application(clientId);
        if (app is null)
        {
            await Error(ctx, 400, "unauthorized_client", 700016,
                $"Application with identifier '{clientId}' was not found in the directory '{state.TenantId}'. This can happen if the application "
                + "has not been installed by the administrator of the tenant or consented to by any user in the tenant. "
                + "You may have sent your authentication request to the wrong tenant.");
            return;
        }
        var refusal = form.ContainsKey("client_secret") ? CheckSecret(app, form["client_secret"].ToString())
            : form["client_assertion_type"] == AssertionType
                ? CheckAssertion(state, app, form["client_assertion"].ToString(), TokenEndpoint(ctx, tenant))
            : (401, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        if (refusal is var (status, error, code, description))
        {
            await Error(ctx, status, error, code, description);
            return;
        }
        var (token, expiresIn, _) = TokenIssuer.AccessToken(state, TokenIssuer.ResourceOfScope(form["scope"].ToString()), app.ClientId, app.ObjectId);
        await ArmReply.Json(ctx, 200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = expiresIn,
            ["ext_expires_in"] = expiresIn,
            ["access_token"] = token,
        });
    }

    private static (int, string, int, string)? CheckSecret(AppRegistration app, string secret) =>
        app.Secrets.Contains(secret, StringComparer.Ordinal) ? null
            : (401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret "
                + $"value, not the client secret ID, for a secret added to app '{app.ClientId}'.");

    /// <summary>A certificate credential (header names the certificate's thumbprint) or a federated one (issuer + subject).</summary>
    private static (int, string, int, string)? CheckAssertion(EmulatorState state, AppRegistration app, string assertion, string tokenEndpoint)
    {
        var jwt = Jwt.TryParse(assertion);
        if (jwt is null) return (401, "invalid_client", 50027, "JWT token is invalid or malformed.");
        var certificate = app.Certificates.FirstOrDefault(jwt.NamesCertificate);
        if (certificate is not null)
        {
            using var key = certificate.GetRSAPublicKey()!;
            if (!jwt.VerifiedBy(key))
                return (401, "invalid_client", 700027, "Client assertion failed signature validation.");
            if (!jwt.Audiences.Any(a => string.Equals(a.TrimEnd('/'), tokenEndpoint, StringComparison.OrdinalIgnoreCase)))
                return (401, "invalid_client", 700212, $"The audience claim of the client assertion must be '{tokenEndpoint}'.");
            return TimeRange(jwt);
        }
        if (jwt.Header["x5t"] is not null || jwt.Header["x5t#S256"] is not null)
        {
            return (401, "invalid_client", 700027, "Client assertion failed signature validation. [Reason - The key was not found., "
                + $"Thumbprint of key used by client: '{(string?)jwt.Header["x5t"] ?? (string?)jwt.Header["x5t#S256"]}']");
        }
        var issuer = jwt.Claim("iss") ?? "";
        var subject = jwt.Claim("sub") ?? "";
        var audience = string.Join(",", jwt.Audiences);
        var federated = app.FederatedCredentials.FirstOrDefault(f => f.Issuer == issuer && f.Subject == subject);
        if (federated is null || !jwt.Audiences.Any(federated.Audiences.Contains))
        {
            return (400, "invalid_request", 70021, "No matching federated identity record found for presented assertion. "
                + $"Assertion Issuer: '{issuer}'. Assertion Subject: '{subject}'. Assertion Audience: '{audience}'.");
        }
        // The issuers the emulator plays (Azure DevOps, a cluster's service-account signer) sign with its key: check it.
        if (!state.Signing.Signed(jwt))
            return (401, "invalid_client", 700027, "Client assertion failed signature validation.");
        return TimeRange(jwt);
    }

    private static (int, string, int, string)? TimeRange(Jwt jwt)
    {
        var now = DateTimeOffset.UtcNow;
        var from = jwt.Time("nbf") ?? DateTimeOffset.UnixEpoch;
        var until = jwt.Time("exp");
        if (until is not null && now < until && now >= from) return null;
        return (401, "invalid_client", 700024, $"Client assertion is not within its valid time range. Current time: {Utc(now)}, "
            + $"assertion valid from {Utc(from)}, expiry time of assertion {(until is null ? "(none)" : Utc(until.Value))}. "
            + "Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff") + "Z";

    /// <summary>Entra's error body: error, error_description ("AADSTS{code}: text" + trace ids), error_codes, timestamp, ids, error_uri.</summary>
    public static Task Error(HttpContext ctx, int status, string error, int code, string description)
    {
        var trace = Guid.NewGuid().ToString();
        var correlation = Guid.NewGuid().ToString();
        var timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss") + "Z";
        return ArmReply.Json(ctx, status, new JsonObject
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {description} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {timestamp}",
            ["error_codes"] = new JsonArray(code),
            ["timestamp"] = timestamp,
            ["trace_id"] = trace,
            ["correlation_id"] = correlation,
            ["error_uri"] = $"{Authority(ctx)}error?code={code}",
        });
    }

    private static string Authority(HttpContext ctx) => $"https://{ctx.Request.Host.Value}/";

    private static string TokenEndpoint(HttpContext ctx, string tenant) => $"{Authority(ctx)}{tenant}/oauth2/v2.0/token";

    private static bool IsTenant(EmulatorState state, string tenant) =>
        string.Equals(tenant, state.TenantId, StringComparison.OrdinalIgnoreCase);

    private static void RequireTenant(EmulatorState state, string tenant)
    {
        if (!IsTenant(state, tenant) && tenant is not ("common" or "organizations"))
            throw ArmException.BadRequest("invalid_tenant", $"AADSTS90002: Tenant '{tenant}' not found.");
    }

    private static string? TenantOfAuthorizeEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.AbsolutePath.Trim('/').Split('/').FirstOrDefault() : null;
}
