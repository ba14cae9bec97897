using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>One properties.distribute[] target; its runOutputName names the run output.</summary>
    public sealed class ImageDistributor : TemplateItem
    {
        private ImageDistributor(JsonObject json)
            : base(json)
        {
        }

        public string? RunOutputName => JsonRead.StrictStr(Json, "runOutputName");

        public static ImageDistributor ManagedImage(string runOutputName, string imageId, string location,
            IDictionary<string, string>? artifactTags = null) =>
            new ImageDistributor(Build(("type", "ManagedImage"), ("runOutputName", runOutputName), ("imageId", imageId), ("location", location),
                ("artifactTags", Map(artifactTags))));

        /// <summary>
        /// An Azure Compute Gallery image version. galleryImageId is the image definition (…/galleries/{g}/images/{i}),
        /// not a version; versioningScheme is 'Latest' (optionally within versioningMajor) or 'Source';
        /// replicationMode ('Full' or 'Shallow') needs api-version 2025-10-01.
        /// </summary>
        public static ImageDistributor SharedImage(
            string runOutputName,
            string galleryImageId,
            IEnumerable<SharedImageTargetRegion>? targetRegions = null,
            bool? excludeFromLatest = null,
            string? versioningScheme = null,
            int? versioningMajor = null,
            string? replicationMode = null,
            IDictionary<string, string>? artifactTags = null)
        {
            var versioning = versioningScheme == null && versioningMajor == null
                ? null
                : Build(("scheme", versioningScheme), ("major", versioningMajor));
            return new ImageDistributor(Build(
                ("type", "SharedImage"), ("runOutputName", runOutputName), ("galleryImageId", galleryImageId),
                ("targetRegions", targetRegions == null ? null : new JsonArray(targetRegions.Select(r => (JsonNode?)r.ToJson()).ToArray())),
                ("excludeFromLatest", excludeFromLatest), ("versioning", versioning), ("replicationMode", replicationMode),
                ("artifactTags", Map(artifactTags))));
        }

        /// <summary>A VHD written to uri, or left in the staging storage account when uri is omitted.</summary>
        public static ImageDistributor Vhd(string runOutputName, string? uri = null, IDictionary<string, string>? artifactTags = null) =>
            new ImageDistributor(Build(("type", "VHD"), ("runOutputName", runOutputName), ("uri", uri), ("artifactTags", Map(artifactTags))));

        internal static ImageDistributor Wrap(JsonObject json) => new ImageDistributor(json);

        public static ImageDistributor FromJson(string json) => new ImageDistributor(Parse(json, "distributor"));
    }

    /// <summary>A region an Azure Compute Gallery image version is replicated to.</summary>
    public sealed class SharedImageTargetRegion
    {
        public SharedImageTargetRegion(string name, int? replicaCount = null, string? storageAccountType = null)
        {
            Name = name;
            ReplicaCount = replicaCount;
            StorageAccountType = storageAccountType;
        }

        public string Name { get; }

        public int? ReplicaCount { get; }

        /// <summary>Standard_LRS, Standard_ZRS or Premium_LRS.</summary>
        public string? StorageAccountType { get; }

        internal JsonObject ToJson()
        {
            var obj = new JsonObject { ["name"] = Name };
            if (ReplicaCount != null)
            {
                obj["replicaCount"] = ReplicaCount.Value;
            }

            if (StorageAccountType != null)
            {
                obj["storageAccountType"] = StorageAccountType;
            }

            return obj;
        }
    }
}
