using System.Collections.Generic;
using IsolatedImageBuilds.Core.Arm;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>Short constructors for results, so each family reads as its rules.</summary>
    internal static class Check
    {
        public static PrerequisiteResult Passed(string check, PrerequisiteCategory category, string? target, string message, params string[] evidence)
            => new PrerequisiteResult(PrerequisiteStatus.Passed, check, category, target, message, null, evidence);

        public static PrerequisiteResult Failed(string check, PrerequisiteCategory category, string? target, string message, string remediation,
            params string[] evidence)
            => new PrerequisiteResult(PrerequisiteStatus.Failed, check, category, target, message, remediation, evidence);

        public static PrerequisiteResult Warning(string check, PrerequisiteCategory category, string? target, string message,
            string? remediation = null, params string[] evidence)
            => new PrerequisiteResult(PrerequisiteStatus.Warning, check, category, target, message, remediation, evidence);

        public static PrerequisiteResult Skipped(string check, PrerequisiteCategory category, string? target, string reason)
            => new PrerequisiteResult(PrerequisiteStatus.Skipped, check, category, target, reason);

        /// <summary>A read the check depends on failed: Warning with Azure's own code and message.</summary>
        public static PrerequisiteResult CouldNotRead(string check, PrerequisiteCategory category, string? target, AibArmException e)
        {
            string why = e.Status == 403
                ? "no permission to read what this check needs"
                : e.Status == 404 ? "a resource this check needs was not found" : "a read this check needs failed";
            return Warning(check, category, target,
                $"Not checked: {why} ({e.Status} {e.ArmCode ?? "no code"}: {e.ArmMessage}).",
                e.Status == 403
                    ? "Run the check as a principal with Reader on the scope (and Microsoft.Authorization/*/read for policy and role data)."
                    : null,
                e.Message);
        }

        /// <summary>The two commands that fix something, one line each.</summary>
        public static string Fix(string powerShell, string azCli) => "Azure PowerShell: " + powerShell + "\naz CLI: " + azCli;

        public static string Fix(string powerShell, string azCli, string alternative) => Fix(powerShell, azCli) + "\nOr: " + alternative;
    }
}
