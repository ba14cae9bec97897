using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>What a template file held: the imageTemplates resource, its api-version if it said one, and notes.</summary>
    internal sealed class TemplateFileContent
    {
        public TemplateFileContent(JsonObject resource, string form)
        {
            Resource = resource;
            Form = form;
        }

        public JsonObject Resource { get; }

        /// <summary>"deployment template", "resource" or "resource body".</summary>
        public string Form { get; }

        public string? ApiVersion => JsonRead.StrictStr(Resource, "apiVersion");

        /// <summary>ARM expressions met in a deployment template, with the value node holding each.</summary>
        public List<(JsonNode Node, TemplateProblem Problem)> Expressions { get; } = new List<(JsonNode, TemplateProblem)>();

        /// <summary>The expressions still in the resource: those the caller's options did not replace.</summary>
        public IEnumerable<TemplateProblem> UnresolvedExpressions() =>
            Expressions.Where(e => ReferenceEquals(e.Node.Root, Resource)).Select(e => e.Problem);

        public List<string> Notes { get; } = new List<string>();
    }

    /// <summary>
    /// Reads an AIB template file in any of its three usual forms: a deployment template (the one imageTemplates
    /// resource is picked), a resource with type/apiVersion/name, or a bare body {location, identity, tags, properties}.
    /// </summary>
    internal static class TemplateFileReader
    {
        public static TemplateFileContent Read(string text, string? fileName = null)
        {
            var what = fileName == null ? "The template file" : $"The template file '{fileName}'";
            JsonNode? root;
            try
            {
                root = TemplateJson.Parse(text ?? string.Empty);
            }
            catch (Exception ex) when (ex is JsonException || ex is ArgumentException)
            {
                throw new AibException(TemplateErrorIds.FileInvalidJson, $"{what} is not valid JSON: {ex.Message}", fileName, ex);
            }

            if (!(root is JsonObject obj))
            {
                throw new AibException(TemplateErrorIds.FileNotObject,
                    $"{what} must hold a JSON object: "
                        + "a deployment template, an imageTemplates resource or its body {location, identity, properties}.", fileName);
            }

            if (obj["resources"] != null && (obj["$schema"] != null || obj["contentVersion"] != null))
            {
                var content = new TemplateFileContent(PickImageTemplate(obj, what, fileName), "deployment template");
                ReadArmStrings(content, content.Resource, string.Empty);
                return content;
            }

            if (JsonRead.StrictStr(obj, "type") is string type)
            {
                if (!string.Equals(type, ArmId.ImageTemplatesType, StringComparison.OrdinalIgnoreCase))
                {
                    throw NoImageTemplate(what, fileName, $"its type is '{type}'");
                }

                return new TemplateFileContent((JsonObject)obj.DeepClone(), "resource");
            }

            if (obj["properties"] is JsonObject || obj["identity"] is JsonObject)
            {
                return new TemplateFileContent((JsonObject)obj.DeepClone(), "resource body");
            }

            throw NoImageTemplate(what, fileName, "it has neither 'resources', nor 'type', nor 'properties'");
        }

        private static JsonObject PickImageTemplate(JsonObject template, string what, string? fileName)
        {
            // languageVersion 2.0 templates hold resources in an object keyed by symbolic name.
            var resources = template["resources"] switch
            {
                JsonArray array => array.OfType<JsonObject>().ToList(),
                JsonObject named => named.Select(p => p.Value).OfType<JsonObject>().ToList(),
                _ => new List<JsonObject>(),
            };
            var imageTemplates = resources
                .Where(r => string.Equals(JsonRead.StrictStr(r, "type"), ArmId.ImageTemplatesType, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (imageTemplates.Count == 0)
            {
                throw NoImageTemplate(what, fileName, $"its resources hold no {ArmId.ImageTemplatesType}");
            }

            if (imageTemplates.Count > 1)
            {
                var names = string.Join(", ", imageTemplates.Select(r => JsonRead.StrictStr(r, "name") ?? "(no name)"));
                throw new AibException(TemplateErrorIds.FileSeveralImageTemplates,
                    $"{what} holds {imageTemplates.Count} {ArmId.ImageTemplatesType} resources ({names}): keep one per file.", fileName);
            }

            return (JsonObject)imageTemplates[0].DeepClone();
        }

        /// <summary>
        /// Deployment-template strings: '[[x]' is the literal '[x]'; '[expr]' is evaluated by ARM at deployment, which a
        /// direct PUT cannot do. Name and location expressions are dropped (the caller usually supplies both); the
        /// others are recorded and become problems unless options replace them.
        /// </summary>
        private static void ReadArmStrings(TemplateFileContent content, JsonNode? node, string path)
        {
            if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                var text = value.GetValue<string>();
                if (!TemplateJson.IsArmExpression(text))
                {
                    value.ReplaceWith(TemplateJson.UnescapeFromArm(text));
                }
                else if (path == "name" || path == "location")
                {
                    content.Resource.Remove(path);
                    content.Notes.Add($"Dropped '{path}': its value {text} is an ARM expression; give the {path} explicitly.");
                }
                else
                {
                    content.Expressions.Add((value, new TemplateProblem(TemplateErrorIds.ArmExpressionNotSupported, path,
                        $"'{path}' is the ARM expression {text}, which only a deployment can evaluate: "
                            + "replace it with its value, or give the value as an option.")));
                }
            }
            else if (node is JsonObject obj)
            {
                obj.ToList().ForEach(p => ReadArmStrings(content, p.Value, JsonPath.Child(path, p.Key)));
            }
            else if (node is JsonArray array)
            {
                array.ToList().Select((item, i) => (item, i)).ToList().ForEach(x => ReadArmStrings(content, x.item, JsonPath.Index(path, x.i)));
            }
        }

        private static AibException NoImageTemplate(string what, string? fileName, string reason) =>
            new AibException(TemplateErrorIds.FileNoImageTemplate,
                $"{what} holds no image template ({reason}): "
                    + $"give a deployment template with one {ArmId.ImageTemplatesType} resource, that resource, "
                    + "or its body {location, identity, properties}.", fileName);
    }
}
