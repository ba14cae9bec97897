using System;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>
    /// Follows an ARM long-running operation to its end: Azure-AsyncOperation (status resource) first,
    /// else Location (202 until 200/204), at the server's Retry-After or our interval, cancellable.
    /// A failed operation becomes an AibArmException carrying the operation's own code and message.
    /// </summary>
    public sealed class LongRunningOperationPoller
    {
        private readonly ArmRequestSender _arm;

        public LongRunningOperationPoller(ArmRequestSender arm, TimeSpan? defaultInterval = null, TimeSpan? minimumInterval = null)
        {
            _arm = arm;
            DefaultInterval = defaultInterval ?? TimeSpan.FromSeconds(5);
            MinimumInterval = minimumInterval ?? TimeSpan.FromSeconds(1);
        }

        /// <summary>Used when the server gives no Retry-After.</summary>
        public TimeSpan DefaultInterval { get; }

        /// <summary>Never poll faster than this, whatever Retry-After says.</summary>
        public TimeSpan MinimumInterval { get; }

        /// <summary>Waits until the operation ends; returns its last status. <paramref name="onPoll"/> sees every read.</summary>
        public async Task<ArmOperationStatus> WaitAsync(ArmResponse initial, string operationDescription, Action<ArmOperationStatus>? onPoll,
            CancellationToken cancellationToken)
        {
            string? asyncOperation = initial.Header("Azure-AsyncOperation");
            string? location = initial.Header("Location");
            if (asyncOperation == null && location == null)
            {
                return new ArmOperationStatus("Succeeded", null, null, null, null);
            }
            TimeSpan wait = Interval(initial.RetryAfter);
            while (true)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                ArmOperationStatus status;
                ArmResponse poll;
                if (asyncOperation != null)
                {
                    poll = await _arm.SendAsync(new ArmRequest("GET", asyncOperation, null), cancellationToken).ConfigureAwait(false);
                    status = ArmOperationStatus.Parse(poll.Json);
                }
                else
                {
                    poll = await _arm.SendAsync(new ArmRequest("GET", location!, null), cancellationToken).ConfigureAwait(false);
                    status = poll.Status == 202
                        ? new ArmOperationStatus("InProgress", null, null, null, null)
                        : new ArmOperationStatus("Succeeded", null, null, null, null);
                }
                onPoll?.Invoke(status);
                if (status.IsTerminal)
                {
                    if (status.IsFailed)
                    {
                        throw new AibArmException(200, status.ErrorCode ?? "OperationFailed",
                            status.ErrorMessage ?? "The operation failed without a message.",
                            null, poll.Header("x-ms-request-id"), poll.Header("x-ms-correlation-request-id"), "operation", operationDescription);
                    }
                    return status;
                }
                wait = Interval(poll.RetryAfter);
            }
        }

        private TimeSpan Interval(TimeSpan? retryAfter)
        {
            TimeSpan chosen = retryAfter ?? DefaultInterval;
            return chosen < MinimumInterval ? MinimumInterval : chosen;
        }
    }
}
