using System;
using System.Collections.Generic;
using System.Globalization;
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
        private const string AciDelegation = SubnetFixes.AciDelegation;

        public PrerequisiteCategory Category => PrerequisiteCategory.Subnet;

        public async Task RunAsync(CheckContext ctx, FamilyOutput output)
        {
            PrerequisiteRequest r = ctx.Request;
            if (r.Topology == NetworkTopology.NoSubnet)
            {
                output.Add(Check.Skipped(CheckNames.Subnet.BuildSubnet, Category, null,
                    "NoSubnet topology: AIB creates its own VNet, subnets and NSGs in the staging resource group."));
                return;
            }
            if (string.IsNullOrWhiteSpace(r.SubnetId))
            {
                output.Add(Check.Failed(CheckNames.Subnet.BuildSubnet, Category, null,
                    $"The {r.Topology} topology needs a build subnet (vnetConfig.subnetId).", SubnetFixes.PassBuildSubnet));
                return;
            }
            var build = new SubnetView(ctx, r.SubnetId!);
            bool twoSubnets = r.Topology == NetworkTopology.BuildAndAciSubnets;
            SubnetView? aci = twoSubnets && !string.IsNullOrWhiteSpace(r.ContainerInstanceSubnetId)
                ? new SubnetView(ctx, r.ContainerInstanceSubnetId!)
                : null;

            bool buildExists = false;
            await output.Part(CheckNames.Subnet.BuildSubnet, build.Id, async () =>
            {
                JsonNode? subnet = await build.SubnetOrNullAsync().ConfigureAwait(false);
                buildExists = subnet != null;
                return subnet != null
                    ? Check.Passed(CheckNames.Subnet.BuildSubnet, Category, build.Id, "The build subnet exists.",
                        "addressPrefix: " + SubnetView.Prefix(subnet))
                    : Check.Failed(CheckNames.Subnet.BuildSubnet, Category, build.Id, "The build subnet does not exist.",
                        CreateSubnetFix(build, delegated: false));
            }, ctx.Ct).ConfigureAwait(false);
            if (!buildExists) return;

            var parts = new List<Task>
            {
                output.Part(CheckNames.Subnet.VnetRegion, build.VnetId, () => VnetRegionAsync(ctx, build, aci), ctx.Ct),
            };
            if (r.Topology == NetworkTopology.BuildSubnetOnly)
            {
                parts.Add(output.Part(CheckNames.Subnet.LoadBalancerInbound, build.Id, () => LoadBalancerInboundAsync(build), ctx.Ct));
                parts.Add(output.Part(CheckNames.Subnet.PrivateLinkServicePolicies, build.Id, () => PrivateLinkPoliciesAsync(build), ctx.Ct));
            }
            parts.Add(output.Part(CheckNames.Subnet.BuildOutbound, build.Id, () => BuildOutboundAsync(build), ctx.Ct));
            if (twoSubnets)
            {
                parts.Add(aci == null
                    ? Failed(output, CheckNames.Subnet.AciSubnet, null,
                        "The BuildAndAciSubnets topology needs the ACI subnet (vnetConfig.containerInstanceSubnetId).", SubnetFixes.PassAciSubnet)
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
            await output.Part(CheckNames.Subnet.AciSubnet, aci.Id, async () =>
            {
                JsonNode? subnet = await aci.SubnetOrNullAsync().ConfigureAwait(false);
                exists = subnet != null;
                return subnet != null
                    ? Check.Passed(CheckNames.Subnet.AciSubnet, Category, aci.Id, "The ACI subnet exists.",
                        "addressPrefix: " + SubnetView.Prefix(subnet))
                    : Check.Failed(CheckNames.Subnet.AciSubnet, Category, aci.Id, "The ACI subnet does not exist.",
                        CreateSubnetFix(aci, delegated: true));
            }, ctx.Ct).ConfigureAwait(false);
            if (!exists) return;

            bool distinct = !ArmId.Same(build.Id, aci.Id);
            bool sameVnet = ArmId.Same(build.VnetId, aci.VnetId);
            output.Add(distinct
                ? Check.Passed(CheckNames.Subnet.Distinct, Category, aci.Id, "The ACI subnet is not the build subnet.")
                : Check.Failed(CheckNames.Subnet.Distinct, Category, aci.Id, "The ACI subnet is the build subnet; AIB needs two subnets.",
                    CreateSubnetFix(aci, delegated: true, newName: "aci")));
            output.Add(sameVnet
                ? Check.Passed(CheckNames.Subnet.SameVnet, Category, aci.Id, "Both subnets are in the same VNet.", "VNet: " + build.VnetId)
                : Check.Failed(CheckNames.Subnet.SameVnet, Category, aci.Id,
                    "The ACI subnet and the build subnet are in different VNets; AIB requires the same VNet.",
                    CreateSubnetFix(build, delegated: true, newName: "aci"),
                    "build subnet VNet: " + build.VnetId, "ACI subnet VNet: " + aci.VnetId));

            await Task.WhenAll(
                output.Part(CheckNames.Subnet.AciDelegation, aci.Id, () => DelegationAsync(aci), ctx.Ct),
                output.Part(CheckNames.Subnet.AciSubnetEmpty, aci.Id, () => EmptyAsync(aci), ctx.Ct),
                output.Part(CheckNames.Subnet.AciFreeAddresses, aci.Id, () => FreeAddressesAsync(aci), ctx.Ct),
                output.Part(CheckNames.Subnet.AciOutbound, aci.Id, () => AciOutboundAsync(ctx, aci), ctx.Ct),
                output.Part(CheckNames.Subnet.AciOutboundPath, aci.Id, () => AciOutboundPathAsync(aci), ctx.Ct),
                output.Part(CheckNames.Subnet.AciToBuildSubnet, aci.Id, () => AciToBuildAsync(ctx, build, aci, distinct && sameVnet), ctx.Ct))
                .ConfigureAwait(false);
        }

        private async Task<PrerequisiteResult> VnetRegionAsync(CheckContext ctx, SubnetView build, SubnetView? aci)
        {
            var vnets = new List<SubnetView> { build };
            bool otherVnet = aci != null && !ArmId.Same(aci.VnetId, build.VnetId);
            if (otherVnet && await aci!.SubnetOrNullAsync().ConfigureAwait(false) != null) vnets.Add(aci);
            var evidence = new List<string>();
            foreach (SubnetView view in vnets)
            {
                JsonNode? vnet = (await view.VnetAsync().ConfigureAwait(false)).Json;
                string location = ArmLocation.Normalize(vnet.Str("location"));
                evidence.Add($"{view.VnetId}: {location}");
                if (location != ctx.Location)
                {
                    return Check.Failed(CheckNames.Subnet.VnetRegion, Category, view.VnetId,
                        $"The VNet is in {location}, the template in {ctx.Location}; AIB needs them in the same region.",
                        $"Use subnets of a VNet in {ctx.Location}, or create the template in {location}.", evidence.ToArray());
                }
            }
            return Check.Passed(CheckNames.Subnet.VnetRegion, Category, build.VnetId,
                $"The VNet is in the template's region ({ctx.Location}).", evidence.ToArray());
        }

        private async Task<PrerequisiteResult> LoadBalancerInboundAsync(SubnetView build)
        {
            const string check = CheckNames.Subnet.LoadBalancerInbound;
            JsonNode subnet = (await build.SubnetOrNullAsync().ConfigureAwait(false))!;
            Nsg? nsg = await build.NsgAsync().ConfigureAwait(false);
            if (nsg == null)
            {
                return Check.Passed(check, Category, build.Id,
                    "No NSG on the build subnet: the load balancer reaches the proxy VM on 60000-60001.", "networkSecurityGroup: none");
            }
            string prefix = SubnetView.Prefix(subnet);
            var target = NsgEndpoint.Subnet("build subnet " + prefix, prefix);
            var verdicts = new[] { 60000, 60001 }
                .Select(port => NsgEvaluator.Evaluate(nsg.Json, "Inbound", NsgEndpoint.LoadBalancer(), target, port))
                .ToList();
            string[] evidence = verdicts.Select(v => v.Evidence).ToArray();
            NsgVerdict? blocked = verdicts.FirstOrDefault(v => !v.Allowed);
            if (blocked == null)
            {
                return Check.Passed(check, Category, build.Id, "The build subnet's NSG admits AzureLoadBalancer on TCP 60000-60001.", evidence);
            }
            return Check.Failed(check, Category, build.Id,
                "The build subnet's NSG does not admit AzureLoadBalancer on TCP 60000-60001 (the proxy VM's ports).",
                RuleFix(build, nsg, blocked, "AzureImageBuilderNsgRule", "Inbound", "AzureLoadBalancer", "VirtualNetwork", "60000-60001"),
                evidence);
        }

        private async Task<PrerequisiteResult> PrivateLinkPoliciesAsync(SubnetView build)
        {
            const string check = CheckNames.Subnet.PrivateLinkServicePolicies;
            JsonNode subnet = (await build.SubnetOrNullAsync().ConfigureAwait(false))!;
            // Azure's default is Enabled, so an absent value fails too.
            string value = subnet.Str("properties", "privateLinkServiceNetworkPolicies") ?? "Enabled (default)";
            if (value.Equals("Disabled", StringComparison.OrdinalIgnoreCase))
            {
                return Check.Passed(check, Category, build.Id,
                    "Private Link Service network policies are disabled on the build subnet.", "privateLinkServiceNetworkPolicies: Disabled");
            }
            return Check.Failed(check, Category, build.Id,
                "Private Link Service network policies are enabled on the build subnet; AIB's Private Link Service cannot take an IP there.",
                SubnetFixes.DisablePrivateLinkServicePolicies.Fill(build.Slots()),
                "privateLinkServiceNetworkPolicies: " + value);
        }

        private async Task<PrerequisiteResult> BuildOutboundAsync(SubnetView build)
        {
            const string check = CheckNames.Subnet.BuildOutbound;
            JsonNode subnet = (await build.SubnetOrNullAsync().ConfigureAwait(false))!;
            string? nat = subnet.Str("properties", "natGateway", "id");
            if (subnet.Bool("properties", "defaultOutboundAccess") == false && nat == null)
            {
                return Check.Warning(check, Category, build.Id,
                    "The build subnet is private (no default outbound access) and has no NAT gateway: customizers that download anything will fail.",
                    SubnetFixes.AttachNatGateway.Fill(build.Slots()), "defaultOutboundAccess: false", "natGateway: none");
            }
            return Check.Passed(check, Category, build.Id, "The build subnet has an outbound path.",
                nat != null ? "natGateway: " + nat : DefaultOutboundEvidence(subnet));
        }

        private async Task<PrerequisiteResult> DelegationAsync(SubnetView aci)
        {
            const string check = CheckNames.Subnet.AciDelegation;
            JsonNode subnet = (await aci.SubnetOrNullAsync().ConfigureAwait(false))!;
            List<string> services = subnet.Items("properties", "delegations")
                .Select(d => d.Str("properties", "serviceName") ?? string.Empty)
                .ToList();
            if (services.Any(s => s.Equals(AciDelegation, StringComparison.OrdinalIgnoreCase)))
            {
                return Check.Passed(check, Category, aci.Id, $"The ACI subnet is delegated to {AciDelegation}.",
                    "delegations: " + string.Join(", ", services));
            }
            return Check.Failed(check, Category, aci.Id,
                $"The ACI subnet is not delegated to {AciDelegation} (ACI fails with SubnetMissingRequiredDelegation).",
                SubnetFixes.DelegateToAci.Fill(aci.Slots(("prefix", SubnetView.Prefix(subnet)))),
                "delegations: " + (services.Count == 0 ? "none" : string.Join(", ", services)));
        }

        private async Task<PrerequisiteResult> EmptyAsync(SubnetView aci)
        {
            const string check = CheckNames.Subnet.AciSubnetEmpty;
            JsonNode subnet = (await aci.SubnetOrNullAsync().ConfigureAwait(false))!;
            List<string> occupants = subnet.Items("properties", "ipConfigurations")
                .Concat(subnet.Items("properties", "privateEndpoints"))
                .Select(i => i.Str("id") ?? "(unnamed)")
                .ToList();
            if (occupants.Count == 0)
            {
                return Check.Passed(check, Category, aci.Id, "The ACI subnet holds no other resources.", "ipConfigurations: none");
            }
            return Check.Failed(check, Category, aci.Id,
                $"The ACI subnet holds {occupants.Count} other resource(s); a subnet delegated to ACI may hold only container groups.",
                CreateSubnetFix(aci, delegated: true, newName: aci.Name + "-aci"),
                occupants.Select(o => "in use by: " + o).ToArray());
        }

        private async Task<PrerequisiteResult> FreeAddressesAsync(SubnetView aci)
        {
            const string check = CheckNames.Subnet.AciFreeAddresses;
            JsonNode subnet = (await aci.SubnetOrNullAsync().ConfigureAwait(false))!;
            string prefix = SubnetView.Prefix(subnet);
            if (!Cidr.TryParse(prefix, out Cidr cidr))
            {
                return Check.Warning(check, Category, aci.Id, $"Not checked: the ACI subnet's prefix '{prefix}' is not an IPv4 prefix.");
            }
            int used = subnet.Items("properties", "ipConfigurations").Count();
            long free = cidr.Size - 5 - used;
            string figures = $"{prefix}: {cidr.Size} addresses, 5 reserved by Azure, {used} in use, {free} free";
            if (free < 1)
            {
                return Check.Failed(check, Category, aci.Id, "The ACI subnet has no free address.",
                    CreateSubnetFix(aci, delegated: true, newName: aci.Name + "-aci"), figures);
            }
            if (cidr.Length > 28)
            {
                return Check.Warning(check, Category, aci.Id,
                    $"The ACI subnet is smaller than /28 ({free} free); ACI guidance is /28 or larger, and concurrent builds each need an address.",
                    null, figures);
            }
            return Check.Passed(check, Category, aci.Id, $"The ACI subnet has {free} free addresses.", figures);
        }

        /// <summary>The ACI pulls its image over 443 and mounts the staging Azure Files share over 445.</summary>
        private async Task<PrerequisiteResult> AciOutboundAsync(CheckContext ctx, SubnetView aci)
        {
            const string check = CheckNames.Subnet.AciOutbound;
            JsonNode subnet = (await aci.SubnetOrNullAsync().ConfigureAwait(false))!;
            Nsg? nsg = await aci.NsgAsync().ConfigureAwait(false);
            if (nsg == null)
            {
                return Check.Passed(check, Category, aci.Id,
                    "No NSG on the ACI subnet: outbound 443 and 445 are open.", "networkSecurityGroup: none");
            }
            string prefix = SubnetView.Prefix(subnet);
            var source = NsgEndpoint.Subnet("ACI subnet " + prefix, prefix);
            var registry = NsgEndpoint.Public("Internet (container registry)", ctx.Location,
                "AzureCloud", "MicrosoftContainerRegistry", "AzureFrontDoor.FirstParty");
            var files = NsgEndpoint.Public("Azure Files (Storage)", ctx.Location, "AzureCloud", "Storage");
            var flows = new[]
            {
                (Port: 443, Dest: registry, Tag: "Internet", Why: "image pull"),
                (Port: 445, Dest: files, Tag: "Storage", Why: "Azure Files share"),
            };
            var results = flows.Select(f => (f, Verdict: NsgEvaluator.Evaluate(nsg.Json, "Outbound", source, f.Dest, f.Port))).ToList();
            var blocked = results.Where(x => !x.Verdict.Allowed).ToList();
            string[] evidence = results.Select(x => x.Verdict.Evidence).ToArray();
            if (blocked.Count == 0) return Check.Passed(check, Category, aci.Id, "The ACI subnet's NSG allows outbound TCP 443 and 445.", evidence);
            var first = blocked[0];
            return Check.Failed(check, Category, aci.Id,
                $"The ACI subnet's NSG blocks outbound TCP {string.Join(" and ", blocked.Select(b => $"{b.f.Port} ({b.f.Why})"))}.",
                RuleFix(aci, nsg, first.Verdict, $"AllowAibOutbound{first.f.Port}", "Outbound",
                    "VirtualNetwork", first.f.Tag, first.f.Port.ToString()),
                evidence);
        }

        private async Task<PrerequisiteResult> AciOutboundPathAsync(SubnetView aci)
        {
            const string check = CheckNames.Subnet.AciOutboundPath;
            JsonNode subnet = (await aci.SubnetOrNullAsync().ConfigureAwait(false))!;
            string? nat = subnet.Str("properties", "natGateway", "id");
            if (nat != null)
            {
                return Check.Passed(check, Category, aci.Id, "The ACI subnet has a NAT gateway for outbound traffic.", "natGateway: " + nat);
            }
            if (subnet.Bool("properties", "defaultOutboundAccess") == false)
            {
                return Check.Failed(check, Category, aci.Id,
                    "The ACI subnet is private (no default outbound access) and has no NAT gateway: "
                    + "the ACI cannot pull its image or mount the share.",
                    SubnetFixes.AttachNatGateway.Fill(aci.Slots()), "defaultOutboundAccess: false", "natGateway: none");
            }
            return Check.Passed(check, Category, aci.Id, "The ACI subnet has default outbound access (ACI recommends a NAT gateway).",
                DefaultOutboundEvidence(subnet));
        }

        /// <summary>Packer in the ACI reaches the build VM over SSH (22, Linux) or WinRM over HTTPS (5986, Windows).</summary>
        private async Task<PrerequisiteResult> AciToBuildAsync(CheckContext ctx, SubnetView build, SubnetView aci, bool applicable)
        {
            const string check = CheckNames.Subnet.AciToBuildSubnet;
            if (!applicable)
            {
                return Check.Skipped(check, Category, aci.Id,
                    "Not checked: the two subnets are not distinct subnets of one VNet "
                    + $"(see {CheckNames.Subnet.Distinct} / {CheckNames.Subnet.SameVnet}).");
            }
            string aciPrefix = SubnetView.Prefix((await aci.SubnetOrNullAsync().ConfigureAwait(false))!);
            string buildPrefix = SubnetView.Prefix((await build.SubnetOrNullAsync().ConfigureAwait(false))!);
            var from = NsgEndpoint.Subnet("ACI subnet " + aciPrefix, aciPrefix);
            var to = NsgEndpoint.Subnet("build subnet " + buildPrefix, buildPrefix);
            int[] ports = ctx.Request.IsWindows switch
            {
                true => new[] { 5986 },
                false => new[] { 22 },
                null => new[] { 22, 5986 },
            };
            Nsg? aciNsg = await aci.NsgAsync().ConfigureAwait(false);
            Nsg? buildNsg = await build.NsgAsync().ConfigureAwait(false);
            var hops = new[] { (Nsg: aciNsg, Direction: "Outbound", Owner: aci), (Nsg: buildNsg, Direction: "Inbound", Owner: build) };
            var evidence = new List<string>();
            foreach (int port in ports)
            {
                foreach ((Nsg? nsg, string direction, SubnetView owner) in hops)
                {
                    if (nsg == null)
                    {
                        evidence.Add($"{direction} {port}: no NSG on {owner.Name}");
                        continue;
                    }
                    NsgVerdict v = NsgEvaluator.Evaluate(nsg.Json, direction, from, to, port);
                    evidence.Add(v.Evidence);
                    if (!v.Allowed)
                    {
                        return Check.Failed(check, Category, owner.Id,
                            $"TCP {port} from the ACI subnet to the build subnet is blocked ({direction.ToLowerInvariant()} on {owner.Name}); "
                            + "Packer cannot reach the build VM.",
                            RuleFix(owner, nsg, v, $"AllowAib{port}{direction}", direction, from.Prefix!, to.Prefix!, port.ToString()),
                            evidence.ToArray());
                    }
                }
            }
            return Check.Passed(check, Category, aci.Id,
                $"The ACI subnet reaches the build subnet on TCP {string.Join(" and ", ports)}.", evidence.ToArray());
        }

        private static string RuleFix(SubnetView owner, Nsg nsg, NsgVerdict blocking, string ruleName, string direction,
            string source, string destination, string ports)
        {
            int priority = Math.Max(100, Math.Min(4096, blocking.Priority - 1));
            string fix = SubnetFixes.AllowNsgRule.Fill(
                ("nsgRg", ArmId.ResourceGroupOf(nsg.Id) ?? owner.ResourceGroup),
                ("nsg", nsg.Json.Str("name") ?? ArmId.NameOf(nsg.Id)),
                ("rule", ruleName),
                ("priority", priority.ToString(CultureInfo.InvariantCulture)),
                ("direction", direction),
                ("source", source),
                ("destination", destination),
                ("ports", ports));
            bool noRoomAbove = blocking.RuleName != null && blocking.Priority <= 100;
            return noRoomAbove ? fix + SubnetFixes.BlockingRuleNote(blocking.RuleName!, blocking.Priority) : fix;
        }

        private static string CreateSubnetFix(SubnetView near, bool delegated, string? newName = null)
            => (delegated ? SubnetFixes.CreateAciSubnet : SubnetFixes.CreateSubnet)
                .Fill(("rg", near.ResourceGroup), ("vnet", near.VnetName), ("name", newName ?? near.Name));

        private static string DefaultOutboundEvidence(JsonNode subnet)
            => "defaultOutboundAccess: " + (subnet.Str("properties", "defaultOutboundAccess") ?? "not set (default outbound)");

        /// <summary>A network security group as read: its id (from the subnet) and its resource.</summary>
        private sealed class Nsg
        {
            public Nsg(string id, JsonNode json)
            {
                Id = id;
                Json = json;
            }

            public string Id { get; }
            public JsonNode Json { get; }
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

            /// <summary>The remediation slots that name this subnet: rg, vnet, subnet (and any extra).</summary>
            public (string, string)[] Slots(params (string, string)[] extra)
                => new[] { ("rg", ResourceGroup), ("vnet", VnetName), ("subnet", Name) }.Concat(extra).ToArray();

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

            /// <summary>The NSG attached to the subnet, with the id it was read from; null when there is none.</summary>
            public async Task<Nsg?> NsgAsync()
            {
                JsonNode? subnet = await SubnetOrNullAsync().ConfigureAwait(false);
                string? id = subnet.Str("properties", "networkSecurityGroup", "id");
                if (id == null) return null;
                JsonNode? json = (await _ctx.Network(id).ConfigureAwait(false)).Json;
                return json == null ? null : new Nsg(id, json);
            }

            public static string Prefix(JsonNode subnet)
                => subnet.Str("properties", "addressPrefix") ?? subnet.Strings("properties", "addressPrefixes").FirstOrDefault() ?? "(no prefix)";
        }
    }
}
