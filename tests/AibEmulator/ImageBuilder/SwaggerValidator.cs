using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AibEmulator.Arm;

namespace AibEmulator.ImageBuilder;

/// <summary>Validates a request body against the Image Builder swagger of its api-version, in the two
/// passes the service makes: first unmarshalling (field names are case-sensitive and unknown fields are
/// refused, JSON types must fit), then validation (required fields, enums, patterns, ranges).
/// Everything comes from tests/reference/imagebuilder-rest/&lt;version&gt;/imagebuilder.json.</summary>
public sealed class SwaggerValidator
{
    private const string Reference = "Please review http://aka.ms/azvmimagebuildertmplref for details on fields requirements in the Image Builder Template.";
    private static readonly ConcurrentDictionary<string, SwaggerValidator> Cache = new();
    private readonly JsonObject _definitions;

    private SwaggerValidator(JsonObject swagger) => _definitions = swagger["definitions"]!.AsObject();

    public static SwaggerValidator For(string referenceDirectory, string apiVersion) =>
        Cache.GetOrAdd(apiVersion, v =>
        {
            var path = Path.Combine(referenceDirectory, "imagebuilder-rest", v, "imagebuilder.json");
            return new SwaggerValidator(JsonNode.Parse(File.ReadAllText(path))!.AsObject());
        });

    /// <summary>Throws 400 with Azure's text for the first problem found.</summary>
    public void Validate(JsonObject body, string definition, string label)
    {
        var schema = _definitions[definition]!.AsObject();
        Walk(body, schema, label, definition, unmarshal: true);
        Walk(body, schema, label, definition, unmarshal: false);
    }

    private void Walk(JsonNode? node, JsonObject schema, string label, string goType, bool unmarshal)
    {
        schema = Resolve(schema, out var refName);
        goType = refName ?? goType;
        if (node is null) return;
        var type = (string?)schema["type"];
        if (type == "object" || schema["properties"] is not null || schema["allOf"] is not null || schema["discriminator"] is not null)
        {
            WalkObject(node, schema, label, goType, unmarshal, refName);
            return;
        }
        if (type == "array")
        {
            if (node is not JsonArray array) { if (unmarshal) throw TypeError(node, "[]" + goType, label); return; }
            var items = schema["items"] as JsonObject ?? new JsonObject();
            for (var i = 0; i < array.Count; i++) Walk(array[i], items, $"{label}[{i}]", goType, unmarshal);
            return;
        }
        if (type is null) return;
        var kind = node.GetValueKind();
        var fits = type switch
        {
            "string" => kind == JsonValueKind.String,
            "integer" => kind == JsonValueKind.Number && node.AsValue().TryGetValue<long>(out _),
            "number" => kind == JsonValueKind.Number,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            _ => true,
        };
        if (!fits) { if (unmarshal) throw TypeError(node, GoTypeName(type), label); return; }
        if (unmarshal) return;
        CheckValue(node, schema, label);
    }

    private void WalkObject(JsonNode node, JsonObject schema, string label, string goType, bool unmarshal, string? definitionName)
    {
        if (node is not JsonObject obj) { if (unmarshal) throw TypeError(node, goType, label); return; }
        var properties = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var required = new List<string>();
        Collect(schema, properties, required);

        var discriminator = (string?)schema["discriminator"];
        if (discriminator is not null && definitionName is not null && obj[discriminator] is JsonValue tag && tag.GetValueKind() == JsonValueKind.String)
        {
            var subtype = FindSubtype(definitionName, (string)tag!);
            if (subtype is null)
            {
                // Unknown kind: its fields cannot be judged; the validation pass reports the bad type.
                if (unmarshal) return;
                throw Invalid($"'{label}': Field '{discriminator}' has a bad value: '{(string)tag!}'.");
            }
            Collect(subtype, properties, required);
        }

        var additional = schema["additionalProperties"] as JsonObject;
        foreach (var (key, value) in obj)
        {
            if (properties.TryGetValue(key, out var propSchema))
            {
                if (propSchema["readOnly"]?.GetValue<bool>() == true) continue; // read-only: accepted, ignored
                Walk(value, propSchema, $"{label}.{key}", goType + "." + key, unmarshal);
            }
            else if (additional is not null)
                Walk(value, additional, $"{label}.{key}", goType, unmarshal);
            else if (unmarshal && properties.Count > 0 || unmarshal && schema["properties"] is not null)
                throw ArmException.BadRequest("BadRequest",
                    $"Unmarshalling entity encountered error: json: unknown field \"{key}\". {Reference}");
        }
        if (unmarshal) return;
        foreach (var name in required)
            if (obj[name] is null)
                throw name == "identity"
                    ? ArmException.BadRequest("BadRequest", $"Validation failed: '{label}': Missing field 'identity'. {Reference}")
                    : Invalid($"'{label}': Missing field '{name}'.");
    }

