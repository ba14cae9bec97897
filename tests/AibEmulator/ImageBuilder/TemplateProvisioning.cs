using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.Builds;
using AibEmulator.Providers;
using AibEmulator.State;

namespace AibEmulator.ImageBuilder;

/// <summary>What happens after PUT and DELETE of a template: the staging resource group is created or
/// checked (Microsoft Learn: the staging resource group rules), provisioningState moves Creating → Succeeded/Failed, and
/// deletion removes or empties the staging group.</summary>
public static class TemplateProvisioning
{
    public static void Start(EmulatorState state, TemplateRuntime runtime, AsyncOperation op, bool autoRun)
    {
        var epoch = state.Epoch;
        _ = Task.Run(async () =>
        {
            await Task.Delay(state.Scaled(20), epoch);
            var error = Resources.State(state, state.SubscriptionId, "Microsoft.ContainerInstance") == "Registered"
                ? PrepareStaging(state, runtime)
                : ("Other", "Azure Container Instances provider not registered for your subscription. Register 'Microsoft.ContainerInstance' (Register-AzResourceProvider -ProviderNamespace Microsoft.ContainerInstance / az provider register -n Microsoft.ContainerInstance) and create the template again.");
            state.Store.Update(runtime.Id, t =>
            {
                var p = t["properties"]!.AsObject();
                p["provisioningState"] = error is null ? "Succeeded" : "Failed";
                if (runtime.StagingResourceGroupId is not null) p["exactStagingResourceGroup"] = runtime.StagingResourceGroupId;
                if (error is not null)
                    p["provisioningError"] = new JsonObject { ["provisioningErrorCode"] = error.Value.Code, ["message"] = error.Value.Message };
            });
            if (error is null) op.Complete("Succeeded");
            else op.Complete("Failed", error.Value.Code == "Other" ? "ValidationFailed" : error.Value.Code, error.Value.Message);
            if (error is null && autoRun)
                lock (runtime) BuildSimulator.Start(state, runtime, state.Operations.Start(state.SubscriptionId, ImageTemplates.Namespace, state.Location));
        }, epoch);
    }

    /// <summary>Creates IT_&lt;rg&gt;_&lt;template&gt;_&lt;guid&gt; (or the named group), or checks the given existing
    /// group: empty, same region, not used by another template, identity is Contributor there.</summary>
    public static (string Code, string Message)? PrepareStaging(EmulatorState state, TemplateRuntime runtime)
    {
        var template = state.Store.Get(runtime.Id)!;
        var location = (string)template["location"]!;
        var given = (string?)template["properties"]?["stagingResourceGroup"];
        var tagsForTemplate = new JsonObject { ["imageTemplateName"] = runtime.Name, ["imageTemplateResourceGroupName"] = runtime.ResourceGroup };
        var principal = PrincipalOf(state, template);

        if (string.IsNullOrEmpty(given) || !state.Store.Exists(given))
        {
            var name = string.IsNullOrEmpty(given) ? StagingName(runtime.ResourceGroup, runtime.Name) : given[(given.LastIndexOf('/') + 1)..];
            var tags = (JsonObject)tagsForTemplate.DeepClone();
            tags["createdBy"] = "AzureVMImageBuilder";
            var group = ArmShapes.ResourceGroup(state.SubscriptionId, name, location, tags);
            group["managedBy"] = runtime.Id;
            state.Store.Put(group);
            runtime.StagingResourceGroupId = (string)group["id"]!;
            runtime.StagingCreatedByService = true;
            if (principal is not null) Authorization.Assign(state, principal, "Contributor", runtime.StagingResourceGroupId);
            return null;
        }

        var existing = state.Store.Get(given)!;
        string Bad(string why) => $"The staging resource group '{given}' cannot be used: {why} For more information please go to: https://aka.ms/azvmimagebuilderts";
        if (state.Store.InResourceGroup(given).Count > 0)
            return ("BadStagingResourceGroup", Bad("it must be empty."));
        if (!ArmPath.Is((string)existing["location"]!, location))
            return ("BadStagingResourceGroup", Bad($"it is in region '{existing["location"]}', but the template is in '{location}'; both must be in the same region."));
        var tagsNow = existing["tags"] as JsonObject ?? new JsonObject();
        if (tagsNow["imageTemplateName"] is not null || tagsNow["usedBy"] is not null)
            return ("BadStagingResourceGroup", Bad($"it is already used by image template '{tagsNow["imageTemplateName"]}' (tags imageTemplateName/usedBy are set)."));
        if (principal is null || !Authorization.HasPermission(state, principal, "Microsoft.Resources/deployments/write", given))
            return ("BadStagingResourceGroup", Bad("the template's identity must have the Contributor or Owner role on it."));
        state.Store.Update(given, g =>
        {
            var tags = g["tags"] as JsonObject ?? new JsonObject();
            tags["usedBy"] = "AzureVMImageBuilder";
            foreach (var (k, v) in tagsForTemplate) tags[k] = v?.DeepClone();
            g["tags"] = tags;
        });
        runtime.StagingResourceGroupId = (string)existing["id"]!;
        runtime.StagingCreatedByService = false;
        return null;
    }

