using Prerequisite = IsolatedImageBuilds.Core.CommandNames.TestAibPrerequisite;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>What the policy checks propose, as data (see <see cref="PolicyChecks"/>).</summary>
    internal static class PolicyFixes
    {
        /// <summary>Slots: scope, assignment, alternative.</summary>
        public static readonly Remediation ExemptStagingGroup = new Remediation(
            "New-AzPolicyExemption -Name aib-staging -ExemptionCategory Waiver -Scope '{scope}'"
                + " -PolicyAssignment (Get-AzPolicyAssignment -Id '{assignment}')",
            "az policy exemption create --name aib-staging --exemption-category Waiver --scope '{scope}' --policy-assignment '{assignment}'",
            "{alternative}");

        /// <summary>The alternative for network resource types: with both subnets AIB creates none.</summary>
        public const string BringBothSubnets = "bring both subnets (BuildAndAciSubnets topology: -" + Prerequisite.SubnetId
            + " and -" + Prerequisite.ContainerInstanceSubnetId + ") so AIB creates no network resources";

        /// <summary>The alternative for other types.</summary>
        public static string AllowType(string type)
            => $"ask the policy owner to allow {type} for the staging resource group (e.g. add it to the assignment's allowed types)";
    }
}
