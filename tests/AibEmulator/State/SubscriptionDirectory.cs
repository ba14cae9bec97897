using System.Text.Json.Nodes;

namespace AibEmulator.State;

public sealed record SubscriptionEntry(string Id, string DisplayName, string? ManagementGroup);

public sealed record ManagementGroupEntry(string Name, string DisplayName, string? Parent);

/// <summary>The subscriptions of the tenant and the management groups over them: the scenario's own subscription,
/// its "subscriptions" and "managementGroups" lists, and the subscriptions of a generated estate.
/// The tenant root group (named by the tenant id) holds every subscription.</summary>
public sealed class SubscriptionDirectory
{
    private readonly Dictionary<string, SubscriptionEntry> _subscriptions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ManagementGroupEntry> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _sync = new();

    public void Load(JsonObject scenario)
    {
        lock (_sync)
        {
            _subscriptions.Clear();
            _groups.Clear();
            Add(new SubscriptionEntry((string)scenario["subscriptionId"]!, (string?)scenario["subscriptionName"] ?? "AIB emulator subscription",
                (string?)scenario["managementGroup"]));
            foreach (var group in ScenarioSeeder.Items(scenario, "managementGroups"))
                AddGroup(new ManagementGroupEntry((string)group["name"]!, (string?)group["displayName"] ?? (string)group["name"]!, (string?)group["parent"]));
            foreach (var sub in ScenarioSeeder.Items(scenario, "subscriptions"))
                Add(new SubscriptionEntry((string)sub["subscriptionId"]!, (string?)sub["displayName"] ?? (string)sub["subscriptionId"]!,
                    (string?)sub["managementGroup"]));
        }
    }

    public void Add(SubscriptionEntry entry)
    {
        lock (_sync) _subscriptions[entry.Id] = entry;
    }

    public void AddGroup(ManagementGroupEntry entry)
    {
        lock (_sync) _groups[entry.Name] = entry;
    }

    public bool Contains(string subscriptionId)
    {
        lock (_sync) return _subscriptions.ContainsKey(subscriptionId);
    }

    public SubscriptionEntry? Get(string subscriptionId)
    {
        lock (_sync) return _subscriptions.GetValueOrDefault(subscriptionId);
    }

    public List<SubscriptionEntry> All()
    {
        lock (_sync) return _subscriptions.Values.OrderBy(s => s.Id, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public bool GroupExists(string name, string tenantId)
    {
        lock (_sync) return _groups.ContainsKey(name) || string.Equals(name, tenantId, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Subscriptions under a management group, directly or through child groups.</summary>
    public List<string> Under(string group, string tenantId)
    {
        lock (_sync)
        {
            if (string.Equals(group, tenantId, StringComparison.OrdinalIgnoreCase)) return _subscriptions.Keys.ToList();
            return _subscriptions.Values.Where(s => InGroup(s.ManagementGroup, group)).Select(s => s.Id).ToList();
        }
    }

    private bool InGroup(string? current, string group)
    {
        for (int depth = 0; current is not null && depth < 7; depth++)
        {
            if (string.Equals(current, group, StringComparison.OrdinalIgnoreCase)) return true;
            current = _groups.GetValueOrDefault(current)?.Parent;
        }
        return false;
    }
}
