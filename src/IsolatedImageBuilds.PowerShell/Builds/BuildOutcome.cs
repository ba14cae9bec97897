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
        /// <summary>The cause of a failed run in one message: diagnosis when known, else the service's message and where the log is.</summary>
        public static string DescribeFailure(BuildRun run, string? diagnosis, string? logLocation)
        {
            string cause = diagnosis ?? (string.IsNullOrEmpty(run.Message) ? "the service gave no message" : run.Message!.Trim());
            string code = string.IsNullOrEmpty(run.ErrorCode) ? string.Empty : $" [{run.ErrorCode}]";
            string log = logLocation == null ? string.Empty : $" Log: {logLocation}.";
            string op = run.OperationId == null ? string.Empty : $" OperationId: {run.OperationId}.";
            return $"Image build of {run.TemplateName} failed{code}: {cause}{log}{op} Read the log with Get-AibBuildLog -Name {run.TemplateName} -ResourceGroupName {run.ResourceGroupName} -Summary.";
        }

        public static ErrorRecord FailureRecord(AibBuildRun output, string message)
            => AibCmdlet.ToErrorRecord(new AibException(BuildErrorIds.Failed, message, output.TemplateId), output);
    }
}
