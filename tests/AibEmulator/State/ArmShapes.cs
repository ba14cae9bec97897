using System.Text.Json.Nodes;

namespace AibEmulator.State;

/// <summary>Builds resources in the JSON shapes of the reference examples (tests/reference/rest).</summary>
public static class ArmShapes
{
    public static string Id(string subscriptionId, string resourceGroup, string type, string name) =>
        $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/{type}/{name}";

    /// <summary>A scenario reference: a full id, or a name in the given group.</summary>
    public static string Ref(string subscriptionId, string resourceGroup, string type, string nameOrId) =>
        nameOrId.StartsWith('/') ? nameOrId : Id(subscriptionId, resourceGroup, type, nameOrId);

    public static JsonObject Tracked(string id, string type, string location, JsonObject? tags = null, JsonObject? properties = null)
    {
        var r = new JsonObject
        {
            ["id"] = id,
            ["name"] = id[(id.LastIndexOf('/') + 1)..],
            ["type"] = type,
            ["location"] = location,
        };
        if (tags is not null) r["tags"] = tags.DeepClone();
        r["properties"] = properties ?? new JsonObject();
        return r;
    }

    public static JsonObject ResourceGroup(string subscriptionId, string name, string location, JsonObject? tags) => new()
    {
        ["id"] = $"/subscriptions/{subscriptionId}/resourceGroups/{name}",
        ["name"] = name,
        ["type"] = "Microsoft.Resources/resourceGroups",
        ["location"] = location,
        ["tags"] = tags?.DeepClone() ?? new JsonObject(),
        ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
    };

    public static JsonObject SecurityRule(string nsgId, JsonObject rule)
    {
        var name = (string)rule["name"]!;
        var props = new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["protocol"] = (string?)rule["protocol"] ?? "*",
            ["sourcePortRange"] = (string?)rule["sourcePortRange"] ?? "*",
            ["destinationPortRange"] = (string?)rule["destinationPortRange"] ?? "*",
            ["sourceAddressPrefix"] = (string?)rule["sourceAddressPrefix"] ?? "*",
            ["destinationAddressPrefix"] = (string?)rule["destinationAddressPrefix"] ?? "*",
            ["access"] = (string?)rule["access"] ?? "Allow",
            ["priority"] = (int?)rule["priority"] ?? 100,
            ["direction"] = (string?)rule["direction"] ?? "Inbound",
        };
        if (rule["destinationPortRanges"] is JsonArray ranges) props["destinationPortRanges"] = ranges.DeepClone();
        return new JsonObject { ["name"] = name, ["id"] = $"{nsgId}/securityRules/{name}", ["properties"] = props };
    }

    public static JsonArray DefaultSecurityRules(string nsgId)
    {
        (string Name, string Dir, string Src, string Dst, string Access, int Priority)[] rules =
        [
            ("AllowVnetInBound", "Inbound", "VirtualNetwork", "VirtualNetwork", "Allow", 65000),
            ("AllowAzureLoadBalancerInBound", "Inbound", "AzureLoadBalancer", "*", "Allow", 65001),
            ("DenyAllInBound", "Inbound", "*", "*", "Deny", 65500),
            ("AllowVnetOutBound", "Outbound", "VirtualNetwork", "VirtualNetwork", "Allow", 65000),
            ("AllowInternetOutBound", "Outbound", "*", "Internet", "Allow", 65001),
            ("DenyAllOutBound", "Outbound", "*", "*", "Deny", 65500),
        ];
        var array = new JsonArray();
        foreach (var r in rules)
        {
            var rule = SecurityRule(nsgId, new JsonObject
            {
                ["name"] = r.Name,
                ["direction"] = r.Dir,
                ["sourceAddressPrefix"] = r.Src,
                ["destinationAddressPrefix"] = r.Dst,
                ["access"] = r.Access,
                ["priority"] = r.Priority,
            });
            rule["id"] = $"{nsgId}/defaultSecurityRules/{r.Name}";
            rule["properties"]!["description"] = r.Name;
            array.Add(rule);
        }
        return array;
    }

    /// <summary>A subnet as GET .../subnets/{name} returns it (also embedded in its VNet).</summary>
    public static JsonObject Subnet(string vnetId, JsonObject spec, string subscriptionId, string resourceGroup)
    {
        var name = (string)spec["name"]!;
        var id = $"{vnetId}/subnets/{name}";
        var props = new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["addressPrefix"] = (string?)spec["addressPrefix"] ?? "10.0.0.0/24",
            ["privateEndpointNetworkPolicies"] = (string?)spec["privateEndpointNetworkPolicies"] ?? "Disabled",
            ["privateLinkServiceNetworkPolicies"] = (string?)spec["privateLinkServiceNetworkPolicies"] ?? "Enabled",
        };
        if (spec["networkSecurityGroup"] is JsonValue nsg)
            props["networkSecurityGroup"] = new JsonObject { ["id"] = Ref(subscriptionId, resourceGroup, "Microsoft.Network/networkSecurityGroups", (string)nsg!) };
        if (spec["natGateway"] is JsonValue nat)
            props["natGateway"] = new JsonObject { ["id"] = Ref(subscriptionId, resourceGroup, "Microsoft.Network/natGateways", (string)nat!) };
        if (spec["defaultOutboundAccess"] is JsonValue outbound) props["defaultOutboundAccess"] = (bool)outbound;
        var delegations = new JsonArray();
        foreach (var service in spec["delegations"]?.AsArray() ?? new JsonArray())
        {
            var serviceName = (string)service!;
            var dname = serviceName.Replace('/', '.');
            delegations.Add(new JsonObject
            {
                ["name"] = dname,
                ["id"] = $"{id}/delegations/{dname}",
                ["type"] = "Microsoft.Network/virtualNetworks/subnets/delegations",
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["serviceName"] = serviceName,
                    ["actions"] = new JsonArray("Microsoft.Network/virtualNetworks/subnets/action"),
                },
            });
        }
        props["delegations"] = delegations;
        if (spec["ipConfigurations"] is JsonArray ipConfigs && ipConfigs.Count > 0)
            props["ipConfigurations"] = new JsonArray(ipConfigs.Select(c => (JsonNode)new JsonObject { ["id"] = (string)c! }).ToArray());
        if (spec["serviceEndpoints"] is JsonArray endpoints)
            props["serviceEndpoints"] = new JsonArray(endpoints.Select(e => (JsonNode)new JsonObject
            { ["provisioningState"] = "Succeeded", ["service"] = (string)e!, ["locations"] = new JsonArray("*") }).ToArray());
        props["purpose"] = "";
        return new JsonObject
        {
            ["name"] = name,
            ["id"] = id,
            ["etag"] = $"W/\"{Guid.NewGuid()}\"",
            ["type"] = "Microsoft.Network/virtualNetworks/subnets",
            ["properties"] = props,
        };
    }
}
