using System;
using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>Just enough ARM resource-id handling for the checks (no Azure types on purpose).</summary>
    internal static class ResourceIds
    {
        public static string Trim(string id) => id.Trim().TrimEnd('/');

        public static bool Same(string? a, string? b)
            => a != null && b != null && string.Equals(Trim(a), Trim(b), StringComparison.OrdinalIgnoreCase);

        /// <summary>The resource's own name (last segment).</summary>
        public static string Name(string id)
        {
            string t = Trim(id);
            int i = t.LastIndexOf('/');
            return i < 0 ? t : t.Substring(i + 1);
        }

        /// <summary>The id two segments up: subnet → virtual network, gallery image → gallery.</summary>
        public static string Parent(string id)
        {
            string t = Trim(id);
            int last = t.LastIndexOf('/');
            int type = last > 0 ? t.LastIndexOf('/', last - 1) : -1;
            return type > 0 ? t.Substring(0, type) : t;
        }

        public static string? Segment(string id, string key)
        {
            string[] parts = Trim(id).Split('/');
            for (int i = 0; i < parts.Length - 1; i++)
            {
                if (string.Equals(parts[i], key, StringComparison.OrdinalIgnoreCase)) return parts[i + 1];
            }
            return null;
        }

        public static string? Subscription(string id) => Segment(id, "subscriptions");

        public static string? ResourceGroup(string id) => Segment(id, "resourceGroups");

        /// <summary>/subscriptions/{s}/resourceGroups/{rg} of any id inside a resource group.</summary>
        public static string? ResourceGroupId(string id)
        {
            string? sub = Subscription(id), rg = ResourceGroup(id);
            return sub != null && rg != null ? $"/subscriptions/{sub}/resourceGroups/{rg}" : null;
        }

        /// <summary>True for ids of the form /subscriptions/{s}/resourceGroups/{rg}.</summary>
        public static bool IsResourceGroup(string id)
        {
            string[] parts = Trim(id).TrimStart('/').Split('/');
            return parts.Length == 4 && parts[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) && parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The provider type of an id, e.g. Microsoft.Compute/galleries/images.</summary>
        public static string? ResourceType(string id)
        {
            string[] parts = Trim(id).TrimStart('/').Split('/');
            int p = Array.FindLastIndex(parts, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
            if (p < 0 || p + 1 >= parts.Length) return null;
            var type = new List<string> { parts[p + 1] };
            for (int i = p + 2; i < parts.Length; i += 2) type.Add(parts[i]);
            return string.Join("/", type);
        }

        /// <summary>
        /// Whether an assignment at <paramref name="scope"/> reaches <paramref name="target"/>: same id or an
        /// ancestor. Management-group scopes are counted: ARM lists them for a subscription only when
        /// they apply to it.
        /// </summary>
        public static bool Covers(string scope, string target)
        {
            string s = Trim(scope), t = Trim(target);
            if (s.Length == 0) return true;
            if (s.StartsWith("/providers/Microsoft.Management/managementGroups/", StringComparison.OrdinalIgnoreCase)) return true;
            return t.Equals(s, StringComparison.OrdinalIgnoreCase) || t.StartsWith(s + "/", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>"West Europe" and "westeurope" are the same region.</summary>
        public static string Location(string? location) => (location ?? string.Empty).Replace(" ", string.Empty).ToLowerInvariant();
    }
}
