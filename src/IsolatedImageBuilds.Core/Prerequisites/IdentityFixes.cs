namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>What the identity checks propose, as data (see <see cref="IdentityChecks"/>).</summary>
    internal static class IdentityFixes
    {
        /// <summary>Slots: rg, name, location.</summary>
        public static readonly Remediation CreateIdentity = new Remediation(
            "New-AzUserAssignedIdentity -ResourceGroupName {rg} -Name {name} -Location {location}",
            "az identity create --resource-group {rg} --name {name} --location {location}");

        /// <summary>Slots: principal, role, scope.</summary>
        public static readonly Remediation AssignRole = new Remediation(
            "New-AzRoleAssignment -ObjectId {principal} -RoleDefinitionName '{role}' -Scope '{scope}'",
            "az role assignment create --assignee-object-id {principal} --assignee-principal-type ServicePrincipal"
                + " --role '{role}' --scope '{scope}'");
    }
}
