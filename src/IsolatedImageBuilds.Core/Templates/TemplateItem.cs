using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// A source, customizer, validation or distributor: one JSON object with a 'type', spelled as the REST
    /// specification spells it. JSON crosses our public API as text, never as JsonNode, because the cmdlet
    /// assembly and Core may bind different System.Text.Json assemblies.
    /// </summary>
    public abstract class TemplateItem
    {
        private protected TemplateItem(JsonObject json)
        {
            Json = json;
        }

        /// <summary>The discriminator, e.g. Shell, PowerShell, SharedImage.</summary>
        public string? Type => JsonRead.StrictStr(Json, "type");

        internal JsonObject Json { get; }

        /// <summary>The item as indented JSON.</summary>
        public string ToJson() => TemplateJson.Write(Json);

        public override string ToString() => ToJson();

        internal JsonObject CloneJson() => (JsonObject)Json.DeepClone();

        private protected static JsonObject Parse(string json, string what)
        {
            try
            {
                if (TemplateJson.Parse(json) is JsonObject obj)
                {
                    return obj;
                }
            }
            catch (System.Exception ex) when (ex is System.Text.Json.JsonException || ex is System.ArgumentException)
            {
                throw new AibException(TemplateErrorIds.FileInvalidJson, $"The {what} is not valid JSON: {ex.Message}", what, ex);
            }

            throw new AibException(TemplateErrorIds.FileNotObject, $"The {what} must be a JSON object with a 'type'.", what);
        }

        /// <summary>Builds an object with the given fields in order, leaving out nulls.</summary>
        internal static JsonObject Build(params (string Key, JsonNode? Value)[] fields)
        {
            var obj = new JsonObject();
            foreach (var (key, value) in fields.Where(f => f.Value != null))
            {
                obj[key] = value;
            }

            return obj;
        }

        internal static JsonArray? Strings(IEnumerable<string>? values) =>
            values == null ? null : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

        internal static JsonObject? Map(IDictionary<string, string>? values) =>
            values == null ? null : new JsonObject(values.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, JsonValue.Create(p.Value))));

    }
}
