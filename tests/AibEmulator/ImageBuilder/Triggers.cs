using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.Builds;
using AibEmulator.State;

namespace AibEmulator.ImageBuilder;

/// <summary>imageTemplates/{t}/triggers: SourceImage triggers (PUT, GET, list, DELETE), the rules Image Builder puts on
/// them (TriggerRules), firing when a source gets a new version, and deactivation after consecutive failed builds.</summary>
public static class Triggers
{
    public const string Type = "Microsoft.VirtualMachineImages/imageTemplates/triggers";
    public const string Feature = "Microsoft.VirtualMachineImages/Triggers";

    /// <summary>"Deactivated if the image template build has failed multiple times consecutively" (triggers how-to): the
    /// docs give no number; the emulator uses 3.</summary>
    public const int FailuresBeforeDeactivation = 3;

    /// <summary>The docs name only "Healthy"; the code of a deactivated trigger is not published (the emulator's is this).</summary>
    public const string Deactivated = "Unhealthy";

    public static void Map(WebApplication app, EmulatorState state, string templateRoute)
    {
        app.MapGet(templateRoute + "/triggers", (HttpContext ctx, string sub, string rg, string name) =>
        {
            var template = ImageTemplates.Require(state, sub, rg, name);
            return Paging.Write(ctx, state, Of(state, (string)template["id"]!).ToList());
        }).WithName("Triggers_ListByImageTemplate");
        app.MapGet(templateRoute + "/triggers/{trigger}", (HttpContext ctx, string sub, string rg, string name, string trigger) =>
            ArmReply.Json(ctx, 200, Require(state, sub, rg, name, trigger))).WithName("Triggers_Get");
        app.MapPut(templateRoute + "/triggers/{trigger}", async (HttpContext ctx, string sub, string rg, string name, string trigger) =>
        {
            TemplateRules.CheckName(trigger, "triggerName");
            var template = ImageTemplates.Require(state, sub, rg, name);
            var body = await RequestBody.ReadObject(ctx);
            SwaggerValidator.For(state.ReferenceDirectory, ImageTemplates.ApiVersion(ctx)).Validate(body, "Trigger", "Trigger");
            Providers.Features.Require(state, Feature);
            var id = $"{template["id"]}/triggers/{trigger}";
            var existing = state.Store.Get(id);
            TriggerRules.Check(state, template, body, existing, trigger);
            var resource = new JsonObject
            {
                ["id"] = id,
                ["name"] = trigger,
                ["type"] = Type,
                ["properties"] = new JsonObject
                {
                    ["kind"] = body["properties"]!["kind"]!.DeepClone(),
                    // An update keeps the trigger's status (a deactivated trigger stays so until a manual build succeeds).
                    ["status"] = existing?["properties"]?["status"]?.DeepClone() ?? Status("Healthy", Now()),
                    ["provisioningState"] = "Succeeded",
                },
            };
            state.Store.Put(resource);
            var op = state.Operations.Start(state.SubscriptionId, ImageTemplates.Namespace, state.Location);
            op.Complete("Succeeded");
            ImageTemplates.AsyncHeaders(ctx, op, withLocation: false);
            await ArmReply.Json(ctx, existing is null ? 201 : 200, resource);
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

    public static IEnumerable<JsonObject> Of(EmulatorState state, string templateId) => state.Store.OfType(Type, templateId + "/");

    /// <summary>A new version of a source was published: every template whose Healthy trigger watches that source
    /// (a platform image or gallery image definition at 'latest') starts a build by itself. Returns the templates started.</summary>
    public static List<string> SourcePublished(EmulatorState state, Func<JsonObject, bool> watches)
    {
        var started = new List<string>();
        foreach (var runtime in state.Templates.Values.ToList())
        {
            var template = state.Store.Get(runtime.Id);
            if (template is null || (string?)template["properties"]?["provisioningState"] != "Succeeded") continue;
            if (template["properties"]?["source"] is not JsonObject source || !watches(source)) continue;
            var trigger = Of(state, runtime.Id).FirstOrDefault(t => (string?)t["properties"]?["status"]?["code"] == "Healthy");
            if (trigger is null) continue;
            lock (runtime)
            {
                // A build already running takes the new version when it is next triggered or run.
                if (runtime.IsRunning) continue;
                var op = state.Operations.Start(state.SubscriptionId, ImageTemplates.Namespace, state.Location);
                BuildSimulator.Start(state, runtime, op);
                runtime.Run!.StartedByTrigger = true;
                // The trigger's status time is the moment it fired: the run's start time (the module reads it so).
                var startTime = (string?)state.Store.Get(runtime.Id)?["properties"]?["lastRunStatus"]?["startTime"] ?? Now();
                state.Store.Update((string)trigger["id"]!, t => t["properties"]!["status"] = Status("Healthy", startTime));
            }
            started.Add(runtime.Id);
        }
        return started;
    }

    /// <summary>A run ended: consecutive failures (manual or triggered) deactivate the template's triggers; a
    /// successful manual build reactivates them (triggers how-to, and the September 2024 release notes).</summary>
    public static void RunFinished(EmulatorState state, TemplateRuntime runtime, string runState)
    {
        var byTrigger = runtime.Run?.StartedByTrigger == true;
        if (runState == "Failed") runtime.ConsecutiveFailedBuilds++;
        else if (runState is "Succeeded" or "PartiallySucceeded") runtime.ConsecutiveFailedBuilds = 0;
        foreach (var trigger in Of(state, runtime.Id).ToList())
        {
            var code = (string?)trigger["properties"]?["status"]?["code"];
            if (code == "Healthy" && runtime.ConsecutiveFailedBuilds >= FailuresBeforeDeactivation)
                state.Store.Update((string)trigger["id"]!, t => t["properties"]!["status"] = Status(Deactivated, Now(),
                    $"The trigger was deactivated after {runtime.ConsecutiveFailedBuilds} consecutive failed builds. "
                    + "Run the image template manually; once a manual build succeeds the trigger is reactivated."));
            else if (code != "Healthy" && !byTrigger && runState == "Succeeded")
                state.Store.Update((string)trigger["id"]!, t => t["properties"]!["status"] = Status("Healthy", Now()));
        }
    }

    private static JsonObject Status(string code, string time, string message = "") =>
        new() { ["code"] = code, ["message"] = message, ["time"] = time };

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");

    private static JsonObject Require(EmulatorState state, string sub, string rg, string name, string trigger)
    {
        TemplateRules.CheckName(trigger, "triggerName");
        var template = ImageTemplates.Require(state, sub, rg, name);
        return state.Store.Get($"{template["id"]}/triggers/{trigger}") ?? throw ArmException.ResourceNotFound(Type, $"{name}/{trigger}", rg);
    }
}
