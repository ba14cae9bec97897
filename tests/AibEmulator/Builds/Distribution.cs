using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.ImageBuilder;
using AibEmulator.Providers;
using AibEmulator.State;

namespace AibEmulator.Builds;

/// <summary>The Distributing stage: one runOutput per distributor, and the artifact itself (managed image,
/// gallery image version, or the VHD's URI in the staging storage account).</summary>
public static class Distribution
{
    public sealed record Result(string RunOutputName, string? ArtifactId, string? ArtifactUri, string? Error);

    public static List<Result> Distribute(EmulatorState state, TemplateRuntime runtime, JsonObject template, string? principal)
    {
        var results = new List<Result>();
        foreach (var d in template["properties"]?["distribute"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var name = (string)d["runOutputName"]!;
            var result = (string?)d["type"] switch
            {
                "ManagedImage" => Denied(state, principal, name, "Microsoft.Compute/images/write", (string)d["imageId"]!,
                                      $"Error publishing VHD to managed image:{d["imageId"]}, Location:{(string?)d["location"] ?? state.Location}.")
                                  ?? ManagedImage(state, name, (string)d["imageId"]!, (string?)d["location"]),
                "SharedImage" => Denied(state, principal, name, "Microsoft.Compute/galleries/images/versions/write", (string)d["galleryImageId"]!,
                                     $"Error creating image version in gallery image:{d["galleryImageId"]}.")
                                 ?? SharedImage(state, name, (string)d["galleryImageId"]!),
                _ => new Result(name, null, Vhd(state, runtime, d), null),
            };
            results.Add(result);
            if (result.Error is null) SaveRunOutput(state, runtime, result);
        }
        return results;
    }

    /// <summary>The identity must be allowed to write the artifact (Image Creation role, §5); ARM's 403 is quoted
    /// the way AIB's distributor quotes it (danielsollondon/azvmimagebuilder#20: "Error publishing VHD to managed
    /// image:&lt;id&gt;, Location:&lt;l&gt;. Error: ... StatusCode=403 -- Original Error: Code="AuthorizationFailed" Message=...").</summary>
    private static Result? Denied(EmulatorState state, string? principal, string name, string action, string scope, string step) =>
        principal is not null && Authorization.HasPermission(state, principal, action, scope) ? null
            : new Result(name, null, null, $"{step} Error: StatusCode=403 -- Original Error: Code=\"AuthorizationFailed\" Message=\"{SourceAccess.AuthorizationFailed(principal, action, scope)}\"");

    /// <summary>AIB's summary of failed distributions (the run's error and lastRunStatus.message), as in
    /// danielsollondon/azvmimagebuilder#12 and #20: "Failed in distributing 1 images out of total 1: {[Error 0] [Distribute 0] ...}".</summary>
    public static string FailureMessage(List<Result> results)
    {
        var failed = results.Select((r, i) => (r, i)).Where(x => x.r.Error is not null).ToList();
        return $"Failed in distributing {failed.Count} images out of total {results.Count}: "
               + string.Join(" ", failed.Select((x, k) => $"{{[Error {k}] [Distribute {x.i}] {x.r.Error}}}"));
    }

    private static Result ManagedImage(EmulatorState state, string name, string imageId, string? location)
    {
        var group = GroupOf(imageId);
        if (group is null || !state.Store.Exists(group))
            return new Result(name, null, null, $"Error publishing VHD to managed image:{imageId}: the resource group does not exist.");
        state.Store.Put(ArmShapes.Tracked(imageId, "Microsoft.Compute/images", location ?? state.Location, null,
            new JsonObject { ["provisioningState"] = "Succeeded", ["hyperVGeneration"] = "V2" }));
        return new Result(name, imageId, null, null);
    }

    private static Result SharedImage(EmulatorState state, string name, string galleryImageId)
    {
        if (!state.Store.Exists(galleryImageId))
            return new Result(name, null, null, $"Error creating image version in gallery image:{galleryImageId}: the gallery image definition was not found.");
        var existing = state.Store.OfType("Microsoft.Compute/galleries/images/versions", galleryImageId + "/")
            .Select(v => Version.TryParse((string)v["name"]!, out var ver) ? ver : null).OfType<Version>().DefaultIfEmpty(new Version(0, 0, 0)).Max()!;
        var next = new Version(existing.Major, existing.Minor, existing.Build + 1);
        return new Result(name, Compute.AddGalleryVersion(state, galleryImageId, next.ToString(3)), null, null);
    }

    private static string Vhd(EmulatorState state, TemplateRuntime runtime, JsonObject d)
    {
        var given = (string?)d["uri"];
        if (!string.IsNullOrEmpty(given)) return given;
        var account = runtime.StorageAccountName ?? AzuriteAccounts.DefaultAccount;
        return $"{state.Azurite.BlobEndpointOf(account)}vhds/{runtime.Name}_{DateTime.UtcNow:yyyyMMddHHmmss}.vhd";
    }

    private static void SaveRunOutput(EmulatorState state, TemplateRuntime runtime, Result r)
    {
        var props = new JsonObject();
        if (r.ArtifactId is not null) props["artifactId"] = r.ArtifactId;
        if (r.ArtifactUri is not null) props["artifactUri"] = r.ArtifactUri;
        props["provisioningState"] = "Succeeded";
        state.Store.Put(new JsonObject
        {
            ["id"] = $"{runtime.Id}/runOutputs/{r.RunOutputName}",
            ["name"] = r.RunOutputName,
            ["type"] = "Microsoft.VirtualMachineImages/imageTemplates/runOutputs",
            ["properties"] = props,
        });
    }

    private static string? GroupOf(string id)
    {
        var s = ArmPath.Segments(id);
        return s.Length >= 4 && ArmPath.Is(s[2], "resourceGroups") ? $"/subscriptions/{s[1]}/resourceGroups/{s[3]}" : null;
    }
}
