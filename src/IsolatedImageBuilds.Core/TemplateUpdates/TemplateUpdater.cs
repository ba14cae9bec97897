using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Prerequisites;
using IsolatedImageBuilds.Core.Templates;
using UpdateTemplate = IsolatedImageBuilds.Core.CommandNames.UpdateAibIsolatedTemplate;

namespace IsolatedImageBuilds.Core.TemplateUpdates
{
    /// <summary>
    /// Updates a deployed image template in place: reads it, refuses while a build runs, plans the change locally,
    /// checks the prerequisites of the would-be template, then PATCHes vmProfile and distribute and waits for the
    /// provisioning. Tags and triggers are not part of the PATCH, so they stay as they are.
    /// </summary>
    public sealed class TemplateUpdater
    {
        private readonly AibConnection _connection;
        private readonly LongRunningOperationPoller _poller;

        public TemplateUpdater(AibConnection connection, TimeSpan? pollInterval = null)
        {
            _connection = connection;
            _poller = new LongRunningOperationPoller(connection.Arm, pollInterval ?? TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
        }

        /// <summary>Reads the template and plans the update; throws TemplateUpdateBuildRunning while a build runs.</summary>
        public async Task<TemplateUpdatePlan> PlanAsync(string resourceGroup, string name, TemplateUpdateRequest request,
            CancellationToken cancellationToken)
        {
            ImageTemplateSnapshot current = await ImageTemplateReader.ReadAsync(_connection, resourceGroup, name, cancellationToken)
                .ConfigureAwait(false);
            RefuseWhileRunning(current);
            return TemplateUpdatePlanner.Plan(current.Document, request);
        }

        /// <summary>The prerequisite checks of the template as it would be; throws TemplateUpdatePrerequisitesFailed when one fails.</summary>
        public async Task<PrerequisiteReport> CheckPrerequisitesAsync(TemplateUpdatePlan plan, CancellationToken cancellationToken)
        {
            PrerequisiteRequest request = PrerequisiteRequestFactory.FromTemplate(plan.After, _connection.SubscriptionId);
            PrerequisiteReport report = await PrerequisiteEngine.RunAsync(request, _connection.Arm, null, null, cancellationToken)
                .ConfigureAwait(false);
            var failed = report.Results.Where(r => r.Status == PrerequisiteStatus.Failed).ToList();
            if (failed.Count > 0)
            {
                string lines = string.Join("\n", failed.Select(r => $"  {r.Check}: {r.Message} Fix: {r.Remediation}"));
                throw new AibException(TemplateUpdateErrorIds.PrerequisitesFailed,
                    $"{plan.Before.Name} was not updated: {failed.Count} prerequisite check(s) of its {plan.After.Topology} topology failed."
                    + $"\n{lines}\n"
                    + $"Fix them, or use -{UpdateTemplate.SkipPrerequisiteCheck} to update anyway.", plan.Before.Name);
            }
            return report;
        }

        /// <summary>Sends the PATCH (api-version 2024-02-01), waits for the provisioning, and returns the template as Azure then holds it.</summary>
        public async Task<ImageTemplateSnapshot> ApplyAsync(TemplateUpdatePlan plan, Action<string>? status, CancellationToken cancellationToken)
        {
            string name = plan.Before.Name!;
            string resourceGroup = plan.Before.ResourceGroupName!;
            // Read again just before sending: a build may have started since the plan.
            RefuseWhileRunning(await ImageTemplateReader.ReadAsync(_connection, resourceGroup, name, cancellationToken).ConfigureAwait(false));

            string path = _connection.ImageTemplateId(resourceGroup, name);
            var patch = new ArmRequest("PATCH", path, ArmApiVersions.ImageTemplates, plan.PatchBody.DeepClone());
            ArmResponse accepted = await _connection.Arm.SendAsync(patch, cancellationToken).ConfigureAwait(false);
            await _poller.WaitAsync(accepted, "PATCH " + path, s => status?.Invoke($"Updating {name}: {s.Status}"), cancellationToken)
                .ConfigureAwait(false);

            ImageTemplateSnapshot updated = await ImageTemplateReader.ReadAsync(_connection, resourceGroup, name, cancellationToken)
                .ConfigureAwait(false);
            if (string.Equals(updated.ProvisioningState, "Failed", StringComparison.OrdinalIgnoreCase))
            {
                throw new AibException(TemplateUpdateErrorIds.ProvisioningFailed,
                    $"The update of {name} ended with provisioningState Failed: {updated.ProvisioningError ?? "no message"}", path);
            }
            return updated;
        }

        private static void RefuseWhileRunning(ImageTemplateSnapshot template)
        {
            if (!template.LastRun.IsRunning) return;
            string name = template.LastRun.TemplateName;
            throw new AibException(TemplateUpdateErrorIds.BuildRunning,
                $"{name} is building ({template.LastRun.RunState}, {template.LastRun.RunSubState}, started {template.LastRun.StartTime:u}): "
                + "Azure does not update a template while a build runs. Wait for it "
                + $"({Builds.BuildRunner.AttachCommand(template.LastRun.ResourceGroupName, name)}) or stop it, then update.",
                template.LastRun.TemplateId);
        }
    }
}
