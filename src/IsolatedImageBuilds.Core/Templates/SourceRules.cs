using IsolatedImageBuilds.Core.Json;
using Ids = IsolatedImageBuilds.Core.Templates.TemplateErrorIds;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>properties.source: present, complete, and pointing at the right kind of image.</summary>
    internal static class SourceRules
    {
        private const string Path = "properties.source";

        public static void Check(ImageTemplateDocument doc, ProblemList problems)
        {
            var source = JsonRead.Obj(doc.Properties, "source");
            if (source == null)
            {
                problems.Add(Ids.SourceMissing, Path,
                    $"'{Path}' is missing: give a PlatformImage (publisher:offer:sku:version), ManagedImage or SharedImageVersion source.");
                return;
            }

            switch (JsonRead.StrictStr(source, "type"))
            {
                case "PlatformImage":
                    foreach (var field in new[] { "publisher", "offer", "sku", "version" })
                    {
                        if (string.IsNullOrEmpty(JsonRead.StrictStr(source, field)))
                        {
                            problems.Add(Ids.PlatformImageIncomplete, $"{Path}.{field}",
                                $"'{Path}.{field}' is missing: a PlatformImage source needs publisher, offer, "
                                    + "sku and version ('latest' is allowed).");
                        }
                    }

                    var plan = JsonRead.Obj(source, "planInfo");
                    foreach (var field in new[] { "planName", "planProduct", "planPublisher" })
                    {
                        if (plan != null && string.IsNullOrEmpty(JsonRead.StrictStr(plan, field)))
                        {
                            problems.Add(Ids.PlanInfoIncomplete, $"{Path}.planInfo.{field}",
                                $"'{Path}.planInfo.{field}' is missing: planInfo needs planName, planProduct and planPublisher together.");
                        }
                    }

                    break;
                case "ManagedImage":
                    problems.ResourceId(JsonRead.StrictStr(source, "imageId"), $"{Path}.imageId",
                        "a managed image in the template's subscription and region", "Microsoft.Compute/images");
                    break;
                case "SharedImageVersion":
                    problems.ResourceId(JsonRead.StrictStr(source, "imageVersionId"), $"{Path}.imageVersionId",
                        "a gallery image version (its name may be 'latest')",
                        "Microsoft.Compute/galleries/images/versions", "Microsoft.Compute/sharedGalleries/images/versions",
                        "Microsoft.Compute/communityGalleries/images/versions");
                    break;
            }
        }
    }
}
