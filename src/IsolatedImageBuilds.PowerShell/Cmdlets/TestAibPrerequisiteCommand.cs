using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using IsolatedImageBuilds.Builds;
using IsolatedImageBuilds.Completers;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Pipelines;
using IsolatedImageBuilds.Core.Prerequisites;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Checks everything that would make an isolated image build fail before it starts, side by side, each with its fix.</para>
    /// </summary>
    /// <remarks>
    /// <para>Test-AibPrerequisite checks, for a template or a planned one: the resource providers
    /// (Microsoft.VirtualMachineImages, ContainerInstance, Compute, Network, Storage, KeyVault, ManagedIdentity); the
    /// region and api-version; Azure Policy denials (through Microsoft.PolicyInsights checkPolicyRestrictions) of every
    /// resource type AIB creates in the staging resource group for the topology, including required tags and allowed
    /// locations; DDoS-plan policies on new virtual networks; ACI quota (container groups, 4 standard cores a build)
    /// and the VM family quota of the build and proxy VM sizes; the subnets of the topology (delegation, same VNet,
    /// free addresses, NSG rules for 443, 445, 22, 5986 and 60000-60001, Private Link Service policies, outbound path);
    /// the identity's permissions, from its role assignments and role definitions; and a staging resource group you
    /// bring (empty, same region, unused).</para>
    /// <para>For a template that has a SourceImage trigger or asks for one (New-AibIsolatedTemplate -Trigger), the Triggers
    /// checks add: the Microsoft.VirtualMachineImages/Triggers feature registered, the source a platform or gallery image at
    /// 'latest', no image version in a gallery distribution, a target other than the source's image definition, the template
    /// in state Succeeded, one trigger per template, at most 100 triggers per region in the subscription, and each trigger
    /// Healthy: Image Builder deactivates a trigger after consecutive failed builds without telling anyone, and a successful
    /// manual build (Start-AibIsolatedBuild) reactivates it.</para>
    /// <para>The checks run concurrently. Each result is an object with Status (Passed, Failed, Warning, Skipped), the
    /// check's name and category, the resource it concerns, a message, the remediation (the Azure PowerShell and the az
    /// CLI command) and the evidence. Failed checks are output objects, not errors; a one-line summary goes to the
    /// information stream, and in Azure DevOps (TF_BUILD) failures and warnings are also raised as pipeline issues. A
    /// check that cannot read what it needs reports Warning with the reason, never Passed.</para>
    /// <para>Templates piped from Get-AibImageTemplate (or several templates of any kind) are gathered and checked together
    /// when the input ends: the reads they have in common (providers, policy, quotas, role assignments, subnets) are made once,
    /// at most -ThrottleLimit templates and ARM requests run at once per subscription, and every result carries its template's
    /// Name, ResourceGroupName and SubscriptionId.</para>
    /// <para>-Quiet returns a single boolean (true when nothing failed). -Remediate registers missing resource
    /// providers (under -WhatIf and -Confirm) and changes nothing else.</para>
    /// </remarks>
    /// <example>
    /// <code>New-AibIsolatedTemplate -TemplateFile ./template.json | Test-AibPrerequisite | Where-Object Status -ne Passed</code>
    /// <para>Checks a template before deploying it and shows what needs attention.</para>
    /// </example>
    /// <example>
    /// <code>Test-AibPrerequisite -Location westeurope -SubnetId $build -ContainerInstanceSubnetId $aci -UserAssignedIdentityId $identity -Check Subnet, Identity</code>
    /// <para>Checks only the subnets and the identity of a planned two-subnet topology.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibImageTemplate -SubscriptionId $sub -Name 'ubuntu*' | Test-AibPrerequisite | Where-Object Status -eq Failed</code>
    /// <para>Checks deployed templates found by the inventory, each read by its name, resource group and subscription.</para>
    /// </example>
    /// <example>
    /// <code>if (-not ($template | Test-AibPrerequisite -Quiet)) { throw 'Prerequisites not met' }</code>
    /// <para>Gates a pipeline on the prerequisites.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibImageTemplate -ManagementGroup mg-platform | Test-AibPrerequisite | Where-Object Status -eq Failed | Group-Object Check</code>
    /// <para>Readiness of every template under a management group, each failed check with its template and fix.</para>
    /// </example>
    /// <example>
    /// <code>$template | Test-AibPrerequisite -Remediate -Confirm:$false</code>
    /// <para>Registers the resource providers that are missing.</para>
    /// </example>
    [Cmdlet(VerbsDiagnostic.Test, "AibPrerequisite", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true)]
    [OutputType(typeof(AibPrerequisiteResult), typeof(bool))]
    public sealed partial class TestAibPrerequisiteCommand : AibCmdlet
    {
        private const string TemplateSet = "Template";
        private const string FileSet = "TemplateFile";
        private const string ParametersSet = "Parameters";
        private const string ByNameSet = "ByName";
        private const string InventorySet = "Inventory";

        /// <summary>A template from New-AibIsolatedTemplate.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = TemplateSet)]
        public AibTemplate? Template { get; set; }

        /// <summary>An image template from Get-AibImageTemplate (checked in its own subscription, as Resource Graph described it).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InventorySet)]
        public AibImageTemplate? ImageTemplate { get; set; }

        /// <summary>An AIB template file (resource, or deployment template) to check.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        public string? TemplateFile { get; set; }

        /// <summary>The name of a deployed image template to check (binds from Get-AibImageTemplate's output).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByNameSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The resource group of that image template.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByNameSet)]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        /// <summary>The subscription of that image template, when not the session's.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByNameSet)]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        /// <summary>The region of the planned template.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ParametersSet)]
        [ArgumentCompleter(typeof(LocationCompleter))]
        public string? Location { get; set; }

        /// <summary>The build VM subnet (resource id): BuildSubnetOnly alone, BuildAndAciSubnets with -ContainerInstanceSubnetId.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public string? SubnetId { get; set; }

        /// <summary>The ACI subnet (resource id).</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public string? ContainerInstanceSubnetId { get; set; }

        /// <summary>The proxy VM size (BuildSubnetOnly).</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        [ArgumentCompleter(typeof(VmSizeCompleter))]
        public string? ProxyVmSize { get; set; }

        /// <summary>The template identity (resource id).</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public string? UserAssignedIdentityId { get; set; }

        /// <summary>The build VM size (default Standard_D2ds_v4).</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        [ArgumentCompleter(typeof(VmSizeCompleter))]
        public string? VmSize { get; set; }

        /// <summary>A staging resource group you bring (resource id).</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public string? StagingResourceGroupId { get; set; }

        /// <summary>Only these check families: Providers, Region, Policy, Ddos, Quota, Subnet, Identity, StagingResourceGroup, Triggers.</summary>
        [Parameter]
        public PrerequisiteCategory[]? Check { get; set; }

        /// <summary>Returns only true (nothing failed) or false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary>Registers missing resource providers (and changes nothing else).</summary>
        [Parameter]
        public SwitchParameter Remediate { get; set; }

        /// <summary>Over many templates: per subscription, the templates checked and the ARM requests in flight at once (default 4).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        protected override void ProcessRecord()
        {
            try
            {
                AibConnection connection = GetConnection();
                if (ParameterSetName == ByNameSet) connection = connection.ForSubscription(SubscriptionId);
                (PrerequisiteRequest request, string? name) = CreateRequest(connection);
                if (Check != null && Check.Length > 0) request.Families = Check.ToList();
                Queue(request, name);
            }
            catch (TemplateValidationException ex)
            {
                foreach (TemplateProblem problem in ex.Problems) WriteError(ToErrorRecord(problem.ToException(), problem.FieldPath));
            }
            catch (AibException ex)
            {
                WriteAib(ex, Template?.Name ?? ImageTemplate?.Name ?? Name ?? TemplateFile ?? Location);
            }
        }

        /// <summary>One template is checked with its own reads; several share theirs (see <see cref="CheckFleet"/>).</summary>
        protected override void EndProcessing()
        {
            try
            {
                if (_queued.Count == 1) CheckOne(_queued[0].Request, _queued[0].Name);
                else if (_queued.Count > 1) CheckFleet();
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void CheckOne(PrerequisiteRequest request, string? name)
        {
            try
            {
                AibConnection connection = GetConnection(request.SubscriptionId);
                int stagingTypes = request.StagingResourceTypes?.Count ?? 0;
                WriteVerbose($"Checking {request.Topology} prerequisites in {request.Location} ({stagingTypes} staging resource types).");
                PrerequisiteReport report = RunCore(ct => PrerequisiteEngine.RunAsync(request, connection.Arm, null, null, ct));
                Report(report, name, request);

                if (Remediate && PrerequisiteEngine.ProvidersToRegister(report.Results).Count > 0)
                {
                    var outcomes = RunCore(ct => PrerequisiteEngine.RemediateAsync(
                        report.Results, connection.SubscriptionId, connection.Arm, ShouldProcessOnPipeline, ct));
                    foreach (PrerequisiteRemediationOutcome outcome in outcomes)
                    {
                        WriteVerbose($"{outcome.ProviderNamespace}: {outcome.Action} - {outcome.Message}");
                    }
                }
            }
            catch (AibException ex)
            {
                WriteAib(ex, name ?? Location);
            }
        }

        private bool ShouldProcessOnPipeline(string target, string action)
        {
            // Called by Core from a worker: ask on the pipeline thread, where ShouldProcess may prompt.
            var dispatcher = PipelineDispatcher.Current;
            if (dispatcher == null) return false;
            return dispatcher.InvokeAsync(() => ShouldProcess(target, action), CancellationToken).GetAwaiter().GetResult();
        }

        private (PrerequisiteRequest Request, string? Name) CreateRequest(AibConnection connection)
        {
            string subscriptionId = connection.SubscriptionId;
            switch (ParameterSetName)
            {
                case ByNameSet:
                    ImageTemplateSnapshot deployed = RunCore(ct => ImageTemplateReader.ReadAsync(connection, ResourceGroupName!, Name!, ct));
                    PrerequisiteRequest named = PrerequisiteRequestFactory.FromTemplate(deployed.Document, subscriptionId);
                    named.TemplateProvisioningState = deployed.ProvisioningState; // read once here, not again by the Triggers family
                    return (named, Name);
                case InventorySet:
                    return (PrerequisiteRequestFactory.FromRecord(ImageTemplate!.Record), ImageTemplate.Name);
                case TemplateSet:
                    return (PrerequisiteRequestFactory.FromTemplate(Template!.Document, subscriptionId), Template.Name);
                case FileSet:
                    string path = GetUnresolvedProviderPathFromPSPath(TemplateFile);
                    if (!File.Exists(path))
                    {
                        throw new AibException(PrerequisiteErrorIds.TemplateFileNotFound,
                            $"-TemplateFile '{TemplateFile}' does not exist. Give the path of an AIB template JSON file.", "TemplateFile");
                    }
                    ImageTemplateDocument document =
                        TemplateFactory.Create(new TemplateBuildOptions { TemplateFile = File.ReadAllText(path), TemplateFileName = path });
                    return (PrerequisiteRequestFactory.FromTemplate(document, subscriptionId), document.Name);
                default:
                    var topology = NetworkTopologies.FromSubnets(SubnetId, ContainerInstanceSubnetId);
                    if (string.IsNullOrEmpty(SubnetId) && !string.IsNullOrEmpty(ContainerInstanceSubnetId))
                    {
                        throw new AibException(PrerequisiteErrorIds.ContainerInstanceSubnetRequiresSubnet,
                            "-ContainerInstanceSubnetId works only together with -SubnetId (the build VM subnet, in the same VNet). Add -SubnetId.",
                            "ContainerInstanceSubnetId");
                    }
                    var request = new PrerequisiteRequest(subscriptionId, Location!)
                    {
                        Topology = topology,
                        SubnetId = SubnetId,
                        ContainerInstanceSubnetId = ContainerInstanceSubnetId,
                        ProxyVmSize = ProxyVmSize,
                        VmSize = VmSize,
                        UserAssignedIdentityId = UserAssignedIdentityId,
                        StagingResourceGroupId = StagingResourceGroupId,
                    };
                    return (request, null);
            }
        }

        private void Report(PrerequisiteReport report, string? name, PrerequisiteRequest request)
        {
            int failed = report.Results.Count(r => r.Status == PrerequisiteStatus.Failed);
            int warnings = report.Results.Count(r => r.Status == PrerequisiteStatus.Warning);
            int passed = report.Results.Count(r => r.Status == PrerequisiteStatus.Passed);
            int skipped = report.Results.Count - passed - failed - warnings;
            string of = name == null ? string.Empty : " of " + name;
            string summary = $"Prerequisites{of}: {passed} passed, {failed} failed, {warnings} warnings, {skipped} skipped"
                + $" ({report.ArmCalls} ARM calls in {report.Elapsed.TotalSeconds:0.0} s).";
            WriteInformation(new InformationRecord(summary, "Test-AibPrerequisite"));
            if (AzurePipelinesCommand.InAgent)
            {
                foreach (PrerequisiteResult r in report.Results)
                {
                    string? type = r.Status switch
                    {
                        PrerequisiteStatus.Failed => "error",
                        PrerequisiteStatus.Warning => "warning",
                        _ => null,
                    };
                    if (type != null) Host.UI.WriteLine(AzurePipelinesCommand.LogIssue(type, $"{r.Check}: {r.Message} Fix: {r.Remediation}"));
                }
            }
            if (Quiet)
            {
                WriteObject(failed == 0);
                return;
            }
            foreach (PrerequisiteResult result in report.Results)
            {
                WriteObject(new AibPrerequisiteResult(result, name, request));
            }
        }
    }
}
