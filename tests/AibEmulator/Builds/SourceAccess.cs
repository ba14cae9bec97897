using System.Text.Json.Nodes;
using AibEmulator.Providers;
using AibEmulator.State;

namespace AibEmulator.Builds;

/// <summary>What the template's identity must reach outside the staging group (Microsoft Learn: "Configure Azure VM Image Builder permissions"):
/// the source image, the identities given to the build VM, and the distribution targets.</summary>
public static class SourceAccess
{
    public static string AuthorizationFailed(string? principal, string action, string scope) =>
        $"The client '{principal}' with object id '{principal}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.";

    /// <summary>ManagedImage and SharedImageVersion sources must exist and be readable by the identity.</summary>
    public static void CheckSource(EmulatorState state, JsonObject template, string? principal)
    {
        var source = template["properties"]?["source"] as JsonObject;
        var (id, action, code) = (string?)source?["type"] switch
        {
            "ManagedImage" => ((string?)source!["imageId"], "Microsoft.Compute/images/read", "BadManagedImageSource"),
            "SharedImageVersion" => ((string?)source!["imageVersionId"], "Microsoft.Compute/galleries/images/versions/read", "BadSharedImageVersionSource"),
            _ => (null, "", ""),
        };
        if (id is null) return;
        var lookup = id.EndsWith("/versions/latest", StringComparison.OrdinalIgnoreCase) ? id[..id.LastIndexOf("/versions/", StringComparison.OrdinalIgnoreCase)] : id;
        var what = code == "BadManagedImageSource" ? "Managed Image" : "Shared Image Version";
        if (principal is null || !Authorization.HasPermission(state, principal, action, id))
        {
            var text = AuthorizationFailed(principal, action, id);
            throw new BuildFailure(code, $"Error getting {what} '{id}': StatusCode=403 -- Original Error: Code=\"AuthorizationFailed\" Message=\"{text}\"",
                $"Error getting {what} '{id}': the template's identity cannot read it (AuthorizationFailed on '{action}'). Grant it read access to the source.");
        }
        if (!state.Store.Exists(lookup))
            throw new BuildFailure(code, $"Build ({what}) step failed: Error getting {what} '{id}': StatusCode=404 -- Original Error: Code=\"ResourceNotFound\"",
                $"The source {what} '{id}' was not found (StatusCode=404 ResourceNotFound). Check the id and that it is in the template's region.");
    }

    /// <summary>Marketplace images whose versions the emulator knows (publisher, offer, sku, versions); a scenario's
    /// "platformImages" (same fields) come first.</summary>
    private static readonly (string Publisher, string Offer, string Sku, string[] Versions)[] KnownPlatformImages =
    [
        ("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2", ["22.04.202404090", "22.04.202409250"]),
        ("Canonical", "ubuntu-24_04-lts", "server", ["24.04.202409120", "24.04.202410170"]),
        ("MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-azure-edition", ["20348.2700.240906", "20348.2762.241006"]),
    ];

    /// <summary>A PlatformImage source at version 'latest' is evaluated when the build takes place (2024-02-01 spec):
    /// the newest known version for publisher/offer/sku becomes properties.source.exactVersion. An image the
    /// emulator knows no versions of keeps exactVersion unset (README: known differences).</summary>
    public static void ResolveLatest(EmulatorState state, string templateId, JsonObject template)
    {
        var source = template["properties"]?["source"] as JsonObject;
        if ((string?)source?["type"] != "PlatformImage" || !string.Equals((string?)source["version"], "latest", StringComparison.OrdinalIgnoreCase)) return;
        var newest = PlatformImageVersions(state, (string?)source["publisher"], (string?)source["offer"], (string?)source["sku"])
            .OrderByDescending(v => Version.TryParse(v, out var parsed) ? parsed : new Version()).FirstOrDefault();
        if (newest is not null) state.Store.Update(templateId, t => t["properties"]!["source"]!["exactVersion"] = newest);
    }

    private static IEnumerable<string> PlatformImageVersions(EmulatorState state, string? publisher, string? offer, string? sku)
    {
        static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        var listed = ScenarioSeeder.Items(state.Scenario, "platformImages")
            .FirstOrDefault(i => Same((string?)i["publisher"], publisher) && Same((string?)i["offer"], offer) && Same((string?)i["sku"], sku));
        var published = state.PublishedPlatformVersions.TryGetValue($"{publisher}:{offer}:{sku}", out var list) ? list.ToArray() : [];
        if (listed is not null) return ScenarioSeeder.Strings(listed["versions"]).Concat(published);
        return KnownPlatformImages.Where(i => Same(i.Publisher, publisher) && Same(i.Offer, offer) && Same(i.Sku, sku)).SelectMany(i => i.Versions).Concat(published);
    }

    /// <summary>The build VM's user-assigned identities: they must exist and the template's identity needs assign/action on each.</summary>
    public static void CheckVmIdentities(EmulatorState state, StagingDeployer deployer, JsonObject template, string vmName)
    {
        foreach (var id in ScenarioSeeder.Strings(template["properties"]?["vmProfile"]?["userAssignedIdentities"]))
        {
            if (!state.Store.Exists(id))
                throw new BuildFailure("InvalidUserAssignedIdentity", $"The user assigned identity '{id}' given in vmProfile.userAssignedIdentities was not found.",
                    $"The identity '{id}' listed in vmProfile.userAssignedIdentities does not exist.");
            deployer.RequireLinked("Microsoft.Compute/virtualMachines", vmName, id, "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action");
        }
    }
}
