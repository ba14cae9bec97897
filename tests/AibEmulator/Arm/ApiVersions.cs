using System.Net;

namespace AibEmulator.Arm;

/// <summary>Every api-version the emulator accepts, per resource type (longest matching prefix wins), read from
/// the one table Arm/api-versions.json (each list's source and commit are noted there). The providers list
/// reports the same lists. To accept a new version, add it there: nothing else checks versions.</summary>
public static class ApiVersions
{
    public static readonly IReadOnlyDictionary<string, string[]> Table = Load();

    private static Dictionary<string, string[]> Load()
    {
        using var stream = typeof(ApiVersions).Assembly.GetManifestResourceStream("AibEmulator.Arm.api-versions.json")
            ?? throw new InvalidOperationException("embedded Arm/api-versions.json missing");
        var types = System.Text.Json.Nodes.JsonNode.Parse(stream)!["types"]!.AsObject();
        var table = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        string[] Versions(string type)
        {
            if (table.TryGetValue(type, out var done)) return done;
            var entry = types[type] ?? throw new InvalidOperationException($"api-versions.json: no entry '{type}'");
            // "sameAs" + "since": a type that came later than its provider's first version (e.g. natGateways).
            var list = entry["versions"] is { } own
                ? own.AsArray().Select(v => (string)v!).ToArray()
                : Versions((string)entry["sameAs"]!).Where(v => string.CompareOrdinal(v, (string?)entry["since"] ?? "") >= 0).ToArray();
            return table[type] = list;
        }
        foreach (var (type, _) in types) Versions(type);
        return table;
    }

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

    /// <summary>Throws ARM's error when the api-version is missing or not supported for the type. Microsoft.Resources'
    /// own types answer InvalidApiVersionParameter (newest first, comma-separated); providers' types answer
    /// NoRegisteredProviderFound (oldest first, ", "-separated), as ARM words them.</summary>
    public static void Check(string resourceType, string? apiVersion, string location)
    {
        if (string.IsNullOrEmpty(apiVersion))
            throw new ArmException(HttpStatusCode.BadRequest, "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.");
        var supported = For(resourceType);
        if (supported is null || supported.Contains(apiVersion, StringComparer.OrdinalIgnoreCase)) return;
        var newestFirst = string.Join(",", supported.OrderDescending());
        var oldestFirst = string.Join(", ", supported.Order());
        var slash = resourceType.IndexOf('/');
        var ns = slash < 0 ? resourceType : resourceType[..slash];
        var type = slash < 0 ? resourceType : resourceType[(slash + 1)..];
        if (ArmPath.Is(ns, "Microsoft.Resources"))
            throw new ArmException(HttpStatusCode.BadRequest, "InvalidApiVersionParameter",
                $"The api-version '{apiVersion}' is invalid. The supported versions are '{newestFirst}'. Please use one of the supported versions.");
        throw new ArmException(HttpStatusCode.BadRequest, "NoRegisteredProviderFound",
            $"No registered resource provider found for location '{location}' and API version '{apiVersion}' for type '{type}'. The supported api-versions are '{oldestFirst}'. The supported locations are '{location}'.");
    }
}
