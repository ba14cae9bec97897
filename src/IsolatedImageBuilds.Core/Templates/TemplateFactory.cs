using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using Ids = IsolatedImageBuilds.Core.Templates.TemplateErrorIds;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>Builds an isolated-build template from options, over an imported template file when one is given.</summary>
    public static class TemplateFactory
    {
        /// <summary>
        /// Reads the file (if any), moves it to the chosen api-version, applies the options, and validates.
        /// Throws <see cref="TemplateValidationException"/> with every problem, or AibException for an unreadable file.
        /// </summary>
        public static ImageTemplateDocument Create(TemplateBuildOptions options)
        {
            var notes = new List<string>();
            var problems = new List<TemplateProblem>();
            var resource = new JsonObject();
            string? fileApiVersion = null;
            TemplateFileContent? content = null;
            if (options.TemplateFile != null)
            {
                content = TemplateFileReader.Read(options.TemplateFile, options.TemplateFileName);
                resource = content.Resource;
                fileApiVersion = content.ApiVersion;
                notes.AddRange(content.Notes);
            }

            var apiVersion = options.ApiVersion
                ?? (ArmApiVersions.IsSupportedImageTemplateVersion(fileApiVersion) ? fileApiVersion! : ArmApiVersions.ImageTemplates);
            if (fileApiVersion != null && fileApiVersion != apiVersion)
            {
                notes.Add($"Moved the template from api-version {fileApiVersion} to {apiVersion}.");
            }

            resource["apiVersion"] = apiVersion;
            var shape = SwaggerShape.For(apiVersion) ?? SwaggerShape.For(ArmApiVersions.ImageTemplates)!;
            SpecNormaliser.Normalise(resource, shape, ArmApiVersions.IsLenientImageTemplateVersion(fileApiVersion), notes);

            new OptionsApplier(resource, notes, problems).Apply(options);
            problems.InsertRange(0, content?.UnresolvedExpressions() ?? Enumerable.Empty<TemplateProblem>());

            var template = new ImageTemplateDocument(resource, options.ResourceGroupName, notes) { TriggerName = options.TriggerName };
            var all = TemplateValidator.Validate(template, problems);
            if (all.Count > 0)
            {
                throw new TemplateValidationException(all);
            }

            return template;
        }
    }
}
