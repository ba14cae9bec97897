using System;
using System.Globalization;
using System.Runtime.CompilerServices;
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
        /// <summary>The running provisioner's script path or inline command became known.</summary>
        ProvisionerDetail = 32,
    }

    /// <summary>
    /// The small state machine that gives every line its stage and provisioner, fed one entry at a time
    /// in log order. Stages only move forward (Deploy → … → Cleanup), because scripts and later steps print
    /// words that look like earlier landmarks (a Windows restart waits for WinRM again); the one way back is
    /// a new provisioner starting after a premature deprovision landmark.
    /// Provisioners are delimited by Packer's <c>(telemetry) Starting provisioner</c> / <c>ending</c> lines when
    /// the log has them (until 2025); today's logs have none, so there the UI lines delimit them:
    /// <c>Provisioning with &lt;type&gt;...</c>, <c>Provisioning with &lt;type&gt; script: &lt;path&gt;</c>, the file
    /// provisioner's <c>Uploading a =&gt; b</c>, <c>Restarting Machine</c>, the Windows Update plugin's first line;
    /// a provisioner ends at the next one, at <c>Provisioning step had errors</c>, at a later step's landmark or at
    /// <c>Build '…' errored</c>.
    /// </summary>
    public sealed class LogStateTracker
    {
        // One pass over the line finds whichever landmark it holds (at most one matters per line). It runs only on the
        // lines holding a landmark fragment: too few in a short log to earn back compiling, but in a long one every
        // operationStatuses poll and upload, where the interpreter spends tens of microseconds on each.
        private static readonly RegexCompiledWhenBusy Landmarks = new RegexCompiledWhenBusy(new Regex(
            @"\(telemetry\) (?:Starting provisioner (?<start>\S+)|ending (?<end>\S+))" +
            @"|Communicator ended with: (?<exit>-?\d+)" +
            @"|non-zero exit status: (?<exit>-?\d+)" +
            @"|(?<done>Done exporting Packer logs)" +
            @"|(?<deprov>DeprovisioningScript)" +
            @"|(?<deploy>deployment template|Creating resource group|Getting source image id|operationStatuses/|Creating Azure Resource Manager)" +
            @"|(?<connect>Waiting for SSH|Connected to SSH|Waiting for WinRM|WinRM connected|Connected to WinRM)" +
            @"|Provisioning with (?<ptype>[A-Za-z0-9_-]+)(?: script: (?<pscript>\S.*)|\.\.\.)" +
            @"|(?<customize>Provisioning with )" +
            @"|(?<stepErrors>Provisioning step had errors)" +
            @"|(?<errored>Build '[^']*' errored)" +
            @"|: (?<restart>Restarting Machine)$" +
            @"|: (?<winupdate>Uploading the Windows update elevated script)" +
            @"|: Uploading (?<upload>\S.*) => " +
            @"|Found command: (?<command>.*)" +
            @"|(?<capture>Powering off machine|Capturing image|Capturing VHD|Generalizing|Snapshot ID|Creating snapshot|Skipping image creation|" +
                @"Error publishing|Publishing|Distributing|Replicating)" +
            @"|(?<cleanup>Deleting individual resources|Deleting resource group|Removing the created Deployment|" +
                @"The resource group was not created by Packer|Error deleting resource|Cleanup requested|Deleting the temporary|" +
                @"Deleting Virtual Machine deployment|Deleting KeyVault created)",
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture));

        // The landmark groups' numbers, looked up once: Groups["name"] searches the names at every call.
        private static class LandmarkGroup
        {
            public static readonly int Capture = Number("capture");
            public static readonly int Cleanup = Number("cleanup");
            public static readonly int Command = Number("command");
            public static readonly int Connect = Number("connect");
            public static readonly int Customize = Number("customize");
            public static readonly int Deploy = Number("deploy");
            public static readonly int Deprov = Number("deprov");
            public static readonly int Done = Number("done");
            public static readonly int End = Number("end");
            public static readonly int Errored = Number("errored");
            public static readonly int Exit = Number("exit");
            public static readonly int Pscript = Number("pscript");
            public static readonly int Ptype = Number("ptype");
            public static readonly int Restart = Number("restart");
            public static readonly int Start = Number("start");
            public static readonly int StepErrors = Number("stepErrors");
            public static readonly int Upload = Number("upload");
            public static readonly int Winupdate = Number("winupdate");

            private static int Number(string name)
            {
                int number = Landmarks.Interpreted.GroupNumberFromName(name);
                return number >= 0 ? number : throw new InvalidOperationException("The landmark regex has no group '" + name + "'.");
            }
        }

        // The same landmarks as plain fragments: the regex runs only on the few lines holding one.
        internal static readonly string[] LandmarkFragments =
        {
            "(telemetry) ", "Communicator ended with: ", "non-zero exit status: ", "Done exporting Packer logs", "DeprovisioningScript",
            "deployment template", "Creating resource group", "Getting source image id", "operationStatuses/", "Creating Azure Resource Manager",
            "Waiting for SSH", "Connected to SSH", "Waiting for WinRM", "WinRM connected", "Connected to WinRM", "Provisioning with ",
            "Provisioning step had errors", "' errored", "Restarting Machine", "Uploading ", "Found command: ",
            "Deleting Virtual Machine deployment", "Deleting KeyVault created",
            "Powering off machine", "Capturing image", "Capturing VHD", "Generalizing", "Snapshot ID", "Creating snapshot", "Skipping image creation",
            "Error publishing", "Publishing", "Distributing", "Replicating",
            "Deleting individual resources", "Deleting resource group", "Removing the created Deployment",
            "The resource group was not created by Packer", "Error deleting resource", "Cleanup requested", "Deleting the temporary",
        };

        private static readonly AsciiKeywordSearch LandmarkWords = new AsciiKeywordSearch(LandmarkFragments);

        /// <summary>Inline commands kept per provisioner: the first lines say what it runs.</summary>
        public const int CommandLinesKept = 5;
        private const int CommandCharsKept = 500;

        public BuildStage Stage { get; private set; }

        /// <summary>The provisioner running now, or null.</summary>
        public string? Provisioner { get; private set; }

        /// <summary>Index of the running provisioner (1-based), 0 when none runs.</summary>
        public int ProvisionerIndex { get; private set; }

        /// <summary>How many provisioners have started so far.</summary>
        public int ProvisionerStarts { get; private set; }

        /// <summary>The running provisioner's script (<c>Provisioning with … script: &lt;path&gt;</c>, or the file it uploads), or null.</summary>
        public string? ProvisionerScript { get; private set; }

        /// <summary>The first lines of the running provisioner's inline command (PowerShell's <c>Found command:</c>), or null.</summary>
        public string? ProvisionerCommand { get; private set; }

        /// <summary>The exit code seen on the last line that reported one (valid when the last change has <see cref="LogStateChange.ExitCode"/>).</summary>
        public int LastExitCode { get; private set; }

        /// <summary>The completion marker (<c>Done exporting Packer logs ...</c>) has been seen.</summary>
        public bool IsComplete { get; private set; }

        // The log has (telemetry) provisioner markers: they alone delimit provisioners, the UI lines only add detail.
        private bool _telemetry;
        // The running provisioner was announced by a "Provisioning with <type>..." line (today's format).
        private bool _announced;
        private int _commandLines;

        /// <summary>
        /// The landmark a message holds (<see cref="Match.Empty"/> when none): it depends on the line alone, so
        /// <see cref="LinePreparer"/> finds it beside the keyword scan, on either thread, and <see cref="Observe(LogEntry, bool)"/> takes it.
        /// </summary>
        internal static Match MatchLandmark(string message) => Landmarks.Match(message);

        /// <summary>Sets the entry's stage and provisioner and returns what changed.</summary>
        public LogStateChange Observe(LogEntry entry) => Observe(entry, LandmarkWords.ContainsAny(entry.Message));

        /// <summary>The same, when the caller already scanned the message: <paramref name="landmark"/> if it holds one of <see cref="LandmarkFragments"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal LogStateChange Observe(LogEntry entry, bool landmark)
        {
            var change = LogStateChange.None;
            bool endsAfter = false;

            // Lines after "Found command:" continue the inline script until the provisioner writes it to a file.
            if (_commandLines > 0 && entry.Stream == LogStream.Err)
            {
                const string plugin = " plugin: ";
                int at = entry.Raw.IndexOf(plugin, entry.MessageStart, StringComparison.Ordinal);
                if (at >= 0) change |= ContinueCommand(entry.Raw.Substring(at + plugin.Length));
            }

            var m = entry.LandmarkMatch ?? (landmark ? Landmarks.Match(entry.Message) : Match.Empty);
            entry.LandmarkMatch = null;
            if (m.Success)
            {
                string message = entry.Message;
                Group g;
                bool packerStep = entry.Stream == LogStream.Ui || entry.Stream == LogStream.Out;
                if ((g = m.Groups[LandmarkGroup.Start]).Success)
                {
                    _telemetry = true;
                    change |= Start(g.Value, null);
                }
                else if ((g = m.Groups[LandmarkGroup.End]).Success)
                {
                    // Builders end with the same marker ("ending azure-arm"): only the running provisioner's own counts.
                    endsAfter = Provisioner != null && string.Equals(g.Value, Provisioner, StringComparison.Ordinal);
                }
                else if ((g = m.Groups[LandmarkGroup.Ptype]).Success && packerStep)
                {
                    change |= Announced(g.Value.ToLowerInvariant(), m.Groups[LandmarkGroup.Pscript].Success ? m.Groups[LandmarkGroup.Pscript].Value.Trim() : null);
                }
                else if (m.Groups[LandmarkGroup.Restart].Success && packerStep)
                {
                    change |= Announced("windows-restart", null);
                }
                else if (m.Groups[LandmarkGroup.Winupdate].Success && packerStep)
                {
                    change |= Announced("windows-update", null);
                }
                else if ((g = m.Groups[LandmarkGroup.Upload]).Success && packerStep)
                {
                    change |= Announced("file", g.Value);
                }
                else if ((g = m.Groups[LandmarkGroup.Command]).Success)
                {
                    if (Provisioner != null && ProvisionerCommand == null)
                    {
                        ProvisionerCommand = string.Empty;
                        _commandLines = CommandLinesKept;
                        change |= ContinueCommand(g.Value);
                    }
                    // AIB's deprovisioning provisioner shows itself by its command.
                    if (g.Value.IndexOf("DeprovisioningScript", StringComparison.Ordinal) >= 0) change |= MoveTo(BuildStage.Deprovision);
                }
                else if (m.Groups[LandmarkGroup.StepErrors].Success)
                {
                    endsAfter = !_telemetry && Provisioner != null; // the line is the failing provisioner's last
                }
                else if (m.Groups[LandmarkGroup.Errored].Success)
                {
                    if (!_telemetry) change |= End();
                }
                else if ((g = m.Groups[LandmarkGroup.Exit]).Success)
                {
                    if (int.TryParse(g.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code))
                    {
                        LastExitCode = code;
                        change |= LogStateChange.ExitCode;
                    }
                }
                else if (m.Groups[LandmarkGroup.Done].Success)
                {
                    IsComplete = true;
                    change |= LogStateChange.Completed;
                }
                else if (m.Groups[LandmarkGroup.Deprov].Success)
                {
                    // Also counts in guest output: "/tmp/DeprovisioningScript.sh: ... not found".
                    change |= MoveTo(BuildStage.Deprovision);
                }
                else if (!LogLineParser.IsIndentedBuilderOutput(message) && message.IndexOf("packer-provisioner-", StringComparison.Ordinal) < 0)
                {
                    // Step landmarks count only in Packer's own messages, not in what scripts print (nor in the inline scripts a provisioner logs).
                    if (m.Groups[LandmarkGroup.Deploy].Success) change |= MoveTo(BuildStage.Deploy);
                    else if (m.Groups[LandmarkGroup.Connect].Success) change |= MoveTo(BuildStage.Connect);
                    else if (m.Groups[LandmarkGroup.Customize].Success) change |= MoveTo(BuildStage.Customize);
                    else if (m.Groups[LandmarkGroup.Capture].Success) change |= EndAtLaterStep(BuildStage.CaptureDistribute);
                    else if (m.Groups[LandmarkGroup.Cleanup].Success) change |= EndAtLaterStep(BuildStage.Cleanup);
                }
            }

            entry.Stage = Stage;
            entry.Provisioner = Provisioner;
            entry.ProvisionerIndex = Provisioner == null ? 0 : ProvisionerIndex;

            if (endsAfter) change |= End();
            return change;
        }

        /// <summary>A provisioner's UI line: in today's format it starts one, unless it names the one just started.</summary>
        private LogStateChange Announced(string type, string? script)
        {
            bool same = Provisioner != null && string.Equals(Provisioner, type, StringComparison.Ordinal)
                && (_telemetry || (script != null && (ProvisionerScript == null || ProvisionerScript == script)) || (script == null && !_announced));
            if (_telemetry && Provisioner == null) return LogStateChange.None; // between telemetry markers: nothing runs
            if (same || _telemetry)
            {
                _announced = true;
                if (script == null || script == ProvisionerScript) return LogStateChange.None;
                ProvisionerScript = script;
                return LogStateChange.ProvisionerDetail;
            }
            var change = Start(type, script);
            _announced = true;
            return change;
        }

        private LogStateChange Start(string name, string? script)
        {
            var change = End();
            ProvisionerStarts++;
            ProvisionerIndex = ProvisionerStarts;
            Provisioner = name;
            ProvisionerScript = script;
            ProvisionerCommand = null;
            _announced = false;
            _commandLines = 0;
            return change | LogStateChange.ProvisionerStarted | MoveTo(BuildStage.Customize);
        }

        private LogStateChange End()
        {
            if (Provisioner == null) return LogStateChange.None;
            Provisioner = null;
            ProvisionerIndex = 0;
            _commandLines = 0;
            return LogStateChange.ProvisionerEnded;
        }

        /// <summary>A later step began: without telemetry markers, that is where the running provisioner ended.</summary>
        private LogStateChange EndAtLaterStep(BuildStage stage)
        {
            var change = MoveTo(stage);
            if (change != LogStateChange.None && !_telemetry) change |= End();
            return change;
        }

        private LogStateChange ContinueCommand(string line)
        {
            // The script ends where the provisioner writes it to a file.
            string text = line;
            if (text.StartsWith("Writing PowerShell script to file", StringComparison.Ordinal) || text.StartsWith("[INFO]", StringComparison.Ordinal))
            {
                _commandLines = 0;
                return LogStateChange.None;
            }
            if (text.Trim().Length == 0) return LogStateChange.None;
            string joined = ProvisionerCommand!.Length == 0 ? text.Trim() : ProvisionerCommand + "\n" + text.TrimEnd();
            ProvisionerCommand = joined.Length > CommandCharsKept ? joined.Substring(0, CommandCharsKept) + "…" : joined;
            _commandLines--;
            return LogStateChange.ProvisionerDetail;
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
