using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using IsolatedImageBuilds.Completers;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Builds an Azure VM Image Builder template for an isolated build, checks it locally, exports it, and deploys it.</para>
    /// </summary>
    /// <remarks>
    /// <para>New-AibIsolatedTemplate makes an imageTemplates resource at api-version 2024-02-01 (or 2025-10-01 with -ApiVersion). The network topology follows from -SubnetId, -ContainerInstanceSubnetId and -ProxyVmSize: no subnet (NoSubnet: AIB creates a VNet), the build-VM subnet only (BuildSubnetOnly: AIB adds a Private Link pipeline and a proxy VM), or both subnets (BuildAndAciSubnets: nothing added; recommended). The returned AibTemplate says which topology it uses and which temporary resources AIB will create in the staging resource group.</para>
    /// <para>-TemplateFile starts from an existing AIB template: a bare resource body, a resource with type and apiVersion, or a deployment template, at any api-version. The other parameters override or add to it - moving it to an isolated topology at 2024-02-01 - and every field it had is kept.</para>
    /// <para>Every rule that can be checked without Azure is checked before anything is sent: subnet combinations, resource id shapes, names, timeouts, scripts, checksums, run output names, field names and their casing. Each problem is its own error with a stable id that names the field and the fix.</para>
    /// <para>-OutFile writes an ARM deployment template (or Bicep, when the file ends in .bicep). With -ResourceGroupName the template is created in Azure, under -WhatIf and -Confirm, waiting for its provisioning with a progress bar; an existing template of that name is an error, and -Force deletes and recreates it (Azure does not update image templates in place).</para>
    /// </remarks>
    /// <example>
    /// <code>$identity = '/subscriptions/…/resourceGroups/rg-images/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aib'
    /// $vnet = '/subscriptions/…/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aib'
    /// New-AibIsolatedTemplate -Name ubuntu-2404 -ResourceGroupName rg-images -Location westeurope -UserAssignedIdentityId $identity `
    ///     -SourceUrn 'Canonical:ubuntu-24_04-lts:server:latest' -SubnetId "$vnet/subnets/build" -ContainerInstanceSubnetId "$vnet/subnets/aci" `
    ///     -Customizer (New-AibCustomizer -Shell -Name update -Inline 'sudo apt-get -y update') `
    ///     -Distributor (New-AibDistributor -ManagedImage -RunOutputName image -ImageId '/subscriptions/…/images/ubuntu' -Location westeurope)</code>
    /// <para>Creates a BuildAndAciSubnets template in Azure and returns it with its provisioning state.</para>
    /// </example>
    /// <example>
    /// <code>New-AibIsolatedTemplate -TemplateFile ./old-template.json -Name win11 -Location westeurope -SubnetId $build -ContainerInstanceSubnetId $aci -OutFile ./win11.json</code>
    /// <para>Moves an existing template to api-version 2024-02-01 and the two-subnet topology, keeping its fields, and writes a deployment template without deploying.</para>
    /// </example>
    /// <example>
    /// <code>$t = New-AibIsolatedTemplate -TemplateFile ./template.json -ResourceGroupName rg-images -WhatIf
    /// New-AibIsolatedTemplate -TemplateFile ./template.json -OutFile ./template.bicep</code>
    /// <para>Shows what would be created, then exports the same template as Bicep.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "AibIsolatedTemplate", SupportsShouldProcess = true)]
    [OutputType(typeof(AibTemplate))]
    public sealed class NewAibIsolatedTemplateCommand : AibCmdlet
    {
        /// <summary>The template's name (letters, digits, '-', '_', '.'; up to 64).</summary>
        [Parameter(Position = 0)]
        public string? Name { get; set; }

        /// <summary>Deploys the template to this resource group. Without it the template is only built, checked and exported.</summary>
        [Parameter(Position = 1)]
        public string? ResourceGroupName { get; set; }

        /// <summary>The Azure region of the template (an AIB region; the subnets must be in it).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(LocationCompleter))]
        public string? Location { get; set; }

        /// <summary>The resource id of the template's one user-assigned managed identity.</summary>
        [Parameter]
        public string? UserAssignedIdentityId { get; set; }

        /// <summary>The build VM's subnet (resource id). Alone: BuildSubnetOnly; with -ContainerInstanceSubnetId: BuildAndAciSubnets.</summary>
        [Parameter]
        public string? SubnetId { get; set; }

        /// <summary>The ACI's subnet (resource id), delegated to Microsoft.ContainerInstance/containerGroups, in the same VNet as -SubnetId. Needs api-version 2024-02-01 or later.</summary>
        [Parameter]
        public string? ContainerInstanceSubnetId { get; set; }

        /// <summary>The proxy VM's size for BuildSubnetOnly (default Standard_A1_v2). Not allowed with -ContainerInstanceSubnetId.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(VmSizeCompleter))]
        public string? ProxyVmSize { get; set; }

        /// <summary>The build VM's size (default Standard_D1_v2 for Gen1 sources, Standard_D2ds_v4 for Gen2).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(VmSizeCompleter))]
        public string? VmSize { get; set; }

        /// <summary>The build VM's OS disk size in GB (0 keeps the source's size; it can only grow).</summary>
        [Parameter]
        public int? OsDiskSizeGB { get; set; }

        /// <summary>User-assigned identities attached to the build VM (the template identity needs Managed Identity Operator on each).</summary>
        [Parameter]
        public string[]? VmUserAssignedIdentityId { get; set; }

        /// <summary>A staging resource group of your own (resource id): empty, in the template's region, used by no other template.</summary>
        [Parameter]
        public string? StagingResourceGroupId { get; set; }

        /// <summary>Build timeout in minutes: 0 (means 240) or 6 to 960.</summary>
        [Parameter]
        public int? BuildTimeoutInMinutes { get; set; }

        /// <summary>The imageTemplates api-version: 2024-02-01 (default) or 2025-10-01.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ApiVersionCompleter))]
        public string? ApiVersion { get; set; }

        /// <summary>An existing AIB template to start from: a resource body, a resource with type/apiVersion, or a deployment template, at any api-version.</summary>
        [Parameter]
        public string? TemplateFile { get; set; }

        /// <summary>Writes the template to this file: an ARM deployment template, or Bicep when the name ends in .bicep.</summary>
        [Parameter]
        public string? OutFile { get; set; }

        /// <summary>Deletes and recreates a template of the same name that already exists in the resource group.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>A marketplace image as publisher:offer:sku:version (version may be latest).</summary>
        [Parameter]
        public string? SourceUrn { get; set; }

        /// <summary>A managed image or Azure Compute Gallery image version (resource id) to start from.</summary>
        [Parameter]
        public string? SourceImageId { get; set; }

        /// <summary>Customization steps, from New-AibCustomizer, run in order.</summary>
        [Parameter]
        public AibTemplateItem[]? Customizer { get; set; }

        /// <summary>In-VM validations, from New-AibValidator.</summary>
        [Parameter]
        public AibTemplateItem[]? Validator { get; set; }

        /// <summary>Distribution targets, from New-AibDistributor.</summary>
        [Parameter]
        public AibTemplateItem[]? Distributor { get; set; }

        /// <summary>What AIB does with the build VM when a customizer fails: cleanup (default) or abort (keep it for debugging).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ErrorHandlingCompleter))]
        public string? OnCustomizerError { get; set; }

        /// <summary>What AIB does when a validation fails: cleanup (default) or abort.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ErrorHandlingCompleter))]
        public string? OnValidationError { get; set; }

        /// <summary>Tags of the template resource.</summary>
        [Parameter]
        public Hashtable? Tag { get; set; }

        /// <summary>Tags AIB puts on the staging resource group and its resources (satisfies tag policies).</summary>
        [Parameter]
        public Hashtable? ManagedResourceTag { get; set; }

        /// <summary>Runs the build once when the template is created (autoRun Enabled).</summary>
        [Parameter]
        public SwitchParameter AutoRun { get; set; }

        /// <summary>Adds a SourceImage trigger named 'source': Azure builds the template by itself whenever its source image gets a new version. Goes into -OutFile exports too.</summary>
        [Parameter]
        public SwitchParameter Trigger { get; set; }

        protected override void ProcessRecord()
        {
            ImageTemplateDocument document = BuildDocument();
            if (document == null) return;
            if (Trigger)
            {
                // A template that cannot have a trigger is refused before anything is written or sent.
                var refused = Core.Triggers.TriggerRules.Check(document);
                foreach (AibException problem in refused.Skip(1)) WriteAib(problem, document.Name);
                if (refused.Count > 0) ThrowAib(refused[0], document.Name);
            }
            foreach (string note in document.Notes) WriteVerbose(note);

            if (!string.IsNullOrEmpty(OutFile))
            {
                WriteOutFile(document);
            }

            if (string.IsNullOrEmpty(ResourceGroupName))
            {
                WriteObject(new AibTemplate(document));
                return;
            }
            string action = Force ? "Create image template (deleting one of the same name first)" : "Create image template";
            string target = $"{document.Name} ({document.Topology}, api-version {document.ApiVersion}) in resource group {ResourceGroupName}";
            if (!ShouldProcess(target, action))
            {
                return;
            }
            Deploy(document);
        }

        private ImageTemplateDocument BuildDocument()
        {
            TemplateBuildOptions options;
            try
            {
                options = CreateOptions();
                return TemplateFactory.Create(options);
            }
            catch (TemplateValidationException ex)
            {
                // Every problem is its own error (with -ErrorAction Stop the first one ends the command);
                // then one terminating error says the template was refused.
                foreach (TemplateProblem problem in ex.Problems)
                {
                    WriteAib(problem.ToException());
                }
                ThrowAib(new AibException(TemplateErrorIds.Invalid,
                    $"The template was refused before anything was sent: {ex.Problems.Count} problem(s), listed above."), Name);
            }
            catch (AibException ex)
            {
                ThrowAib(ex);
            }
            return null!;
        }

        private TemplateBuildOptions CreateOptions()
        {
            var options = new TemplateBuildOptions
            {
                Name = Name,
                ResourceGroupName = ResourceGroupName,
                Location = Location,
                UserAssignedIdentityId = UserAssignedIdentityId,
                SubnetId = SubnetId,
                ContainerInstanceSubnetId = ContainerInstanceSubnetId,
                ProxyVmSize = ProxyVmSize,
                VmSize = VmSize,
                OsDiskSizeGB = OsDiskSizeGB,
                VmUserAssignedIdentityIds = VmUserAssignedIdentityId,
                StagingResourceGroupId = StagingResourceGroupId,
                BuildTimeoutInMinutes = BuildTimeoutInMinutes,
                ApiVersion = ApiVersion,
                SourceUrn = SourceUrn,
                SourceImageId = SourceImageId,
                OnCustomizerError = OnCustomizerError,
                OnValidationError = OnValidationError,
                Tags = ToMap(Tag),
                ManagedResourceTags = ToMap(ManagedResourceTag),
                AutoRun = AutoRun.IsPresent ? true : (bool?)null,
                TriggerName = Trigger ? Core.Triggers.TriggerClient.DefaultName : null,
                Customizers = Customizer?.Select(c => ImageCustomizer.FromJson(Expect(c, "Customizer", nameof(Customizer)).Json)).ToList(),
                Validations = Validator?.Select(v => ImageValidation.FromJson(Expect(v, "Validator", nameof(Validator)).Json)).ToList(),
                Distributors = Distributor?.Select(d => ImageDistributor.FromJson(Expect(d, "Distributor", nameof(Distributor)).Json)).ToList(),
            };
            if (!string.IsNullOrEmpty(TemplateFile))
            {
                string path = GetUnresolvedProviderPathFromPSPath(TemplateFile);
                if (!File.Exists(path))
                {
                    throw new AibException(TemplateErrorIds.FileNotFound,
                        $"-TemplateFile '{TemplateFile}' does not exist. "
                            + "Give the path of an AIB template JSON file (a resource, or a deployment template).", "TemplateFile");
                }
                options.TemplateFile = File.ReadAllText(path);
                options.TemplateFileName = path;
            }
            return options;
        }

        private static AibTemplateItem Expect(AibTemplateItem item, string kind, string parameter)
        {
            if (item.Kind != kind)
            {
                throw new AibException(TemplateErrorIds.ItemWrongKind,
                    $"-{parameter} takes {kind} items, but got a {item.Kind} ({item.Type} {item.Name}). Make it with New-Aib{kind}.", parameter);
            }
            return item;
        }

        private static IDictionary<string, string>? ToMap(Hashtable? table)
        {
            if (table == null) return null;
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in table)
            {
                map[entry.Key?.ToString() ?? string.Empty] = entry.Value?.ToString() ?? string.Empty;
            }
            return map;
        }

        private void WriteOutFile(ImageTemplateDocument document)
        {
            string path = GetUnresolvedProviderPathFromPSPath(OutFile);
            bool bicep = path.EndsWith(".bicep", StringComparison.OrdinalIgnoreCase);
            if (ShouldProcess(path, bicep ? "Write Bicep file" : "Write ARM deployment template"))
            {
                string? directory = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
                File.WriteAllText(path, bicep ? document.ToBicep() : document.ToDeploymentTemplateJson());
                WriteVerbose($"Wrote {(bicep ? "Bicep" : "deployment template")} {path}");
            }
        }

        private void Deploy(ImageTemplateDocument document)
        {
            const int activity = 41;
            try
            {
                AibConnection connection = GetConnection();
                var deployer = new TemplateDeployer(connection);
                DeployedTemplate deployed = RunCore(ct => deployer.DeployAsync(document, Force, status =>
                    Post(() => WriteProgress(new ProgressRecord(activity, $"Image template {document.Name}", status))), ct));
                WriteProgress(new ProgressRecord(activity, $"Image template {document.Name}", "Done") { RecordType = ProgressRecordType.Completed });
                foreach (string trigger in deployed.Triggers)
                {
                    WriteVerbose(deployed.Replaced
                        ? $"Recreated the trigger {trigger}: deleting the template had deleted it."
                        : $"Created the SourceImage trigger {trigger}.");
                }
                WriteObject(new AibTemplate(document, deployed, connection.SubscriptionId));
            }
            catch (AibException ex)
            {
                var failed = new ProgressRecord(activity, $"Image template {document.Name}", "Failed") { RecordType = ProgressRecordType.Completed };
                WriteProgress(failed);
                ThrowAib(ex, document.Name);
            }
        }
    }
}
