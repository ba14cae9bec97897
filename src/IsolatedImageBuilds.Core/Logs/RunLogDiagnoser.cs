using System;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Logs.Sources;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// Names the real cause of a failed run: reads its persisted customization.log with the service's
    /// message as extra evidence and returns the log summary (with the diagnosis). When the log cannot be
    /// read (no storage yet, no permission), the service's message alone is diagnosed.
    /// </summary>
    public static class RunLogDiagnoser
    {
        public static async Task<(LogSummary Summary, string? LogUri, string? ReadFailure)> DiagnoseAsync(AibConnection connection, BuildRun run,
            Action<string>? verbose, CancellationToken cancellationToken)
        {
            // The run's timeout lets the diagnosis recognise a build stopped at it from the log's timeline.
            var analyzer = new LogAnalyzer(new LogAnalyzerOptions { BuildTimeoutInMinutes = run.EffectiveBuildTimeoutInMinutes });
            string? uri = null;
            string? failure = null;
            if (run.StagingResourceGroup != null)
            {
                try
                {
                    // The service's message names the run's log folder when it failed: read that one, not merely the newest.
                    PersistedLogSource source = await PersistedLogSource
                        .OpenAsync(connection, run.StagingResourceGroup, RunIdOf(run.LogLocation), false, verbose, cancellationToken)
                        .ConfigureAwait(false);
                    uri = source.Location.BlobUri;
                    var feed = new LogFeed(analyzer);
                    foreach (LogEntry _ in source.Read(feed, cancellationToken, verbose))
                    {
                        // The analyzer keeps the state the diagnosis needs; the entries themselves are not kept.
                    }
                    feed.Complete();
                }
                catch (AibException ex)
                {
                    failure = ex.Message;
                    verbose?.Invoke("The build log could not be read for the diagnosis: " + ex.Message);
                }
            }
            if (!string.IsNullOrEmpty(run.Message))
            {
                analyzer.AddServiceError(run.Message!);
            }
            return (analyzer.GetSummary(), uri, failure);
        }

        /// <summary>The packerlogs folder named in a log location (blob URL or ARM path), or null.</summary>
        public static string? RunIdOf(string? logLocation)
        {
            if (string.IsNullOrEmpty(logLocation)) return null;
            var match = System.Text.RegularExpressions.Regex.Match(
                logLocation, @"packerlogs/([^/]+)/[^/]+\.log", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            return match.Success ? match.Groups[1].Value : null;
        }
    }
}
