using System.Management.Automation;
using System.Security;
using IsolatedImageBuilds.Completers;
using IsolatedImageBuilds.Connection;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Auth;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Signs in to Azure for the cmdlets of IsolatedImageBuilds.</para>
    /// </summary>
    /// <remarks>
    /// <para>Connect-AibAccount makes the connection that every other cmdlet of the module uses for the rest of the session: the cloud (-Environment) or a custom ARM endpoint (-ArmEndpoint, for Azure Stack and the AIB emulator), the subscription, the tenant, and how to sign in.</para>
    /// <para>Without a sign-in parameter it tries, in order: an Azure DevOps workload-identity service connection (AZURESUBSCRIPTION_* variables and SYSTEM_ACCESSTOKEN), a service principal or workload identity from the AZURE_* environment variables, a managed identity announced by IDENTITY_ENDPOINT or MSI_ENDPOINT (Azure Automation), the Az PowerShell context of this session (Get-AzAccessToken), the Azure CLI, and - in an interactive console only - the device code flow. It never prompts in a runbook or pipeline. If nothing works, one error lists each mode and why it failed.</para>
    /// <para>The cmdlets connect the same way on first use, so Connect-AibAccount is only needed to choose something else. It returns the context, which never contains the token.</para>
    /// </remarks>
    /// <example>
    /// <code>Connect-AibAccount -Identity</code>
    /// <para>In an Azure Automation runbook: signs in with the account's system-assigned managed identity.</para>
    /// </example>
    /// <example>
    /// <code>Connect-AibAccount -Identity -ClientId 11111111-2222-3333-4444-555555555555 -SubscriptionId 00000000-0000-0000-0000-000000000000</code>
    /// <para>Signs in with a user-assigned managed identity and chooses the subscription.</para>
    /// </example>
    /// <example>
    /// <code>Connect-AzAccount; Connect-AibAccount -UseAzContext</code>
    /// <para>Uses the Az PowerShell context of this session; tokens are refreshed from it during long waits.</para>
    /// </example>
    /// <example>
    /// <code>$ep = Get-Content out/emulator/endpoint.json | ConvertFrom-Json
    /// Connect-AibAccount -ArmEndpoint $ep.armEndpoint -SubscriptionId $ep.subscriptionId -AccessToken (ConvertTo-SecureString 'emulator' -AsPlainText -Force) -SkipCertificateCheck</code>
    /// <para>Connects to the AIB emulator of this repository.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Connect, "AibAccount", DefaultParameterSetName = AutomaticSet)]
    [OutputType(typeof(AibContext))]
    public sealed class ConnectAibAccountCommand : AibCmdlet
    {
        private const string AutomaticSet = "Automatic";
        private const string AccessTokenSet = "AccessToken";
        private const string IdentitySet = "ManagedIdentity";
        private const string PipelinesSet = "AzurePipelines";
        private const string EnvironmentSet = "Environment";
        private const string AzContextSet = "AzContext";
        private const string AzureCliSet = "AzureCli";
        private const string DeviceCodeSet = "DeviceCode";

        /// <summary>The Azure cloud: AzureCloud (default), AzureUSGovernment or AzureChinaCloud. Use -ArmEndpoint for any other endpoint.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(EnvironmentCompleter))]
        public string? Environment { get; set; }

        /// <summary>A custom Azure Resource Manager endpoint (https), such as Azure Stack Hub or the AIB emulator. Tokens are requested for this endpoint.</summary>
        [Parameter]
        public string? ArmEndpoint { get; set; }

        /// <summary>The Microsoft Entra authority to sign in at when it is not the cloud's own: a private or sovereign cloud's, Azure Stack's ADFS, the AIB emulator's (default: AZURE_AUTHORITY_HOST, else the cloud's). Used by the service principal, workload identity, Azure DevOps and device code modes.</summary>
        [Parameter]
        public string? AuthorityHost { get; set; }

        /// <summary>Trusts any server certificate of -ArmEndpoint (self-signed test endpoints). Allowed only with -ArmEndpoint; writes a warning.</summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>The subscription (GUID) that holds the image templates. Without it: the Az context's, AZURE_SUBSCRIPTION_ID, or the only subscription the account sees.</summary>
        [Parameter]
        public string? SubscriptionId { get; set; }

        /// <summary>The Microsoft Entra tenant (GUID or domain) to sign in to.</summary>
        [Parameter]
        public string? TenantId { get; set; }

        /// <summary>An ARM access token the caller already holds, as a SecureString. It is used until it expires and is never shown.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        public SecureString? AccessToken { get; set; }

        /// <summary>Signs in with a managed identity (Azure Automation, App Service, or IMDS on an Azure VM).</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdentitySet)]
        public SwitchParameter Identity { get; set; }

        /// <summary>Client id of the user-assigned managed identity (with -Identity) or of the service connection's app registration (with -AzurePipelinesServiceConnectionId).</summary>
        [Parameter(ParameterSetName = IdentitySet)]
        [Parameter(ParameterSetName = PipelinesSet)]
        public string? ClientId { get; set; }

        /// <summary>The id of an Azure DevOps workload-identity-federation service connection; SYSTEM_ACCESSTOKEN must be mapped into the step.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelinesSet)]
        public string? AzurePipelinesServiceConnectionId { get; set; }

        /// <summary>Signs in as the service principal or workload identity described by AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EnvironmentSet)]
        public SwitchParameter UseEnvironment { get; set; }

        /// <summary>Uses the Az PowerShell context of this session (Connect-AzAccount); tokens come from Get-AzAccessToken and are refreshed during long waits.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AzContextSet)]
        public SwitchParameter UseAzContext { get; set; }

        /// <summary>Uses the account signed in to the Azure CLI (az login).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AzureCliSet)]
        public SwitchParameter UseAzureCli { get; set; }

        /// <summary>Signs in with the device code flow: open the page shown and enter the code. Interactive sessions only.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        public SwitchParameter DeviceCode { get; set; }

        protected override void ProcessRecord()
        {
            AibConnectionOptions options = SessionConnection.CreateOptions(this);
            options.Environment = Environment;
            options.ArmEndpoint = ArmEndpoint;
            options.AuthorityHost = AuthorityHost;
            options.SkipCertificateCheck = SkipCertificateCheck.IsPresent;
            options.SubscriptionId = SubscriptionId;
            options.TenantId = TenantId;
            options.ClientId = ClientId;
            options.AccessToken = AccessToken;
            options.ServiceConnectionId = AzurePipelinesServiceConnectionId;
            options.SignInMode = ChosenMode();

            if (options.SignInMode == AibSignInMode.AzPowerShell && options.AzPowerShellToken == null)
            {
                ThrowAib(new AibException(ConnectErrorIds.NoAzContext,
                    "-UseAzContext needs Az.Accounts in this session: run Import-Module Az.Accounts; "
                        + "Connect-AzAccount first, or choose another sign-in mode.", "UseAzContext"));
            }
            if (options.SignInMode == AibSignInMode.DeviceCode && !options.Interactive)
            {
                ThrowAib(new AibException(ConnectErrorIds.DeviceCodeNotInteractive,
                    "-DeviceCode needs a person at an interactive console; this host is not interactive (pipeline, runbook or -NonInteractive). "
                        + "Use -Identity, -AzurePipelinesServiceConnectionId, -UseEnvironment or -AccessToken instead.", "DeviceCode"));
            }

            WriteVerbose(options.SignInMode == null ? "Signing in with the automatic chain." : $"Signing in with {options.SignInMode}.");
            AibConnection connection;
            try
            {
                connection = RunCore(ct => SessionConnection.ConnectAsync(options, ct));
            }
            catch (AibException ex)
            {
                ThrowAib(ex);
                return;
            }
            if (connection.SkipCertificateCheck)
            {
                WriteWarning($"Certificate validation is off for {connection.Cloud.ArmEndpoint}: "
                    + "use -SkipCertificateCheck only with test endpoints you control.");
            }
            WriteVerbose($"Connected to {connection.Cloud.ArmEndpoint} as {connection.Account} ({connection.SignInMode}), "
                + $"subscription {connection.SubscriptionId}.");
            WriteObject(new AibContext(connection));
        }

        private AibSignInMode? ChosenMode()
        {
            switch (ParameterSetName)
            {
                case AccessTokenSet: return AibSignInMode.AccessToken;
                case IdentitySet: return AibSignInMode.ManagedIdentity;
                case PipelinesSet: return AibSignInMode.AzurePipelines;
                case EnvironmentSet: return AibSignInMode.Environment;
                case AzContextSet: return AibSignInMode.AzPowerShell;
                case AzureCliSet: return AibSignInMode.AzureCli;
                case DeviceCodeSet: return AibSignInMode.DeviceCode;
                default: return null;
            }
        }
    }
}
