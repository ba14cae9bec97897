namespace IsolatedImageBuilds.Core.Auth
{
    /// <summary>How a connection signs in. The order here is the documented order of the automatic chain.</summary>
    public enum AibSignInMode
    {
        /// <summary>A bearer token the caller already holds (<c>-AccessToken</c>).</summary>
        AccessToken,
        /// <summary>Azure DevOps workload-identity service connection (SYSTEM_ACCESSTOKEN + service connection id).</summary>
        AzurePipelines,
        /// <summary>Service principal or workload identity from the standard AZURE_* environment variables.</summary>
        Environment,
        /// <summary>Managed identity: Azure Automation / App Service (IDENTITY_ENDPOINT) or IMDS.</summary>
        ManagedIdentity,
        /// <summary>The Az PowerShell context of the same session (Get-AzAccessToken).</summary>
        AzPowerShell,
        /// <summary>The signed-in Azure CLI (az account get-access-token).</summary>
        AzureCli,
        /// <summary>Device code flow; interactive hosts only.</summary>
        DeviceCode,
    }
}
