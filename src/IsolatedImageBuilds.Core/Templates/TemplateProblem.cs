using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>One reason a template cannot be sent: a stable error id, the JSON path of the field, and what to do.</summary>
    public sealed class TemplateProblem
    {
        public TemplateProblem(string errorId, string fieldPath, string message, AibErrorCategory category = AibErrorCategory.InvalidData)
        {
            ErrorId = errorId;
            FieldPath = fieldPath;
            Message = message;
            Category = category;
        }

        /// <summary>One of <see cref="TemplateErrorIds"/>.</summary>
        public string ErrorId { get; }

        /// <summary>Where in the resource, e.g. properties.vmProfile.vnetConfig.containerInstanceSubnetId.</summary>
        public string FieldPath { get; }

        /// <summary>Names the field, says what is wrong and how to fix it.</summary>
        public string Message { get; }

        public AibErrorCategory Category { get; }

        public AibException ToException() => new AibException(ErrorId, Category, Message, FieldPath);

        public override string ToString() => $"{ErrorId}: {Message}";
    }
}
