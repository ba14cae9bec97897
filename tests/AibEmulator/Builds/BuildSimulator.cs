using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.ImageBuilder;
using AibEmulator.Providers;
using AibEmulator.State;

namespace AibEmulator.Builds;

/// <summary>Simulates one isolated build on the scenario's time scale: Queued → Building → Customizing →
/// (Optimizing) → (Validating) → Distributing, with the topology's temporary resources, the ACI and its live
/// log, customization.log growing in Azurite, and the scenario's outcome (succeed, customizer failure,
/// timeout, validation failure) or a failure raised by ARM/ACI rules on the way.</summary>
public sealed partial class BuildSimulator
{
    private readonly EmulatorState _state;
    private readonly TemplateRuntime _runtime;
    private readonly BuildRun _run;
    private readonly JsonObject _template;
    private readonly JsonObject _settings;
    private readonly PackerLog _packer;
    /// <summary>A real log replayed instead of the generated one (scenario build.replayLog), or null.</summary>
    private readonly LogReplay? _replay;
    private readonly CancellationTokenSource _timeout = new();
    private readonly CancellationToken _token;
    private StagingDeployer? _deployer;

    private BuildSimulator(EmulatorState state, TemplateRuntime runtime, BuildRun run)
    {
        _state = state;
        _runtime = runtime;
        _run = run;
        _template = state.Store.Get(runtime.Id)!;
        _settings = state.Scenario["build"] as JsonObject ?? new JsonObject();
        if ((string?)_settings["replayLog"] is { } replayLog)
        {
            _replay = LogReplay.Read(ReferenceData.RepositoryFile(state.ReferenceDirectory, replayLog));
            run.PackerOperationId = _replay.OperationId ?? run.PackerOperationId;
        }
        _packer = new PackerLog(run.PackerOperationId, (string?)_settings["logFormat"] ?? (string?)state.Scenario["logFormat"] ?? "ui");
        _token = CancellationTokenSource.CreateLinkedTokenSource(state.Epoch, run.Cancel.Token, _timeout.Token).Token;
    }

    /// <summary>Starts a run (caller holds the runtime's lock): lastRunStatus Running/Queued at once.</summary>
    public static void Start(EmulatorState state, TemplateRuntime runtime, AsyncOperation op)
    {
        var run = new BuildRun { Operation = op };
        runtime.Run = run;
        foreach (var output in state.Store.OfType("Microsoft.VirtualMachineImages/imageTemplates/runOutputs", runtime.Id + "/"))
            state.Store.Delete((string)output["id"]!);
        state.Store.Update(runtime.Id, t => t["properties"]!["lastRunStatus"] = new JsonObject
        {
            ["startTime"] = DateTime.UtcNow.ToString("o"),
            ["endTime"] = "0001-01-01T00:00:00Z",
            ["runState"] = "Running",
            ["runSubState"] = "Queued",
            ["message"] = "",
        });
        var simulator = new BuildSimulator(state, runtime, run);
        _ = Task.Run(simulator.Execute);
    }

    public static void SetRunState(EmulatorState state, TemplateRuntime runtime, string runState, string? subState, string? message = null, bool finished = false)
    {
        state.Store.Update(runtime.Id, t =>
        {
            var status = t["properties"]!["lastRunStatus"] as JsonObject ?? new JsonObject();
            status["runState"] = runState;
            if (subState is not null) status["runSubState"] = subState;
            if (message is not null) status["message"] = message;
            if (finished) status["endTime"] = DateTime.UtcNow.ToString("o");
            t["properties"]!["lastRunStatus"] = status;
        });
        if (finished) ImageBuilder.Triggers.RunFinished(state, runtime, runState);
    }

    private async Task Execute()
    {
        var minutes = (int?)_template["properties"]?["buildTimeoutInMinutes"] ?? 0;
        _timeout.CancelAfter(_state.Scaled((minutes == 0 ? 240 : minutes) * 60));
        try
        {
            await Stage("Queued", 30);
            await Building();
            if (_replay is not null) await Replaying(_replay);
            else await Customizing();
            if ((string?)_template["properties"]?["optimize"]?["vmBoot"]?["state"] == "Enabled") await Optimizing();
            if (_template["properties"]?["validate"] is JsonObject validate) await Validating(validate);
            await Distributing();
        }
        catch (BuildFailure failure)
        {
            await Fail(failure);
        }
        catch (OperationCanceledException) when (_timeout.IsCancellationRequested && !_run.CancelRequested && !_state.Epoch.IsCancellationRequested)
        {
            await Fail(Timeout());
        }
        catch (OperationCanceledException) when (_run.CancelRequested && !_state.Epoch.IsCancellationRequested)
        {
            await Canceled();
        }
        catch (OperationCanceledException)
        {
            // The scenario was reloaded: this run's world is gone.
        }
        catch (Exception e)
        {
            await Fail(new BuildFailure("InternalOperationError", "Internal error occurred. This is a generic error. " + e.Message, "Internal error occurred: " + e.Message));
        }
        finally
        {
            _run.IsFinished = true;
        }
    }

