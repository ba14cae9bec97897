using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// Local validation before anything is sent: the isolated-build rules, then what the REST specification of the
    /// template's api-version implies. Collects every problem; one problem per field.
    /// </summary>
    public static class TemplateValidator
    {
        public static IReadOnlyList<TemplateProblem> Validate(ImageTemplateDocument template) => Validate(template, new TemplateProblem[0]);

        internal static IReadOnlyList<TemplateProblem> Validate(ImageTemplateDocument template, IEnumerable<TemplateProblem> earlier)
        {
            var problems = new ProblemList();
            problems.AddRange(earlier);

            // Hand-written rules first: where both report the same field and id, theirs is the clearer message.
            ResourceRules.Check(template, problems);
            NetworkRules.Check(template, problems);
            SourceRules.Check(template, problems);
            StepRules.Check(template, problems);
            DistributeRules.Check(template, problems);
            if (SwaggerShape.For(template.ApiVersion) is SwaggerShape shape)
            {
                problems.AddRange(SchemaRules.Check(template.Resource, shape));
            }

            return problems.Items;
        }
    }
}
