using System;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>One read of an ARM async operation (the Azure-AsyncOperation resource, or a Location poll).</summary>
    public sealed class ArmOperationStatus
    {
        internal ArmOperationStatus(string status, string? errorCode, string? errorMessage, DateTimeOffset? startTime, DateTimeOffset? endTime)
        {
            Status = status;
            ErrorCode = errorCode;
            ErrorMessage = errorMessage;
            StartTime = startTime;
            EndTime = endTime;
        }

        /// <summary>InProgress, Succeeded, Failed, Canceled (or a provider's own in-progress word).</summary>
        public string Status { get; }
        public string? ErrorCode { get; }
        public string? ErrorMessage { get; }
        public DateTimeOffset? StartTime { get; }
        public DateTimeOffset? EndTime { get; }

        public bool IsTerminal => IsSucceeded || IsFailed || IsCanceled;
        public bool IsSucceeded => string.Equals(Status, "Succeeded", StringComparison.OrdinalIgnoreCase);
        public bool IsFailed => string.Equals(Status, "Failed", StringComparison.OrdinalIgnoreCase);
        public bool IsCanceled => string.Equals(Status, "Canceled", StringComparison.OrdinalIgnoreCase)
            || string.Equals(Status, "Cancelled", StringComparison.OrdinalIgnoreCase);

        internal static ArmOperationStatus Parse(JsonNode? body)
        {
            string status = body.Str("status") ?? "InProgress";
            JsonNode? error = body?["error"];
            return new ArmOperationStatus(status, error.Str("code"), error.Str("message"),
                TryTime(body?["startTime"]), TryTime(body?["endTime"]));
        }

        private static DateTimeOffset? TryTime(JsonNode? node)
            => node.StrictStr() is string text && DateTimeOffset.TryParse(text, out DateTimeOffset t) ? t : (DateTimeOffset?)null;
    }
}
