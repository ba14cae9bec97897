using System.Text.Json.Nodes;

namespace AibEmulator.Arm;

/// <summary>Every ARM request served (not the control endpoint's own), for reliability and
/// performance tests: method, path, query, status, duration and whether a fault was injected.</summary>
public sealed class Journal
{
    private const int Capacity = 20000;
    private readonly LinkedList<JsonObject> _entries = new();
    private readonly object _sync = new();

    public void Add(DateTimeOffset at, string method, string path, string query, int status, double durationMs, string? fault,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var entry = new JsonObject
        {
            ["timestamp"] = at.ToString("o"),
            ["method"] = method,
            ["path"] = path,
            ["query"] = query,
            ["status"] = status,
            ["durationMs"] = Math.Round(durationMs, 2),
        };
        if (fault is not null) entry["fault"] = fault;
        // Throttling headers a client must honour (Resource Graph's user quota), so tests can see what it was told.
        foreach (var (name, value) in headers ?? []) entry[name] = value;
        lock (_sync)
        {
            _entries.AddLast(entry);
            if (_entries.Count > Capacity) _entries.RemoveFirst();
        }
    }

    public JsonArray Snapshot()
    {
        lock (_sync) return new JsonArray(_entries.Select(e => (JsonNode)e.DeepClone()).ToArray());
    }

    public void Clear()
    {
        lock (_sync) _entries.Clear();
    }
}
