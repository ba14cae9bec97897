using System;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Builds
{
    /// <summary>Reads the run-related fields of an imageTemplates GET answer into a <see cref="BuildRun"/>.</summary>
    internal static class ImageTemplateStatus
    {
        // "... Image Build log location: https://x.blob.core.windows.net/packerlogs/<guid>/customization.log. OperationId: <id>. ..."
        // or the ARM path form ".../storageAccounts/<a>/blobServices/default/containers/packerlogs/<guid>/customization.log".
        private static readonly Regex s_logLocation = new Regex(
            @"(https://[^\s'""]+?/packerlogs/[^\s'""]+?\.log|/subscriptions/[^\s'""]+?/containers/packerlogs/[^\s'""]+?\.log)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex s_operationId = new Regex(
            @"OperationId:?\s*'?([0-9A-Za-z-]{8,})'?",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static BuildRun Read(JsonNode template, string subscriptionId)
        {
            JsonNode? properties = template["properties"];
            JsonNode? last = properties?["lastRunStatus"];
            string id = template.Str("id") ?? string.Empty;
            var run = new BuildRun
            {
                TemplateName = template.Str("name") ?? string.Empty,
                TemplateId = id,
                ResourceGroupName = ArmId.ResourceGroupOf(id) ?? string.Empty,
                SubscriptionId = subscriptionId,
                Location = template.Str("location"),
                StagingResourceGroup = properties.Str("exactStagingResourceGroup") ?? properties.Str("stagingResourceGroup"),
                BuildTimeoutInMinutes = properties.StrictInt("buildTimeoutInMinutes"),
            };
            if (last != null)
            {
                run.RunState = last.Str("runState") ?? "None";
                run.RunSubState = last.Str("runSubState");
                run.Message = last.Str("message");
                run.StartTime = Time(last["startTime"]);
                run.EndTime = Time(last["endTime"]);
                ReadMessageFacts(run, run.Message);
            }
            return run;
        }

        /// <summary>Takes the log location and operation id out of a service message, when it names them.</summary>
        public static void ReadMessageFacts(BuildRun run, string? message)
        {
            if (string.IsNullOrEmpty(message))
            {
                return;
            }
            Match log = s_logLocation.Match(message);
            if (log.Success && run.LogLocation == null)
            {
                run.LogLocation = log.Value;
            }
            Match op = s_operationId.Match(message);
            // The id in the message is the one Packer's log lines carry: it wins over the operation URL's.
            if (op.Success)
            {
                run.OperationId = op.Groups[1].Value;
            }
        }

        // Go's zero time (0001-01-01T00:00:00Z) stands for "not yet" in lastRunStatus.endTime while running.
        private static DateTimeOffset? Time(JsonNode? node)
        {
            if (node.StrictStr() is string text && DateTimeOffset.TryParse(text, out DateTimeOffset time))
            {
                return time.Year <= 1 ? (DateTimeOffset?)null : time;
            }
            return null;
        }
    }
}
