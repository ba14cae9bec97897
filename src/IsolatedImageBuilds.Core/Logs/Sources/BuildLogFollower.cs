using System;
using System.Collections.Generic;
using System.Threading;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Logs.Sources
{
    /// <summary>
    /// -Follow: emits the live ACI log's new lines while the build runs, then finishes from the persisted
    /// customization.log, starting right after the last line already emitted (no gap, no duplicate).
    /// Entries are pulled by the caller, so nothing piles up in memory.
    /// </summary>
    public sealed class BuildLogFollower
    {
        private readonly AibConnection _connection;
        private readonly BuildRunner _runner;

        public BuildLogFollower(AibConnection connection)
        {
            _connection = connection;
            _runner = new BuildRunner(connection);
        }

        /// <summary>How often the live log and the run state are read (default 5 s).</summary>
        public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>How long to wait for the persisted log to end with AIB's closing line after the build ended.</summary>
        public TimeSpan CompletionWait { get; set; } = TimeSpan.FromSeconds(60);

        public Action<string>? Verbose { get; set; }

        /// <summary>Outage warnings (id-prefixed) while reading the run.</summary>
        public Action<string>? Warning { get; set; }

        /// <summary>How long ARM may fail while following before it ends with an error saying how to re-attach.</summary>
        public TimeSpan MaxOutage { get; set; } = new BuildWaitOptions().MaxOutage;

        /// <summary>Where the persisted part came from, once it was opened.</summary>
        public PersistedLogLocation? PersistedLocation { get; private set; }

        /// <summary>The run as last read (its message feeds the diagnosis).</summary>
        public BuildRun? LastRun { get; private set; }

        public IEnumerable<LogEntry> Follow(string resourceGroup, string name, LogAnalyzer analyzer, CancellationToken cancellationToken)
        {
            var live = new LiveLogTracker();
            LiveLogSource? aci = null;
            bool sawContainer = false;
            BuildRun run;
            while (true)
            {
                var reading = new BuildWaitOptions { PollingInterval = Interval, MaxOutage = MaxOutage, Verbose = Verbose, Warning = Warning };
                run = _runner.ReadThroughOutageAsync(resourceGroup, name, reading, cancellationToken).GetAwaiter().GetResult();
                LastRun = run;
                if (run.StagingResourceGroup != null && run.IsRunning)
                {
                    aci ??= LiveLogSource.FindAsync(_connection, run.StagingResourceGroup, cancellationToken).GetAwaiter().GetResult();
                    if (aci != null)
                    {
                        if (!sawContainer) Verbose?.Invoke($"Following the live log of {aci.ContainerGroupId}.");
                        sawContainer = true;
                        string? content = ReadLive(aci, cancellationToken, out bool removed);
                        if (removed)
                        {
                            aci = null; // removed at the end of the build: the persisted log takes over
                        }
                        else if (content != null)
                        {
                            foreach (string line in live.Update(content))
                            {
                                yield return analyzer.Process(line);
                            }
                        }
                    }
                }
                if (!run.IsRunning && run.RunState != "None")
                {
                    break;
                }
                if (run.RunState == "None")
                {
                    throw new AibException(LogErrorIds.NoBuild,
                        $"{name} has never run: there is no log to follow. "
                        + $"Start it with {CommandNames.StartAibIsolatedBuild.Name} -{CommandNames.StartAibIsolatedBuild.NoWait}, then follow it.",
                        name);
                }
                cancellationToken.WaitHandle.WaitOne(Interval);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (run.StagingResourceGroup == null)
            {
                yield break;
            }
            LogHandOver handOver = live.CreateHandOver();
            PersistedLogSource persisted = PersistedLogSource
                .OpenAsync(_connection, run.StagingResourceGroup, null, false, Verbose, cancellationToken)
                .GetAwaiter().GetResult();
            PersistedLocation = persisted.Location;
            Verbose?.Invoke(live.EmittedCount == 0
                ? $"Reading the persisted log {persisted.Location.BlobName}."
                : $"The build ended: continuing from the persisted log {persisted.Location.BlobName} "
                    + $"after the {live.EmittedCount} lines already shown.");
            var feed = new LogFeed(analyzer, 0, handOver.ShouldEmit);
            DateTimeOffset deadline = DateTimeOffset.UtcNow + CompletionWait;
            while (true)
            {
                foreach (LogEntry entry in persisted.Read(feed, cancellationToken, Verbose))
                {
                    yield return entry;
                }
                if (analyzer.GetSummary().IsComplete || DateTimeOffset.UtcNow > deadline)
                {
                    break;
                }
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Min(Interval.TotalSeconds, 2)));
                cancellationToken.ThrowIfCancellationRequested();
            }
            foreach (LogEntry entry in feed.Complete())
            {
                yield return entry;
            }
            if (!handOver.AnchorFound && live.EmittedCount > 0)
            {
                // The last lines shown live are not in the persisted log as a block (a line the live view
                // lost, or one AIB wrote only to the blob): match on fewer lines, or, failing that, show it all.
                LogHandOver shorter = live.CreateHandOver(anchorLines: 4);
                bool matched = false;
                foreach (bool emitAll in new[] { false, true })
                {
                    if (emitAll)
                    {
                        Verbose?.Invoke("The lines shown live could not be matched in the persisted log: "
                            + "showing the persisted log in full; some lines may repeat.");
                    }
                    var again = new LogFeed(analyzer, 0, emitAll ? null : shorter.ShouldEmit);
                    foreach (LogEntry entry in persisted.Read(again, cancellationToken, Verbose)) yield return entry;
                    foreach (LogEntry entry in again.Complete()) yield return entry;
                    matched = shorter.AnchorFound;
                    if (matched || emitAll) break;
                }
            }
            if (!string.IsNullOrEmpty(run.Message))
            {
                analyzer.AddServiceError(run.Message!);
            }
        }

        // The live view only: a passing failure skips this round (null, not removed); the run's own read decides
        // whether an outage lasts too long.
        private string? ReadLive(LiveLogSource aci, CancellationToken cancellationToken, out bool removed)
        {
            removed = false;
            try
            {
                string? content = aci.ReadAsync(null, cancellationToken).GetAwaiter().GetResult();
                removed = content == null;
                return content;
            }
            catch (Exception ex) when (BuildRunner.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                Verbose?.Invoke($"Reading the live log failed ({ex.Message}); trying again at the next read.");
                return null;
            }
        }
    }
}
