using System.Diagnostics;
using System.Globalization;
using System.Text;
using IsolatedImageBuilds.Core.Logs;

// Usage: LogParseBench [--size-mb N] [--file PATH] [--chunk-kb N] [--keep] [--azurite BLOB_ENDPOINT --account NAME --key KEY [--azurite-pid PID] [--repeat N]]
//   --azurite  upload the log to that blob service (packerlogs/bench/customization.log) and parse it from there
//              with PersistedLogSource's ranged reads, in a child process so its peak working set is the reader's alone
//   --repeat   with --azurite: read and parse the uploaded log N times, each in a fresh process (default 1)
//   --azurite-pid  Azurite's process: the read then reports the CPU time Azurite spent serving it beside the reader's
//   --size-mb  size of the generated customization.log (default 500); ignored with --file
//   --file     parse an existing log instead of generating one (it is never deleted)
//   --chunk-kb feed the engine through LogFeed in chunks of this size, as a ranged blob download would (default: LogStreamReader)
//   --keep     keep the generated file
//   --generate-only  write the generated file (with --file-out) and stop: the parse is measured in a fresh process
int sizeMb = 500;
string? file = null;
int chunkKb = 0;
bool keep = false, generateOnly = false;
string? azurite = null, account = null, key = null, readBlob = null, downloadBlob = null, fileOut = null;
int? azuritePid = null;
int repeat = 1;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--azurite": azurite = args[++i]; break;
        case "--account": account = args[++i]; break;
        case "--key": key = args[++i]; break;
        case "--azurite-pid": azuritePid = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--read-blob": readBlob = args[++i]; break;
        case "--download-blob": downloadBlob = args[++i]; break;
        case "--file-out": fileOut = args[++i]; break;
        case "--size-mb": sizeMb = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--file": file = args[++i]; break;
        case "--chunk-kb": chunkKb = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--keep": keep = true; break;
        case "--generate-only": generateOnly = true; keep = true; break;
        default:
            Console.Error.WriteLine("Unknown argument " + args[i] + ". Usage: LogParseBench [--size-mb N] [--file PATH] [--chunk-kb N] [--keep]");
            return 2;
    }
}

if (downloadBlob != null)
{
    return BlobBench.Download(azurite!, account!, key!, downloadBlob);
}

if (readBlob != null)
{
    return BlobBench.Read(azurite!, account!, key!, readBlob, azuritePid);
}

bool generated = file == null;
string path = file ?? fileOut ?? Path.Combine(Path.GetTempPath(), "aib-bench-" + Guid.NewGuid().ToString("N") + ".log");
try
{
    if (generated)
    {
        var gen = Stopwatch.StartNew();
        LogGenerator.Write(path, (long)sizeMb * 1024 * 1024);
        Console.WriteLine($"generated  {path} ({new FileInfo(path).Length / 1048576.0:F1} MB) in {gen.Elapsed.TotalSeconds:F1} s");
    }

    if (generateOnly)
    {
        return 0;
    }

    if (azurite != null)
    {
        return BlobBench.UploadAndMeasure(path, azurite, account!, key!, azuritePid, repeat);
    }

    long bytes = new FileInfo(path).Length;
    GC.Collect();
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    long peakBefore = process.PeakWorkingSet64;

    var sw = Stopwatch.StartNew();
    var analyzer = new LogAnalyzer();
    long entries = 0;
    if (chunkKb > 0)
    {
        // Like the blob reader: fixed-size Range reads handed to LogFeed.
        var feed = new LogFeed(analyzer);
        var buffer = new byte[chunkKb * 1024];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            feed.Append(buffer, 0, n, _ => entries++);
        }
        feed.Complete(_ => entries++);
    }
    else
    {
        using var reader = LogStreamReader.OpenFile(path, analyzer);
        foreach (var _ in reader.ReadEntries()) entries++;
    }
    var summary = analyzer.GetSummary();
    sw.Stop();
    process.Refresh();

    double mb = bytes / 1048576.0;
    Console.WriteLine($"parsed     {mb:F1} MB, {entries:N0} lines in {sw.Elapsed.TotalSeconds:F2} s ({(chunkKb > 0 ? "LogFeed, " + chunkKb + " KB chunks" : "LogStreamReader")})");
    Console.WriteLine($"throughput {mb / sw.Elapsed.TotalSeconds:F1} MB/s, {entries / sw.Elapsed.TotalSeconds:N0} lines/s");
    Console.WriteLine($"peak working set {process.PeakWorkingSet64 / 1048576.0:F1} MB (before parsing {peakBefore / 1048576.0:F1} MB); GC heap now {GC.GetTotalMemory(false) / 1048576.0:F1} MB; gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
    Console.WriteLine($"summary    complete={summary.IsComplete} failed={summary.Failed} last stage={summary.LastStage} provisioners={summary.Provisioners.Count} stages={string.Join(",", summary.Stages.Select(s => s.Stage + ":" + s.Duration))}");
    Console.WriteLine($"diagnosis  {summary.Diagnosis?.ToString() ?? "(none)"} at {summary.Diagnosis?.Provisioner}#{summary.Diagnosis?.ProvisionerIndex}; findings: {string.Join(", ", summary.Findings.Select(f => f.Id + (f.Harmless ? "(harmless)" : "")))}");
    return entries > 0 ? 0 : 1;
}
finally
{
    if (generated && !keep) File.Delete(path);
}

