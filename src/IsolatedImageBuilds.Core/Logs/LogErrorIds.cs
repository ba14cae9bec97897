using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>Every error reading build logs and the diagnosis knowledge base reports, with its category.</summary>
    public static class LogErrorIds
    {
        // Finding the log.
        public static readonly AibError FileNotFound = new AibError("LogFileNotFound", AibErrorCategory.ObjectNotFound);
        public static readonly AibError NoBuild = new AibError("LogNoBuild", AibErrorCategory.ObjectNotFound);
        public static readonly AibError StorageNotFound = new AibError("LogStorageNotFound", AibErrorCategory.ObjectNotFound);
        public static readonly AibError NotFound = new AibError("LogNotFound", AibErrorCategory.ObjectNotFound);
        public static readonly AibError AccessDenied = new AibError("LogAccessDenied", AibErrorCategory.PermissionDenied);

        // The knowledge base the diagnosis reads.
        public static readonly AibError KnowledgeBaseMissing = new AibError("LogKnowledgeBaseMissing", AibErrorCategory.NotInstalled);
        public static readonly AibError KnowledgeBaseInvalid = new AibError("LogKnowledgeBaseInvalid", AibErrorCategory.InvalidData);
    }
}
