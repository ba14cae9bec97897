using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Templates;

namespace IsolatedImageBuilds.Core.TemplateUpdates
{
    /// <summary>An update worked out locally: the template now, as it would be, the fields that change, and the PATCH body.</summary>
    public sealed class TemplateUpdatePlan
    {
        internal TemplateUpdatePlan(ImageTemplateDocument before, ImageTemplateDocument after, IReadOnlyList<FieldChange> changes,
            JsonObject patchBody)
        {
            Before = before;
            After = after;
            Changes = changes;
            PatchBody = patchBody;
        }

        public ImageTemplateDocument Before { get; }

        public ImageTemplateDocument After { get; }

        public IReadOnlyList<FieldChange> Changes { get; }

        /// <summary>ImageTemplateUpdateParameters: properties.vmProfile and/or properties.distribute, nothing else.</summary>
        public JsonObject PatchBody { get; }

        public bool HasChanges => Changes.Count > 0;

        /// <summary>One line per changed field, for -WhatIf and the verbose stream.</summary>
        public string Describe() => string.Join("\n", Changes.Select(c => "  " + c));
    }
}
