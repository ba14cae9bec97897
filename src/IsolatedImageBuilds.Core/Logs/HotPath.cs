using System.Runtime.CompilerServices;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// How the log engine's per-line methods are compiled: fully optimised at their first call, instead of through the
    /// runtime's tiers (quick code, then instrumented code, then optimised code). Without it, a log of a few megabytes is
    /// read mostly by the slower tiers. Measured in fresh processes (LogParseBench, alternating runs): 20 MB took
    /// 0.76–0.88 s tiered and 0.41–0.44 s with it, 5 MB 0.34–0.35 s and 0.26–0.27 s; 200 KB and 1 MB logs and the 100 MB and
    /// 500 MB ones showed no difference beyond this host's noise (the tiers' profile-guided code is about 10% faster once warm,
    /// which a very long log can win back).
    /// </summary>
    internal static class HotPath
    {
        /// <summary><c>MethodImplOptions.AggressiveOptimization</c> (512), which netstandard2.0 does not name; runtimes that do not know it ignore it.</summary>
        public const MethodImplOptions Optimized = (MethodImplOptions)512;
    }
}
