using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace IsolatedImageBuilds.Hosting
{
    /// <summary>
    /// Runs Core's async work on a worker thread while the pipeline thread pumps a queue: anything that
    /// must touch PowerShell (WriteProgress, WriteVerbose, Get-AzAccessToken) is posted here and runs on
    /// the pipeline thread, the only thread allowed to write to the pipeline.
    /// </summary>
    internal sealed class PipelineDispatcher
    {
        private static readonly AsyncLocal<PipelineDispatcher?> s_flowing = new AsyncLocal<PipelineDispatcher?>();
        private static PipelineDispatcher? s_lastPumping;
        private BlockingCollection<Action> _queue = new BlockingCollection<Action>();
        private readonly int _pipelineThreadId = Environment.CurrentManagedThreadId;

        public PipelineDispatcher(System.Management.Automation.PSCmdlet owner)
        {
            Owner = owner;
        }

        /// <summary>The cmdlet whose pipeline thread pumps this dispatcher.</summary>
        public System.Management.Automation.PSCmdlet Owner { get; }

        /// <summary>The dispatcher of the cmdlet whose work is running (flows into its tasks), else the last one pumping.</summary>
        public static PipelineDispatcher? Current => s_flowing.Value ?? Volatile.Read(ref s_lastPumping);

        public bool IsPipelineThread => Environment.CurrentManagedThreadId == _pipelineThreadId;

        /// <summary>Runs <paramref name="work"/> on a worker and pumps posted actions until it ends; returns its result or rethrows its exception.</summary>
        public T Run<T>(Func<Task<T>> work)
        {
            PipelineDispatcher? previous = Interlocked.Exchange(ref s_lastPumping, this);
            // A cmdlet may run Core several times (per record, then at the end): each run pumps its own queue.
            if (_queue.IsAddingCompleted)
            {
                _queue = new BlockingCollection<Action>();
            }
            BlockingCollection<Action> queue = _queue;
            try
            {
                Task<T> task = Task.Run(() =>
                {
                    s_flowing.Value = this;
                    return work();
                });
                task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
                foreach (Action action in queue.GetConsumingEnumerable())
                {
                    action();
                }
                return task.GetAwaiter().GetResult();
            }
            finally
            {
                Interlocked.CompareExchange(ref s_lastPumping, previous, this);
            }
        }

        /// <summary>Posts an action to the pipeline thread without waiting (messages, progress).</summary>
        public void Post(Action action)
        {
            if (IsPipelineThread)
            {
                action();
                return;
            }
            try
            {
                _queue.Add(action);
            }
            catch (InvalidOperationException)
            {
                // The cmdlet's work has ended: a late message has nowhere to go.
            }
        }

        /// <summary>Runs a function on the pipeline thread and awaits its result.</summary>
        public Task<T> InvokeAsync<T>(Func<T> function, CancellationToken cancellationToken)
        {
            if (IsPipelineThread)
            {
                return Task.FromResult(function());
            }
            var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            cancellationToken.Register(() => completion.TrySetCanceled());
            try
            {
                _queue.Add(() =>
                {
                    try { completion.TrySetResult(function()); }
                    catch (Exception ex) { completion.TrySetException(ex); }
                });
            }
            catch (InvalidOperationException)
            {
                completion.TrySetException(new InvalidOperationException("No cmdlet of this module is running on the pipeline thread "
                    + "to serve the request."));
            }
            return completion.Task;
        }
    }
}