    private Task Stage(string subState, double nominalSeconds)
    {
        SetRunState(_state, _runtime, "Running", subState);
        return Delay(nominalSeconds);
    }

    private Task Delay(double nominalSeconds) => Task.Delay(_state.Scaled(nominalSeconds), _token);

    private readonly DateTime _startedAt = DateTime.UtcNow;

    /// <summary>Build time as Packer would print it, in the simulated (unscaled) clock: "9 minutes 12 seconds".</summary>
    private string NominalElapsed()
    {
        var seconds = (int)((DateTime.UtcNow - _startedAt).TotalSeconds / Math.Max(_state.TimeScale, 1e-6));
        return $"{seconds / 60} minutes {seconds % 60} seconds";
    }

    /// <summary>Appends lines to customization.log; null lines (not written by this log generation) are dropped.</summary>
    /// <summary>Appends lines to customization.log; null lines (not written by this log generation) are dropped.
    /// A replayed log writes itself: generated lines are not added to it.</summary>
    private Task Log(params IEnumerable<string?> lines) => _replay is not null ? Task.CompletedTask : _run.Log.Append(lines.OfType<string>(), _token);

    private bool Windows => (string?)_template["properties"]?["source"]?["offer"] is { } offer && offer.Contains("Windows", StringComparison.OrdinalIgnoreCase)
                            || _template["properties"]?["customize"]?.AsArray().Any(c => (string?)c?["type"] is "PowerShell" or "WindowsRestart" or "WindowsUpdate") == true;

    private async Task Building()
    {
        SetRunState(_state, _runtime, "Running", "Building");
        var stagingId = _runtime.StagingResourceGroupId ?? throw new BuildFailure("BadStagingResourceGroup", "The template has no staging resource group.", "The template has no staging resource group.");
        if (!_state.Store.Exists(stagingId) && _runtime.StagingCreatedByService)
            TemplateProvisioning.RecreateStaging(_state, _runtime, _template); // the service's own group is made again
        if (!_state.Store.Exists(stagingId))
            throw new BuildFailure("BadStagingResourceGroup", $"The staging resource group '{stagingId}' does not exist anymore.",
                $"The staging resource group '{stagingId}' was deleted. Delete and recreate the template.");
        var principal = TemplateProvisioning.PrincipalOf(_state, _template);
        _deployer = new StagingDeployer(_state, stagingId, principal, _template["properties"]?["managedResourceTags"] as JsonObject);
        SourceAccess.CheckSource(_state, _template, principal);
        SourceAccess.ResolveLatest(_state, _runtime.Id, _template);
        await EnsureStorageAccount(stagingId);

        var suffix = Guid.NewGuid().ToString("N")[..10];
        var topology = ImageBuilder.TemplateRules.Topology(_template);
        var vnetConfig = _template["properties"]?["vmProfile"]?["vnetConfig"] as JsonObject ?? new JsonObject();
        var placement = TopologyResources.CreateNetwork(_state, _deployer, topology, vnetConfig, suffix);
        var group = TopologyResources.ContainerGroup(_state, _deployer, placement, suffix, _runtime.StorageAccountName!);
        _run.ContainerGroupId = (string)group["id"]!;
        _run.ContainerName = (string)group["properties"]!["containers"]![0]!["name"]!;
        await Log(_packer.Header());
        await Log(_packer.Ui($"==> azure-arm: Using existing resource group ..."),
            _packer.Ui($"==> azure-arm:  -> ResourceGroupName : '{_deployer.StagingGroupName}'"),
            _packer.Ui("==> azure-arm: Validating deployment template ..."));
        await Delay(40);

        var vmSize = (string?)_template["properties"]?["vmProfile"]?["vmSize"];
        var diskGb = (int?)_template["properties"]?["vmProfile"]?["osDiskSizeGB"] ?? 0;
        var vmSuffix = suffix;
        await Log(_packer.Ui("==> azure-arm: Deploying deployment template ..."),
            _packer.Ui($"==> azure-arm:  -> DeploymentName    : 'pkrdp{vmSuffix}'"),
            _packer.Plugin($"Waiting for deployment {_deployer.Id("Microsoft.Resources/deployments", "pkrdp" + vmSuffix)}/operationStatuses/{Guid.NewGuid()} ..."));
        SourceAccess.CheckVmIdentities(_state, _deployer, _template, $"pkrvm{vmSuffix}");
        var size = string.IsNullOrEmpty(vmSize) ? "Standard_D2ds_v4" : vmSize;
        if (VmQuota.Exceeded(_state, size) is { } quota)
        {
            // Packer's deployment fails; the ARM error is in the log (PACKER ERR), the run ends PackerBuildFailed.
            await Log(_packer.Plugin($"Error: polling after CreateOrUpdate: Code=\"QuotaExceeded\" Message=\"{quota}\""),
                _packer.UiError($"==> azure-arm: ERROR: -> QuotaExceeded : {quota}"));
            throw PackerFailure("Code=\"QuotaExceeded\" " + quota, null);
        }
        TopologyResources.Vm(_state, _deployer, $"pkrvm{vmSuffix}", size, placement.BuildSubnetId,
            $"pkrni{vmSuffix}", $"pkros{vmSuffix}", diskGb == 0 ? 30 : diskGb);
        if ((bool?)_settings["plantPublicIp"] == true)
        {
            // Something outside AIB (a DeployIfNotExists policy, a script) adds a public IP: isolated builds never do.
            _deployer.Create("Microsoft.Network/publicIPAddresses", $"pip{vmSuffix}",
                new JsonObject { ["publicIPAllocationMethod"] = "Static", ["ipAddress"] = "20.61.12.34", ["publicIPAddressVersion"] = "IPv4" });
        }
        await Delay(80);
        await Log(_packer.Ui("==> azure-arm: Getting the VM's IP address ..."),
            _packer.Ui("==> azure-arm:  -> IP Address        : '10.1.1.4'"),
            Windows ? _packer.Ui("==> azure-arm: Waiting for WinRM to become available...") : _packer.Ui("==> azure-arm: Waiting for SSH to become available..."));
        await Delay(30);
        await Log(_packer.Connecting(Windows));
    }

