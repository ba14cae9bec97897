using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// The template's user-assigned identity exists and holds, on each resource the build touches, the
    /// actions AIB performs with it (§5): join on the subnets, Contributor on a brought staging RG, read
    /// on the source image, write on the distribution targets, assign on the build VM's identities.
    /// </summary>
    internal sealed class IdentityChecks : ICheckFamily
    {
        private const string Join = "Microsoft.Network/virtualNetworks/subnets/join/action";

        public PrerequisiteCategory Category => PrerequisiteCategory.Identity;

        public async Task RunAsync(CheckContext ctx, FamilyOutput output)
        {
            PrerequisiteRequest r = ctx.Request;
            if (string.IsNullOrWhiteSpace(r.UserAssignedIdentityId))
            {
                output.Add(Check.Skipped(CheckNames.Identity.Exists, Category, null,
                    "No user-assigned identity given; the template needs exactly one, and the identity checks need its id."));
                return;
            }
            string identityId = ArmId.Trim(r.UserAssignedIdentityId!);
            bool exists = false;
            await output.Part(CheckNames.Identity.Exists, identityId, async () =>
            {
                try
                {
                    await ctx.Identity().ConfigureAwait(false);
                    string principal = await ctx.Roles.PrincipalIdAsync().ConfigureAwait(false);
                    exists = true;
                    return Check.Passed(CheckNames.Identity.Exists, Category, identityId, $"The identity exists (principal {principal}).",
                        "principalId: " + principal);
                }
                catch (AibArmException e) when (e.Status == 404)
                {
                    string name = ArmId.NameOf(identityId), rg = ArmId.ResourceGroupOf(identityId) ?? "<resource group>";
                    return Check.Failed(CheckNames.Identity.Exists, Category, identityId, "The template's user-assigned identity does not exist.",
                        IdentityFixes.CreateIdentity.Fill(("rg", rg), ("name", name), ("location", ctx.Location)),
                        e.Message);
                }
            }, ctx.Ct).ConfigureAwait(false);

            var permissionChecks = Required(ctx).ToList();
            if (!exists)
            {
                foreach (Need need in permissionChecks)
                {
                    output.Add(Check.Skipped(need.Check, Category, need.Target,
                        $"Not checked: the identity could not be read (see {CheckNames.Identity.Exists})."));
                }
                return;
            }
            await Task.WhenAll(permissionChecks.Select(need => output.Part(need.Check, need.Target,
                () => need.Custom != null ? need.Custom(need) : EvaluateAsync(ctx, need), ctx.Ct))).ConfigureAwait(false);
        }

        /// <summary>What the identity must hold, in output order.</summary>
        private IEnumerable<Need> Required(CheckContext ctx)
        {
            PrerequisiteRequest r = ctx.Request;
            if (r.Topology != NetworkTopology.NoSubnet && !string.IsNullOrWhiteSpace(r.SubnetId))
            {
                yield return new Need(CheckNames.Identity.JoinBuildSubnet, r.SubnetId!, "the build subnet", "Network Contributor", Join);
            }
            if (r.Topology == NetworkTopology.BuildAndAciSubnets && !string.IsNullOrWhiteSpace(r.ContainerInstanceSubnetId))
            {
                yield return new Need(CheckNames.Identity.JoinAciSubnet, r.ContainerInstanceSubnetId!, "the ACI subnet", "Network Contributor", Join);
            }
            yield return StagingResourceGroupNeed(ctx);
            if (!string.IsNullOrWhiteSpace(r.SourceImageId))
            {
                yield return ImageNeed(CheckNames.Identity.ReadSourceImage, r.SourceImageId!, write: false);
            }
            foreach (string target in r.DistributionTargetIds.Where(t => !string.IsNullOrWhiteSpace(t)))
            {
                yield return ImageNeed(CheckNames.Identity.WriteDistribution, target, write: true);
            }
            foreach (string vmIdentity in r.VmProfileIdentityIds.Where(t => !string.IsNullOrWhiteSpace(t)))
            {
                yield return new Need(CheckNames.Identity.AssignVmIdentity, vmIdentity, "the build VM's identity", "Managed Identity Operator",
                    "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action");
            }
        }

        private Need StagingResourceGroupNeed(CheckContext ctx)
        {
            const string check = CheckNames.Identity.StagingRgContributor;
            string? rg = ctx.Request.StagingResourceGroupId;
            if (string.IsNullOrWhiteSpace(rg))
            {
                return new Need(check, null,
                    _ => Task.FromResult(Check.Skipped(check, Category, null,
                        "No staging resource group given: AIB creates one and grants the identity Contributor itself.")));
            }
            string target = ArmId.Trim(rg!);
            // Contributor-equivalent: create, read and delete every type AIB puts there, and run Packer's deployments.
            var actions = new List<string> { "Microsoft.Resources/deployments/write", "Microsoft.Resources/deployments/read" };
            foreach (string type in ctx.Request.EffectiveStagingResourceTypes)
            {
                actions.Add(type + "/write");
                actions.Add(type + "/read");
                actions.Add(type + "/delete");
            }
            return new Need(check, target, "the staging resource group", "Contributor", actions.ToArray())
            {
                // A named RG that does not exist yet is created by AIB, which grants Contributor itself.
                Custom = async need => await ctx.StagingResourceGroup().ConfigureAwait(false) == null
                    ? Check.Passed(check, Category, target,
                        "The staging resource group does not exist yet: AIB creates it and grants the identity Contributor.")
                    : await EvaluateAsync(ctx, need).ConfigureAwait(false),
            };
        }

        private static Need ImageNeed(string check, string id, bool write)
        {
            string type = ArmId.IsResourceGroupId(id) ? "resourceGroup" : ArmId.ResourceTypeOf(id) ?? string.Empty;
            string what = write ? "the distribution target" : "the source image";
            switch (type.ToLowerInvariant())
            {
                case "microsoft.compute/images":
                case "resourcegroup":
                    return write
                        ? new Need(check, id, what, "Contributor", "Microsoft.Compute/images/write", "Microsoft.Compute/images/read",
                            "Microsoft.Compute/images/delete")
                        : new Need(check, id, what, "Reader", "Microsoft.Compute/images/read");
                case "microsoft.compute/galleries/images":
                case "microsoft.compute/galleries/images/versions":
                    return write
                        ? new Need(check, id, what, "Contributor", "Microsoft.Compute/galleries/read", "Microsoft.Compute/galleries/images/read",
                            "Microsoft.Compute/galleries/images/versions/read", "Microsoft.Compute/galleries/images/versions/write")
                        : new Need(check, id, what, "Reader", "Microsoft.Compute/galleries/read", "Microsoft.Compute/galleries/images/read",
                            "Microsoft.Compute/galleries/images/versions/read");
                default:
                    return new Need(check, id, _ => Task.FromResult(Check.Warning(check, PrerequisiteCategory.Identity, id,
                        $"Not checked: '{id}' is not a managed image, gallery image, gallery image version or resource group id.")));
            }
        }

        private async Task<PrerequisiteResult> EvaluateAsync(CheckContext ctx, Need need)
        {
            string target = ArmId.Trim(need.Target!);
            PermissionVerdict verdict = await ctx.Roles.CheckAsync(target, need.Actions).ConfigureAwait(false);
            if (verdict.HasAll)
            {
                return Check.Passed(need.Check, Category, target, $"The identity holds what it needs on {need.What}.", verdict.Granted.ToArray());
            }
            var evidence = verdict.Missing.Select(a => "missing: " + a).Concat(verdict.Granted.Select(g => "granted: " + g)).ToList();
            evidence.Add($"role assignments of principal {verdict.PrincipalId} covering this scope: {verdict.AssignmentsAtScope}");
            string missing = string.Join(", ", verdict.Missing.Take(3))
                + (verdict.Missing.Count > 3 ? $" and {verdict.Missing.Count - 3} more" : string.Empty);
            return Check.Failed(need.Check, Category, target, $"The identity lacks {missing} on {need.What}.",
                RoleFix(verdict.PrincipalId, need.Role, target), evidence.ToArray());
        }

        internal static string RoleFix(string principalId, string role, string scope)
            => IdentityFixes.AssignRole.Fill(("principal", principalId), ("role", role), ("scope", scope));

        private sealed class Need
        {
            public Need(string check, string target, string what, string role, params string[] actions)
            {
                Check = check;
                Target = ArmId.Trim(target);
                What = what;
                Role = role;
                Actions = actions;
            }

            public Need(string check, string? target, Func<Need, Task<PrerequisiteResult>> custom)
            {
                Check = check;
                Target = target;
                What = string.Empty;
                Role = string.Empty;
                Actions = Array.Empty<string>();
                Custom = custom;
            }

            public string Check { get; }
            public string? Target { get; }
            public string What { get; }
            public string Role { get; }
            public IReadOnlyList<string> Actions { get; }

            /// <summary>Set when the verdict does not (only) come from evaluating roles.</summary>
            public Func<Need, Task<PrerequisiteResult>>? Custom { get; set; }
        }
    }
}
