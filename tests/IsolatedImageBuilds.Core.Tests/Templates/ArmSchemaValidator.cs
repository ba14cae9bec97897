using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.References;

namespace IsolatedImageBuilds.Core.Tests.Templates;

/// <summary>
/// The official ARM template schema of imageTemplates (tests/reference/arm-schema/2024-02-01), with its
/// https://schema.management.azure.com/schemas/... references served from the local copies: no network.
/// </summary>
internal static class ArmSchemaValidator
{
    private const string SchemaHost = "https://schema.management.azure.com/schemas/";

    private static readonly Lazy<JsonSchema> ImageTemplates = new(() => Load("imageTemplates"));
    private static readonly Lazy<JsonSchema> Triggers = new(() => Load("imageTemplates_triggers"));

    /// <summary>Schema errors of one imageTemplates resource as it appears in a deployment template's resources[].</summary>
    public static IReadOnlyList<string> Validate(JsonNode resource) =>
        ImageTemplates.Value.Validate(resource.ToJsonString()).Select(Describe).ToList();

    /// <summary>Schema errors of one imageTemplates/triggers resource of a deployment template's resources[].</summary>
    public static IReadOnlyList<string> ValidateTrigger(JsonNode resource) =>
        Triggers.Value.Validate(resource.ToJsonString()).Select(Describe).ToList();

    private static JsonSchema Load(string resourceDefinition)
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.ArmSchema, "2024-02-01", "Microsoft.VirtualMachineImages.json")))!;

        // The resource definition becomes the root, with the file's definitions beside it so '#/definitions/..' resolves.
        var root = file["resourceDefinitions"]![resourceDefinition]!.DeepClone().AsObject();
        root["$schema"] = "http://json-schema.org/draft-04/schema#";
        root["definitions"] = file["definitions"]!.DeepClone();
        return JsonSchema.FromJsonAsync(root.ToJsonString(), TestPaths.ArmSchema, schema => new LocalResolver(schema)).GetAwaiter().GetResult();
    }

    private static string Describe(NJsonSchema.Validation.ValidationError error) =>
        error is NJsonSchema.Validation.ChildSchemaValidationError child
            ? $"{error.Path}: {error.Kind} [{string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(Describe))}]"
            : $"{error.Path}: {error.Kind}";

    private sealed class LocalResolver(JsonSchema root) : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default)
        {
            var document = url.Split('#')[0];
            if (!document.StartsWith(SchemaHost, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The schema refers to {url}, which has no local copy (tests use no network).");
            }

            var local = Path.Combine(TestPaths.ArmSchema, document.Substring(SchemaHost.Length).Replace('/', Path.DirectorySeparatorChar));
            return await JsonSchema.FromFileAsync(local, schema => new LocalResolver(schema), cancellationToken);
        }
    }
}
