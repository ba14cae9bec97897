using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using Ids = IsolatedImageBuilds.Core.Templates.TemplateErrorIds;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// The checks the REST specification itself implies, at the template's api-version: known (case-exact) field names,
    /// JSON types, required fields, enums, discriminators, ranges, patterns and read-only fields.
    /// Since 2024-02-01 the service is case-sensitive and rejects unknown fields, so each of these would fail the PUT.
    /// </summary>
    internal sealed class SchemaRules
    {
        // Keys of an imageTemplates resource in a deployment template that never reach the PUT body.
        private static readonly HashSet<string> DeploymentKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "type", "apiVersion", "name", "dependsOn", "condition", "comments",
        };

        private readonly SwaggerShape shape;
        private readonly HashSet<string>? unknownAtNewest;
        private readonly List<TemplateProblem> problems = new List<TemplateProblem>();

        private SchemaRules(SwaggerShape shape, HashSet<string>? unknownAtNewest)
        {
            this.shape = shape;
            this.unknownAtNewest = unknownAtNewest;
        }

        public static IReadOnlyList<TemplateProblem> Check(JsonObject resource, SwaggerShape shape)
        {
            HashSet<string>? unknownAtNewest = null;
            if (shape != SwaggerShape.Newest)
            {
                // A field unknown here but known to the newest version is a version problem, not a typo.
                unknownAtNewest = new HashSet<string>(
                    new SchemaRules(SwaggerShape.Newest, null).Walk(resource)
                        .Where(p => p.Error == Ids.UnknownField)
                        .Select(p => p.FieldPath),
                    StringComparer.Ordinal);
            }

            return new SchemaRules(shape, unknownAtNewest).Walk(resource);
        }

        private List<TemplateProblem> Walk(JsonObject resource)
        {
            var view = shape.View(shape.Definition("ImageTemplate"), "ImageTemplate", resource);
            foreach (var pair in resource.Where(p => !DeploymentKeys.Contains(p.Key)))
            {
                WalkProperty(view, pair.Key, pair.Value, string.Empty);
            }

            CheckRequired(view, resource, string.Empty);
            return problems;
        }

        private void Walk(JsonNode? value, JsonObject schema, string owner, string path)
        {
            var view = shape.View(schema, owner, value);
            if (view.ReadOnly)
            {
                Add(Ids.ReadOnlyField, path, $"'{path}' is read-only: the service sets it. Remove it from the template.");
                return;
            }

            if (value == null)
            {
                return;
            }

            if (!HasExpectedType(view, value, path))
            {
                return;
            }

            switch (value)
            {
                case JsonObject obj:
                    WalkObject(view, obj, path);
                    break;
                case JsonArray array when view.Items != null:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], view.Items, owner, JsonPath.Index(path, i));
                    }

                    break;
                case JsonValue scalar:
                    CheckScalar(view, scalar, path);
                    break;
            }
        }

        private void WalkObject(SchemaView view, JsonObject obj, string path)
        {
            if (view.DiscriminatorValues != null && view.ChosenVariant == null)
            {
                var given = JsonRead.StrictStr(obj, view.Discriminator!);
                var allowed = string.Join(", ", view.DiscriminatorValues);
                var fieldPath = JsonPath.Child(path, view.Discriminator!);
                Add(view.DiscriminatorBase == "DistributeVersioner" ? Ids.VersioningInvalid : Ids.UnknownType, fieldPath, given == null
                    ? $"'{fieldPath}' is missing: set it to one of {allowed}."
                    : $"'{fieldPath}' is '{given}', which api-version {shape.ApiVersion} does not know (case-sensitive): use one of {allowed}.");
                return;
            }

            foreach (var pair in obj)
            {
                WalkProperty(view, pair.Key, pair.Value, path);
            }

            CheckRequired(view, obj, path);
        }

        private void WalkProperty(SchemaView view, string key, JsonNode? value, string path)
        {
            var childPath = JsonPath.Child(path, key);
            if (view.Properties.TryGetValue(key, out var property))
            {
                Walk(value, property.Schema, $"{property.Owner}.{key}", childPath);
            }
            else if (view.AdditionalProperties != null)
            {
                Walk(value, view.AdditionalProperties, view.Owner, childPath);
            }
            else if (view.Properties.Count > 0 || view.Discriminator != null)
            {
                ReportUnknown(view, key, path, childPath);
            }

            // An object schema without properties (systemData) is free-form.
        }

        private void ReportUnknown(SchemaView view, string key, string parentPath, string childPath)
        {
            var where = parentPath.Length == 0 ? "the resource" : $"'{parentPath}'";
            var cased = view.Properties.Keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            if (view.Owner.StartsWith("DistributeVersioner", StringComparison.Ordinal) && cased == null)
            {
                Add(Ids.VersioningInvalid, childPath,
                    $"'{childPath}' does not apply to versioning scheme '{view.ChosenVariant?.Substring("DistributeVersioner".Length)}' (only "
                        + "'Latest' takes 'major'). Remove it or use scheme 'Latest'.");
            }
            else if (cased != null)
            {
                Add(Ids.UnknownField, childPath,
                    $"'{childPath}' is not a field of {where}: api-version {shape.ApiVersion} matches names case-sensitively. "
                        + $"Write it as '{cased}'.");
            }
            else if (unknownAtNewest != null && !unknownAtNewest.Contains(childPath))
            {
                Add(Ids.FieldRequiresNewerApiVersion, childPath,
                    $"'{childPath}' does not exist at api-version {shape.ApiVersion}; it needs {SwaggerShape.Newest.ApiVersion}. "
                        + $"Choose api-version {SwaggerShape.Newest.ApiVersion} or remove the field.");
            }
            else
            {
                var known = string.Join(", ", view.Properties.Keys.Where(k => !IsReadOnly(view.Properties[k])));
                Add(Ids.UnknownField, childPath,
                    $"'{childPath}' is not a field of {where} at api-version {shape.ApiVersion} (it knows: {known}). Remove it or correct its name.");
            }
        }

        private bool IsReadOnly(SchemaProperty property) => shape.View(property.Schema, property.Owner, null).ReadOnly;

        private void CheckRequired(SchemaView view, JsonObject obj, string path)
        {
            foreach (var required in view.Required)
            {
                if (obj[required.Name] != null || required.Name == view.Discriminator)
                {
                    continue;
                }

                var fieldPath = JsonPath.Child(path, required.Name);
                Add(RequiredId(required.Owner, required.Name), fieldPath,
                    $"'{fieldPath}' is required at api-version {shape.ApiVersion}{RequiredHint(required.Owner, required.Name)}.");
            }
        }

        private bool HasExpectedType(SchemaView view, JsonNode value, string path)
        {
            var kind = value.GetValueKind();
            var expected = view.IsObject ? "object" : view.Type;
            var ok = expected switch
            {
                "object" => kind == JsonValueKind.Object,
                "array" => kind == JsonValueKind.Array,
                "string" => kind == JsonValueKind.String,
                "boolean" => kind == JsonValueKind.True || kind == JsonValueKind.False,
                "integer" => JsonRead.TryNumber(value, out var n) && n == Math.Floor(n),
                "number" => kind == JsonValueKind.Number,
                _ => true,
            };
            if (!ok)
            {
                Add(Ids.ValueWrongType, path, $"'{path}' must be {Article(expected!)}, not {value.ToJsonString()}. Write it as JSON {expected}.");
            }

            return ok;
        }

        private void CheckScalar(SchemaView view, JsonValue value, string path)
        {
            var field = path.Substring(path.LastIndexOf('.') + 1);
            if (view.Enum != null && value.GetValueKind() == JsonValueKind.String)
            {
                var text = value.GetValue<string>();
                var allowed = view.Enum.Select(e => e!.GetValue<string>()).ToList();
                if (!allowed.Contains(text, StringComparer.Ordinal))
                {
                    Add(EnumId(view.RefName), path, $"'{path}' is '{text}': use one of {string.Join(", ", allowed)} (case-sensitive).");
                }
            }

            if (view.Pattern != null && value.GetValueKind() == JsonValueKind.String && !Regex.IsMatch(value.GetValue<string>(), view.Pattern))
            {
                Add(field == "runOutputName" ? Ids.InvalidRunOutputName : Ids.PatternMismatch, path,
                    $"'{path}' is '{value.GetValue<string>()}', which does not match {view.Pattern}: use 1 to 64 letters, digits, '-', '_' or '.'.");
            }

            if (JsonRead.TryNumber(value, out var number) && (number < view.Minimum || number > view.Maximum))
            {
                var range = view.Maximum == null ? $"at least {view.Minimum}" : $"between {view.Minimum} and {view.Maximum}";
                Add(RangeId(field), path, $"'{path}' is {number.ToString(CultureInfo.InvariantCulture)}: it must be {range}{RangeHint(field)}.");
            }
        }

        private static AibError RequiredId(string owner, string name) => (owner, name) switch
        {
            ("ImageTemplate", "identity") => Ids.IdentityMissing,
            ("TrackedResource", "location") => Ids.LocationMissing,
            ("ImageTemplateProperties", "source") => Ids.SourceMissing,
            ("ImageTemplateProperties", "distribute") => Ids.DistributeMissing,
            ("ImageTemplateManagedImageDistributor", "location") => Ids.ManagedImageDistributeMissingLocation,
            ("ImageTemplateDistributor", "runOutputName") => Ids.RunOutputNameMissing,
            ("PlatformImagePurchasePlan", _) => Ids.PlanInfoIncomplete,
            _ => Ids.RequiredFieldMissing,
        };

        private static string RequiredHint(string owner, string name) => (owner, name) switch
        {
            ("ImageTemplate", "identity") => ": give the template exactly one user-assigned identity",
            ("TrackedResource", "location") => ": set the Azure region of the template",
            ("ImageTemplateProperties", "source") => ": give a PlatformImage, ManagedImage or SharedImageVersion source",
            ("ImageTemplateProperties", "distribute") => ": add at least one ManagedImage, SharedImage or VHD distributor",
            ("ImageTemplateManagedImageDistributor", "location") => ": set the region of the managed image",
            ("ImageTemplateDistributor", "runOutputName") => ": name the run output (1-64 letters, digits, '-', '_', '.')",
            ("PlatformImagePurchasePlan", _) => ": planInfo needs planName, planProduct and planPublisher together",
            _ => ": add it",
        };

        private static AibError EnumId(string? refName) => refName switch
        {
            "SharedImageStorageAccountType" => Ids.StorageAccountTypeInvalid,
            "onBuildError" => Ids.ErrorHandlingValueInvalid,
            "OnBuildError" => Ids.ErrorHandlingValueInvalid,
            _ => Ids.EnumValueInvalid,
        };

        private static AibError RangeId(string field) => field switch
        {
            "buildTimeoutInMinutes" => Ids.BuildTimeoutOutOfRange,
            "osDiskSizeGB" => Ids.OsDiskSizeInvalid,
            "replicaCount" => Ids.SharedImageReplicaCountInvalid,
            "major" => Ids.VersioningInvalid,
            _ => Ids.ValueOutOfRange,
        };

        private static string RangeHint(string field) => field switch
        {
            "buildTimeoutInMinutes" => " (0 means the default of 240 minutes)",
            "osDiskSizeGB" => " (0 keeps the source image's size)",
            "major" => " (-1 means the latest major version)",
            _ => string.Empty,
        };

        private static string Article(string type) => type == "object" || type == "array" || type == "integer" ? $"an {type}" : $"a {type}";

        private void Add(AibError error, string path, string message) => problems.Add(new TemplateProblem(error, path, message));
    }
}
