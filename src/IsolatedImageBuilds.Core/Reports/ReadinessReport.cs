using System;
using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Reports
{
    /// <summary>
    /// What a readiness report shows, whatever its format: each template's verdict with its failing checks, the
    /// distinct fixes they need, and the counts per subscription and topology. Built by <see cref="ReadinessReportBuilder"/>.
    /// </summary>
    public sealed class ReadinessReport
    {
        public string Title { get; set; } = string.Empty;
        public DateTimeOffset GeneratedAt { get; set; }
        public ReadinessCounts Totals { get; set; } = new ReadinessCounts();
        public IReadOnlyList<ReadinessGroup> Groups { get; set; } = Array.Empty<ReadinessGroup>();
        public IReadOnlyList<TemplateReadiness> Templates { get; set; } = Array.Empty<TemplateReadiness>();

        /// <summary>Each distinct fix once (templates refer to it by <see cref="ReadinessFix.Id"/>), most needed first.</summary>
        public IReadOnlyList<ReadinessFix> Fixes { get; set; } = Array.Empty<ReadinessFix>();
    }

    /// <summary>Templates by verdict.</summary>
    public sealed class ReadinessCounts
    {
        public int Templates { get; set; }
        public int Ready { get; set; }
        public int Warning { get; set; }
        public int Failed { get; set; }

        internal void Add(string status)
        {
            Templates++;
            if (status == TemplateStatus.Failed) Failed++;
            else if (status == TemplateStatus.Warning) Warning++;
            else Ready++;
        }
    }

    /// <summary>The counts of one subscription and topology.</summary>
    public sealed class ReadinessGroup
    {
        public string SubscriptionId { get; set; } = string.Empty;
        public string Topology { get; set; } = string.Empty;
        public ReadinessCounts Counts { get; set; } = new ReadinessCounts();
    }

    /// <summary>A template's verdict: Failed when a check failed, Warning when one could not be confirmed, else Ready.</summary>
    public sealed class TemplateReadiness
    {
        /// <summary>How the builder told this template's results apart (not serialised).</summary>
        internal string Key { get; set; } = string.Empty;

        public string SubscriptionId { get; set; } = string.Empty;
        public string ResourceGroupName { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string Location { get; set; } = string.Empty;
        public string Topology { get; set; } = string.Empty;
        public string Status { get; set; } = TemplateStatus.Ready;
        public int ChecksPassed { get; set; }
        public int ChecksFailed { get; set; }
        public int ChecksWarning { get; set; }
        public int ChecksSkipped { get; set; }

        /// <summary>The failed checks, then those with warnings.</summary>
        public IReadOnlyList<ReadinessProblem> Problems { get; set; } = Array.Empty<ReadinessProblem>();
    }

    /// <summary>One failed (or unconfirmed) check of a template, with its fix.</summary>
    public sealed class ReadinessProblem
    {
        public string Status { get; set; } = string.Empty;
        public string Check { get; set; } = string.Empty;
        public string? Category { get; set; }
        public string? Target { get; set; }
        public string Message { get; set; } = string.Empty;
        public string? Remediation { get; set; }

        /// <summary>The <see cref="ReadinessFix.Id"/> of the remediation; null when the check gives none.</summary>
        public string? FixId { get; set; }
    }

    /// <summary>A fix as many templates may need it: its remediation text and the checks that ask for it.</summary>
    public sealed class ReadinessFix
    {
        public string Id { get; set; } = string.Empty;
        public IReadOnlyList<string> Checks { get; set; } = Array.Empty<string>();
        public string Remediation { get; set; } = string.Empty;
        public int Templates { get; set; }
    }

    /// <summary>The verdicts of a template.</summary>
    public static class TemplateStatus
    {
        public const string Ready = "Ready";
        public const string Warning = "Warning";
        public const string Failed = "Failed";
    }
}
