using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>One reason a template cannot be sent: a stable error id, the JSON path of the field, and what to do.</summary>
    public sealed class TemplateProblem
    {
        public TemplateProblem(AibError error, string fieldPath, string message)
        {
            Error = error;
            FieldPath = fieldPath;
            Message = message;
        }

        /// <summary>One of <see cref="TemplateErrorIds"/>.</summary>
        public AibError Error { get; }

        public string ErrorId => Error.Id;

        /// <summary>Where in the resource, e.g. properties.vmProfile.vnetConfig.containerInstanceSubnetId.</summary>
        public string FieldPath { get; }

        /// <summary>Names the field, says what is wrong and how to fix it.</summary>
        public string Message { get; }

        public AibErrorCategory Category => Error.Category;

        public AibException ToException() => new AibException(Error, Message, FieldPath);

        public override string ToString() => $"{ErrorId}: {Message}";
    }
}
