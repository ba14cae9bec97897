using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>One properties.validate.inVMValidations[] step, run on a validation VM from the built image.</summary>
    public sealed class ImageValidation : TemplateItem
    {
        private ImageValidation(JsonObject json)
            : base(json)
        {
        }

        public string? Name => TemplateJson.String(Json, "name");

        public static ImageValidation Shell(string name, string? scriptUri = null, IEnumerable<string>? inline = null, string? sha256Checksum = null) =>
            new ImageValidation(Object(("type", "Shell"), ("name", name), ("scriptUri", Value(scriptUri)), ("inline", Strings(inline)), ("sha256Checksum", Value(sha256Checksum))));

        public static ImageValidation PowerShell(string name, string? scriptUri = null, IEnumerable<string>? inline = null, bool? runElevated = null, bool? runAsSystem = null, IEnumerable<int>? validExitCodes = null, string? sha256Checksum = null) =>
            new ImageValidation(Object(
                ("type", "PowerShell"), ("name", name), ("scriptUri", Value(scriptUri)), ("inline", Strings(inline)),
                ("runElevated", Value(runElevated)), ("runAsSystem", Value(runAsSystem)),
                ("validExitCodes", validExitCodes == null ? null : new JsonArray(validExitCodes.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray())),
                ("sha256Checksum", Value(sha256Checksum))));

        public static ImageValidation File(string name, string sourceUri, string destination, string? sha256Checksum = null) =>
            new ImageValidation(Object(("type", "File"), ("name", name), ("sourceUri", sourceUri), ("destination", destination), ("sha256Checksum", Value(sha256Checksum))));

        public static ImageValidation FromJson(string json) => new ImageValidation(Parse(json, "validation"));
    }
}
