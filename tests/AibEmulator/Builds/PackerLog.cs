namespace AibEmulator.Builds;

/// <summary>Writes Packer log lines in one of the three generations seen in real customization.logs
/// (tests/reference/logs/README.md):
/// "ui" — today's (2026, Packer 1.14.3, packer-plugin-azure 2.5.1): <c>[id] PACKER 2026/02/22 01:07:22 ui: ==> azure-arm: ...</c>,
///   no (telemetry) lines, guest output as <c>ui: ==> azure-arm: text</c>, errors as <c>ui error: ...</c>, some lines without a timestamp;
/// "ui-telemetry" — 2023-2025: the same <c>ui:</c> prefix with <c>(telemetry) Starting provisioner</c> lines and guest output as <c>ui:     azure-arm: text</c>;
/// "legacy" — <c>[id] PACKER OUT ...</c> / <c>[id] PACKER ERR 2020/04/30 22:29:23 ...</c>.</summary>
public sealed class PackerLog(string operationId, string generation)
{
    public enum Generations { Current, Telemetry, Legacy }

    public Generations Generation { get; } = generation.ToLowerInvariant() switch
    {
        "legacy" => Generations.Legacy,
        "ui-telemetry" => Generations.Telemetry,
        "ui" => Generations.Current,
        _ => throw new ArgumentException($"logFormat '{generation}' is not one of ui, ui-telemetry, legacy."),
    };

    private bool Legacy => Generation == Generations.Legacy;
    private bool Current => Generation == Generations.Current;

    /// <summary>The azure plugin's process name as today's logs print it.</summary>
    private const string AzurePlugin = "packer-plugin-azure_v2.5.1_x5.0_linux_amd64";

    private static string Now => DateTime.UtcNow.ToString("yyyy/MM/dd HH:mm:ss");

    /// <summary>What Packer shows the user (stdout).</summary>
    public string Ui(string text) => Legacy ? $"[{operationId}] PACKER OUT {text}" : $"[{operationId}] PACKER {Now} ui: {text}";

    /// <summary>What Packer shows the user as an error (stderr of the ui).</summary>
    public string UiError(string text) => Current ? $"[{operationId}] PACKER {Now} ui error: {text}"
        : Legacy ? $"[{operationId}] PACKER ERR {text}" : Ui("error: " + text);

    /// <summary>Packer's own debug log (stderr).</summary>
    public string Debug(string text) => Legacy ? $"[{operationId}] PACKER ERR {Now} {text}" : $"[{operationId}] PACKER {Now} {text}";

    /// <summary>A line from the azure plugin process.</summary>
    public string Plugin(string text) => Debug($"{Generation switch { Generations.Current => AzurePlugin, Generations.Telemetry => "/aib/packerInput/packer-plugin-azure", _ => "packer-plugin-azure" }} plugin: {Now} {text}");

    /// <summary>A (telemetry) line: older generations only (null today, the caller drops it).</summary>
    public string? Telemetry(string text) => Current ? null : Debug("[INFO] (telemetry) " + text);

    /// <summary>Packer's "\n==> ..." messages: the ui prefix ends one line and the text starts the next, without
    /// a timestamp (BuildLog splits the two lines). <paramref name="lead"/> is what precedes the break today.</summary>
    public string Summary(string text, string lead = "ui: ") => Legacy ? $"[{operationId}] PACKER OUT {text}"
        : Current ? $"[{operationId}] PACKER {Now} {lead}\n[{operationId}] PACKER {text}" : $"[{operationId}] PACKER {text}";

    /// <summary>What a provisioner's script printed.</summary>
    public string Output(string text) => Ui((Current ? "==> azure-arm: " : "    azure-arm: ") + text);

    public string Done() => Legacy
        ? $"Done exporting Packer logs to Azure for Packer prefix: [{operationId}] PACKER OUT"
        : $"[{operationId}] PACKER Done exporting Packer logs to Azure Storage.";

    public static string ProvisionerName(string? customizerType) => customizerType switch
    {
        "PowerShell" => "powershell",
        "File" => "file",
        "WindowsRestart" => "windows-restart",
        "WindowsUpdate" => "windows-update",
        _ => "shell",
    };

