using System;
using System.Collections;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace IsolatedImageBuilds.Core.Auth
{
    /// <summary>What the caller asked for when connecting. Plain values; Core decides what they mean.</summary>
    public sealed class AibConnectionOptions
    {
        /// <summary>AzureCloud, AzureUSGovernment or AzureChinaCloud. Exclusive with <see cref="ArmEndpoint"/>.</summary>
        public string? Environment { get; set; }

        /// <summary>A custom ARM endpoint (Azure Stack, the emulator).</summary>
        public string? ArmEndpoint { get; set; }

        /// <summary>The Microsoft Entra authority to sign in at, when not the cloud's own (AZURE_AUTHORITY_HOST otherwise).</summary>
        public string? AuthorityHost { get; set; }

        /// <summary>Trust any server certificate; only with a custom ARM endpoint.</summary>
        public bool SkipCertificateCheck { get; set; }

        public string? SubscriptionId { get; set; }
        public string? TenantId { get; set; }

        /// <summary>A single sign-in mode; null runs the automatic chain.</summary>
        public AibSignInMode? SignInMode { get; set; }

        /// <summary>Client id of a user-assigned managed identity, or of the service connection's app.</summary>
        public string? ClientId { get; set; }

        public SecureString? AccessToken { get; set; }

        /// <summary>Azure DevOps service connection id (workload identity federation).</summary>
        public string? ServiceConnectionId { get; set; }

        /// <summary>Supplied by the PowerShell layer when the session has an Az context (Get-AzAccessToken).</summary>
        public Func<string, CancellationToken, Task<SessionToken>>? AzPowerShellToken { get; set; }

        /// <summary>Subscription of the session's Az context, when there is one.</summary>
        public string? AzPowerShellSubscriptionId { get; set; }

        /// <summary>True only in an interactive host: the automatic chain never prompts otherwise.</summary>
        public bool Interactive { get; set; }

        /// <summary>Where the device-code instructions go (the warning stream in PowerShell).</summary>
        public Action<string>? DeviceCodeMessage { get; set; }

        /// <summary>How long one sign-in mode may take to produce a token before the next is tried.</summary>
        public TimeSpan ModeTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The environment variables to read (the process's by default; tests hand their own).</summary>
        public IDictionary<string, string?> EnvironmentVariables { get; set; } = ReadProcessEnvironment();

        private static IDictionary<string, string?> ReadProcessEnvironment()
        {
            var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                result[(string)entry.Key] = entry.Value as string;
            }
            return result;
        }

        internal string? Env(string name)
            => EnvironmentVariables.TryGetValue(name, out string? value) && !string.IsNullOrWhiteSpace(value) ? value : null;
    }
}
