using System.Collections.Generic;
using System.Linq;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// A template refused before anything is sent. ErrorId, Category and Target are those of the first problem;
    /// <see cref="Problems"/> holds all of them so the cmdlet can report each one.
    /// </summary>
    public sealed class TemplateValidationException : AibException
    {
        public TemplateValidationException(IReadOnlyList<TemplateProblem> problems)
            : base(problems[0].ErrorId, problems[0].Category, Describe(problems), problems[0].FieldPath)
        {
            Problems = problems;
        }

        public IReadOnlyList<TemplateProblem> Problems { get; }

        private static string Describe(IReadOnlyList<TemplateProblem> problems)
        {
            if (problems.Count == 1)
            {
                return problems[0].Message;
            }

            var lines = problems.Select((p, i) => $"{i + 1}. [{p.ErrorId}] {p.Message}");
            return $"The template has {problems.Count} problems:\n" + string.Join("\n", lines);
        }
    }
}
