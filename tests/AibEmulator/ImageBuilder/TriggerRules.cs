using System.Net;
using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.ImageBuilder;

/// <summary>What Image Builder requires of a template before it takes a SourceImage trigger (triggers how-to and the
/// AIB support TSG "AutomaticImageCreation"). Microsoft publishes the rules but not the error codes or texts the
/// service answers with: the codes below are ARM's generic ones (400 BadRequest for a template that cannot have a
/// trigger, 409 Conflict for the template's state and the limits) and the texts are the emulator's own.</summary>
public static class TriggerRules
{
    /// <summary>"A limit of 100 triggers per region, per subscription" (triggers how-to).</summary>
    public const int PerRegionLimit = 100;

    public static void Check(EmulatorState state, JsonObject template, JsonObject body, JsonObject? existing, string triggerName)
    {
        var kind = (string?)body["properties"]?["kind"];
        if (kind != "SourceImage")
            throw ArmException.BadRequest("BadRequest", $"Trigger kind '{kind}' is not supported. The supported kind is 'SourceImage'.");
        if (existing is not null && (string?)existing["properties"]?["kind"] != kind)
            throw ArmException.BadRequest("BadRequest", "The kind of an existing trigger cannot be changed. Delete the trigger and create it again.");
        var name = (string)template["name"]!;
        var provisioning = (string?)template["properties"]?["provisioningState"];
        if (provisioning != "Succeeded")
            throw TemplateRules.Conflict($"The image template '{name}' is in provisioning state '{provisioning}'. A trigger can only be created for an image template in state 'Succeeded'.");
        CheckSource(template);
        var other = Triggers.Of(state, (string)template["id"]!).FirstOrDefault(t => (string?)t["name"] != triggerName);
        if (other is not null)
            throw TemplateRules.Conflict($"The image template '{name}' already has a SourceImage trigger '{other["name"]}'. Only one SourceImage trigger is supported per image template.");
        if (existing is null && InRegion(state, (string?)template["location"]) >= PerRegionLimit)
            throw TemplateRules.Conflict($"The subscription already has {PerRegionLimit} triggers in region '{template["location"]}', the limit per region per subscription.");
    }

    /// <summary>Source: a platform image at 'latest' or a gallery image at '/versions/latest'; distribution: no explicit gallery
    /// image version; and a gallery source that is not also the gallery target.</summary>
    private static void CheckSource(JsonObject template)
    {
        var source = template["properties"]?["source"] as JsonObject;
        var type = (string?)source?["type"];
        string? sourceDefinition = null;
        switch (type)
        {
            case "PlatformImage" when ArmPath.Is((string?)source!["version"] ?? "", "latest"):
                break;
            case "SharedImageVersion" when ((string?)source!["imageVersionId"] ?? "").EndsWith("/versions/latest", StringComparison.OrdinalIgnoreCase):
                var version = (string)source["imageVersionId"]!;
                sourceDefinition = version[..version.LastIndexOf("/versions/", StringComparison.OrdinalIgnoreCase)];
                break;
            case "PlatformImage":
                throw Invalid($"The image template's platform image source is at version '{source!["version"]}'. A SourceImage trigger needs the source version 'latest'.");
            case "SharedImageVersion":
                throw Invalid($"The image template's gallery image source '{source!["imageVersionId"]}' names a version. A SourceImage trigger needs '<image definition id>/versions/latest'.");
            default:
                throw Invalid($"The image template's source type '{type}' cannot have a SourceImage trigger. Only 'PlatformImage' and 'SharedImageVersion' sources are supported.");
        }
        foreach (var target in template["properties"]?["distribute"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            if ((string?)target["type"] != "SharedImage") continue;
            var gallery = (string?)target["galleryImageId"] ?? "";
            if (gallery.Contains("/versions/", StringComparison.OrdinalIgnoreCase))
                throw Invalid($"The distribution '{target["runOutputName"]}' names the gallery image version '{gallery}'. With a SourceImage trigger the version is generated: give the image definition id.");
            if (sourceDefinition is not null && string.Equals(gallery.TrimEnd('/'), sourceDefinition, StringComparison.OrdinalIgnoreCase))
                throw Invalid($"The distribution '{target["runOutputName"]}' targets the image definition the source comes from ('{gallery}'). With a SourceImage trigger source and target image definitions must differ.");
        }
    }

    private static int InRegion(EmulatorState state, string? location) =>
        state.Store.OfType(Triggers.Type, state.SubscriptionScope + "/").Count(t =>
        {
            var id = (string)t["id"]!;
            var template = state.Store.Get(id[..id.LastIndexOf("/triggers/", StringComparison.OrdinalIgnoreCase)]);
            return string.Equals((string?)template?["location"], location, StringComparison.OrdinalIgnoreCase);
        });

    private static ArmException Invalid(string message) => new(HttpStatusCode.BadRequest, "BadRequest", message);
}
