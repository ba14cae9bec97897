namespace AibEmulator.Builds;

/// <summary>Writes Packer log lines in one of the two generations seen in real customization.logs
/// (aib-isolated-builds.md §7): "ui" — <c>[id] PACKER 2025/03/18 20:42:48 ui: ...</c> — or "legacy" —
/// <c>[id] PACKER OUT ...</c> / <c>[id] PACKER ERR 2020/04/30 22:29:23 ...</c>.</summary>
public sealed class PackerLog(string operationId, string generation)
{
    public bool Legacy { get; } = string.Equals(generation, "legacy", StringComparison.OrdinalIgnoreCase);

    private static string Now => DateTime.UtcNow.ToString("yyyy/MM/dd HH:mm:ss");

    /// <summary>What Packer shows the user (stdout).</summary>
    public string Ui(string text) => Legacy ? $"[{operationId}] PACKER OUT {text}" : $"[{operationId}] PACKER {Now} ui: {text}";

    /// <summary>Packer's own debug log (stderr).</summary>
    public string Debug(string text) => Legacy ? $"[{operationId}] PACKER ERR {Now} {text}" : $"[{operationId}] PACKER {Now} {text}";

    /// <summary>A line from the azure plugin process.</summary>
    public string Plugin(string text) => Debug($"{(Legacy ? "" : "/aib/packerInput/")}packer-plugin-azure plugin: {Now} {text}");

    /// <summary>Packer's "==> ..." summary lines.</summary>
    public string Summary(string text) => Legacy ? $"[{operationId}] PACKER OUT {text}" : $"[{operationId}] PACKER {text}";

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

    /// <summary>The lines a customizer produces when it succeeds.</summary>
    public IEnumerable<string> Customizer(int index, string? type, string? name, bool windows)
    {
        var provisioner = ProvisionerName(type);
        yield return Debug($"[INFO] (telemetry) Starting provisioner {provisioner}");
        switch (type)
        {
            case "File":
                yield return Ui($"==> azure-arm: Uploading {name ?? "file"} => destination");
                break;
            case "WindowsRestart":
                yield return Ui("==> azure-arm: Restarting Machine");
                yield return Ui("==> azure-arm: Waiting for machine to restart...");
                yield return Ui("    azure-arm: restarted.");
                yield return Ui("==> azure-arm: Machine successfully restarted, moving on");
                break;
            case "WindowsUpdate":
                yield return Ui("==> azure-arm: Uploading the Windows update elevated script...");
                yield return Ui("    azure-arm: Found 0 updates matching the search criteria.");
                break;
            case "PowerShell":
                yield return Ui($"==> azure-arm: Provisioning with powershell script: {(windows ? "C:/Windows/Temp" : "/tmp")}/powershell-provisioner{1000 + index}");
                yield return Ui($"    azure-arm: {name ?? "customizer"} completed");
                break;
            default:
                yield return Ui($"==> azure-arm: Provisioning with shell script: /tmp/packer-shell{1000 + index}");
                yield return Ui($"    azure-arm: {name ?? "customizer"} completed");
                break;
        }
        yield return Plugin("[INFO] RPC endpoint: Communicator ended with: 0");
        yield return Debug($"[INFO] (telemetry) ending {provisioner}");
    }
}
