using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// The complete lines of one chunk: decoded by the reading thread, prepared (<see cref="LinePreparer"/>) by whichever thread
    /// claims them first, committed by the reading thread in log order.
    /// </summary>
    internal sealed class LineBatch
    {
        private volatile bool _prepared;

        public List<string> Lines { get; } = new List<string>();
        public List<LogEntry> Entries { get; } = new List<LogEntry>();

        /// <summary>Offset just after the batch's last line.</summary>
        public long EndOffset { get; set; }

        public bool Prepared => _prepared;
        public ExceptionDispatchInfo? Failure { get; private set; }

        /// <summary>Prepares every line; numbers come when the entries are committed.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Prepare(LinePreparer preparer, ref string? lastOperationId)
        {
            try
            {
                foreach (string line in Lines) Entries.Add(preparer.Prepare(line, 0, ref lastOperationId));
            }
            catch (Exception ex)
            {
                Failure = ExceptionDispatchInfo.Capture(ex);
            }
            _prepared = true;
        }

        public LineBatch Clear()
        {
            Lines.Clear();
            Entries.Clear();
            Failure = null;
            _prepared = false;
            return this;
        }
    }

    /// <summary>
    /// A second thread that prepares batches of lines while the reading thread decodes and commits them. The reading thread
    /// hands over each batch it decodes; when the batch it must commit next is not ready, it prepares the oldest batch nobody
    /// has claimed instead of waiting. The work so divides itself between the two threads whatever the caller does with the
    /// entries. Each thread keeps its own <see cref="LinePreparer"/>: a preparer carries only scratch marks and the last
    /// operation id it saw (reused when a line has the same; any id it kept was checked when first seen).
    /// </summary>
    internal sealed class SharedPreparation : IDisposable
    {
        private readonly object _gate = new object();
        private readonly Queue<LineBatch> _unclaimed = new Queue<LineBatch>();
        private readonly LinePreparer _own;
        private string? _ownLastOperationId;
        private readonly Task _second;
        private bool _ended;

        public SharedPreparation(LogAnalyzer analyzer)
        {
            _own = analyzer.CreatePreparer();
            LinePreparer other = analyzer.CreatePreparer();
            _second = Task.Factory.StartNew(() => RunSecond(other), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Offers a decoded batch to the second thread.</summary>
        public void Add(LineBatch batch)
        {
            lock (_gate)
            {
                _unclaimed.Enqueue(batch);
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Returns once <paramref name="batch"/> is prepared, preparing unclaimed batches on this thread meanwhile.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Await(LineBatch batch)
        {
            while (!batch.Prepared)
            {
                LineBatch? claimed = null;
                lock (_gate)
                {
                    if (_unclaimed.Count > 0) claimed = _unclaimed.Dequeue();
                    else if (!batch.Prepared) Monitor.Wait(_gate);
                }
                claimed?.Prepare(_own, ref _ownLastOperationId);
            }
            batch.Failure?.Throw();
        }

        private void RunSecond(LinePreparer preparer)
        {
            string? lastOperationId = null;
            while (true)
            {
                LineBatch batch;
                lock (_gate)
                {
                    while (_unclaimed.Count == 0 && !_ended) Monitor.Wait(_gate);
                    if (_unclaimed.Count == 0) return;
                    batch = _unclaimed.Dequeue();
                }
                batch.Prepare(preparer, ref lastOperationId);
                lock (_gate) Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Ends the second thread once it has finished the batch in its hands (batches never claimed are dropped).</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _ended = true;
                _unclaimed.Clear();
                Monitor.PulseAll(_gate);
            }
            _second.Wait();
        }
    }
}
