using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Logs;
using IsolatedImageBuilds.Core.Logs.Sources;
using IsolatedImageBuilds.Core.Pipelines;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Builds
{
    /// <summary>
    /// What Start-, Get- and Stop-AibIsolatedBuild share: the waiting parameters, progress, reporting a
    /// finished run (object, plus an error naming the cause when it failed), and Ctrl+C that stops
    /// waiting but never the build.
    /// </summary>
    public abstract class BuildCmdletBase : AibCmdlet
    {
        private readonly List<(string ResourceGroup, string Name)> _waiting = new List<(string, string)>();
        private BuildProgressWriter? _progress;
        private BuildStatusWriter? _status;
        private RunHostKind? _hostKind;

        /// <summary>Stop waiting after this long; the build goes on. Default: the template's buildTimeoutInMinutes (0 means 240) plus 45 minutes.</summary>
        [Parameter]
        public TimeSpan Timeout { get; set; }

        /// <summary>How often a running build is read once it is Building (default 15 seconds: at most four reads a minute).</summary>
        [Parameter]
        public TimeSpan PollingInterval { get; set; }

        /// <summary>
        /// How long ARM may keep failing (500, 503, 429, dropped connections) while waiting before the wait ends with an error that says
        /// how to re-attach (default 30 minutes). Each read is first retried by the Azure SDK (6 times within about 50 seconds); this is
        /// the long window after that, read again with a backoff of 2 seconds doubling to 60, with one warning (WaitOutageTolerated).
        /// </summary>
        [Parameter]
        public TimeSpan OutageTolerance { get; set; }

        /// <summary>Automation, Azure Pipelines or an interactive host (recognised once, on the pipeline thread).</summary>
        private protected RunHostKind HostKind => _hostKind ??= RunHost.Detect(this);

        /// <summary>A thread-safe warning writer to hand to Core.</summary>
        private protected Action<string> WarningSink => message => Post(() => WriteWarning(message));

        /// <summary>Writes a line as Write-Host does (information stream, tag PSHOST): the Automation output, the agent's log.</summary>
        private protected void WriteHostLine(string line)
            => WriteInformation(new HostInformationMessage { Message = line }, new[] { "PSHOST" });

        protected BuildWaitOptions CreateWaitOptions()
        {
            var options = new BuildWaitOptions { Verbose = VerboseSink, Warning = WarningSink };
            if (MyInvocation.BoundParameters.ContainsKey(nameof(OutageTolerance)))
            {
                options.MaxOutage = OutageTolerance;
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)))
            {
                options.Timeout = Timeout;
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(PollingInterval)))
            {
                options.PollingInterval = PollingInterval;
                if (PollingInterval < options.StartupPollingInterval)
                {
                    options.StartupPollingInterval = PollingInterval;
                }
            }
            return options;
        }

        /// <summary>Runs <paramref name="work"/> for every item side by side, at most <paramref name="throttle"/> at once, with one progress activity each.</summary>
        private protected void RunSideBySide<T>(IReadOnlyList<T> items, int throttle, Func<T, int, BuildProgressWriter, CancellationToken, Task> work)
        {
            _progress = new BuildProgressWriter(items.Count > 1);
            _status = HostKind == RunHostKind.Interactive ? null : new BuildStatusWriter(HostKind);
            int done = 0;
            try
            {
                RunCore(async ct =>
                {
                    using var gate = new SemaphoreSlim(Math.Max(1, throttle));
                    IEnumerable<Task> tasks = items.Select(async (item, index) =>
                    {
                        await gate.WaitAsync(ct).ConfigureAwait(false);
                        try
                        {
                            await work(item, index, _progress, ct).ConfigureAwait(false);
                        }
                        finally
                        {
                            gate.Release();
                            int finished = Interlocked.Increment(ref done);
                            if (_progress.Several && _status == null)
                            {
                                Post(() => WriteProgress(_progress.Summary(finished, items.Count, finished == items.Count)));
                            }
                        }
                    });
                    await Task.WhenAll(tasks).ConfigureAwait(false);
                    if (_status != null) Post(() => WriteHostLines(_status.Close()));
                    return true;
                });
            }
            catch (OperationCanceledException) when (Stopping)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Waits for one run and reports it; Core errors become non-terminating errors for that template.</summary>
        private protected async Task WaitAndReportAsync(BuildRunner runner, BuildRun run, int index, BuildProgressWriter progress,
            BuildWaitOptions sharedOptions, CancellationToken ct)
        {
            lock (_waiting) _waiting.Add((run.ResourceGroupName, run.TemplateName));
            try
            {
                BuildStatusWriter? status = _status;
                BuildWaitOptions options = sharedOptions.WithProgress(p => Post(() =>
                {
                    if (status != null) WriteHostLines(status.For(p));
                    else WriteProgress(progress.For(index, p));
                }));
                TimeSpan buildTimeout = TimeSpan.FromMinutes(run.EffectiveBuildTimeoutInMinutes);
                string? tokenWarning = runner.Connection.StaticTokenWarning(run.TemplateName, buildTimeout);
                if (tokenWarning != null) Post(() => WriteWarning(tokenWarning));
                BuildRun finished = await runner.WaitAsync(run, options, ct).ConfigureAwait(false);
                if (status == null) Post(() => WriteProgress(progress.Completed(index, run.TemplateName)));
                await ReportAsync(runner, finished, ct).ConfigureAwait(false);
            }
            catch (AibException ex)
            {
                if (_status == null) Post(() => WriteProgress(progress.Completed(index, run.TemplateName)));
                Post(() => WriteError(ToErrorRecord(ex, run.TemplateId)));
            }
            finally
            {
                lock (_waiting) _waiting.Remove((run.ResourceGroupName, run.TemplateName));
            }
        }

        /// <summary>
        /// Writes the run; a failed one as an error whose message names the cause - the diagnosis of its
        /// log when the log can be read, else the service's message and the log's location - and, in Azure
        /// DevOps, as a pipeline issue.
        /// </summary>
        private protected async Task ReportAsync(BuildRunner runner, BuildRun run, CancellationToken ct)
        {
            var output = new AibBuildRun(run);
            if (run.IsFailure)
            {
                var (summary, logUri, _) = await RunLogDiagnoser.DiagnoseAsync(runner.Connection, run, VerboseSink, ct).ConfigureAwait(false);
                if (run.LogLocation == null && logUri != null) output.LogLocation = logUri;
                string? cause = summary.Diagnosis == null ? null : new AibDiagnosis(summary.Diagnosis).ToString();
                string message = BuildFailureMessage.Describe(run, summary.Diagnosis, cause, output.LogLocation);
                output.Diagnosis = cause ?? message;
                Post(() =>
                {
                    if (AzurePipelinesCommand.InAgent) Host.UI.WriteLine(AzurePipelinesCommand.LogIssue("error", message));
                    // The run travels as the error's target object, not also as output: one report per failure.
                    WriteError(BuildOutcome.FailureRecord(output, message));
                });
                return;
            }
            if (run.RunState == "Canceled")
            {
                Post(() => WriteWarning($"The build of {run.TemplateName} was canceled."));
            }
            Post(() => WriteObject(output));
        }

        private void WriteHostLines(IReadOnlyList<string> lines)
        {
            foreach (string line in lines) WriteHostLine(line);
        }

        protected override void StopProcessing()
        {
            // Ctrl+C: stop waiting, and say that the builds go on in Azure and how to wait again.
            List<(string ResourceGroup, string Name)> waiting;
            lock (_waiting) waiting = _waiting.ToList();
            foreach ((string resourceGroup, string name) in waiting)
            {
                try
                {
                    Host.UI.WriteWarningLine($"Stopped waiting for {name}; the build goes on in Azure. "
                        + $"Attach again with: {BuildRunner.AttachCommand(resourceGroup, name)}");
                }
                catch (Exception)
                {
                    // The host may already be tearing the pipeline down; the cancellation below is what matters.
                }
            }
            base.StopProcessing();
        }
    }
}
