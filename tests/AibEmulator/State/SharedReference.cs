namespace AibEmulator.State;

/// <summary>Finds ../shared (the read-only reference beside the repository): the swagger used for
/// validation and the built-in policy definitions.</summary>
public static class SharedReference
{
    public static string Locate(string? given)
    {
        if (!string.IsNullOrEmpty(given)) return Path.GetFullPath(given);
        var env = Environment.GetEnvironmentVariable("AIB_SHARED_DIR");
        if (!string.IsNullOrEmpty(env)) return Path.GetFullPath(env);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "IsolatedImageBuilds.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        throw new DirectoryNotFoundException("Cannot find ../shared: no IsolatedImageBuilds.sln above " + AppContext.BaseDirectory + "; pass --shared <dir>.");
    }
}
