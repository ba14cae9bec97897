using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace AibEmulator.Entra;

/// <summary>A compact JWT read without trust: header, payload and what was signed. <see cref="TryParse"/> returns
/// null for anything that is not three base64url parts with JSON objects (an opaque token).</summary>
public sealed record Jwt(JsonObject Header, JsonObject Payload, string SignedPart, byte[] Signature)
{
    public string? Algorithm => (string?)Header["alg"];
    public string? KeyId => (string?)Header["kid"];
    public string? Claim(string name) => Payload[name] is JsonValue v && v.TryGetValue(out string? s) ? s : Payload[name]?.ToJsonString();
    /// <summary>A NumericDate claim; some clients (MSAL's client assertions) write it as a string of digits.</summary>
    public DateTimeOffset? Time(string name)
    {
        if (Payload[name] is not JsonValue v) return null;
        if (v.TryGetValue(out long seconds) || (v.TryGetValue(out string? text) && long.TryParse(text, out seconds)))
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        return v.TryGetValue(out double fractional) ? DateTimeOffset.FromUnixTimeMilliseconds((long)(fractional * 1000)) : null;
    }

    /// <summary>"aud" as a list (a JWT may carry one audience or several).</summary>
    public IReadOnlyList<string> Audiences => Payload["aud"] switch
    {
        JsonArray many => many.Select(a => (string?)a ?? "").ToArray(),
        JsonValue one when one.TryGetValue(out string? s) => [s],
        _ => [],
    };

    public static Jwt? TryParse(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            if (JsonNode.Parse(Base64Url.Decode(parts[0])) is not JsonObject header) return null;
            if (JsonNode.Parse(Base64Url.Decode(parts[1])) is not JsonObject payload) return null;
            return new Jwt(header, payload, parts[0] + "." + parts[1], parts[2].Length == 0 ? [] : Base64Url.Decode(parts[2]));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>RS256 or PS256 (what MSAL signs client assertions with) against a public key.</summary>
    public bool VerifiedBy(RSA key)
    {
        var padding = Algorithm switch { "RS256" => RSASignaturePadding.Pkcs1, "PS256" => RSASignaturePadding.Pss, _ => null };
        return padding is not null && Signature.Length > 0
            && key.VerifyData(Encoding.ASCII.GetBytes(SignedPart), Signature, HashAlgorithmName.SHA256, padding);
    }

    /// <summary>The certificate thumbprint a client assertion names: x5t (SHA-1) or x5t#S256, base64url.</summary>
    public bool NamesCertificate(X509Certificate2 certificate)
    {
        var x5t = (string?)Header["x5t"];
        var x5tS256 = (string?)Header["x5t#S256"];
        return (x5t is not null && x5t == Base64Url.Encode(certificate.GetCertHash(HashAlgorithmName.SHA1)))
            || (x5tS256 is not null && x5tS256 == Base64Url.Encode(certificate.GetCertHash(HashAlgorithmName.SHA256)));
    }
}

public static class Base64Url
{
    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    public static byte[] Decode(string segment)
    {
        var s = segment.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
