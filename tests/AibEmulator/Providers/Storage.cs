using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.Providers;

/// <summary>Microsoft.Storage storageAccounts (GET, list, listKeys). Each account is an Azurite account:
/// primaryEndpoints.blob points at Azurite and listKeys returns that account's Azurite key.</summary>
public static class Storage
{
    public const string Type = "Microsoft.Storage/storageAccounts";

    public static void Map(WebApplication app, EmulatorState state)
    {
        Paging.MapLists(app, state, Type, "StorageAccounts_List", "StorageAccounts_ListByResourceGroup");
        app.MapGet("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}", (HttpContext ctx, string sub, string rg, string name) =>
            ArmReply.Json(ctx, 200, state.RequireResource(sub, rg, ArmShapes.Id(sub, rg, Type, name), Type, name))).WithName("StorageAccounts_GetProperties");
        app.MapPost("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}/listKeys", (HttpContext ctx, string sub, string rg, string name) =>
        {
            state.RequireResource(sub, rg, ArmShapes.Id(sub, rg, Type, name), Type, name);
            var key = state.Azurite.KeyOf(name);
            return ArmReply.Json(ctx, 200, new JsonObject
            {
                ["keys"] = new JsonArray(
                    new JsonObject { ["keyName"] = "key1", ["permissions"] = "FULL", ["value"] = key, ["creationTime"] = DateTime.UtcNow.ToString("o") },
                    new JsonObject { ["keyName"] = "key2", ["permissions"] = "FULL", ["value"] = key, ["creationTime"] = DateTime.UtcNow.ToString("o") }),
            });
        }).WithName("StorageAccounts_ListKeys");
    }

    /// <summary>The staging account as AIB creates it (StorageV2, Standard_LRS, no firewall).</summary>
    public static JsonObject NewAccount(EmulatorState state, string resourceGroup, string name, JsonObject? tags)
    {
        var account = ArmShapes.Tracked(ArmShapes.Id(state.SubscriptionId, resourceGroup, Type, name), Type, state.Location, tags ?? new JsonObject(), new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["creationTime"] = DateTime.UtcNow.ToString("o"),
            ["primaryLocation"] = state.Location,
            ["statusOfPrimary"] = "available",
            ["supportsHttpsTrafficOnly"] = true,
            ["minimumTlsVersion"] = "TLS1_2",
            ["allowBlobPublicAccess"] = false,
            ["networkAcls"] = new JsonObject { ["bypass"] = "AzureServices", ["defaultAction"] = "Allow", ["ipRules"] = new JsonArray(), ["virtualNetworkRules"] = new JsonArray() },
            ["isHnsEnabled"] = false,
            ["keyCreationTime"] = new JsonObject { ["key1"] = DateTime.UtcNow.ToString("o"), ["key2"] = DateTime.UtcNow.ToString("o") },
            ["encryption"] = new JsonObject
            {
                ["keySource"] = "Microsoft.Storage",
                ["services"] = new JsonObject
                {
                    ["blob"] = new JsonObject { ["enabled"] = true, ["keyType"] = "Account", ["lastEnabledTime"] = DateTime.UtcNow.ToString("o") },
                    ["file"] = new JsonObject { ["enabled"] = true, ["keyType"] = "Account", ["lastEnabledTime"] = DateTime.UtcNow.ToString("o") },
                },
            },
            ["primaryEndpoints"] = new JsonObject
            {
                ["blob"] = state.Azurite.BlobEndpointOf(name),
                ["file"] = $"https://{name}.file.core.windows.net/",
            },
        });
        account["kind"] = "StorageV2";
        account["sku"] = new JsonObject { ["name"] = "Standard_LRS", ["tier"] = "Standard" };
        return account;
    }
}
