using System.Text.Json.Nodes;

namespace AibEmulator.State;

/// <summary>Every resource the emulator knows, as its ARM JSON, keyed by id (case-insensitive like ARM).
/// Callers get copies; changes go through <see cref="Put"/> or <see cref="Update"/>.</summary>
public sealed class ResourceStore
{
    private readonly Dictionary<string, JsonObject> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _sync = new();

    public JsonObject? Get(string id)
    {
        lock (_sync) return _byId.TryGetValue(Normalize(id), out var r) ? (JsonObject)r.DeepClone() : null;
    }

    public bool Exists(string id)
    {
        lock (_sync) return _byId.ContainsKey(Normalize(id));
    }

    public void Put(JsonObject resource)
    {
        var id = (string?)resource["id"] ?? throw new InvalidOperationException("resource without id");
        lock (_sync) _byId[Normalize(id)] = (JsonObject)resource.DeepClone();
    }

    /// <summary>Changes a stored resource in place under the store's lock; false when absent.</summary>
    public bool Update(string id, Action<JsonObject> change)
    {
        lock (_sync)
        {
            if (!_byId.TryGetValue(Normalize(id), out var r)) return false;
            change(r);
            return true;
        }
    }

    /// <summary>Deletes the resource and everything under it (child resources, resources in a group).</summary>
    public bool Delete(string id)
    {
        var key = Normalize(id);
        lock (_sync)
        {
            var removed = _byId.Remove(key);
            foreach (var child in _byId.Keys.Where(k => k.StartsWith(key + "/", StringComparison.OrdinalIgnoreCase)).ToList())
                removed |= _byId.Remove(child);
            return removed;
        }
    }

    public List<JsonObject> Where(Func<JsonObject, bool> predicate)
    {
        lock (_sync) return _byId.Values.Where(predicate).Select(r => (JsonObject)r.DeepClone()).ToList();
    }

    /// <summary>Resources of a type (case-insensitive) whose id starts with the scope.</summary>
    public List<JsonObject> OfType(string type, string scopePrefix = "") =>
        Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)
                   && ((string?)r["id"] ?? "").StartsWith(scopePrefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => (string?)r["id"], StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Top-level resources in a resource group (what GET .../resources lists).</summary>
    public List<JsonObject> InResourceGroup(string resourceGroupId)
    {
        var prefix = resourceGroupId.TrimEnd('/') + "/providers/";
        return Where(r =>
        {
            var id = (string?)r["id"] ?? "";
            if (!id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
            var rest = id[prefix.Length..].Split('/');
            // {namespace}/{type}/{name}; RBAC and policy objects are not resources ARM lists here.
            return rest.Length == 3 && !string.Equals(rest[0], "Microsoft.Authorization", StringComparison.OrdinalIgnoreCase);
        }).OrderBy(r => (string?)r["id"], StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Runs a read over the stored resources themselves (no copies) under the store's lock: the reader must not
    /// change them or keep references past its return.</summary>
    public T Read<T>(Func<IEnumerable<JsonObject>, T> read)
    {
        lock (_sync) return read(_byId.Values);
    }

    public void Clear()
    {
        lock (_sync) _byId.Clear();
    }

    private static string Normalize(string id) => id.TrimEnd('/');
}
