namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>What the staging resource group checks propose, as data (see <see cref="StagingResourceGroupChecks"/>).</summary>
    internal static class StagingResourceGroupFixes
    {
        /// <summary>Slots: name.</summary>
        public static readonly Remediation EmptyGroup = new Remediation(
            "Get-AzResource -ResourceGroupName {name} | Remove-AzResource -Force",
            "az resource delete --ids $(az resource list --resource-group {name} --query [].id -o tsv)",
            "point stagingResourceGroup at a new, empty resource group.");

        /// <summary>Slots: name, location.</summary>
        public static readonly Remediation GroupInTemplateRegion = new Remediation(
            "New-AzResourceGroup -Name {name}-{location} -Location {location}",
            "az group create --name {name}-{location} --location {location}",
            "then point stagingResourceGroup at the new group (a resource group cannot move regions).");

        /// <summary>Slots: id, name, psTags (name='value'; ...), azRemoveTags (--remove tags.name ...).</summary>
        public static readonly Remediation RemoveAibTags = new Remediation(
            "Update-AzTag -ResourceId '{id}' -Operation Delete -Tag @{ {psTags} }",
            "az group update --name {name} {azRemoveTags}");
    }
}
