using System;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>properties.source: a marketplace image, a managed image or a gallery image version.</summary>
    public sealed class ImageSource : TemplateItem
    {
        private ImageSource(JsonObject json)
            : base(json)
        {
        }

        public static ImageSource PlatformImage(string publisher, string offer, string sku, string version = "latest", string? planName = null,
            string? planProduct = null, string? planPublisher = null)
        {
            var plan = planName == null && planProduct == null && planPublisher == null
                ? null
                : Build(("planName", planName), ("planProduct", planProduct), ("planPublisher", planPublisher));
            return new ImageSource(Build(
                ("type", "PlatformImage"), ("publisher", publisher), ("offer", offer), ("sku", sku), ("version", version), ("planInfo", plan)));
        }

        /// <summary>A marketplace image from its URN, publisher:offer:sku[:version] (version defaults to latest).</summary>
        public static ImageSource FromUrn(string urn)
        {
            var parts = (urn ?? string.Empty).Split(':');
            if ((parts.Length != 3 && parts.Length != 4) || Array.Exists(parts, p => p.Trim().Length == 0))
            {
                throw new AibException(TemplateErrorIds.SourceUrnInvalid,
                    $"'properties.source': the image URN '{urn}' is not of the form publisher:offer:sku:version (for example "
                        + "Canonical:ubuntu-24_04-lts:server:latest).", "properties.source");
            }

            return PlatformImage(parts[0].Trim(), parts[1].Trim(), parts[2].Trim(), parts.Length == 4 ? parts[3].Trim() : "latest");
        }

        public static ImageSource ManagedImage(string imageId) => new ImageSource(Build(("type", "ManagedImage"), ("imageId", imageId)));

        /// <summary>An Azure Compute Gallery image version; its name may be 'latest'.</summary>
        public static ImageSource SharedImageVersion(string imageVersionId)
            => new ImageSource(Build(("type", "SharedImageVersion"), ("imageVersionId", imageVersionId)));

        /// <summary>A managed image or gallery image version, told apart by the id's resource type.</summary>
        public static ImageSource FromImageId(string imageId)
        {
            if (ArmId.TryParse(imageId, out var id, out _) && id!.IsOfType("Microsoft.Compute/images"))
            {
                return ManagedImage(imageId);
            }

            return SharedImageVersion(imageId);
        }

        internal static ImageSource Wrap(JsonObject json) => new ImageSource(json);

        public static ImageSource FromJson(string json) => new ImageSource(Parse(json, "source"));
    }
}
