using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Inventory
{
    /// <summary>Every error the inventory (Resource Graph) and the in-place template update report, with its category.</summary>
    public static class InventoryErrorIds
    {
        /// <summary>The caller lacks Microsoft.ResourceGraph/resources/read: the inventory never falls back to crawling ARM.</summary>
        public static readonly AibError ResourceGraphPermissionDenied = new AibError("InventoryResourceGraphPermissionDenied", AibErrorCategory.PermissionDenied);

        /// <summary>Resource Graph refused the query (InvalidQuery, bad scope).</summary>
        public static readonly AibError QueryRejected = new AibError("InventoryQueryRejected", AibErrorCategory.InvalidResult);

        /// <summary>Still throttled after waiting out the quota several times.</summary>
        public static readonly AibError Throttled = new AibError("InventoryThrottled", AibErrorCategory.LimitsExceeded);

        public static readonly AibError TemplateNotFound = new AibError("UpdateTemplateNotFound", AibErrorCategory.ObjectNotFound);

        /// <summary>Update-AibIsolatedTemplate while the template's last run is Running.</summary>
        public static readonly AibError UpdateWhileRunning = new AibError("UpdateBuildRunning", AibErrorCategory.ResourceUnavailable);

        /// <summary>The new vmProfile/distribute breaks a local topology or template rule.</summary>
        public static readonly AibError UpdateInvalid = new AibError("UpdateInvalid", AibErrorCategory.InvalidArgument);

        /// <summary>A prerequisite of the new topology failed: nothing was changed.</summary>
        public static readonly AibError UpdatePrerequisiteFailed = new AibError("UpdatePrerequisiteFailed", AibErrorCategory.InvalidOperation);

        /// <summary>Nothing to update (no parameter that changes vmProfile or distribute).</summary>
        public static readonly AibError UpdateNothingToChange = new AibError("UpdateNothingToChange", AibErrorCategory.InvalidArgument);
    }
}
