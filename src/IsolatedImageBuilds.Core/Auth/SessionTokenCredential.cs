using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;

namespace IsolatedImageBuilds.Core.Auth
{
    /// <summary>A token obtained by the host (the Az context of the PowerShell session, through Get-AzAccessToken).</summary>
    public readonly struct SessionToken
    {
        public SessionToken(string token, DateTimeOffset expiresOn, string? account, string? tenantId)
        {
            Token = token;
            ExpiresOn = expiresOn;
            Account = account;
            TenantId = tenantId;
        }

        public string Token { get; }
        public DateTimeOffset ExpiresOn { get; }
        public string? Account { get; }
        public string? TenantId { get; }
    }

    /// <summary>
    /// Asks the host for a token and caches it until five minutes before it expires, so a build waited
    /// on for hours keeps working: the host refreshes from the session's Az context on demand.
    /// </summary>
    internal sealed class SessionTokenCredential : TokenCredential
    {
        private static readonly TimeSpan s_refreshMargin = TimeSpan.FromMinutes(5);
        private readonly Func<string, CancellationToken, Task<SessionToken>> _acquire;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private AccessToken? _cached;

        public SessionTokenCredential(Func<string, CancellationToken, Task<SessionToken>> acquire)
        {
            _acquire = acquire;
        }

        /// <summary>Drops the cached token: ARM said it expired (its clock may be ahead of ours).</summary>
        public void Forget() => _cached = null;

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            if (_cached is AccessToken fresh && fresh.ExpiresOn - s_refreshMargin > DateTimeOffset.UtcNow)
            {
                return fresh;
            }
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_cached is AccessToken again && again.ExpiresOn - s_refreshMargin > DateTimeOffset.UtcNow)
                {
                    return again;
                }
                string resource = requestContext.Scopes.Length > 0 ? requestContext.Scopes[0] : string.Empty;
                SessionToken token = await _acquire(resource, cancellationToken).ConfigureAwait(false);
                _cached = new AccessToken(token.Token, token.ExpiresOn);
                return _cached.Value;
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
