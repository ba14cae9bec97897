namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>What the DDoS-plan policy check proposes, as data (see <see cref="DdosChecks"/>).</summary>
    internal static class DdosFixes
    {
        /// <summary>Slots: scope, assignment.</summary>
        public static readonly Remediation ExemptStagingGroup = new Remediation(
            "New-AzPolicyExemption -Name aib-staging-ddos -ExemptionCategory Waiver -Scope '{scope}'"
                + " -PolicyAssignment (Get-AzPolicyAssignment -Id '{assignment}')",
            "az policy exemption create --name aib-staging-ddos --exemption-category Waiver --scope '{scope}' --policy-assignment '{assignment}'",
            "bring both subnets (BuildAndAciSubnets topology): AIB then creates no VNet.");
    }
}
