using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.TemplateUpdates
{
    /// <summary>Every error Update-AibIsolatedTemplate reports, with its category.</summary>
    public static class TemplateUpdateErrorIds
    {
        /// <summary>A build of the template is running (or canceling): AIB refuses updates then, and so do we, before sending.</summary>
        public static readonly AibError BuildRunning = new AibError("TemplateUpdateBuildRunning", AibErrorCategory.ResourceUnavailable);

        /// <summary>The prerequisite checks of the template's new topology failed.</summary>
        public static readonly AibError PrerequisitesFailed = new AibError("TemplateUpdatePrerequisitesFailed", AibErrorCategory.InvalidOperation);

        /// <summary>The template's provisioning ended Failed after the update.</summary>
        public static readonly AibError ProvisioningFailed = new AibError("TemplateUpdateProvisioningFailed", AibErrorCategory.InvalidResult);
    }
}
