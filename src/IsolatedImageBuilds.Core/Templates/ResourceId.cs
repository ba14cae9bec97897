using System;
using System.Collections.Generic;
using System.Linq;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// A small ARM resource id parser: enough to tell an id's type and parent, without Azure.Core types in our API.
    /// Keywords (subscriptions, resourceGroups, providers) match case-insensitively, as ARM does.
    /// </summary>
    internal sealed class ResourceId
    {
        public const string ResourceGroupType = "Microsoft.Resources/resourceGroups";

        private ResourceId(string text, string? subscriptionId, string? resourceGroup, string resourceType, IReadOnlyList<string> names)
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

        /// <summary>The name at each level of the type (virtual network name, then subnet name).</summary>
        public IReadOnlyList<string> Names { get; }

        public string Name => Names[Names.Count - 1];

        public bool IsOfType(string type) => string.Equals(ResourceType, type, StringComparison.OrdinalIgnoreCase);

        /// <summary>The id without its last type/name pair (a subnet's virtual network), or null at the top level.</summary>
        public string? ParentText
        {
            get
            {
                if (Names.Count < 2)
                {
                    return null;
                }

                var cut = Text.TrimEnd('/');
                for (var i = 0; i < 2; i++)
                {
                    cut = cut.Substring(0, cut.LastIndexOf('/'));
                }

                return cut;
            }
        }

        public static bool TryParse(string? text, out ResourceId? id, out string reason)
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
                id = new ResourceId(text, segments[1], segments[3], ResourceGroupType, new[] { segments[3] });
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

            id = new ResourceId(text, segments[1], segments[3], string.Join("/", types), names);
            return true;
        }

        /// <summary>Direct shared and community gallery image versions: /SharedGalleries/{g}/Images/{i}/Versions/{v}.</summary>
        private static bool TryParseGallery(string text, string[] segments, out ResourceId? id, out string reason)
        {
            id = null;
            reason = string.Empty;
            if (segments.Length != 6 || !Is(segments[2], "Images") || !Is(segments[4], "Versions"))
            {
                reason = $"it is not of the form /{segments[0]}/{{gallery}}/Images/{{image}}/Versions/{{version}}";
                return false;
            }

            var kind = Is(segments[0], "SharedGalleries") ? "sharedGalleries" : "communityGalleries";
            id = new ResourceId(text, null, null, $"Microsoft.Compute/{kind}/images/versions", new[] { segments[1], segments[3], segments[5] });
            return true;
        }

        private static bool Is(string segment, string keyword) => string.Equals(segment, keyword, StringComparison.OrdinalIgnoreCase);
    }
}
