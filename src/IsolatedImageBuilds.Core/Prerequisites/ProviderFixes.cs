namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>What the provider checks propose, as data (see <see cref="ProviderChecks"/>).</summary>
    internal static class ProviderFixes
    {
        /// <summary>Slots: ns.</summary>
        public static readonly Remediation Register = new Remediation(
            "Register-AzResourceProvider -ProviderNamespace {ns}",
            "az provider register --namespace {ns}");

        /// <summary>Slots: ns.</summary>
        public static readonly Remediation ShowState = new Remediation(
            "Get-AzResourceProvider -ProviderNamespace {ns}",
            "az provider show --namespace {ns} --query registrationState");
    }
}
