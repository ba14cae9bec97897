using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Triggers
{
    /// <summary>Every error about SourceImage triggers, with its category.</summary>
    public static class TriggerErrorIds
    {
        public static readonly AibError SourceNotLatest = new AibError("TriggerSourceNotLatest", AibErrorCategory.InvalidData);
        public static readonly AibError SourceKind = new AibError("TriggerSourceKind", AibErrorCategory.InvalidData);
        public static readonly AibError DistributionVersion = new AibError("TriggerDistributionVersion", AibErrorCategory.InvalidData);
        public static readonly AibError SourceIsTarget = new AibError("TriggerSourceIsTarget", AibErrorCategory.InvalidData);
        public static readonly AibError TemplateNotSucceeded = new AibError("TriggerTemplateNotSucceeded", AibErrorCategory.InvalidOperation);
        public static readonly AibError OnePerTemplate = new AibError("TriggerOnePerTemplate", AibErrorCategory.ResourceExists);
        public static readonly AibError FeatureNotRegistered = new AibError("TriggerFeatureNotRegistered", AibErrorCategory.InvalidOperation);
        public static readonly AibError NotFound = new AibError("TriggerNotFound", AibErrorCategory.ObjectNotFound);
    }
}
