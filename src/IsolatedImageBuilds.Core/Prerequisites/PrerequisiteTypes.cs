using System;
using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    public enum PrerequisiteStatus
    {
        Passed,
        Failed,
        Warning,
        Skipped,
    }

    /// <summary>Check families; also the filter for <see cref="PrerequisiteRequest.Families"/>.</summary>
    public enum PrerequisiteCategory
    {
        Providers,
        Region,
        Policy,
        Ddos,
        Quota,
        Subnet,
        Identity,
        StagingResourceGroup,
        Triggers,
    }

    /// <summary>One check's outcome. Failed and Warning results always carry a reason; Failed ones a fix.</summary>
    public sealed class PrerequisiteResult
    {
        public PrerequisiteResult(PrerequisiteStatus status, string check, PrerequisiteCategory category, string? target, string message,
            string? remediation = null, IReadOnlyList<string>? evidence = null)
        {
            Status = status;
            Check = check ?? throw new ArgumentNullException(nameof(check));
            Category = category;
            Target = target;
            Message = message ?? throw new ArgumentNullException(nameof(message));
            Remediation = remediation;
            Evidence = evidence ?? Array.Empty<string>();
        }

        public PrerequisiteStatus Status { get; }

        /// <summary>Stable name, e.g. <c>Provider.Microsoft.ContainerInstance</c>, <c>Subnet.AciDelegation</c>.</summary>
        public string Check { get; }

        public PrerequisiteCategory Category { get; }

        /// <summary>The resource id the check is about (subnet, identity, policy scope…), when there is one.</summary>
        public string? Target { get; }

        public string Message { get; }

        /// <summary>The fix: the Azure PowerShell command and the az CLI command (one per line), or a portal step.</summary>
        public string? Remediation { get; }

        /// <summary>What the verdict rests on: policy assignment and definition ids, usage figures, the NSG rule, the missing action…</summary>
        public IReadOnlyList<string> Evidence { get; }

        public override string ToString() => $"{Status} {Check} {Target}: {Message}";
    }

    /// <summary>What a run returned: the results in stable order, and what it cost.</summary>
    public sealed class PrerequisiteReport
    {
        internal PrerequisiteReport(IReadOnlyList<PrerequisiteResult> results, int armCalls, TimeSpan elapsed)
        {
            Results = results;
            ArmCalls = armCalls;
            Elapsed = elapsed;
        }

        /// <summary>Results ordered by family (the order of <see cref="PrerequisiteCategory"/>), then by check within a family.</summary>
        public IReadOnlyList<PrerequisiteResult> Results { get; }

        /// <summary>ARM requests the run sent (each distinct read once; retries inside the pipeline not counted).</summary>
        public int ArmCalls { get; }

        public TimeSpan Elapsed { get; }

        public bool AllPassed
        {
            get
            {
                foreach (PrerequisiteResult r in Results)
                {
                    if (r.Status == PrerequisiteStatus.Failed) return false;
                }
                return true;
            }
        }
    }

    public sealed class PrerequisiteEngineOptions
    {
        private int _maxConcurrency = 8;

        /// <summary>Most ARM requests in flight at once (default 8). Families all start together; this bounds what they send.</summary>
        public int MaxConcurrency
        {
            get => _maxConcurrency;
            set => _maxConcurrency =
                value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), value, "MaxConcurrency must be 1 or more.");
        }
    }

    /// <summary>What <see cref="PrerequisiteEngine.RemediateAsync"/> did for one provider.</summary>
    public sealed class PrerequisiteRemediationOutcome
    {
        internal PrerequisiteRemediationOutcome(string providerNamespace, string target, PrerequisiteRemediationAction action, string message)
        {
            ProviderNamespace = providerNamespace;
            Target = target;
            Action = action;
            Message = message;
        }

        public string ProviderNamespace { get; }
        public string Target { get; }
        public PrerequisiteRemediationAction Action { get; }
        public string Message { get; }
    }

    public enum PrerequisiteRemediationAction
    {
        /// <summary>The register request was accepted (registration may take minutes).</summary>
        RegistrationRequested,
        /// <summary>The caller's ShouldProcess said no.</summary>
        Declined,
        Failed,
    }
}
