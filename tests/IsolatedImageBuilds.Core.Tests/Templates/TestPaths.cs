using System.Runtime.InteropServices;

namespace IsolatedImageBuilds.Core.Tests.Templates;

/// <summary>Finds the repository root (the folder holding IsolatedImageBuilds.sln) and ../shared beside it.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string ImageBuilderRest(string apiVersion) => Path.Combine(Shared, "reference", "imagebuilder-rest", apiVersion);

    public static string ArmSchema => Path.Combine(Shared, "reference", "arm-schema");

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
