using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace IsolatedImageBuilds.LoadContext
{
    /// <summary>
    /// PowerShell 7 only. Core and every dependency (Azure.Core, Azure.Identity, System.* back-ports...)
    /// load here, from the module's Dependencies folder, so they never meet the older Azure.Core that
    /// Az.Accounts puts into the default context.
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static DependencyLoadContext? s_instance;
        private static string? s_coreAssemblyName;
        private readonly string _dependencyDirectory;

        private DependencyLoadContext(string dependencyDirectory)
            : base(nameof(DependencyLoadContext), isCollectible: false)
        {
            _dependencyDirectory = dependencyDirectory;
        }

        /// <summary>Hooks the default context's Resolving event. Called by the module initializer through reflection.</summary>
        public static void Hook(string dependencyDirectory, string coreAssemblyName)
        {
            if (s_instance == null)
            {
                s_instance = new DependencyLoadContext(dependencyDirectory);
            }
            s_coreAssemblyName = coreAssemblyName;
            Default.Resolving -= ResolveCoreInDefault;
            Default.Resolving += ResolveCoreInDefault;
        }

        /// <summary>Unhooks on module removal. Assemblies already loaded stay loaded (the context is not collectible).</summary>
        public static void Unhook()
        {
            Default.Resolving -= ResolveCoreInDefault;
        }

        /// <summary>Where the context's own assemblies come from, for diagnostics and tests.</summary>
        public static string? DependencyDirectory => s_instance?._dependencyDirectory;

        // Answers only for our Core assembly, and only when its file exists: answering for anything
        // else would pull other modules' requests into our context, and answering for a missing file
        // makes the runtime ask again, recursively (stack overflow).
        private static Assembly? ResolveCoreInDefault(AssemblyLoadContext context, AssemblyName name)
        {
            DependencyLoadContext? instance = s_instance;
            if (instance == null || !string.Equals(name.Name, s_coreAssemblyName, StringComparison.Ordinal))
            {
                return null;
            }
            string path = Path.Combine(instance._dependencyDirectory, name.Name + ".dll");
            return File.Exists(path) ? instance.LoadFromAssemblyName(name) : null;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // What the runtime or PowerShell itself provides at a sufficient version comes from the default
            // context: a second copy of a framework assembly (System.Memory, System.Text.Json...) would
            // make its types distinct from the framework's. Everything else shipped in Dependencies loads here.
            Version? platformVersion = PlatformVersionOf(assemblyName.Name);
            if (platformVersion != null && (assemblyName.Version == null || platformVersion >= assemblyName.Version))
            {
                return null;
            }
            string path = Path.Combine(_dependencyDirectory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        // The trusted platform assemblies (the .NET runtime's and pwsh's own), by file name. Versions are
        // read only for the names we are asked about, to keep the first load cheap.
        private static readonly Lazy<System.Collections.Generic.Dictionary<string, string>> s_platformPaths = new(() =>
        {
            var result = new System.Collections.Generic.Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string paths = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (string file in paths.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                result[Path.GetFileNameWithoutExtension(file)] = file;
            }
            return result;
        });

        private static Version? PlatformVersionOf(string? simpleName)
        {
            if (simpleName == null || !s_platformPaths.Value.TryGetValue(simpleName, out string? file))
            {
                return null;
            }
            try
            {
                return AssemblyName.GetAssemblyName(file).Version;
            }
            catch (Exception ex) when (ex is BadImageFormatException || ex is IOException)
            {
                return null;
            }
        }
    }
}
