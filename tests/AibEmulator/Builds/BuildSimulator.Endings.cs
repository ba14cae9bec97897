using AibEmulator.State;

namespace AibEmulator.Builds;

/// <summary>How a simulated build ends other than by success: Packer failures (with Azure's PackerBuildFailed
/// text), the build timeout, any other failure, and cancellation. errorHandling decides what is cleaned up.</summary>
public sealed partial class BuildSimulator
{
    private BuildFailure PackerFailure(string packerError, string? kind)
    {
        var armPath = $"{_runtime.StagingResourceGroupId}/providers/Microsoft.Storage/storageAccounts/{_runtime.StorageAccountName}/blobServices/default/containers/packerlogs/{_run.LogFolder}/customization.log";
        var blobUrl = $"{_state.Azurite.BlobEndpointOf(_runtime.StorageAccountName ?? AzuriteAccounts.DefaultAccount)}packerlogs/{_run.LogFolder}/customization.log";
        return new BuildFailure("PackerBuildFailed",
            $"During the image build a failure has occurred. Packer build logs are at location {armPath}. Please navigate to this location using portal or other tools to download logs for identifying which build/customization step failed. Use this operationId {_run.PackerOperationId} to search packer logs. For more troubleshooting steps go to https://aka.ms/azvmimagebuilderts.",
            $"Failed while waiting for packerizer: Microservice has failed: Failed while processing request: Error when executing packerizer: Packer build command has failed: exit status 1. During the image build, a failure has occurred. Please review the build log to identify which build/customization step failed. For more troubleshooting steps go to https://aka.ms/azvmimagebuilderts. Image Build log location: {blobUrl}. OperationId: {_run.PackerOperationId}. Use this operationId to search packer logs.",
            kind)
        { Data = { ["packerError"] = packerError } };
    }

    private static BuildFailure Timeout() => new("BuildTimeout",
        "Failed while waiting for packerizer: Timeout waiting for microservice to complete: 'context deadline exceeded'",
        "Failed while waiting for packerizer: Timeout waiting for microservice to complete: 'context deadline exceeded'");

    private async Task Fail(BuildFailure failure)
    {
        // errorHandling (customizer or validation failures only): abort keeps the build VM and its resources.
        var handling = failure.ErrorKind switch
        {
            "customizer" => (string?)_template["properties"]?["errorHandling"]?["onCustomizerError"],
            "validation" => (string?)_template["properties"]?["errorHandling"]?["onValidationError"],
            _ => null,
        };
        var keep = handling == "abort";
        var packerError = failure.Data["packerError"] as string;
        var closing = new List<string?>();
        if (packerError is not null) closing.AddRange(_packer.Errored(NominalElapsed(), packerError, keep));
        else if (failure.Code == "BuildTimeout") closing.AddRange(_packer.Cancelled());
        if (_run.Log.Snapshot().Count > 0) closing.Add(_packer.Done());
        // A replayed log that errored holds Packer's own ending already.
        if (_replay is null || packerError is null) await _run.Log.Append(closing.OfType<string>(), CancellationToken.None);
        if (failure.ErrorKind == "validation") await _run.ValidationLog.Append(new[] { _packer.Telemetry("Finalizing."), _packer.Done() }.OfType<string>(), CancellationToken.None);

        if (!keep) _deployer?.RemoveAll();
        SetRunState(_state, _runtime, "Failed", null, failure.RunStatusMessage, finished: true);
        _run.Operation.Complete("Failed", failure.Code, failure.Message);
    }

    private async Task Canceled()
    {
        await _run.Log.Append(_packer.Cancelled().Append(_packer.Done()).OfType<string>(), CancellationToken.None);
        await Task.Delay(_state.Scaled(60), _state.Epoch); // Packer stops and cleans up: about a minute
        _deployer?.RemoveAll();
        SetRunState(_state, _runtime, "Canceled", null, "The build was canceled.", finished: true);
        _run.Operation.Complete("Canceled", "OperationCanceled", "The build was canceled by the user.");
        _run.CancelOperation?.Complete("Succeeded");
    }
}
