using System.Linq;
using System.Management.Automation;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Inventory;
using IsolatedImageBuilds.Core.Topology;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Lists image templates across subscriptions and management groups through Azure Resource Graph, with their topology, identity, source, distribution, staging group and last run.</para>
    /// </summary>
    /// <remarks>
    /// <para>Get-AibImageTemplate sends one KQL query to Azure Resource Graph (POST /providers/Microsoft.ResourceGraph/resources) for up to 1,000 subscriptions at a time, or for the management groups given, and follows every page ($skipToken). It keeps to Resource Graph's per-user quota: when x-ms-user-quota-remaining reaches 0 it waits x-ms-user-quota-resets-after, and a 429 is retried after that wait. It never falls back to reading ARM subscription by subscription: without Microsoft.ResourceGraph/resources/read the error InventoryResourceGraphPermissionDenied names the permission.</para>
    /// <para>Without -SubscriptionId or -ManagementGroup, every subscription the account can list is queried. -Name takes wildcards. -Topology and -RunState filter in the query itself (RunState None: never run).</para>
    /// <para>The topology comes from properties.vmProfile.vnetConfig: NoSubnet (no subnet), BuildSubnetOnly (subnetId: AIB adds a Private Link pipeline and a proxy VM), BuildAndAciSubnets (subnetId and containerInstanceSubnetId: no network resources added).</para>
    /// <para>Triggers are child resources that Resource Graph's resources table does not return: read them per template with the triggers REST API.</para>
    /// </remarks>
    /// <example>
    /// <code>Get-AibImageTemplate -ManagementGroup mg-platform | Group-Object Topology -NoElement</code>
    /// <para>Counts the templates of a management group per topology.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibImageTemplate -Topology BuildSubnetOnly | Update-AibIsolatedTemplate -ContainerInstanceSubnetId $aci -WhatIf</code>
    /// <para>Shows what moving every BuildSubnetOnly template to its own ACI subnet would change.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibImageTemplate -SubscriptionId $sub -Name 'ubuntu*' -RunState Failed | Get-AibBuildLog -Summary</code>
    /// <para>The diagnosis of every failed ubuntu template of a subscription.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "AibImageTemplate")]
    [OutputType(typeof(AibImageTemplate))]
    public sealed class GetAibImageTemplateCommand : AibCmdlet
    {
        /// <summary>Subscriptions to query (batched by 1,000). Default: every subscription the account can list.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[]? SubscriptionId { get; set; }

        /// <summary>Management groups to query (their subscriptions, at any depth), instead of subscriptions.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ManagementGroup { get; set; }

        /// <summary>The template name; wildcards * and ? allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Only templates of this resource group.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        /// <summary>Only templates of these topologies.</summary>
        [Parameter]
        public NetworkTopology[]? Topology { get; set; }

        /// <summary>Only templates whose last run is in these states (Running, Succeeded, PartiallySucceeded, Failed, Canceled, None).</summary>
        [Parameter]
        [ValidateSet("None", "Running", "Succeeded", "PartiallySucceeded", "Failed", "Canceled")]
        public string[]? RunState { get; set; }

        protected override void EndProcessing()
        {
            try
            {
                var filter = new InventoryFilter
                {
                    SubscriptionIds = SubscriptionId ?? new string[0],
                    ManagementGroups = ManagementGroup ?? new string[0],
                    Name = Name,
                    ResourceGroupName = ResourceGroupName,
                    Topologies = Topology ?? new NetworkTopology[0],
                    RunStates = RunState ?? new string[0],
                };
                var inventory = new TemplateInventory(GetConnection(), VerboseSink);
                InventoryResult result = RunCore(ct => inventory.ListAsync(filter, ct));
                WriteVerbose($"{result.Templates.Count} template(s) from {result.ResourceGraphRequests} Resource Graph request(s)"
                    + $" ({result.QuotaWait.TotalSeconds:0} s waiting for the quota).");
                foreach (TemplateRecord record in result.Templates) WriteObject(new AibImageTemplate(record));
            }
            catch (AibException ex)
            {
                ThrowAib(ex, Name);
            }
            finally
            {
                base.EndProcessing();
            }
        }
    }
}
