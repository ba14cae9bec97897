using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.Providers;

/// <summary>Microsoft.Compute reads: location usages (VM-family quota), images, galleries with their image
/// definitions and versions, and the build's VMs, disks and snapshots.</summary>
public static class Compute
{
    private const string Rg = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute";

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/subscriptions/{sub}/providers/Microsoft.Compute/locations/{location}/usages", (HttpContext ctx, string sub, string location) =>
        {
            state.RequireSubscription(sub);
            var usages = Builds.VmQuota.Usages(state, sub);
            return Paging.Write(ctx, state, usages);
        }).WithName("Usage_List");
        // Type → the operationId of its list in a resource group (virtualMachines' is plain "List" in ComputeRP).
        foreach (var (type, listOperation) in new[] { ("images", "Images_ListByResourceGroup"), ("virtualMachines", "VirtualMachines_List"),
            ("disks", "Disks_ListByResourceGroup"), ("snapshots", "Snapshots_ListByResourceGroup"), ("galleries", "Galleries_ListByResourceGroup") })
        {
            var full = "Microsoft.Compute/" + type;
            app.MapGet($"{Rg}/{type}", (HttpContext ctx, string sub, string rg) =>
            {
                state.RequireResourceGroup(sub, rg);
                return Paging.Write(ctx, state, state.Store.OfType(full, state.ResourceGroupId(rg) + "/"));
            }).WithName(listOperation);
            app.MapGet($"{Rg}/{type}/{{name}}", (HttpContext ctx, string sub, string rg, string name) =>
                ArmReply.Json(ctx, 200, state.RequireResource(sub, rg, ArmShapes.Id(sub, rg, full, name), full, name)))
                .WithName(listOperation[..listOperation.IndexOf('_')] + "_Get");
        }
        app.MapGet(Rg + "/galleries/{gallery}/images/{image}", (HttpContext ctx, string sub, string rg, string gallery, string image) =>
            ArmReply.Json(ctx, 200, state.RequireResource(sub, rg, $"{ArmShapes.Id(sub, rg, "Microsoft.Compute/galleries", gallery)}/images/{image}",
                "Microsoft.Compute/galleries/images", $"{gallery}/{image}"))).WithName("GalleryImages_Get");
        app.MapGet(Rg + "/galleries/{gallery}/images/{image}/versions", (HttpContext ctx, string sub, string rg, string gallery, string image) =>
        {
            var imageId = $"{ArmShapes.Id(sub, rg, "Microsoft.Compute/galleries", gallery)}/images/{image}";
            state.RequireResource(sub, rg, imageId, "Microsoft.Compute/galleries/images", $"{gallery}/{image}");
            return Paging.Write(ctx, state, state.Store.OfType("Microsoft.Compute/galleries/images/versions", imageId + "/"));
        }).WithName("GalleryImageVersions_ListByGalleryImage");
        app.MapGet(Rg + "/galleries/{gallery}/images/{image}/versions/{version}", (HttpContext ctx, string sub, string rg, string gallery, string image, string version) =>
            ArmReply.Json(ctx, 200, state.RequireResource(sub, rg, $"{ArmShapes.Id(sub, rg, "Microsoft.Compute/galleries", gallery)}/images/{image}/versions/{version}",
                "Microsoft.Compute/galleries/images/versions", $"{gallery}/{image}/{version}"))).WithName("GalleryImageVersions_Get");
    }

    /// <summary>Scenario: {"resourceGroup","name","images":[{"name","osType","hyperVGeneration","versions":["1.0.0"]}]}.</summary>
    public static void SeedGallery(EmulatorState state, string rg, JsonObject spec)
    {
        var id = ArmShapes.Id(state.SubscriptionId, rg, "Microsoft.Compute/galleries", (string)spec["name"]!);
        state.Store.Put(ArmShapes.Tracked(id, "Microsoft.Compute/galleries", state.Location, null, new JsonObject { ["provisioningState"] = "Succeeded" }));
        foreach (var image in ScenarioSeeder.Items(spec, "images"))
        {
            var imageId = $"{id}/images/{image["name"]}";
            state.Store.Put(ArmShapes.Tracked(imageId, "Microsoft.Compute/galleries/images", state.Location, null, new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["osType"] = (string?)image["osType"] ?? "Linux",
                ["osState"] = "Generalized",
                ["hyperVGeneration"] = (string?)image["hyperVGeneration"] ?? "V2",
                ["identifier"] = new JsonObject { ["publisher"] = "contoso", ["offer"] = (string)spec["name"]!, ["sku"] = (string)image["name"]! },
            }));
            foreach (var version in ScenarioSeeder.Strings(image["versions"]))
                AddGalleryVersion(state, imageId, version);
        }
    }

    public static string AddGalleryVersion(EmulatorState state, string imageId, string version)
    {
        var id = $"{imageId}/versions/{version}";
        state.Store.Put(ArmShapes.Tracked(id, "Microsoft.Compute/galleries/images/versions", state.Location, null, new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["publishingProfile"] = new JsonObject { ["publishedDate"] = DateTime.UtcNow.ToString("o"), ["excludeFromLatest"] = false },
        }));
        return id;
    }
}
