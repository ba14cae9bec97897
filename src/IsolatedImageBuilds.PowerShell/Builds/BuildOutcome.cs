using System;
using System.Management.Automation;
using IsolatedImageBuilds.Core.Builds;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Builds
{
    /// <summary>How a finished run is reported: the object always; a failure also as an error that names the cause.</summary>
    internal static class BuildOutcome
    {
        public static ErrorRecord FailureRecord(AibBuildRun output, string message)
            => AibCmdlet.ToErrorRecord(new AibException(BuildErrorIds.Failed, message, output.TemplateId), output);
    }
}
