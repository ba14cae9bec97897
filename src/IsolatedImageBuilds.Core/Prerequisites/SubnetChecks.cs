using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// The customer's subnets for the chosen topology (§4): BuildSubnetOnly needs the load-balancer rule
    /// and Private Link Service policies off; BuildAndAciSubnets needs a delegated, empty, distinct ACI
    /// subnet in the same VNet with outbound 443/445 and a path to the build VM on 22/5986; both need
    /// the VNet in the template's region.
    /// </summary>
    internal sealed class SubnetChecks : ICheckFamily
    {
        private const string AciDelegation = "Microsoft.ContainerInstance/containerGroups";

        public PrerequisiteCategory Category => PrerequisiteCategory.Subnet;

        public async Task RunAsync(CheckContext ctx, FamilyOutput output)
        {
            PrerequisiteRequest r = ctx.Request;
            if (r.Topology == NetworkTopology.NoSubnet)
            {
                output.Add(Check.Skipped("Subnet.BuildSubnet", Category, null, "NoSubnet topology: AIB creates its own VNet, subnets and NSGs in the staging resource group."));
                return;
            }
            if (string.IsNullOrWhiteSpace(r.SubnetId))
            {
                output.Add(Check.Failed("Subnet.BuildSubnet", Category, null, $"The {r.Topology} topology needs a build subnet (vnetConfig.subnetId).",
                    "Pass -SubnetId with the build VM's subnet id, or use the NoSubnet topology."));
                return;
            }
            var build = new SubnetView(ctx, r.SubnetId!);
            SubnetView? aci = r.Topology == NetworkTopology.BuildAndAciSubnets && !string.IsNullOrWhiteSpace(r.ContainerInstanceSubnetId)
                ? new SubnetView(ctx, r.ContainerInstanceSubnetId!) : null;

            bool buildExists = false;
            await output.Part("Subnet.BuildSubnet", build.Id, async () =>
            {
                JsonNode? subnet = await build.SubnetOrNullAsync().ConfigureAwait(false);
                buildExists = subnet != null;
                return subnet != null
                    ? Check.Passed("Subnet.BuildSubnet", Category, build.Id, "The build subnet exists.", "addressPrefix: " + build.Prefix(subnet))
                    : Check.Failed("Subnet.BuildSubnet", Category, build.Id, "The build subnet does not exist.", CreateSubnetFix(build, delegated: false));
            }, ctx.Ct).ConfigureAwait(false);
            if (!buildExists) return;

            var parts = new List<Task>
            {
                output.Part("Subnet.VnetRegion", build.VnetId, () => VnetRegionAsync(ctx, build, aci), ctx.Ct),
            };
            if (r.Topology == NetworkTopology.BuildSubnetOnly)
            {
                parts.Add(output.Part("Subnet.LoadBalancerInbound", build.Id, () => LoadBalancerInboundAsync(ctx, build), ctx.Ct));
                parts.Add(output.Part("Subnet.PrivateLinkServicePolicies", build.Id, () => PrivateLinkPoliciesAsync(build), ctx.Ct));
            }
            parts.Add(output.Part("Subnet.BuildOutbound", build.Id, () => BuildOutboundAsync(build), ctx.Ct));
            if (r.Topology == NetworkTopology.BuildAndAciSubnets)
            {
                parts.Add(aci == null
                    ? Failed(output, "Subnet.AciSubnet", null, "The BuildAndAciSubnets topology needs the ACI subnet (vnetConfig.containerInstanceSubnetId).", "Pass -ContainerInstanceSubnetId with a subnet delegated to Microsoft.ContainerInstance/containerGroups.")
                    : AciChecksAsync(ctx, output, build, aci));
            }
            await Task.WhenAll(parts).ConfigureAwait(false);
        }

        private static Task Failed(FamilyOutput output, string check, string? target, string message, string fix)
        {
            output.Add(Check.Failed(check, PrerequisiteCategory.Subnet, target, message, fix));
            return Task.CompletedTask;
        }

        private async Task AciChecksAsync(CheckContext ctx, FamilyOutput output, SubnetView build, SubnetView aci)
        {
            bool exists = false;
            await output.Part("Subnet.AciSubnet", aci.Id, async () =>
            {
                JsonNode? subnet = await aci.SubnetOrNullAsync().ConfigureAwait(false);
                exists = subnet != null;
                return subnet != null
                    ? Check.Passed("Subnet.AciSubnet", Category, aci.Id, "The ACI subnet exists.", "addressPrefix: " + aci.Prefix(subnet))
                    : Check.Failed("Subnet.AciSubnet", Category, aci.Id, "The ACI subnet does not exist.", CreateSubnetFix(aci, delegated: true));
            }, ctx.Ct).ConfigureAwait(false);
            if (!exists) return;

            bool distinct = !ArmId.Same(build.Id, aci.Id);
            bool sameVnet = ArmId.Same(build.VnetId, aci.VnetId);
            output.Add(distinct
                ? Check.Passed("Subnet.Distinct", Category, aci.Id, "The ACI subnet is not the build subnet.")
                : Check.Failed("Subnet.Distinct", Category, aci.Id, "The ACI subnet is the build subnet; AIB needs two subnets.", CreateSubnetFix(aci, delegated: true, newName: "aci")));
            output.Add(sameVnet
                ? Check.Passed("Subnet.SameVnet", Category, aci.Id, "Both subnets are in the same VNet.", "VNet: " + build.VnetId)
                : Check.Failed("Subnet.SameVnet", Category, aci.Id, "The ACI subnet and the build subnet are in different VNets; AIB requires the same VNet.",
                    CreateSubnetFix(build, delegated: true, newName: "aci"), "build subnet VNet: " + build.VnetId, "ACI subnet VNet: " + aci.VnetId));

            await Task.WhenAll(
                output.Part("Subnet.AciDelegation", aci.Id, () => DelegationAsync(aci), ctx.Ct),
                output.Part("Subnet.AciSubnetEmpty", aci.Id, () => EmptyAsync(aci), ctx.Ct),
                output.Part("Subnet.AciFreeAddresses", aci.Id, () => FreeAddressesAsync(aci), ctx.Ct),
                output.Part("Subnet.AciOutbound", aci.Id, () => AciOutboundAsync(ctx, aci), ctx.Ct),
                output.Part("Subnet.AciOutboundPath", aci.Id, () => AciOutboundPathAsync(aci), ctx.Ct),
                output.Part("Subnet.AciToBuildSubnet", aci.Id, () => AciToBuildAsync(ctx, build, aci, distinct && sameVnet), ctx.Ct)).ConfigureAwait(false);
        }

        private async Task<PrerequisiteResult> VnetRegionAsync(CheckContext ctx, SubnetView build, SubnetView? aci)
        {
            var vnets = new List<SubnetView> { build };
            if (aci != null && !ArmId.Same(aci.VnetId, build.VnetId) && await aci.SubnetOrNullAsync().ConfigureAwait(false) != null) vnets.Add(aci);
            var evidence = new List<string>();
            foreach (SubnetView view in vnets)
            {
                JsonNode? vnet = (await view.VnetAsync().ConfigureAwait(false)).Json;
                string location = ArmLocation.Normalize(vnet.Str("location"));
                evidence.Add($"{view.VnetId}: {location}");
                if (location != ctx.Location)
                {
                    return Check.Failed("Subnet.VnetRegion", Category, view.VnetId, $"The VNet is in {location}, the template in {ctx.Location}; AIB needs them in the same region.",
                        $"Use subnets of a VNet in {ctx.Location}, or create the template in {location}.", evidence.ToArray());
                }
            }
            return Check.Passed("Subnet.VnetRegion", Category, build.VnetId, $"The VNet is in the template's region ({ctx.Location}).", evidence.ToArray());
        }

        private async Task<PrerequisiteResult> LoadBalancerInboundAsync(CheckContext ctx, SubnetView build)
        {
            const string check = "Subnet.LoadBalancerInbound";
            JsonNode subnet = (await build.SubnetOrNullAsync().ConfigureAwait(false))!;
            JsonNode? nsg = await build.NsgAsync().ConfigureAwait(false);
            if (nsg == null) return Check.Passed(check, Category, build.Id, "No NSG on the build subnet: the load balancer reaches the proxy VM on 60000-60001.", "networkSecurityGroup: none");
            var target = NsgEndpoint.Subnet("build subnet " + build.Prefix(subnet), build.Prefix(subnet));
            var verdicts = new[] { 60000, 60001 }.Select(port => NsgEvaluator.Evaluate(nsg, "Inbound", NsgEndpoint.LoadBalancer(), target, port)).ToList();
            NsgVerdict? blocked = verdicts.FirstOrDefault(v => !v.Allowed);
            if (blocked == null) return Check.Passed(check, Category, build.Id, "The build subnet's NSG admits AzureLoadBalancer on TCP 60000-60001.", verdicts.Select(v => v.Evidence).ToArray());
            return Check.Failed(check, Category, build.Id, "The build subnet's NSG does not admit AzureLoadBalancer on TCP 60000-60001 (the proxy VM's ports).",
                RuleFix(build, nsg, blocked, "AzureImageBuilderNsgRule", "Inbound", "AzureLoadBalancer", "VirtualNetwork", "60000-60001"),
                verdicts.Select(v => v.Evidence).ToArray());
        }

        private async Task<PrerequisiteResult> PrivateLinkPoliciesAsync(SubnetView build)
        {
            const string check = "Subnet.PrivateLinkServicePolicies";
            JsonNode subnet = (await build.SubnetOrNullAsync().ConfigureAwait(false))!;
            // Azure's default is Enabled, so an absent value fails too.
            string value = subnet.Str("properties", "privateLinkServiceNetworkPolicies") ?? "Enabled (default)";
            return value.Equals("Disabled", StringComparison.OrdinalIgnoreCase)
                ? Check.Passed(check, Category, build.Id, "Private Link Service network policies are disabled on the build subnet.", "privateLinkServiceNetworkPolicies: Disabled")
                : Check.Failed(check, Category, build.Id, "Private Link Service network policies are enabled on the build subnet; AIB's Private Link Service cannot take an IP there.",
                    Check.Fix(
                        $"$vnet = Get-AzVirtualNetwork -ResourceGroupName {build.ResourceGroup} -Name {build.VnetName}; ($vnet.Subnets | Where-Object Name -eq '{build.Name}').PrivateLinkServiceNetworkPolicies = 'Disabled'; $vnet | Set-AzVirtualNetwork",
                        $"az network vnet subnet update --resource-group {build.ResourceGroup} --vnet-name {build.VnetName} --name {build.Name} --private-link-service-network-policies Disabled",
                        "bring an ACI subnet too (BuildAndAciSubnets), which needs no Private Link Service."),
                    "privateLinkServiceNetworkPolicies: " + value);
        }

        private async Task<PrerequisiteResult> BuildOutboundAsync(SubnetView build)
        {
            const string check = "Subnet.BuildOutbound";
            JsonNode subnet = (await build.SubnetOrNullAsync().ConfigureAwait(false))!;
            if (subnet.Bool("properties", "defaultOutboundAccess") == false && subnet.Str("properties", "natGateway", "id") == null)
            {
                return Check.Warning(check, Category, build.Id,
                    "The build subnet is private (no default outbound access) and has no NAT gateway: customizers that download anything will fail.",
                    NatFix(build), "defaultOutboundAccess: false", "natGateway: none");
            }
            return Check.Passed(check, Category, build.Id, "The build subnet has an outbound path.",
                subnet.Str("properties", "natGateway", "id") is string nat ? "natGateway: " + nat : "defaultOutboundAccess: " + (subnet.Str("properties", "defaultOutboundAccess") ?? "not set (default outbound)"));
        }

        private async Task<PrerequisiteResult> DelegationAsync(SubnetView aci)
        {
            const string check = "Subnet.AciDelegation";
            JsonNode subnet = (await aci.SubnetOrNullAsync().ConfigureAwait(false))!;
            List<string> services = subnet.Items("properties", "delegations").Select(d => d.Str("properties", "serviceName") ?? string.Empty).ToList();
            if (services.Any(s => s.Equals(AciDelegation, StringComparison.OrdinalIgnoreCase)))
            {
                return Check.Passed(check, Category, aci.Id, $"The ACI subnet is delegated to {AciDelegation}.", "delegations: " + string.Join(", ", services));
            }
            string prefix = aci.Prefix(subnet);
            return Check.Failed(check, Category, aci.Id,
                $"The ACI subnet is not delegated to {AciDelegation} (ACI fails with SubnetMissingRequiredDelegation).",
                Check.Fix(
                    $"$vnet = Get-AzVirtualNetwork -ResourceGroupName {aci.ResourceGroup} -Name {aci.VnetName}; Set-AzVirtualNetworkSubnetConfig -VirtualNetwork $vnet -Name {aci.Name} -AddressPrefix {prefix} -Delegation (New-AzDelegation -Name aci -ServiceName {AciDelegation}) | Set-AzVirtualNetwork",
                    $"az network vnet subnet update --resource-group {aci.ResourceGroup} --vnet-name {aci.VnetName} --name {aci.Name} --delegations {AciDelegation}"),
                "delegations: " + (services.Count == 0 ? "none" : string.Join(", ", services)));
        }

        private async Task<PrerequisiteResult> EmptyAsync(SubnetView aci)
        {
            const string check = "Subnet.AciSubnetEmpty";
            JsonNode subnet = (await aci.SubnetOrNullAsync().ConfigureAwait(false))!;
            List<string> occupants = subnet.Items("properties", "ipConfigurations").Concat(subnet.Items("properties", "privateEndpoints"))
                .Select(i => i.Str("id") ?? "(unnamed)").ToList();
            return occupants.Count == 0
                ? Check.Passed(check, Category, aci.Id, "The ACI subnet holds no other resources.", "ipConfigurations: none")
                : Check.Failed(check, Category, aci.Id, $"The ACI subnet holds {occupants.Count} other resource(s); a subnet delegated to ACI may hold only container groups.",
                    CreateSubnetFix(aci, delegated: true, newName: aci.Name + "-aci"), occupants.Select(o => "in use by: " + o).ToArray());
        }

        private async Task<PrerequisiteResult> FreeAddressesAsync(SubnetView aci)
        {
            const string check = "Subnet.AciFreeAddresses";
            JsonNode subnet = (await aci.SubnetOrNullAsync().ConfigureAwait(false))!;
            string prefix = aci.Prefix(subnet);
            if (!Cidr.TryParse(prefix, out Cidr cidr)) return Check.Warning(check, Category, aci.Id, $"Not checked: the ACI subnet's prefix '{prefix}' is not an IPv4 prefix.");
            int used = subnet.Items("properties", "ipConfigurations").Count();
            long free = cidr.Size - 5 - used;
            string figures = $"{prefix}: {cidr.Size} addresses, 5 reserved by Azure, {used} in use, {free} free";
            if (free < 1) return Check.Failed(check, Category, aci.Id, "The ACI subnet has no free address.", CreateSubnetFix(aci, delegated: true, newName: aci.Name + "-aci"), figures);
            if (cidr.Length > 28)
            {
                return Check.Warning(check, Category, aci.Id, $"The ACI subnet is smaller than /28 ({free} free); ACI guidance is /28 or larger, and concurrent builds each need an address.",
                    null, figures);
            }
            return Check.Passed(check, Category, aci.Id, $"The ACI subnet has {free} free addresses.", figures);
        }

        /// <summary>The ACI pulls its image over 443 and mounts the staging Azure Files share over 445.</summary>
        private async Task<PrerequisiteResult> AciOutboundAsync(CheckContext ctx, SubnetView aci)
        {
            const string check = "Subnet.AciOutbound";
            JsonNode subnet = (await aci.SubnetOrNullAsync().ConfigureAwait(false))!;
            JsonNode? nsg = await aci.NsgAsync().ConfigureAwait(false);
            if (nsg == null) return Check.Passed(check, Category, aci.Id, "No NSG on the ACI subnet: outbound 443 and 445 are open.", "networkSecurityGroup: none");
            var source = NsgEndpoint.Subnet("ACI subnet " + aci.Prefix(subnet), aci.Prefix(subnet));
            var flows = new[]
            {
                (Port: 443, Dest: NsgEndpoint.Public("Internet (container registry)", ctx.Location, "AzureCloud", "MicrosoftContainerRegistry", "AzureFrontDoor.FirstParty"), Tag: "Internet", Why: "image pull"),
                (Port: 445, Dest: NsgEndpoint.Public("Azure Files (Storage)", ctx.Location, "AzureCloud", "Storage"), Tag: "Storage", Why: "Azure Files share"),
            };
            var results = flows.Select(f => (f, Verdict: NsgEvaluator.Evaluate(nsg, "Outbound", source, f.Dest, f.Port))).ToList();
            var blocked = results.Where(x => !x.Verdict.Allowed).ToList();
            string[] evidence = results.Select(x => x.Verdict.Evidence).ToArray();
            if (blocked.Count == 0) return Check.Passed(check, Category, aci.Id, "The ACI subnet's NSG allows outbound TCP 443 and 445.", evidence);
            var first = blocked[0];
            return Check.Failed(check, Category, aci.Id,
                $"The ACI subnet's NSG blocks outbound TCP {string.Join(" and ", blocked.Select(b => $"{b.f.Port} ({b.f.Why})"))}.",
                RuleFix(aci, nsg, first.Verdict, $"AllowAibOutbound{first.f.Port}", "Outbound", "VirtualNetwork", first.f.Tag, first.f.Port.ToString()),
                evidence);
        }

        private async Task<PrerequisiteResult> AciOutboundPathAsync(SubnetView aci)
        {
            const string check = "Subnet.AciOutboundPath";
            JsonNode subnet = (await aci.SubnetOrNullAsync().ConfigureAwait(false))!;
            string? nat = subnet.Str("properties", "natGateway", "id");
            if (nat != null) return Check.Passed(check, Category, aci.Id, "The ACI subnet has a NAT gateway for outbound traffic.", "natGateway: " + nat);
            if (subnet.Bool("properties", "defaultOutboundAccess") == false)
            {
                return Check.Failed(check, Category, aci.Id, "The ACI subnet is private (no default outbound access) and has no NAT gateway: the ACI cannot pull its image or mount the share.",
                    NatFix(aci), "defaultOutboundAccess: false", "natGateway: none");
            }
            return Check.Passed(check, Category, aci.Id, "The ACI subnet has default outbound access (ACI recommends a NAT gateway).",
                "defaultOutboundAccess: " + (subnet.Str("properties", "defaultOutboundAccess") ?? "not set (default outbound)"));
        }

        /// <summary>Packer in the ACI reaches the build VM over SSH (22, Linux) or WinRM over HTTPS (5986, Windows).</summary>
        private async Task<PrerequisiteResult> AciToBuildAsync(CheckContext ctx, SubnetView build, SubnetView aci, bool applicable)
        {
            const string check = "Subnet.AciToBuildSubnet";
            if (!applicable) return Check.Skipped(check, Category, aci.Id, "Not checked: the two subnets are not distinct subnets of one VNet (see Subnet.Distinct / Subnet.SameVnet).");
            JsonNode buildSubnet = (await build.SubnetOrNullAsync().ConfigureAwait(false))!;
            JsonNode aciSubnet = (await aci.SubnetOrNullAsync().ConfigureAwait(false))!;
            var from = NsgEndpoint.Subnet("ACI subnet " + aci.Prefix(aciSubnet), aci.Prefix(aciSubnet));
            var to = NsgEndpoint.Subnet("build subnet " + build.Prefix(buildSubnet), build.Prefix(buildSubnet));
            int[] ports = ctx.Request.IsWindows == true ? new[] { 5986 } : ctx.Request.IsWindows == false ? new[] { 22 } : new[] { 22, 5986 };
            JsonNode? aciNsg = await aci.NsgAsync().ConfigureAwait(false);
            JsonNode? buildNsg = await build.NsgAsync().ConfigureAwait(false);
            var evidence = new List<string>();
            foreach (int port in ports)
            {
                foreach ((JsonNode? nsg, string direction, SubnetView owner) in new[] { (aciNsg, "Outbound", aci), (buildNsg, "Inbound", build) })
                {
                    if (nsg == null) { evidence.Add($"{direction} {port}: no NSG on {owner.Name}"); continue; }
                    NsgVerdict v = NsgEvaluator.Evaluate(nsg, direction, from, to, port);
                    evidence.Add(v.Evidence);
                    if (!v.Allowed)
                    {
                        return Check.Failed(check, Category, owner.Id, $"TCP {port} from the ACI subnet to the build subnet is blocked ({direction.ToLowerInvariant()} on {owner.Name}); Packer cannot reach the build VM.",
                            RuleFix(owner, nsg, v, $"AllowAib{port}{direction}", direction, from.Prefix!, to.Prefix!, port.ToString()), evidence.ToArray());
                    }
                }
            }
            return Check.Passed(check, Category, aci.Id, $"The ACI subnet reaches the build subnet on TCP {string.Join(" and ", ports)}.", evidence.ToArray());
        }

        private static string RuleFix(SubnetView owner, JsonNode nsg, NsgVerdict blocking, string ruleName, string direction, string source, string destination, string ports)
        {
            string nsgName = nsg.Str("name") ?? ArmId.NameOf(owner.NsgId ?? "nsg");
            string nsgRg = ArmId.ResourceGroupOf(owner.NsgId ?? owner.Id) ?? owner.ResourceGroup;
            int priority = Math.Max(100, Math.Min(4096, blocking.Priority - 1));
            string before = blocking.RuleName != null && blocking.Priority <= 100 ? $"; rule '{blocking.RuleName}' has priority {blocking.Priority}: change or remove it" : string.Empty;
            return Check.Fix(
                $"Get-AzNetworkSecurityGroup -ResourceGroupName {nsgRg} -Name {nsgName} | Add-AzNetworkSecurityRuleConfig -Name {ruleName} -Priority {priority} -Direction {direction} -Access Allow -Protocol Tcp -SourceAddressPrefix {source} -SourcePortRange * -DestinationAddressPrefix {destination} -DestinationPortRange {ports} | Set-AzNetworkSecurityGroup",
                $"az network nsg rule create --resource-group {nsgRg} --nsg-name {nsgName} --name {ruleName} --priority {priority} --direction {direction} --access Allow --protocol Tcp --source-address-prefixes {source} --source-port-ranges '*' --destination-address-prefixes {destination} --destination-port-ranges {ports}")
                + before;
        }

        private static string NatFix(SubnetView subnet)
            => Check.Fix(
                $"$vnet = Get-AzVirtualNetwork -ResourceGroupName {subnet.ResourceGroup} -Name {subnet.VnetName}; ($vnet.Subnets | Where-Object Name -eq '{subnet.Name}').NatGateway = Get-AzNatGateway -ResourceGroupName {subnet.ResourceGroup} -Name <nat gateway>; $vnet | Set-AzVirtualNetwork",
                $"az network vnet subnet update --resource-group {subnet.ResourceGroup} --vnet-name {subnet.VnetName} --name {subnet.Name} --nat-gateway <nat gateway>");

        private static string CreateSubnetFix(SubnetView near, bool delegated, string? newName = null)
        {
            string name = newName ?? near.Name;
            string ps = delegated ? $" -Delegation (New-AzDelegation -Name aci -ServiceName {AciDelegation})" : string.Empty;
            string az = delegated ? $" --delegations {AciDelegation}" : string.Empty;
            return Check.Fix(
                $"Get-AzVirtualNetwork -ResourceGroupName {near.ResourceGroup} -Name {near.VnetName} | Add-AzVirtualNetworkSubnetConfig -Name {name} -AddressPrefix <free /28 or larger>{ps} | Set-AzVirtualNetwork",
                $"az network vnet subnet create --resource-group {near.ResourceGroup} --vnet-name {near.VnetName} --name {name} --address-prefixes <free /28 or larger>{az}");
        }

        /// <summary>A subnet id with its (shared, once-per-run) subnet, VNet and NSG reads.</summary>
        private sealed class SubnetView
        {
            private readonly CheckContext _ctx;

            public SubnetView(CheckContext ctx, string id)
            {
                _ctx = ctx;
                Id = ArmId.Trim(id);
                VnetId = ArmId.ParentOf(Id);
            }

            public string Id { get; }
            public string VnetId { get; }
            public string Name => ArmId.NameOf(Id);
            public string VnetName => ArmId.NameOf(VnetId);
            public string ResourceGroup => ArmId.ResourceGroupOf(Id) ?? "<resource group>";
            public string? NsgId { get; private set; }

            public async Task<JsonNode?> SubnetOrNullAsync()
            {
                try
                {
                    return (await _ctx.Network(Id).ConfigureAwait(false)).Json;
                }
                catch (AibArmException e) when (e.Status == 404)
                {
                    return null;
                }
            }

            public Task<ArmResponse> VnetAsync() => _ctx.Network(VnetId);

            public async Task<JsonNode?> NsgAsync()
            {
                JsonNode? subnet = await SubnetOrNullAsync().ConfigureAwait(false);
                string? id = subnet.Str("properties", "networkSecurityGroup", "id");
                if (id == null) return null;
                NsgId = id;
                return (await _ctx.Network(id).ConfigureAwait(false)).Json;
            }

            public string Prefix(JsonNode subnet)
                => subnet.Str("properties", "addressPrefix") ?? subnet.Strings("properties", "addressPrefixes").FirstOrDefault() ?? "(no prefix)";
        }
    }
}