    /// <summary>A run finds the service-created staging group deleted: it is created again, same name and tags.</summary>
    public static void RecreateStaging(EmulatorState state, TemplateRuntime runtime, JsonObject template)
    {
        var id = runtime.StagingResourceGroupId!;
        var tags = new JsonObject { ["createdBy"] = "AzureVMImageBuilder", ["imageTemplateName"] = runtime.Name, ["imageTemplateResourceGroupName"] = runtime.ResourceGroup };
        var group = ArmShapes.ResourceGroup(state.SubscriptionId, id[(id.LastIndexOf('/') + 1)..], (string)template["location"]!, tags);
        group["managedBy"] = runtime.Id;
        state.Store.Put(group);
        runtime.StorageAccountName = null;
        if (PrincipalOf(state, template) is { } principal) Authorization.Assign(state, principal, "Contributor", id);
    }

    public static void Delete(EmulatorState state, string templateId, AsyncOperation op)
    {
        var epoch = state.Epoch;
        _ = Task.Run(async () =>
        {
            state.Templates.TryGetValue(templateId, out var runtime);
            if (runtime?.Run is { IsFinished: false } run) { run.CancelRequested = true; run.Cancel.Cancel(); }
            await Task.Delay(state.Scaled(30), epoch);
            if (runtime?.StagingResourceGroupId is { } staging)
            {
                Resources.DeleteGroupContents(state, staging);
                if (runtime.StagingCreatedByService) state.Store.Delete(staging);
                else
                {
                    foreach (var r in state.Store.InResourceGroup(staging)) state.Store.Delete((string)r["id"]!);
                    state.Store.Update(staging, g =>
                    {
                        if (g["tags"] is JsonObject tags)
                            foreach (var k in new[] { "usedBy", "imageTemplateName", "imageTemplateResourceGroupName" }) tags.Remove(k);
                    });
                }
            }
            state.Store.Delete(templateId);
            state.Templates.TryRemove(templateId, out _);
            op.Complete("Succeeded");
        }, epoch);
    }

    /// <summary>IT_&lt;rg&gt;_&lt;template&gt;_&lt;guid&gt;, segments cut so the whole fits ARM's 90 characters.</summary>
    public static string StagingName(string resourceGroup, string template)
    {
        var guid = Guid.NewGuid().ToString();
        var room = 90 - "IT___".Length - guid.Length;
        string rg = resourceGroup, t = template;
        if (rg.Length + t.Length > room)
        {
            // As observed (IT_{group}_imagebuilderTempla_{id}): the template part is cut first, keeping at least half the room.
            t = t[..Math.Min(t.Length, Math.Max(room - rg.Length, room / 2))];
            rg = rg[..Math.Min(rg.Length, room - t.Length)];
        }
        return $"IT_{rg}_{t}_{guid}";
    }

    public static string? PrincipalOf(EmulatorState state, JsonObject template)
    {
        var ids = template["identity"]?["userAssignedIdentities"] as JsonObject;
        var first = ids?.FirstOrDefault();
        return first is null ? null : (string?)first.Value.Value?["principalId"];
    }
}
