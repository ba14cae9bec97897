using System.Linq;
using IsolatedImageBuilds.Core.Prerequisites;

namespace IsolatedImageBuilds
{
    /// <summary>One prerequisite of an isolated build, checked: its status, what it is about, why, and the fix.</summary>
    public sealed class AibPrerequisiteResult
    {
        internal AibPrerequisiteResult(PrerequisiteResult result, string? templateName, PrerequisiteRequest? checkedFor = null)
        {
            Status = result.Status.ToString();
            Check = result.Check;
            Category = result.Category.ToString();
            Target = result.Target;
            Message = result.Message;
            Remediation = result.Remediation;
            Evidence = result.Evidence.ToArray();
            Name = templateName;
            SubscriptionId = checkedFor?.SubscriptionId;
            ResourceGroupName = checkedFor?.TemplateResourceGroupName;
            Location = checkedFor?.Location;
            Topology = checkedFor?.Topology.ToString();
        }

        /// <summary>A result of a fleet run, tagged with its template.</summary>
        internal AibPrerequisiteResult(PrerequisiteResult result, FleetTemplate template)
            : this(result, template.Name, template.Request)
        {
            ResourceGroupName = template.ResourceGroupName ?? ResourceGroupName;
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

        /// <summary>The subscription the template was checked in.</summary>
        public string? SubscriptionId { get; }

        /// <summary>The template's resource group, when it has one (not for a planned template given by parameters).</summary>
        public string? ResourceGroupName { get; }

        /// <summary>The template's region.</summary>
        public string? Location { get; }

        /// <summary>The template's network topology: NoSubnet, BuildSubnetOnly or BuildAndAciSubnets.</summary>
        public string? Topology { get; }

        public override string ToString() => $"{Status} {Check}: {Message}";
    }
}
