using System.Collections.Generic;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// What New-AibIsolatedTemplate asks for. Everything is optional; what is given overrides or adds to
    /// <see cref="TemplateFile"/> (lists are appended, maps merged, single values replaced).
    /// </summary>
    public sealed class TemplateBuildOptions
    {
        /// <summary>Content (not path) of an existing template: deployment template, resource, or resource body, any api-version.</summary>
        public string? TemplateFile { get; set; }

        /// <summary>The file's name, for messages.</summary>
        public string? TemplateFileName { get; set; }

        /// <summary>2024-02-01 (default) or 2025-10-01. When absent, a file's own supported version is kept.</summary>
        public string? ApiVersion { get; set; }

        public string? Name { get; set; }

        /// <summary>The resource group the template is created in (checked, and compared with the staging group).</summary>
        public string? ResourceGroupName { get; set; }

        public string? Location { get; set; }

        public IDictionary<string, string>? Tags { get; set; }

        /// <summary>Replaces the template identity with this one user-assigned identity.</summary>
        public string? UserAssignedIdentityId { get; set; }

        /// <summary>Build VM subnet: alone it gives BuildSubnetOnly; with <see cref="ContainerInstanceSubnetId"/> BuildAndAciSubnets.</summary>
        public string? SubnetId { get; set; }

        public string? ContainerInstanceSubnetId { get; set; }

        public string? ProxyVmSize { get; set; }

        /// <summary>
        /// Moves the template to this topology: NoSubnet removes the file's subnets and proxy size, BuildSubnetOnly
        /// removes its container instance subnet, BuildAndAciSubnets removes its proxy size (each noted).
        /// </summary>
        public NetworkTopology? Topology { get; set; }

        public string? VmSize { get; set; }

        public int? OsDiskSizeGB { get; set; }

        /// <summary>Identities attached to the build and validation VMs (vmProfile.userAssignedIdentities), appended.</summary>
        public IList<string>? VmUserAssignedIdentityIds { get; set; }

        public string? StagingResourceGroupId { get; set; }

        public int? BuildTimeoutInMinutes { get; set; }

        /// <summary>Marketplace image publisher:offer:sku[:version]. At most one of SourceUrn, SourceImageId, Source.</summary>
        public string? SourceUrn { get; set; }

        /// <summary>Managed image or gallery image version id.</summary>
        public string? SourceImageId { get; set; }

        public ImageSource? Source { get; set; }

        public IList<ImageCustomizer>? Customizers { get; set; }

        public IList<ImageValidation>? Validations { get; set; }

        public bool? ContinueDistributeOnFailure { get; set; }

        public bool? SourceValidationOnly { get; set; }

        public IList<ImageDistributor>? Distributors { get; set; }

        /// <summary>'cleanup' (default) or 'abort' (keep the build VM for debugging).</summary>
        public string? OnCustomizerError { get; set; }

        public string? OnValidationError { get; set; }

        /// <summary>optimize.vmBoot.state Enabled/Disabled.</summary>
        public bool? VmBootOptimization { get; set; }

        /// <summary>optimize.workload (api-version 2025-10-01): Enabled/Disabled, with the script that tunes the image.</summary>
        public bool? WorkloadOptimization { get; set; }

        public string? WorkloadOptimizationScriptUri { get; set; }

        public string? WorkloadOptimizationSha256Checksum { get; set; }

        /// <summary>properties.additionalDataDisks[].sizeGB (api-version 2025-10-01), appended.</summary>
        public IList<int>? AdditionalDataDiskSizesGB { get; set; }

        /// <summary>autoRun.state Enabled/Disabled: run the build once when the template is created.</summary>
        public bool? AutoRun { get; set; }

        /// <summary>A SourceImage trigger of this name goes with the template (created after it, and in its exports).</summary>
        public string? TriggerName { get; set; }

        public IDictionary<string, string>? ManagedResourceTags { get; set; }
    }
}
