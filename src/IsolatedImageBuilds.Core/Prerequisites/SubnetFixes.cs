using Prerequisite = IsolatedImageBuilds.Core.CommandNames.TestAibPrerequisite;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>What the subnet checks propose: the commands that fix each finding, as data (see <see cref="SubnetChecks"/>).</summary>
    internal static class SubnetFixes
    {
        /// <summary>The delegation an ACI subnet needs.</summary>
        public const string AciDelegation = "Microsoft.ContainerInstance/containerGroups";

        public const string PassBuildSubnet =
            "Pass -" + Prerequisite.SubnetId + " with the build VM's subnet id, or use the NoSubnet topology.";

        public const string PassAciSubnet =
            "Pass -" + Prerequisite.ContainerInstanceSubnetId + " with a subnet delegated to " + AciDelegation + ".";

        /// <summary>Slots: rg, vnet, name.</summary>
        public static readonly Remediation CreateSubnet = new Remediation(
            "Get-AzVirtualNetwork -ResourceGroupName {rg} -Name {vnet}"
                + " | Add-AzVirtualNetworkSubnetConfig -Name {name} -AddressPrefix <free /28 or larger>"
                + " | Set-AzVirtualNetwork",
            "az network vnet subnet create --resource-group {rg} --vnet-name {vnet} --name {name}"
                + " --address-prefixes <free /28 or larger>");

        /// <summary>Slots: rg, vnet, name.</summary>
        public static readonly Remediation CreateAciSubnet = new Remediation(
            "Get-AzVirtualNetwork -ResourceGroupName {rg} -Name {vnet}"
                + " | Add-AzVirtualNetworkSubnetConfig -Name {name} -AddressPrefix <free /28 or larger>"
                + " -Delegation (New-AzDelegation -Name aci -ServiceName " + AciDelegation + ")"
                + " | Set-AzVirtualNetwork",
            "az network vnet subnet create --resource-group {rg} --vnet-name {vnet} --name {name}"
                + " --address-prefixes <free /28 or larger> --delegations " + AciDelegation);

        /// <summary>Slots: rg, vnet, subnet, prefix.</summary>
        public static readonly Remediation DelegateToAci = new Remediation(
            "$vnet = Get-AzVirtualNetwork -ResourceGroupName {rg} -Name {vnet}; "
                + "Set-AzVirtualNetworkSubnetConfig -VirtualNetwork $vnet -Name {subnet} -AddressPrefix {prefix}"
                + " -Delegation (New-AzDelegation -Name aci -ServiceName " + AciDelegation + ")"
                + " | Set-AzVirtualNetwork",
            "az network vnet subnet update --resource-group {rg} --vnet-name {vnet} --name {subnet}"
                + " --delegations " + AciDelegation);

        /// <summary>Slots: rg, vnet, subnet.</summary>
        public static readonly Remediation DisablePrivateLinkServicePolicies = new Remediation(
            "$vnet = Get-AzVirtualNetwork -ResourceGroupName {rg} -Name {vnet}; "
                + "($vnet.Subnets | Where-Object Name -eq '{subnet}').PrivateLinkServiceNetworkPolicies = 'Disabled'; "
                + "$vnet | Set-AzVirtualNetwork",
            "az network vnet subnet update --resource-group {rg} --vnet-name {vnet} --name {subnet}"
                + " --private-link-service-network-policies Disabled",
            "bring an ACI subnet too (BuildAndAciSubnets), which needs no Private Link Service.");

        /// <summary>Slots: rg, vnet, subnet.</summary>
        public static readonly Remediation AttachNatGateway = new Remediation(
            "$vnet = Get-AzVirtualNetwork -ResourceGroupName {rg} -Name {vnet}; "
                + "($vnet.Subnets | Where-Object Name -eq '{subnet}').NatGateway = "
                + "Get-AzNatGateway -ResourceGroupName {rg} -Name <nat gateway>; "
                + "$vnet | Set-AzVirtualNetwork",
            "az network vnet subnet update --resource-group {rg} --vnet-name {vnet} --name {subnet}"
                + " --nat-gateway <nat gateway>");

        /// <summary>Slots: nsgRg, nsg, rule, priority, direction, source, destination, ports.</summary>
        public static readonly Remediation AllowNsgRule = new Remediation(
            "Get-AzNetworkSecurityGroup -ResourceGroupName {nsgRg} -Name {nsg}"
                + " | Add-AzNetworkSecurityRuleConfig -Name {rule} -Priority {priority} -Direction {direction}"
                + " -Access Allow -Protocol Tcp -SourceAddressPrefix {source} -SourcePortRange *"
                + " -DestinationAddressPrefix {destination} -DestinationPortRange {ports}"
                + " | Set-AzNetworkSecurityGroup",
            "az network nsg rule create --resource-group {nsgRg} --nsg-name {nsg} --name {rule} --priority {priority}"
                + " --direction {direction} --access Allow --protocol Tcp --source-address-prefixes {source}"
                + " --source-port-ranges '*' --destination-address-prefixes {destination} --destination-port-ranges {ports}");

        /// <summary>Appended to <see cref="AllowNsgRule"/> when the blocking rule leaves no priority to go above it.</summary>
        public static string BlockingRuleNote(string rule, int priority) => $"; rule '{rule}' has priority {priority}: change or remove it";
    }
}
