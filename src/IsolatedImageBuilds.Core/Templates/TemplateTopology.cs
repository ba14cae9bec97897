namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>The network topology of an isolated build, derived from properties.vmProfile.vnetConfig.</summary>
    public enum TemplateTopology
    {
        /// <summary>No subnet given: AIB creates a VNet with an ACI subnet and a build-VM subnet, plus NSGs.</summary>
        NoSubnet,

        /// <summary>subnetId only: AIB adds a Private Link pipeline (private endpoint, PLS, internal LB, proxy VM).</summary>
        BuildSubnetOnly,

        /// <summary>subnetId and containerInstanceSubnetId: AIB creates no network resources (recommended).</summary>
        BuildAndAciSubnets,
    }
}
