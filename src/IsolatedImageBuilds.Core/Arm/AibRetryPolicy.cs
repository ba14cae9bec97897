using System;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>
    /// Azure.Core's retries (408, 429, 5xx, connection failures; Retry-After honoured by the delay
    /// strategy), except that a POST is only repeated when the server said it did not act on it
    /// (429, 503): repeating a run request whose answer was lost could start a second build.
    /// Read-only POSTs (listKeys, checkPolicyRestrictions) are marked idempotent by the caller.
    /// </summary>
    internal sealed class AibRetryPolicy : RetryPolicy
    {
        internal const string IdempotentProperty = "IsolatedImageBuilds.Idempotent";

        public AibRetryPolicy(int maxRetries, TimeSpan initialDelay, TimeSpan maxDelay)
            : base(maxRetries, DelayStrategy.CreateExponentialDelayStrategy(initialDelay, maxDelay))
        {
        }

        protected override bool ShouldRetry(HttpMessage message, Exception? exception)
            => AllowsRepeat(message, exception) && base.ShouldRetry(message, exception);

        protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception)
            => AllowsRepeat(message, exception) && await base.ShouldRetryAsync(message, exception).ConfigureAwait(false);

        private static bool AllowsRepeat(HttpMessage message, Exception? exception)
        {
            if (message.Request.Method != RequestMethod.Post)
            {
                return true;
            }
            if (message.TryGetProperty(IdempotentProperty, out object? flag) && flag is bool idempotent && idempotent)
            {
                return true;
            }
            // The request reached the server and was refused before any work: safe to send again.
            return exception == null && message.HasResponse && (message.Response.Status == 429 || message.Response.Status == 503);
        }
    }
}
