using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.ImageBuilder;

/// <summary>PATCH of an image template: only identity, tags, properties.distribute and properties.vmProfile
/// (2024-02-01+). Distribute targets may be changed or added, never removed. Tags alone answer 200;
/// anything else is a long-running update (202 + Azure-AsyncOperation).</summary>
public static class TemplatePatch
{
    public static async Task Patch(HttpContext ctx, EmulatorState state, string sub, string rg, string name)
    {
        var template = ImageTemplates.Require(state, sub, rg, name);
        var body = await RequestBody.ReadObject(ctx);
        SwaggerValidator.For(state.ReferenceDirectory, ImageTemplates.ApiVersion(ctx)).Validate(body, "ImageTemplateUpdateParameters", "ImageTemplateUpdateParameters");
        var id = (string)template["id"]!;
        if (state.Templates.TryGetValue(id, out var runtime) && runtime.IsRunning)
            throw TemplateRules.Conflict($"The image template '{name}' cannot be updated while a build is running.");

        var props = template["properties"]!.AsObject();
        if (body["properties"]?["distribute"] is JsonArray distribute)
        {
            var wanted = distribute.Select(d => (string?)d?["runOutputName"]).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var existing in props["distribute"]?.AsArray() ?? new JsonArray())
            {
                var output = (string?)existing?["runOutputName"];
                if (!wanted.Contains(output))
                    throw SwaggerValidator.Invalid($"Distribute target with Runoutput name {output} not found in the update request. Deleting a distribution target is not allowed.");
            }
            TemplateRules.CheckDistribute(distribute, "ImageTemplateUpdateParameters.properties.distribute");
            props["distribute"] = distribute.DeepClone();
        }
        if (body["properties"]?["vmProfile"] is JsonObject vmProfile)
        {
            var merged = Merge(props["vmProfile"] as JsonObject ?? new JsonObject(), vmProfile);
            TemplateRules.CheckVnetConfig(merged["vnetConfig"] as JsonObject, "ImageTemplateUpdateParameters.properties.vmProfile.vnetConfig");
            props["vmProfile"] = merged;
        }
        if (body["identity"] is JsonObject identity)
        {
            TemplateRules.CheckIdentity(state, identity, creating: false);
            template["identity"] = PatchedIdentity(state, template["identity"] as JsonObject, identity);
        }
        if (body["tags"] is JsonObject tags) template["tags"] = tags.DeepClone();

        var tagsOnly = body["properties"] is null && body["identity"] is null;
        if (tagsOnly)
        {
            state.Store.Put(template);
            await ArmReply.Json(ctx, 200, template);
            return;
        }
        props["provisioningState"] = "Updating";
        state.Store.Put(template);
        var op = state.Operations.Start(state.SubscriptionId, ImageTemplates.Namespace, state.Location);
        var epoch = state.Epoch;
        _ = Task.Run(async () =>
        {
            await Task.Delay(state.Scaled(15), epoch);
            state.Store.Update(id, t => t["properties"]!["provisioningState"] = "Succeeded");
            op.Complete("Succeeded");
        }, epoch);
        ImageTemplates.AsyncHeaders(ctx, op, withLocation: false);
        await ArmReply.Empty(ctx, 202);
    }

    /// <summary>Objects merged field by field (vnetConfig too); a JSON null removes a field.</summary>
    private static JsonObject Merge(JsonObject current, JsonObject patch)
    {
        var result = (JsonObject)current.DeepClone();
        foreach (var (key, value) in patch)
        {
            if (value is null) result.Remove(key);
            else if (value is JsonObject o && result[key] is JsonObject c) result[key] = Merge(c, o);
            else result[key] = value.DeepClone();
        }
        return result;
    }

    /// <summary>type None removes every identity; a key with null detaches it, with {} attaches it.</summary>
    private static JsonObject PatchedIdentity(EmulatorState state, JsonObject? current, JsonObject patch)
    {
        if ((string?)patch["type"] == "None") return new JsonObject { ["type"] = "None" };
        var map = new JsonObject();
        foreach (var (key, _) in current?["userAssignedIdentities"]?.AsObject() ?? new JsonObject()) map[key] = new JsonObject();
        foreach (var (key, value) in patch["userAssignedIdentities"]?.AsObject() ?? new JsonObject())
        {
            var existing = map.Select(kv => kv.Key).FirstOrDefault(k => ArmPath.Is(k, key));
            if (existing is not null) map.Remove(existing);
            if (value is not null) map[key] = new JsonObject();
        }
        if (map.Count > 1)
            throw SwaggerValidator.Invalid("'ImageTemplateUpdateParameters.identity': Only one user assigned identity is supported.");
        return ImageTemplates.Identity(state, new JsonObject { ["type"] = map.Count == 0 ? "None" : "UserAssigned", ["userAssignedIdentities"] = map });
    }
}
