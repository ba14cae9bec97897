using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using IsolatedImageBuilds.Builds;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Cancels the running build of an image template.</para>
    /// </summary>
    /// <remarks>
    /// <para>Stop-AibIsolatedBuild asks AIB to cancel the template's running build. AIB answers at once and then goes through Canceling to Canceled while it removes the build's temporary resources; with -Wait the cmdlet follows it there, with a progress bar, and returns the final run. Without -Wait it returns nothing unless -PassThru.</para>
    /// <para>It asks for confirmation under -Confirm and shows what it would do under -WhatIf. A template with no running build is reported as an error (BuildNotRunning).</para>
    /// </remarks>
    /// <example>
    /// <code>Stop-AibIsolatedBuild -Name ubuntu-2404 -ResourceGroupName rg-images -Wait</code>
    /// <para>Cancels the build and waits until it is Canceled.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibIsolatedBuild -ResourceGroupName rg-images | Where-Object RunState -eq Running | Stop-AibIsolatedBuild -WhatIf</code>
    /// <para>Shows which running builds would be canceled.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Stop, "AibIsolatedBuild", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AibBuildRun))]
    public sealed class StopAibIsolatedBuildCommand : BuildCmdletBase
    {
        private readonly List<(string? Subscription, string ResourceGroup, string Name)> _templates = new List<(string?, string, string)>();

        /// <summary>The image template's name. Binds from piped templates and runs.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TemplateName")]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The resource group of the image template.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string ResourceGroupName { get; set; } = string.Empty;

        /// <summary>Waits through Canceling until the build is Canceled (or reached another end first) and returns the run.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Returns the run after the cancel request, without waiting.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The subscription of the image template, when not the session's (binds from Get-AibImageTemplate's output).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        protected override void ProcessRecord()
        {
            if (ShouldProcess($"image template {Name} in resource group {ResourceGroupName}", "Cancel the running image build"))
            {
                _templates.Add((SubscriptionId, ResourceGroupName, Name));
            }
        }

        protected override void EndProcessing()
        {
            if (_templates.Count == 0) return;
            Dictionary<string, BuildRunner> runners;
            try
            {
                AibConnection connection = GetConnection();
                runners = _templates.Select(t => t.Subscription ?? string.Empty).Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(s => s, s => new BuildRunner(connection.ForSubscription(s)), StringComparer.OrdinalIgnoreCase);
            }
            catch (AibException ex)
            {
                ThrowAib(ex);
                return;
            }
            BuildWaitOptions options = CreateWaitOptions();
            RunSideBySide(_templates, 10, async (template, index, progress, ct) =>
            {
                BuildRunner runner = runners[template.Subscription ?? string.Empty];
                try
                {
                    BuildRun after = await runner.CancelAsync(template.ResourceGroup, template.Name, wait: false, options, ct).ConfigureAwait(false);
                    if (Wait)
                    {
                        after.RequestedAt = null;
                        after.OperationUrl = null;
                        await WaitAndReportAsync(runner, after, index, progress, options, ct).ConfigureAwait(false);
                    }
                    else if (PassThru)
                    {
                        Post(() => WriteObject(new AibBuildRun(after)));
                    }
                }
                catch (AibException ex)
                {
                    Post(() => WriteError(ToErrorRecord(ex, template.Name)));
                }
            });
        }
    }
}