    private void CheckValue(JsonNode node, JsonObject schema, string label)
    {
        var field = label[(label.LastIndexOf('.') + 1)..];
        string Shown() => node.GetValueKind() == JsonValueKind.String ? (string)node! : node.ToJsonString();
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => a!.ToJsonString() == node.ToJsonString()))
            throw Invalid($"'{Parent(label)}': Field '{field}' has a bad value: '{Shown()}'.");
        if ((string?)schema["pattern"] is { } pattern && !Regex.IsMatch((string)node!, pattern))
            throw Invalid($"'{Parent(label)}': Field '{field}' has a bad value: '{Shown()}'. It must match '{pattern}'.");
        if (node.GetValueKind() == JsonValueKind.Number)
        {
            var value = node.GetValue<double>();
            if (schema["minimum"] is JsonValue min && value < min.GetValue<double>() || schema["maximum"] is JsonValue max && value > max.GetValue<double>())
                throw Invalid($"'{Parent(label)}': Field '{field}' has a bad value: '{Shown()}'. It must be between {schema["minimum"]?.ToJsonString() ?? "-inf"} and {schema["maximum"]?.ToJsonString() ?? "inf"}.");
        }
    }

    /// <summary>Own properties plus those inherited through allOf; ARM's common Resource types
    /// (outside this file) contribute their well-known fields.</summary>
    private void Collect(JsonObject schema, Dictionary<string, JsonObject> properties, List<string> required)
    {
        foreach (var part in schema["allOf"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var reference = (string?)part["$ref"];
            if (reference is not null && !reference.StartsWith("#/"))
            {
                foreach (var common in new[] { "id", "name", "type", "systemData" })
                    properties[common] = new JsonObject { ["type"] = common == "systemData" ? "object" : "string", ["readOnly"] = true };
                if (reference.EndsWith("TrackedResource"))
                {
                    properties["location"] = new JsonObject { ["type"] = "string" };
                    properties["tags"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" } };
                    required.Add("location");
                }
                continue;
            }
            Collect(Resolve(part, out _), properties, required);
        }
        foreach (var (name, prop) in schema["properties"]?.AsObject() ?? new JsonObject())
            properties[name] = prop!.AsObject();
        foreach (var name in schema["required"]?.AsArray() ?? new JsonArray())
            if (!required.Contains((string)name!)) required.Add((string)name!);
    }

    private JsonObject? FindSubtype(string baseDefinition, string value)
    {
        foreach (var (_, def) in _definitions)
        {
            if ((string?)def!["x-ms-discriminator-value"] != value) continue;
            if (def["allOf"]?.AsArray().Any(p => (string?)p!["$ref"] == "#/definitions/" + baseDefinition) == true)
                return def.AsObject();
        }
        return null;
    }

    private JsonObject Resolve(JsonObject schema, out string? name)
    {
        name = null;
        while ((string?)schema["$ref"] is { } reference && reference.StartsWith("#/definitions/"))
        {
            name = reference["#/definitions/".Length..];
            schema = _definitions[name]!.AsObject();
        }
        return schema;
    }

    private static string Parent(string label) => label.Contains('.') ? label[..label.LastIndexOf('.')] : label;

    private static string GoTypeName(string type) => type switch { "integer" => "int32", "boolean" => "bool", "number" => "float64", _ => type };

    private static ArmException TypeError(JsonNode node, string goType, string label) =>
        ArmException.BadRequest("BadRequest",
            $"Unmarshalling entity encountered error: json: cannot unmarshal {JsonKind(node)} into Go struct field {label} of type {goType}. {Reference}");

    private static string JsonKind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };

    public static ArmException Invalid(string detail) =>
        ArmException.BadRequest("ValidationFailed", $"Validation failed: {detail} {Reference}");
}
