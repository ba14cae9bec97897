using System.Collections.Generic;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>One properties.customize[] step.</summary>
    public sealed class ImageCustomizer : TemplateItem
    {
        private ImageCustomizer(JsonObject json)
            : base(json)
        {
        }

        public string? Name => JsonRead.StrictStr(Json, "name");

        /// <summary>A Linux shell step: give either <paramref name="scriptUri"/> or <paramref name="inline"/>.</summary>
        public static ImageCustomizer Shell(string name, string? scriptUri = null, IEnumerable<string>? inline = null,
            string? sha256Checksum = null) =>
            new ImageCustomizer(StepJson.Shell(name, scriptUri, inline, sha256Checksum));

        /// <summary>A PowerShell step; <paramref name="runAsSystem"/> needs <paramref name="runElevated"/>.</summary>
        public static ImageCustomizer PowerShell(string name, string? scriptUri = null, IEnumerable<string>? inline = null, bool? runElevated = null,
            bool? runAsSystem = null, IEnumerable<int>? validExitCodes = null, string? sha256Checksum = null) =>
            new ImageCustomizer(StepJson.PowerShell(name, scriptUri, inline, runElevated, runAsSystem, validExitCodes, sha256Checksum));

        /// <summary>Copies one file to the VM (meant for small files: large ones belong in a script download).</summary>
        public static ImageCustomizer File(string name, string sourceUri, string destination, string? sha256Checksum = null) =>
            new ImageCustomizer(StepJson.File(name, sourceUri, destination, sha256Checksum));

        /// <summary>Restarts Windows; restartTimeout is a magnitude and unit, e.g. '5m' or '1h30m'.</summary>
        public static ImageCustomizer WindowsRestart(string name, string? restartCommand = null, string? restartCheckCommand = null,
            string? restartTimeout = null) =>
            new ImageCustomizer(Build(("type", "WindowsRestart"), ("name", name), ("restartCommand", restartCommand),
                ("restartCheckCommand", restartCheckCommand), ("restartTimeout", restartTimeout)));

        public static ImageCustomizer WindowsUpdate(string name, string? searchCriteria = null, IEnumerable<string>? filters = null,
            int? updateLimit = null) =>
            new ImageCustomizer(Build(("type", "WindowsUpdate"), ("name", name), ("searchCriteria", searchCriteria), ("filters", Strings(filters)),
                ("updateLimit", updateLimit)));

        public static ImageCustomizer FromJson(string json) => new ImageCustomizer(Parse(json, "customizer"));

        internal static ImageCustomizer Wrap(JsonObject json) => new ImageCustomizer(json);
    }
}
