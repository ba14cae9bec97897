using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using AibEmulator.State;

namespace AibEmulator.Hosting;

/// <summary>&lt;out&gt;/endpoint.json: how clients reach the emulator and the ids of the scenario's main
/// resources (the contract the module's tests and outside checks rely on: README "The emulator"). Written when the server listens and again on each scenario load.</summary>
public sealed class EndpointFile(EmulatorState state, EmulatorOptions options, X509Certificate2 certificate, string certificatePath, string identityHeader)
{
    public string ArmEndpoint { get; set; } = "";
    public string IdentityEndpoint { get; set; } = "";
    /// <summary>Organisation, project, plan and job as Azure DevOps puts them in SYSTEM_OIDCREQUESTURI.</summary>
    private const string OidcRequestPath =
        "emulator-org/4c7c2e0a-1b8f-4b7e-9a55-3f1f7c0de001/_apis/distributedtask/hubs/build/plans/0d1f5b7a-9a1e-4e55-8f32-6b7c1d2e3f40/jobs/"
        + "12f1170f-54f2-53f3-20dd-22fc7dff55f9/oidctoken";

    public string Path => System.IO.Path.Combine(options.OutDirectory, "endpoint.json");

    public JsonObject Build()
    {
        var s = state.Scenario;
        return new JsonObject
        {
            ["armEndpoint"] = ArmEndpoint,
            ["subscriptionId"] = state.SubscriptionId,
            ["tenantId"] = state.TenantId,
            ["location"] = state.Location,
            ["resourceGroupName"] = state.ResourceGroupName,
            ["userAssignedIdentityId"] = (string?)s["userAssignedIdentityId"],
            ["buildSubnetId"] = (string?)s["buildSubnetId"],
            ["containerInstanceSubnetId"] = (string?)s["containerInstanceSubnetId"],
            ["blobEndpoint"] = state.Azurite.BlobEndpoint is null ? null : state.Azurite.BlobEndpoint + "/",
            ["certificatePath"] = certificatePath,
            ["certificateThumbprint"] = certificate.Thumbprint,
            ["controlEndpoint"] = ArmEndpoint.TrimEnd('/') + "/_emulator/",
            ["identityEndpoint"] = IdentityEndpoint,
            ["identityHeader"] = identityHeader,
            // Entra ID on the same host (-AuthorityHost / AZURE_AUTHORITY_HOST), IMDS on the plain-HTTP listener
            // (AZURE_POD_IDENTITY_AUTHORITY_HOST), and a job's SYSTEM_OIDCREQUESTURI.
            ["authorityHost"] = ArmEndpoint,
            ["imdsEndpoint"] = IdentityEndpoint.Length == 0 ? "" : new Uri(new Uri(IdentityEndpoint), "/").ToString(),
            ["oidcRequestUri"] = ArmEndpoint + OidcRequestPath,
            ["azuriteAccountName"] = AzuriteAccounts.DefaultAccount,
            ["azuriteAccountKey"] = AzuriteAccounts.DefaultKey,
            ["scenario"] = state.ScenarioName,
            ["timeScale"] = state.TimeScale,
            ["processId"] = Environment.ProcessId,
        };
    }

    /// <summary>Written to a temporary file then moved, so a reader never sees half a file.</summary>
    public void Write()
    {
        Directory.CreateDirectory(options.OutDirectory);
        var temp = Path + ".tmp";
        File.WriteAllText(temp, Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, Path, overwrite: true);
    }
}
