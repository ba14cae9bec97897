namespace AibEmulator.Builds;

/// <summary>Ends a simulated build as Failed: the async operation's error code and message, the
/// lastRunStatus message, and which errorHandling setting decides cleanup (customizer or validation).</summary>
public sealed class BuildFailure(string code, string message, string runStatusMessage, string? errorKind = null) : Exception(message)
{
    public string Code { get; } = code;
    public string RunStatusMessage { get; } = runStatusMessage;
    /// <summary>"customizer" or "validation" (errorHandling applies), or null (always cleaned up).</summary>
    public string? ErrorKind { get; } = errorKind;
}
