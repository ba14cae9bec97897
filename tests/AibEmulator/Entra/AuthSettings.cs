using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace AibEmulator.Entra;

/// <summary>The scenario's <c>auth</c> section: token lifetimes (nominal seconds, scaled like builds), whether ARM
/// takes opaque bearer strings, the app registrations the emulated Entra ID knows and the Azure DevOps organisation
/// whose service connections get OIDC tokens. Absent: one-hour tokens, opaque strings accepted, no apps.</summary>
public sealed class AuthSettings
{
    public AuthSettings(JsonObject? auth)
    {
        auth ??= new JsonObject();
        TokenLifetimeSeconds = (double?)auth["tokenLifetimeSeconds"] ?? 3600;
        IdTokenLifetimeSeconds = (double?)auth["idTokenLifetimeSeconds"] ?? 600;
        RefuseOpaqueTokens = (string?)auth["opaqueTokens"] == "refuse";
        Applications = (auth["applications"] as JsonArray ?? []).OfType<JsonObject>().Select(AppRegistration.From).ToArray();
        DevOps = auth["azureDevOps"] is JsonObject devOps ? AzureDevOpsOrganization.From(devOps) : null;
    }

    public double TokenLifetimeSeconds { get; }
    public double IdTokenLifetimeSeconds { get; }

    /// <summary>"opaqueTokens": "refuse" — ARM's behaviour; the default accepts them (README, known differences).</summary>
    public bool RefuseOpaqueTokens { get; }

    public IReadOnlyList<AppRegistration> Applications { get; }
    public AzureDevOpsOrganization? DevOps { get; }

    public AppRegistration? Application(string clientId) =>
        Applications.FirstOrDefault(a => string.Equals(a.ClientId, clientId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An app registration: its client secrets, certificates (PEM or base64 DER, public part) and federated credentials.</summary>
public sealed record AppRegistration(string ClientId, string DisplayName, string ObjectId, IReadOnlyList<string> Secrets,
    IReadOnlyList<X509Certificate2> Certificates, IReadOnlyList<FederatedCredential> FederatedCredentials)
{
    public static AppRegistration From(JsonObject o)
    {
        var clientId = (string?)o["clientId"] ?? throw new InvalidOperationException("auth.applications[].clientId is required.");
        return new AppRegistration(clientId, (string?)o["displayName"] ?? clientId, (string?)o["objectId"] ?? Guid.NewGuid().ToString(),
            Strings(o["secrets"]), Strings(o["certificates"]).Select(LoadCertificate).ToArray(),
            (o["federatedCredentials"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(f => new FederatedCredential((string)f["issuer"]!, (string)f["subject"]!,
                    f["audiences"] is JsonArray a ? Strings(a) : ["api://AzureADTokenExchange"])).ToArray());
    }

    private static X509Certificate2 LoadCertificate(string text) => text.Contains("-----BEGIN")
        ? X509Certificate2.CreateFromPem(text)
        : X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text));

    internal static string[] Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => (string?)n ?? "").ToArray();
}

public sealed record FederatedCredential(string Issuer, string Subject, IReadOnlyList<string> Audiences);

/// <summary>An Azure DevOps organisation: the job's SYSTEM_ACCESSTOKEN and its workload-identity service connections.</summary>
public sealed record AzureDevOpsOrganization(string OrganizationId, string SystemAccessToken, IReadOnlyList<ServiceConnection> ServiceConnections)
{
    /// <summary>Issuer of Azure DevOps OIDC tokens, as in a service connection's federated credential.</summary>
    public string Issuer => "https://vstoken.dev.azure.com/" + OrganizationId;

    public static AzureDevOpsOrganization From(JsonObject o) => new(
        (string?)o["organizationId"] ?? throw new InvalidOperationException("auth.azureDevOps.organizationId is required."),
        (string?)o["systemAccessToken"] ?? throw new InvalidOperationException("auth.azureDevOps.systemAccessToken is required."),
        (o["serviceConnections"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(s => new ServiceConnection((string)s["id"]!, (string)s["subject"]!)).ToArray());
}

/// <summary>A service connection: its id and the subject of its OIDC tokens (<c>sc://{org}/{project}/{name}</c>).</summary>
public sealed record ServiceConnection(string Id, string Subject);
