using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Prerequisites;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>Many templates by pipeline: gathered as they come, checked together at the end so they share their reads.</summary>
    public sealed partial class TestAibPrerequisiteCommand
    {
        private readonly List<FleetTemplate> _queued = new List<FleetTemplate>();

        private void Queue(PrerequisiteRequest request, string? name)
            => _queued.Add(new FleetTemplate(request.TemplateResourceGroupName ?? ImageTemplate?.ResourceGroupName, name, request));

        /// <summary>
        /// Every queued template through one shared read cache (FleetReadiness), at most -ThrottleLimit templates and requests
        /// per subscription at once; each result is tagged with its template and written as soon as its template is done.
        /// </summary>
        private void CheckFleet()
        {
            try
            {
                AibConnection connection = GetConnection();
                int subscriptions = _queued.Select(t => t.SubscriptionId).Distinct(StringComparer.OrdinalIgnoreCase).Count();
                WriteVerbose($"Checking {_queued.Count} templates in {subscriptions} subscriptions, {ThrottleLimit} at a time per subscription.");
                var options = new FleetOptions { ThrottleLimit = ThrottleLimit };
                Action<FleetTemplateReport>? stream = Quiet ? null : done => Post(() => WriteFleetResults(done));
                FleetReport fleet = RunCore(ct => FleetReadiness.RunAsync(_queued, connection.Arm, options, stream, ct));

                var all = fleet.Templates.SelectMany(t => t.Report.Results).ToList();
                int failed = all.Count(r => r.Status == PrerequisiteStatus.Failed);
                int failedTemplates = fleet.Templates.Count(t => !t.Report.AllPassed);
                string summary = $"Prerequisites of {fleet.Templates.Count} templates in {subscriptions} subscriptions:"
                    + $" {failedTemplates} with failures ({failed} failed checks), {fleet.ArmCalls} ARM calls ({(double)fleet.ArmCalls / fleet.Templates.Count:0.00} a template)"
                    + $" in {fleet.Elapsed.TotalSeconds:0.0} s.";
                WriteInformation(new InformationRecord(summary, "Test-AibPrerequisite"));
                if (Quiet) WriteObject(failed == 0);
                if (Remediate) RemediateFleet(fleet, connection);
            }
            catch (AibException ex)
            {
                WriteAib(ex, "fleet");
            }
        }

        private void WriteFleetResults(FleetTemplateReport done)
        {
            foreach (PrerequisiteResult result in done.Report.Results)
            {
                WriteObject(new AibPrerequisiteResult(result, done.Template));
            }
        }

        /// <summary>-Remediate over a fleet: each subscription's missing providers, registered once.</summary>
        private void RemediateFleet(FleetReport fleet, AibConnection connection)
        {
            foreach (var subscription in fleet.Templates.GroupBy(t => t.Template.SubscriptionId, StringComparer.OrdinalIgnoreCase))
            {
                var results = subscription.SelectMany(t => t.Report.Results).ToList();
                if (PrerequisiteEngine.ProvidersToRegister(results).Count == 0) continue;
                var outcomes = RunCore(ct =>
                    PrerequisiteEngine.RemediateAsync(results, subscription.Key, connection.Arm, ShouldProcessOnPipeline, ct));
                foreach (PrerequisiteRemediationOutcome outcome in outcomes)
                {
                    WriteVerbose($"{subscription.Key} {outcome.ProviderNamespace}: {outcome.Action} - {outcome.Message}");
                }
            }
        }
    }
}
