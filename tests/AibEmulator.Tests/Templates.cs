using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>Template bodies for the scenario in use, per topology, and create/run helpers.</summary>
public static class Templates
{
    public const string V2024 = "2024-02-01";
    public const string V2025 = "2025-10-01";

    public static JsonObject Body(Arm arm, string topology, Action<JsonObject>? change = null)
    {
        var e = arm.Endpoint;
        var vnet = new JsonObject();
        if (topology != "NoSubnet") vnet["subnetId"] = (string)e["buildSubnetId"]!;
        if (topology == "BuildAndAciSubnets") vnet["containerInstanceSubnetId"] = (string)e["containerInstanceSubnetId"]!;
        var body = new JsonObject
        {
            ["location"] = (string)e["location"]!,
            ["tags"] = new JsonObject { ["purpose"] = "test" },
            ["identity"] = new JsonObject
            {
                ["type"] = "UserAssigned",
                ["userAssignedIdentities"] = new JsonObject { [(string)e["userAssignedIdentityId"]!] = new JsonObject() },
            },
            ["properties"] = new JsonObject
            {
                ["source"] = new JsonObject { ["type"] = "PlatformImage", ["publisher"] = "Canonical", ["offer"] = "0001-com-ubuntu-server-jammy", ["sku"] = "22_04-lts-gen2", ["version"] = "latest" },
                ["customize"] = new JsonArray(
                    new JsonObject { ["type"] = "Shell", ["name"] = "update", ["inline"] = new JsonArray("sudo apt-get update -y") },
                    new JsonObject { ["type"] = "Shell", ["name"] = "install", ["inline"] = new JsonArray("sudo apt-get install -y nginx") }),
                ["distribute"] = new JsonArray(new JsonObject
                {
                    ["type"] = "ManagedImage",
                    ["runOutputName"] = "managed",
                    ["imageId"] = $"/subscriptions/{arm.Sub}/resourceGroups/rg-aib-images/providers/Microsoft.Compute/images/img-{Guid.NewGuid():N}",
                    ["location"] = (string)e["location"]!,
                }),
                ["buildTimeoutInMinutes"] = 60,
                ["vmProfile"] = new JsonObject { ["vmSize"] = "Standard_D2ds_v4", ["osDiskSizeGB"] = 64, ["vnetConfig"] = vnet },
            },
        };
        if (topology == "NoSubnet") body["properties"]!["vmProfile"]!.AsObject().Remove("vnetConfig");
        change?.Invoke(body);
        return body;
    }

    /// <summary>PUT, expect 201 + Azure-AsyncOperation, and wait for the creation operation.</summary>
    public static async Task<JsonObject> Create(Arm arm, string name, JsonObject body, string api = V2024, string rg = "rg-aib")
    {
        var put = await arm.Put($"{arm.Template(rg, name)}?api-version={api}", body);
        Assert.True(put.Code == 201, put.ToString());
        return await arm.WaitOperation(put.Header("Azure-AsyncOperation")!);
    }

    /// <summary>POST run (202 + Azure-AsyncOperation); returns the operation URL.</summary>
    public static async Task<string> Run(Arm arm, string name, string api = V2024, string rg = "rg-aib")
    {
        var run = await arm.Post($"{arm.Template(rg, name)}/run?api-version={api}");
        Assert.True(run.Code == 202, run.ToString());
        return run.Header("Azure-AsyncOperation")!;
    }

    public static async Task<JsonObject> Get(Arm arm, string name, string api = V2024, string rg = "rg-aib") =>
        (await arm.Get($"{arm.Template(rg, name)}?api-version={api}")).Body!.AsObject();

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
