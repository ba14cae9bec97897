using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Json;
using Ids = IsolatedImageBuilds.Core.Templates.TemplateErrorIds;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>properties.distribute: at least one target, unique run output names, ids of the right kind.</summary>
    internal static class DistributeRules
    {
        private const string Path = "properties.distribute";
        private static readonly Regex RunOutputNamePattern = new Regex("^[A-Za-z0-9-_.]{1,64}$", RegexOptions.CultureInvariant);

        public static void Check(ImageTemplateDocument doc, ProblemList problems)
        {
            var targets = JsonRead.Arr(doc.Properties, "distribute");
            if (targets == null || targets.Count == 0)
            {
                problems.Add(Ids.DistributeMissing, Path,
                    $"'{Path}' is {(targets == null ? "missing" : "empty")}: add at least one ManagedImage, SharedImage or VHD distributor.");
                return;
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < targets.Count; i++)
            {
                if (targets[i] is JsonObject target)
                {
                    CheckTarget(target, JsonPath.Index(Path, i), seen, problems);
                }
            }
        }

        private static void CheckTarget(JsonObject target, string path, HashSet<string> seen, ProblemList problems)
        {
            var runOutputName = JsonRead.StrictStr(target, "runOutputName");
            if (string.IsNullOrEmpty(runOutputName))
            {
                problems.Add(Ids.RunOutputNameMissing, $"{path}.runOutputName",
                    $"'{path}.runOutputName' is missing: name the run output (1-64 letters, digits, '-', '_' or '.').");
            }
            else if (!RunOutputNamePattern.IsMatch(runOutputName))
            {
                problems.Add(Ids.InvalidRunOutputName, $"{path}.runOutputName",
                    $"'{path}.runOutputName' is '{runOutputName}': use 1 to 64 letters, digits, '-', '_' or '.'.");
            }
            else if (!seen.Add(runOutputName!))
            {
                problems.Add(Ids.DuplicateRunOutputName, $"{path}.runOutputName",
                    $"'{path}.runOutputName' is '{runOutputName}', which another distributor already uses: each run output needs its own name.");
            }

            ResourceRules.CheckTags(JsonRead.Obj(target, "artifactTags"), $"{path}.artifactTags", problems);
            switch (JsonRead.StrictStr(target, "type"))
            {
                case "ManagedImage":
                    problems.ResourceId(JsonRead.StrictStr(target, "imageId"), $"{path}.imageId", "the managed image to create",
                        "Microsoft.Compute/images");
                    if (string.IsNullOrEmpty(JsonRead.StrictStr(target, "location")))
                    {
                        problems.Add(Ids.ManagedImageDistributeMissingLocation, $"{path}.location",
                            $"'{path}.location' is missing: a ManagedImage distributor needs the region of the image it creates.");
                    }

                    break;
                case "SharedImage":
                    problems.ResourceId(JsonRead.StrictStr(target, "galleryImageId"), $"{path}.galleryImageId",
                        "a gallery image definition (…/galleries/{gallery}/images/{image}, without /versions)",
                        "Microsoft.Compute/galleries/images");
                    break;
                case "VHD":
                    problems.Uri(JsonRead.StrictStr(target, "uri"), $"{path}.uri");
                    break;
            }
        }
    }
}
