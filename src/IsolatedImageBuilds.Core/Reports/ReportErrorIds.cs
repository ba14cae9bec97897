using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Reports
{
    /// <summary>Every error writing a readiness report reports, with its category.</summary>
    public static class ReportErrorIds
    {
        public static readonly AibError PathInvalid = new AibError("ReportPathInvalid", AibErrorCategory.InvalidArgument);
        public static readonly AibError FolderNotFound = new AibError("ReportFolderNotFound", AibErrorCategory.ObjectNotFound);
        public static readonly AibError FileExists = new AibError("ReportFileExists", AibErrorCategory.ResourceExists);
        public static readonly AibError WriteFailed = new AibError("ReportWriteFailed", AibErrorCategory.ResourceUnavailable);
    }
}