    /// <summary>Packer's start-up: version header, plugin discovery, builder start (with today's harmless noise).</summary>
    public IEnumerable<string?> Header()
    {
        if (!Current)
        {
            yield return Debug("[INFO] Packer version: 1.10.2 [go1.21.7 linux amd64]");
            yield return Debug("Checking 'PACKER_CONFIG' for a config file path");
            yield return Telemetry("Starting builder azure-arm");
            yield return Ui("==> azure-arm: Running builder ...");
            yield return Ui("==> azure-arm: Getting tokens using Managed Identity for Azure");
            yield break;
        }
        yield return Debug("[INFO] Packer version: 1.14.3 [go1.24.0 linux amd64]");
        yield return Debug("[INFO] PACKER_CONFIG env var not set; checking the default config file path");
        yield return Debug("[WARN] Config file doesn't exist: /root/.packerconfig");
        yield return $"[{operationId}] PACKER e: Running in background, not using a TTY";
        yield return Debug("[INFO] found external [arm chroot dtl] builders from azure plugin");
        yield return Debug($"[INFO] Starting external plugin /root/.config/packer/plugins/github.com/hashicorp/azure/{AzurePlugin} start builder --protobuf arm");
        yield return Debug("[INFO] Starting external plugin /aib/packerInput/packer execute --protobuf packer-provisioner-shell");
        yield return Debug("Preparing build: azure-arm");
        // Harmless in every real 2026 log: the plugin falls back to the built-in cloud endpoints.
        yield return Plugin("Error looking up environment using metadata host: retrieving metadata from endpoint \"management.azure.com\": performing request: Get \"management.azure.com/metadata/endpoints?api-version=2022-09-01\": unsupported protocol scheme \"\"");
        yield return Debug($"{AzurePlugin} plugin: Falling back to hardcoded mechanism...");
        yield return Ui("azure-arm: output will be in this color.");
        yield return Ui("");
        yield return Debug("Running builder: azure-arm");
        yield return Ui("==> azure-arm: Running builder ...");
        yield return Ui("==> azure-arm: Creating Azure Resource Manager (ARM) client ...");
        yield return Ui("==> azure-arm: ARM Client successfully created");
    }

    /// <summary>The communicator connects; today's Windows logs show WinRM 401 retries first (harmless).</summary>
    public IEnumerable<string?> Connecting(bool windows)
    {
        if (!windows)
        {
            yield return Ui("==> azure-arm: Connected to SSH!");
            yield break;
        }
        if (Current)
            foreach (var _ in Enumerable.Range(0, 2))
            {
                yield return Plugin("[INFO] Attempting WinRM connection...");
                yield return Plugin("[ERROR] connection error: http response error: 401 - invalid content type");
                yield return Plugin("[ERROR] WinRM connection err: http response error: 401 - invalid content type");
            }
        yield return Ui("==> azure-arm: WinRM connected.");
        if (Current) yield return Ui("==> azure-arm: Connected to WinRM!");
    }

    /// <summary>The lines that start a customizer: "Provisioning with ..." as Packer announces each provisioner type.</summary>
    public IEnumerable<string?> ProvisionerStart(int index, string? type, string? name, bool windows)
    {
        yield return Telemetry($"Starting provisioner {ProvisionerName(type)}");
        var n = 1000 + index;
        switch (type)
        {
            case "File":
                yield return Ui($"==> azure-arm: Uploading {name ?? "file"} => destination");
                break;
            case "WindowsRestart":
                yield return Ui("==> azure-arm: Restarting Machine");
                yield return Ui("==> azure-arm: Waiting for machine to restart...");
                break;
            case "WindowsUpdate":
                yield return Ui("==> azure-arm: Uploading the Windows update elevated script...");
                break;
            case "PowerShell" when Current:
                yield return Ui("==> azure-arm: Provisioning with Powershell...");
                yield return Ui($"==> azure-arm: Provisioning with powershell script: /tmp/powershell-provisioner{n}");
                break;
            case "PowerShell":
                yield return Ui($"==> azure-arm: Provisioning with powershell script: {(windows ? "C:/Windows/Temp" : "/tmp")}/powershell-provisioner{n}");
                break;
            default:
                yield return Ui($"==> azure-arm: Provisioning with shell script: /tmp/packer-shell{n}");
                break;
        }
        if (Current && type is "PowerShell" or "Shell" or null) yield return Debug("[INFO] 74 bytes written for 'uploadData'");
    }

    /// <summary>The lines that end a customizer with the communicator's exit code.</summary>
    public IEnumerable<string?> ProvisionerEnd(string? type, int exitCode)
    {
        yield return Plugin($"[INFO] RPC endpoint: Communicator ended with: {exitCode}");
        yield return Telemetry($"ending {ProvisionerName(type)}");
    }

