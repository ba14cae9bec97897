using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using Connect = IsolatedImageBuilds.Core.CommandNames.ConnectAibAccount;

namespace IsolatedImageBuilds.Core.Auth
{
    /// <summary>
    /// Turns connection options into a signed-in <see cref="AibConnection"/>: checks the input, picks
    /// the sign-in mode (explicit, or the first of the automatic chain that yields a token) and builds
    /// the ArmClient. When nothing works, one error lists every mode tried and why it failed.
    /// </summary>
    public static class AibConnector
    {
        /// <summary>The automatic chain, in order. Documented in about_IsolatedImageBuilds.</summary>
        public static IReadOnlyList<AibSignInMode> AutomaticOrder { get; } = new[]
        {
            AibSignInMode.AzurePipelines, AibSignInMode.Environment, AibSignInMode.ManagedIdentity,
            AibSignInMode.AzPowerShell, AibSignInMode.AzureCli, AibSignInMode.DeviceCode,
        };

        public static async Task<AibConnection> ConnectAsync(AibConnectionOptions options, CancellationToken cancellationToken)
        {
            AibCloud cloud = Validate(options);
            var attempts = new List<string>();
            IEnumerable<AibSignInMode> modes = options.SignInMode is AibSignInMode chosen ? new[] { chosen } : AutomaticOrder;

            foreach (AibSignInMode mode in modes)
            {
                string? notApplicable = WhyNotApplicable(mode, options, explicitMode: options.SignInMode != null);
                if (notApplicable != null)
                {
                    attempts.Add($"{mode}: {notApplicable}");
                    continue;
                }
                TokenCredential credential = CreateCredential(mode, cloud, options);
                try
                {
                    AccessToken token = await GetFirstTokenAsync(credential, cloud, options.ModeTimeout, cancellationToken).ConfigureAwait(false);
                    return await FinishAsync(cloud, mode, credential, token, options, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (AibException) { throw; }
                catch (Exception ex)
                {
                    attempts.Add($"{mode}: {FirstLine(ex)}");
                }
            }

            if (options.SignInMode is AibSignInMode only)
            {
                throw new AibException(ConnectErrorIds.SignInFailed,
                    $"Signing in with {only} failed. {attempts.Last().Substring(only.ToString().Length + 2)} {FixFor(only)}", only.ToString());
            }
            throw new AibException(ConnectErrorIds.NoCredential,
                "No sign-in mode worked. Tried, in order:" + System.Environment.NewLine + "  "
                + string.Join(System.Environment.NewLine + "  ", attempts)
                + System.Environment.NewLine
                + $"Run {Connect.Name} with -{Connect.Identity}, -{Connect.AccessToken}, "
                + $"-{Connect.DeviceCode} or -{Connect.AzurePipelinesServiceConnectionId}, "
                + "set the AZURE_* service-principal variables, or sign in with Connect-AzAccount or az login first.",
                Connect.Name);
        }

        private static AibCloud Validate(AibConnectionOptions o)
        {
            if (!string.IsNullOrEmpty(o.Environment) && !string.IsNullOrEmpty(o.ArmEndpoint))
            {
                throw new AibException(ConnectErrorIds.EnvironmentAndArmEndpoint,
                    $"-{Connect.Environment} and -{Connect.ArmEndpoint} both name the cloud; give only one: "
                    + $"-{Connect.Environment} for a public or sovereign cloud, -{Connect.ArmEndpoint} for Azure Stack or another endpoint.",
                    Connect.ArmEndpoint);
            }
            if (o.SkipCertificateCheck && string.IsNullOrEmpty(o.ArmEndpoint))
            {
                throw new AibException(ConnectErrorIds.SkipCertificateCheckWithoutArmEndpoint,
                    $"-{Connect.SkipCertificateCheck} is only allowed together with -{Connect.ArmEndpoint}: "
                    + "Azure's public and sovereign clouds always present valid certificates. "
                    + $"Remove -{Connect.SkipCertificateCheck}, or add -{Connect.ArmEndpoint} <https uri> for a private endpoint.",
                    Connect.SkipCertificateCheck);
            }
            if (o.SubscriptionId != null && !Guid.TryParse(o.SubscriptionId, out _))
            {
                throw new AibException(ConnectErrorIds.InvalidSubscriptionId,
                    $"-{Connect.SubscriptionId} '{o.SubscriptionId}' is not a subscription id. "
                    + "Give the subscription's GUID, such as 00000000-0000-0000-0000-000000000000 (Get-AzSubscription or az account list show it).",
                    Connect.SubscriptionId);
            }
            if (o.TenantId != null && !IsTenant(o.TenantId))
            {
                throw new AibException(ConnectErrorIds.InvalidTenantId,
                    $"-{Connect.TenantId} '{o.TenantId}' is neither a tenant GUID nor a domain name. "
                    + "Give the directory (tenant) id from the portal's Microsoft Entra ID overview, "
                    + "or a verified domain such as contoso.onmicrosoft.com.",
                    Connect.TenantId);
            }
            if (o.ClientId != null && !Guid.TryParse(o.ClientId, out _))
            {
                throw new AibException(ConnectErrorIds.InvalidClientId,
                    $"-{Connect.ClientId} '{o.ClientId}' is not a client id. "
                    + "Give the application (client) id GUID of the user-assigned managed identity or app registration.",
                    Connect.ClientId);
            }
            if (o.SignInMode == AibSignInMode.AccessToken && (o.AccessToken == null || o.AccessToken.Length == 0))
            {
                throw new AibException(ConnectErrorIds.EmptyAccessToken,
                    $"-{Connect.AccessToken} is empty. Pass an ARM access token as a SecureString, e.g. (Get-AzAccessToken -AsSecureString).Token, "
                    + "or (az account get-access-token --query accessToken -o tsv | ConvertTo-SecureString -AsPlainText -Force).",
                    Connect.AccessToken);
            }
            AibCloud cloud = string.IsNullOrEmpty(o.ArmEndpoint)
                ? AibCloud.FromName(o.Environment ?? AibCloud.AzureCloud.Name)
                : AibCloud.Custom(o.ArmEndpoint!);
            // -AuthorityHost, else AZURE_AUTHORITY_HOST (what Azure.Identity reads): a sovereign or private cloud's Entra ID.
            string? authorityHost = o.AuthorityHost ?? o.Env("AZURE_AUTHORITY_HOST");
            return authorityHost == null ? cloud : cloud.WithAuthorityHost(authorityHost);
        }

        private static bool IsTenant(string value)
            => Guid.TryParse(value, out _) || (value.Contains(".") && value.All(c => char.IsLetterOrDigit(c) || c == '.' || c == '-'));

        // Modes whose inputs are absent are skipped (and listed as such) rather than tried: probing
        // IMDS or launching az where nothing suggests them would only cost time.
        private static string? WhyNotApplicable(AibSignInMode mode, AibConnectionOptions o, bool explicitMode)
        {
            switch (mode)
            {
                case AibSignInMode.AccessToken:
                    return o.AccessToken == null ? $"no -{Connect.AccessToken} given" : null;
                case AibSignInMode.AzurePipelines:
                    if ((o.ServiceConnectionId ?? o.Env("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID")) == null)
                        return "no service connection (AZURESUBSCRIPTION_SERVICE_CONNECTION_ID or -AzurePipelinesServiceConnectionId)";
                    if (o.Env("SYSTEM_ACCESSTOKEN") == null)
                        return "SYSTEM_ACCESSTOKEN is not set (map it in the pipeline step: env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))";
                    if ((o.ClientId ?? o.Env("AZURESUBSCRIPTION_CLIENT_ID")) == null)
                        return $"no client id (AZURESUBSCRIPTION_CLIENT_ID or -{Connect.ClientId})";
                    if ((o.TenantId ?? o.Env("AZURESUBSCRIPTION_TENANT_ID")) == null)
                        return $"no tenant id (AZURESUBSCRIPTION_TENANT_ID or -{Connect.TenantId})";
                    return null;
                case AibSignInMode.Environment:
                    if (o.Env("AZURE_CLIENT_ID") == null || o.Env("AZURE_TENANT_ID") == null)
                        return "AZURE_CLIENT_ID and AZURE_TENANT_ID are not both set";
                    if (o.Env("AZURE_CLIENT_SECRET") == null && o.Env("AZURE_CLIENT_CERTIFICATE_PATH") == null
                        && o.Env("AZURE_FEDERATED_TOKEN_FILE") == null)
                        return "none of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE is set";
                    return null;
                case AibSignInMode.ManagedIdentity:
                    return explicitMode || o.Env("IDENTITY_ENDPOINT") != null || o.Env("MSI_ENDPOINT") != null
                        ? null
                        : $"IDENTITY_ENDPOINT/MSI_ENDPOINT not set (on an Azure VM, use {Connect.Name} -{Connect.Identity} to ask IMDS)";
                case AibSignInMode.AzPowerShell:
                    return o.AzPowerShellToken == null
                        ? "no Az context in this session (Connect-AzAccount not run, or Az.Accounts not imported)"
                        : null;
                case AibSignInMode.AzureCli:
                    return explicitMode || FindOnPath(o, "az") ? null : "az is not on PATH";
                case AibSignInMode.DeviceCode:
                    return o.Interactive ? null : "the host is not interactive (device code sign-in would wait for a person)";
                default:
                    return "unknown mode";
            }
        }

        private static bool FindOnPath(AibConnectionOptions o, string command)
        {
            string? path = o.Env("PATH");
            if (path == null) return false;
            string[] names = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new[] { command + ".cmd", command + ".exe" } : new[] { command };
            return path.Split(Path.PathSeparator)
                .Any(dir => names.Any(n => { try { return File.Exists(Path.Combine(dir, n)); } catch (ArgumentException) { return false; } }));
        }

        private static TokenCredential CreateCredential(AibSignInMode mode, AibCloud cloud, AibConnectionOptions o)
        {
            string? tenant = o.TenantId;
            switch (mode)
            {
                case AibSignInMode.AccessToken:
                    {
                        string token = Unprotect(o.AccessToken!);
                        return new StaticTokenCredential(token, JwtClaims.TryRead(token)?.ExpiresOn);
                    }
                case AibSignInMode.AzurePipelines:
                    return new AzurePipelinesCredential(
                        tenant ?? o.Env("AZURESUBSCRIPTION_TENANT_ID"), o.ClientId ?? o.Env("AZURESUBSCRIPTION_CLIENT_ID"),
                        o.ServiceConnectionId ?? o.Env("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"), o.Env("SYSTEM_ACCESSTOKEN"),
                        new AzurePipelinesCredentialOptions
                        {
                            AuthorityHost = cloud.AuthorityHost,
                            DisableInstanceDiscovery = cloud.HasCustomAuthority,
                        });
                case AibSignInMode.Environment:
                    return CreateEnvironmentCredential(cloud, o);
                case AibSignInMode.ManagedIdentity:
                    return new ManagedIdentityCredential(o.ClientId == null
                        ? ManagedIdentityId.SystemAssigned
                        : ManagedIdentityId.FromUserAssignedClientId(o.ClientId));
                case AibSignInMode.AzPowerShell:
                    return new SessionTokenCredential(o.AzPowerShellToken!);
                case AibSignInMode.AzureCli:
                    return new AzureCliCredential(new AzureCliCredentialOptions { TenantId = tenant, ProcessTimeout = o.ModeTimeout });
                case AibSignInMode.DeviceCode:
                    return new DeviceCodeCredential(new DeviceCodeCredentialOptions
                    {
                        TenantId = tenant,
                        AuthorityHost = cloud.AuthorityHost,
                        DisableInstanceDiscovery = cloud.HasCustomAuthority,
                        DeviceCodeCallback = (info, _) => { o.DeviceCodeMessage?.Invoke(info.Message); return Task.CompletedTask; },
                    });
                default:
                    throw new ArgumentOutOfRangeException(nameof(mode));
            }
        }

        // Built from our own view of the environment (not EnvironmentCredential, which reads the
        // process directly) so the chain is testable. A custom authority (Azure Stack ADFS, a private
        // cloud) is not in Entra's instance metadata: skip the discovery call that would go to the
        // public cloud instead of the authority given.
        private static TokenCredential CreateEnvironmentCredential(AibCloud cloud, AibConnectionOptions o)
        {
            string tenant = o.Env("AZURE_TENANT_ID")!;
            string clientId = o.Env("AZURE_CLIENT_ID")!;
            Uri authority = cloud.AuthorityHost;
            bool noDiscovery = cloud.HasCustomAuthority;
            if (o.Env("AZURE_FEDERATED_TOKEN_FILE") is string tokenFile)
            {
                return new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions
                {
                    TenantId = tenant,
                    ClientId = clientId,
                    TokenFilePath = tokenFile,
                    AuthorityHost = authority,
                    DisableInstanceDiscovery = noDiscovery
                });
            }
            if (o.Env("AZURE_CLIENT_SECRET") is string secret)
            {
                return new ClientSecretCredential(tenant, clientId, secret,
                    new ClientSecretCredentialOptions { AuthorityHost = authority, DisableInstanceDiscovery = noDiscovery });
            }
            return new ClientCertificateCredential(tenant, clientId, o.Env("AZURE_CLIENT_CERTIFICATE_PATH")!,
                new ClientCertificateCredentialOptions { AuthorityHost = authority, DisableInstanceDiscovery = noDiscovery });
        }

        private static async Task<AccessToken> GetFirstTokenAsync(TokenCredential credential, AibCloud cloud, TimeSpan timeout,
            CancellationToken cancellationToken)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                return await credential.GetTokenAsync(new TokenRequestContext(new[] { cloud.Scope }), cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no token within {timeout.TotalSeconds:0} s");
            }
        }

