using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Builds
{
    /// <summary>
    /// What waiting for a build reports besides its end: warnings (written as "&lt;id&gt;: message") while riding out
    /// an outage, when -MaxWaitMinutes or an agent's time limit stops the wait, and a key the template cannot carry.
    /// </summary>
    public static class WaitErrorIds
    {
        public static readonly AibError OutageTolerated = new AibError("WaitOutageTolerated", AibErrorCategory.ConnectionError);
        public static readonly AibError Stopped = new AibError("WaitStopped", AibErrorCategory.OperationTimeout);
        public static readonly AibError AgentJobLimit = new AibError("WaitAgentJobLimit", AibErrorCategory.LimitsExceeded);
        public static readonly AibError IdempotencyKeyInvalid = new AibError("WaitIdempotencyKeyInvalid", AibErrorCategory.InvalidArgument);
        public static readonly AibError IdempotencyKeyNotRecorded = new AibError("WaitIdempotencyKeyNotRecorded", AibErrorCategory.InvalidResult);
    }
}