    /// <summary>The lines a customizer produces when it succeeds.</summary>
    public IEnumerable<string?> Customizer(int index, string? type, string? name, bool windows)
    {
        foreach (var line in ProvisionerStart(index, type, name, windows)) yield return line;
        switch (type)
        {
            case "WindowsRestart":
                yield return Output("restarted.");
                yield return Ui("==> azure-arm: Machine successfully restarted, moving on");
                break;
            case "WindowsUpdate":
                yield return Output("Found 0 updates matching the search criteria.");
                break;
            case "PowerShell" or "Shell" or null:
                yield return Output($"{name ?? "customizer"} completed");
                break;
        }
        foreach (var line in ProvisionerEnd(type, 0)) yield return line;
    }

    /// <summary>A failing provisioner's last lines (its output came before).</summary>
    public IEnumerable<string?> StepFailed(string? type, int exitCode, string error)
    {
        foreach (var line in ProvisionerEnd(type, exitCode)) yield return line;
        if (Current)
        {
            yield return Ui("==> azure-arm:");
            yield return Ui("==> azure-arm: Provisioning step had errors: Running the cleanup provisioner, if present...");
            yield break;
        }
        yield return UiError($"==> azure-arm: {error}");
        yield return Summary("==> azure-arm: Provisioning step had errors: Running the cleanup provisioner, if present...");
    }

    /// <summary>Packer's end after a failure: cleanup (or not, errorHandling abort), "errored after", the summary.</summary>
    public IEnumerable<string?> Errored(string elapsed, string error, bool keepResources)
    {
        if (keepResources)
            yield return Summary("==> azure-arm: Step \"StepDeployTemplate\": skipping cleanup (errorHandling abort), resources are kept.", "ui: ==> azure-arm: ");
        else if (Current)
        {
            yield return Summary("==> azure-arm: Deleting Virtual Machine deployment and its attached resources...", "ui: ==> azure-arm: ");
            yield return Summary("==> azure-arm: The resource group was not created by Packer, not deleting ...", "ui: ==> azure-arm: ");
        }
        else yield return Summary("==> azure-arm: Deleting individual resources ...");
        if (!Current)
        {
            yield return Ui($"Build 'azure-arm' errored after {elapsed}: {error}");
            yield return Summary("==> Some builds didn't complete successfully and had errors:");
            yield return Ui($"--> azure-arm: {error}");
            yield return Summary("==> Builds finished but no artifacts were created.");
            yield return Telemetry("Finalizing.");
            yield break;
        }
        yield return UiError($"Build 'azure-arm' errored after {elapsed}: {error}");
        yield return Summary($"==> Wait completed after {elapsed}");
        yield return Debug("machine readable: error-count []string{\"1\"}");
        yield return Summary("==> Some builds didn't complete successfully and had errors:", "ui error: ");
        yield return Debug($"machine readable: azure-arm,error []string{{\"{error}\"}}");
        yield return UiError($"--> azure-arm: {error}");
        yield return Summary("==> Builds finished but no artifacts were created.");
        foreach (var line in PluginsExit()) yield return line;
    }

    /// <summary>Packer's end after success (AIB captures a snapshot, so Packer itself makes no artifact).</summary>
    public IEnumerable<string?> Finished(string elapsed)
    {
        yield return Summary("==> azure-arm: Deleting individual resources ...", Current ? "ui: ==> azure-arm: " : "ui: ");
        yield return Ui($"Build 'azure-arm' finished after {elapsed}.");
        if (Current) yield return Summary($"==> Wait completed after {elapsed}");
        yield return Summary("==> Builds finished but no artifacts were created.");
        yield return Telemetry("Finalizing.");
        foreach (var line in PluginsExit()) yield return line;
    }

    private IEnumerable<string> PluginsExit()
    {
        yield return Debug("waiting for all plugin processes to complete...");
        if (!Current) yield break;
        yield return Debug("/aib/packerInput/packer: plugin process exited");
        // Harmless in real 2026 logs: a plugin's stream closes as it exits.
        yield return Debug("[ERR] Error decoding response stream 21: EOF");
        yield return Debug($"/root/.config/packer/plugins/github.com/hashicorp/azure/{AzurePlugin}: plugin process exited");
    }

    /// <summary>How the build stops when it is cancelled (timeout or user).</summary>
    public IEnumerable<string?> Cancelled()
    {
        yield return Debug("Cancelling builder after context cancellation context canceled");
        yield return Telemetry("Finalizing.");
    }
}