        private static async Task<AibConnection> FinishAsync(AibCloud cloud, AibSignInMode mode, TokenCredential credential, AccessToken token,
            AibConnectionOptions o, CancellationToken cancellationToken)
        {
            JwtClaims? claims = JwtClaims.TryRead(token.Token);
            string account = claims?.Account ?? DescribeAccount(mode, o);
            string? tenant = o.TenantId ?? claims?.TenantId ?? o.Env("AZURE_TENANT_ID") ?? o.Env("AZURESUBSCRIPTION_TENANT_ID");

            ArmClientOptions clientOptions = CreateClientOptions(cloud, o.SkipCertificateCheck);
            clientOptions.AddPolicy(new ExpiredTokenPolicy(credential, cloud.Scope), HttpPipelinePosition.PerRetry);
            string? subscription = o.SubscriptionId
                ?? (mode == AibSignInMode.AzPowerShell ? o.AzPowerShellSubscriptionId : null)
                ?? o.Env("AZURE_SUBSCRIPTION_ID") ?? o.Env("AZURESUBSCRIPTION_SUBSCRIPTION_ID");
            if (subscription == null)
            {
                var probe = new ArmClient(credential, null, clientOptions);
                subscription = await ChooseSubscriptionAsync(new ArmRequestSender(probe), cancellationToken).ConfigureAwait(false);
            }
            var client = new ArmClient(credential, subscription, clientOptions);
            return new AibConnection(cloud, subscription, tenant, account, mode, o.SkipCertificateCheck, credential, client, clientOptions);
        }

