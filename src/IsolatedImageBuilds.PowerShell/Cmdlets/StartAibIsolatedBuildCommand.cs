using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using IsolatedImageBuilds.Builds;
using IsolatedImageBuilds.Core;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Runs the build of one or more image templates and, by default, waits for it with a progress bar showing the real stage.</para>
    /// </summary>
    /// <remarks>
    /// <para>Start-AibIsolatedBuild sends the run request of each template and follows the build: the progress bar shows the stage AIB reports (Queued, Building, Customizing, Optimizing, Validating, Distributing) and the elapsed time. Once a build is Building it reads the template at most four times a minute (-PollingInterval). Transient ARM failures (429, 5xx, dropped connections) do not end the wait.</para>
    /// <para>It never starts two builds by accident: a template that is already building is attached to, not restarted (unless -Force, which cancels it first), and a run request whose answer was lost is followed by a read of the template's lastRunStatus rather than sent again.</para>
    /// <para>It returns an AibBuildRun per template: state, stage, start and end, duration, operation id, staging resource group, run outputs (artifact ids and URIs) and the log location. A failed build is written as an error that names the cause, with the AibBuildRun as its target object; in Azure DevOps (TF_BUILD) it is also raised as a pipeline error.</para>
    /// <para>Ctrl+C stops the waiting within a second and never cancels the build: re-attach with Get-AibIsolatedBuild -Wait. -NoWait returns as soon as the request is accepted, which suits runbooks that must end before the build does. -Timeout defaults to the template's buildTimeoutInMinutes (0 means 240) plus 45 minutes.</para>
    /// <para>ARM outages while waiting are ridden out for -OutageTolerance (default 30 minutes) with one warning (WaitOutageTolerated). -MaxWaitMinutes stops waiting in time and returns the run with a warning (WaitStopped) saying how to re-attach. In Azure Automation and Azure Pipelines there is no progress bar: one line per stage change (in Azure Pipelines a ##[group] section), and in Azure Pipelines a warning (WaitAgentJobLimit) when the wait may outlive a hosted agent's job. See docs/hosting.md.</para>
    /// </remarks>
    /// <example>
    /// <code>Start-AibIsolatedBuild -Name win11-avd -ResourceGroupName rg-images</code>
    /// <para>Runs the build and waits, with a progress bar; returns the run with its outputs.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibIsolatedBuild -ResourceGroupName rg-images | Start-AibIsolatedBuild -ThrottleLimit 10</code>
    /// <para>Builds every template of the resource group, ten at a time.</para>
    /// </example>
    /// <example>
    /// <code>$run = Start-AibIsolatedBuild -Name ubuntu-2404 -ResourceGroupName rg-images -NoWait
    /// # later, in another job or process:
    /// Get-AibIsolatedBuild -Name ubuntu-2404 -ResourceGroupName rg-images -Wait</code>
    /// <para>Starts the build in one runbook job and waits for it in a later one.</para>
    /// </example>
    /// <example>
    /// <code>Start-AibIsolatedBuild -Name ubuntu-2404 -ResourceGroupName rg-images -IdempotencyKey "nightly-$(Get-Date -Format yyyyMMdd)" -MaxWaitMinutes 170</code>
    /// <para>Starts at most one build per night, even if the runbook is restarted from the beginning, and stops waiting after 170 minutes (returning the run with how to re-attach). In an Automation job the key defaults to the job id.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Start, "AibIsolatedBuild", SupportsShouldProcess = true)]
    [OutputType(typeof(AibBuildRun))]
    public sealed class StartAibIsolatedBuildCommand : BuildCmdletBase
    {
        private readonly List<(string? Subscription, string ResourceGroup, string Name)> _templates = new List<(string?, string, string)>();

        /// <summary>The image template's name. Binds from the Name property of piped templates and runs.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TemplateName")]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The resource group of the image template. Binds from piped objects' ResourceGroupName.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string ResourceGroupName { get; set; } = string.Empty;

        /// <summary>Returns as soon as the run request is accepted, without waiting for the build.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>Runs the command as a background (thread) job and returns the job.</summary>
        [Parameter]
        public SwitchParameter AsJob { get; set; }

        /// <summary>Cancels a build already running on the template and starts a new one, instead of attaching to it.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>How many builds run and are waited for side by side (default 5). Each build uses one ACI with 4 cores of the region's quota.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 5;

        /// <summary>
        /// Stops waiting after this many minutes (fractions allowed) and returns the run as last read, with a warning (WaitStopped) that says how
        /// to re-attach; the build goes on. For hosts that end jobs: Automation's 3-hour fair share, an Azure Pipelines job's time limit.
        /// </summary>
        [Parameter]
        [ValidateRange(0.01, 1440.0)]
        public double MaxWaitMinutes { get; set; }

        /// <summary>
        /// Starts at most one build per key: the key is recorded on the template (tags aib-idempotency-key and aib-idempotency-recorded) before
        /// the run request, and a later call with the same key attaches to that run, running or finished, instead of starting another. In an
        /// Azure Automation job it defaults to the job id, so a runbook restarted from the beginning does not build twice.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? IdempotencyKey { get; set; }

        /// <summary>The subscription of the image template, when not the session's (binds from Get-AibImageTemplate's output).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        protected override void ProcessRecord()
        {
            if (ShouldProcess($"image template {Name} in resource group {ResourceGroupName}", "Start image build"))
            {
                _templates.Add((SubscriptionId, ResourceGroupName, Name));
            }
        }

        protected override void EndProcessing()
        {
            if (_templates.Count == 0)
            {
                return;
            }
            if (AsJob)
            {
                WriteObject(StartAsJob());
                return;
            }
            AibConnection connection;
            try
            {
                connection = GetConnection();
            }
            catch (AibException ex)
            {
                ThrowAib(ex);
                return;
            }
            // One runner per subscription: piped inventory records may come from several.
            var runners = _templates.Select(t => t.Subscription ?? string.Empty).Distinct(StringComparer.OrdinalIgnoreCase)
                .ToDictionary(s => s, s => new BuildRunner(connection.ForSubscription(s)), StringComparer.OrdinalIgnoreCase);
            BuildWaitOptions waitOptions = CreateWaitOptions();
            if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxWaitMinutes)))
            {
                waitOptions.MaxWait = TimeSpan.FromMinutes(MaxWaitMinutes);
            }
            string? key = IdempotencyKey ?? (HostKind == RunHostKind.AzureAutomation ? RunHost.AutomationJobId(this) : null);
            RunSideBySide(_templates, ThrottleLimit, async (template, index, progress, ct) =>
            {
                BuildRunner runner = runners[template.Subscription ?? string.Empty];
                BuildRun run;
                try
                {
                    run = key == null
                        ? await runner.StartAsync(template.ResourceGroup, template.Name, Force, waitOptions, ct).ConfigureAwait(false)
                        : await runner.StartOnceAsync(template.ResourceGroup, template.Name, key, Force, waitOptions, ct).ConfigureAwait(false);
                }
                catch (AibException ex)
                {
                    Post(() => WriteError(ToErrorRecord(ex, template.Name)));
                    return;
                }
                if (NoWait)
                {
                    Post(() => WriteObject(new AibBuildRun(run)));
                    return;
                }
                WarnIfAgentEndsFirst(run, waitOptions);
                await WaitAndReportAsync(runner, run, index, progress, waitOptions, ct).ConfigureAwait(false);
            });
        }

        // Microsoft-hosted agents stop a job after 60 minutes (free tier) or 360 (paid); the pipeline does not tell a step its own limit.
        private void WarnIfAgentEndsFirst(BuildRun run, BuildWaitOptions options)
        {
            const int FreeTierJobMinutes = 60;
            if (HostKind != RunHostKind.AzurePipelines || options.MaxWait != null) return;
            double waitMinutes = (options.Timeout ?? TimeSpan.FromMinutes(run.EffectiveBuildTimeoutInMinutes) + options.TimeoutMargin).TotalMinutes;
            if (waitMinutes <= FreeTierJobMinutes) return;
            var get = $"{CommandNames.GetAibIsolatedBuild.Name} -{CommandNames.GetAibIsolatedBuild.ResourceGroupName} {run.ResourceGroupName} "
                + $"-{CommandNames.GetAibIsolatedBuild.TemplateName} {run.TemplateName} -{CommandNames.GetAibIsolatedBuild.Wait}";
            Post(() => WriteWarning($"{WaitErrorIds.AgentJobLimit}: waiting for {run.TemplateName} may last {waitMinutes:0} minutes "
                + $"(build timeout {run.EffectiveBuildTimeoutInMinutes} + margin), longer than a Microsoft-hosted agent's job limit "
                + $"({FreeTierJobMinutes} minutes free, 360 paid). Split it: start with {CommandNames.StartAibIsolatedBuild.Name} "
                + $"-{CommandNames.StartAibIsolatedBuild.NoWait} in one job, wait with {get} in later jobs "
                + $"(-{CommandNames.GetAibIsolatedBuild.Timeout} shorter than the job's limit), or bound this wait with "
                + $"-{CommandNames.StartAibIsolatedBuild.MaxWaitMinutes}."));
        }

        // Name and group, and the subscription only when given: an empty SubscriptionId would not bind.
        private static PSObject ToPipelineRecord((string? Subscription, string ResourceGroup, string Name) template)
        {
            var record = new PSObject();
            record.Properties.Add(new PSNoteProperty(nameof(Name), template.Name));
            record.Properties.Add(new PSNoteProperty(nameof(ResourceGroupName), template.ResourceGroup));
            if (template.Subscription != null) record.Properties.Add(new PSNoteProperty(nameof(SubscriptionId), template.Subscription));
            return record;
        }

        // The job runs this same command in a thread job of this process, so it shares the session's connection.
        private object StartAsJob()
        {
            string moduleFolder = Path.GetDirectoryName(typeof(StartAibIsolatedBuildCommand).Assembly.Location)!;
            string manifest = Path.Combine(moduleFolder, "IsolatedImageBuilds.psd1");
            var parameters = MyInvocation.BoundParameters
                .Where(p => p.Key != nameof(AsJob) && p.Key != nameof(Name) && p.Key != nameof(ResourceGroupName) && p.Key != nameof(SubscriptionId))
                .ToDictionary(p => p.Key, p => p.Value is SwitchParameter s ? (object)s.IsPresent : p.Value);
            var templates = _templates.Select(ToPipelineRecord).ToArray();
            ScriptBlock body = ScriptBlock.Create(
                "param($Manifest, $Templates, $Parameters) Import-Module $Manifest; $Templates | Start-AibIsolatedBuild @Parameters");
            bool threadJobs = InvokeCommand.GetCommand("Start-ThreadJob", CommandTypes.Cmdlet | CommandTypes.Function) != null;
            string starter = threadJobs ? "Start-ThreadJob" : "Start-Job";
            object[] jobArguments = { manifest, templates, parameters };
            return InvokeCommand.InvokeScript($"param($Body, $Arguments) {starter} -ScriptBlock $Body -ArgumentList $Arguments", false,
                System.Management.Automation.Runspaces.PipelineResultTypes.None, null, body, jobArguments).FirstOrDefault()!;
        }
    }
}
