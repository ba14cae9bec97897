using System;
using System.Text;
using System.Text.Json;

namespace IsolatedImageBuilds.Core.Auth
{
    /// <summary>
    /// Reads the few claims we show (who, which tenant, until when) from a JWT access token, without
    /// validating it: ARM validates; we only describe the connection. Never logs or returns the token.
    /// </summary>
    internal sealed class JwtClaims
    {
        public string? Account { get; private set; }
        public string? TenantId { get; private set; }
        public DateTimeOffset? ExpiresOn { get; private set; }

        public static JwtClaims? TryRead(string token)
        {
            string[] parts = token.Split('.');
            if (parts.Length != 3)
            {
                return null;
            }
            try
            {
                using JsonDocument doc = JsonDocument.Parse(DecodeBase64Url(parts[1]));
                JsonElement root = doc.RootElement;
                var claims = new JwtClaims
                {
                    Account = First(root, "upn", "unique_name", "preferred_username", "email", "appid", "azp", "oid"),
                    TenantId = First(root, "tid"),
                };
                if (root.TryGetProperty("exp", out JsonElement exp) && exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out long seconds))
                {
                    claims.ExpiresOn = DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
                return claims;
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is ArgumentException)
            {
                return null;
            }
        }

        private static string? First(JsonElement root, params string[] names)
        {
            foreach (string name in names)
            {
                if (root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0)
                {
                    return value.GetString();
                }
            }
            return null;
        }

        private static byte[] DecodeBase64Url(string segment)
        {
            string s = segment.Replace('-', '+').Replace('_', '/');
            s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
            return Convert.FromBase64String(s);
        }
    }
}
