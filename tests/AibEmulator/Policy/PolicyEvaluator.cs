using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AibEmulator.Policy;

/// <summary>One leaf comparison made while evaluating a rule (reported by checkPolicyRestrictions).</summary>
public sealed record EvaluatedExpression(string Expression, string Kind, string Operator, JsonNode? Value, JsonNode? Target, bool Result);

/// <summary>Evaluates an Azure Policy rule's <c>if</c> against a resource's content: allOf/anyOf/not; field
/// (type, name, location, kind, id, tags, tags['x'], tags.x, property aliases) or value; operators equals,
/// notEquals, like, notLike, match, notMatch, in, notIn, contains, notContains, containsKey, notContainsKey,
/// exists, greater(OrEquals), less(OrEquals); <c>[parameters('x')]</c> and <c>[field('x')]</c> expressions.
/// String comparisons are case-insensitive, as in Azure Policy.</summary>
public sealed partial class PolicyEvaluator(JsonObject resource, JsonObject parameters)
{
    private static readonly string[] Operators =
        ["equals", "notEquals", "like", "notLike", "match", "matchInsensitively", "notMatch", "notMatchInsensitively", "in", "notIn", "contains", "notContains",
         "containsKey", "notContainsKey", "exists", "greater", "greaterOrEquals", "less", "lessOrEquals"];

    public List<EvaluatedExpression> Expressions { get; } = new();

    /// <summary>True when the condition holds (for a deny rule: the resource is non-compliant).</summary>
    public bool Evaluate(JsonNode? condition)
    {
        if (condition is not JsonObject c) throw new InvalidOperationException("policy condition must be an object");
        if (c["allOf"] is JsonArray all) return all.All(Evaluate);
        if (c["anyOf"] is JsonArray any) return any.Any(Evaluate);
        if (c.ContainsKey("not")) return !Evaluate(c["not"]);
        var op = Operators.FirstOrDefault(c.ContainsKey) ?? throw new NotSupportedException("unsupported policy condition: " + c.ToJsonString());
        var target = Resolve(c[op]);
        string kind, expression;
        JsonNode? value;
        bool exists;
        if (c["field"] is JsonNode f)
        {
            kind = "field";
            expression = (string)Resolve(f)!;
            (value, exists) = Field(expression);
        }
        else if (c.ContainsKey("value"))
        {
            kind = "value";
            value = Resolve(c["value"]);
            expression = c["value"]?.ToJsonString() ?? "null";
            exists = value is not null;
        }
        else throw new NotSupportedException("condition needs 'field' or 'value': " + c.ToJsonString());
        var result = Compare(op, value, exists, target);
        Expressions.Add(new EvaluatedExpression(expression, kind, op, value?.DeepClone(), target?.DeepClone(), result));
        return result;
    }

