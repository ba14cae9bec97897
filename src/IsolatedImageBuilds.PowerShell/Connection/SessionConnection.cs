using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Auth;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Connection
{
    /// <summary>
    /// The process's connection, shared by every runspace (thread jobs and -Parallel blocks use the
    /// connection their parent made), and the bridge from Core to the session's Az context.
    /// </summary>
    internal static class SessionConnection
    {
        private static AibConnection? s_current;

        public static AibConnection? Current => Volatile.Read(ref s_current);

        public static void Clear() => Volatile.Write(ref s_current, null);

        public static async Task<AibConnection> ConnectAsync(AibConnectionOptions options, CancellationToken cancellationToken)
        {
            AibConnection connection = await AibConnector.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref s_current, connection);
            return connection;
        }

        /// <summary>Options that only the PowerShell side knows: the Az context of the session, and whether a person is there.</summary>
        public static AibConnectionOptions CreateOptions(PSCmdlet cmdlet)
        {
            var options = new AibConnectionOptions { Interactive = IsInteractive(cmdlet) };
            if (cmdlet.InvokeCommand.GetCommand("Get-AzAccessToken", CommandTypes.Cmdlet | CommandTypes.Function | CommandTypes.Alias) != null)
            {
                options.AzPowerShellToken = RequestAzAccessTokenAsync;
                options.AzPowerShellSubscriptionId = ReadAzContextSubscription(cmdlet);
            }
            options.DeviceCodeMessage = message => PipelineDispatcher.Current?.Post(() => PipelineDispatcher.Current?.Owner.WriteWarning(message));
            return options;
        }

        // Called by Core from a worker thread, possibly hours after Connect (token refresh during a
        // long wait): the call is sent to whichever of our cmdlets is pumping the pipeline thread.
        private static Task<SessionToken> RequestAzAccessTokenAsync(string scope, CancellationToken cancellationToken)
        {
            PipelineDispatcher? dispatcher = PipelineDispatcher.Current;
            if (dispatcher == null)
            {
                throw new InvalidOperationException("The Az context's token can only be refreshed while a cmdlet of this module runs.");
            }
            return dispatcher.InvokeAsync(() => InvokeGetAzAccessToken(dispatcher.Owner, scope), cancellationToken);
        }

        private static SessionToken InvokeGetAzAccessToken(PSCmdlet cmdlet, string scope)
        {
            string resource = scope.EndsWith("/.default", StringComparison.Ordinal) ? scope.Substring(0, scope.Length - "/.default".Length) : scope;
            Collection<PSObject> results = cmdlet.InvokeCommand.InvokeScript(
                "param($ResourceUrl) Get-AzAccessToken -ResourceUrl $ResourceUrl -ErrorAction Stop", false,
                System.Management.Automation.Runspaces.PipelineResultTypes.None, null, resource);
            PSObject? result = results.FirstOrDefault(r => r != null);
            if (result == null)
            {
                throw new InvalidOperationException("Get-AzAccessToken returned nothing: run Connect-AzAccount first.");
            }
            object? raw = result.Properties["Token"]?.Value;
            if (raw is PSObject wrapped)
            {
                raw = wrapped.BaseObject;
            }
            string token = raw is SecureString secure ? AibSecureStrings.ToPlain(secure) : raw?.ToString() ?? string.Empty;
            if (token.Length == 0)
            {
                throw new InvalidOperationException("Get-AzAccessToken returned an empty token: run Connect-AzAccount again.");
            }
            object? expires = result.Properties["ExpiresOn"]?.Value;
            if (expires is PSObject wrappedExpiry)
            {
                expires = wrappedExpiry.BaseObject;
            }
            DateTimeOffset expiresOn = expires is DateTimeOffset dto ? dto
                : expires is DateTime dt ? new DateTimeOffset(dt.ToUniversalTime())
                : DateTimeOffset.UtcNow.AddMinutes(30);
            return new SessionToken(token, expiresOn, result.Properties["UserId"]?.Value?.ToString(),
                result.Properties["TenantId"]?.Value?.ToString());
        }

        private static string? ReadAzContextSubscription(PSCmdlet cmdlet)
        {
            if (cmdlet.InvokeCommand.GetCommand("Get-AzContext", CommandTypes.Cmdlet | CommandTypes.Function | CommandTypes.Alias) == null)
            {
                return null;
            }
            try
            {
                Collection<PSObject> results = cmdlet.InvokeCommand.InvokeScript("(Get-AzContext -ErrorAction Stop).Subscription.Id");
                string? id = results.FirstOrDefault()?.BaseObject?.ToString();
                return Guid.TryParse(id, out _) ? id : null;
            }
            catch (RuntimeException)
            {
                return null;
            }
        }

        // A person can answer a device-code prompt only in an interactive console that is not a
        // pipeline agent, an Automation sandbox or a CI job, and not started with -NonInteractive.
        private static bool IsInteractive(PSCmdlet cmdlet)
        {
            if (!Environment.UserInteractive || Console.IsInputRedirected) return false;
            foreach (string marker in new[] { "TF_BUILD", "CI", "AUTOMATION_ASSET_ACCOUNTID", "GITHUB_ACTIONS" })
            {
                if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(marker))) return false;
            }
            if (Environment.GetCommandLineArgs().Any(a => a.StartsWith("-noni", StringComparison.OrdinalIgnoreCase))) return false;
            return string.Equals(cmdlet.Host.Name, "ConsoleHost", StringComparison.Ordinal);
        }
    }

    internal static class AibSecureStrings
    {
        public static string ToPlain(SecureString secure)
        {
            IntPtr pointer = System.Runtime.InteropServices.Marshal.SecureStringToGlobalAllocUnicode(secure);
            try { return System.Runtime.InteropServices.Marshal.PtrToStringUni(pointer) ?? string.Empty; }
            finally { System.Runtime.InteropServices.Marshal.ZeroFreeGlobalAllocUnicode(pointer); }
        }
    }
}
