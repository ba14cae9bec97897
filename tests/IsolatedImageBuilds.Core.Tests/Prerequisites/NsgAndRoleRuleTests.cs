using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Prerequisites;

namespace IsolatedImageBuilds.Core.Tests.Prerequisites;

public class NsgAndRoleRuleTests
{
    private static readonly NsgEndpoint Aci = NsgEndpoint.Subnet("aci", "10.0.2.0/28");
    private static readonly NsgEndpoint Build = NsgEndpoint.Subnet("build", "10.0.1.0/24");
    private static readonly NsgEndpoint Files = NsgEndpoint.Public("files", "West Europe", "AzureCloud", "Storage");

    private static JsonObject Nsg(params JsonObject[] rules) => FakeSubscription.Nsg("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n", rules);

    private static JsonObject Rule(string name, int priority, string direction, string access, string source, string destination, string ports, string protocol = "Tcp")
        => FakeSubscription.SecurityRule(name, priority, direction, access, source, destination, ports, protocol);

    [Fact]
    public void Lower_priority_number_wins()
    {
        var nsg = Nsg(Rule("allow", 200, "Outbound", "Allow", "*", "Storage", "445"), Rule("deny", 100, "Outbound", "Deny", "*", "Internet", "*", "*"));
        NsgVerdict v = NsgEvaluator.Evaluate(nsg, "Outbound", Aci, Files, 445);
        Assert.False(v.Allowed);
        Assert.Equal("deny", v.RuleName);

        nsg = Nsg(Rule("allow", 100, "Outbound", "Allow", "*", "Storage.WestEurope", "445"), Rule("deny", 200, "Outbound", "Deny", "*", "Internet", "*", "*"));
        Assert.True(NsgEvaluator.Evaluate(nsg, "Outbound", Aci, Files, 445).Allowed);
    }

    [Fact]
    public void Regional_tag_for_another_region_does_not_match()
    {
        var nsg = Nsg(Rule("allow", 100, "Outbound", "Allow", "*", "Storage.EastUS", "445"), Rule("deny", 200, "Outbound", "Deny", "*", "*", "*", "*"));
        Assert.False(NsgEvaluator.Evaluate(nsg, "Outbound", Aci, Files, 445).Allowed);
    }

    [Theory]
    [InlineData("60000-60001", 60000, true)]
    [InlineData("60000-60001", 60001, true)]
    [InlineData("60000", 60001, false)]
    [InlineData("*", 60001, true)]
    public void Port_ranges(string ports, int port, bool denied)
    {
        var nsg = Nsg(Rule("deny", 100, "Inbound", "Deny", "*", "*", ports));
        Assert.Equal(!denied, NsgEvaluator.Evaluate(nsg, "Inbound", NsgEndpoint.LoadBalancer(), Build, port).Allowed);
    }

    [Fact]
    public void Port_and_address_arrays_and_protocols()
    {
        var rule = Rule("deny", 100, "Inbound", "Deny", "*", "*", "1");
        rule["properties"]!.AsObject().Remove("destinationPortRange");
        rule["properties"]!.AsObject().Remove("sourceAddressPrefix");
        rule["properties"]!["destinationPortRanges"] = new JsonArray("21", "22");
        rule["properties"]!["sourceAddressPrefixes"] = new JsonArray("192.168.0.0/16", "10.0.2.0/24");
        JsonObject nsg = Nsg(rule);
        Assert.False(NsgEvaluator.Evaluate(nsg, "Inbound", Aci, Build, 22).Allowed);
        Assert.True(NsgEvaluator.Evaluate(nsg, "Inbound", Aci, Build, 5986).Allowed);
        // UDP rules do not touch a TCP flow.
        Assert.True(NsgEvaluator.Evaluate(Nsg(Rule("udp", 100, "Inbound", "Deny", "*", "*", "22", "Udp")), "Inbound", Aci, Build, 22).Allowed);
    }

    [Fact]
    public void Allow_must_cover_the_whole_source_but_a_partial_deny_blocks()
    {
        // Allow only half of the ACI subnet, then the default deny: not enough.
        var nsg = Nsg(Rule("half", 100, "Inbound", "Allow", "10.0.2.0/29", "*", "22"), Rule("deny", 200, "Inbound", "Deny", "*", "*", "*", "*"));
        Assert.False(NsgEvaluator.Evaluate(nsg, "Inbound", Aci, Build, 22).Allowed);
        // Deny one address of it: blocks.
        nsg = Nsg(Rule("one", 100, "Inbound", "Deny", "10.0.2.4", "*", "22"));
        Assert.False(NsgEvaluator.Evaluate(nsg, "Inbound", Aci, Build, 22).Allowed);
    }

    [Fact]
    public void Default_rules_apply_when_the_answer_has_none()
    {
        var nsg = new JsonObject { ["name"] = "bare", ["properties"] = new JsonObject { ["securityRules"] = new JsonArray() } };
        Assert.True(NsgEvaluator.Evaluate(nsg, "Inbound", Aci, Build, 22).Allowed);               // AllowVnetInBound
        Assert.True(NsgEvaluator.Evaluate(nsg, "Outbound", Aci, Files, 445).Allowed);              // AllowInternetOutBound
        NsgVerdict fromInternet = NsgEvaluator.Evaluate(nsg, "Inbound", Files, Build, 22);
        Assert.False(fromInternet.Allowed);
        Assert.Equal("DenyAllInBound", fromInternet.RuleName);
    }

    [Theory]
    [InlineData("*", "Microsoft.Network/virtualNetworks/subnets/join/action", true)]
    [InlineData("Microsoft.Network/*", "Microsoft.Network/virtualNetworks/subnets/join/action", true)]
    [InlineData("Microsoft.Compute/*", "Microsoft.Network/virtualNetworks/subnets/join/action", false)]
    [InlineData("*/read", "Microsoft.Compute/images/read", true)]
    [InlineData("*/read", "Microsoft.Compute/images/write", false)]
    [InlineData("Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action", "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action", true)]
    [InlineData("microsoft.compute/images/READ", "Microsoft.Compute/images/read", true)]
    public void Action_wildcards(string pattern, string action, bool matches)
        => Assert.Equal(matches, RoleEvaluator.RoleDefinition.Wildcard(pattern).IsMatch(action));

    [Fact]
    public void Not_actions_subtract_within_the_role()
    {
        var contributor = new RoleEvaluator.RoleDefinition(JsonNode.Parse("""
            {"properties":{"roleName":"Contributor","permissions":[{"actions":["*"],"notActions":["Microsoft.Authorization/*/Write","Microsoft.Authorization/*/Delete"]}]}}
            """));
        Assert.True(contributor.Allows("Microsoft.ContainerInstance/containerGroups/write"));
        Assert.False(contributor.Allows("Microsoft.Authorization/roleAssignments/write"));
        Assert.Equal("Contributor", contributor.Name);
    }

    [Theory]
    [InlineData("/subscriptions/s", "/subscriptions/s/resourceGroups/rg/providers/x/y/z", true)]
    [InlineData("/subscriptions/s/resourceGroups/rg", "/subscriptions/s/resourceGroups/RG/providers/x/y/z", true)]
    [InlineData("/subscriptions/s/resourceGroups/rg", "/subscriptions/s/resourceGroups/rg2", false)]
    [InlineData("/providers/Microsoft.Management/managementGroups/root", "/subscriptions/s/resourceGroups/rg", true)]
    [InlineData("/", "/subscriptions/s", true)]
    public void Assignment_scope_covers_descendants(string scope, string target, bool covers) => Assert.Equal(covers, ArmId.Covers(scope, target));
}
