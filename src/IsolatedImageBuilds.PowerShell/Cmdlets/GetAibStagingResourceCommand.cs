using System;
using System.Collections.Generic;
using System.Management.Automation;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Staging;
using IsolatedImageBuilds.Core.Topology;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Lists what is in a build's staging resource group right now: the ACI, network resources, build VM, storage, each with its role and whether the topology expects it.</para>
    /// </summary>
    /// <remarks>
    /// <para>Isolated builds keep every temporary resource in your subscription, in the template's staging resource group. Get-AibStagingResource lists them with their role in the build (ContainerInstance, BuildVm, ValidationVm, ProxyVm, Network, NetworkInterface, Disk, Snapshot, Storage, KeyVault, PublicIp), whether the template's topology makes AIB create that type, and key facts: the ACI's subnet and IP, NSG rules, a private endpoint's IP, VM sizes.</para>
    /// <para>Anything that should not be there is flagged in Warning: a public IP in any topology, network resources when the template brings both subnets (BuildAndAciSubnets), a proxy VM outside BuildSubnetOnly.</para>
    /// </remarks>
    /// <example>
    /// <code>Get-AibStagingResource -Name ubuntu-2404 -ResourceGroupName rg-images</code>
    /// <para>Shows the staging resources of a template's build while it runs.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibStagingResource -Name ubuntu-2404 -ResourceGroupName rg-images | Where-Object Warning</code>
    /// <para>Shows only what should not be there.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibStagingResource -StagingResourceGroupId /subscriptions/…/resourceGroups/IT_rg-images_ubuntu-2404_1a2b…</code>
    /// <para>Lays open a staging resource group directly (no topology known: only public IPs are flagged).</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "AibStagingResource", DefaultParameterSetName = TemplateSet)]
    [OutputType(typeof(AibStagingResource))]
    public sealed class GetAibStagingResourceCommand : AibCmdlet
    {
        private const string TemplateSet = "Template";
        private const string GroupSet = "StagingResourceGroup";

        /// <summary>The image template's name. Binds from piped templates and runs.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = TemplateSet, ValueFromPipelineByPropertyName = true)]
        [Alias("TemplateName")]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The resource group of the image template.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = TemplateSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        /// <summary>A staging resource group's id, to inspect without a template.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GroupSet)]
        [ValidateNotNullOrEmpty]
        public string? StagingResourceGroupId { get; set; }

        /// <summary>The subscription of the image template, when not the session's (binds from Get-AibImageTemplate's output).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var inspector = new StagingInspector(GetConnection(SubscriptionId));
                if (ParameterSetName == GroupSet)
                {
                    IReadOnlyList<StagingResourceInfo> found =
                        RunCore(ct => inspector.InspectAsync(StagingResourceGroupId!, null, Array.Empty<string>(), ct));
                    foreach (StagingResourceInfo r in found) WriteObject(new AibStagingResource(r, StagingResourceGroupId!, null));
                    return;
                }
                var result = RunCore(ct => inspector.InspectTemplateAsync(ResourceGroupName!, Name!, ct));
                WriteVerbose($"{Name} ({result.Topology}) stages in {result.StagingResourceGroupId}: {result.Resources.Count} resource(s).");
                foreach (StagingResourceInfo r in result.Resources)
                {
                    var output = new AibStagingResource(r, result.StagingResourceGroupId, result.Topology.ToString());
                    if (output.Warning != null) WriteWarning($"{output.Name}: {output.Warning}");
                    WriteObject(output);
                }
            }
            catch (AibException ex)
            {
                WriteAib(ex, Name ?? StagingResourceGroupId);
            }
        }
    }
}
