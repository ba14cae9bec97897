using System;
using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Reports
{
    /// <summary>
    /// One prerequisite result as a report reads it: the template it belongs to (subscription, resource group, name,
    /// region, topology) and the check's outcome. The cmdlet fills it from Test-AibPrerequisite's output.
    /// </summary>
    public sealed class ReadinessInput
    {
        public string? SubscriptionId { get; set; }
        public string? ResourceGroupName { get; set; }

        /// <summary>The template's name; null for a planned template checked from parameters.</summary>
        public string? TemplateName { get; set; }
        public string? Location { get; set; }

        /// <summary>NoSubnet, BuildSubnetOnly or BuildAndAciSubnets.</summary>
        public string? Topology { get; set; }

        /// <summary>Passed, Failed, Warning or Skipped.</summary>
        public string Status { get; set; } = string.Empty;
        public string Check { get; set; } = string.Empty;
        public string? Category { get; set; }
        public string? Target { get; set; }
        public string Message { get; set; } = string.Empty;
        public string? Remediation { get; set; }
        public IReadOnlyList<string> Evidence { get; set; } = Array.Empty<string>();
    }
}
