using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using IsolatedImageBuilds.Core.Errors;
using Build = IsolatedImageBuilds.Core.CommandNames.GetAibIsolatedBuild;
using Connect = IsolatedImageBuilds.Core.CommandNames.ConnectAibAccount;

namespace IsolatedImageBuilds.Core.Auth
{
    /// <summary>A token the caller handed us (<c>-AccessToken</c>). It cannot be renewed; its expiry comes from the JWT when readable.</summary>
    internal sealed class StaticTokenCredential : TokenCredential
    {
        private readonly AccessToken _token;

        public StaticTokenCredential(string token, DateTimeOffset? expiresOn)
        {
            KnownExpiry = expiresOn;
            _token = new AccessToken(token, expiresOn ?? DateTimeOffset.UtcNow.AddHours(1));
        }

        /// <summary>The JWT's exp; null for an opaque token (whose lifetime only the service knows).</summary>
        public DateTimeOffset? KnownExpiry { get; }

        public bool HasExpired => KnownExpiry is DateTimeOffset expiry && expiry <= DateTimeOffset.UtcNow;

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => _token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => new ValueTask<AccessToken>(_token);

        /// <summary>The one error a wait ends with when the token runs out: the build goes on; how to re-attach.</summary>
        public AibException Expired()
            => new AibException(TokenErrorIds.StaticExpired,
                $"The token given to {Connect.Name} -{Connect.AccessToken} expired"
                + (KnownExpiry is DateTimeOffset at ? $" at {at.UtcDateTime:u}" : string.Empty)
                + " and cannot be renewed; the build goes on in Azure. Sign in again (a fresh -AccessToken, or a mode that renews: "
                + $"-{Connect.Identity}, -UseAzContext, -UseAzureCli, -UseEnvironment, -{Connect.AzurePipelinesServiceConnectionId}), then re-attach "
                + $"with {Build.Name} -{Build.TemplateName} <template> -{Build.ResourceGroupName} <group> -{Build.Wait}.",
                Connect.AccessToken);
    }
}
