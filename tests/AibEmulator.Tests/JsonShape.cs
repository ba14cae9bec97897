using System.Text.Json;
using System.Text.Json.Nodes;

namespace AibEmulator.Tests;

/// <summary>Compares a response with an example's body by shape: every property of the example is present
/// with the same JSON kind (recursively); names, types and locations must also be equal. Extra properties
/// (read-only fields the example omits) are allowed.</summary>
public static class JsonShape
{
    private static readonly HashSet<string> ValueCompared = ["name", "type", "location"];

    public static List<string> Differences(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        var errors = new List<string>();
        Compare(expected, actual, path, errors);
        return errors;
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> errors)
    {
        switch (expected)
        {
            case null:
                return;
            case JsonObject e:
                if (actual is not JsonObject obj) { errors.Add($"{path}: expected an object, got {Kind(actual)}"); return; }
                foreach (var (key, value) in e)
                {
                    if (!obj.TryGetPropertyValue(key, out var got)) { errors.Add($"{path}.{key}: missing"); continue; }
                    if (ValueCompared.Contains(key) && value is JsonValue && !string.Equals(value.ToJsonString(), got?.ToJsonString(), StringComparison.OrdinalIgnoreCase))
                        errors.Add($"{path}.{key}: expected {value.ToJsonString()}, got {got?.ToJsonString()}");
                    Compare(value, got, $"{path}.{key}", errors);
                }
                return;
            case JsonArray list:
                if (actual is not JsonArray items) { errors.Add($"{path}: expected an array, got {Kind(actual)}"); return; }
                if (list.Count > 0 && items.Count == 0) { errors.Add($"{path}: expected {list.Count} items, got none"); return; }
                for (var i = 0; i < list.Count; i++) Compare(list[i], items[Math.Min(i, items.Count - 1)], $"{path}[{i}]", errors);
                return;
            default:
                if (Kind(expected) != Kind(actual)) errors.Add($"{path}: expected {Kind(expected)}, got {Kind(actual)}");
                return;
        }
    }

    private static string Kind(JsonNode? n) => n?.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        null => "nothing",
        var k => k.ToString()!.ToLowerInvariant(),
    };
}
