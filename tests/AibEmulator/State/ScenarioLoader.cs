using System.Text.Json;
using System.Text.Json.Nodes;

namespace AibEmulator.State;

/// <summary>Reads a scenario by name (scenarios/&lt;name&gt;.json beside the emulator) or path, applies its
/// <c>extends</c> chain (objects merged deeply, arrays and values replaced) and substitutes
/// <c>{subscriptionId}</c>, <c>{tenantId}</c>, <c>{location}</c> and <c>{resourceGroupName}</c> in every string.</summary>
public static class ScenarioLoader
{
    public static string ScenarioDirectory => Path.Combine(AppContext.BaseDirectory, "scenarios");

    public static IEnumerable<string> Names() =>
        Directory.Exists(ScenarioDirectory)
            ? Directory.GetFiles(ScenarioDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order()
            : [];

    public static JsonObject Load(string nameOrPath) => Substitute(Resolve(nameOrPath, 0));

    /// <summary>Loads a scenario given inline (the control endpoint's POST body).</summary>
    public static JsonObject FromObject(JsonObject scenario) =>
        Substitute(scenario["extends"] is null ? scenario : Merge(Resolve((string)scenario["extends"]!, 1), scenario));

    private static JsonObject Resolve(string nameOrPath, int depth)
    {
        if (depth > 8) throw new InvalidOperationException("scenario 'extends' chain too deep");
        var path = File.Exists(nameOrPath) ? nameOrPath : Path.Combine(ScenarioDirectory, nameOrPath + ".json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Scenario '{nameOrPath}' not found. Known: {string.Join(", ", Names())}.");
        var json = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        json["name"] ??= Path.GetFileNameWithoutExtension(path);
        if (json["extends"] is JsonValue parent)
            return Merge(Resolve((string)parent!, depth + 1), json);
        return json;
    }

    private static JsonObject Merge(JsonObject baseObject, JsonObject overlay)
    {
        var result = (JsonObject)baseObject.DeepClone();
        foreach (var (key, value) in overlay)
        {
            if (key == "extends") continue;
            if (value is JsonObject o && result[key] is JsonObject b) result[key] = Merge(b, o);
            else result[key] = value?.DeepClone();
        }
        result.Remove("extends");
        return result;
    }

    private static JsonObject Substitute(JsonObject scenario)
    {
        var values = new Dictionary<string, string?>
        {
            ["{subscriptionId}"] = (string?)scenario["subscriptionId"],
            ["{tenantId}"] = (string?)scenario["tenantId"],
            ["{location}"] = (string?)scenario["location"],
            ["{resourceGroupName}"] = (string?)scenario["resourceGroupName"],
        };
        var text = scenario.ToJsonString();
        foreach (var (token, value) in values)
            if (value is not null) text = text.Replace(token, JsonEncodedText.Encode(value).ToString());
        return JsonNode.Parse(text)!.AsObject();
    }
}
