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
        var provisioner = Windows ? "powershell" : "shell";
        await Log(_packer.Debug($"[INFO] (telemetry) Starting provisioner {provisioner}"),
            _packer.Ui(Windows ? "==> azure-arm: Provisioning with powershell script: c:\\DeprovisioningScript.ps1" : "==> azure-arm: Provisioning with shell script: /tmp/DeprovisioningScript.sh"));
        await Delay(30);
        await Log(_packer.Plugin("[INFO] RPC endpoint: Communicator ended with: 0"), _packer.Debug($"[INFO] (telemetry) ending {provisioner}"));
    }

    private async Task FailCustomizer(JsonObject customizer, int index)
    {
        var provisioner = PackerLog.ProvisionerName((string?)customizer["type"]);
        var exitCode = (int?)_settings["exitCode"] ?? 1;
        await Log(_packer.Debug($"[INFO] (telemetry) Starting provisioner {provisioner}"),
            _packer.Ui($"==> azure-arm: Provisioning with {provisioner} script: /tmp/packer-shell{1000 + index}"));
        await Delay(30);
        var guest = ScenarioSeeder.Strings(_settings["logLines"]).Select(l => _packer.Ui("    azure-arm: " + l)).ToArray();
        var error = $"Script exited with non-zero exit status: {exitCode}. Allowed exit codes are: [0]";
        await Log(guest);
        await Log(_packer.Plugin($"[INFO] RPC endpoint: Communicator ended with: {exitCode}"),
            _packer.Debug($"[INFO] (telemetry) ending {provisioner}"),
            _packer.Ui($"error: ==> azure-arm: {error}"),
            _packer.Summary("==> azure-arm: Provisioning step had errors: Running the cleanup provisioner, if present..."));
        throw PackerFailure(error, "customizer");
    }

    /// <summary>A customizer that never finishes: the build's timeout ends it.</summary>
    private async Task Hang(JsonObject customizer)
    {
        var provisioner = PackerLog.ProvisionerName((string?)customizer["type"]);
        await Log(_packer.Debug($"[INFO] (telemetry) Starting provisioner {provisioner}"),
            _packer.Ui("==> azure-arm: Provisioning with shell script: /tmp/packer-shell1999"));
        foreach (var line in ScenarioSeeder.Strings(_settings["logLines"])) await Log(_packer.Ui("    azure-arm: " + line));
        while (true)
        {
            await Delay(60);
            await Log(_packer.Ui("    azure-arm: Waiting for process to complete..."));
        }
    }

    private async Task Optimizing()
    {
        await Stage("Optimizing", 60);
        await Log(_packer.Ui("==> azure-arm: Applying VM boot optimization ..."));
    }

    private Task ValidationLog(params string[] lines) => _run.ValidationLog.Append(lines, _token);

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
        await ValidationLog(_packer.Debug("[INFO] Packer version: 1.10.2 [go1.21.7 linux amd64]"), _packer.Ui("==> azure-arm: Deploying validation VM ..."));
        TopologyResources.Vm(_state, _deployer, $"pkrvmval{suffix}", size, subnet, $"pkrnival{suffix}", $"pkrosval{suffix}");
        await Delay(60);
        foreach (var v in validations)
        {
            await Delay(45);
            await ValidationLog(_packer.Debug($"[INFO] (telemetry) Starting provisioner {PackerLog.ProvisionerName((string?)v["type"])}"),
                _packer.Ui($"    azure-arm: validation '{(string?)v["name"] ?? "validation"}' running"));
        }
        if ((string?)_settings["outcome"] == "validationFails")
        {
            var guest = ScenarioSeeder.Strings(_settings["logLines"]).Select(l => _packer.Ui("    azure-arm: " + l)).ToArray();
            await ValidationLog(guest);
            await ValidationLog(_packer.Ui("error: ==> azure-arm: Script exited with non-zero exit status: 1. Allowed exit codes are: [0]"));
            var failure = PackerFailure("Validation failed: Script exited with non-zero exit status: 1. Allowed exit codes are: [0]", "validation");
            // continueDistributeOnFailure: the images are still distributed, but the run is reported Failed.
            if (validate["continueDistributeOnFailure"]?.GetValue<bool>() == true) await Distributing(failure);
            throw failure;
        }
        await Delay(30);
        await ValidationLog(_packer.Debug("[INFO] (telemetry) Finalizing."), _packer.Done());
    }
}
