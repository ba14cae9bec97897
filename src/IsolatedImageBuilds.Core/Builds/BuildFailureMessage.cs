using IsolatedImageBuilds.Core.Logs;

namespace IsolatedImageBuilds.Core.Builds
{
    /// <summary>
    /// The error message of a failed run (Start-AibIsolatedBuild, Get-AibIsolatedBuild -Wait). It never hides the
    /// service's own <c>lastRunStatus.message</c> (redacted): an unknown cause shows it first; a known diagnosis is
    /// followed by it, unless the message is only AIB's generic "a failure has occurred, the log is at ..." wrapper,
    /// which the diagnosis and the log location already say.
    /// </summary>
    public static class BuildFailureMessage
    {
        /// <param name="run">The failed run.</param>
        /// <param name="diagnosis">The diagnosis of its log and message, or null when there is none.</param>
        /// <param name="diagnosisText">How the caller renders the diagnosis (id, title, provisioner, cause and fix).</param>
        /// <param name="logLocation">Where the log is, when known.</param>
        public static string Describe(BuildRun run, Diagnosis? diagnosis, string? diagnosisText, string? logLocation)
        {
            string? service = string.IsNullOrWhiteSpace(run.Message) ? null : LogRedactor.Default.Redact(run.Message!.Trim());
            bool known = diagnosis != null && diagnosis.Id != Diagnosis.UnknownId && diagnosisText != null;
            string cause;
            if (known)
            {
                cause = service == null || IsGenericFailure(service) ? diagnosisText! : diagnosisText + " The service said: " + service;
            }
            else
            {
                cause = service ?? "the service gave no message";
                if (diagnosisText != null) cause += " " + diagnosisText;
            }
            string code = string.IsNullOrEmpty(run.ErrorCode) ? string.Empty : $" [{run.ErrorCode}]";
            string log = logLocation == null ? string.Empty : $" Log: {logLocation}.";
            string op = run.OperationId == null ? string.Empty : $" OperationId: {run.OperationId}.";
            string readLog = $"{CommandNames.GetAibBuildLog.Name} -Name {run.TemplateName} -ResourceGroupName {run.ResourceGroupName} -Summary";
            return $"Image build of {run.TemplateName} failed{code}: {cause}{log}{op} Read the log with {readLog}.";
        }

        /// <summary>AIB's wrapper for any failed build ("During the image build a failure has occurred ... logs are at ..."): it names no cause.</summary>
        public static bool IsGenericFailure(string message) =>
            message.IndexOf("During the image build", System.StringComparison.OrdinalIgnoreCase) >= 0
            && message.IndexOf("failure has occurred", System.StringComparison.OrdinalIgnoreCase) >= 0
            && message.IndexOf("does not have authorization", System.StringComparison.OrdinalIgnoreCase) < 0;
    }
}
