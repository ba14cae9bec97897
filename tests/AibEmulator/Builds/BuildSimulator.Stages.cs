using System.Text.Json.Nodes;
using AibEmulator.State;

namespace AibEmulator.Builds;

/// <summary>The middle stages of a build: customizers (succeeding, failing with the scenario's lines, or
/// hanging until the timeout), VM boot optimization, and in-VM validation on its own VM.</summary>
public sealed partial class BuildSimulator
{
    private async Task Customizing()
    {
        SetRunState(_state, _runtime, "Running", "Customizing");
        var customizers = _template["properties"]?["customize"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var outcome = (string?)_settings["outcome"] ?? "succeed";
        var failing = (int?)_settings["failingCustomizer"] ?? Math.Max(1, customizers.Count);
        for (var i = 0; i < customizers.Count; i++)
        {
            var c = customizers[i];
            var isFailing = i + 1 == failing;
            if (isFailing && outcome == "customizerFails") await FailCustomizer(c, i);
            if (isFailing && outcome == "timeout") await Hang(c);
            await Delay(60);
            await Log(_packer.Customizer(i, (string?)c["type"], (string?)c["name"], Windows).ToArray());
        }
        if (customizers.Count == 0 && outcome is "customizerFails" or "timeout")
            throw new InvalidOperationException($"build outcome '{outcome}' needs a template with customizers");
        var deprovisioning = Windows ? "PowerShell" : "Shell";
        await Log(_packer.Telemetry($"Starting provisioner {PackerLog.ProvisionerName(deprovisioning)}"),
            _packer.Ui(Windows ? "==> azure-arm: Provisioning with powershell script: c:\\DeprovisioningScript.ps1" : "==> azure-arm: Provisioning with shell script: /tmp/DeprovisioningScript.sh"));
        await Delay(30);
        await Log(_packer.ProvisionerEnd(deprovisioning, 0));
    }

    /// <summary>Streams a real log at its own pace (scaled); Customizing starts with its first provisioner, and the
    /// run ends as the log does: Packer's error fails it, a finished build goes on to distribution.</summary>
    private async Task Replaying(LogReplay replay)
    {
        var customizing = false;
        foreach (var (wait, lines) in replay.Batches())
        {
            await Delay(wait);
            if (!customizing && lines.Any(l => l.Contains("Provisioning with ", StringComparison.Ordinal)))
            {
                customizing = true;
                SetRunState(_state, _runtime, "Running", "Customizing");
            }
            await _run.Log.Append(lines, _token);
        }
        if (replay.Error is not null) throw PackerFailure(replay.Error, "customizer");
    }

    private async Task FailCustomizer(JsonObject customizer, int index)
    {
        var type = (string?)customizer["type"];
        var exitCode = (int?)_settings["exitCode"] ?? 1;
        await Log(_packer.ProvisionerStart(index, type, (string?)customizer["name"], Windows));
        await Delay(30);
        await Log(ScenarioSeeder.Strings(_settings["logLines"]).Select(_packer.Output));
        var error = $"Script exited with non-zero exit status: {exitCode}. Allowed exit codes are: [0]";
        await Log(_packer.StepFailed(type, exitCode, error));
        throw PackerFailure(error, "customizer");
    }

    /// <summary>A customizer that never finishes: the build's timeout ends it.</summary>
    private async Task Hang(JsonObject customizer)
    {
        await Log(_packer.ProvisionerStart(999, (string?)customizer["type"], (string?)customizer["name"], Windows));
        foreach (var line in ScenarioSeeder.Strings(_settings["logLines"])) await Log(_packer.Output(line));
        while (true)
        {
            await Delay(60);
            await Log(_packer.Output("Waiting for process to complete..."));
        }
    }

    private async Task Optimizing()
    {
        await Stage("Optimizing", 60);
        await Log(_packer.Ui("==> azure-arm: Applying VM boot optimization ..."));
    }

    private Task ValidationLog(params IEnumerable<string?> lines) => _run.ValidationLog.Append(lines.OfType<string>(), _token);

    private async Task Validating(JsonObject validate)
    {
        SetRunState(_state, _runtime, "Running", "Validating");
        if (_state.Azurite.BlobEndpoint is not null && _runtime.StorageAccountName is { } account)
        {
            try { await _run.ValidationLog.AttachBlob(_state.Azurite.BlobEndpoint + "/" + account, account, _state.Azurite.KeyOf(account), _run.LogFolder, _token, "validation.log"); }
            catch (Exception e) when (e is not OperationCanceledException) { Console.Error.WriteLine($"warning: cannot write validation.log to Azurite: {e.Message}"); }
        }
        var validations = validate["inVMValidations"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        // Validation runs on its own VM in the build subnet, from the captured image (or the source).
        var buildVm = _deployer!.Created.Last(id => id.Contains("/virtualMachines/pkrvm", StringComparison.OrdinalIgnoreCase));
        var subnet = (string)_state.Store.Get(_deployer.Created.First(id => id.Contains("/networkInterfaces/pkrni", StringComparison.OrdinalIgnoreCase)))!["properties"]!["ipConfigurations"]![0]!["properties"]!["subnet"]!["id"]!;
        var size = (string?)_state.Store.Get(buildVm)?["properties"]?["hardwareProfile"]?["vmSize"] ?? "Standard_D2ds_v4";
        var suffix = Guid.NewGuid().ToString("N")[..10];
        await ValidationLog(_packer.Header());
        await ValidationLog(_packer.Ui("==> azure-arm: Deploying validation VM ..."));
        TopologyResources.Vm(_state, _deployer, $"pkrvmval{suffix}", size, subnet, $"pkrnival{suffix}", $"pkrosval{suffix}");
        await Delay(60);
        foreach (var v in validations)
        {
            await Delay(45);
            await ValidationLog(_packer.Telemetry($"Starting provisioner {PackerLog.ProvisionerName((string?)v["type"])}"),
                _packer.Output($"validation '{(string?)v["name"] ?? "validation"}' running"));
        }
        if ((string?)_settings["outcome"] == "validationFails")
        {
            await ValidationLog(ScenarioSeeder.Strings(_settings["logLines"]).Select(_packer.Output));
            await ValidationLog(_packer.UiError("==> azure-arm: Script exited with non-zero exit status: 1. Allowed exit codes are: [0]"));
            var failure = PackerFailure("Validation failed: Script exited with non-zero exit status: 1. Allowed exit codes are: [0]", "validation");
            // continueDistributeOnFailure: the images are still distributed, but the run is reported Failed.
            if (validate["continueDistributeOnFailure"]?.GetValue<bool>() == true) await Distributing(failure);
            throw failure;
        }
        await Delay(30);
        await ValidationLog(_packer.Telemetry("Finalizing."), _packer.Done());
    }
}
