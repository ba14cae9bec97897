using System.Linq;
using IsolatedImageBuilds.Core.Prerequisites;

namespace IsolatedImageBuilds
{
    /// <summary>One prerequisite of an isolated build, checked: its status, what it is about, why, and the fix.</summary>
    public sealed class AibPrerequisiteResult
    {
        internal AibPrerequisiteResult(PrerequisiteResult result, string? templateName)
        {
            Status = result.Status.ToString();
            Check = result.Check;
            Category = result.Category.ToString();
            Target = result.Target;
            Message = result.Message;
            Remediation = result.Remediation;
            Evidence = result.Evidence.ToArray();
            Name = templateName;
        }

        /// <summary>A result of a fleet run, tagged with its template.</summary>
        internal AibPrerequisiteResult(PrerequisiteResult result, string? templateName, string subscriptionId, string? resourceGroupName)
            : this(result, templateName)
        {
            SubscriptionId = subscriptionId;
            ResourceGroupName = resourceGroupName;
        }

        /// <summary>Passed, Failed, Warning (could not be fully checked, or risky) or Skipped (not relevant for this topology).</summary>
        public string Status { get; }

        /// <summary>Stable check name, e.g. Provider.Microsoft.ContainerInstance, Subnet.AciDelegation, Quota.Aci.StandardCores.</summary>
        public string Check { get; }

        /// <summary>Providers, Region, Policy, Ddos, Quota, Subnet, Identity or StagingResourceGroup.</summary>
        public string Category { get; }

        /// <summary>The resource the check is about.</summary>
        public string? Target { get; }

        public string Message { get; }

        /// <summary>The fix: the Azure PowerShell command and the az CLI command, or a portal step.</summary>
        public string? Remediation { get; }

        /// <summary>What the verdict rests on: policy assignment ids, usage figures, NSG rules, the missing action.</summary>
        public string[] Evidence { get; }

        /// <summary>The template checked, when there was one.</summary>
        public string? Name { get; }

        /// <summary>The template's subscription, when several templates were checked together.</summary>
        public string? SubscriptionId { get; }

        /// <summary>The template's resource group, when several templates were checked together.</summary>
        public string? ResourceGroupName { get; }

        public override string ToString() => $"{Status} {Check}: {Message}";
    }
}
