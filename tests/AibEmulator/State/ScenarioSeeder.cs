using System.Text.Json.Nodes;
using AibEmulator.ImageBuilder;
using AibEmulator.Providers;

namespace AibEmulator.State;

/// <summary>Turns a scenario (see scenarios/README.md) into the resources of the emulated subscription.</summary>
public static class ScenarioSeeder
{
    public static void Seed(EmulatorState state)
    {
        var s = state.Scenario;
        var sub = state.SubscriptionId;
        var location = state.Location;

        foreach (var (ns, value) in s["providers"]?.AsObject() ?? new JsonObject())
            state.Providers[ns] = (string?)value ?? "NotRegistered";

        foreach (var (feature, value) in s["features"]?.AsObject() ?? new JsonObject())
            state.Features[feature] = (string?)value ?? "NotRegistered";

        foreach (var rg in Items(s, "resourceGroups"))
            state.Store.Put(ArmShapes.ResourceGroup(sub, (string)rg["name"]!, (string?)rg["location"] ?? location, rg["tags"] as JsonObject));

        foreach (var nat in Items(s, "natGateways"))
            state.Store.Put(ArmShapes.Tracked(ArmShapes.Id(sub, Rg(nat), "Microsoft.Network/natGateways", Name(nat)), "Microsoft.Network/natGateways",
                location, null, new JsonObject { ["provisioningState"] = "Succeeded", ["idleTimeoutInMinutes"] = 4 }));

        foreach (var nsg in Items(s, "networkSecurityGroups"))
        {
            var id = ArmShapes.Id(sub, Rg(nsg), "Microsoft.Network/networkSecurityGroups", Name(nsg));
            var rules = new JsonArray(Items(nsg, "securityRules").Select(r => (JsonNode)ArmShapes.SecurityRule(id, r)).ToArray());
            state.Store.Put(ArmShapes.Tracked(id, "Microsoft.Network/networkSecurityGroups", location, null, new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["securityRules"] = rules,
                ["defaultSecurityRules"] = ArmShapes.DefaultSecurityRules(id),
            }));
        }

        foreach (var vnet in Items(s, "virtualNetworks"))
        {
            var id = ArmShapes.Id(sub, Rg(vnet), "Microsoft.Network/virtualNetworks", Name(vnet));
            var props = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["addressSpace"] = new JsonObject { ["addressPrefixes"] = vnet["addressPrefixes"]?.DeepClone() ?? new JsonArray("10.0.0.0/16") },
                ["virtualNetworkPeerings"] = new JsonArray(),
                ["enableDdosProtection"] = vnet["ddosProtectionPlan"] is not null,
            };
            if (vnet["ddosProtectionPlan"] is JsonValue plan) props["ddosProtectionPlan"] = new JsonObject { ["id"] = (string)plan! };
            state.Store.Put(ArmShapes.Tracked(id, "Microsoft.Network/virtualNetworks", (string?)vnet["location"] ?? location, null, props));
            foreach (var subnet in Items(vnet, "subnets"))
                state.Store.Put(ArmShapes.Subnet(id, subnet, sub, Rg(vnet)));
        }
        Network.LinkNsgsToSubnets(state);

        foreach (var identity in Items(s, "identities"))
        {
            var id = ArmShapes.Id(sub, Rg(identity), "Microsoft.ManagedIdentity/userAssignedIdentities", Name(identity));
            state.Store.Put(ArmShapes.Tracked(id, "Microsoft.ManagedIdentity/userAssignedIdentities", location, new JsonObject(), new JsonObject
            {
                ["tenantId"] = state.TenantId,
                ["principalId"] = (string?)identity["principalId"] ?? Guid.NewGuid().ToString(),
                ["clientId"] = (string?)identity["clientId"] ?? Guid.NewGuid().ToString(),
            }));
        }

        foreach (var image in Items(s, "images"))
            state.Store.Put(ArmShapes.Tracked(ArmShapes.Id(sub, Rg(image), "Microsoft.Compute/images", Name(image)), "Microsoft.Compute/images",
                location, null, new JsonObject { ["provisioningState"] = "Succeeded", ["hyperVGeneration"] = "V2" }));
        foreach (var gallery in Items(s, "galleries"))
            Compute.SeedGallery(state, Rg(gallery), gallery);

        SeedRoles(state);
        Policy.PolicyStore.Seed(state);

        foreach (var template in Items(s, "imageTemplates"))
            ImageTemplates.Seed(state, Rg(template), Name(template), (string?)template["apiVersion"] ?? "2024-02-01", (JsonObject)template["body"]!);
    }

    private static void SeedRoles(EmulatorState state)
    {
        var sub = state.SubscriptionId;
        foreach (var (id, name, actions, notActions) in BuiltInRoles.All)
            state.Store.Put(BuiltInRoles.Definition(sub, id, name, "BuiltInRole", actions, notActions));
        foreach (var role in Items(state.Scenario, "roleDefinitions"))
        {
            var perms = role["permissions"]?.AsArray().FirstOrDefault() as JsonObject ?? new JsonObject();
            state.Store.Put(BuiltInRoles.Definition(sub, (string?)role["name"] ?? Guid.NewGuid().ToString(), (string)role["roleName"]!, "CustomRole",
                Strings(perms["actions"]), Strings(perms["notActions"]), (string?)role["description"]));
        }
        foreach (var assignment in Items(state.Scenario, "roleAssignments"))
            Authorization.Assign(state, (string)assignment["principal"]!, (string)assignment["role"]!, (string)assignment["scope"]!);
    }

    public static IEnumerable<JsonObject> Items(JsonObject parent, string key) =>
        parent[key]?.AsArray().OfType<JsonObject>() ?? [];

    public static IEnumerable<string> Strings(JsonNode? array) =>
        array?.AsArray().Select(x => (string)x!) ?? [];

    private static string Rg(JsonObject item) => (string)item["resourceGroup"]!;
    private static string Name(JsonObject item) => (string)item["name"]!;
}
