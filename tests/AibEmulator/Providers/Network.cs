using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.Providers;

/// <summary>Microsoft.Network reads: virtual networks (with their subnets), subnets, NSGs, NAT gateways,
/// and the generic GET of the temporary network resources a build creates in its staging group.</summary>
public static class Network
{
    private const string VnetType = "Microsoft.Network/virtualNetworks";
    private const string SubnetType = "Microsoft.Network/virtualNetworks/subnets";
    private const string Rg = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network";

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/subscriptions/{sub}/providers/Microsoft.Network/virtualNetworks", (HttpContext ctx, string sub) =>
        {
            state.RequireSubscription(sub);
            return Paging.Write(ctx, state, state.Store.OfType(VnetType, state.SubscriptionScope + "/").Select(v => WithSubnets(state, v)).ToList());
        }).WithName("VirtualNetworks_ListAll");
        app.MapGet(Rg + "/virtualNetworks", (HttpContext ctx, string sub, string rg) =>
        {
            state.RequireResourceGroup(sub, rg);
            return Paging.Write(ctx, state, state.Store.OfType(VnetType, state.ResourceGroupId(rg) + "/").Select(v => WithSubnets(state, v)).ToList());
        }).WithName("VirtualNetworks_List");
        app.MapGet(Rg + "/virtualNetworks/{vnet}", (HttpContext ctx, string sub, string rg, string vnet) =>
        {
            var id = ArmShapes.Id(sub, rg, VnetType, vnet);
            return ArmReply.Json(ctx, 200, WithSubnets(state, state.RequireResource(sub, rg, id, VnetType, vnet)));
        }).WithName("VirtualNetworks_Get");
        app.MapGet(Rg + "/virtualNetworks/{vnet}/subnets", (HttpContext ctx, string sub, string rg, string vnet) =>
        {
            var id = ArmShapes.Id(sub, rg, VnetType, vnet);
            state.RequireResource(sub, rg, id, VnetType, vnet);
            return Paging.Write(ctx, state, state.Store.OfType(SubnetType, id + "/"));
        }).WithName("Subnets_List");
        app.MapGet(Rg + "/virtualNetworks/{vnet}/subnets/{subnet}", (HttpContext ctx, string sub, string rg, string vnet, string subnet) =>
        {
            var vnetId = ArmShapes.Id(sub, rg, VnetType, vnet);
            state.RequireResource(sub, rg, vnetId, VnetType, vnet);
            var found = state.Store.Get($"{vnetId}/subnets/{subnet}") ?? throw new ArmException(System.Net.HttpStatusCode.NotFound, "NotFound",
                $"Resource {vnetId}/subnets/{subnet} not found.");
            return ArmReply.Json(ctx, 200, found);
        }).WithName("Subnets_Get");
        foreach (var type in new[] { "networkSecurityGroups", "natGateways", "networkInterfaces", "privateEndpoints", "privateLinkServices", "loadBalancers", "publicIPAddresses" })
        {
            var full = "Microsoft.Network/" + type;
            var operationGroup = char.ToUpperInvariant(type[0]) + type[1..]; // natGateways → NatGateways_List, NatGateways_Get
            app.MapGet($"{Rg}/{type}", (HttpContext ctx, string sub, string rg) =>
            {
                state.RequireResourceGroup(sub, rg);
                return Paging.Write(ctx, state, state.Store.OfType(full, state.ResourceGroupId(rg) + "/"));
            }).WithName(operationGroup + "_List");
            app.MapGet($"{Rg}/{type}/{{name}}", (HttpContext ctx, string sub, string rg, string name) =>
                ArmReply.Json(ctx, 200, state.RequireResource(sub, rg, ArmShapes.Id(sub, rg, full, name), full, name))).WithName(operationGroup + "_Get");
        }
    }

    /// <summary>A VNet as GET returns it: its subnets embedded in properties.subnets.</summary>
    public static JsonObject WithSubnets(EmulatorState state, JsonObject vnet)
    {
        var subnets = state.Store.OfType(SubnetType, (string)vnet["id"]! + "/");
        foreach (var s in subnets) s.Remove("type");
        vnet["properties"]!["subnets"] = new JsonArray(subnets.Select(s => (JsonNode)s).ToArray());
        return vnet;
    }

    /// <summary>NSGs list the subnets that use them (properties.subnets), as Azure reports.</summary>
    public static void LinkNsgsToSubnets(EmulatorState state)
    {
        var subnets = state.Store.OfType(SubnetType);
        foreach (var nsg in state.Store.OfType("Microsoft.Network/networkSecurityGroups"))
        {
            var users = subnets.Where(s => ArmPath.Is((string?)s["properties"]?["networkSecurityGroup"]?["id"] ?? "", (string)nsg["id"]!))
                .Select(s => (JsonNode)new JsonObject { ["id"] = s["id"]!.DeepClone() }).ToArray();
            state.Store.Update((string)nsg["id"]!, n => n["properties"]!["subnets"] = new JsonArray(users));
        }
    }
}
