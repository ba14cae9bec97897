using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// One side of a flow as an NSG sees it: an address range inside a VNet (a subnet's prefix), or a
    /// public destination known only by the service tags that cover it (Internet, Storage…).
    /// </summary>
    internal sealed class NsgEndpoint
    {
        private NsgEndpoint(string label, string? prefix, bool inVnet, string? region, IEnumerable<string> tags)
        {
            Label = label;
            Prefix = prefix;
            InVnet = inVnet;
            Region = ArmLocation.Normalize(region);
            Tags = new HashSet<string>(tags, StringComparer.OrdinalIgnoreCase);
        }

        public string Label { get; }
        public string? Prefix { get; }
        public bool InVnet { get; }
        public string Region { get; }
        public HashSet<string> Tags { get; }

        public static NsgEndpoint Subnet(string label, string prefix, bool inVnet = true)
            => new NsgEndpoint(label, prefix, inVnet, null, Array.Empty<string>());

        /// <summary>A public Azure or internet address, covered by these service tags (regional forms like Storage.WestEurope match too).</summary>
        public static NsgEndpoint Public(string label, string region, params string[] tags)
            => new NsgEndpoint(label, null, false, region, tags.Concat(new[] { "Internet" }));

        /// <summary>The Azure load balancer's health probe / platform source.</summary>
        public static NsgEndpoint LoadBalancer()
            => new NsgEndpoint("AzureLoadBalancer", "168.63.129.16/32", false, null, new[] { "AzureLoadBalancer" });
    }

    internal sealed class NsgVerdict
    {
        public NsgVerdict(bool allowed, string evidence)
        {
            Allowed = allowed;
            Evidence = evidence;
        }

        public bool Allowed { get; }
        public string Evidence { get; }
        /// <summary>Priority of the deciding rule (for suggesting a rule that comes before it).</summary>
        public int Priority { get; set; }
        public string? RuleName { get; set; }
    }

    /// <summary>
    /// Evaluates an NSG the way Azure does for one TCP flow: rules by ascending priority, the first that
    /// matches decides, default rules last. Conservative on purpose: a Deny rule counts when it covers
    /// any part of the flow, an Allow rule only when it covers all of it (whole subnet, any source
    /// port). Rules on application security groups never match AIB's NICs and containers, so they are
    /// ignored.
    /// </summary>
    internal static class NsgEvaluator
    {
        public static NsgVerdict Evaluate(JsonNode? nsg, string direction, NsgEndpoint source, NsgEndpoint destination, int port)
        {
            string nsgName = nsg.Str("name") ?? "NSG";
            List<JsonNode> rules = nsg.Items("properties", "securityRules").ToList();
            List<JsonNode> defaults = nsg.Items("properties", "defaultSecurityRules").ToList();
            rules.AddRange(defaults.Count > 0 ? defaults : DefaultRules);
            foreach (JsonNode rule in rules
                .Where(r => string.Equals(r.Str("properties", "direction"), direction, StringComparison.OrdinalIgnoreCase))
                .OrderBy(r => r.Long("properties", "priority") ?? 65500))
            {
                JsonNode? p = rule.At("properties");
                bool deny = string.Equals(p.Str("access"), "Deny", StringComparison.OrdinalIgnoreCase);
                if (!Matches(p, deny, source, destination, port)) continue;
                int priority = (int)(p.Long("priority") ?? 65500);
                string name = rule.Str("name") ?? "(unnamed)";
                string text =
                    $"{nsgName} rule '{name}' (priority {priority}, {direction}, "
                        + $"{p.Str("access")}) decides TCP {port} from {source.Label} to {destination.Label}";
                return new NsgVerdict(!deny, text) { Priority = priority, RuleName = name };
            }
            return new NsgVerdict(false, $"{nsgName}: no rule matches TCP {port} from {source.Label} to {destination.Label}") { Priority = 65500 };
        }

        private static bool Matches(JsonNode? p, bool deny, NsgEndpoint source, NsgEndpoint destination, int port)
        {
            string protocol = p.Str("protocol") ?? "*";
            if (protocol != "*" && !protocol.Equals("Tcp", StringComparison.OrdinalIgnoreCase)
                && !protocol.Equals("Any", StringComparison.OrdinalIgnoreCase)) return false;
            if (!Ports(p, "destinationPortRange", "destinationPortRanges").Any(r => r.Lo <= port && port <= r.Hi)) return false;
            // Source ports are ephemeral: an Allow must admit all of them; a Deny on some of them blocks some connections.
            List<(int Lo, int Hi)> sourcePorts = Ports(p, "sourcePortRange", "sourcePortRanges").ToList();
            if (!deny && !sourcePorts.Any(r => r.Lo <= 1024 && r.Hi >= 65535)) return false;
            return Addresses(p, "sourceAddressPrefix", "sourceAddressPrefixes").Any(a => AddressMatches(a, source, deny))
                && Addresses(p, "destinationAddressPrefix", "destinationAddressPrefixes").Any(a => AddressMatches(a, destination, deny));
        }

        private static IEnumerable<(int Lo, int Hi)> Ports(JsonNode? p, string single, string plural)
        {
            var specs = p.Strings(plural).ToList();
            string? one = p.Str(single);
            if (!string.IsNullOrEmpty(one)) specs.Add(one!);
            foreach (string spec in specs)
            {
                string s = spec.Trim();
                if (s == "*") { yield return (0, 65535); continue; }
                int dash = s.IndexOf('-');
                if (dash > 0 && int.TryParse(s.Substring(0, dash), out int lo) && int.TryParse(s.Substring(dash + 1), out int hi))
                    yield return (lo, hi);
                else if (int.TryParse(s, out int single1)) yield return (single1, single1);
            }
        }

        private static IEnumerable<string> Addresses(JsonNode? p, string single, string plural)
        {
            foreach (string a in p.Strings(plural)) yield return a.Trim();
            string? one = p.Str(single);
            if (!string.IsNullOrEmpty(one)) yield return one!.Trim();
        }

        private static bool AddressMatches(string rule, NsgEndpoint endpoint, bool deny)
        {
            if (rule == "*" || rule.Equals("Any", StringComparison.OrdinalIgnoreCase) || rule.Equals("0.0.0.0/0", StringComparison.Ordinal))
                return true;
            if (Cidr.TryParse(rule, out Cidr ruleRange))
            {
                if (endpoint.Prefix == null || !Cidr.TryParse(endpoint.Prefix, out Cidr ep)) return false;
                return deny ? ruleRange.Overlaps(ep) : ruleRange.Contains(ep);
            }
            if (rule.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase)) return endpoint.InVnet;
            int dot = rule.IndexOf('.');
            string tag = dot > 0 ? rule.Substring(0, dot) : rule;
            string region = dot > 0 ? ArmLocation.Normalize(rule.Substring(dot + 1)) : string.Empty;
            return endpoint.Tags.Contains(tag) && (region.Length == 0 || region == endpoint.Region);
        }

        /// <summary>Azure's default rules, for answers that leave defaultSecurityRules out.</summary>
        private static readonly JsonNode[] DefaultRules =
        {
            Rule("AllowVnetInBound", 65000, "Inbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
            Rule("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow", "AzureLoadBalancer", "*"),
            Rule("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*"),
            Rule("AllowVnetOutBound", 65000, "Outbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
            Rule("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", "Internet"),
            Rule("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*"),
        };

        private static JsonNode Rule(string name, int priority, string direction, string access, string source, string destination)
            => new JsonObject
            {
                ["name"] = name,
                ["properties"] = new JsonObject
                {
                    ["protocol"] = "*",
                    ["sourcePortRange"] = "*",
                    ["destinationPortRange"] = "*",
                    ["sourceAddressPrefix"] = source,
                    ["destinationAddressPrefix"] = destination,
                    ["access"] = access,
                    ["priority"] = priority,
                    ["direction"] = direction,
                },
            };
    }

    /// <summary>An IPv4 prefix. (IPv6 is not supported by ACI subnets, so not needed here.)</summary>
    internal readonly struct Cidr
    {
        private Cidr(uint address, int length)
        {
            Length = length;
            Address = length == 0 ? 0 : address & (uint.MaxValue << (32 - length));
        }

        public uint Address { get; }
        public int Length { get; }

        /// <summary>Addresses in the prefix.</summary>
        public long Size => 1L << (32 - Length);

        public static bool TryParse(string text, out Cidr cidr)
        {
            cidr = default;
            string[] parts = text.Trim().Split('/');
            string[] octets = parts[0].Split('.');
            if (octets.Length != 4 || parts.Length > 2) return false;
            uint address = 0;
            foreach (string o in octets)
            {
                if (!byte.TryParse(o, out byte b)) return false;
                address = (address << 8) | b;
            }
            int length = 32;
            if (parts.Length == 2 && (!int.TryParse(parts[1], out length) || length < 0 || length > 32)) return false;
            cidr = new Cidr(address, length);
            return true;
        }

        public bool Contains(Cidr other) => other.Length >= Length && new Cidr(other.Address, Length).Address == Address;

        public bool Overlaps(Cidr other) => Contains(other) || other.Contains(this);
    }
}