/// <summary>
/// Writes a realistic customization.log: deploy and connect steps, then many provisioners whose output alternates
/// between the legacy (PACKER OUT/ERR) and newer (PACKER date ui:) line generations, with Packer log lines,
/// guest output, apt noise, progress lines, a few secrets for the redactor, and a failing last customizer.
/// </summary>
internal static class LogGenerator
{
    private static readonly string[] Provisioners = { "shell", "powershell", "file", "windows-restart", "windows-update" };

    private static readonly string[] Guest =
    {
        "Get:{0} http://azure.archive.ubuntu.com/ubuntu jammy-updates/main amd64 libssl3 amd64 3.0.2-0ubuntu1.{0} [1903 kB]",
        "Setting up libpython3.10-minimal:amd64 (3.10.12-1~22.04.{0}) ...",
        "Unpacking python3-pip ({0}.0.1+dfsg-1ubuntu0.3) over (22.0.2+dfsg-1) ...",
        "Processing triggers for man-db (2.10.2-1) ...",
        "Installed package Microsoft.PowerShell {0}.4.2 from https://www.powershellgallery.com/api/v2",
        "WARNING: Running pip as the 'root' user can result in broken permissions; iteration {0}",
        "Downloading https://acct.blob.core.windows.net/artifacts/tool-{0}.zip?sv=2022-11-02&se=2030-01-01&sr=b&sp=r&sig=c2VjcmV0c2lnbmF0dXJl{0}%3D",
        "myBigFile.zip {0}.50 MiB / 2.10 GiB",
        "[{0}/250] Installing update KB50{0}1234 (Cumulative Update for Windows Server)",
        "Invoke-Expression : ConvertTo-SecureString 'NotARealPassword{0}' -AsPlainText -Force",
        "ok: [{0}] all good; elapsed 0.{0}s",
        "E: Some index files failed to download. They have been ignored, or old ones used instead. ({0})",
    };

    public static void Write(string path, long targetBytes)
    {
        const string Id = "5e819c65-767c-4722-96c5-15db701d34b1";
        var time = new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        var random = new Random(12345);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        long written = 0;
        bool legacy = false;

        void Line(string text)
        {
            writer.WriteLine(text);
            written += Encoding.UTF8.GetByteCount(text) + 1;
        }
        string Ts() => time.ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture);
        void Ui(string text) => Line(legacy ? $"[{Id}] PACKER OUT {text}" : $"[{Id}] PACKER {Ts()} ui: {text}");
        void Log(string text) => Line(legacy ? $"[{Id}] PACKER ERR {Ts()} packer-plugin-azure plugin: {Ts()} {text}" : $"[{Id}] PACKER {Ts()} {text}");
        void Step(string text)
        {
            Ui("==> azure-arm: " + text);
            if (!legacy) Line($"[{Id}] PACKER ==> azure-arm: {text}");
        }

        Step("Running builder ...");
        Step("Getting source image id for the deployment ...");
        Step("Creating resource group ...");
        Step("Validating deployment template ...");
        Step("Deploying deployment template ...");
        for (int i = 0; i < 20; i++) Log($"[INFO] polling https://management.azure.com/subscriptions/x/resourcegroups/IT_x/providers/Microsoft.Resources/deployments/pkrdp{i}/operationStatuses/0858{i}?api-version=2022-09-01");
        Step("Waiting for SSH to become available...");
        Step("Connected to SSH!");

        int index = 0;
        while (written < targetBytes - 4096)
        {
            legacy = index % 2 == 1; // both generations in one file
            string name = Provisioners[random.Next(Provisioners.Length)];
            index++;
            Log($"[INFO] (telemetry) Starting provisioner {name}");
            Step($"Provisioning with {name} script: /tmp/packer-{name}-{index}");
            // About 60 provisioners whatever the size, as in a long real template (each then writes a lot).
            int average = (int)Math.Max(200, targetBytes / 150 / 60);
            int lines = random.Next(average / 2, average * 3 / 2);
            for (int i = 0; i < lines && written < targetBytes - 4096; i++)
            {
                if (i % 37 == 0) time = time.AddSeconds(1);
                if (i % 11 == 0)
                {
                    Log($"[DEBUG] Opening new ssh session; command: chmod +x /tmp/script_{i}.sh; iteration {i}");
                }
                else
                {
                    Ui("    azure-arm: " + string.Format(CultureInfo.InvariantCulture, Guest[random.Next(Guest.Length)], i));
                }
            }
            Log("[INFO] RPC client: Communicator ended with: 0");
            Log($"[INFO] (telemetry) ending {name}");
        }

        legacy = false;
        Log("[INFO] (telemetry) Starting provisioner shell");
        Step("Provisioning with shell script: /tmp/packer-shell-final");
        Ui("    azure-arm: E: Could not open file /var/lib/apt/lists/archive.ubuntu.com_ubuntu_dists_jammy_main_binary-amd64_Packages - open (2: No such file or directory)");
        Log("[INFO] RPC client: Communicator ended with: 100");
        Line($"[{Id}] PACKER {Ts()} ui error: ==> azure-arm: Script exited with non-zero exit status: 100. Allowed exit codes are: [0]");
        Log("[INFO] (telemetry) ending shell");
        Step("Deleting individual resources ...");
        Line($"[{Id}] PACKER {Ts()} ui error: ==> azure-arm: Error deleting resource. Will retry.");
        Line($"[{Id}] PACKER Build 'azure-arm' errored after 3 hours: Script exited with non-zero exit status: 100. Allowed exit codes are: [0]");
        Line($"[{Id}] PACKER ==> Builds finished but no artifacts were created.");
        Line($"[{Id}] PACKER Done exporting Packer logs to Azure Storage.");
    }
}
