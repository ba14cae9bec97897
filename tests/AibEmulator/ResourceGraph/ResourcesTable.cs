using System.Text.Json.Nodes;
using AibEmulator.ResourceGraph.Kql;
using AibEmulator.State;

namespace AibEmulator.ResourceGraph;

/// <summary>Resource Graph's <c>resources</c> table over the emulator's store: top-level resources of the requested
/// subscriptions (RBAC objects and resource groups live in other tables), with ARG's columns; type, location and
/// resourceGroup lower-cased as ARG stores them. Rows point at the stored JSON: the caller holds the store's read lock.</summary>
public static class ResourcesTable
{
    public static readonly string[] Columns = ["id", "name", "type", "tenantId", "kind", "location", "resourceGroup", "subscriptionId",
        "managedBy", "sku", "plan", "properties", "tags", "identity", "zones", "extendedLocation"];

    public static Table From(IEnumerable<JsonObject> resources, ISet<string> subscriptions, string tenantId) =>
        new(Columns, resources.Select(r => ToRow(r, subscriptions, tenantId)).OfType<Row>());

    private static Row? ToRow(JsonObject resource, ISet<string> subscriptions, string tenantId)
    {
        var id = (string?)resource["id"];
        var type = (string?)resource["type"];
        if (id is null || type is null || type.Count(c => c == '/') != 1) return null;
        if (type.StartsWith("Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("Microsoft.Resources/", StringComparison.OrdinalIgnoreCase)) return null;
        var segments = id.Split('/');
        if (segments.Length < 9 || !subscriptions.Contains(segments[2])) return null;
        return new Row
        {
            ["id"] = JsonValue.Create(id),
            ["name"] = resource["name"],
            ["type"] = JsonValue.Create(type.ToLowerInvariant()),
            ["tenantId"] = JsonValue.Create(tenantId),
            ["kind"] = resource["kind"] ?? JsonValue.Create(""),
            ["location"] = JsonValue.Create(((string?)resource["location"] ?? "").ToLowerInvariant()),
            ["resourceGroup"] = JsonValue.Create(segments[4].ToLowerInvariant()),
            ["subscriptionId"] = JsonValue.Create(segments[2]),
            ["managedBy"] = resource["managedBy"] ?? JsonValue.Create(""),
            ["sku"] = resource["sku"],
            ["plan"] = resource["plan"],
            ["properties"] = resource["properties"],
            ["tags"] = resource["tags"] ?? new JsonObject(), // ARG answers {} for a resource without tags (ResourcesBasicQuery example)
            ["identity"] = resource["identity"],
            ["zones"] = resource["zones"],
            ["extendedLocation"] = resource["extendedLocation"],
        };
    }
}