        private static async Task<string> ChooseSubscriptionAsync(ArmRequestSender arm, CancellationToken cancellationToken)
        {
            ArmResponse response =
                await arm.SendAsync(ArmRequest.Get("/subscriptions", ArmApiVersions.Subscriptions), cancellationToken).ConfigureAwait(false);
            var ids = new List<string>();
            if (response.Json?["value"] is JsonArray items)
            {
                foreach (JsonNode? item in items)
                {
                    if (item.Str("subscriptionId") is string id && (item.Str("state") ?? "Enabled") == "Enabled")
                    {
                        ids.Add(id);
                    }
                }
            }
            if (ids.Count == 1) return ids[0];
            if (ids.Count == 0)
            {
                throw new AibException(ConnectErrorIds.NoSubscription,
                    $"The signed-in account sees no enabled subscription. Give -{Connect.SubscriptionId}, "
                    + "or grant the account a role on the subscription that holds the image templates.",
                    Connect.SubscriptionId);
            }
            throw new AibException(ConnectErrorIds.SubscriptionAmbiguous,
                $"The signed-in account sees {ids.Count} subscriptions ({string.Join(", ", ids.Take(5))}{(ids.Count > 5 ? ", ..." : "")}); "
                + $"give -{Connect.SubscriptionId} to choose one.",
                Connect.SubscriptionId);
        }

