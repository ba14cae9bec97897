using AibEmulator.Builds;

namespace AibEmulator.ImageBuilder;

/// <summary>What Image Builder keeps for a template beside its ARM resource.</summary>
public sealed class TemplateRuntime
{
    public required string Id { get; init; }
    public required string ResourceGroup { get; init; }
    public required string Name { get; init; }
    public required string ApiVersion { get; init; }
    public string? StagingResourceGroupId { get; set; }
    /// <summary>True when Image Builder created the staging group (then it deletes it with the template).</summary>
    public bool StagingCreatedByService { get; set; }
    public string? StorageAccountName { get; set; }
    public BuildRun? Run { get; set; }
    /// <summary>Failed builds in a row (manual or triggered): enough of them deactivate the template's triggers.</summary>
    public int ConsecutiveFailedBuilds { get; set; }
    public bool IsRunning => Run is { IsFinished: false };
}
