using System.Net;
using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.Builds;
using AibEmulator.Providers;
using AibEmulator.State;

namespace AibEmulator.ImageBuilder;

/// <summary>Microsoft.VirtualMachineImages/imageTemplates (2024-02-01, 2025-10-01): PUT, PATCH, GET, list,
/// DELETE, run, cancel, runOutputs, triggers, operations and the async-operation status resource.
/// Each route names the swagger operationId it serves (WithName, as OpenAPI reads it; GET /_emulator/routes lists them).</summary>
public static class ImageTemplates
{
    public const string Namespace = "Microsoft.VirtualMachineImages";
    public const string Type = Namespace + "/imageTemplates";
    private const string Base = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/{name}";

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/providers/Microsoft.VirtualMachineImages/operations", (HttpContext ctx) =>
            ArmReply.Json(ctx, 200, new JsonObject { ["value"] = ImageBuilderOperations.List() })).WithName("Operations_List");

        // The status resource the Azure-AsyncOperation header points at: a URL, not an operation of the swagger.
        app.MapGet("/subscriptions/{sub}/providers/Microsoft.VirtualMachineImages/locations/{location}/operations/{id}", (HttpContext ctx, string sub, string location, string id) =>
        {
            state.RequireSubscription(sub);
            var op = state.Operations.Get(id) ?? throw new ArmException(HttpStatusCode.NotFound, "OperationNotFound", $"The operation '{id}' could not be found.");
            if (op.IsDone) return ArmReply.Json(ctx, 200, op.ToJson());
            ctx.Response.Headers.RetryAfter = "1";
            // Azure-AsyncOperation pollers read the body's status; Location pollers (DELETE) wait for a non-202.
            return ArmReply.Json(ctx, op.PolledByLocation ? 202 : 200, op.ToJson());
        });

        Paging.MapLists(app, state, Type, "VirtualMachineImageTemplates_List", "VirtualMachineImageTemplates_ListByResourceGroup");

        app.MapGet(Base, (HttpContext ctx, string sub, string rg, string name) =>
            ArmReply.Json(ctx, 200, Require(state, sub, rg, name))).WithName("VirtualMachineImageTemplates_Get");
        app.MapPut(Base, (HttpContext ctx, string sub, string rg, string name) => Put(ctx, state, sub, rg, name))
            .WithName("VirtualMachineImageTemplates_CreateOrUpdate");
        app.MapMethods(Base, ["PATCH"], (HttpContext ctx, string sub, string rg, string name) => TemplatePatch.Patch(ctx, state, sub, rg, name))
            .WithName("VirtualMachineImageTemplates_Update");
        app.MapDelete(Base, (HttpContext ctx, string sub, string rg, string name) => Delete(ctx, state, sub, rg, name))
            .WithName("VirtualMachineImageTemplates_Delete");
        app.MapPost(Base + "/run", (HttpContext ctx, string sub, string rg, string name) => Run(ctx, state, sub, rg, name))
            .WithName("VirtualMachineImageTemplates_Run");
        app.MapPost(Base + "/cancel", (HttpContext ctx, string sub, string rg, string name) => Cancel(ctx, state, sub, rg, name))
            .WithName("VirtualMachineImageTemplates_Cancel");

        app.MapGet(Base + "/runOutputs", (HttpContext ctx, string sub, string rg, string name) =>
        {
            var template = Require(state, sub, rg, name);
            return Paging.Write(ctx, state, state.Store.OfType(Type + "/runOutputs", (string)template["id"]! + "/"));
        }).WithName("VirtualMachineImageTemplates_ListRunOutputs");
        app.MapGet(Base + "/runOutputs/{output}", (HttpContext ctx, string sub, string rg, string name, string output) =>
        {
            TemplateRules.CheckName(output, "runOutputName");
            var template = Require(state, sub, rg, name);
            var found = state.Store.Get($"{template["id"]}/runOutputs/{output}")
                ?? throw ArmException.ResourceNotFound(Type + "/runOutputs", $"{name}/{output}", rg);
            return ArmReply.Json(ctx, 200, found);
        }).WithName("VirtualMachineImageTemplates_GetRunOutput");
        Triggers.Map(app, state, Base);
    }

    public static JsonObject Require(EmulatorState state, string sub, string rg, string name)
    {
        TemplateRules.CheckName(name);
        return state.RequireResource(sub, rg, Id(sub, rg, name), Type, name);
    }

    public static string Id(string sub, string rg, string name) => ArmShapes.Id(sub, rg, Type, name);

    public static string ApiVersion(HttpContext ctx) => ctx.Request.Query["api-version"].ToString();

    /// <summary>Sets Azure-AsyncOperation (and for 2025-10-01 also Location and Retry-After, as its spec declares).</summary>
    public static void AsyncHeaders(HttpContext ctx, AsyncOperation op, bool withLocation)
    {
        var url = op.StatusUrl(Paging.BaseUrl(ctx), ApiVersion(ctx));
        ctx.Response.Headers["Azure-AsyncOperation"] = url;
        if (withLocation || ApiVersion(ctx) == "2025-10-01") ctx.Response.Headers.Location = url;
        ctx.Response.Headers.RetryAfter = "1";
    }

    public static void RequireRegistered(EmulatorState state, string ns)
    {
        if (Resources.State(state, state.SubscriptionId, ns) != "Registered")
            throw new ArmException(HttpStatusCode.Conflict, "MissingSubscriptionRegistration",
                $"The subscription is not registered to use namespace '{ns}'. See https://aka.ms/rps-not-found for how to register subscriptions.");
    }

    private static async Task Put(HttpContext ctx, EmulatorState state, string sub, string rg, string name)
    {
        TemplateRules.CheckName(name);
        var group = state.RequireResourceGroup(sub, rg);
        RequireRegistered(state, Namespace);
        var body = await RequestBody.ReadObject(ctx);
        var id = Id(sub, rg, name);
        if (state.Store.Exists(id))
            throw TemplateRules.Conflict("Update/Upgrade of image templates is currently not supported. Please change the name of the template you are submitting. For more information please go to: https://aka.ms/azvmimagebuilderts");
        SwaggerValidator.For(state.ReferenceDirectory, ApiVersion(ctx)).Validate(body, "ImageTemplate", "ImageTemplate");
        TemplateRules.CheckTemplate(state, body);

        var template = NewResource(state, id, (string)group["name"]!, name, body);
        DenyByPolicy(state, template, (string)group["id"]!);
        var runtime = new TemplateRuntime { Id = id, ResourceGroup = (string)group["name"]!, Name = name, ApiVersion = ApiVersion(ctx) };
        state.Templates[id] = runtime;
        state.Store.Put(template);
        var op = state.Operations.Start(state.SubscriptionId, Namespace, state.Location);
        TemplateProvisioning.Start(state, runtime, op, autoRun: (string?)body["properties"]?["autoRun"]?["state"] == "Enabled");
        AsyncHeaders(ctx, op, withLocation: false);
        await ArmReply.Json(ctx, 201, template);
    }

    /// <summary>ARM evaluates Deny policies before the provider sees the request: 403 RequestDisallowedByPolicy.</summary>
    public static void DenyByPolicy(EmulatorState state, JsonObject resource, string scope)
    {
        var deny = Policy.PolicyStore.Evaluate(state, resource, scope).FirstOrDefault(f => f.Effect == "Deny");
        if (deny is not null)
            throw new ArmException(HttpStatusCode.Forbidden, "RequestDisallowedByPolicy",
                $"Resource '{resource["name"]}' was disallowed by policy. Policy identifiers: '{deny.Identifiers()}'.");
    }

    /// <summary>The stored resource: the request's writable fields plus ARM's and Image Builder's read-only ones.</summary>
    private static JsonObject NewResource(EmulatorState state, string id, string rg, string name, JsonObject body)
    {
        var properties = (JsonObject)(body["properties"]?.DeepClone() ?? new JsonObject());
        foreach (var readOnly in new[] { "provisioningState", "provisioningError", "lastRunStatus", "exactStagingResourceGroup" })
            properties.Remove(readOnly);
        if (properties["source"] is JsonObject source)
        {
            source.Remove("exactVersion");
            // The spec: exactVersion "differs from 'version' only if ... 'latest'", which "is evaluated when the
            // image build takes place" (SourceAccess.ResolveLatest); an explicit version is its own exact version.
            if ((string?)source["type"] == "PlatformImage" && (string?)source["version"] is { } version && !ArmPath.Is(version, "latest"))
                source["exactVersion"] = version;
        }
        FillBooleanDefaults(properties["customize"] as JsonArray);
        FillBooleanDefaults(properties["validate"]?["inVMValidations"] as JsonArray);
        properties["provisioningState"] = "Creating";
        var template = new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["type"] = Type,
            ["location"] = body["location"]?.DeepClone(),
        };
        if (body["tags"] is JsonObject tags) template["tags"] = tags.DeepClone();
        template["identity"] = Identity(state, body["identity"] as JsonObject);
        template["properties"] = properties;
        return template;
    }

    /// <summary>The service always returns PowerShell steps' runElevated/runAsSystem (false when not given),
    /// as the CreateImageTemplateWindows example shows.</summary>
    private static void FillBooleanDefaults(JsonArray? steps)
    {
        foreach (var step in steps?.OfType<JsonObject>() ?? [])
        {
            if ((string?)step["type"] != "PowerShell") continue;
            step["runElevated"] ??= false;
            step["runAsSystem"] ??= false;
        }
    }

    /// <summary>The identity block as ARM returns it: principalId/clientId of each attached identity.</summary>
    public static JsonObject Identity(EmulatorState state, JsonObject? identity)
    {
        if (identity is null || (string?)identity["type"] == "None") return new JsonObject { ["type"] = "None" };
        var map = new JsonObject();
        foreach (var (key, _) in identity["userAssignedIdentities"]?.AsObject() ?? new JsonObject())
        {
            var uai = state.Store.Get(key);
            map[key] = new JsonObject
            {
                ["principalId"] = (string?)uai?["properties"]?["principalId"],
                ["clientId"] = (string?)uai?["properties"]?["clientId"],
            };
        }
        return new JsonObject { ["type"] = "UserAssigned", ["userAssignedIdentities"] = map };
    }

    private static Task Delete(HttpContext ctx, EmulatorState state, string sub, string rg, string name)
    {
        TemplateRules.CheckName(name);
        state.RequireResourceGroup(sub, rg);
        var id = Id(sub, rg, name);
        if (!state.Store.Exists(id)) return ArmReply.Empty(ctx, 204);
        var op = state.Operations.Start(state.SubscriptionId, Namespace, state.Location, polledByLocation: true);
        state.Store.Update(id, t => t["properties"]!["provisioningState"] = "Deleting");
        TemplateProvisioning.Delete(state, id, op);
        ctx.Response.Headers.Location = op.StatusUrl(Paging.BaseUrl(ctx), ApiVersion(ctx));
        ctx.Response.Headers.RetryAfter = "1";
        return ArmReply.Empty(ctx, 202);
    }

    private static Task Run(HttpContext ctx, EmulatorState state, string sub, string rg, string name)
    {
        var template = Require(state, sub, rg, name);
        var runtime = state.Templates[(string)template["id"]!];
        var provisioning = (string?)template["properties"]?["provisioningState"];
        if (provisioning != "Succeeded")
            throw TemplateRules.Conflict($"The image template '{name}' is in provisioning state '{provisioning}'. Only templates in state 'Succeeded' can be run.");
        if (TemplateProvisioning.PrincipalOf(state, template) is null || state.Store.Get((string)template["identity"]!["userAssignedIdentities"]!.AsObject().First().Key) is null)
            throw ArmException.BadRequest("BadRequest",
                "The assigned managed identity cannot be used. Please remove the existing one and re-assign a new identity. For more troubleshooting steps go to https://aka.ms/azvmimagebuilderts.");
        lock (runtime)
        {
            if (runtime.IsRunning)
                throw TemplateRules.Conflict($"The image template '{name}' is already running. Cancel the current run or wait for it to finish before starting a new one.");
            var op = state.Operations.Start(state.SubscriptionId, Namespace, state.Location);
            BuildSimulator.Start(state, runtime, op);
            AsyncHeaders(ctx, op, withLocation: false);
        }
        return ArmReply.Empty(ctx, 202);
    }

    private static Task Cancel(HttpContext ctx, EmulatorState state, string sub, string rg, string name)
    {
        var template = Require(state, sub, rg, name);
        var runtime = state.Templates[(string)template["id"]!];
        lock (runtime)
        {
            var run = runtime.Run;
            if (run is null || run.IsFinished)
                throw TemplateRules.Conflict($"There is no build in progress for image template '{name}' to cancel.");
            if (run.CancelOperation is null)
            {
                run.CancelOperation = state.Operations.Start(state.SubscriptionId, Namespace, state.Location);
                run.CancelRequested = true;
                BuildSimulator.SetRunState(state, runtime, "Canceling", null);
                run.Cancel.Cancel();
            }
            AsyncHeaders(ctx, run.CancelOperation, withLocation: false);
        }
        return ArmReply.Empty(ctx, 202);
    }

    /// <summary>A template listed in a scenario: created as if its PUT had finished.</summary>
    public static void Seed(EmulatorState state, string rg, string name, string apiVersion, JsonObject body)
    {
        var id = Id(state.SubscriptionId, rg, name);
        body["location"] ??= state.Location;
        var template = NewResource(state, id, rg, name, body);
        var runtime = new TemplateRuntime { Id = id, ResourceGroup = rg, Name = name, ApiVersion = apiVersion };
        state.Templates[id] = runtime;
        state.Store.Put(template);
        var error = TemplateProvisioning.PrepareStaging(state, runtime);
        state.Store.Update(id, t =>
        {
            t["properties"]!["provisioningState"] = error is null ? "Succeeded" : "Failed";
            if (runtime.StagingResourceGroupId is not null) t["properties"]!["exactStagingResourceGroup"] = runtime.StagingResourceGroupId;
        });
    }
}
