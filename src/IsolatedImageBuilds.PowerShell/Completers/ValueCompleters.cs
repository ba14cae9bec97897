using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Templates;

namespace IsolatedImageBuilds.Completers
{
    /// <summary>Completes from a fixed list; the values are still validated by Core, so a typo gets our own error id.</summary>
    public abstract class ListCompleter : IArgumentCompleter
    {
        protected abstract IEnumerable<string> Values { get; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst,
            IDictionary fakeBoundParameters)
        {
            string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Values.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, v));
        }
    }

    /// <summary>Regions where Azure VM Image Builder runs.</summary>
    public sealed class LocationCompleter : ListCompleter
    {
        internal static readonly string[] Regions = AibRegions.Documented.OrderBy(r => r, StringComparer.Ordinal).ToArray();

        protected override IEnumerable<string> Values => Regions;
    }

    public sealed class ApiVersionCompleter : ListCompleter
    {
        protected override IEnumerable<string> Values => ArmApiVersions.SupportedImageTemplateVersions;
    }

    public sealed class ErrorHandlingCompleter : ListCompleter
    {
        protected override IEnumerable<string> Values => new[] { "cleanup", "abort" };
    }

    public sealed class VmSizeCompleter : ListCompleter
    {
        protected override IEnumerable<string> Values => new[]
        {
            "Standard_D2ds_v4", "Standard_D2ds_v5", "Standard_D4ds_v5", "Standard_D8ds_v5", "Standard_D2s_v3", "Standard_D4s_v3",
            "Standard_D1_v2", "Standard_DS2_v2", "Standard_E4ds_v5", "Standard_A1_v2", "Standard_A2_v2",
        };
    }
}
