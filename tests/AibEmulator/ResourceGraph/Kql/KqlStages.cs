using System.Text.Json.Nodes;

namespace AibEmulator.ResourceGraph.Kql;

/// <summary>Rows with their column order (the order of an objectArray row's properties and of a table's columns).</summary>
public sealed record Table(IReadOnlyList<string> Columns, IEnumerable<Row> Rows);

public interface IStage
{
    Table Apply(Table input);
}

public sealed record NamedExpr(string Name, Expr Expr);

public sealed class WhereStage(Expr predicate) : IStage
{
    public Table Apply(Table input) => input with { Rows = input.Rows.Where(r => KqlValues.IsTrue(predicate.Eval(r))) };
}

/// <summary>project (only the named columns) and extend (columns added or replaced).</summary>
public sealed class ProjectStage(IReadOnlyList<NamedExpr> columns, bool extend) : IStage
{
    public Table Apply(Table input)
    {
        var names = extend ? input.Columns.Concat(columns.Select(c => c.Name).Where(n => !input.Columns.Contains(n))).ToList()
            : columns.Select(c => c.Name).ToList();
        return new Table(names, input.Rows.Select(r =>
        {
            var row = new Row();
            if (extend) foreach (var (k, v) in r) row[k] = v;
            foreach (var c in columns) row[c.Name] = c.Expr.Eval(r);
            return row;
        }));
    }
}

public sealed record Aggregate(string Name, string Function, Expr? Argument);

/// <summary>summarize count(), countif(p), dcount(x) [by a, b]: one row per distinct group, group columns first.</summary>
public sealed class SummarizeStage(IReadOnlyList<Aggregate> aggregates, IReadOnlyList<NamedExpr> by) : IStage
{
    public Table Apply(Table input)
    {
        var groups = new Dictionary<string, (JsonNode?[] Keys, List<Row> Rows)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in input.Rows)
        {
            var keys = by.Select(b => b.Expr.Eval(row)).ToArray();
            var key = string.Join('\u0001', keys.Select(k => k?.ToJsonString() ?? "null"));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = (keys, new List<Row>());
                order.Add(key);
            }
            group.Rows.Add(row);
        }
        if (by.Count == 0 && groups.Count == 0) { groups[""] = ([], []); order.Add(""); }
        var columns = by.Select(b => b.Name).Concat(aggregates.Select(a => a.Name)).ToList();
        return new Table(columns, order.Select(k =>
        {
            var (keys, rows) = groups[k];
            var result = new Row();
            for (int i = 0; i < by.Count; i++) result[by[i].Name] = keys[i];
            foreach (var a in aggregates) result[a.Name] = JsonValue.Create(Evaluate(a, rows));
            return result;
        }).ToList());
    }

    private static long Evaluate(Aggregate a, List<Row> rows) => a.Function switch
    {
        "count" => rows.Count,
        "countif" => rows.Count(r => KqlValues.IsTrue(a.Argument!.Eval(r))),
        _ => rows.Select(r => a.Argument!.Eval(r)?.ToJsonString()).Where(v => v is not null).Distinct().Count(), // dcount
    };
}

public sealed record SortKey(Expr Expr, bool Descending);

/// <summary>order by / sort by; KQL's default direction is descending.</summary>
public sealed class OrderStage(IReadOnlyList<SortKey> keys) : IStage
{
    public Table Apply(Table input)
    {
        var rows = input.Rows.Select(r => (Row: r, Keys: keys.Select(k => k.Expr.Eval(r)).ToArray())).ToList();
        rows.Sort((x, y) =>
        {
            for (int i = 0; i < keys.Count; i++)
            {
                int c = KqlValues.Compare(x.Keys[i], y.Keys[i]);
                if (c != 0) return keys[i].Descending ? -c : c;
            }
            return 0;
        });
        return input with { Rows = rows.Select(r => r.Row).ToList() };
    }
}

public sealed class LimitStage(int count) : IStage
{
    public Table Apply(Table input) => input with { Rows = input.Rows.Take(count) };
}
