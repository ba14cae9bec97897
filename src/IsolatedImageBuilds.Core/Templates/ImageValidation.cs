using System.Collections.Generic;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>One properties.validate.inVMValidations[] step, run on a validation VM from the built image.</summary>
    public sealed class ImageValidation : TemplateItem
    {
        private ImageValidation(JsonObject json)
            : base(json)
        {
        }

        public string? Name => JsonRead.StrictStr(Json, "name");

        public static ImageValidation Shell(string name, string? scriptUri = null, IEnumerable<string>? inline = null,
            string? sha256Checksum = null) =>
            new ImageValidation(StepJson.Shell(name, scriptUri, inline, sha256Checksum));

        public static ImageValidation PowerShell(string name, string? scriptUri = null, IEnumerable<string>? inline = null, bool? runElevated = null,
            bool? runAsSystem = null, IEnumerable<int>? validExitCodes = null, string? sha256Checksum = null) =>
            new ImageValidation(StepJson.PowerShell(name, scriptUri, inline, runElevated, runAsSystem, validExitCodes, sha256Checksum));

        public static ImageValidation File(string name, string sourceUri, string destination, string? sha256Checksum = null) =>
            new ImageValidation(StepJson.File(name, sourceUri, destination, sha256Checksum));

        internal static ImageValidation Wrap(JsonObject json) => new ImageValidation(json);

        public static ImageValidation FromJson(string json) => new ImageValidation(Parse(json, "validation"));
    }
}
