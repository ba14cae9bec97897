using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>Parsing and writing template JSON, and ARM's string escaping (fields are read with <see cref="Json.JsonRead"/>).</summary>
    internal static class TemplateJson
    {
        // Files are written for people: keep quotes, '+', '<' and non-ASCII text readable instead of \u escapes.
        private static readonly JsonSerializerOptions WriteOptions = new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        // ARM templates allow comments and trailing commas; so do we.
        public static readonly JsonDocumentOptions ReadOptions = new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };

        public static string Write(JsonNode node) => node.ToJsonString(WriteOptions);

        /// <summary>
        /// Parses and builds the whole tree at once: JsonNode builds objects lazily, so a duplicate key would
        /// otherwise throw later, far from the file. Throws JsonException or ArgumentException (duplicate key).
        /// </summary>
        public static JsonNode? Parse(string text)
        {
            var root = JsonNode.Parse(text, documentOptions: ReadOptions);
            Build(root);
            return root;

            static void Build(JsonNode? node)
            {
                if (node is JsonObject obj)
                {
                    foreach (var pair in obj)
                    {
                        Build(pair.Value);
                    }
                }
                else if (node is JsonArray array)
                {
                    foreach (var item in array)
                    {
                        Build(item);
                    }
                }
            }
        }

        /// <summary>The object at <paramref name="key"/>, created when absent.</summary>
        public static JsonObject Ensure(JsonObject parent, string key)
        {
            if (parent[key] is JsonObject existing)
            {
                return existing;
            }

            var created = new JsonObject();
            parent[key] = created;
            return created;
        }

        /// <summary>ARM evaluates a string as an expression when it starts with '[' (not '[[') and ends with ']'.</summary>
        public static bool IsArmExpression(string s) =>
            s.Length >= 2 && s[0] == '[' && s[s.Length - 1] == ']' && (s.Length == 2 || s[1] != '[');

        /// <summary>A literal string as a deployment template must spell it: a leading '[' doubled when ARM would evaluate it.</summary>
        public static string EscapeForArm(string s) => s.Length >= 2 && s[0] == '[' && s[s.Length - 1] == ']' ? "[" + s : s;

        /// <summary>The literal a deployment-template string stands for ('[[x]' is the literal '[x]').</summary>
        public static string UnescapeFromArm(string s)
            => s.StartsWith("[[", System.StringComparison.Ordinal) && s.EndsWith("]", System.StringComparison.Ordinal) ? s.Substring(1) : s;
    }
}
