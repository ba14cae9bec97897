using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using IsolatedImageBuilds.Completers;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Makes a distribution target (managed image, Azure Compute Gallery image, or VHD) for New-AibIsolatedTemplate.</para>
    /// </summary>
    /// <remarks>
    /// <para>New-AibDistributor returns an AibTemplateItem for the template's properties.distribute array. Each target needs a run output name (unique in the template; letters, digits, '-', '_', '.'), which names the artifact in Start-AibIsolatedBuild's Outputs. Pass them to New-AibIsolatedTemplate -Distributor.</para>
    /// </remarks>
    /// <example>
    /// <code>New-AibDistributor -SharedImage -RunOutputName gallery -GalleryImageId $imageDefinitionId -TargetRegion westeurope, northeurope -ReplicaCount 2</code>
    /// <para>Publishes a new gallery image version replicated to two regions.</para>
    /// </example>
    /// <example>
    /// <code>New-AibDistributor -ManagedImage -RunOutputName image -ImageId '/subscriptions/…/resourceGroups/rg-images/providers/Microsoft.Compute/images/ubuntu' -Location westeurope</code>
    /// <para>Writes a managed image.</para>
    /// </example>
    /// <example>
    /// <code>New-AibDistributor -Vhd -RunOutputName vhd</code>
    /// <para>Leaves a VHD in the staging storage account; its URI is in the run's Outputs.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "AibDistributor", DefaultParameterSetName = SharedImageSet)]
    [OutputType(typeof(AibTemplateItem))]
    public sealed class NewAibDistributorCommand : AibCmdlet
    {
        private const string ManagedImageSet = "ManagedImage";
        private const string SharedImageSet = "SharedImage";
        private const string VhdSet = "VHD";

        /// <summary>Distributes to a managed image.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ManagedImageSet)]
        public SwitchParameter ManagedImage { get; set; }

        /// <summary>Distributes to an Azure Compute Gallery image definition (a new image version).</summary>
        [Parameter(Mandatory = true, ParameterSetName = SharedImageSet)]
        public SwitchParameter SharedImage { get; set; }

        /// <summary>Distributes as a VHD.</summary>
        [Parameter(Mandatory = true, ParameterSetName = VhdSet)]
        public SwitchParameter Vhd { get; set; }

        /// <summary>The name of the run output (artifact) for this target.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string RunOutputName { get; set; } = string.Empty;

        /// <summary>The managed image to create (resource id).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ManagedImageSet)]
        public string ImageId { get; set; } = string.Empty;

        /// <summary>The managed image's region.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ManagedImageSet)]
        [ArgumentCompleter(typeof(LocationCompleter))]
        public string Location { get; set; } = string.Empty;

        /// <summary>The gallery image definition (resource id …/galleries/{gallery}/images/{image}), not a version.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SharedImageSet)]
        public string GalleryImageId { get; set; } = string.Empty;

        /// <summary>Regions to replicate the image version to.</summary>
        [Parameter(ParameterSetName = SharedImageSet)]
        [ArgumentCompleter(typeof(LocationCompleter))]
        public string[]? TargetRegion { get; set; }

        /// <summary>Replicas per target region (1 or more).</summary>
        [Parameter(ParameterSetName = SharedImageSet)]
        public int? ReplicaCount { get; set; }

        /// <summary>Storage of the replicas: Standard_LRS, Standard_ZRS or Premium_LRS.</summary>
        [Parameter(ParameterSetName = SharedImageSet)]
        public string? StorageAccountType { get; set; }

        /// <summary>Keeps the new version from being 'latest'.</summary>
        [Parameter(ParameterSetName = SharedImageSet)]
        public SwitchParameter ExcludeFromLatest { get; set; }

        /// <summary>Version numbering: Latest (next after the highest, optionally within -VersioningMajor) or Source (the source image's version).</summary>
        [Parameter(ParameterSetName = SharedImageSet)]
        public string? Versioning { get; set; }

        /// <summary>The major version to number within, with -Versioning Latest.</summary>
        [Parameter(ParameterSetName = SharedImageSet)]
        public int? VersioningMajor { get; set; }

        /// <summary>Full or Shallow replication (api-version 2025-10-01 only).</summary>
        [Parameter(ParameterSetName = SharedImageSet)]
        public string? ReplicationMode { get; set; }

        /// <summary>Where to write the VHD (a blob URI); without it the VHD stays in the staging storage account.</summary>
        [Parameter(ParameterSetName = VhdSet)]
        public string? Uri { get; set; }

        /// <summary>Tags put on the artifact.</summary>
        [Parameter]
        public Hashtable? ArtifactTag { get; set; }

        protected override void ProcessRecord()
        {
            IDictionary<string, string>? tags = ArtifactTag?.Cast<DictionaryEntry>()
                .ToDictionary(e => e.Key?.ToString() ?? string.Empty, e => e.Value?.ToString() ?? string.Empty, StringComparer.Ordinal);
            ImageDistributor distributor = ParameterSetName switch
            {
                ManagedImageSet => ImageDistributor.ManagedImage(RunOutputName, ImageId, Location, tags),
                VhdSet => ImageDistributor.Vhd(RunOutputName, Uri, tags),
                _ => ImageDistributor.SharedImage(RunOutputName, GalleryImageId,
                    TargetRegion?.Select(r => new SharedImageTargetRegion(r, ReplicaCount, StorageAccountType)),
                    ExcludeFromLatest.IsPresent ? true : (bool?)null, Versioning, VersioningMajor, ReplicationMode, tags),
            };
            WriteObject(new AibTemplateItem("Distributor", distributor, RunOutputName));
        }
    }
}
