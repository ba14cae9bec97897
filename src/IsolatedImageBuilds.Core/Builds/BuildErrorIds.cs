using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Builds
{
    /// <summary>Every error running, waiting for and cancelling a build reports, with its category.</summary>
    public static class BuildErrorIds
    {
        public static readonly AibError Failed = new AibError("BuildFailed", AibErrorCategory.InvalidResult);
        public static readonly AibError NotRunning = new AibError("BuildNotRunning", AibErrorCategory.InvalidOperation);
        public static readonly AibError WaitTimeout = new AibError("BuildWaitTimeout", AibErrorCategory.OperationTimeout);
        public static readonly AibError WaitOutage = new AibError("BuildWaitOutage", AibErrorCategory.ConnectionError);
    }
}
