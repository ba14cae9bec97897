using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>Tolerant readers for ARM JSON: a missing or mistyped field reads as null, never throws.</summary>
    internal static class JsonRead
    {
        public static JsonNode? At(this JsonNode? node, params string[] path)
        {
            JsonNode? current = node;
            foreach (string key in path)
            {
                if (current is JsonObject o && o.TryGetPropertyValue(key, out JsonNode? next)) current = next;
                else return null;
            }
            return current;
        }

        public static string? Str(this JsonNode? node, params string[] path)
        {
            JsonNode? v = node.At(path);
            if (v is JsonValue value)
            {
                if (value.TryGetValue(out string? s)) return s;
                if (value.GetValueKind() == JsonValueKind.True) return "true";
                if (value.GetValueKind() == JsonValueKind.False) return "false";
                if (value.GetValueKind() == JsonValueKind.Number) return value.ToJsonString();
            }
            return null;
        }

        public static long? Long(this JsonNode? node, params string[] path)
        {
            JsonNode? v = node.At(path);
            if (v is JsonValue value)
            {
                // Parsed JSON converts to any number type, but a node built in code holds its CLR type (int, long…): read the text.
                if (value.GetValueKind() == JsonValueKind.Number && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return (long)d;
                if (value.TryGetValue(out string? s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed)) return parsed;
            }
            return null;
        }

        public static bool? Bool(this JsonNode? node, params string[] path)
        {
            JsonNode? v = node.At(path);
            if (v is JsonValue value)
            {
                if (value.TryGetValue(out bool b)) return b;
                if (value.TryGetValue(out string? s) && bool.TryParse(s, out bool parsed)) return parsed;
            }
            return null;
        }

        public static IEnumerable<JsonNode> Items(this JsonNode? node, params string[] path)
        {
            if (node.At(path) is JsonArray array)
            {
                foreach (JsonNode? item in array)
                {
                    if (item != null) yield return item;
                }
            }
        }

        public static IEnumerable<string> Strings(this JsonNode? node, params string[] path)
        {
            foreach (JsonNode item in node.Items(path))
            {
                if (item is JsonValue v && v.TryGetValue(out string? s) && s != null) yield return s;
            }
        }
    }
}
