using System.Linq;
using System.Management.Automation;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Prerequisites;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.TemplateUpdates;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Moves a deployed image template to its own ACI subnet (BuildAndAciSubnets) in place, and changes its build VM size or distribution targets.</para>
    /// </summary>
    /// <remarks>
    /// <para>Update-AibIsolatedTemplate PATCHes the template at api-version 2024-02-01 with only properties.vmProfile and properties.distribute, the fields Azure lets an update change (ImageTemplateUpdateParameters). -ContainerInstanceSubnetId moves the template to the BuildAndAciSubnets topology: the container instance runs in your subnet and AIB adds no Private Link pipeline or proxy VM (proxyVmSize is removed). -SubnetId gives the build VM subnet when the template has none or should use another one in the same virtual network. A -Distributor whose runOutputName the template has replaces that target; others are added (Azure never lets an update remove one).</para>
    /// <para>Before sending anything it reads the template and refuses while a build runs (TemplateUpdateBuildRunning), applies the local topology rules of New-AibIsolatedTemplate to the template as it would be, and runs the Test-AibPrerequisite checks of its new topology; a failed check refuses the update (TemplateUpdatePrerequisitesFailed) unless -SkipPrerequisiteCheck.</para>
    /// <para>-WhatIf shows every field it would change, before and after. Tags and triggers are not part of the update and stay as they are. Each template of the pipeline is updated on its own: an error for one does not stop the others. It returns the template as Azure holds it after the update.</para>
    /// </remarks>
    /// <example>
    /// <code>Get-AibImageTemplate -Topology BuildSubnetOnly | Update-AibIsolatedTemplate -ContainerInstanceSubnetId $aci -WhatIf</code>
    /// <para>Shows, for every BuildSubnetOnly template of the estate, what moving it to its own ACI subnet would change.</para>
    /// </example>
    /// <example>
    /// <code>Update-AibIsolatedTemplate -Name ubuntu-2404 -ResourceGroupName rg-images -ContainerInstanceSubnetId $aci | Start-AibIsolatedBuild</code>
    /// <para>Moves one template to its ACI subnet, then builds it.</para>
    /// </example>
    /// <example>
    /// <code>Update-AibIsolatedTemplate -Name win11 -ResourceGroupName rg-images -ContainerInstanceSubnetId $aci -SubnetId $build -VmSize Standard_D4ds_v5 `
    ///     -Distributor (New-AibDistributor -SharedImage -RunOutputName gallery -GalleryImageId $definition -TargetRegion westeurope, northeurope)</code>
    /// <para>Moves a template to both subnets, a larger build VM and one more replication region of its gallery target.</para>
    /// </example>
    [Cmdlet(VerbsData.Update, "AibIsolatedTemplate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AibTemplate))]
    public sealed class UpdateAibIsolatedTemplateCommand : AibCmdlet
    {
        /// <summary>The image template's name. Binds from the Name property of piped templates.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TemplateName")]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The resource group of the image template. Binds from piped objects' ResourceGroupName.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string ResourceGroupName { get; set; } = string.Empty;

        /// <summary>The subscription of the image template, when not the session's (binds from Get-AibImageTemplate's output).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        /// <summary>The ACI subnet (resource id), delegated to Microsoft.ContainerInstance/containerGroups,
        /// in the build subnet's virtual network.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string ContainerInstanceSubnetId { get; set; } = string.Empty;

        /// <summary>The build VM subnet (resource id); by default the template's own.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SubnetId { get; set; }

        /// <summary>The build VM size; by default the template's own.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.VmSizeCompleter))]
        [ValidateNotNullOrEmpty]
        public string? VmSize { get; set; }

        /// <summary>Distribution targets, from New-AibDistributor: one with an existing runOutputName replaces it, others are added.</summary>
        [Parameter]
        public AibTemplateItem[]? Distributor { get; set; }

        /// <summary>Updates even when prerequisite checks of the new topology fail.</summary>
        [Parameter]
        public SwitchParameter SkipPrerequisiteCheck { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                AibConnection connection = GetConnection(SubscriptionId);
                var updater = new TemplateUpdater(connection);
                var request = new TemplateUpdateRequest
                {
                    ContainerInstanceSubnetId = ContainerInstanceSubnetId,
                    SubnetId = SubnetId,
                    VmSize = VmSize,
                };
                foreach (AibTemplateItem item in Distributor ?? new AibTemplateItem[0]) request.Distributors.Add(ToDistributor(item));

                TemplateUpdatePlan plan = RunCore(ct => updater.PlanAsync(ResourceGroupName, Name, request, ct));
                if (!plan.HasChanges)
                {
                    WriteVerbose($"{Name} already has these settings ({plan.After.Topology}): nothing to update.");
                    WriteObject(new AibTemplate(plan.Before, null, connection.SubscriptionId));
                    return;
                }
                if (!SkipPrerequisiteCheck)
                {
                    PrerequisiteReport report = RunCore(ct => updater.CheckPrerequisitesAsync(plan, ct));
                    WriteVerbose($"Prerequisites of {Name} as {plan.After.Topology}: none failed"
                        + $" ({report.Results.Count} checks, {report.ArmCalls} ARM calls).");
                }

                string change = $"Update image template {Name} in resource group {ResourceGroupName}"
                    + $" ({plan.Before.Topology} -> {plan.After.Topology}):\n"
                    + plan.Describe();
                if (!ShouldProcess(change, $"Update image template {Name}? Changes:\n{plan.Describe()}", "Update-AibIsolatedTemplate"))
                {
                    return;
                }
                ImageTemplateSnapshot updated = RunCore(ct => updater.ApplyAsync(plan, VerboseSink, ct));
                var deployed = new DeployedTemplate { Id = updated.Id, ProvisioningState = updated.ProvisioningState };
                WriteObject(new AibTemplate(updated.Document, deployed, connection.SubscriptionId));
            }
            catch (TemplateValidationException ex)
            {
                foreach (TemplateProblem problem in ex.Problems) WriteError(ToErrorRecord(problem.ToException(), Name));
            }
            catch (AibException ex)
            {
                WriteAib(ex, Name);
            }
        }

        private static ImageDistributor ToDistributor(AibTemplateItem item)
        {
            if (item.Kind != "Distributor")
            {
                throw new AibException(TemplateErrorIds.ItemWrongKind,
                    $"-{nameof(Distributor)} takes Distributor items, but got a {item.Kind} ({item.Type} {item.Name})."
                    + " Make it with New-AibDistributor.",
                    nameof(Distributor));
            }
            return ImageDistributor.FromJson(item.Json);
        }
    }
}
