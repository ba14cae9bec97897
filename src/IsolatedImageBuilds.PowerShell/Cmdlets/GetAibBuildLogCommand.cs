using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using IsolatedImageBuilds.Builds;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Logs;
using IsolatedImageBuilds.Core.Logs.Sources;
using IsolatedImageBuilds.Core.Pipelines;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Reads a build's log - persisted, live, or downloaded - as objects, a summary, or text, with a diagnosis of what went wrong.</para>
    /// </summary>
    /// <remarks>
    /// <para>Get-AibBuildLog reads the customization.log (or validation.log with -Validation) of a template's latest run from the staging storage account's packerlogs container, or of an earlier run with -RunId. It signs in to the storage account with the connection's Entra ID token (Storage Blob Data Reader) and falls back to the account key from listKeys; -Verbose says which, and an error names the missing role when neither works. -Path reads a log file you downloaded.</para>
    /// <para>-Follow streams a running build: new lines of the live log of the ACI container vmimagebuilder-build-container-* as they appear, then, when the build ends, the rest of the persisted log, with no line missing or repeated.</para>
    /// <para>Each line becomes an AibLogEntry: line number, time, operation id, stream, stage (Deploy, Connect, Customize, Deprovision, CaptureDistribute, Cleanup), provisioner (name and index) and text. -Raw gives the text; -Tail the last lines; -Summary the stage timeline, the provisioners run, where the build stopped and the diagnosis: the known failure it matches, with its cause, fix and evidence lines. Harmless warnings (no artifacts created, skipping image creation, cleanup retries) are never reported as the cause.</para>
    /// <para>SAS signatures, tokens, account keys, connection-string secrets and passwords are redacted unless -NoRedact. Memory stays flat whatever the log's size. In Azure DevOps (TF_BUILD), -Follow groups the output per stage and -Summary raises the diagnosis as a pipeline issue.</para>
    /// </remarks>
    /// <example>
    /// <code>Get-AibBuildLog -Name ubuntu-2404 -ResourceGroupName rg-images -Summary</code>
    /// <para>The timeline and diagnosis of the latest build.</para>
    /// </example>
    /// <example>
    /// <code>Start-AibIsolatedBuild -Name ubuntu-2404 -ResourceGroupName rg-images -NoWait | Get-AibBuildLog -Follow -Raw</code>
    /// <para>Starts a build and streams its log until it ends.</para>
    /// </example>
    /// <example>
    /// <code>Get-AibBuildLog -Path ./customization.log | Where-Object Stream -eq Err | Select-Object -Last 20</code>
    /// <para>The last error lines of a downloaded log.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "AibBuildLog", DefaultParameterSetName = TemplateSet)]
    [OutputType(typeof(AibLogEntry), typeof(AibBuildLogSummary), typeof(string))]
    public sealed class GetAibBuildLogCommand : AibCmdlet
    {
        private const string TemplateSet = "Template";
        private const string PathSet = "Path";

        /// <summary>The image template's name. Binds from piped templates and runs.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = TemplateSet, ValueFromPipelineByPropertyName = true)]
        [Alias("TemplateName")]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The resource group of the image template.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = TemplateSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        /// <summary>A run's folder in packerlogs (a GUID) for an earlier build; default: the latest.</summary>
        [Parameter(ParameterSetName = TemplateSet)]
        public string? RunId { get; set; }

        /// <summary>Reads validation.log instead of customization.log.</summary>
        [Parameter(ParameterSetName = TemplateSet)]
        public SwitchParameter Validation { get; set; }

        /// <summary>Streams the running build's live log, then the rest of the persisted log when it ends.</summary>
        [Parameter(ParameterSetName = TemplateSet)]
        public SwitchParameter Follow { get; set; }

        /// <summary>How often -Follow reads the live log (default 5 seconds).</summary>
        [Parameter(ParameterSetName = TemplateSet)]
        public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// With -Follow: how long ARM may keep failing (5xx, 429, dropped connections) before following ends with an error
        /// saying how to re-attach (default 30 minutes).
        /// </summary>
        [Parameter(ParameterSetName = TemplateSet)]
        public TimeSpan OutageTolerance { get; set; } = new BuildWaitOptions().MaxOutage;

        /// <summary>A log file on disk (a downloaded customization.log, or a paste).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Only the last N lines.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Tail { get; set; }

        /// <summary>Lines as text instead of objects.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        /// <summary>The timeline by stage, the provisioners run, where it stopped, and the diagnosis, instead of the lines.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <summary>Shows secrets (SAS signatures, tokens, keys, passwords) as they are in the log.</summary>
        [Parameter]
        public SwitchParameter NoRedact { get; set; }

        // Core reports from whatever thread its awaits resume on; messages wait here for the pipeline thread.
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _verbose = new System.Collections.Concurrent.ConcurrentQueue<string>();

        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _warnings =
            new System.Collections.Concurrent.ConcurrentQueue<string>();

        private void QueueVerbose(string message) => _verbose.Enqueue(message);

        private void FlushVerbose()
        {
            while (_verbose.TryDequeue(out string? message)) WriteVerbose(message);
            while (_warnings.TryDequeue(out string? warning)) WriteWarning(warning);
        }

        /// <summary>The subscription of the image template, when not the session's (binds from Get-AibImageTemplate's output).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        protected override void ProcessRecord()
        {
            var analyzer = new LogAnalyzer(new LogAnalyzerOptions { Redact = !NoRedact });
            try
            {
                if (ParameterSetName == PathSet)
                {
                    string path = GetUnresolvedProviderPathFromPSPath(Path);
                    if (!File.Exists(path))
                    {
                        ThrowAib(new AibException(LogErrorIds.FileNotFound,
                            $"-Path '{Path}' does not exist. Give the path of a downloaded customization.log or validation.log.", "Path"));
                    }
                    using LogStreamReader reader = LogStreamReader.OpenFile(path, analyzer);
                    Emit(reader.ReadEntries(), analyzer, null, path, null, null);
                    return;
                }

                AibConnection connection = GetConnection(SubscriptionId);
                if (Follow)
                {
                    var follower = new BuildLogFollower(connection)
                    {
                        Interval = PollingInterval,
                        Verbose = QueueVerbose,
                        Warning = _warnings.Enqueue,
                        MaxOutage = OutageTolerance,
                    };
                    Emit(follower.Follow(ResourceGroupName!, Name!, analyzer, CancellationToken), analyzer, Name,
                        follower.PersistedLocation?.BlobUri, follower.PersistedLocation?.AuthMethod, follower.PersistedLocation?.RunId, follower);
                    return;
                }

                BuildRun run = RunCore(ct => new BuildRunner(connection).GetAsync(ResourceGroupName!, Name!, ct));
                // The run's timeout lets the diagnosis recognise a build stopped at it from the log's timeline.
                analyzer = new LogAnalyzer(new LogAnalyzerOptions { Redact = !NoRedact, BuildTimeoutInMinutes = run.EffectiveBuildTimeoutInMinutes });
                if (run.StagingResourceGroup == null)
                {
                    ThrowAib(new AibException(LogErrorIds.StorageNotFound,
                        $"{Name} reports no staging resource group yet: it has not been provisioned or run.", Name));
                }
                PersistedLogSource source = RunCore(ct =>
                    PersistedLogSource.OpenAsync(connection, run.StagingResourceGroup!, RunId, Validation, null, ct));
                string credential = source.Location.AuthMethod == "EntraId"
                    ? "the connection's Entra ID token"
                    : "the storage account key (listKeys)";
                WriteVerbose($"Reading {source.Location.BlobUri} ({source.Location.Length:N0} bytes) with {credential}.");
                if (!string.IsNullOrEmpty(run.Message) && run.IsFinished) analyzer.AddServiceError(run.Message!);
                var feed = new LogFeed(analyzer);
                Emit(ReadAll(source, feed), analyzer, Name, source.Location.BlobUri, source.Location.AuthMethod, source.Location.RunId);
            }
            catch (AibException ex)
            {
                WriteAib(ex, Name ?? Path);
            }
        }

        private IEnumerable<LogEntry> ReadAll(PersistedLogSource source, LogFeed feed)
        {
            foreach (LogEntry entry in source.Read(feed, CancellationToken, QueueVerbose)) yield return entry;
            foreach (LogEntry entry in feed.Complete()) yield return entry;
        }

        // Pulls entries one at a time on the pipeline thread: reading goes no faster than the pipeline
        // consumes, so memory stays flat whatever the log's size.
        private void Emit(IEnumerable<LogEntry> entries, LogAnalyzer analyzer, string? name, string? source, string? auth, string? runId,
            BuildLogFollower? follower = null)
        {
            bool pipelines = AzurePipelinesCommand.InAgent && Follow && !Summary;
            var formatter = pipelines ? new AzurePipelinesFormatter() : null;
            Queue<LogEntry>? tail = Tail > 0 ? new Queue<LogEntry>(Tail) : null;
            foreach (LogEntry entry in entries)
            {
                FlushVerbose();
                if (Summary) continue;
                if (tail != null)
                {
                    if (tail.Count == Tail) tail.Dequeue();
                    tail.Enqueue(entry);
                    continue;
                }
                if (formatter != null)
                {
                    foreach (string line in formatter.Format(entry)) Host.UI.WriteLine(line);
                    continue;
                }
                WriteEntry(entry);
            }
            FlushVerbose();
            if (formatter != null)
            {
                foreach (string line in formatter.Close()) Host.UI.WriteLine(line);
            }
            if (tail != null)
            {
                foreach (LogEntry entry in tail) WriteEntry(entry);
            }
            if (Summary)
            {
                LogSummary summary = analyzer.GetSummary();
                if (follower?.PersistedLocation != null)
                {
                    source = follower.PersistedLocation.BlobUri;
                    auth = follower.PersistedLocation.AuthMethod;
                    runId = follower.PersistedLocation.RunId;
                }
                var output = new AibBuildLogSummary(name, source, auth, runId, summary);
                if (AzurePipelinesCommand.InAgent && summary.Diagnosis != null && !summary.Diagnosis.Harmless)
                {
                    Host.UI.WriteLine(AzurePipelinesFormatter.LogIssue(summary.Diagnosis));
                }
                WriteObject(output);
            }
        }

        private void WriteEntry(LogEntry entry)
        {
            if (Raw) WriteObject(entry.Raw);
            else WriteObject(new AibLogEntry(entry));
        }
    }
}
