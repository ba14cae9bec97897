using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IsolatedImageBuilds.Core.Json
{
    /// <summary>
    /// The one way Core reads JSON (ARM answers, templates, specifications): follow a path of keys and get a
    /// typed value; a missing or mistyped field reads as null, never throws. The Strict readers take only the
    /// JSON kind asked for (templates, where "5" for a string field is a problem to report, not a value);
    /// the others also read a scalar written as another kind (ARM answers: a bool or number as text).
    /// </summary>
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

        public static JsonObject? Obj(this JsonNode? node, params string[] path) => node.At(path) as JsonObject;

        public static JsonArray? Arr(this JsonNode? node, params string[] path) => node.At(path) as JsonArray;

        /// <summary>A string, or a bool or number as its JSON text.</summary>
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

        /// <summary>A JSON string only.</summary>
        public static string? StrictStr(this JsonNode? node, params string[] path) =>
            node.At(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        /// <summary>A JSON true or false only.</summary>
        public static bool? StrictBool(this JsonNode? node, params string[] path) =>
            node.At(path)?.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };

        /// <summary>A JSON number that is a whole number within the range of int.</summary>
        public static int? StrictInt(this JsonNode? node, params string[] path) =>
            TryNumber(node.At(path), out var d) && d == System.Math.Floor(d) && System.Math.Abs(d) <= int.MaxValue ? (int)d : (int?)null;

        public static long? Long(this JsonNode? node, params string[] path)
        {
            JsonNode? v = node.At(path);
            if (v is JsonValue value)
            {
                if (TryNumber(value, out double d)) return (long)d;
                if (value.TryGetValue(out string? s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed))
                    return parsed;
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

        /// <summary>Any JSON number, whichever CLR type backs the node: parsed text converts to any number type, but a node built in code holds its own (int, long…), so read the text.</summary>
        public static bool TryNumber(JsonNode? node, out double number)
        {
            number = 0;
            return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
                && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
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
