using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using GetBuild = IsolatedImageBuilds.Core.CommandNames.GetAibIsolatedBuild;

namespace IsolatedImageBuilds.Core.Builds
{
    /// <summary>
    /// Runs, watches, re-attaches to and cancels image-template builds. Never starts a second build by
    /// accident: a run request whose answer was lost is followed by a read of lastRunStatus, not a resend.
    /// </summary>
    public sealed partial class BuildRunner
    {
        private static readonly TimeSpan s_clockSkew = TimeSpan.FromMinutes(2);
        private readonly AibConnection _connection;
        private readonly ArmRequestSender _arm;
        private readonly string _apiVersion;

        public BuildRunner(AibConnection connection, string? apiVersion = null)
        {
            _connection = connection;
            _arm = connection.Arm;
            _apiVersion = apiVersion ?? ArmApiVersions.ImageTemplates;
        }

        public AibConnection Connection => _connection;

        /// <summary>The template's last run, as lastRunStatus tells it.</summary>
        public async Task<BuildRun> GetAsync(string resourceGroup, string name, CancellationToken cancellationToken)
        {
            ArmRequest request = ArmRequest.Get(_connection.ImageTemplateId(resourceGroup, name), _apiVersion);
            ArmResponse response = await _arm.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return ImageTemplateStatus.Read(response.Json!, _connection.SubscriptionId);
        }

        /// <summary>The last run of every template in a resource group, or in the subscription.</summary>
        public async Task<IReadOnlyList<BuildRun>> ListAsync(string? resourceGroup, CancellationToken cancellationToken)
        {
            string path = _connection.ImageTemplatesPath(resourceGroup);
            var runs = new List<BuildRun>();
            string? next = path;
            while (next != null)
            {
                ArmResponse page = await _arm.SendAsync(ArmRequest.Get(next, _apiVersion), cancellationToken).ConfigureAwait(false);
                JsonNode? body = page.Json;
                if (body?["value"] is JsonArray items)
                {
                    foreach (JsonNode? item in items)
                    {
                        if (item != null) runs.Add(ImageTemplateStatus.Read(item, _connection.SubscriptionId));
                    }
                }
                next = body.Str("nextLink");
            }
            return runs;
        }