    /// <summary>Resolves "[parameters('x')]" / "[field('x')]" in a value; other values are returned as they are.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return node;
        var text = (string)v!;
        var p = ParameterExpression().Match(text);
        if (p.Success)
            return parameters.TryGetPropertyValue(p.Groups[1].Value, out var value) ? value : throw new InvalidOperationException($"policy parameter '{p.Groups[1].Value}' has no value");
        var f = FieldExpression().Match(text);
        if (f.Success) return Field(f.Groups[1].Value).Value;
        return text.StartsWith("[[") ? text[1..] : node;
    }

    /// <summary>The value of a policy field for the resource, and whether it exists.</summary>
    public (JsonNode? Value, bool Exists) Field(string field)
    {
        var lower = field.ToLowerInvariant();
        if (lower is "type" or "name" or "location" or "kind" or "id" or "fullname")
        {
            var v = resource[lower == "fullname" ? "name" : lower];
            return (v, v is not null);
        }
        if (lower == "tags") return (resource["tags"], resource["tags"] is not null);
        var tag = TagExpression().Match(field);
        if (tag.Success)
        {
            var name = tag.Groups["a"].Success ? tag.Groups["a"].Value : tag.Groups["b"].Success ? tag.Groups["b"].Value : tag.Groups["c"].Value;
            var tags = resource["tags"] as JsonObject;
            var pair = tags?.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase));
            return (pair?.Value, pair?.Value is not null);
        }
        // Alias "Namespace/type/prop.sub" → properties.prop.sub of a resource of that type.
        var type = (string?)resource["type"] ?? "";
        if (!field.StartsWith(type + "/", StringComparison.OrdinalIgnoreCase)) return (null, false);
        JsonNode? node = resource["properties"];
        foreach (var part in field[(type.Length + 1)..].Split('.'))
        {
            node = (node as JsonObject)?.FirstOrDefault(kv => string.Equals(kv.Key, part, StringComparison.OrdinalIgnoreCase)).Value;
            if (node is null) return (null, false);
        }
        return (node, true);
    }

    private static bool Compare(string op, JsonNode? value, bool exists, JsonNode? target) => op switch
    {
        "exists" => exists == AsBool(target),
        "equals" => EqualsLoose(value, target),
        "notEquals" => !EqualsLoose(value, target),
        "like" => Like(Text(value), Text(target)),
        "notLike" => !Like(Text(value), Text(target)),
        "match" => MatchPattern(Text(value), Text(target), false),
        "matchInsensitively" => MatchPattern(Text(value), Text(target), true),
        "notMatch" => !MatchPattern(Text(value), Text(target), false),
        "notMatchInsensitively" => !MatchPattern(Text(value), Text(target), true),
        "in" => (target as JsonArray ?? []).Any(t => EqualsLoose(value, t)),
        "notIn" => !(target as JsonArray ?? []).Any(t => EqualsLoose(value, t)),
        "contains" => value is JsonArray a ? a.Any(x => EqualsLoose(x, target)) : Text(value).Contains(Text(target), StringComparison.OrdinalIgnoreCase),
        "notContains" => !(value is JsonArray a2 ? a2.Any(x => EqualsLoose(x, target)) : Text(value).Contains(Text(target), StringComparison.OrdinalIgnoreCase)),
        "containsKey" => value is JsonObject o && o.Any(kv => string.Equals(kv.Key, Text(target), StringComparison.OrdinalIgnoreCase)),
        "notContainsKey" => !(value is JsonObject o2 && o2.Any(kv => string.Equals(kv.Key, Text(target), StringComparison.OrdinalIgnoreCase))),
        "greater" => Order(value, target) > 0,
        "greaterOrEquals" => Order(value, target) >= 0,
        "less" => Order(value, target) < 0,
        "lessOrEquals" => Order(value, target) <= 0,
        _ => throw new NotSupportedException(op),
    };

    /// <summary>A missing field compares as an empty string; booleans and numbers compare by value.</summary>
    private static bool EqualsLoose(JsonNode? a, JsonNode? b)
    {
        if (a is JsonValue va && b is JsonValue vb && va.GetValueKind() != JsonValueKind.String && vb.GetValueKind() != JsonValueKind.String)
            return va.ToJsonString() == vb.ToJsonString();
        if (a is JsonObject or JsonArray || b is JsonObject or JsonArray) return a?.ToJsonString() == b?.ToJsonString();
        return string.Equals(Text(a), Text(b), StringComparison.OrdinalIgnoreCase);
    }

    private static string Text(JsonNode? n) => n switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => (string)v!,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        _ => n.ToJsonString(),
    };

    private static bool AsBool(JsonNode? n) => n is JsonValue v && (v.GetValueKind() == JsonValueKind.True || v.GetValueKind() == JsonValueKind.String && string.Equals((string)v!, "true", StringComparison.OrdinalIgnoreCase));

    private static bool Like(string value, string pattern) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase | RegexOptions.Singleline);

    /// <summary>match: '#' a digit, '?' a letter, '.' any character, anything else literal.</summary>
    private static bool MatchPattern(string value, string pattern, bool insensitive)
    {
        var regex = string.Concat(pattern.Select(ch => ch switch { '#' => "[0-9]", '?' => "[A-Za-z]", '.' => ".", _ => Regex.Escape(ch.ToString()) }));
        return Regex.IsMatch(value, "^" + regex + "$", insensitive ? RegexOptions.IgnoreCase : RegexOptions.None);
    }

    private static int Order(JsonNode? a, JsonNode? b) =>
        double.TryParse(Text(a), out var x) && double.TryParse(Text(b), out var y) ? x.CompareTo(y) : string.Compare(Text(a), Text(b), StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$", RegexOptions.IgnoreCase)]
    private static partial Regex ParameterExpression();

    [GeneratedRegex(@"^\[field\('([^']+)'\)\]$", RegexOptions.IgnoreCase)]
    private static partial Regex FieldExpression();

    [GeneratedRegex(@"^tags(\['(?<a>[^']+)'\]|\[(?<b>[^\]]+)\]|\.(?<c>.+))$", RegexOptions.IgnoreCase)]
    private static partial Regex TagExpression();
}
