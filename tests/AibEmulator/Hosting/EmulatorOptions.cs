namespace AibEmulator.Hosting;

/// <summary>Command line: --scenario &lt;name|path&gt; --out &lt;dir&gt; [--azurite-blob-endpoint &lt;url&gt;]
/// [--reference &lt;dir&gt;] [--port &lt;n&gt;] [--certificate-path &lt;file.pem&gt;].</summary>
public sealed record EmulatorOptions(string Scenario, string OutDirectory, string? AzuriteBlobEndpoint, string? ReferenceDirectory, int Port, string? CertificatePath)
{
    public static EmulatorOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--")) throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            if (i + 1 >= args.Length) throw new ArgumentException($"Missing value for '{args[i]}'.");
            values[args[i][2..]] = args[++i];
        }
        string? Get(string key) => values.TryGetValue(key, out var v) ? v : null;
        var outDir = Path.GetFullPath(Get("out") ?? Path.Combine(Directory.GetCurrentDirectory(), "out", "emulator"));
        return new EmulatorOptions(
            Get("scenario") ?? "default",
            outDir,
            Get("azurite-blob-endpoint"),
            Get("reference"),
            int.TryParse(Get("port"), out var port) ? port : 0,
            Get("certificate-path"));
    }
}
