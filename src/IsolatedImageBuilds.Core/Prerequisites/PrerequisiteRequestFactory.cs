using System;
using System.Linq;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>What a template asks of the subscription, as the check engine's request.</summary>
    public static partial class PrerequisiteRequestFactory
    {
        public static PrerequisiteRequest FromTemplate(ImageTemplateDocument template, string subscriptionId)
        {
            var request = new PrerequisiteRequest(subscriptionId, template.Location ?? string.Empty)
            {
                ApiVersion = template.ApiVersion,
                Topology = template.Topology,
                SubnetId = template.SubnetId,
                ContainerInstanceSubnetId = template.ContainerInstanceSubnetId,
                ProxyVmSize = template.ProxyVmSize,
                VmSize = template.VmSize,
                UserAssignedIdentityId = template.IdentityId,
                StagingResourceGroupId = template.StagingResourceGroupId,
                TemplateName = template.Name,
                TemplateResourceGroupName = template.ResourceGroupName,
                IsWindows = WindowsOrNot(template),
                StagingResourceTypes = StagingPlan.ResourceTypes(template.Topology, template.HasValidation, template.MayBeWindows).ToList(),
                TriggerName = template.TriggerName,
                TriggerRuleProblems = Triggers.TriggerRules.Check(template),
            };
            foreach (string id in template.VmUserAssignedIdentityIds) request.VmProfileIdentityIds.Add(id);
            foreach (var tag in template.ManagedResourceTags) request.ManagedResourceTags[tag.Key] = tag.Value;

            JsonNode? source = template.Source == null ? null : JsonNode.Parse(template.Source.ToJson());
            request.SourceImageId = source.Str("imageId") ?? source.Str("imageVersionId");
            foreach (ImageDistributor distributor in template.Distributors)
            {
                JsonNode? json = JsonNode.Parse(distributor.ToJson());
                string? target = json.Str("imageId") ?? json.Str("galleryImageId");
                if (target != null) request.DistributionTargetIds.Add(target);
            }
            return request;
        }

        // PowerShell, WindowsRestart or WindowsUpdate steps mean Windows; Shell steps only mean Linux;
        // no steps to judge by leaves it open (the checks then cover both).
        private static bool? WindowsOrNot(ImageTemplateDocument template)
        {
            var types = template.Customizers.Select(c => c.Type).Concat(template.Validations.Select(v => v.Type)).ToList();
            if (types.Any(t => t == "PowerShell" || t == "WindowsRestart" || t == "WindowsUpdate")) return true;
            if (types.Any(t => t == "Shell")) return false;
            return template.MayBeWindows ? (bool?)null : false;
        }
    }
}
