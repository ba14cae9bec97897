using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Triggers;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// SourceImage triggers, for a template that has one or asks for one (Microsoft Learn, "How to enable automatic image
    /// creation with Azure Image Builder triggers"): the Triggers feature, the template's source and distribution
    /// (<see cref="TriggerRules"/>), its provisioning state, one trigger per template, 100 per region per subscription,
    /// and triggers Image Builder deactivated after consecutive failed builds (any status code but Healthy).
    /// </summary>
    internal sealed class TriggerChecks : ICheckFamily
    {
        public PrerequisiteCategory Category => PrerequisiteCategory.Triggers;

        public async Task RunAsync(CheckContext ctx, FamilyOutput output)
        {
            PrerequisiteRequest request = ctx.Request;
            string? templateId = request.TemplateName != null && request.TemplateResourceGroupName != null
                ? ArmId.InResourceGroup(request.SubscriptionId, request.TemplateResourceGroupName, ArmId.ImageTemplatesType,
                    request.TemplateName).Text
                : null;
            JsonNode? deployed = null;
            IReadOnlyList<JsonObject> triggers = Array.Empty<JsonObject>();
            if (templateId != null)
            {
                try
                {
                    // An inventory record already says the template's state: only its triggers (a child resource) are listed.
                    deployed = request.TemplateProvisioningState != null
                        ? new JsonObject { ["properties"] = new JsonObject { ["provisioningState"] = request.TemplateProvisioningState } }
                        : (await ctx.Arm.GetAsync(templateId, request.ApiVersion).ConfigureAwait(false)).Json;
                    triggers = await ctx.Arm.ListAsync(templateId + "/triggers", request.ApiVersion).ConfigureAwait(false);
                }
                catch (AibArmException e) when (e.Status == 404)
                {
                    deployed = null; // not deployed yet: only the trigger it asks for counts
                }
                catch (AibArmException e)
                {
                    output.Add(Check.CouldNotRead(CheckNames.Triggers.TemplateState, Category, templateId, e));
                    return;
                }
            }
            if (request.TriggerName == null && triggers.Count == 0)
            {
                output.Add(Check.Skipped(CheckNames.Triggers.Feature, Category, templateId, "The template neither has nor asks for a trigger."));
                return;
            }
            await FeatureAsync(ctx, output).ConfigureAwait(false);
            Rules(request, templateId, output);
            State(request, templateId, deployed, output);
            OnePerTemplate(request, templateId, triggers, output);
            await RegionalCountAsync(ctx, templateId, triggers, output).ConfigureAwait(false);
            Health(request, triggers, output);
        }

        private async Task FeatureAsync(CheckContext ctx, FamilyOutput output)
        {
            string feature = TriggerClient.FeaturePathIn(ctx.Request.SubscriptionId);
            try
            {
                string? state = (await ctx.Arm.GetAsync(feature, ArmApiVersions.Features).ConfigureAwait(false)).Json.Str("properties", "state");
                output.Add(string.Equals(state, "Registered", StringComparison.OrdinalIgnoreCase)
                    ? Check.Passed(CheckNames.Triggers.Feature, Category, feature, $"The feature {TriggerClient.FeatureId} is registered.")
                    : Check.Failed(CheckNames.Triggers.Feature, Category, feature,
                        $"The feature {TriggerClient.FeatureId} is {state ?? "not registered"}: Image Builder refuses triggers without it.",
                        TriggerFixes.RegisterFeature.Fill(), "state " + (state ?? "(none)")));
            }
            catch (AibArmException e)
            {
                output.Add(Check.CouldNotRead(CheckNames.Triggers.Feature, Category, feature, e));
            }
        }

        /// <summary>The template's source and distribution, as <see cref="TriggerRules"/> judged them locally.</summary>
        private void Rules(PrerequisiteRequest request, string? templateId, FamilyOutput output)
        {
            if (request.TriggerRuleProblems == null)
            {
                var checks = new[] { CheckNames.Triggers.Source, CheckNames.Triggers.DistributionVersion, CheckNames.Triggers.SourceNotTarget };
                foreach (string check in checks)
                {
                    output.Add(Check.Skipped(check, Category, templateId, "No template given to check its source and distribution against."));
                }
                return;
            }
            Rule(CheckNames.Triggers.Source, templateId, request.TriggerRuleProblems,
                new[] { TriggerErrorIds.SourceKind, TriggerErrorIds.SourceNotLatest }, "The source is a platform or gallery image at 'latest'.",
                _ => TriggerFixes.SourceAtLatest.Fill(), output);
            Rule(CheckNames.Triggers.DistributionVersion, templateId, request.TriggerRuleProblems,
                new[] { TriggerErrorIds.DistributionVersion }, "No gallery distribution names an image version.",
                _ => TriggerFixes.DistributeToDefinition.Fill(), output);
            Rule(CheckNames.Triggers.SourceNotTarget, templateId, request.TriggerRuleProblems,
                new[] { TriggerErrorIds.SourceIsTarget }, "No gallery distribution targets the image definition of the source.",
                _ => TriggerFixes.DistributeElsewhere.Fill(), output);
        }

        private void Rule(string check, string? templateId, IReadOnlyList<AibException> problems, AibError[] ids, string passed,
            Func<AibException, string> fix, FamilyOutput output)
        {
            var broken = problems.Where(p => ids.Any(id => id.Id == p.ErrorId)).ToList();
            if (broken.Count == 0)
            {
                output.Add(Check.Passed(check, Category, templateId, passed));
                return;
            }
            foreach (AibException problem in broken)
            {
                output.Add(Check.Failed(check, Category, templateId, problem.Message, fix(problem), problem.ErrorId,
                    problem.Target?.ToString() ?? check));
            }
        }

        private void State(PrerequisiteRequest request, string? templateId, JsonNode? deployed, FamilyOutput output)
        {
            const string check = CheckNames.Triggers.TemplateState;
            if (deployed == null)
            {
                output.Add(Check.Skipped(check, Category, templateId,
                    $"The template is not deployed yet: {CommandNames.NewAibIsolatedTemplate.Name} -Trigger adds the trigger once the "
                    + "template is Succeeded."));
                return;
            }
            string? state = deployed.Str("properties", "provisioningState");
            output.Add(string.Equals(state, "Succeeded", StringComparison.OrdinalIgnoreCase)
                ? Check.Passed(check, Category, templateId, "The template is in provisioning state Succeeded.")
                : Check.Failed(check, Category, templateId,
                    $"The template is in provisioning state '{state}': Image Builder adds triggers only to a Succeeded template.",
                    TriggerFixes.RecreateTemplate.Fill(("template", request.TemplateName!), ("resourceGroup", request.TemplateResourceGroupName!)),
                    "provisioningState " + state));
        }

        private void OnePerTemplate(PrerequisiteRequest request, string? templateId, IReadOnlyList<JsonObject> triggers, FamilyOutput output)
        {
            const string check = CheckNames.Triggers.OnePerTemplate;
            var names = triggers.Select(t => t.Str("name") ?? string.Empty).ToList();
            if (request.TriggerName != null && !names.Contains(request.TriggerName, StringComparer.OrdinalIgnoreCase)) names.Add(request.TriggerName);
            if (names.Count <= 1)
            {
                output.Add(Check.Passed(check, Category, templateId, "The template has or asks for one SourceImage trigger.", names.ToArray()));
                return;
            }
            string extra = names.Last();
            output.Add(Check.Failed(check, Category, templateId,
                $"The template would have {names.Count} SourceImage triggers ({string.Join(", ", names)}): Image Builder takes one per template.",
                TriggerFixes.RemoveTrigger.Fill(("template", request.TemplateName!), ("resourceGroup", request.TemplateResourceGroupName!),
                    ("trigger", extra)),
                names.ToArray()));
        }

        /// <summary>"A limit of 100 triggers per region, per subscription": every template of the region, each one's triggers.</summary>
        private async Task RegionalCountAsync(CheckContext ctx, string? templateId, IReadOnlyList<JsonObject> triggers, FamilyOutput output)
        {
            const string check = CheckNames.Triggers.RegionalCount;
            const int limit = 100;
            string collection = $"{ctx.SubscriptionPath}/providers/{ArmId.ImageTemplatesType}";
            int count;
            try
            {
                IReadOnlyList<JsonObject> templates = await ctx.Arm.ListAsync(collection, ctx.Request.ApiVersion).ConfigureAwait(false);
                var inRegion = templates
                    .Where(t => ArmLocation.Normalize(t.Str("location") ?? string.Empty) == ctx.Location)
                    .Select(t => t.Str("id") ?? string.Empty)
                    .ToList();
                int[] counts = await Task.WhenAll(inRegion.Select(async id =>
                    (await ctx.Arm.ListAsync(id + "/triggers", ctx.Request.ApiVersion).ConfigureAwait(false)).Count)).ConfigureAwait(false);
                count = counts.Sum();
            }
            catch (AibArmException e)
            {
                output.Add(Check.CouldNotRead(check, Category, collection, e));
                return;
            }
            bool adds = ctx.Request.TriggerName != null
                && !triggers.Any(t => string.Equals(t.Str("name"), ctx.Request.TriggerName, StringComparison.OrdinalIgnoreCase));
            int after = count + (adds ? 1 : 0);
            string evidence = $"{count} trigger(s) in {ctx.Location}" + (adds ? ", 1 to add" : string.Empty);
            output.Add(after <= limit
                ? Check.Passed(check, Category, collection, $"{after} of the {limit} triggers allowed per region per subscription.", evidence)
                : Check.Failed(check, Category, collection,
                    $"The subscription would have {after} triggers in {ctx.Location}: the limit is {limit} per region per subscription.",
                    TriggerFixes.FewerTriggersInRegion.Fill(("location", ctx.Location)), evidence));
        }

        private void Health(PrerequisiteRequest request, IReadOnlyList<JsonObject> triggers, FamilyOutput output)
        {
            const string check = CheckNames.Triggers.Healthy;
            foreach (JsonObject trigger in triggers)
            {
                var read = SourceImageTrigger.Read(trigger);
                string evidence = $"status {read.StatusCode} at {read.StatusTime:u}";
                output.Add(read.IsHealthy
                    ? Check.Passed(check, Category, read.Id, $"The trigger {read.Name} is Healthy.", evidence)
                    : Check.Failed(check, Category, read.Id,
                        $"The trigger {read.Name} is {read.StatusCode ?? "without status"}, not Healthy: it no longer fires (Image Builder "
                        + "deactivates a trigger after consecutive failed builds). " + read.StatusMessage,
                        TriggerFixes.ReactivateByManualBuild.Fill(("template", read.TemplateName), ("resourceGroup", read.ResourceGroupName)),
                        evidence));
            }
        }
    }
}
