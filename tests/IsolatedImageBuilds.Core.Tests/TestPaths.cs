using System.Runtime.InteropServices;

namespace IsolatedImageBuilds.Core.Tests;

/// <summary>Finds the repository root (the folder holding IsolatedImageBuilds.sln) and the vendored reference data in tests/reference.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Reference => Path.Combine(RepoRoot, "tests", "reference");

    public static string ImageBuilderRest(string apiVersion) => Path.Combine(Reference, "imagebuilder-rest", apiVersion);

    public static string ArmSchema => Path.Combine(Reference, "arm-schema");

    public static string ReferenceLogs => Path.Combine(Reference, "logs");

    public static string BuiltInPolicies => Path.Combine(Reference, "policy", "builtin");

    public static string TestData => Path.Combine(RepoRoot, "tests", "IsolatedImageBuilds.Core.Tests", "Templates", "TestData");

    /// <summary>The bicep binary that build/Tools.csproj downloads into the NuGet cache.</summary>
    public static string Bicep
    {
        get
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var rid = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win-x64" : "linux-x64";
            var exe = rid == "win-x64" ? "bicep.exe" : "bicep";
            return Path.Combine(packages, $"azure.bicep.commandline.{rid}", "0.49.2", "tools", exe);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IsolatedImageBuilds.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No IsolatedImageBuilds.sln above {AppContext.BaseDirectory}.");
    }
}
