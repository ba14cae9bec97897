using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>What a line changed in the tracker's state (for the summary).</summary>
    [Flags]
    public enum LogStateChange
    {
        None = 0,
        ProvisionerStarted = 1,
        ProvisionerEnded = 2,
        ExitCode = 4,
        Completed = 8,
        StageChanged = 16,
    }

    /// <summary>
    /// The small state machine that gives every line its stage and provisioner, fed one entry at a time
    /// in log order. Stages only move forward (Deploy → … → Cleanup), because scripts and later steps print
    /// words that look like earlier landmarks (a Windows restart waits for WinRM again); the one way back is
    /// a new provisioner starting after a premature deprovision landmark.
    /// </summary>
    public sealed class LogStateTracker
    {
        // One pass over the line finds whichever landmark it holds (at most one matters per line).
        private static readonly Regex Landmarks = new Regex(
            @"\(telemetry\) (?:Starting provisioner (?<start>\S+)|ending (?<end>\S+))" +
            @"|Communicator ended with: (?<exit>-?\d+)" +
            @"|non-zero exit status: (?<exit>-?\d+)" +
            @"|(?<done>Done exporting Packer logs)" +
            @"|(?<deprov>DeprovisioningScript)" +
            @"|(?<deploy>deployment template|Creating resource group|Getting source image id|operationStatuses/|Creating Azure Resource Manager)" +
            @"|(?<connect>Waiting for SSH|Connected to SSH|Waiting for WinRM|WinRM connected|Connected to WinRM)" +
            @"|(?<customize>Provisioning with )" +
            @"|(?<capture>Powering off machine|Capturing image|Capturing VHD|Generalizing|Snapshot ID|Creating snapshot|Skipping image creation|Error publishing|Publishing|Distributing|Replicating)" +
            @"|(?<cleanup>Deleting individual resources|Deleting resource group|Removing the created Deployment|The resource group was not created by Packer|Error deleting resource|Cleanup requested|Deleting the temporary)",
            RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

        // The same landmarks as plain fragments: the regex runs only on the few lines holding one.
        private static readonly AsciiKeywordSearch LandmarkWords = new AsciiKeywordSearch(new[]
        {
            "(telemetry) ", "Communicator ended with: ", "non-zero exit status: ", "Done exporting Packer logs", "DeprovisioningScript",
            "deployment template", "Creating resource group", "Getting source image id", "operationStatuses/", "Creating Azure Resource Manager",
            "Waiting for SSH", "Connected to SSH", "Waiting for WinRM", "WinRM connected", "Connected to WinRM", "Provisioning with ",
            "Powering off machine", "Capturing image", "Capturing VHD", "Generalizing", "Snapshot ID", "Creating snapshot", "Skipping image creation",
            "Error publishing", "Publishing", "Distributing", "Replicating",
            "Deleting individual resources", "Deleting resource group", "Removing the created Deployment", "The resource group was not created by Packer",
            "Error deleting resource", "Cleanup requested", "Deleting the temporary",
        });

        public BuildStage Stage { get; private set; }

        /// <summary>The provisioner running now, or null.</summary>
        public string? Provisioner { get; private set; }

        /// <summary>Index of the running provisioner (1-based), 0 when none runs.</summary>
        public int ProvisionerIndex { get; private set; }

        /// <summary>How many provisioners have started so far.</summary>
        public int ProvisionerStarts { get; private set; }

        /// <summary>The exit code seen on the last line that reported one (valid when the last change has <see cref="LogStateChange.ExitCode"/>).</summary>
        public int LastExitCode { get; private set; }

        /// <summary>The completion marker (<c>Done exporting Packer logs ...</c>) has been seen.</summary>
        public bool IsComplete { get; private set; }

        /// <summary>Sets the entry's stage and provisioner and returns what changed.</summary>
        public LogStateChange Observe(LogEntry entry)
        {
            var change = LogStateChange.None;
            string message = entry.Message;
            bool endsProvisioner = false;

            var m = message.Length == 0 || !LandmarkWords.ContainsAny(message) ? Match.Empty : Landmarks.Match(message);
            if (m.Success)
            {
                Group g;
                if ((g = m.Groups["start"]).Success)
                {
                    ProvisionerStarts++;
                    ProvisionerIndex = ProvisionerStarts;
                    Provisioner = g.Value;
                    change |= LogStateChange.ProvisionerStarted | MoveTo(BuildStage.Customize);
                }
                else if ((g = m.Groups["end"]).Success)
                {
                    // Builders end with the same marker ("ending azure-arm"): only the running provisioner's own counts.
                    endsProvisioner = Provisioner != null && string.Equals(g.Value, Provisioner, StringComparison.Ordinal);
                }
                else if ((g = m.Groups["exit"]).Success)
                {
                    if (int.TryParse(g.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code))
                    {
                        LastExitCode = code;
                        change |= LogStateChange.ExitCode;
                    }
                }
                else if (m.Groups["done"].Success)
                {
                    IsComplete = true;
                    change |= LogStateChange.Completed;
                }
                else if (m.Groups["deprov"].Success)
                {
                    // Also counts in guest output: "/tmp/DeprovisioningScript.sh: ... not found".
                    change |= MoveTo(BuildStage.Deprovision);
                }
                else if (!LogLineParser.IsIndentedBuilderOutput(message))
                {
                    // Step landmarks count only in Packer's own messages, not in what scripts print.
                    if (m.Groups["deploy"].Success) change |= MoveTo(BuildStage.Deploy);
                    else if (m.Groups["connect"].Success) change |= MoveTo(BuildStage.Connect);
                    else if (m.Groups["customize"].Success) change |= MoveTo(BuildStage.Customize);
                    else if (m.Groups["capture"].Success) change |= MoveTo(BuildStage.CaptureDistribute);
                    else if (m.Groups["cleanup"].Success) change |= MoveTo(BuildStage.Cleanup);
                }
            }

            entry.Stage = Stage;
            entry.Provisioner = Provisioner;
            entry.ProvisionerIndex = Provisioner == null ? 0 : ProvisionerIndex;

            if (endsProvisioner)
            {
                Provisioner = null;
                ProvisionerIndex = 0;
                change |= LogStateChange.ProvisionerEnded;
            }
            return change;
        }

        private LogStateChange MoveTo(BuildStage target)
        {
            bool allowed = target > Stage
                // A new provisioner after a deprovision landmark: that landmark was premature (e.g. a script that writes the override).
                || (target == BuildStage.Customize && Stage == BuildStage.Deprovision);
            if (!allowed || target == Stage) return LogStateChange.None;
            Stage = target;
            return LogStateChange.StageChanged;
        }
    }
}
