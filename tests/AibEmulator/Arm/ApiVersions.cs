using System.Net;

namespace AibEmulator.Arm;

/// <summary>Every api-version the emulator accepts, per resource type (longest matching prefix wins).
/// To accept a new version, add it here: nothing else checks versions.</summary>
public static class ApiVersions
{
    public static readonly IReadOnlyDictionary<string, string[]> Table = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        // Image Builder: only the versions that have containerInstanceSubnetId (both strict).
        ["Microsoft.VirtualMachineImages"] = ["2024-02-01", "2025-10-01"],
        // ARM itself: subscriptions, providers, resource groups, resources, operation results.
        ["Microsoft.Resources"] = ["2021-04-01", "2022-09-01", "2025-04-01"],
        // Subscriptions/tenants/locations (Azure.ResourceManager 1.7.0 uses 2022-12-01 for these).
        ["Microsoft.Resources/subscriptions"] = ["2020-01-01", "2021-01-01", "2021-04-01", "2022-09-01", "2022-12-01"],
        ["Microsoft.Resources/tenants"] = ["2020-01-01", "2021-01-01", "2022-12-01"],
        ["Microsoft.Network"] = ["2024-05-01", "2025-03-01", "2025-07-01", "2025-09-01"],
        ["Microsoft.ContainerInstance"] = ["2023-05-01", "2026-05-01"],
        ["Microsoft.Compute"] = ["2024-07-01", "2025-04-01"],
        ["Microsoft.Compute/galleries"] = ["2024-03-03", "2023-07-03"],
        ["Microsoft.Storage"] = ["2023-05-01", "2025-08-01"],
        ["Microsoft.ManagedIdentity"] = ["2023-01-31"],
        ["Microsoft.Authorization"] = ["2022-04-01"],
        ["Microsoft.Authorization/policyAssignments"] = ["2023-04-01", "2025-03-01", "2025-11-01"],
        ["Microsoft.Authorization/policyDefinitions"] = ["2023-04-01", "2025-03-01", "2025-11-01"],
        ["Microsoft.PolicyInsights"] = ["2023-03-01", "2024-10-01"],
    };

    public static string[]? For(string resourceType)
    {
        var key = resourceType;
        while (true)
        {
            if (Table.TryGetValue(key, out var versions)) return versions;
            var cut = key.LastIndexOf('/');
            if (cut < 0) return null;
            key = key[..cut];
        }
    }

    /// <summary>Throws ARM's error when the api-version is missing or not supported for the type.</summary>
    public static void Check(string resourceType, string? apiVersion, string location)
    {
        if (string.IsNullOrEmpty(apiVersion))
            throw new ArmException(HttpStatusCode.BadRequest, "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.");
        var supported = For(resourceType);
        if (supported is null || supported.Contains(apiVersion, StringComparer.OrdinalIgnoreCase)) return;
        var list = string.Join(",", supported.OrderDescending());
        var slash = resourceType.IndexOf('/');
        var ns = slash < 0 ? resourceType : resourceType[..slash];
        var type = slash < 0 ? resourceType : resourceType[(slash + 1)..];
        if (ArmPath.Is(ns, "Microsoft.Resources"))
            throw new ArmException(HttpStatusCode.BadRequest, "InvalidApiVersionParameter",
                $"The api-version '{apiVersion}' is invalid. The supported versions are '{list}'. Please use one of the supported versions.");
        throw new ArmException(HttpStatusCode.BadRequest, "NoRegisteredProviderFound",
            $"No registered resource provider found for location '{location}' and API version '{apiVersion}' for type '{type}'. The supported api-versions are '{list}'. The supported locations are '{location}'.");
    }
}
