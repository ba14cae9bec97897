using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>One properties.customize[] step.</summary>
    public sealed class ImageCustomizer : TemplateItem
    {
        private ImageCustomizer(JsonObject json)
            : base(json)
        {
        }

        public string? Name => TemplateJson.String(Json, "name");

        /// <summary>A Linux shell step: give either <paramref name="scriptUri"/> or <paramref name="inline"/>.</summary>
        public static ImageCustomizer Shell(string name, string? scriptUri = null, IEnumerable<string>? inline = null, string? sha256Checksum = null) =>
            new ImageCustomizer(Object(("type", "Shell"), ("name", name), ("scriptUri", Value(scriptUri)), ("inline", Strings(inline)), ("sha256Checksum", Value(sha256Checksum))));

        /// <summary>A PowerShell step; <paramref name="runAsSystem"/> needs <paramref name="runElevated"/>.</summary>
        public static ImageCustomizer PowerShell(string name, string? scriptUri = null, IEnumerable<string>? inline = null, bool? runElevated = null, bool? runAsSystem = null, IEnumerable<int>? validExitCodes = null, string? sha256Checksum = null) =>
            new ImageCustomizer(Object(
                ("type", "PowerShell"), ("name", name), ("scriptUri", Value(scriptUri)), ("inline", Strings(inline)),
                ("runElevated", Value(runElevated)), ("runAsSystem", Value(runAsSystem)),
                ("validExitCodes", validExitCodes == null ? null : new JsonArray(validExitCodes.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray())),
                ("sha256Checksum", Value(sha256Checksum))));

        /// <summary>Copies one file to the VM (meant for small files: large ones belong in a script download).</summary>
        public static ImageCustomizer File(string name, string sourceUri, string destination, string? sha256Checksum = null) =>
            new ImageCustomizer(Object(("type", "File"), ("name", name), ("sourceUri", sourceUri), ("destination", destination), ("sha256Checksum", Value(sha256Checksum))));

        /// <summary>Restarts Windows; restartTimeout is a magnitude and unit, e.g. '5m' or '1h30m'.</summary>
        public static ImageCustomizer WindowsRestart(string name, string? restartCommand = null, string? restartCheckCommand = null, string? restartTimeout = null) =>
            new ImageCustomizer(Object(("type", "WindowsRestart"), ("name", name), ("restartCommand", Value(restartCommand)), ("restartCheckCommand", Value(restartCheckCommand)), ("restartTimeout", Value(restartTimeout))));

        public static ImageCustomizer WindowsUpdate(string name, string? searchCriteria = null, IEnumerable<string>? filters = null, int? updateLimit = null) =>
            new ImageCustomizer(Object(("type", "WindowsUpdate"), ("name", name), ("searchCriteria", Value(searchCriteria)), ("filters", Strings(filters)), ("updateLimit", Value(updateLimit))));

        public static ImageCustomizer FromJson(string json) => new ImageCustomizer(Parse(json, "customizer"));

        internal static ImageCustomizer Wrap(JsonObject json) => new ImageCustomizer(json);
    }
}
