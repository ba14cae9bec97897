using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.ImageBuilder;

/// <summary>imageTemplates/{t}/triggers: SourceImage triggers (PUT, GET, list, DELETE). The emulator keeps
/// them Healthy; it does not start builds when a source image changes.</summary>
public static class Triggers
{
    private const string Type = "Microsoft.VirtualMachineImages/imageTemplates/triggers";

    public static void Map(WebApplication app, EmulatorState state, string templateRoute)
    {
        app.MapGet(templateRoute + "/triggers", (HttpContext ctx, string sub, string rg, string name) =>
        {
            var template = ImageTemplates.Require(state, sub, rg, name);
            return Paging.Write(ctx, state, state.Store.OfType(Type, (string)template["id"]! + "/"));
        }).WithName("Triggers_ListByImageTemplate");
        app.MapGet(templateRoute + "/triggers/{trigger}", (HttpContext ctx, string sub, string rg, string name, string trigger) =>
            ArmReply.Json(ctx, 200, Require(state, sub, rg, name, trigger))).WithName("Triggers_Get");
        app.MapPut(templateRoute + "/triggers/{trigger}", async (HttpContext ctx, string sub, string rg, string name, string trigger) =>
        {
            TemplateRules.CheckName(trigger, "triggerName");
            var template = ImageTemplates.Require(state, sub, rg, name);
            var body = await RequestBody.ReadObject(ctx);
            SwaggerValidator.For(state.ReferenceDirectory, ImageTemplates.ApiVersion(ctx)).Validate(body, "Trigger", "Trigger");
            var id = $"{template["id"]}/triggers/{trigger}";
            var existed = state.Store.Exists(id);
            var resource = new JsonObject
            {
                ["id"] = id,
                ["name"] = trigger,
                ["type"] = Type,
                ["properties"] = new JsonObject
                {
                    ["kind"] = body["properties"]!["kind"]!.DeepClone(),
                    ["status"] = new JsonObject { ["code"] = "Healthy", ["message"] = "", ["time"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") },
                    ["provisioningState"] = "Succeeded",
                },
            };
            state.Store.Put(resource);
            var op = state.Operations.Start(state.SubscriptionId, ImageTemplates.Namespace, state.Location);
            op.Complete("Succeeded");
            ImageTemplates.AsyncHeaders(ctx, op, withLocation: false);
            await ArmReply.Json(ctx, existed ? 200 : 201, resource);
        }).WithName("Triggers_CreateOrUpdate");
        app.MapDelete(templateRoute + "/triggers/{trigger}", (HttpContext ctx, string sub, string rg, string name, string trigger) =>
        {
            TemplateRules.CheckName(trigger, "triggerName");
            var template = ImageTemplates.Require(state, sub, rg, name);
            var id = $"{template["id"]}/triggers/{trigger}";
            if (!state.Store.Delete(id)) return ArmReply.Empty(ctx, 204);
            var op = state.Operations.Start(state.SubscriptionId, ImageTemplates.Namespace, state.Location);
            op.Complete("Succeeded");
            ctx.Response.Headers.Location = op.StatusUrl(Paging.BaseUrl(ctx), ImageTemplates.ApiVersion(ctx));
            return ArmReply.Empty(ctx, 202);
        }).WithName("Triggers_Delete");
    }

    private static JsonObject Require(EmulatorState state, string sub, string rg, string name, string trigger)
    {
        TemplateRules.CheckName(trigger, "triggerName");
        var template = ImageTemplates.Require(state, sub, rg, name);
        return state.Store.Get($"{template["id"]}/triggers/{trigger}") ?? throw ArmException.ResourceNotFound(Type, $"{name}/{trigger}", rg);
    }
}
