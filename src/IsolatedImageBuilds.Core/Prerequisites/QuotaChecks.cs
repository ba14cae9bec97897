using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// Free quota in the template's region against what one build needs (§6.3): one ACI container group
    /// of 4 standard cores, the build VM's cores in its family, the proxy VM's for BuildSubnetOnly, and
    /// all of them in Total Regional vCPUs. Validation VMs are not counted (they follow the build VM).
    /// </summary>
    internal sealed class QuotaChecks : ICheckFamily
    {
        internal const string DefaultVmSize = "Standard_D2ds_v4";
        internal const string DefaultProxyVmSize = "Standard_A1_v2";

        public PrerequisiteCategory Category => PrerequisiteCategory.Quota;

        public Task RunAsync(CheckContext ctx, FamilyOutput output)
        {
            string aciScope = $"{ctx.SubscriptionPath}/providers/Microsoft.ContainerInstance/locations/{ctx.Location}";
            string computeScope = $"{ctx.SubscriptionPath}/providers/Microsoft.Compute/locations/{ctx.Location}";
            Task<IReadOnlyList<JsonObject>> aci = ctx.Arm.ListAsync(aciScope + "/usages", ArmApiVersions.ContainerInstance);
            Task<IReadOnlyList<JsonObject>> compute = ctx.Arm.ListAsync(computeScope + "/usages", ArmApiVersions.Compute);

            var vms = new List<(string Check, string Role, string Size, bool Defaulted)>
            {
                (CheckNames.Quota.BuildVmFamily, "build VM", string.IsNullOrWhiteSpace(ctx.Request.VmSize) ? DefaultVmSize : ctx.Request.VmSize!,
                    string.IsNullOrWhiteSpace(ctx.Request.VmSize)),
            };
            if (ctx.Request.Topology == NetworkTopology.BuildSubnetOnly)
            {
                vms.Add((CheckNames.Quota.ProxyVmFamily, "proxy VM",
                    string.IsNullOrWhiteSpace(ctx.Request.ProxyVmSize) ? DefaultProxyVmSize : ctx.Request.ProxyVmSize!,
                    string.IsNullOrWhiteSpace(ctx.Request.ProxyVmSize)));
            }
            // Cores needed per family: two VMs of one family draw on the same quota.
            var perFamily = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            int totalCores = 0;
            var unknown = new List<string>();
            foreach (var vm in vms)
            {
                if (VmSizes.TryGet(vm.Size, out string family, out int cpus))
                {
                    perFamily[family] = (perFamily.TryGetValue(family, out int n) ? n : 0) + cpus;
                    totalCores += cpus;
                }
                else unknown.Add(vm.Size);
            }

            var parts = new List<Task>
            {
                output.Part(CheckNames.Quota.AciContainerGroups, aciScope,
                    async () => Usage(CheckNames.Quota.AciContainerGroups, aciScope, await aci.ConfigureAwait(false), "ContainerGroups", 1,
                        "container groups", AciFix(ctx)), ctx.Ct),
                output.Part(CheckNames.Quota.AciStandardCores, aciScope,
                    async () => Usage(CheckNames.Quota.AciStandardCores, aciScope, await aci.ConfigureAwait(false), "StandardCores", 4,
                        "ACI standard cores", AciFix(ctx)), ctx.Ct),
            };
            foreach (var vm in vms)
            {
                parts.Add(output.Part(vm.Check, computeScope, async () =>
                {
                    string sizeNote = vm.Defaulted ? $" (no size given: the service default {vm.Size} assumed)" : string.Empty;
                    if (!VmSizes.TryGet(vm.Size, out string family, out int cpus))
                    {
                        return Check.Warning(vm.Check, Category, computeScope,
                            $"Not checked: the {vm.Role} size {vm.Size} is not in this module's size table, so its quota family is unknown.",
                            QuotaFixes.ShowVmUsage.Fill(("location", ctx.Location)));
                    }
                    string what = $"{family} cores for the {vm.Role} {vm.Size} ({cpus} vCPU){sizeNote}";
                    return Usage(vm.Check, computeScope, await compute.ConfigureAwait(false), family, perFamily[family], what,
                        ComputeFix(ctx, computeScope, family));
                }, ctx.Ct));
            }
            parts.Add(output.Part(CheckNames.Quota.RegionalCores, computeScope, async () =>
            {
                IReadOnlyList<JsonObject> usages = await compute.ConfigureAwait(false);
                string unknownNote = unknown.Count > 0 ? $" (not counting {string.Join(", ", unknown)}: unknown size)" : string.Empty;
                PrerequisiteResult result = Usage(CheckNames.Quota.RegionalCores, computeScope, usages, "cores", totalCores,
                    "Total Regional vCPUs" + unknownNote, ComputeFix(ctx, computeScope, "cores"));
                return unknown.Count > 0 && result.Status == PrerequisiteStatus.Passed
                    ? Check.Warning(result.Check, Category, computeScope, result.Message + " Unknown sizes were not counted.", null,
                        result.Evidence.ToArray())
                    : result;
            }, ctx.Ct));
            return Task.WhenAll(parts);
        }

        private PrerequisiteResult Usage(string check, string scope, IReadOnlyList<JsonObject> usages, string name, int needed, string what,
            string fix)
        {
            JsonObject? usage = usages.FirstOrDefault(u => string.Equals(u.Str("name", "value"), name, StringComparison.OrdinalIgnoreCase));
            if (usage == null)
            {
                return Check.Warning(check, Category, scope, $"Not checked: the region's usage list has no '{name}' entry.", null,
                    "usage names: " + string.Join(", ", usages.Select(u => u.Str("name", "value"))));
            }
            long limit = usage.Long("limit") ?? 0, current = usage.Long("currentValue") ?? 0, free = Math.Max(0, limit - current);
            string figures = $"{name}: free {free} of limit {limit} (in use {current}), need {needed}";
            return free >= needed
                ? Check.Passed(check, Category, scope, $"Enough {what}: free {free} against needed {needed}.", figures)
                : Check.Failed(check, Category, scope, $"Not enough {what}: free {free} against needed {needed}.", fix, figures);
        }

        private static string AciFix(CheckContext ctx)
            => QuotaFixes.FreeContainerGroups.Fill(("location", ctx.Location));

        private static string ComputeFix(CheckContext ctx, string scope, string family)
            => QuotaFixes.RaiseComputeQuota.Fill(("scope", scope), ("family", family));
    }
}
