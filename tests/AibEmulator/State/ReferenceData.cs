namespace AibEmulator.State;

/// <summary>Finds tests/reference, the vendored reference data (REST specs and examples, policy definitions)
/// that the emulator validates against: inside the repository, so a user's clone has it.</summary>
public static class ReferenceData
{
    public static string Locate(string? given)
    {
        if (!string.IsNullOrEmpty(given)) return Path.GetFullPath(given);
        var env = Environment.GetEnvironmentVariable("AIB_REFERENCE_DIR");
        if (!string.IsNullOrEmpty(env)) return Path.GetFullPath(env);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "IsolatedImageBuilds.sln")))
                return Path.Combine(dir.FullName, "tests", "reference");
        throw new DirectoryNotFoundException("Cannot find tests/reference: no IsolatedImageBuilds.sln above " + AppContext.BaseDirectory + "; pass --reference <dir>.");
    }

    /// <summary>A file named by its path relative to the repository (the folder above tests/reference).</summary>
    public static string RepositoryFile(string referenceDirectory, string relativePath) =>
        Path.GetFullPath(Path.Combine(referenceDirectory, "..", "..", relativePath));
}
