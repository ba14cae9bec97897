using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using IsolatedImageBuilds.Builds;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Errors;

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
            RunSideBySide(_templates, ThrottleLimit, async (template, index, progress, ct) =>
            {
                BuildRunner runner = runners[template.Subscription ?? string.Empty];
                BuildRun run;
                try
                {
                    run = await runner.StartAsync(template.ResourceGroup, template.Name, Force, waitOptions, ct).ConfigureAwait(false);
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
                await WaitAndReportAsync(runner, run, index, progress, waitOptions, ct).ConfigureAwait(false);
            });
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
