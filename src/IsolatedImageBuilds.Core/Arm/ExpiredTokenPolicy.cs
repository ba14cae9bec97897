using System;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using IsolatedImageBuilds.Core.Auth;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>
    /// After the bearer-token policy (per retry): ARM's 401 <c>ExpiredAuthenticationToken</c> (a token that ran out
    /// on its way, or a clock ahead of ours) is answered by renewing the token and sending the request once more,
    /// so the caller never sees it. A static -AccessToken cannot be renewed: its expiry ends the call with one
    /// error that says how to re-attach, before a request is sent with it when its expiry is known.
    /// </summary>
    internal sealed class ExpiredTokenPolicy : HttpPipelinePolicy
    {
        private readonly TokenCredential _credential;
        private readonly string _scope;

        public ExpiredTokenPolicy(TokenCredential credential, string scope)
        {
            _credential = credential;
            _scope = scope;
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            => ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            => ProcessAsync(message, pipeline, async: true);

        private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            var fixedToken = _credential as StaticTokenCredential;
            if (fixedToken != null && fixedToken.HasExpired) throw fixedToken.Expired();
            await Next(message, pipeline, async).ConfigureAwait(false);
            if (!IsExpiredTokenAnswer(message)) return;
            if (fixedToken != null) throw fixedToken.Expired();

            (_credential as SessionTokenCredential)?.Forget();
            AccessToken renewed = await _credential.GetTokenAsync(new TokenRequestContext(new[] { _scope }), message.CancellationToken)
                .ConfigureAwait(false);
            message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + renewed.Token);
            await Next(message, pipeline, async).ConfigureAwait(false);
        }

        private static async ValueTask Next(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            if (async) await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            else ProcessNext(message, pipeline);
        }

        // ARM names the cause in the body's error code; the header's error_description repeats its text.
        private static bool IsExpiredTokenAnswer(HttpMessage message)
        {
            if (!message.HasResponse || message.Response.Status != 401) return false;
            if (message.Response.Headers.TryGetValue("WWW-Authenticate", out string? challenge)
                && challenge != null && challenge.IndexOf("expiry", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
            return message.Response.Content != null && message.Response.Content.ToString().Contains("\"ExpiredAuthenticationToken\"");
        }
    }
}
