using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// The reads of one invocation, keyed by request (method, api-version, path, body): every read is sent once and its Task
    /// shared by all who ask — the families of one template, or every template of a fleet run (providers, policy, quotas, role
    /// assignments, subnets are subscription- and region-level). Requests in flight are bounded per subscription, the unit ARM
    /// throttles by; tenant-level paths (built-in policy and role definitions) share one gate of their own.
    /// </summary>
    internal sealed class ArmReadCache
    {
        private readonly ArmRequestSender _arm;
        private readonly int _perSubscription;
        private readonly CancellationToken _ct;
        private readonly ConcurrentDictionary<string, Lazy<Task<ArmResponse>>> _reads =
            new ConcurrentDictionary<string, Lazy<Task<ArmResponse>>>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates =
            new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);
        private int _calls;

        public ArmReadCache(ArmRequestSender arm, int maxConcurrencyPerSubscription, CancellationToken ct)
        {
            _arm = arm;
            _perSubscription = maxConcurrencyPerSubscription;
            _ct = ct;
        }

        public CancellationToken Ct => _ct;

        /// <summary>Requests sent (each distinct read once).</summary>
        public int Calls => Volatile.Read(ref _calls);

        /// <summary>The shared answer to <paramref name="request"/>; <paramref name="onSend"/> runs when this caller sends it.</summary>
        public Task<ArmResponse> Read(string key, Func<ArmRequest> request, Action onSend)
            => _reads.GetOrAdd(key, _ => new Lazy<Task<ArmResponse>>(() =>
            {
                onSend();
                return SendAsync(request());
            })).Value;

        private async Task<ArmResponse> SendAsync(ArmRequest request)
        {
            SemaphoreSlim gate = _gates.GetOrAdd(ArmId.SubscriptionOf(request.Path) ?? string.Empty,
                _ => new SemaphoreSlim(_perSubscription, _perSubscription));
            await gate.WaitAsync(_ct).ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref _calls);
                return await _arm.SendAsync(request, _ct).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
