using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// Runs the prerequisite check families of <c>Test-AibPrerequisite</c> side by side and registers
    /// missing providers on request. Pure Core: no PowerShell, only BCL and our own types cross it.
    /// </summary>
    public static class PrerequisiteEngine
    {
        /// <summary>
        /// In start order: families with chains of dependent reads first (identity → role assignments →
        /// role definitions; staging RG → policy checks; subnet → NSG), so their first reads take the
        /// first slots and the single reads (providers, usages) fill the gaps. Output order is by
        /// category, whatever the start order.
        /// </summary>
        private static ICheckFamily[] Families() => new ICheckFamily[]
        {
            new IdentityChecks(),
            new StagingResourceGroupChecks(),
            new PolicyChecks(),
            new SubnetChecks(),
            new DdosChecks(),
            new QuotaChecks(),
            new ProviderChecks(),
            new RegionChecks(),
            new TriggerChecks(),
        };

        /// <summary>
        /// Runs every selected family concurrently; ARM reads are shared across families (each path read
        /// once) and bounded by <see cref="PrerequisiteEngineOptions.MaxConcurrency"/>. Each result goes to
        /// <paramref name="onResult"/> as soon as it is known — one call at a time, but from a worker
        /// thread: the cmdlet should queue it for the pipeline thread. The returned report lists the
        /// results in a stable order (family, then check) whatever finished first.
        /// </summary>
        public static Task<PrerequisiteReport> RunAsync(PrerequisiteRequest request, ArmRequestSender arm,
            PrerequisiteEngineOptions? options = null, Action<PrerequisiteResult>? onResult = null, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (arm == null) throw new ArgumentNullException(nameof(arm));
            options ??= new PrerequisiteEngineOptions();

            return RunAsync(request, new ArmReader(arm, options.MaxConcurrency, cancellationToken), onResult, cancellationToken);
        }

        /// <summary>One template's run over a given reader: its own, or one sharing a fleet run's <see cref="ArmReadCache"/>.</summary>
        internal static async Task<PrerequisiteReport> RunAsync(PrerequisiteRequest request, ArmReader reader,
            Action<PrerequisiteResult>? onResult, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var ctx = new CheckContext(request, reader, cancellationToken);
            var collector = new ResultCollector(onResult);
            var running = Families()
                .Where(f => request.Runs(f.Category))
                .Select(f => RunFamilyAsync(f, ctx, new FamilyOutput(collector, f.Category)))
                .ToList();
            await Task.WhenAll(running).ConfigureAwait(false);
            return new PrerequisiteReport(collector.Ordered(), reader.Calls, clock.Elapsed);
        }

        /// <summary>Starts a family on the thread pool so a slow synchronous stretch in one never delays the others.</summary>
        private static Task RunFamilyAsync(ICheckFamily family, CheckContext ctx, FamilyOutput output)
            => Task.Run(async () =>
            {
                try
                {
                    await family.RunAsync(ctx, output).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ctx.Ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e)
                {
                    // Checks handle their own failures; this is the net under the family's own code.
                    output.Add(Check.Warning(family.Category + ".Error", family.Category, null,
                        $"The {family.Category} checks stopped early: {e.GetType().Name}: {e.Message}"));
                }
            }, ctx.Ct);

        /// <summary>Namespaces whose provider check failed (not registered): what <see cref="RemediateAsync"/> would register.</summary>
        public static IReadOnlyList<string> ProvidersToRegister(IEnumerable<PrerequisiteResult> results)
            => results
                .Where(r => r.Category == PrerequisiteCategory.Providers && r.Status == PrerequisiteStatus.Failed
                    && r.Check.StartsWith(CheckNames.ProviderPrefix, StringComparison.Ordinal))
                .Select(r => r.Check.Substring(CheckNames.ProviderPrefix.Length))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();

        /// <summary>
        /// The -Remediate hook: registers the providers whose check failed, and nothing else. Each
        /// registration is offered to <paramref name="shouldProcess"/> (target, action) first — the
        /// cmdlet passes its ShouldProcess. Returns what was done for each.
        /// </summary>
        public static async Task<IReadOnlyList<PrerequisiteRemediationOutcome>> RemediateAsync(IEnumerable<PrerequisiteResult> results,
            string subscriptionId, ArmRequestSender arm,
            Func<string, string, bool>? shouldProcess = null, CancellationToken cancellationToken = default)
        {
            if (results == null) throw new ArgumentNullException(nameof(results));
            if (arm == null) throw new ArgumentNullException(nameof(arm));
            var outcomes = new List<PrerequisiteRemediationOutcome>();
            foreach (string ns in ProvidersToRegister(results))
            {
                string target = $"/subscriptions/{subscriptionId}/providers/{ns}";
                if (shouldProcess != null && !shouldProcess(target, $"Register resource provider {ns}"))
                {
                    outcomes.Add(new PrerequisiteRemediationOutcome(ns, target, PrerequisiteRemediationAction.Declined,
                        $"Registration of {ns} was not confirmed."));
                    continue;
                }
                try
                {
                    ArmResponse response =
                        await arm.SendAsync(new ArmRequest("POST", target + "/register", ArmApiVersions.Resources), cancellationToken)
                            .ConfigureAwait(false);
                    string state = response.Json.Str("registrationState") ?? "Registering";
                    outcomes.Add(new PrerequisiteRemediationOutcome(ns, target, PrerequisiteRemediationAction.RegistrationRequested,
                        $"Registration of {ns} requested (state: {state}); it can take a few minutes to read Registered."));
                }
                catch (AibArmException e)
                {
                    outcomes.Add(new PrerequisiteRemediationOutcome(ns, target, PrerequisiteRemediationAction.Failed,
                        $"Registering {ns} failed: {e.Status} {e.ArmCode}: {e.ArmMessage}"));
                }
            }
            return outcomes;
        }
    }
}
