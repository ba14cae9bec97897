using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>The template's region must host AIB, and its api-version must be one this module and the service speak (§1, §6.2).</summary>
    internal sealed class RegionChecks : ICheckFamily
    {
        /// <summary>AIB regions from the docs (§6.2); the provider's own list wins when it can be read.</summary>
        internal static readonly IReadOnlyCollection<string> DocumentedRegions = Templates.AibRegions.Documented;

        public PrerequisiteCategory Category => PrerequisiteCategory.Region;

        public Task RunAsync(CheckContext ctx, FamilyOutput output)
        {
            string regionTarget = $"{ctx.SubscriptionPath}/locations/{ctx.Location}";
            return Task.WhenAll(
                output.Part(CheckNames.Region.ImageBuilder, regionTarget, () => RegionAsync(ctx, regionTarget), ctx.Ct),
                output.Part(CheckNames.Region.ApiVersion, null, () => ApiVersionAsync(ctx), ctx.Ct));
        }

        private static async Task<PrerequisiteResult> RegionAsync(CheckContext ctx, string target)
        {
            const string check = CheckNames.Region.ImageBuilder;
            bool documented = DocumentedRegions.Contains(ctx.Location);
            JsonNode? imageTemplates = await ImageTemplatesTypeAsync(ctx).ConfigureAwait(false);
            List<string>? providerRegions = imageTemplates?.Strings("locations").Select(ArmLocation.Normalize).ToList();
            string fix = "Choose an AIB region for the template (and its subnets): " + string.Join(", ", DocumentedRegions.OrderBy(r => r));
            if (providerRegions != null && providerRegions.Count > 0)
            {
                string evidence = "Microsoft.VirtualMachineImages/imageTemplates locations: " + string.Join(", ", providerRegions);
                return providerRegions.Contains(ctx.Location)
                    ? Check.Passed(check, PrerequisiteCategory.Region, target, $"Azure VM Image Builder is offered in {ctx.Location}.", evidence)
                    : Check.Failed(check, PrerequisiteCategory.Region, target,
                        $"Azure VM Image Builder is not offered in {ctx.Location} for this subscription.", fix, evidence);
            }
            return documented
                ? Check.Passed(check, PrerequisiteCategory.Region, target,
                    $"{ctx.Location} is a documented AIB region (the provider's region list could not be read).", "documented AIB regions")
                : Check.Failed(check, PrerequisiteCategory.Region, target, $"{ctx.Location} is not a documented AIB region.", fix);
        }

        private static async Task<PrerequisiteResult> ApiVersionAsync(CheckContext ctx)
        {
            const string check = CheckNames.Region.ApiVersion;
            PrerequisiteRequest r = ctx.Request;
            string version = r.ApiVersion;
            string supported = string.Join(", ", ArmApiVersions.SupportedImageTemplateVersions);
            string fix =
                $"Author the template with api-version {ArmApiVersions.ImageTemplates} or {ArmApiVersions.ImageTemplatesNewest} "
                    + $"({CommandNames.NewAibIsolatedTemplate.Name} does).";
            if (!string.IsNullOrEmpty(r.ContainerInstanceSubnetId) && !ArmApiVersions.AllowsContainerInstanceSubnet(version))
            {
                return Check.Failed(check, PrerequisiteCategory.Region, null,
                    $"containerInstanceSubnetId needs api-version {ArmApiVersions.FirstWithContainerInstanceSubnet} or later; "
                        + $"the template uses {version}.", fix);
            }
            if (!ArmApiVersions.IsSupportedImageTemplateVersion(version))
            {
                return Check.Failed(check, PrerequisiteCategory.Region, null, $"api-version {version} is not one this module supports ({supported}).",
                    fix);
            }
            JsonNode? imageTemplates = await ImageTemplatesTypeAsync(ctx).ConfigureAwait(false);
            List<string>? served = imageTemplates?.Strings("apiVersions").ToList();
            if (served != null && served.Count > 0 && !served.Contains(version))
            {
                return Check.Failed(check, PrerequisiteCategory.Region, null,
                    $"Microsoft.VirtualMachineImages does not serve api-version {version} to this subscription.", fix,
                    "imageTemplates apiVersions: " + string.Join(", ", served));
            }
            return Check.Passed(check, PrerequisiteCategory.Region, null, $"api-version {version} is supported.",
                served != null && served.Count > 0
                    ? "imageTemplates apiVersions: " + string.Join(", ", served)
                    : "supported by this module: " + supported);
        }

        /// <summary>
        /// The imageTemplates entry of the provider's resourceTypes (same GET as the provider check), or
        /// null when it cannot be read: the provider family reports that failure, these checks fall back
        /// to the documented facts.
        /// </summary>
        private static async Task<JsonNode?> ImageTemplatesTypeAsync(CheckContext ctx)
        {
            try
            {
                ArmResponse provider = await ctx.Provider("Microsoft.VirtualMachineImages").ConfigureAwait(false);
                return provider.Json.Items("resourceTypes")
                    .FirstOrDefault(t => string.Equals(t.Str("resourceType"), "imageTemplates", StringComparison.OrdinalIgnoreCase));
            }
            catch (AibArmException)
            {
                return null;
            }
        }
    }
}
