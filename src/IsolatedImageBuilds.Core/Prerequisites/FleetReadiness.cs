using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// Readiness of many templates in one invocation: every template's checks read through one <see cref="ArmReadCache"/>, so the
    /// subscription- and region-level reads (providers, policy assignments and checkPolicyRestrictions of equal content, usages,
    /// role assignments per principal, subnets and NSGs) are made once for the fleet; each subscription has at most
    /// <see cref="FleetOptions.ThrottleLimit"/> templates checked and ARM requests in flight at once.
    /// </summary>
    public static class FleetReadiness
    {
        /// <summary>
        /// Checks every template; <paramref name="onTemplate"/> gets each template's report as soon as it is complete (one call at
        /// a time, from a worker thread). The returned report lists the templates in the order given.
        /// </summary>
        public static async Task<FleetReport> RunAsync(IReadOnlyList<FleetTemplate> templates, ArmRequestSender arm, FleetOptions? options = null,
            Action<FleetTemplateReport>? onTemplate = null, CancellationToken cancellationToken = default)
        {
            if (templates == null) throw new ArgumentNullException(nameof(templates));
            if (arm == null) throw new ArgumentNullException(nameof(arm));
            options ??= new FleetOptions();
            var clock = Stopwatch.StartNew();
            var cache = new ArmReadCache(arm, options.ThrottleLimit, cancellationToken);
            var reports = new FleetTemplateReport[templates.Count];
            var deliver = new object();

            async Task CheckAsync(int index, SemaphoreSlim subscriptionSlots)
            {
                await subscriptionSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    PrerequisiteReport report = await PrerequisiteEngine
                        .RunAsync(templates[index].Request, new ArmReader(cache), null, cancellationToken).ConfigureAwait(false);
                    reports[index] = new FleetTemplateReport(templates[index], report);
                    lock (deliver) onTemplate?.Invoke(reports[index]);
                }
                finally
                {
                    subscriptionSlots.Release();
                }
            }

            var running = templates
                .Select((template, index) => (template, index))
                .GroupBy(t => t.template.SubscriptionId, StringComparer.OrdinalIgnoreCase)
                .SelectMany(subscription =>
                {
                    var slots = new SemaphoreSlim(options.ThrottleLimit, options.ThrottleLimit);
                    return subscription.Select(t => CheckAsync(t.index, slots));
                })
                .ToList();
            await Task.WhenAll(running).ConfigureAwait(false);
            return new FleetReport(reports, cache.Calls, clock.Elapsed);
        }
    }

    /// <summary>One template of a fleet run: where it lives (the tag its results carry) and what it asks of its subscription.</summary>
    public sealed class FleetTemplate
    {
        public FleetTemplate(string? resourceGroupName, string? name, PrerequisiteRequest request)
        {
            Request = request ?? throw new ArgumentNullException(nameof(request));
            ResourceGroupName = resourceGroupName;
            Name = name;
        }

        public string SubscriptionId => Request.SubscriptionId;
        public string? ResourceGroupName { get; }
        public string? Name { get; }
        public PrerequisiteRequest Request { get; }
    }

    /// <summary>A template's results in a fleet run. Its <see cref="PrerequisiteReport.ArmCalls"/> counts only the reads no
    /// other template had already made.</summary>
    public sealed class FleetTemplateReport
    {
        internal FleetTemplateReport(FleetTemplate template, PrerequisiteReport report)
        {
            Template = template;
            Report = report;
        }

        public FleetTemplate Template { get; }
        public PrerequisiteReport Report { get; }
    }

    /// <summary>What a fleet run returned, and what it cost.</summary>
    public sealed class FleetReport
    {
        internal FleetReport(IReadOnlyList<FleetTemplateReport> templates, int armCalls, TimeSpan elapsed)
        {
            Templates = templates;
            ArmCalls = armCalls;
            Elapsed = elapsed;
        }

        public IReadOnlyList<FleetTemplateReport> Templates { get; }

        /// <summary>ARM requests sent for the whole fleet (each distinct read once).</summary>
        public int ArmCalls { get; }

        public TimeSpan Elapsed { get; }
    }

    public sealed class FleetOptions
    {
        private int _throttleLimit = 4;

        /// <summary>Per subscription: templates checked at once, and ARM requests in flight (default 4).</summary>
        public int ThrottleLimit
        {
            get => _throttleLimit;
            set => _throttleLimit =
                value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), value, "ThrottleLimit must be 1 or more.");
        }
    }
}
