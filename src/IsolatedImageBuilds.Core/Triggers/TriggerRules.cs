using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Templates;

namespace IsolatedImageBuilds.Core.Triggers
{
    /// <summary>
    /// What a template must be to take a SourceImage trigger (Microsoft Learn, "How to enable automatic image creation with
    /// Azure Image Builder triggers", and the AIB support TSG): a platform image at 'latest' or a gallery image at
    /// '/versions/latest'; no explicit version in a gallery distribution; source and target image definitions differ.
    /// Checked locally before anything is sent, and by the Triggers prerequisite checks.
    /// </summary>
    public static class TriggerRules
    {
        public static IReadOnlyList<AibException> Check(ImageTemplateDocument template)
        {
            var problems = new List<AibException>();
            JsonNode? source = template.Source == null ? null : JsonNode.Parse(template.Source.ToJson());
            string? type = source.Str("type");
            string? sourceDefinition = null;
            if (type == "PlatformImage")
            {
                string? version = source.Str("version");
                if (!string.Equals(version, "latest", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(new AibException(TriggerErrorIds.SourceNotLatest,
                        $"The platform image source is at version '{version}': a SourceImage trigger watches for new versions, so the source "
                        + "version must be 'latest' (-SourceUrn publisher:offer:sku:latest).", "source.version"));
                }
            }
            else if (type == "SharedImageVersion")
            {
                string id = source.Str("imageVersionId") ?? string.Empty;
                int at = id.LastIndexOf("/versions/", StringComparison.OrdinalIgnoreCase);
                if (at < 0 || !id.EndsWith("/versions/latest", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(new AibException(TriggerErrorIds.SourceNotLatest,
                        $"The gallery image source '{id}' names a version: a SourceImage trigger needs '<image definition id>/versions/latest'.",
                        "source.imageVersionId"));
                }
                sourceDefinition = at < 0 ? id : id.Substring(0, at);
            }
            else
            {
                problems.Add(new AibException(TriggerErrorIds.SourceKind,
                    $"The source type '{type}' cannot have a SourceImage trigger: only a platform image (-SourceUrn) or an Azure Compute "
                    + "Gallery image (-SourceImageId ending in /versions/latest) can.", "source.type"));
            }

            foreach (ImageDistributor distributor in template.Distributors)
            {
                JsonNode? json = JsonNode.Parse(distributor.ToJson());
                if (json.Str("type") != "SharedImage") continue;
                string gallery = json.Str("galleryImageId") ?? string.Empty;
                if (gallery.IndexOf("/versions/", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    problems.Add(new AibException(TriggerErrorIds.DistributionVersion,
                        $"The distribution '{json.Str("runOutputName")}' names the gallery image version '{gallery}': with a trigger the version is "
                        + "generated for each build, so give the image definition id.", "distribute.galleryImageId"));
                }
                else if (sourceDefinition != null && string.Equals(gallery.TrimEnd('/'), sourceDefinition, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(new AibException(TriggerErrorIds.SourceIsTarget,
                        $"The distribution '{json.Str("runOutputName")}' targets the image definition the source comes from ('{gallery}'): "
                        + "each build would trigger the next. Distribute to another image definition.", "distribute.galleryImageId"));
                }
            }
            return problems;
        }

        /// <summary>Healthy is the one status code Microsoft documents; anything else means the trigger does not fire.</summary>
        public static bool IsHealthy(string? statusCode) => string.Equals(statusCode, "Healthy", StringComparison.OrdinalIgnoreCase);
    }
}
