using System.Text.Json.Nodes;
using AibEmulator.Arm;

namespace AibEmulator.Providers;

/// <summary>GET /metadata/endpoints: how Az PowerShell, az CLI and Azure Stack-style clients discover a custom
/// ARM endpoint's sign-in audience. Public (no token), like ARM's. 2015-01-01 has the Azure Stack shape;
/// later versions the list-of-clouds shape.</summary>
public static class Metadata
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/metadata/endpoints", (HttpContext ctx) =>
        {
            var arm = Paging.BaseUrl(ctx) + "/";
            var version = ctx.Request.Query["api-version"].ToString();
            if (version is "" or "2015-01-01")
                return ArmReply.Json(ctx, 200, new JsonObject
                {
                    ["galleryEndpoint"] = arm,
                    ["graphEndpoint"] = "https://graph.windows.net/",
                    ["portalEndpoint"] = "https://portal.azure.com/",
                    ["authentication"] = new JsonObject
                    {
                        ["loginEndpoint"] = "https://login.microsoftonline.com/",
                        ["audiences"] = new JsonArray("https://management.core.windows.net/", "https://management.azure.com/"),
                    },
                });
            return ArmReply.Json(ctx, 200, new JsonArray(new JsonObject
            {
                ["name"] = "AibEmulator",
                ["resourceManager"] = arm,
                ["portal"] = "https://portal.azure.com",
                ["authentication"] = new JsonObject
                {
                    ["loginEndpoint"] = "https://login.microsoftonline.com",
                    ["audiences"] = new JsonArray("https://management.core.windows.net/", "https://management.azure.com/"),
                    ["tenant"] = "common",
                    ["identityProvider"] = "AAD",
                },
                ["suffixes"] = new JsonObject { ["storage"] = "core.windows.net", ["keyVaultDns"] = "vault.azure.net" },
            }));
        });
    }
}
