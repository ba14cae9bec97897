using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// The ImageTemplate definitions of one api-version's REST specification (compiled in from
    /// SwaggerShapeData.g.cs), seen through $ref, allOf and discriminators.
    /// </summary>
    internal sealed class SwaggerShape
    {
        private static readonly Lazy<SwaggerShape> Shape2024 =
            new Lazy<SwaggerShape>(() => new SwaggerShape(ArmApiVersions.ImageTemplates, SwaggerShapeData.V2024_02_01));
        private static readonly Lazy<SwaggerShape> Shape2025 =
            new Lazy<SwaggerShape>(() => new SwaggerShape(ArmApiVersions.ImageTemplatesNewest, SwaggerShapeData.V2025_10_01));

        private readonly JsonObject definitions;

        // Base definition name → discriminator value → variant definition name.
        private readonly Dictionary<string, Dictionary<string, string>> variants =
            new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);

        private SwaggerShape(string apiVersion, string json)
        {
            ApiVersion = apiVersion;
            definitions = JsonNode.Parse(json)!["definitions"]!.AsObject();
            foreach (var pair in definitions)
            {
                var value = JsonRead.StrictStr(pair.Value, "x-ms-discriminator-value");
                foreach (var baseName in (pair.Value?["allOf"] as JsonArray ?? new JsonArray()).Select(RefName).Where(n => n != null))
                {
                    if (value != null)
                    {
                        if (!variants.TryGetValue(baseName!, out var map))
                        {
                            variants[baseName!] = map = new Dictionary<string, string>(StringComparer.Ordinal);
                        }

                        map[value] = pair.Key;
                    }
                }
            }
        }

        public string ApiVersion { get; }

        public static SwaggerShape Newest => Shape2025.Value;

        public static SwaggerShape? For(string? apiVersion) => apiVersion switch
        {
            ArmApiVersions.ImageTemplates => Shape2024.Value,
            ArmApiVersions.ImageTemplatesNewest => Shape2025.Value,
            _ => null,
        };

        public JsonObject Definition(string name) => definitions[name]!.AsObject();

        public static string? RefName(JsonNode? schema) =>
            JsonRead.StrictStr(schema, "$ref") is string r && r.StartsWith("#/definitions/", StringComparison.Ordinal)
                ? r.Substring("#/definitions/".Length)
                : null;

        /// <summary>The schema as it applies to <paramref name="value"/>: references followed, bases merged, variant chosen.</summary>
        public SchemaView View(JsonObject schema, string owner, JsonNode? value)
        {
            var view = new SchemaView(owner);
            Merge(view, schema, owner);
            if (view.Discriminator != null && view.DiscriminatorBase != null && !view.IsVariant)
            {
                var chosen = JsonRead.StrictStr(value, view.Discriminator);
                var map = variants.TryGetValue(view.DiscriminatorBase, out var m) ? m : new Dictionary<string, string>();
                view.DiscriminatorValues = map.Keys.ToList();
                if (chosen != null && map.TryGetValue(chosen, out var variant))
                {
                    view.Owner = variant;
                    view.ChosenVariant = variant;
                    Merge(view, Definition(variant), variant);
                }
            }

            return view;
        }

        private void Merge(SchemaView view, JsonObject schema, string owner)
        {
            if (RefName(schema) is string name)
            {
                view.RefName ??= name;
                view.Owner = view.Properties.Count == 0 ? name : view.Owner;
                view.ReadOnly |= JsonRead.StrictBool(schema, "readOnly") == true;
                Merge(view, Definition(name), name);
                return;
            }

            foreach (var baseSchema in (schema["allOf"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
            {
                Merge(view, baseSchema, owner);
            }

            view.IsVariant |= schema["x-ms-discriminator-value"] != null;
            view.Type ??= JsonRead.StrictStr(schema, "type");
            foreach (var property in JsonRead.Obj(schema, "properties") ?? new JsonObject())
            {
                view.Properties[property.Key] = new SchemaProperty(property.Value!.AsObject(), owner);
            }

            foreach (var required in (schema["required"] as JsonArray ?? new JsonArray()).Select(r => r!.GetValue<string>()))
            {
                view.Required.Add(new SchemaProperty.Requirement(owner, required));
            }

            view.Items ??= JsonRead.Obj(schema, "items");
            view.AdditionalProperties ??= JsonRead.Obj(schema, "additionalProperties");
            view.Enum ??= schema["enum"] as JsonArray;
            view.ReadOnly |= JsonRead.StrictBool(schema, "readOnly") == true;
            view.Minimum ??= JsonRead.TryNumber(schema["minimum"], out var min) ? min : (double?)null;
            view.Maximum ??= JsonRead.TryNumber(schema["maximum"], out var max) ? max : (double?)null;
            view.Pattern ??= JsonRead.StrictStr(schema, "pattern");
            if (JsonRead.StrictStr(schema, "discriminator") is string discriminator)
            {
                view.Discriminator = discriminator;
                view.DiscriminatorBase = owner;
            }
        }
    }

    internal sealed class SchemaProperty
    {
        public SchemaProperty(JsonObject schema, string owner)
        {
            Schema = schema;
            Owner = owner;
        }

        public JsonObject Schema { get; }

        /// <summary>The definition that declares the property (the base for inherited ones).</summary>
        public string Owner { get; }

        public sealed class Requirement
        {
            public Requirement(string owner, string name)
            {
                Owner = owner;
                Name = name;
            }

            public string Owner { get; }

            public string Name { get; }
        }
    }

    /// <summary>One schema node with its references and bases merged.</summary>
    internal sealed class SchemaView
    {
        public SchemaView(string owner)
        {
            Owner = owner;
        }

        public string Owner { get; set; }

        public string? RefName { get; set; }

        public string? Type { get; set; }

        public Dictionary<string, SchemaProperty> Properties { get; } = new Dictionary<string, SchemaProperty>(StringComparer.Ordinal);

        public List<SchemaProperty.Requirement> Required { get; } = new List<SchemaProperty.Requirement>();

        public JsonObject? Items { get; set; }

        public JsonObject? AdditionalProperties { get; set; }

        public JsonArray? Enum { get; set; }

        public bool ReadOnly { get; set; }

        public double? Minimum { get; set; }

        public double? Maximum { get; set; }

        public string? Pattern { get; set; }

        public string? Discriminator { get; set; }

        public string? DiscriminatorBase { get; set; }

        public bool IsVariant { get; set; }

        /// <summary>The variant definition picked by the discriminator value, when one matched.</summary>
        public string? ChosenVariant { get; set; }

        /// <summary>Set when the node has a discriminator: the values the specification knows.</summary>
        public List<string>? DiscriminatorValues { get; set; }

        public bool IsObject => Type == "object" || Properties.Count > 0 || AdditionalProperties != null || Discriminator != null;
    }
}
