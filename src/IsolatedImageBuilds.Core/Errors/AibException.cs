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
        public AibException(AibError error, string message, string? target = null, Exception? innerException = null)
            : base(message, innerException)
        {
            Error = error ?? throw new ArgumentNullException(nameof(error));
            Target = target;
        }

        /// <summary>For ids that no registry lists because they come from elsewhere (ARM's own error codes).</summary>
        protected AibException(string errorId, AibErrorCategory category, string message, string? target, Exception? innerException = null)
            : this(new AibError(errorId, category), message, target, innerException)
        {
        }

        /// <summary>The registered error: id and category.</summary>
        public AibError Error { get; }

        /// <summary>Stable identifier such as <c>TemplateContainerInstanceSubnetRequiresSubnet</c>.</summary>
        public string ErrorId => Error.Id;

        public AibErrorCategory Category => Error.Category;

        /// <summary>The field, parameter or resource id the error is about, when there is one.</summary>
        public string? Target { get; }
    }
}
