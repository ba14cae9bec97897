using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>A successful ARM answer: status, headers and the JSON body, if any.</summary>
    public sealed class ArmResponse
    {
        internal ArmResponse(int status, IReadOnlyDictionary<string, string> headers, string? body)
        {
            Status = status;
            Headers = headers;
            Body = body;
        }

        public int Status { get; }
        public IReadOnlyDictionary<string, string> Headers { get; }
        public string? Body { get; }

        /// <summary>The body parsed as JSON, or null when empty.</summary>
        public JsonNode? Json => string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body!);

        public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

        /// <summary>Retry-After in seconds or as an HTTP date, when the server gave one.</summary>
        public TimeSpan? RetryAfter
        {
            get
            {
                string? value = Header("Retry-After");
                if (value == null) return null;
                if (int.TryParse(value, out int seconds)) return TimeSpan.FromSeconds(Math.Max(0, seconds));
                if (DateTimeOffset.TryParse(value, out DateTimeOffset when)) return when - DateTimeOffset.UtcNow;
                return null;
            }
        }
    }
}
