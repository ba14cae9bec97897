using System.Text.Json.Nodes;
using AibEmulator.State;

namespace AibEmulator.Entra;

/// <summary>Access tokens as Entra ID issues them for ARM (v1 shape: aud = the resource, iss = sts.windows.net/{tenant}/),
/// signed with the emulator's key, living the scenario's token lifetime (scaled).</summary>
public static class TokenIssuer
{
    public static (string Token, long ExpiresIn, DateTimeOffset ExpiresOn) AccessToken(EmulatorState state, string resource, string appId,
        string objectId)
    {
        var now = DateTimeOffset.UtcNow;
        var lifetime = Math.Max(1, (long)Math.Ceiling(state.Scaled(state.Auth.TokenLifetimeSeconds).TotalSeconds));
        var expires = now.AddSeconds(lifetime);
        var token = state.Signing.Sign(new JsonObject
        {
            ["aud"] = resource,
            ["iss"] = $"https://sts.windows.net/{state.TenantId}/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["appid"] = appId,
            ["idtyp"] = "app",
            ["oid"] = objectId,
            ["sub"] = objectId,
            ["tid"] = state.TenantId,
            ["uti"] = Guid.NewGuid().ToString("N")[..22],
            ["ver"] = "1.0",
        });
        return (token, lifetime, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>A v2 scope names the resource before "/.default": "https://host//.default" (what Azure.Core sends for an audience
    /// ending in '/') → "https://host/", "https://host/.default" → "https://host"; that is the token's aud.</summary>
    public static string ResourceOfScope(string scope)
    {
        var first = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => s.EndsWith("/.default")) ?? scope.Trim();
        return first.EndsWith("/.default") ? first[..^"/.default".Length] : first;
    }
}
