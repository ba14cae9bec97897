using System.Collections.Generic;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Inventory
{
    /// <summary>What to list: the scope (subscriptions, else management groups, else every subscription the caller sees) and filters.</summary>
    public sealed class InventoryFilter
    {
        public IReadOnlyList<string> SubscriptionIds { get; set; } = new string[0];
        public IReadOnlyList<string> ManagementGroups { get; set; } = new string[0];
        /// <summary>A PowerShell-style wildcard (* and ?), case-insensitive.</summary>
        public string? Name { get; set; }
        public string? ResourceGroupName { get; set; }
        public IReadOnlyList<NetworkTopology> Topologies { get; set; } = new NetworkTopology[0];
        /// <summary>lastRunStatus.runState values; "None" for templates never run.</summary>
        public IReadOnlyList<string> RunStates { get; set; } = new string[0];
    }
}
