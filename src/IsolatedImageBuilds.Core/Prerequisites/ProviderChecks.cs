using System.Collections.Generic;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>Resource providers an isolated build uses must be registered in the subscription (§6.1).</summary>
    internal sealed class ProviderChecks : ICheckFamily
    {
        /// <summary>ContainerInstance is the one isolated builds added; the rest are what the quickstarts register.</summary>
        public static readonly IReadOnlyList<string> Namespaces = new[]
        {
            "Microsoft.VirtualMachineImages",
            "Microsoft.ContainerInstance",
            "Microsoft.Compute",
            "Microsoft.Network",
            "Microsoft.Storage",
            "Microsoft.KeyVault",
            "Microsoft.ManagedIdentity",
        };

        public PrerequisiteCategory Category => PrerequisiteCategory.Providers;

        public Task RunAsync(CheckContext ctx, FamilyOutput output)
        {
            var checks = new List<Task>();
            foreach (string ns in Namespaces)
            {
                string target = $"{ctx.SubscriptionPath}/providers/{ns}";
                checks.Add(output.Part(CheckNames.Provider(ns), target, () => CheckAsync(ctx, ns, target), ctx.Ct));
            }
            return Task.WhenAll(checks);
        }

        private static async Task<PrerequisiteResult> CheckAsync(CheckContext ctx, string ns, string target)
        {
            string check = CheckNames.Provider(ns);
            ArmResponse provider = await ctx.Provider(ns).ConfigureAwait(false);
            string state = provider.Json.Str("registrationState") ?? "Unknown";
            string evidence = "registrationState: " + state;
            switch (state.ToLowerInvariant())
            {
                case "registered":
                    return Check.Passed(check, PrerequisiteCategory.Providers, target, $"{ns} is registered.", evidence);
                case "registering":
                    return Check.Warning(check, PrerequisiteCategory.Providers, target,
                        $"{ns} is still registering; builds fail until it reads Registered (usually a few minutes).",
                        ProviderFixes.ShowState.Fill(("ns", ns)), evidence);
                default:
                    return Check.Failed(check, PrerequisiteCategory.Providers, target,
                        $"{ns} is not registered ({state}); the build fails when AIB creates its resources.",
                        ProviderFixes.Register.Fill(("ns", ns)), evidence);
            }
        }
    }

    /// <summary>One family of checks; the engine runs every family concurrently.</summary>
    internal interface ICheckFamily
    {
        PrerequisiteCategory Category { get; }

        Task RunAsync(CheckContext ctx, FamilyOutput output);
    }
}
