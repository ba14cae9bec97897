using System;
using System.Globalization;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>
    /// Azure.Core's retries (408, 429, 5xx, connection failures; Retry-After honoured by the delay
    /// strategy), except that a POST is only repeated when the server said it did not act on it
    /// (429, 503): repeating a run request whose answer was lost could start a second build.
    /// Read-only POSTs (listKeys, checkPolicyRestrictions) are marked idempotent by the caller.
    /// A 429 from Resource Graph, which announces its quota window in x-ms-user-quota-resets-after, waits that long.
    /// </summary>
    internal sealed class AibRetryPolicy : RetryPolicy
    {
        internal const string IdempotentProperty = "IsolatedImageBuilds.Idempotent";

        public AibRetryPolicy(int maxRetries, TimeSpan initialDelay, TimeSpan maxDelay)
            : base(maxRetries, new QuotaWindowDelay(DelayStrategy.CreateExponentialDelayStrategy(initialDelay, maxDelay), maxDelay))
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

        /// <summary>The exponential delay, or Resource Graph's quota reset (hh:mm:ss) when a 429 gives one and it is longer.</summary>
        private sealed class QuotaWindowDelay : DelayStrategy
        {
            private readonly DelayStrategy _exponential;

            public QuotaWindowDelay(DelayStrategy exponential, TimeSpan maxDelay) : base(maxDelay, jitterFactor: 0)
            {
                _exponential = exponential;
            }

            protected override TimeSpan GetNextDelayCore(Response? response, int retryNumber)
            {
                TimeSpan delay = _exponential.GetNextDelay(response, retryNumber);
                if (response != null && response.Status == 429 && response.Headers.TryGetValue("x-ms-user-quota-resets-after", out string? value)
                    && TimeSpan.TryParseExact(value, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out TimeSpan reset) && reset > delay)
                {
                    return reset;
                }
                return delay;
            }
        }
    }
}
