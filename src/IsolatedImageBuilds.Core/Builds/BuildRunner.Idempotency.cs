using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Json;
using Start = IsolatedImageBuilds.Core.CommandNames.StartAibIsolatedBuild;

namespace IsolatedImageBuilds.Core.Builds
{
    /// <summary>
    /// -IdempotencyKey: a runbook restarted from the beginning (Automation's fair share) must not start a second
    /// build. The key and when it was recorded go on the template as tags (PATCH of tags: allowed on image templates,
    /// spec example UpdateImageTemplateTags) before the run request; a later call with the same key finds them and
    /// attaches to the run that started after them, running or finished, instead of asking for another.
    /// </summary>
    public sealed partial class BuildRunner
    {
        public const string IdempotencyKeyTag = "aib-idempotency-key";
        public const string IdempotencyTimeTag = "aib-idempotency-recorded";

        // ARM tag values are at most 256 characters.
        private const int MaxTagValueLength = 256;

        public async Task<BuildRun> StartOnceAsync(string resourceGroup, string name, string key, bool force, BuildWaitOptions options,
            CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > MaxTagValueLength)
            {
                throw new AibException(WaitErrorIds.IdempotencyKeyInvalid,
                    $"-{Start.IdempotencyKey} must be 1 to {MaxTagValueLength} characters: it is stored as a tag value on the template.", key);
            }
            string id = _connection.ImageTemplateId(resourceGroup, name);
            JsonNode template = (await _arm.SendAsync(ArmRequest.Get(id, _apiVersion), cancellationToken).ConfigureAwait(false)).Json!;
            BuildRun current = ImageTemplateStatus.Read(template, _connection.SubscriptionId);
            JsonObject tags = template["tags"] as JsonObject ?? new JsonObject();
            if (tags.Str(IdempotencyKeyTag) == key && RecordedAt(tags) is DateTimeOffset recordedAt)
            {
                if (current.IsRunning || (current.StartTime is DateTimeOffset started && started >= recordedAt - s_clockSkew))
                {
                    options.Verbose?.Invoke($"{name} already carries -{Start.IdempotencyKey} '{key}' (recorded {recordedAt:u}): "
                        + $"attaching to its run ({current.RunState}, started {current.StartTime:u}) instead of starting another.");
                    current.Reattached = true;
                    current.RequestedAt = recordedAt;
                    current.IdempotencyKey = key;
                    return current;
                }
                options.Verbose?.Invoke($"{name} carries '{key}' since {recordedAt:u} but no run started since: asking for it now.");
            }
            else if (current.IsRunning && !force)
            {
                options.Verbose?.Invoke($"{name} is building a run started without '{key}' "
                    + "(a template cannot be tagged while it builds): attaching to it.");
            }
            else
            {
                if (current.IsRunning)
                {
                    await CancelAsync(resourceGroup, name, wait: true, options, cancellationToken).ConfigureAwait(false);
                }
                await RecordKeyAsync(id, tags, key, options, cancellationToken).ConfigureAwait(false);
            }
            BuildRun run = await StartAsync(resourceGroup, name, force: false, options, cancellationToken).ConfigureAwait(false);
            run.IdempotencyKey = key;
            return run;
        }

        private async Task RecordKeyAsync(string id, JsonObject tags, string key, BuildWaitOptions options, CancellationToken cancellationToken)
        {
            // PATCH replaces the tag set: send the template's own tags with ours added.
            var merged = new JsonObject();
            foreach (var tag in tags) merged[tag.Key] = tag.Value?.DeepClone();
            merged[IdempotencyKeyTag] = key;
            merged[IdempotencyTimeTag] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture);
            var patch = new ArmRequest("PATCH", id, _apiVersion, new JsonObject { ["tags"] = merged });
            ArmResponse answer = await _arm.SendAsync(patch, cancellationToken).ConfigureAwait(false);
            if (answer.Status == 202)
            {
                var poller = new LongRunningOperationPoller(_arm, options.StartupPollingInterval);
                ArmOperationStatus status = await poller.WaitAsync(answer, "recording the idempotency key", null, cancellationToken)
                    .ConfigureAwait(false);
                if (!status.IsSucceeded)
                {
                    throw new AibException(WaitErrorIds.IdempotencyKeyNotRecorded,
                        $"Recording -{Start.IdempotencyKey} on {id} failed: {status.ErrorMessage}", id);
                }
            }
            options.Verbose?.Invoke($"Recorded -{Start.IdempotencyKey} '{key}' on the template before asking for the run.");
        }

        private static DateTimeOffset? RecordedAt(JsonObject tags)
            => DateTimeOffset.TryParse(tags.Str(IdempotencyTimeTag), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind,
                out DateTimeOffset at)
                ? at
                : (DateTimeOffset?)null;
    }
}
