using AibEmulator.Arm;

namespace AibEmulator.Builds;

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
    public bool IsRunning => Run is { IsFinished: false };
}

/// <summary>One run of a template: its async operation, its log, and its container group.</summary>
public sealed class BuildRun
{
    public required AsyncOperation Operation { get; init; }
    /// <summary>The id Packer prints in "[...]" at the start of each log line (≠ the blob folder guid).</summary>
    public string PackerOperationId { get; } = Guid.NewGuid().ToString();
    public string LogFolder { get; } = Guid.NewGuid().ToString();
    public CancellationTokenSource Cancel { get; } = new();
    public bool CancelRequested { get; set; }
    public AsyncOperation? CancelOperation { get; set; }
    public bool IsFinished { get; set; }
    public string? ContainerGroupId { get; set; }
    public string? ContainerName { get; set; }
    public BuildLog Log { get; } = new();
    /// <summary>validation.log, beside customization.log, when the template validates.</summary>
    public BuildLog ValidationLog { get; } = new();
}
