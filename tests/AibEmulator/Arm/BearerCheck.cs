using System.Globalization;
using System.Net;
using AibEmulator.Entra;
using AibEmulator.State;

namespace AibEmulator.Arm;

/// <summary>
/// ARM's checks of the bearer token, in ARM's order: present, a JWT, signed by the authority, for ARM's audience,
/// not before its nbf, not after its exp. Each refusal is a 401 with ARM's code and text and a WWW-Authenticate
/// header. Opaque strings and JWTs the emulator did not sign (exp, nbf and aud still checked) are accepted unless
/// the scenario says <c>"auth": {"opaqueTokens": "refuse"}</c> (README, known differences).
/// </summary>
public static class BearerCheck
{
    /// <summary>The audiences ARM takes, as its InvalidAuthenticationTokenAudience message lists them.</summary>
    private static readonly string[] ArmAudiences =
    [
        "https://management.core.windows.net/", "https://management.core.windows.net",
        "https://management.azure.com/", "https://management.azure.com",
    ];

    public static void Check(HttpContext ctx, EmulatorState state)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
            throw Refuse(ctx, state, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.",
                "The authentication failed because of missing 'Authorization' header.");
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        if (token.Length == 0) throw Invalid(ctx, state);

        var jwt = Jwt.TryParse(token);
        if (jwt is null)
        {
            if (state.Auth.RefuseOpaqueTokens) throw Invalid(ctx, state);
            return;
        }
        if (!state.Signing.Signed(jwt) && state.Auth.RefuseOpaqueTokens)
            throw Refuse(ctx, state, "InvalidAuthenticationToken", "The access token has invalid signature.");

        var audience = jwt.Claim("aud") ?? "";
        var own = ArmEndpoint(ctx);
        if (!ArmAudiences.Contains(audience) && audience != own && audience != own.TrimEnd('/'))
            throw Refuse(ctx, state, "InvalidAuthenticationTokenAudience",
                $"The access token has been obtained for wrong audience or resource '{audience}'. It should exactly match with one of the allowed "
                + $"audiences {string.Join(",", ArmAudiences.Append(own).Append(own.TrimEnd('/')).Select(a => "'" + a + "'"))}.");

        var now = DateTimeOffset.UtcNow;
        if (jwt.Time("nbf") is DateTimeOffset notBefore && notBefore > now)
            throw Refuse(ctx, state, "InvalidAuthenticationToken",
                $"The access token is not yet valid: its not-before UTC time '{ArmTime(notBefore)}' "
                + $"is later than current UTC time '{ArmTime(now)}'.");
        if (jwt.Time("exp") is DateTimeOffset expires && expires <= now)
            throw Refuse(ctx, state, "ExpiredAuthenticationToken",
                $"The access token expiry UTC time '{ArmTime(expires)}' is earlier than current UTC time '{ArmTime(now)}'.");
    }

    private static ArmException Invalid(HttpContext ctx, EmulatorState state) =>
        Refuse(ctx, state, "InvalidAuthenticationToken", "The access token is invalid.");

    private static ArmException Refuse(HttpContext ctx, EmulatorState state, string code, string message, string? description = null)
    {
        ctx.Response.Headers.WWWAuthenticate =
            $"Bearer authorization_uri=\"https://login.microsoftonline.com/{state.TenantId}\", error=\"invalid_token\", "
            + $"error_description=\"{description ?? message}\"";
        return new ArmException(HttpStatusCode.Unauthorized, code, message);
    }

    private static string ArmEndpoint(HttpContext ctx) => $"https://{ctx.Request.Host.Value}/";

    /// <summary>ARM writes times as .NET's invariant general format: '5/14/2023 3:04:05 PM'.</summary>
    private static string ArmTime(DateTimeOffset t) => t.UtcDateTime.ToString("M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture);
}
