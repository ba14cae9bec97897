using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>Writes JSON values as Bicep literals: multi-line objects and arrays, Bicep string escapes.</summary>
    internal static class BicepWriter
    {
        private static readonly Regex Identifier = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        // Other keywords (type, if, resource, ...) are valid bare property names; these literals are not.
        private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal) { "true", "false", "null" };

        /// <summary>The resource declaration for an imageTemplates resource object.</summary>
        public static string Resource(string symbolicName, string resourceType, string apiVersion, JsonObject body, IEnumerable<string> omitted)
        {
            var text = new StringBuilder();
            text.Append("// Azure VM Image Builder template, written by IsolatedImageBuilds.\n");
            foreach (var key in omitted)
            {
                text.Append($"// '{key}' is left out: it has no Bicep equivalent in a resource body.\n");
            }

            text.Append($"resource {symbolicName} {String($"{resourceType}@{apiVersion}")} = ");
            Write(text, body, 0);
            text.Append('\n');
            return text.ToString();
        }

        /// <summary>A child resource declared with 'parent' (e.g. an imageTemplates/triggers resource of the template).</summary>
        public static string ChildResource(string symbolicName, string resourceType, string parentSymbolicName, string apiVersion, JsonObject body)
        {
            var text = new StringBuilder();
            text.Append($"resource {symbolicName} {String($"{resourceType}@{apiVersion}")} = {{\n");
            Indent(text, 1).Append("parent: ").Append(parentSymbolicName).Append('\n');
            foreach (var pair in body)
            {
                Indent(text, 1).Append(Key(pair.Key)).Append(": ");
                Write(text, pair.Value, 1);
                text.Append('\n');
            }

            return text.Append("}\n").ToString();
        }

        public static void Write(StringBuilder text, JsonNode? node, int depth)
        {
            switch (node)
            {
                case null:
                    text.Append("null");
                    break;
                case JsonObject obj when obj.Count == 0:
                    text.Append("{}");
                    break;
                case JsonObject obj:
                    text.Append("{\n");
                    foreach (var pair in obj)
                    {
                        Indent(text, depth + 1).Append(Key(pair.Key)).Append(": ");
                        Write(text, pair.Value, depth + 1);
                        text.Append('\n');
                    }

                    Indent(text, depth).Append('}');
                    break;
                case JsonArray array when array.Count == 0:
                    text.Append("[]");
                    break;
                case JsonArray array:
                    text.Append("[\n");
                    foreach (var item in array)
                    {
                        Indent(text, depth + 1);
                        Write(text, item, depth + 1);
                        text.Append('\n');
                    }

                    Indent(text, depth).Append(']');
                    break;
                default:
                    text.Append(Scalar(node.AsValue()));
                    break;
            }
        }

        public static string Key(string key) => Identifier.IsMatch(key) && !Keywords.Contains(key) ? key : String(key);

        /// <summary>A single-quoted Bicep string: backslash, quote and '${' escaped, control characters as escapes.</summary>
        public static string String(string value)
        {
            var text = new StringBuilder("'");
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '\\': text.Append("\\\\"); break;
                    case '\'': text.Append("\\'"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    case '$' when i + 1 < value.Length && value[i + 1] == '{': text.Append("\\$"); break;
                    default:
                        if (char.IsControl(c))
                        {
                            text.Append("\\u{").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append('}');
                        }
                        else
                        {
                            text.Append(c);
                        }

                        break;
                }
            }

            return text.Append('\'').ToString();
        }

        private static string Scalar(JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.String:
                    return String(value.GetValue<string>());
                case JsonValueKind.True:
                    return "true";
                case JsonValueKind.False:
                    return "false";
                case JsonValueKind.Number:
                    var number = value.ToJsonString();
                    // Bicep has integer literals only (and no exponents): anything else goes through json().
                    return Regex.IsMatch(number, "^-?[0-9]+$") ? number : $"json({String(number)})";
                default:
                    return "null";
            }
        }

        private static StringBuilder Indent(StringBuilder text, int depth) => text.Append(' ', depth * 2);
    }
}
