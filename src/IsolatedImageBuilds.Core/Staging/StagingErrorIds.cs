using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Staging
{
    /// <summary>Every error inspecting a staging resource group reports, with its category.</summary>
    public static class StagingErrorIds
    {
        public static readonly AibError GroupUnknown = new AibError("StagingGroupUnknown", AibErrorCategory.ObjectNotFound);
    }
}