    /// <summary>The staging storage account is made on the first run and kept across runs (logs accumulate).</summary>
    private async Task EnsureStorageAccount(string stagingId)
    {
        var groupName = stagingId[(stagingId.LastIndexOf('/') + 1)..];
        if (_runtime.StorageAccountName is null || !_state.Store.Exists(ArmShapes.Id(_state.SubscriptionId, groupName, Storage.Type, _runtime.StorageAccountName)))
        {
            var account = _state.Azurite.Take();
            var resource = Storage.NewAccount(_state, groupName, account, _template["properties"]?["managedResourceTags"] as JsonObject);
            try { _deployer!.ApplyPolicies(resource); }
            catch { _state.Azurite.Release(account); throw; }
            _state.Store.Put(resource);
            _runtime.StorageAccountName = account;
        }
        if (_state.Azurite.BlobEndpoint is null) return;
        try
        {
            await _run.Log.AttachBlob(_state.Azurite.BlobEndpoint + "/" + _runtime.StorageAccountName, _runtime.StorageAccountName,
                _state.Azurite.KeyOf(_runtime.StorageAccountName), _run.LogFolder, _token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"warning: cannot write customization.log to Azurite: {e.Message}");
        }
    }

    private async Task Distributing(BuildFailure? validationFailure = null)
    {
        SetRunState(_state, _runtime, "Running", "Distributing");
        await Log(_packer.Ui("==> azure-arm: Querying the machine's properties ..."),
            _packer.Ui("==> azure-arm: Powering off machine ..."),
            _packer.Ui("==> azure-arm: Generalizing machine ..."));
        var snapshot = _deployer!.Create("Microsoft.Compute/snapshots", $"pkrsn{Guid.NewGuid():N}"[..15], new JsonObject { ["diskSizeGB"] = 30 });
        await Log(_packer.Ui($"==> azure-arm:  -> Snapshot ID : '{snapshot["id"]}'"),
            _packer.Ui("==> azure-arm: Skipping image creation..."));
        await Delay(90);
        var results = Distribution.Distribute(_state, _runtime, _template, TemplateProvisioning.PrincipalOf(_state, _template));
        await Log(_packer.Finished(NominalElapsed()));
        await Log(_packer.Done());
        if (validationFailure is not null) return; // Fail() reports the run and cleans up
        await Delay(30);
        _deployer.RemoveAll();
        var failed = results.Where(r => r.Error is not null).ToList();
        var state = failed.Count == 0 ? "Succeeded" : failed.Count == results.Count ? "Failed" : "PartiallySucceeded";
        var message = failed.Count == 0 ? "" : Distribution.FailureMessage(results);
        SetRunState(_state, _runtime, state, "Distributing", message, finished: true);
        // The code AIB gives a failed distribution (danielsollondon/azvmimagebuilder#12, #50).
        if (state == "Failed") _run.Operation.Complete("Failed", "InternalOperationError", message);
        else _run.Operation.Complete("Succeeded");
    }
}
