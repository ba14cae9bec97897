using System;
using System.Management.Automation;
using IsolatedImageBuilds.Core.Pipelines;

namespace IsolatedImageBuilds.Hosting
{
    /// <summary>Where the module runs, as far as its output is concerned.</summary>
    internal enum RunHostKind
    {
        /// <summary>A console or any other host: progress bars.</summary>
        Interactive,

        /// <summary>An Azure Automation job: progress records are not stored, each stream holds at most 1 MiB.</summary>
        AzureAutomation,

        /// <summary>An Azure Pipelines job (TF_BUILD): collapsible sections and logging commands, no progress.</summary>
        AzurePipelines,
    }

    /// <summary>
    /// Recognises the host: Azure Automation sets AZUREPS_HOST_ENVIRONMENT to "AzureAutomation/..." and gives each job
    /// $PSPrivateMetadata.JobId; the Azure Pipelines agent sets TF_BUILD.
    /// </summary>
    internal static class RunHost
    {
        public static RunHostKind Detect(PSCmdlet cmdlet)
        {
            if (AutomationJobId(cmdlet) != null
                || (Environment.GetEnvironmentVariable("AZUREPS_HOST_ENVIRONMENT") ?? string.Empty)
                    .StartsWith("AzureAutomation", StringComparison.OrdinalIgnoreCase))
            {
                return RunHostKind.AzureAutomation;
            }
            return AzurePipelinesCommand.InAgent ? RunHostKind.AzurePipelines : RunHostKind.Interactive;
        }

        /// <summary>The Automation job's id ($PSPrivateMetadata.JobId), or null outside a job.</summary>
        public static string? AutomationJobId(PSCmdlet cmdlet)
        {
            object? metadata = cmdlet.SessionState.PSVariable.GetValue("PSPrivateMetadata");
            object? baseObject = metadata is PSObject psObject ? psObject.BaseObject : metadata;
            object? jobId = baseObject is System.Collections.IDictionary dictionary
                ? dictionary["JobId"]
                : metadata == null ? null : PSObject.AsPSObject(metadata).Properties["JobId"]?.Value;
            string? text = jobId is PSObject wrapped ? wrapped.BaseObject?.ToString() : jobId?.ToString();
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
    }
}
