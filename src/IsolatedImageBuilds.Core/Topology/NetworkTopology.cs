namespace IsolatedImageBuilds.Core.Topology
{
    /// <summary>
    /// The network topology of an isolated build, from properties.vmProfile.vnetConfig: which subnets are the
    /// customer's decides what AIB adds to the staging resource group (<see cref="StagingPlan"/>).
    /// </summary>
    public enum NetworkTopology
    {
        /// <summary>No subnet given: AIB creates a VNet with an ACI subnet and a build-VM subnet, plus NSGs.</summary>
        NoSubnet,

        /// <summary>subnetId only: AIB adds a Private Link pipeline (private endpoint, PLS, internal LB, proxy VM).</summary>
        BuildSubnetOnly,

        /// <summary>subnetId and containerInstanceSubnetId (api-version 2024-02-01+): AIB creates no network resources (recommended).</summary>
        BuildAndAciSubnets,
    }

    public static class NetworkTopologies
    {
        /// <summary>The topology vnetConfig's subnets describe (an ACI subnet without a build subnet is refused by validation).</summary>
        public static NetworkTopology FromSubnets(string? subnetId, string? containerInstanceSubnetId) =>
            string.IsNullOrEmpty(subnetId) ? NetworkTopology.NoSubnet
            : string.IsNullOrEmpty(containerInstanceSubnetId) ? NetworkTopology.BuildSubnetOnly
            : NetworkTopology.BuildAndAciSubnets;
    }
}
