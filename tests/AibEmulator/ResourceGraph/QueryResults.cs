using System.Text.Json.Nodes;

namespace AibEmulator.ResourceGraph;

/// <summary>A query's whole result, copied out of the store: what its $skipToken pages continue.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<JsonObject> Rows);

/// <summary>The last few results by query fingerprint (query text and scope), for $skipToken continuations.</summary>
public sealed class QueryResults
{
    private const int Capacity = 8;
    private readonly LinkedList<(string Key, QueryResult Result)> _recent = new();
    private readonly object _sync = new();

    public QueryResult? Get(string fingerprint)
    {
        lock (_sync) return _recent.FirstOrDefault(e => e.Key == fingerprint).Result;
    }

    public QueryResult Add(string fingerprint, QueryResult result)
    {
        lock (_sync)
        {
            var existing = _recent.FirstOrDefault(e => e.Key == fingerprint);
            if (existing.Key is not null) _recent.Remove(existing);
            _recent.AddFirst((fingerprint, result));
            while (_recent.Count > Capacity) _recent.RemoveLast();
        }
        return result;
    }
}
