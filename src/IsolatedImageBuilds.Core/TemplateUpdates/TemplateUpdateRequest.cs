using System.Collections.Generic;
using IsolatedImageBuilds.Core.Templates;

namespace IsolatedImageBuilds.Core.TemplateUpdates
{
    /// <summary>
    /// What Update-AibIsolatedTemplate changes: the fields AIB lets a PATCH change (vmProfile and distribute, api-version
    /// 2024-02-01 ImageTemplateUpdateParameters). Null leaves a field as it is.
    /// </summary>
    public sealed class TemplateUpdateRequest
    {
        /// <summary>vnetConfig.containerInstanceSubnetId: moves the template to BuildAndAciSubnets.</summary>
        public string? ContainerInstanceSubnetId { get; set; }

        /// <summary>vnetConfig.subnetId, the build VM subnet (same VNet as the ACI subnet).</summary>
        public string? SubnetId { get; set; }

        public string? VmSize { get; set; }

        /// <summary>Distribute targets: one with an existing runOutputName replaces it, others are added
        /// (AIB never lets a PATCH remove one).</summary>
        public IList<ImageDistributor> Distributors { get; set; } = new List<ImageDistributor>();
    }
}