        internal static ArmClientOptions CreateClientOptions(AibCloud cloud, bool skipCertificateCheck, TimeSpan? initialRetryDelay = null)
        {
            var options = new ArmClientOptions { Environment = new ArmEnvironment(cloud.ArmEndpoint, cloud.Audience) };
            foreach (KeyValuePair<string, string> pin in ArmApiVersions.ByResourceType)
            {
                options.SetApiVersion(new ResourceType(pin.Key), pin.Value);
            }
            options.RetryPolicy =
                new AibRetryPolicy(maxRetries: 6, initialDelay: initialRetryDelay ?? TimeSpan.FromSeconds(0.8), maxDelay: TimeSpan.FromSeconds(60));
            options.Diagnostics.ApplicationId = "IsolatedImageBuilds";
            if (skipCertificateCheck)
            {
                options.Transport = new HttpClientTransport(new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) => true,
                });
            }
            return options;
        }

        private static string DescribeAccount(AibSignInMode mode, AibConnectionOptions o)
        {
            switch (mode)
            {
                case AibSignInMode.ManagedIdentity:
                    return o.ClientId == null ? "managed identity (system-assigned)" : "managed identity " + o.ClientId;
                case AibSignInMode.Environment: return "service principal " + o.Env("AZURE_CLIENT_ID");
                case AibSignInMode.AzurePipelines:
                    return "service connection " + (o.ServiceConnectionId ?? o.Env("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"));
                default: return "(" + mode + ")";
            }
        }

        private static string FixFor(AibSignInMode mode)
        {
            switch (mode)
            {
                case AibSignInMode.ManagedIdentity:
                    return "Check that the identity is enabled for this Automation account or VM and, "
                        + $"for a user-assigned one, that -{Connect.ClientId} is its client id.";
                case AibSignInMode.AzurePipelines: return "Check the service connection id and that SYSTEM_ACCESSTOKEN is mapped into the step.";
                case AibSignInMode.AzureCli: return "Run az login first.";
                case AibSignInMode.AzPowerShell: return "Run Connect-AzAccount first.";
                case AibSignInMode.Environment: return "Check the AZURE_* variables of the service principal.";
                default: return string.Empty;
            }
        }

        // The first line, plus Entra ID's own answer ("AADSTS7000215: Invalid client secret ...") when MSAL put it further down.
        private static string FirstLine(Exception ex)
        {
            string[] lines = ex.Message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            string first = lines.Length == 0 ? string.Empty : lines[0].Trim();
            var messages = new List<string>();
            for (Exception? e = ex; e != null; e = e.InnerException) messages.Add(e.Message);
            string? entra = messages.SelectMany(m => m.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries))
                .Select(l => l.Trim()).FirstOrDefault(l => l.IndexOf("AADSTS", StringComparison.Ordinal) >= 0);
            if (entra == null || first.IndexOf("AADSTS", StringComparison.Ordinal) >= 0) return first;
            entra = entra.Substring(entra.IndexOf("AADSTS", StringComparison.Ordinal));
            int trace = entra.IndexOf(" Trace ID:", StringComparison.Ordinal);
            return first + " " + (trace > 0 ? entra.Substring(0, trace) : entra);
        }

        internal static string Unprotect(SecureString secure)
        {
            IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
