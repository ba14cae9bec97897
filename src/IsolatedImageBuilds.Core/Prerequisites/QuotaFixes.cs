namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>What the quota checks propose, as data (see <see cref="QuotaChecks"/>).</summary>
    internal static class QuotaFixes
    {
        /// <summary>Slots: location.</summary>
        public static readonly Remediation ShowVmUsage = new Remediation(
            "Get-AzVMUsage -Location {location}",
            "az vm list-usage --location {location} -o table");

        /// <summary>Slots: location.</summary>
        public static readonly Remediation FreeContainerGroups = new Remediation(
            "Get-AzContainerGroup | Where-Object Location -eq '{location}'   # remove idle groups with Remove-AzContainerGroup",
            "az container list --query \"[?location=='{location}'].id\" -o tsv   # remove idle groups with az container delete --ids <id>",
            "request more Container Instances quota: portal → Help + support → Create a support request"
                + " → Service and subscription limits (quotas) → Container Instances.");

        /// <summary>Slots: scope, family.</summary>
        public static readonly Remediation RaiseComputeQuota = new Remediation(
            "New-AzQuota -Scope '{scope}' -ResourceName {family} -Limit (New-AzQuotaLimitObject -Value <new limit>)",
            "az quota create --scope '{scope}' --resource-name {family} --limit-object value=<new limit> --resource-type dedicated",
            "choose a vmSize in a family with free quota (Get-AzVMUsage / az vm list-usage).");
    }
}
