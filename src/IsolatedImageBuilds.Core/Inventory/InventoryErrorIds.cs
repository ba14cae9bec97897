using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Inventory
{
    /// <summary>Every error the inventory (Resource Graph) reports, with its category.</summary>
    public static class InventoryErrorIds
    {
        /// <summary>The caller lacks Microsoft.ResourceGraph/resources/read: the inventory never falls back to crawling ARM.</summary>
        public static readonly AibError ResourceGraphPermissionDenied = new AibError("InventoryResourceGraphPermissionDenied", AibErrorCategory.PermissionDenied);

        /// <summary>Resource Graph refused the query (InvalidQuery, bad scope).</summary>
        public static readonly AibError QueryRejected = new AibError("InventoryQueryRejected", AibErrorCategory.InvalidResult);

        /// <summary>Still throttled after waiting out the quota several times.</summary>
        public static readonly AibError Throttled = new AibError("InventoryThrottled", AibErrorCategory.LimitsExceeded);
    }
}
