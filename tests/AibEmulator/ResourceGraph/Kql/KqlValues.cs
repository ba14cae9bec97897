using System.Text.Json;
using System.Text.Json.Nodes;

namespace AibEmulator.ResourceGraph.Kql;

/// <summary>How KQL compares and converts the dynamic values of a row (JSON nodes; null is KQL's null).</summary>
public static class KqlValues
{
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        _ => node.ToJsonString(),
    };

    public static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;

    public static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static JsonNode Bool(bool value) => JsonValue.Create(value);

    /// <summary>Empty is null or "" (KQL's isempty).</summary>
    public static bool IsEmpty(JsonNode? node) => node is null || Text(node) is "";

    public static bool Equal(JsonNode? a, JsonNode? b, bool ignoreCase)
    {
        if (a is null || b is null) return false;
        if (Number(a) is { } x && Number(b) is { } y) return x.Equals(y);
        return string.Equals(Text(a), Text(b), ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>Order for sort and &lt; &gt;: numbers numerically, everything else as ordinal text; null first.</summary>
    public static int Compare(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
        if (Number(a) is { } x && Number(b) is { } y) return x.CompareTo(y);
        return string.CompareOrdinal(Text(a), Text(b));
    }

    /// <summary>has: <paramref name="term"/> appears as a whole term (bounded by non-alphanumeric characters), ignoring case.</summary>
    public static bool Has(string text, string term)
    {
        if (term.Length == 0) return true;
        for (int at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = text.IndexOf(term, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            bool startOk = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            int end = at + term.Length;
            if (startOk && (end == text.Length || !char.IsLetterOrDigit(text[end]))) return true;
        }
        return false;
    }
}
