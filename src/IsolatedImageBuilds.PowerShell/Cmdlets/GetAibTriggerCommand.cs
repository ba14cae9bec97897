using System.Collections.Generic;
using System.Management.Automation;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Triggers;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Gets the triggers of image templates, with the status Image Builder reports for each.</para>
    /// </summary>
    /// <remarks>
    /// <para>Get-AibTrigger lists the triggers of one image template, or of every template piped to it: anything with Name, ResourceGroupName and, optionally, SubscriptionId properties binds (templates from New-AibIsolatedTemplate, runs from Get-AibIsolatedBuild, your own objects). Each trigger comes with its StatusCode, StatusMessage and StatusTime: Healthy while it fires; Image Builder deactivates a trigger after several consecutive failed builds, and a successful manual build (Start-AibIsolatedBuild) reactivates it.</para>
    /// <para>-TriggerName gets one trigger, and reports a missing one as an error (TriggerNotFound).</para>
    /// </remarks>
    /// <example>
    /// <code>Get-AibTrigger -TemplateName ubuntu-2404 -ResourceGroupName rg-images</code>
    /// <para>Lists the template's triggers.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibIsolatedBuild -ResourceGroupName rg-images | Get-AibTrigger | Where-Object { -not $_.IsHealthy }</code>
    /// <para>Finds the deactivated triggers among the templates of a resource group.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "AibTrigger")]
    [OutputType(typeof(AibTrigger))]
    public sealed class GetAibTriggerCommand : AibCmdlet
    {
        /// <summary>The image template's name. Binds from the Name of piped templates.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        public string? TemplateName { get; set; }

        /// <summary>The image template's resource group.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        /// <summary>The subscription of the image template, when not the connection's.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? SubscriptionId { get; set; }

        /// <summary>Only this trigger (an error when the template has none of this name).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TriggerName { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var triggers = new TriggerClient(GetConnection());
                string? subscription = string.IsNullOrEmpty(SubscriptionId) ? null : SubscriptionId;
                string templateId = triggers.TemplateId(ResourceGroupName!, TemplateName!, subscription);
                IReadOnlyList<SourceImageTrigger> found = TriggerName == null
                    ? RunCore(ct => triggers.ListAsync(templateId, ct))
                    : new[] { RunCore(ct => triggers.GetAsync(templateId, TriggerName, ct)) };
                foreach (SourceImageTrigger trigger in found) WriteObject(new AibTrigger(trigger));
            }
            catch (AibException ex)
            {
                WriteAib(ex, TemplateName);
            }
        }
    }
}
