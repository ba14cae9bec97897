using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>Starts Azurite and the emulator as processes (as Start-AibEmulator does) once for all tests,
/// and ends exactly those two processes at the end.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private static readonly List<string> Errors = new();
    private Process? _azurite;
    private Process? _emulator;
    private string? _outDir;

    public string RepoRoot { get; } = FindRepoRoot();
    public string ReferenceDir => Path.Combine(RepoRoot, "tests", "reference");
    public JsonObject Endpoint { get; private set; } = new();
    public Arm Arm { get; private set; } = null!;
    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var emulatorDir = Path.Combine(RepoRoot, "tests", "AibEmulator");
        if (!Directory.Exists(Path.Combine(emulatorDir, "node_modules", "azurite")))
            Run("npm", "ci --no-audit --no-fund", emulatorDir);
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        // AIB_EMULATOR_DLL lets a build that puts outputs elsewhere point at the emulator it built.
        var dll = Environment.GetEnvironmentVariable("AIB_EMULATOR_DLL") is { Length: > 0 } given ? given
            : Path.Combine(emulatorDir, "bin", configuration, "net10.0", "AibEmulator.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build tests/AibEmulator first (or set AIB_EMULATOR_DLL).", dll);
        var outDir = _outDir = Path.Combine(Path.GetTempPath(), "aib-emulator-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outDir);
        // One Azurite account per staging group for the whole run: with a shared account, "the newest log" could be another template's.
        var accounts = AccountPool(256);
        var port = FreePort();
        var watch = Stopwatch.StartNew();

        _azurite = Start("node", [Path.Combine(emulatorDir, "node_modules", "azurite", "dist", "src", "blob", "main.js"),
            "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--silent", "--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--inMemoryPersistence"], accounts);
        _emulator = Start("dotnet", [dll, "--scenario", "default", "--out", outDir, "--azurite-blob-endpoint", $"http://127.0.0.1:{port}", "--reference", ReferenceDir], accounts);

        var endpointFile = Path.Combine(outDir, "endpoint.json");
        while (!File.Exists(endpointFile) || !PortOpen(port))
        {
            if (_emulator.HasExited || _azurite.HasExited) throw new InvalidOperationException("emulator or Azurite exited while starting: " + string.Join("\n", Errors));
            if (watch.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("emulator did not start within 60 s");
            await Task.Delay(100);
        }
        StartupTime = watch.Elapsed;
        Endpoint = JsonNode.Parse(await File.ReadAllTextAsync(endpointFile))!.AsObject();
        var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync((string)Endpoint["certificatePath"]!));
        Arm = new Arm(Endpoint, certificate);
    }

    public Task DisposeAsync()
    {
        foreach (var p in new[] { _emulator, _azurite })
        {
            if (p is null) continue;
            if (!p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(10000); }
            p.Dispose();
        }
        try { if (_outDir is not null) Directory.Delete(_outDir, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private static Process Start(string file, string[] args, string accounts)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["AZURITE_ACCOUNTS"] = accounts;
        var p = Process.Start(info)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Errors) Errors.Add(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static void Run(string file, string args, string dir)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { WorkingDirectory = dir, UseShellExecute = false })!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed ({p.ExitCode})");
    }

    /// <summary>Same shape as AibEmulator.psm1's pool: devstoreaccount1 plus random 24-character accounts.</summary>
    private static string AccountPool(int count)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var entries = new List<string> { "devstoreaccount1:Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==" };
        for (var i = 0; i < count; i++)
            entries.Add(new string(RandomNumberGenerator.GetItems<char>(alphabet, 24)) + ":" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        return string.Join(';', entries);
    }

    private static int FreePort()
    {
        var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static bool PortOpen(int port)
    {
        try { using var c = new TcpClient(); c.Connect("127.0.0.1", port); return true; } catch (SocketException) { return false; }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "IsolatedImageBuilds.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("IsolatedImageBuilds.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition("Emulator")]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>;
