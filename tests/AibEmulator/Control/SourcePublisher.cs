using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.ImageBuilder;
using AibEmulator.Providers;
using AibEmulator.State;

namespace AibEmulator.Control;

/// <summary>POST /_emulator/sourceImages/publish: a platform image or gallery image gets a new version, as when a
/// publisher ships one; every template whose Healthy SourceImage trigger watches that source starts a build.</summary>
public static class SourcePublisher
{
    public static JsonObject Publish(EmulatorState state, JsonObject body)
    {
        var version = (string?)body["version"] ?? throw ArmException.BadRequest("InvalidPublish", "Give 'version'.");
        Func<JsonObject, bool> watches;
        string published;
        if ((string?)body["platformImage"] is { } urn)
        {
            var parts = urn.Split(':');
            if (parts.Length != 3) throw ArmException.BadRequest("InvalidPublish", "'platformImage' is 'publisher:offer:sku'.");
            state.PublishedPlatformVersions.AddOrUpdate(urn, _ => [version], (_, list) => { lock (list) list.Add(version); return list; });
            published = $"{urn}:{version}";
            watches = source => (string?)source["type"] == "PlatformImage" && ArmPath.Is((string?)source["version"] ?? "", "latest")
                && ArmPath.Is((string?)source["publisher"] ?? "", parts[0]) && ArmPath.Is((string?)source["offer"] ?? "", parts[1])
                && ArmPath.Is((string?)source["sku"] ?? "", parts[2]);
        }
        else if ((string?)body["galleryImageId"] is { } definition)
        {
            if (!state.Store.Exists(definition)) throw ArmException.BadRequest("InvalidPublish", $"The gallery image '{definition}' does not exist.");
            published = Compute.AddGalleryVersion(state, definition, version);
            watches = source => (string?)source["type"] == "SharedImageVersion"
                && string.Equals((string?)source["imageVersionId"], definition + "/versions/latest", StringComparison.OrdinalIgnoreCase);
        }
        else throw ArmException.BadRequest("InvalidPublish", "Give 'platformImage' or 'galleryImageId'.");

        var started = Triggers.SourcePublished(state, watches);
        return new JsonObject
        {
            ["published"] = published,
            ["startedTemplates"] = new JsonArray(started.Select(id => (JsonNode)id).ToArray()),
        };
    }
}
