using System;

namespace IsolatedImageBuilds.Core.Errors
{
    /// <summary>
    /// The kind of failure, named after PowerShell's ErrorCategory members so that the cmdlet layer
    /// maps it by name without Core referencing PowerShell.
    /// </summary>
    public enum AibErrorCategory
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        ObjectNotFound,
        ResourceExists,
        ResourceUnavailable,
        PermissionDenied,
        SecurityError,
        AuthenticationError,
        ConnectionError,
        OperationTimeout,
        OperationStopped,
        LimitsExceeded,
        QuotaExceeded,
        NotInstalled,
        NotEnabled,
        ProtocolError,
        InvalidResult,
    }

    /// <summary>
    /// Every failure Core reports: a stable error id (asserted in tests, becomes the ErrorRecord's
    /// FullyQualifiedErrorId prefix), a category, the field or object concerned, and a message that
    /// names the field and the fix.
    /// </summary>
    public class AibException : Exception
    {
        public AibException(string errorId, AibErrorCategory category, string message, string? target = null, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        /// <summary>Stable identifier such as <c>TemplateContainerInstanceSubnetWithoutSubnet</c>.</summary>
        public string ErrorId { get; }

        public AibErrorCategory Category { get; }

        /// <summary>The field, parameter or resource id the error is about, when there is one.</summary>
        public string? Target { get; }
    }
}