        /// <summary>
        /// Sends the run request, or attaches to the build already running (unless <paramref name="force"/>,
        /// which cancels it first). Returns as soon as the service accepted the request.
        /// </summary>
        public async Task<BuildRun> StartAsync(string resourceGroup, string name, bool force, BuildWaitOptions options,
            CancellationToken cancellationToken)
        {
            BuildRun current = await GetAsync(resourceGroup, name, cancellationToken).ConfigureAwait(false);
            if (current.IsRunning)
            {
                if (!force)
                {
                    options.Verbose?.Invoke($"{name} is already building ({current.RunSubState}, started {current.StartTime:u}): "
                        + "attaching to that build instead of starting another.");
                    current.Reattached = true;
                    return current;
                }
                options.Verbose?.Invoke($"{name} is already building: -{CommandNames.StartAibIsolatedBuild.Force} cancels that build first.");
                await CancelAsync(resourceGroup, name, wait: true, options, cancellationToken).ConfigureAwait(false);
            }

            string path = _connection.ImageTemplateId(resourceGroup, name) + "/run";
            DateTimeOffset firstLoss = DateTimeOffset.MaxValue;
            TimeSpan backoff = options.StartupPollingInterval < TimeSpan.FromSeconds(2) ? options.StartupPollingInterval : TimeSpan.FromSeconds(2);
            while (true)
            {
                DateTimeOffset sentAt = DateTimeOffset.UtcNow;
                try
                {
                    ArmResponse accepted = await _arm.SendAsync(new ArmRequest("POST", path, _apiVersion), cancellationToken).ConfigureAwait(false);
                    current.OperationUrl = accepted.Header("Azure-AsyncOperation") ?? accepted.Header("Location");
                    current.OperationId = OperationIdOf(current.OperationUrl);
                    current.RunState = "Running";
                    current.RunSubState = "Queued";
                    current.StartTime = null;
                    current.EndTime = null;
                    current.Message = null;
                    current.RequestedAt = sentAt;
                    return current;
                }
                catch (Exception ex) when (IsAnswerLost(ex) && !cancellationToken.IsCancellationRequested
                                           && DateTimeOffset.UtcNow - (firstLoss == DateTimeOffset.MaxValue ? DateTimeOffset.UtcNow : firstLoss)
                                              < options.MaxOutage)
                {
                    if (firstLoss == DateTimeOffset.MaxValue) firstLoss = DateTimeOffset.UtcNow;
                    // The request may have reached AIB. Look before sending it again - as often as answers get
                    // lost, within the outage the caller tolerates: a resend only ever follows a read showing no run.
                    options.Verbose?.Invoke($"The run request's answer was lost ({ex.Message}); reading lastRunStatus before anything else.");
                    BuildRun after = await ReadThroughOutageAsync(resourceGroup, name, options, cancellationToken).ConfigureAwait(false);
                    if (after.IsRunning || (after.StartTime is DateTimeOffset started && started >= sentAt - s_clockSkew))
                    {
                        options.Verbose?.Invoke($"The run request was taken: {name} is {after.RunState} since {after.StartTime:u}.");
                        after.RequestedAt = sentAt;
                        return after;
                    }
                    options.Verbose?.Invoke("The run request was not taken: sending it again.");
                    await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Waits until the run ends (or the timeout passes: the build goes on). Transient ARM failures never end the wait
        /// before <see cref="BuildWaitOptions.MaxOutage"/>; <see cref="BuildWaitOptions.MaxWait"/> returns the run as last read.
        /// </summary>
        public async Task<BuildRun> WaitAsync(BuildRun run, BuildWaitOptions options, CancellationToken cancellationToken)
        {
            if (options.MaxWait is not TimeSpan maxWait)
            {
                return await WaitUntilEndAsync(run, options, cancellationToken).ConfigureAwait(false);
            }
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(maxWait);
            BuildRun last = run;
            BuildWaitOptions tracking = options.WithProgress(p =>
            {
                last = p.Run;
                options.Progress?.Invoke(p);
            });
            try
            {
                return await WaitUntilEndAsync(run, tracking, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last.WaitStopped = true;
                last.OperationUrl ??= run.OperationUrl;
                last.OperationId ??= run.OperationId;
                last.Reattached = run.Reattached;
                last.IdempotencyKey ??= run.IdempotencyKey;
                options.Warning?.Invoke($"{WaitErrorIds.Stopped}: Stopped waiting for {run.TemplateName} after {maxWait.TotalMinutes:0.##} minutes "
                    + $"({last.RunState}/{last.RunSubState}); the build goes on in Azure. "
                    + $"Attach again with: {AttachCommand(run.ResourceGroupName, run.TemplateName)}");
                return last;
            }
        }

        private async Task<BuildRun> WaitUntilEndAsync(BuildRun run, BuildWaitOptions options, CancellationToken cancellationToken)
        {
            DateTimeOffset began = DateTimeOffset.UtcNow;
            TimeSpan timeout = options.EffectiveTimeout(run);
            string resourceGroup = run.ResourceGroupName;
            string name = run.TemplateName;
            BuildRun snapshot = run;
            while (true)
            {
                bool ours = IsOurRun(snapshot, run);
                if (ours && snapshot.IsFinished)
                {
                    if (run.OperationUrl != null)
                    {
                        ArmOperationStatus? op = await ReadOperationAsync(run.OperationUrl, options, cancellationToken).ConfigureAwait(false);
                        if (op != null && !op.IsTerminal)
                        {
                            ours = false; // lastRunStatus still shows the previous run
                        }
                        else if (op != null)
                        {
                            snapshot.ErrorCode = op.ErrorCode;
                            ImageTemplateStatus.ReadMessageFacts(snapshot, op.ErrorMessage);
                            if (snapshot.IsFailure && !string.IsNullOrEmpty(op.ErrorMessage)
                                && (snapshot.Message == null || !snapshot.Message.Contains(op.ErrorMessage!)))
                            {
                                snapshot.Message = string.IsNullOrEmpty(snapshot.Message)
                                    ? op.ErrorMessage
                                    : snapshot.Message + " " + op.ErrorMessage;
                            }
                        }
                    }
                    if (ours)
                    {
                        snapshot.OperationUrl = run.OperationUrl;
                        snapshot.OperationId ??= run.OperationId;
                        snapshot.Reattached = run.Reattached;
                        snapshot.IdempotencyKey = run.IdempotencyKey;
                        snapshot.StartedBy = run.StartedBy;
                        if (snapshot.RunState == "Succeeded" || snapshot.RunState == "PartiallySucceeded")
                        {
                            snapshot.Outputs = await ThroughOutageAsync(resourceGroup, name,
                                () => ReadOutputsAsync(resourceGroup, name, cancellationToken), options, cancellationToken).ConfigureAwait(false);
                        }
                        options.Progress?.Invoke(new BuildProgress(snapshot, DateTimeOffset.UtcNow - began));
                        return snapshot;
                    }
                }
                if (ours)
                {
                    options.Progress?.Invoke(new BuildProgress(snapshot, DateTimeOffset.UtcNow - began));
                }
                if (DateTimeOffset.UtcNow - began > timeout)
                {
                    throw new AibException(BuildErrorIds.WaitTimeout,
                        $"Stopped waiting for {name} after {timeout.TotalMinutes:0} minutes; "
                        + $"the build goes on in Azure ({snapshot.RunState}/{snapshot.RunSubState}). "
                        + $"Attach again with: {AttachCommand(resourceGroup, name)}, or raise -{GetBuild.Timeout}.",
                        run.TemplateId);
                }
                bool building = ours && snapshot.RunSubState != null && snapshot.RunSubState != "Queued";
                await Task.Delay(building ? options.PollingInterval : options.StartupPollingInterval, cancellationToken).ConfigureAwait(false);
                snapshot = await ReadThroughOutageAsync(resourceGroup, name, options, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Asks AIB to cancel the running build; with <paramref name="wait"/>, waits through Canceling to Canceled (or the end it reached first).</summary>
        public async Task<BuildRun> CancelAsync(string resourceGroup, string name, bool wait, BuildWaitOptions options,
            CancellationToken cancellationToken)
        {
            BuildRun current = await GetAsync(resourceGroup, name, cancellationToken).ConfigureAwait(false);
            if (!current.IsRunning)
            {
                throw new AibException(BuildErrorIds.NotRunning,
                    $"{name} has no build to cancel: its last run is {current.RunState}. "
                    + $"Start one with {CommandNames.StartAibIsolatedBuild.Name}.",
                    current.TemplateId);
            }
            var cancel = new ArmRequest("POST", _connection.ImageTemplateId(resourceGroup, name) + "/cancel", _apiVersion);
            ArmResponse accepted = await _arm.SendAsync(cancel, cancellationToken).ConfigureAwait(false);
            BuildRun after = await GetAsync(resourceGroup, name, cancellationToken).ConfigureAwait(false);
            after.OperationUrl = accepted.Header("Azure-AsyncOperation") ?? current.OperationUrl;
            if (!wait)
            {
                return after;
            }
            after.RequestedAt = null; // the run being canceled is the one to follow
            after.OperationUrl = null;
            return await WaitAsync(after, options, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The command that waits for a template's build again, from any process.</summary>
        public static string AttachCommand(string resourceGroup, string name)
            => $"{GetBuild.Name} -{GetBuild.ResourceGroupName} {resourceGroup} -{GetBuild.TemplateName} {name} -{GetBuild.Wait}";

        private static bool IsOurRun(BuildRun snapshot, BuildRun requested)
        {
            if (requested.RequestedAt is not DateTimeOffset sentAt)
            {
                return true; // attaching to whatever runs or ran last
            }
            // Nothing was running when the request went out, so a running build is ours; a finished one
            // is ours only if it started after the request (give or take clock skew).
            return snapshot.IsRunning || (snapshot.StartTime is DateTimeOffset started && started >= sentAt - s_clockSkew);
        }

        /// <summary>
        /// Reads the template's last run, riding out an outage (408, 429, 5xx, resets - each already retried by Azure.Core) for
        /// <see cref="BuildWaitOptions.MaxOutage"/> with backoff (2 s doubling to 60 s) and one warning; then an error saying how to re-attach.
        /// </summary>
        public Task<BuildRun> ReadThroughOutageAsync(string resourceGroup, string name, BuildWaitOptions options,
            CancellationToken cancellationToken)
            => ThroughOutageAsync(resourceGroup, name, () => GetAsync(resourceGroup, name, cancellationToken), options, cancellationToken);

        private async Task<T> ThroughOutageAsync<T>(string resourceGroup, string name, Func<Task<T>> read, BuildWaitOptions options,
            CancellationToken cancellationToken)
        {
            DateTimeOffset? outageSince = null;
            TimeSpan backoff = options.PollingInterval < TimeSpan.FromSeconds(2) ? options.PollingInterval : TimeSpan.FromSeconds(2);
            while (true)
            {
                try
                {
                    T result = await read().ConfigureAwait(false);
                    if (outageSince is DateTimeOffset since)
                    {
                        TimeSpan outage = DateTimeOffset.UtcNow - since;
                        options.Verbose?.Invoke($"ARM answers again for {name} after {outage.TotalMinutes:0.#} minutes of failures.");
                    }
                    return result;
                }
                catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
                {
                    if (outageSince == null)
                    {
                        outageSince = DateTimeOffset.UtcNow;
                        options.Warning?.Invoke($"{WaitErrorIds.OutageTolerated}: Reading {name} failed ({FirstLine(ex.Message)}); "
                            + $"still waiting: ARM may fail for up to {options.MaxOutage.TotalMinutes:0.#} minutes (-{GetBuild.OutageTolerance}) "
                            + "before the wait ends. The build goes on in Azure.");
                    }
                    if (DateTimeOffset.UtcNow - outageSince > options.MaxOutage)
                    {
                        throw new AibException(BuildErrorIds.WaitOutage,
                            $"ARM has failed for {options.MaxOutage.TotalMinutes:0.#} minutes while waiting for {name} ({FirstLine(ex.Message)}); "
                            + "the build goes on. "
                            + $"Attach again later with {AttachCommand(resourceGroup, name)}.",
                            name, ex);
                    }
                    options.Verbose?.Invoke($"Reading {name} failed ({ex.Message}); still waiting.");
                    await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromSeconds(Math.Min(backoff.TotalSeconds * 2, 60));
                }
            }
        }

        private static string FirstLine(string message)
        {
            int end = message.IndexOfAny(new[] { '\r', '\n' });
            return end < 0 ? message : message.Substring(0, end);
        }

        private async Task<ArmOperationStatus?> ReadOperationAsync(string url, BuildWaitOptions options, CancellationToken cancellationToken)
        {
            try
            {
                ArmResponse response = await _arm.SendAsync(new ArmRequest("GET", url, null), cancellationToken).ConfigureAwait(false);
                return ArmOperationStatus.Parse(response.Json);
            }
            catch (Exception ex) when (IsTransient(ex) || ex is AibArmException)
            {
                options.Verbose?.Invoke($"Reading the run's operation failed ({ex.Message}); using lastRunStatus alone.");
                return null;
            }
        }

        private async Task<IList<BuildRunOutput>> ReadOutputsAsync(string resourceGroup, string name, CancellationToken cancellationToken)
        {
            var outputs = new List<BuildRunOutput>();
            string? next = _connection.ImageTemplateId(resourceGroup, name) + "/runOutputs";
            while (next != null)
            {
                ArmResponse page = await _arm.SendAsync(ArmRequest.Get(next, _apiVersion), cancellationToken).ConfigureAwait(false);
                if (page.Json?["value"] is JsonArray items)
                {
                    foreach (JsonNode? item in items)
                    {
                        outputs.Add(new BuildRunOutput
                        {
                            Name = item.Str("name") ?? string.Empty,
                            ArtifactId = item.Str("properties", "artifactId"),
                            ArtifactUri = item.Str("properties", "artifactUri"),
                            ProvisioningState = item.Str("properties", "provisioningState"),
                        });
                    }
                }
                next = page.Json.Str("nextLink");
            }
            return outputs;
        }

        // The answer to a POST never arrived, or arrived as a server fault after which the request may have acted.
        private static bool IsAnswerLost(Exception ex)
            => ex is AibArmException arm ? arm.Status == 500 || arm.Status == 502 || arm.Status == 504 || arm.Status == 408 : IsConnectionFailure(ex);

        internal static bool IsTransient(Exception ex)
            => ex is AibArmException arm ? arm.Status == 408 || arm.Status == 429 || arm.Status >= 500 : IsConnectionFailure(ex);

        private static bool IsConnectionFailure(Exception ex)
            => ex is HttpRequestException || ex is IOException || ex is TimeoutException
               || (ex is RequestFailedException rfe && rfe.Status == 0)
               || (ex is TaskCanceledException && ex.InnerException is TimeoutException)
               || (ex.InnerException != null && IsConnectionFailure(ex.InnerException));

        internal static string? OperationIdOf(string? operationUrl)
        {
            if (string.IsNullOrEmpty(operationUrl)) return null;
            string path = operationUrl!.Split('?')[0].TrimEnd('/');
            int slash = path.LastIndexOf('/');
            return slash >= 0 ? path.Substring(slash + 1) : null;
        }
    }
}
