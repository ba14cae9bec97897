using System;
using System.Collections.Generic;
using System.Management.Automation;
using IsolatedImageBuilds.Builds;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Triggers;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Gets the last build of image templates and, with -Wait, attaches to a running build until it ends.</para>
    /// </summary>
    /// <remarks>
    /// <para>Get-AibIsolatedBuild reads each template's lastRunStatus: its state and stage, start and end, message, staging resource group and, for finished builds, the log location. Without -Name it lists the templates of a resource group, or of the subscription without -ResourceGroupName.</para>
    /// <para>StartedBy tells who started the last run: Trigger or Manual. Azure's lastRunStatus does not say it, so it is derived: a run is Trigger-started when one of the template's SourceImage triggers last fired (its status time) within a second of the run's start; otherwise Manual (Start-AibIsolatedBuild, az image builder run, or autoRun). It stays empty when the template's triggers cannot be read. A triggered run is followed with -Wait and read with Get-AibBuildLog like any other.</para>
    /// <para>With -Wait it follows running builds exactly as Start-AibIsolatedBuild does (progress bar, at most four reads a minute, transient failures tolerated), from any process: a runbook can start a build with -NoWait and end, and a later job can wait for it. A failed build is written as an error naming the cause.</para>
    /// </remarks>
    /// <example>
    /// <code>Get-AibIsolatedBuild -ResourceGroupName rg-images</code>
    /// <para>Shows the last build of every template in the resource group.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibIsolatedBuild -Name ubuntu-2404 -ResourceGroupName rg-images -Wait</code>
    /// <para>Attaches to the running build and waits until it ends.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibIsolatedBuild | Where-Object RunState -eq Running</code>
    /// <para>Lists the builds running anywhere in the subscription.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "AibIsolatedBuild", DefaultParameterSetName = SubscriptionSet)]
    [OutputType(typeof(AibBuildRun))]
    public sealed class GetAibIsolatedBuildCommand : BuildCmdletBase
    {
        private const string SubscriptionSet = "Subscription";
        private const string ResourceGroupSet = "ResourceGroup";
        private const string NameSet = "Name";
        private readonly List<BuildRun> _runs = new List<BuildRun>();

        /// <summary>The image template's name. Binds from piped templates and runs.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Alias("TemplateName")]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The resource group of the templates. Without -Name, every template of the group.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ResourceGroupSet)]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        /// <summary>Waits for running builds to end (re-attaching from any process), with a progress bar.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How many running builds are waited for side by side (default 10).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 10;

        // One runner per subscription: piped inventory records may come from several.
        private readonly Dictionary<string, BuildRunner> _runners = new Dictionary<string, BuildRunner>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The subscription of the image template, when not the session's (binds from Get-AibImageTemplate's output).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                BuildRunner runner = RunnerFor(SubscriptionId);
                // Re-attaching is waiting too: its first read rides out an outage like the ones after it.
                BuildWaitOptions reading = CreateWaitOptions();
                IReadOnlyList<BuildRun> found = ParameterSetName == NameSet
                    ? new[]
                    {
                        RunCore(ct => Wait
                            ? runner.ReadThroughOutageAsync(ResourceGroupName!, Name!, reading, ct)
                            : runner.GetAsync(ResourceGroupName!, Name!, ct)),
                    }
                    : RunCore(ct => runner.ListAsync(ParameterSetName == ResourceGroupSet ? ResourceGroupName : null, ct));
                var triggers = new TriggerClient(runner.Connection);
                RunCore(async ct =>
                {
                    await RunOrigin.MarkAsync(triggers, found, ct).ConfigureAwait(false);
                    return found;
                });
                _runs.AddRange(found);
            }
            catch (AibException ex)
            {
                WriteAib(ex, Name ?? ResourceGroupName);
            }
        }

        protected override void EndProcessing()
        {
            if (!Wait || _runners.Count == 0)
            {
                foreach (BuildRun run in _runs) WriteObject(new AibBuildRun(run));
                return;
            }
            foreach (BuildRun run in _runs) RunnerFor(run.SubscriptionId);
            BuildWaitOptions options = CreateWaitOptions();
            RunSideBySide(_runs, ThrottleLimit, async (run, index, progress, ct) =>
            {
                BuildRunner runner = _runners[run.SubscriptionId];
                if (!run.IsRunning)
                {
                    await ReportAsync(runner, run, ct).ConfigureAwait(false);
                    return;
                }
                run.Reattached = true;
                await WaitAndReportAsync(runner, run, index, progress, options, ct).ConfigureAwait(false);
            });
        }

        private BuildRunner RunnerFor(string? subscriptionId)
        {
            AibConnection connection = GetConnection(subscriptionId);
            if (!_runners.TryGetValue(connection.SubscriptionId, out BuildRunner? runner))
            {
                _runners[connection.SubscriptionId] = runner = new BuildRunner(connection);
            }
            return runner;
        }
    }
}
