using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// Gathers results from concurrently running checks: hands each to the caller's callback as soon as
    /// it is known (one at a time, so the callback needs no locking) and keeps the order key that makes
    /// the returned list stable whatever finished first.
    /// </summary>
    internal sealed class ResultCollector
    {
        private readonly object _lock = new object();
        private readonly List<(int Family, int Slot, int Index, PrerequisiteResult Result)> _results =
            new List<(int, int, int, PrerequisiteResult)>();
        private readonly Action<PrerequisiteResult>? _onResult;

        public ResultCollector(Action<PrerequisiteResult>? onResult) => _onResult = onResult;

        public void Add(int family, int slot, IEnumerable<PrerequisiteResult> results)
        {
            lock (_lock)
            {
                int index = 0;
                foreach (PrerequisiteResult result in results)
                {
                    _results.Add((family, slot, index++, result));
                    _onResult?.Invoke(result);
                }
            }
        }

        public IReadOnlyList<PrerequisiteResult> Ordered()
        {
            lock (_lock)
            {
                return _results.OrderBy(r => r.Family).ThenBy(r => r.Slot).ThenBy(r => r.Index).Select(r => r.Result).ToList();
            }
        }
    }

    /// <summary>
    /// One family's window onto the collector. Each Part reserves its place in the output
    /// order when it is declared, runs concurrently with its siblings, and publishes when it completes.
    /// </summary>
    internal sealed class FamilyOutput
    {
        private readonly ResultCollector _collector;
        private readonly int _family;
        private readonly PrerequisiteCategory _category;
        private int _nextSlot;

        public FamilyOutput(ResultCollector collector, PrerequisiteCategory category)
        {
            _collector = collector;
            _category = category;
            _family = (int)category;
        }

        public void Add(params PrerequisiteResult[] results) => _collector.Add(_family, Interlocked.Increment(ref _nextSlot), results);

        /// <summary>
        /// Runs one check. An ARM error it did not handle itself, or a fault in our code, becomes a
        /// Warning naming the check and the reason: a check that could not run never reports Passed.
        /// </summary>
        public async Task Part(string check, string? target, Func<Task<IEnumerable<PrerequisiteResult>>> compute, CancellationToken ct)
        {
            int slot = Interlocked.Increment(ref _nextSlot);
            IEnumerable<PrerequisiteResult> results;
            try
            {
                results = (await compute().ConfigureAwait(false)).ToList();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (AibArmException e)
            {
                results = new[] { Check.CouldNotRead(check, _category, target, e) };
            }
            catch (Exception e)
            {
                results =
                    new[] { new PrerequisiteResult(PrerequisiteStatus.Warning, check, _category, target,
                        $"The check could not run: {e.GetType().Name}: {e.Message}") };
            }
            _collector.Add(_family, slot, results);
        }

        public Task Part(string check, string? target, Func<Task<PrerequisiteResult>> compute, CancellationToken ct)
            => Part(check, target, async () => (IEnumerable<PrerequisiteResult>)new[] { await compute().ConfigureAwait(false) }, ct);
    }
}
