using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AibEmulator.Entra;

/// <summary>The emulator's one token-signing key (RS256), made at start-up like the TLS certificate: what the emulated
/// Entra ID, managed identity endpoints and Azure DevOps OIDC endpoint sign with, and what ARM verifies against.
/// Published as a JWKS at <c>/{tenant}/discovery/v2.0/keys</c>.</summary>
public sealed class SigningKey
{
    private readonly RSA _key = RSA.Create(2048);

    public SigningKey()
    {
        KeyId = Base64Url.Encode(SHA256.HashData(_key.ExportRSAPublicKey()))[..27];
    }

    public string KeyId { get; }

    public string Sign(JsonObject payload)
    {
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["kid"] = KeyId };
        var signed = Base64Url.Encode(header.ToJsonString()) + "." + Base64Url.Encode(payload.ToJsonString());
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url.Encode(signature);
    }

    /// <summary>True when the token names this key and its signature holds.</summary>
    public bool Signed(Jwt token) => token.KeyId == KeyId && token.VerifiedBy(_key);

    public JsonObject Jwks()
    {
        var p = _key.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = KeyId,
                ["n"] = Base64Url.Encode(p.Modulus!),
                ["e"] = Base64Url.Encode(p.Exponent!),
            }),
        };
    }
}
