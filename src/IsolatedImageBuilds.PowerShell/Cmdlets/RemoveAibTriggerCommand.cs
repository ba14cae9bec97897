using System.Management.Automation;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Triggers;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Removes a trigger from an image template; the template then builds only when asked.</para>
    /// </summary>
    /// <remarks>
    /// <para>Remove-AibTrigger deletes imageTemplates/{template}/triggers/{name} and waits for Azure to finish. Triggers from Get-AibTrigger bind by their Name, TemplateName, ResourceGroupName and SubscriptionId. A trigger that is not there is reported in the verbose stream, not as an error: Azure answers its DELETE with 204 No Content.</para>
    /// <para>It asks for confirmation under -Confirm and shows what it would do under -WhatIf. With -PassThru it returns the trigger as it was before.</para>
    /// </remarks>
    /// <example>
    /// <code>Remove-AibTrigger -TemplateName ubuntu-2404 -ResourceGroupName rg-images -Name source</code>
    /// <para>Removes the template's trigger 'source'.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibTrigger -TemplateName ubuntu-2404 -ResourceGroupName rg-images | Remove-AibTrigger -WhatIf</code>
    /// <para>Shows which triggers would be removed.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "AibTrigger", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AibTrigger))]
    public sealed class RemoveAibTriggerCommand : AibCmdlet
    {
        /// <summary>The image template's name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? TemplateName { get; set; }

        /// <summary>The image template's resource group.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        /// <summary>The trigger's name.</summary>
        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The subscription of the image template, when not the connection's.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? SubscriptionId { get; set; }

        /// <summary>Returns the trigger as it was before its removal (read first: a missing trigger is then an error, TriggerNotFound).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                string target = $"trigger {Name} of image template {TemplateName} in resource group {ResourceGroupName}";
                if (!ShouldProcess(target, "Remove the trigger")) return;
                var triggers = new TriggerClient(GetConnection());
                string? subscription = string.IsNullOrEmpty(SubscriptionId) ? null : SubscriptionId;
                string templateId = triggers.TemplateId(ResourceGroupName!, TemplateName!, subscription);
                SourceImageTrigger? before = PassThru ? RunCore(ct => triggers.GetAsync(templateId, Name!, ct)) : null;
                bool removed = RunCore(ct => triggers.DeleteAsync(templateId, Name!, ct));
                WriteVerbose(removed ? $"Removed the trigger {Name} of {TemplateName}." : $"{TemplateName} had no trigger {Name}: nothing removed.");
                if (before != null) WriteObject(new AibTrigger(before));
            }
            catch (AibException ex)
            {
                WriteAib(ex, TemplateName);
            }
        }
    }
}
