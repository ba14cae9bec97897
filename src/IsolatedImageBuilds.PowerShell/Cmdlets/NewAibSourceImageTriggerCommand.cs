using System.Management.Automation;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Triggers;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Adds a SourceImage trigger to an image template: Azure builds the template by itself whenever its source image gets a new version.</para>
    /// </summary>
    /// <remarks>
    /// <para>A SourceImage trigger (imageTemplates/{template}/triggers/{name}) makes Image Builder start a build when the template's source gets a new version: a platform image at version 'latest', or an Azure Compute Gallery image at '/versions/latest'. Before sending, the cmdlet checks what Image Builder requires and refuses with the rule's error id: the source kind and 'latest' (TriggerSourceKind, TriggerSourceNotLatest), no explicit image version in a gallery distribution (TriggerDistributionVersion), a gallery target other than the source's image definition (TriggerSourceIsTarget), the template in state Succeeded (TriggerTemplateNotSucceeded), one SourceImage trigger per template (TriggerOnePerTemplate), and the Microsoft.VirtualMachineImages/Triggers feature registered in the subscription (TriggerFeatureNotRegistered). The limit of 100 triggers per region and subscription is enforced by Azure; Test-AibPrerequisite counts them beforehand.</para>
    /// <para>Image Builder deactivates a trigger after several consecutive failed builds and tells nobody: Get-AibTrigger shows its StatusCode (Healthy while it fires), Test-AibPrerequisite reports it with the fix. A successful manual build (Start-AibIsolatedBuild) reactivates it.</para>
    /// <para>Deleting an image template deletes its triggers; New-AibIsolatedTemplate -Force, which recreates a template, recreates its triggers afterwards. New-AibIsolatedTemplate -Trigger creates the template and its trigger in one go.</para>
    /// </remarks>
    /// <example>
    /// <code>New-AibSourceImageTrigger -TemplateName ubuntu-2404 -ResourceGroupName rg-images</code>
    /// <para>Adds the trigger 'source' to an existing template.</para>
    /// </example>
    /// <example>
    /// <code>New-AibIsolatedTemplate -TemplateFile ./ubuntu-2404.json | New-AibSourceImageTrigger -Name nightly-source -WhatIf</code>
    /// <para>Shows which trigger would be added to the template just deployed.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "AibSourceImageTrigger", DefaultParameterSetName = NameSet, SupportsShouldProcess = true)]
    [OutputType(typeof(AibTrigger))]
    public sealed class NewAibSourceImageTriggerCommand : AibCmdlet
    {
        private const string NameSet = "TemplateName";
        private const string TemplateSet = "Template";

        /// <summary>The image template's name.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string? TemplateName { get; set; }

        /// <summary>The image template's resource group.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        /// <summary>The subscription of the image template, when not the connection's.</summary>
        [Parameter(ParameterSetName = NameSet)]
        public string? SubscriptionId { get; set; }

        /// <summary>A deployed template from New-AibIsolatedTemplate.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = TemplateSet)]
        public AibTemplate? Template { get; set; }

        /// <summary>The trigger's name (default 'source').</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = TriggerClient.DefaultName;

        protected override void ProcessRecord()
        {
            string template = Template?.Name ?? TemplateName!;
            string? resourceGroup = Template?.ResourceGroupName ?? ResourceGroupName;
            string? subscription = Template?.SubscriptionId ?? SubscriptionId;
            try
            {
                if (!ShouldProcess($"image template {template} in resource group {resourceGroup}", $"Add the SourceImage trigger {Name}")) return;
                var triggers = new TriggerClient(GetConnection());
                string templateId = triggers.TemplateId(resourceGroup ?? string.Empty, template,
                    string.IsNullOrEmpty(subscription) ? null : subscription);
                SourceImageTrigger created = RunCore(ct => triggers.CreateAsync(templateId, Name, ct));
                WriteObject(new AibTrigger(created));
            }
            catch (AibException ex)
            {
                WriteAib(ex, template);
            }
        }
    }
}
