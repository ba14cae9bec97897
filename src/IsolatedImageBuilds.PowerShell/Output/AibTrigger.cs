using System;
using IsolatedImageBuilds.Core.Triggers;

namespace IsolatedImageBuilds
{
    /// <summary>A SourceImage trigger of an image template, with the status Image Builder reports for it.</summary>
    public sealed class AibTrigger
    {
        internal AibTrigger(SourceImageTrigger trigger)
        {
            Name = trigger.Name;
            TemplateName = trigger.TemplateName;
            ResourceGroupName = trigger.ResourceGroupName;
            SubscriptionId = trigger.SubscriptionId;
            Kind = trigger.Kind;
            StatusCode = trigger.StatusCode;
            StatusMessage = trigger.StatusMessage;
            StatusTime = trigger.StatusTime;
            ProvisioningState = trigger.ProvisioningState;
            IsHealthy = trigger.IsHealthy;
            Id = trigger.Id;
        }

        /// <summary>The trigger's name (the template's name is TemplateName).</summary>
        public string Name { get; }
        public string TemplateName { get; }
        public string ResourceGroupName { get; }
        public string SubscriptionId { get; }

        /// <summary>SourceImage: builds the template when its source image gets a new version.</summary>
        public string? Kind { get; }

        /// <summary>Healthy while the trigger fires; anything else means Image Builder deactivated it (after consecutive failed builds).</summary>
        public string? StatusCode { get; }

        public string? StatusMessage { get; }

        /// <summary>When the status last changed: the trigger fired, or was deactivated or reactivated.</summary>
        public DateTimeOffset? StatusTime { get; }

        public string? ProvisioningState { get; }
        public bool IsHealthy { get; }
        public string Id { get; }

        public override string ToString() => $"{TemplateName}/{Name}: {StatusCode}";
    }
}
