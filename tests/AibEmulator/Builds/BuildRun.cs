using AibEmulator.Arm;

namespace AibEmulator.Builds;

/// <summary>One run of a template: its async operation, its log, and its container group.</summary>
public sealed class BuildRun
{
    public required AsyncOperation Operation { get; init; }
    /// <summary>The id Packer prints in "[...]" at the start of each log line (≠ the blob folder guid).</summary>
    public string PackerOperationId { get; set; } = Guid.NewGuid().ToString();
    public string LogFolder { get; } = Guid.NewGuid().ToString();
    public CancellationTokenSource Cancel { get; } = new();
    public bool CancelRequested { get; set; }
    public AsyncOperation? CancelOperation { get; set; }
    public bool IsFinished { get; set; }
    /// <summary>Started by a SourceImage trigger (a new source version), not by a run request.</summary>
    public bool StartedByTrigger { get; set; }
    public string? ContainerGroupId { get; set; }
    public string? ContainerName { get; set; }
    public BuildLog Log { get; } = new();
    /// <summary>validation.log, beside customization.log, when the template validates.</summary>
    public BuildLog ValidationLog { get; } = new();
}
