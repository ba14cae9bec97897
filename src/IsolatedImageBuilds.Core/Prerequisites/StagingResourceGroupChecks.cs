using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// A brought staging RG that already exists must be empty, in the template's region, and not tied to
    /// another template through AIB's tags (§3); one that does not exist yet is simply created by AIB.
    /// </summary>
    internal sealed class StagingResourceGroupChecks : ICheckFamily
    {
        private static readonly string[] AibTags = { "imageTemplateName", "imageTemplateResourceGroupName", "usedBy" };

        public PrerequisiteCategory Category => PrerequisiteCategory.StagingResourceGroup;

        public async Task RunAsync(CheckContext ctx, FamilyOutput output)
        {
            if (string.IsNullOrWhiteSpace(ctx.Request.StagingResourceGroupId))
            {
                output.Add(Check.Skipped(CheckNames.StagingRg.Exists, Category, null,
                    "No staging resource group given: AIB creates IT_<resourceGroup>_<template>_<guid> itself."));
                return;
            }
            string id = ArmId.Trim(ctx.Request.StagingResourceGroupId!);
            if (!ArmId.IsResourceGroupId(id))
            {
                output.Add(Check.Failed(CheckNames.StagingRg.Exists, Category, id,
                    "stagingResourceGroup must be a resource group id (/subscriptions/{id}/resourceGroups/{name}).",
                    $"Pass -{CommandNames.TestAibPrerequisite.StagingResourceGroupId} as /subscriptions/<subscription>/resourceGroups/<name>."));
                return;
            }
            JsonNode? rg = null;
            await output.Part(CheckNames.StagingRg.Exists, id, async () =>
            {
                rg = await ctx.StagingResourceGroup().ConfigureAwait(false);
                return rg == null
                    ? Check.Passed(CheckNames.StagingRg.Exists, Category, id,
                        "The staging resource group does not exist: AIB will create it (and delete it with the template).")
                    : Check.Passed(CheckNames.StagingRg.Exists, Category, id,
                        "The staging resource group exists; AIB will use it and keep it (emptied) when the template is deleted.",
                        "location: " + rg.Str("location"));
            }, ctx.Ct).ConfigureAwait(false);
            if (rg == null) return;

            string name = ArmId.NameOf(id);
            await output.Part(CheckNames.StagingRg.Empty, id, async () =>
            {
                IReadOnlyList<JsonObject> resources = await ctx.Arm.ListAsync(id + "/resources", ArmApiVersions.Resources).ConfigureAwait(false);
                if (resources.Count == 0)
                    return Check.Passed(CheckNames.StagingRg.Empty, Category, id, "The staging resource group is empty.", "resources: 0");
                return Check.Failed(CheckNames.StagingRg.Empty, Category, id,
                    $"The staging resource group holds {resources.Count} resource(s); AIB requires an empty one.",
                    StagingResourceGroupFixes.EmptyGroup.Fill(("name", name)),
                    resources.Take(10).Select(r => $"{r.Str("type")}: {r.Str("id")}").ToArray());
            }, ctx.Ct).ConfigureAwait(false);

            string location = ArmLocation.Normalize(rg.Str("location"));
            output.Add(location == ctx.Location
                ? Check.Passed(CheckNames.StagingRg.Region, Category, id, $"The staging resource group is in the template's region ({location}).",
                    "location: " + location)
                : Check.Failed(CheckNames.StagingRg.Region, Category, id,
                    $"The staging resource group is in {location}, the template in {ctx.Location}; AIB requires the same region.",
                    StagingResourceGroupFixes.GroupInTemplateRegion.Fill(("name", name), ("location", ctx.Location)),
                    "location: " + location));

            output.Add(TagChecks(ctx, id, name, rg).ToArray());
        }

        /// <summary>AIB's own tags on a pre-existing RG: another template's name means shared; this template's name or a partial set means stale.</summary>
        private IEnumerable<PrerequisiteResult> TagChecks(CheckContext ctx, string id, string name, JsonNode rg)
        {
            var tags = AibTags.Select(t => (Name: t, Value: TagValue(rg, t))).Where(t => t.Value != null).ToList();
            string[] evidence = tags.Select(t => $"tag {t.Name}={t.Value}").ToArray();
            string? templateName = TagValue(rg, "imageTemplateName") ?? TagValue(rg, "usedBy");
            string? templateRg = TagValue(rg, "imageTemplateResourceGroupName");
            string removeTags = StagingResourceGroupFixes.RemoveAibTags.Fill(
                ("id", id),
                ("name", name),
                ("psTags", string.Join("; ", tags.Select(t => $"{t.Name}='{t.Value}'"))),
                ("azRemoveTags", string.Join(" ", tags.Select(t => "--remove tags." + t.Name))));
            if (tags.Count == 0)
            {
                yield return Check.Passed(CheckNames.StagingRg.NotShared, Category, id,
                    "No AIB tags: the resource group is not used by another template.");
                yield return Check.Passed(CheckNames.StagingRg.NoStaleTags, Category, id, "No AIB tags on the resource group.");
                yield break;
            }
            bool ours = templateName != null && ctx.Request.TemplateName != null
                && string.Equals(templateName, ctx.Request.TemplateName, StringComparison.OrdinalIgnoreCase)
                && (templateRg == null || ctx.Request.TemplateResourceGroupName == null
                    || string.Equals(templateRg, ctx.Request.TemplateResourceGroupName, StringComparison.OrdinalIgnoreCase));
            if (!ours && templateName != null)
            {
                yield return ctx.Request.TemplateName == null
                    ? Check.Warning(CheckNames.StagingRg.NotShared, Category, id,
                        $"The resource group is tagged for template '{templateName}'; unless that is this template, AIB rejects it.", removeTags,
                        evidence)
                    : Check.Failed(CheckNames.StagingRg.NotShared, Category, id,
                        $"The resource group is used by another template ('{templateName}' in '{templateRg ?? "?"}'); "
                            + "each template needs its own staging resource group.",
                        removeTags + "\nOr: point stagingResourceGroup at a new, empty resource group.", evidence);
            }
            else
            {
                yield return Check.Passed(CheckNames.StagingRg.NotShared, Category, id,
                    templateName == null ? "No template name in the AIB tags." : "The AIB tags name this template.", evidence);
            }
            bool partial = tags.Count < AibTags.Length - 1;
            yield return Check.Warning(CheckNames.StagingRg.NoStaleTags, Category, id,
                (partial ? "The resource group carries part of AIB's tags. " : "The resource group already carries AIB's tags. ")
                + "AIB fails when they exist before the template is created or do not match it at build time; "
                + "remove them unless this template already uses the group.",
                removeTags, evidence);
        }

        private static string? TagValue(JsonNode rg, string tag)
        {
            if (rg.At("tags") is JsonObject tags)
            {
                foreach (KeyValuePair<string, JsonNode?> t in tags)
                {
                    if (t.Key.Equals(tag, StringComparison.OrdinalIgnoreCase)) return t.Value.Str() ?? string.Empty;
                }
            }
            return null;
        }
    }
}
