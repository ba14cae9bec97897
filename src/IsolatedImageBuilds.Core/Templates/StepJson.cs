using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>The Shell, PowerShell and File steps, which customizers and in-VM validations spell the same way.</summary>
    internal static class StepJson
    {
        public static JsonObject Shell(string name, string? scriptUri, IEnumerable<string>? inline, string? sha256Checksum) =>
            TemplateItem.Build(("type", "Shell"), ("name", name), ("scriptUri", scriptUri), ("inline", TemplateItem.Strings(inline)),
                ("sha256Checksum", sha256Checksum));

        public static JsonObject PowerShell(string name, string? scriptUri, IEnumerable<string>? inline, bool? runElevated, bool? runAsSystem,
            IEnumerable<int>? validExitCodes, string? sha256Checksum) =>
            TemplateItem.Build(
                ("type", "PowerShell"), ("name", name), ("scriptUri", scriptUri), ("inline", TemplateItem.Strings(inline)),
                ("runElevated", runElevated), ("runAsSystem", runAsSystem),
                ("validExitCodes",
                    validExitCodes == null ? null : new JsonArray(validExitCodes.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray())),
                ("sha256Checksum", sha256Checksum));

        public static JsonObject File(string name, string sourceUri, string destination, string? sha256Checksum) =>
            TemplateItem.Build(("type", "File"), ("name", name), ("sourceUri", sourceUri), ("destination", destination),
                ("sha256Checksum", sha256Checksum));
    }
}
