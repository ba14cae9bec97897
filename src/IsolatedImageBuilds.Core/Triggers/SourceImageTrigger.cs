using System;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Triggers
{
    /// <summary>An imageTemplates/{t}/triggers resource as Azure returns it.</summary>
    public sealed class SourceImageTrigger
    {
        public string Id { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string TemplateName { get; set; } = string.Empty;
        public string ResourceGroupName { get; set; } = string.Empty;
        public string SubscriptionId { get; set; } = string.Empty;
        public string? Kind { get; set; }
        public string? StatusCode { get; set; }
        public string? StatusMessage { get; set; }
        public DateTimeOffset? StatusTime { get; set; }
        public string? ProvisioningState { get; set; }

        public bool IsHealthy => TriggerRules.IsHealthy(StatusCode);

        internal static SourceImageTrigger Read(JsonNode json)
        {
            string id = json.Str("id") ?? string.Empty;
            JsonNode? properties = json["properties"];
            JsonNode? status = properties?["status"];
            return new SourceImageTrigger
            {
                Id = id,
                Name = json.Str("name") ?? string.Empty,
                TemplateName = ArmId.SegmentAfter(id, "imageTemplates") ?? string.Empty,
                ResourceGroupName = ArmId.ResourceGroupOf(id) ?? string.Empty,
                SubscriptionId = ArmId.SubscriptionOf(id) ?? string.Empty,
                Kind = properties.Str("kind"),
                StatusCode = status.Str("code"),
                StatusMessage = status.Str("message"),
                StatusTime = DateTimeOffset.TryParse(status.Str("time"), out DateTimeOffset time) ? time : (DateTimeOffset?)null,
                ProvisioningState = properties.Str("provisioningState"),
            };
        }
    }
}
