using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace IsolatedImageBuilds.Hosting
{
    /// <summary>
    /// Runs when PowerShell imports the module, before any cmdlet: makes Core and its dependencies
    /// load from Dependencies/ without disturbing other modules (Az.Accounts ships an older Azure.Core).
    /// This class must not touch a Core type: the first use of one is what triggers the resolution.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal const string CoreAssemblyName = "IsolatedImageBuilds.Core";
        private const string LoadContextAssemblyName = "IsolatedImageBuilds.LoadContext";
        private const string LoadContextTypeName = "IsolatedImageBuilds.LoadContext.DependencyLoadContext";

        private static readonly string s_moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
        private static readonly string s_dependencyDirectory = Path.Combine(s_moduleDirectory, "Dependencies");
        private static Type? s_loadContextType;

        /// <summary>True on PowerShell 7 (.NET), false on Windows PowerShell 5.1 (.NET Framework).</summary>
        internal static bool IsCoreClr { get; } = !System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription
            .StartsWith(".NET Framework", StringComparison.Ordinal);

        /// <summary>
        /// Diagnostics only: set to 1 to make PowerShell 7 use the Windows PowerShell 5.1 path (AssemblyResolve, no load context),
        /// so that path can be exercised where 5.1 cannot run. Read once, at import.
        /// </summary>
        internal const string UseAssemblyResolveVariable = "AIB_DIAGNOSTIC_USE_ASSEMBLYRESOLVE";

        /// <summary>True when this import uses the load context (PowerShell 7 unless the diagnostic variable says otherwise).</summary>
        internal static bool UsesLoadContext { get; private set; }

        public void OnImport()
        {
            UsesLoadContext = IsCoreClr && Environment.GetEnvironmentVariable(UseAssemblyResolveVariable) != "1";
            if (UsesLoadContext)
            {
                // The load-context assembly itself has no dependencies beyond the framework.
                Assembly loadContext = Assembly.LoadFrom(Path.Combine(s_dependencyDirectory, LoadContextAssemblyName + ".dll"));
                s_loadContextType = loadContext.GetType(LoadContextTypeName, throwOnError: true);
                s_loadContextType!.GetMethod("Hook")!.Invoke(null, new object[] { s_dependencyDirectory, CoreAssemblyName });
            }
            else
            {
                AppDomain.CurrentDomain.AssemblyResolve += ResolveForOurAssemblies;
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            Connection.SessionConnection.Clear();
            if (UsesLoadContext)
            {
                s_loadContextType?.GetMethod("Unhook")!.Invoke(null, null);
            }
            else
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveForOurAssemblies;
            }
        }

        // Windows PowerShell 5.1: one AppDomain, no load contexts. Answer by simple name (several shipped
        // dlls are referenced at lower versions than shipped), but only for requests made by our own
        // assemblies or for Core itself, so other modules keep their own resolution.
        private static Assembly? ResolveForOurAssemblies(object? sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            bool forCore = string.Equals(requested.Name, CoreAssemblyName, StringComparison.Ordinal);
            if (!forCore && !IsOurs(args.RequestingAssembly))
            {
                return null;
            }
            string path = Path.Combine(s_dependencyDirectory, requested.Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }

        private static bool IsOurs(Assembly? requesting)
        {
            if (requesting == null || requesting.IsDynamic)
            {
                return false;
            }
            string? location = requesting.Location;
            return !string.IsNullOrEmpty(location)
                && (string.Equals(Path.GetDirectoryName(location), s_dependencyDirectory, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(Path.GetDirectoryName(location), s_moduleDirectory, StringComparison.OrdinalIgnoreCase));
        }
    }
}
