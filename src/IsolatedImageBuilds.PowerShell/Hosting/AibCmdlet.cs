using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Hosting
{
    /// <summary>
    /// What every cmdlet of the module shares: one cancellation source per call (cancelled by Ctrl+C
    /// through StopProcessing), Core's async work run with its messages marshalled to the pipeline
    /// thread, and Core's errors turned into ErrorRecords with stable ids.
    /// </summary>
    public abstract class AibCmdlet : PSCmdlet
    {
        private CancellationTokenSource? _cancellation;
        private PipelineDispatcher? _dispatcher;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken CancellationToken => (_cancellation ??= new CancellationTokenSource()).Token;

        protected override void BeginProcessing()
        {
            _cancellation ??= new CancellationTokenSource();
            _dispatcher = new PipelineDispatcher(this);
        }

        protected override void StopProcessing() => _cancellation?.Cancel();

        protected override void EndProcessing() => _cancellation?.Dispose();

        /// <summary>Runs Core work on a worker thread; verbose/progress posted through <see cref="Post"/> are written here.</summary>
        protected T RunCore<T>(Func<CancellationToken, Task<T>> work)
        {
            _dispatcher ??= new PipelineDispatcher(this);
            CancellationToken token = CancellationToken;
            try
            {
                return _dispatcher.Run(() => work(token));
            }
            catch
            {
                // A write that ended the command (-ErrorAction Stop, a stopped pipeline) must also end the
                // work still running behind it, or it would go on polling unseen.
                _cancellation?.Cancel();
                throw;
            }
        }

        /// <summary>Schedules an action (WriteVerbose, WriteProgress...) on the pipeline thread.</summary>
        protected void Post(Action action) => (_dispatcher ??= new PipelineDispatcher(this)).Post(action);

        /// <summary>A thread-safe verbose writer to hand to Core.</summary>
        protected Action<string> VerboseSink => message => Post(() => WriteVerbose(message));

        /// <summary>The session's connection, connecting on first use with the automatic chain.</summary>
        protected AibConnection GetConnection()
        {
            AibConnection? current = Connection.SessionConnection.Current;
            if (current != null)
            {
                return current;
            }
            WriteVerbose("Not connected: trying the automatic sign-in chain (see about_IsolatedImageBuilds).");
            var options = Connection.SessionConnection.CreateOptions(this);
            return RunCore(ct => Connection.SessionConnection.ConnectAsync(options, ct));
        }

        /// <summary>The session's connection, working in the given subscription (bound from a piped inventory record) when there is one.</summary>
        protected AibConnection GetConnection(string? subscriptionId) => GetConnection().ForSubscription(subscriptionId);

        /// <summary>Writes a Core failure as a terminating error.</summary>
        protected void ThrowAib(AibException ex, object? target = null) => ThrowTerminatingError(ToErrorRecord(ex, target));

        /// <summary>Writes a Core failure as a non-terminating error (per pipeline item).</summary>
        protected void WriteAib(AibException ex, object? target = null) => WriteError(ToErrorRecord(ex, target));

        /// <summary>
        /// The one mapping from Core's errors to ErrorRecords: the registered id becomes the FullyQualifiedErrorId
        /// prefix, and the category maps by name (AibErrorCategory mirrors ErrorCategory's members).
        /// </summary>
        internal static ErrorRecord ToErrorRecord(AibException ex, object? target)
        {
            ErrorCategory category = Enum.TryParse(ex.Category.ToString(), out ErrorCategory parsed) ? parsed : ErrorCategory.NotSpecified;
            var record = new ErrorRecord(ex, ex.ErrorId, category, target ?? ex.Target);
            if (ex is AibArmException arm)
            {
                record.ErrorDetails = new ErrorDetails(ex.Message)
                {
                    RecommendedAction = arm.RequestId == null ? null : "Quote request id " + arm.RequestId + " when asking Azure support.",
                };
            }
            return record;
        }
    }
}
