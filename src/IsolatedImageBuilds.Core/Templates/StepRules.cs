using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Json;
using Ids = IsolatedImageBuilds.Core.Templates.TemplateErrorIds;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>Customizers, in-VM validations and the workload optimizer: scripts, files, URIs, checksums.</summary>
    internal static class StepRules
    {
        // Go duration syntax, as Packer's windows-restart provisioner parses restartTimeout.
        private static readonly Regex GoDuration = new Regex(@"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$", RegexOptions.CultureInvariant);

        public static void Check(ImageTemplateDocument doc, ProblemList problems)
        {
            CheckSteps(JsonRead.Arr(doc.Properties, "customize"), "properties.customize", problems);
            CheckSteps(JsonRead.Arr(JsonRead.Obj(doc.Properties, "validate"), "inVMValidations"), "properties.validate.inVMValidations", problems);

            var workload = JsonRead.Obj(JsonRead.Obj(doc.Properties, "optimize"), "workload");
            problems.Uri(JsonRead.StrictStr(workload, "scriptUri"), "properties.optimize.workload.scriptUri");
            problems.Sha256Checksum(JsonRead.StrictStr(workload, "sha256Checksum"), "properties.optimize.workload.sha256Checksum");
        }

        private static void CheckSteps(JsonArray? steps, string arrayPath, ProblemList problems)
        {
            for (var i = 0; i < (steps?.Count ?? 0); i++)
            {
                if (steps![i] is JsonObject step)
                {
                    CheckStep(step, JsonPath.Index(arrayPath, i), problems);
                }
            }
        }

        private static void CheckStep(JsonObject step, string path, ProblemList problems)
        {
            var type = JsonRead.StrictStr(step, "type");
            problems.Sha256Checksum(JsonRead.StrictStr(step, "sha256Checksum"), $"{path}.sha256Checksum");
            switch (type)
            {
                case "Shell":
                case "PowerShell":
                    CheckScript(step, path, type, problems);
                    break;
                case "File":
                    foreach (var field in new[] { "sourceUri", "destination" })
                    {
                        if (string.IsNullOrEmpty(JsonRead.StrictStr(step, field)))
                        {
                            problems.Add(Ids.FileCustomizerIncomplete, $"{path}.{field}",
                                $"'{path}.{field}' is missing: a File step needs sourceUri (the URL to download) "
                                    + "and destination (the absolute path on the VM).");
                        }
                    }

                    problems.Uri(JsonRead.StrictStr(step, "sourceUri"), $"{path}.sourceUri");
                    break;
                case "WindowsRestart":
                    var timeout = JsonRead.StrictStr(step, "restartTimeout");
                    if (!string.IsNullOrEmpty(timeout) && !GoDuration.IsMatch(timeout))
                    {
                        problems.Add(Ids.RestartTimeoutInvalid, $"{path}.restartTimeout",
                            $"'{path}.restartTimeout' is '{timeout}': write a magnitude and unit such as '5m', '30m' or '1h30m'.");
                    }

                    break;
            }
        }

        private static void CheckScript(JsonObject step, string path, string type, ProblemList problems)
        {
            var scriptUri = JsonRead.StrictStr(step, "scriptUri");
            var hasInline = (JsonRead.Arr(step, "inline")?.Count ?? 0) > 0;
            if (!string.IsNullOrEmpty(scriptUri) && hasInline)
            {
                problems.Add(Ids.ScriptUriAndInline, $"{path}.inline",
                    $"'{path}.inline' is set together with '{path}.scriptUri': a {type} step runs exactly one of them. Keep one.");
            }
            else if (string.IsNullOrEmpty(scriptUri) && !hasInline)
            {
                problems.Add(Ids.ScriptMissing, $"{path}.scriptUri",
                    $"'{path}.scriptUri' and '{path}.inline' are both missing: give the script's URL in scriptUri or the commands in inline.");
            }

            problems.Uri(scriptUri, $"{path}.scriptUri");
            if (type == "PowerShell" && JsonRead.StrictBool(step, "runAsSystem") == true && JsonRead.StrictBool(step, "runElevated") != true)
            {
                problems.Add(Ids.RunAsSystemWithoutRunElevated, $"{path}.runAsSystem",
                    $"'{path}.runAsSystem' is true but runElevated is not: running as Local System needs runElevated true. "
                        + "Set runElevated, or remove runAsSystem.");
            }
        }
    }
}
