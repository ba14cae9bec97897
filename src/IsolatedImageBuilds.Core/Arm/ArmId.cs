using System;
using System.Collections.Generic;
using System.Linq;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>
    /// An ARM resource id, parsed (enough to tell its subscription, group, type, name and parent, without
    /// Azure.Core types in our API) and built. Keywords (subscriptions, resourceGroups, providers) match
    /// case-insensitively and two ids are equal ignoring case, as ARM has it. The static helpers read any
    /// scope text (a subscription, a management group, an id not yet checked) tolerantly.
    /// </summary>
    internal sealed class ArmId : IEquatable<ArmId>
    {
        public const string ResourceGroupType = "Microsoft.Resources/resourceGroups";

        public const string ImageTemplatesType = "Microsoft.VirtualMachineImages/imageTemplates";

        private ArmId(string text, string? subscriptionId, string? resourceGroup, string resourceType, IReadOnlyList<string> names)
        {
            Text = text;
            SubscriptionId = subscriptionId;
            ResourceGroup = resourceGroup;
            ResourceType = resourceType;
            Names = names;
        }

        public string Text { get; }

        public string? SubscriptionId { get; }

        public string? ResourceGroup { get; }

        /// <summary>Full type, e.g. Microsoft.Network/virtualNetworks/subnets.</summary>
        public string ResourceType { get; }

        /// <summary>The provider namespace, e.g. Microsoft.Network.</summary>
        public string ProviderNamespace => ResourceType.Substring(0, ResourceType.IndexOf('/'));

        /// <summary>The name at each level of the type (virtual network name, then subnet name).</summary>
        public IReadOnlyList<string> Names { get; }

        public string Name => Names[Names.Count - 1];

        public bool IsResourceGroup => IsOfType(ResourceGroupType);

        public bool IsOfType(string type) => string.Equals(ResourceType, type, StringComparison.OrdinalIgnoreCase);

        /// <summary>The id without its last type/name pair (a subnet's virtual network), or null at the top level.</summary>
        public string? ParentText => Names.Count < 2 ? null : ParentOf(Text);

        /// <summary>/subscriptions/{s}/resourceGroups/{rg} of an id inside a resource group.</summary>
        public string? ResourceGroupId => SubscriptionId != null && ResourceGroup != null ? ResourceGroupPath(SubscriptionId, ResourceGroup) : null;

        public override string ToString() => Text;

        public bool Equals(ArmId? other) => other != null && string.Equals(Trim(Text), Trim(other.Text), StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => Equals(obj as ArmId);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Trim(Text));

        /// <summary>/subscriptions/{s}/resourceGroups/{rg}.</summary>
        public static string ResourceGroupPath(string subscriptionId, string resourceGroup)
            => $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}";

        /// <summary>The id of a resource in a resource group: .../providers/{namespace/type}/{name}; a child type takes one name per level.</summary>
        public static ArmId InResourceGroup(string subscriptionId, string resourceGroup, string resourceType, params string[] names)
        {
            string[] types = resourceType.Split('/');
            if (names.Length == 0 || types.Length != names.Length + 1)
            {
                throw new ArgumentException($"{resourceType} takes {types.Length - 1} name(s).", nameof(names));
            }

            var path = ResourceGroupPath(subscriptionId, resourceGroup) + "/providers/" + types[0];
            for (var i = 0; i < names.Length; i++)
            {
                path += "/" + types[i + 1] + "/" + names[i];
            }

            return new ArmId(path, subscriptionId, resourceGroup, resourceType, names);
        }

        public static bool TryParse(string? text, out ArmId? id, out string reason)
        {
            id = null;
            reason = string.Empty;
            if (string.IsNullOrWhiteSpace(text))
            {
                reason = "it is empty";
                return false;
            }

            if (text!.Any(char.IsWhiteSpace))
            {
                reason = "it contains white space";
                return false;
            }

            if (!text!.StartsWith("/", StringComparison.Ordinal))
            {
                reason = "it does not start with '/'";
                return false;
            }

            var segments = text.Trim('/').Split('/');
            if (segments.Any(s => s.Length == 0))
            {
                reason = "it has an empty segment ('//')";
                return false;
            }

            if (Is(segments[0], "SharedGalleries") || Is(segments[0], "CommunityGalleries"))
            {
                return TryParseGallery(text, segments, out id, out reason);
            }

            if (segments.Length < 4 || !Is(segments[0], "subscriptions") || !Is(segments[2], "resourceGroups"))
            {
                reason = "it does not start with /subscriptions/{id}/resourceGroups/{name}";
                return false;
            }

            if (segments.Length == 4)
            {
                id = new ArmId(text, segments[1], segments[3], ResourceGroupType, new[] { segments[3] });
                return true;
            }

            if (!Is(segments[4], "providers") || segments.Length < 8 || (segments.Length - 6) % 2 != 0)
            {
                reason = "it is not of the form .../providers/{namespace}/{type}/{name}[/{type}/{name}...]";
                return false;
            }

            var types = new List<string> { segments[5] };
            var names = new List<string>();
            for (var i = 6; i < segments.Length; i += 2)
            {
                types.Add(segments[i]);
                names.Add(segments[i + 1]);
            }

            id = new ArmId(text, segments[1], segments[3], string.Join("/", types), names);
            return true;
        }

        /// <summary>Direct shared and community gallery image versions: /SharedGalleries/{g}/Images/{i}/Versions/{v}.</summary>
        private static bool TryParseGallery(string text, string[] segments, out ArmId? id, out string reason)
        {
            id = null;
            reason = string.Empty;
            if (segments.Length != 6 || !Is(segments[2], "Images") || !Is(segments[4], "Versions"))
            {
                reason = $"it is not of the form /{segments[0]}/{{gallery}}/Images/{{image}}/Versions/{{version}}";
                return false;
            }

            var kind = Is(segments[0], "SharedGalleries") ? "sharedGalleries" : "communityGalleries";
            id = new ArmId(text, null, null, $"Microsoft.Compute/{kind}/images/versions", new[] { segments[1], segments[3], segments[5] });
            return true;
        }

        // Tolerant readers of any id or scope text (never throw; null when the part is absent).

        /// <summary>The id as ARM answers it: no surrounding white space, no trailing '/'.</summary>
        public static string Trim(string id) => id.Trim().TrimEnd('/');

        /// <summary>Whether two ids name the same thing (ARM ids are case-insensitive).</summary>
        public static bool Same(string? a, string? b)
            => a != null && b != null && string.Equals(Trim(a), Trim(b), StringComparison.OrdinalIgnoreCase);

        /// <summary>The last segment: the resource's own name.</summary>
        public static string NameOf(string id)
        {
            string t = Trim(id);
            int i = t.LastIndexOf('/');
            return i < 0 ? t : t.Substring(i + 1);
        }

        /// <summary>The id two segments up: subnet → virtual network, gallery image → gallery.</summary>
        public static string ParentOf(string id)
        {
            string t = Trim(id);
            int last = t.LastIndexOf('/');
            int type = last > 0 ? t.LastIndexOf('/', last - 1) : -1;
            return type > 0 ? t.Substring(0, type) : t;
        }

        /// <summary>The segment after <paramref name="key"/> (e.g. "resourceGroups"), or null.</summary>
        public static string? SegmentAfter(string id, string key)
        {
            string[] parts = Trim(id).Split('/');
            for (int i = 0; i < parts.Length - 1; i++)
            {
                if (Is(parts[i], key)) return parts[i + 1];
            }
            return null;
        }

        public static string? SubscriptionOf(string id) => SegmentAfter(id, "subscriptions");

        public static string? ResourceGroupOf(string id) => SegmentAfter(id, "resourceGroups");

        /// <summary>True for ids of the form /subscriptions/{s}/resourceGroups/{rg}.</summary>
        public static bool IsResourceGroupId(string id)
        {
            string[] parts = Trim(id).TrimStart('/').Split('/');
            return parts.Length == 4 && Is(parts[0], "subscriptions") && Is(parts[2], "resourceGroups");
        }

        /// <summary>The provider type of an id, e.g. Microsoft.Compute/galleries/images (from the last 'providers').</summary>
        public static string? ResourceTypeOf(string id)
        {
            string[] parts = Trim(id).TrimStart('/').Split('/');
            int p = Array.FindLastIndex(parts, s => Is(s, "providers"));
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

        private static bool Is(string segment, string keyword) => string.Equals(segment, keyword, StringComparison.OrdinalIgnoreCase);
    }
}
