using System.Text.Json.Nodes;

namespace AibEmulator.ResourceGraph.Kql;

/// <summary>One row: column name → value. Values may be the stored resource's own nodes (never modified).</summary>
public sealed class Row : Dictionary<string, JsonNode?>
{
    public Row() : base(StringComparer.Ordinal) { }
}

public abstract class Expr
{
    public abstract JsonNode? Eval(Row row);

    /// <summary>The column name KQL gives an unnamed expression in project/summarize by (null: Column1, Column2...).</summary>
    public virtual string? DefaultName => null;
}

public sealed class Literal(JsonNode? value) : Expr
{
    public override JsonNode? Eval(Row row) => value;
}

/// <summary>column, column.a.b, column['a'][0]</summary>
public sealed class PathExpr(string column, IReadOnlyList<object> steps) : Expr
{
    public string Column => column;
    public IReadOnlyList<object> Steps => steps;

    public override JsonNode? Eval(Row row)
    {
        if (!row.TryGetValue(column, out var node))
            throw new KqlException($"Failed to resolve scalar expression named '{column}'.", 0);
        foreach (var step in steps)
        {
            node = step switch
            {
                string name when node is JsonObject o => o.TryGetPropertyValue(name, out var v) ? v : null,
                int index when node is JsonArray a => index >= 0 && index < a.Count ? a[index] : null,
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    public override string DefaultName => string.Join('_', new[] { column }.Concat(steps.Select(s => s.ToString()!)));
}

public sealed class ListExpr(IReadOnlyList<Expr> items) : Expr
{
    public IReadOnlyList<Expr> Items => items;
    public override JsonNode? Eval(Row row) => new JsonArray(items.Select(i => i.Eval(row)?.DeepClone()).ToArray());
}

public sealed class Binary(string op, Expr left, Expr right) : Expr
{
    public override JsonNode? Eval(Row row)
    {
        if (op == "and") return KqlValues.Bool(KqlValues.IsTrue(left.Eval(row)) && KqlValues.IsTrue(right.Eval(row)));
        if (op == "or") return KqlValues.Bool(KqlValues.IsTrue(left.Eval(row)) || KqlValues.IsTrue(right.Eval(row)));
        var a = left.Eval(row);
        if (right is ListExpr list)
        {
            bool ignoreCase = op.EndsWith('~');
            bool found = list.Items.Any(i => KqlValues.Equal(a, i.Eval(row), ignoreCase));
            return KqlValues.Bool(op.StartsWith('!') ? !found : found);
        }
        var b = right.Eval(row);
        string text = KqlValues.Text(a) ?? "", term = KqlValues.Text(b) ?? "";
        return op switch
        {
            "==" => KqlValues.Bool(KqlValues.Equal(a, b, false)),
            "!=" => KqlValues.Bool(a is not null && b is not null && !KqlValues.Equal(a, b, false)),
            "=~" => KqlValues.Bool(KqlValues.Equal(a, b, true)),
            "!~" => KqlValues.Bool(!KqlValues.Equal(a, b, true)),
            "<" => KqlValues.Bool(a is not null && b is not null && KqlValues.Compare(a, b) < 0),
            "<=" => KqlValues.Bool(a is not null && b is not null && KqlValues.Compare(a, b) <= 0),
            ">" => KqlValues.Bool(a is not null && b is not null && KqlValues.Compare(a, b) > 0),
            ">=" => KqlValues.Bool(a is not null && b is not null && KqlValues.Compare(a, b) >= 0),
            "contains" => KqlValues.Bool(text.Contains(term, StringComparison.OrdinalIgnoreCase)),
            "!contains" => KqlValues.Bool(!text.Contains(term, StringComparison.OrdinalIgnoreCase)),
            "contains_cs" => KqlValues.Bool(text.Contains(term, StringComparison.Ordinal)),
            "has" => KqlValues.Bool(KqlValues.Has(text, term)),
            "!has" => KqlValues.Bool(!KqlValues.Has(text, term)),
            "startswith" => KqlValues.Bool(text.StartsWith(term, StringComparison.OrdinalIgnoreCase)),
            "!startswith" => KqlValues.Bool(!text.StartsWith(term, StringComparison.OrdinalIgnoreCase)),
            "endswith" => KqlValues.Bool(text.EndsWith(term, StringComparison.OrdinalIgnoreCase)),
            _ => throw new KqlException($"Operator '{op}' is not supported.", 0),
        };
    }
}

/// <summary>The scalar functions the evaluator knows; any other name is refused as ARG refuses an unknown function.</summary>
public sealed class Call(string name, IReadOnlyList<Expr> args, int position) : Expr
{
    public static readonly HashSet<string> Known = ["tostring", "tolower", "toupper", "isnull", "isnotnull", "isempty", "isnotempty", "not",
        "iff", "iif", "coalesce", "array_length", "strcat", "toint", "tolong"];

    public string Name => name;
    public IReadOnlyList<Expr> Args => args;

    public override JsonNode? Eval(Row row)
    {
        JsonNode? Arg(int i) => i < args.Count ? args[i].Eval(row) : throw new KqlException($"Function '{name}' needs {i + 1} argument(s).", position);
        return name switch
        {
            "tostring" => JsonValue.Create(KqlValues.Text(Arg(0)) ?? ""),
            "tolower" => JsonValue.Create((KqlValues.Text(Arg(0)) ?? "").ToLowerInvariant()),
            "toupper" => JsonValue.Create((KqlValues.Text(Arg(0)) ?? "").ToUpperInvariant()),
            "isnull" => KqlValues.Bool(Arg(0) is null),
            "isnotnull" => KqlValues.Bool(Arg(0) is not null),
            "isempty" => KqlValues.Bool(KqlValues.IsEmpty(Arg(0))),
            "isnotempty" => KqlValues.Bool(!KqlValues.IsEmpty(Arg(0))),
            "not" => KqlValues.Bool(!KqlValues.IsTrue(Arg(0))),
            "iff" or "iif" => KqlValues.IsTrue(Arg(0)) ? Arg(1) : Arg(2),
            "coalesce" => args.Select(a => a.Eval(row)).FirstOrDefault(v => !KqlValues.IsEmpty(v)),
            "array_length" => Arg(0) is JsonArray a ? JsonValue.Create(a.Count) : null,
            "strcat" => JsonValue.Create(string.Concat(args.Select(a => KqlValues.Text(a.Eval(row))))),
            "toint" or "tolong" => double.TryParse(KqlValues.Text(Arg(0)), out var n) ? JsonValue.Create((long)n) : null,
            _ => throw new KqlException($"Unknown function: '{name}'.", position),
        };
    }
}
