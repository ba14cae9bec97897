using System.Management.Automation;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Makes a customization step (Shell, PowerShell, File, WindowsRestart, WindowsUpdate) for New-AibIsolatedTemplate.</para>
    /// </summary>
    /// <remarks>
    /// <para>New-AibCustomizer returns an AibTemplateItem holding the step exactly as it goes into the template's properties.customize array. Pass one or more to New-AibIsolatedTemplate -Customizer; they run in the order given. The step is checked with the template (script or inline but not both, runAsSystem only with runElevated, SHA-256 checksums, URIs), so errors name the field in the template.</para>
    /// <para>Use File only for small files (AIB's File customizer is slow above about 20 MB: download large files in a script).</para>
    /// </remarks>
    /// <example>
    /// <code>New-AibCustomizer -Shell -Name update -Inline 'sudo apt-get -y update', 'sudo apt-get -y upgrade'</code>
    /// <para>A Linux step with inline commands.</para>
    /// </example>
    /// <example>
    /// <code>New-AibCustomizer -PowerShell -Name install -ScriptUri https://contoso.blob.core.windows.net/scripts/install.ps1 -RunElevated -ValidExitCode 0, 3010</code>
    /// <para>A Windows script run elevated, with 3010 (restart needed) accepted as success.</para>
    /// </example>
    /// <example>
    /// <code>$steps = @(
    ///     New-AibCustomizer -WindowsUpdate -Name updates -Filter 'include:$true' -UpdateLimit 40
    ///     New-AibCustomizer -WindowsRestart -Name reboot -RestartTimeout 30m
    /// )</code>
    /// <para>Windows Update followed by a restart with a generous timeout.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "AibCustomizer", DefaultParameterSetName = ShellSet)]
    [OutputType(typeof(AibTemplateItem))]
    public sealed class NewAibCustomizerCommand : AibCmdlet
    {
        private const string ShellSet = "Shell";
        private const string PowerShellSet = "PowerShell";
        private const string FileSet = "File";
        private const string RestartSet = "WindowsRestart";
        private const string UpdateSet = "WindowsUpdate";

        /// <summary>A Linux shell step.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ShellSet)]
        public SwitchParameter Shell { get; set; }

        /// <summary>A Windows PowerShell step.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PowerShellSet)]
        public SwitchParameter PowerShell { get; set; }

        /// <summary>Copies a file from a URI onto the build VM.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        public SwitchParameter File { get; set; }

        /// <summary>Restarts a Windows build VM.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RestartSet)]
        public SwitchParameter WindowsRestart { get; set; }

        /// <summary>Installs Windows updates.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UpdateSet)]
        public SwitchParameter WindowsUpdate { get; set; }

        /// <summary>The step's name, shown in the build log.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; } = string.Empty;

        /// <summary>The script's URI (give it or -Inline, not both).</summary>
        [Parameter(ParameterSetName = ShellSet)]
        [Parameter(ParameterSetName = PowerShellSet)]
        public string? ScriptUri { get; set; }

        /// <summary>Commands to run, one per line (give them or -ScriptUri, not both).</summary>
        [Parameter(ParameterSetName = ShellSet)]
        [Parameter(ParameterSetName = PowerShellSet)]
        public string[]? Inline { get; set; }

        /// <summary>The SHA-256 checksum (64 hex digits) of the script or file.</summary>
        [Parameter(ParameterSetName = ShellSet)]
        [Parameter(ParameterSetName = PowerShellSet)]
        [Parameter(ParameterSetName = FileSet)]
        public string? Sha256Checksum { get; set; }

        /// <summary>Runs the PowerShell step elevated.</summary>
        [Parameter(ParameterSetName = PowerShellSet)]
        public SwitchParameter RunElevated { get; set; }

        /// <summary>Runs the elevated PowerShell step as SYSTEM (needs -RunElevated).</summary>
        [Parameter(ParameterSetName = PowerShellSet)]
        public SwitchParameter RunAsSystem { get; set; }

        /// <summary>Exit codes that count as success (default 0).</summary>
        [Parameter(ParameterSetName = PowerShellSet)]
        public int[]? ValidExitCode { get; set; }

        /// <summary>The file's URI.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        public string SourceUri { get; set; } = string.Empty;

        /// <summary>The absolute path on the build VM to copy the file to.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        public string Destination { get; set; } = string.Empty;

        /// <summary>The command that restarts (default: shutdown /r /f /t 0 /c "packer restart").</summary>
        [Parameter(ParameterSetName = RestartSet)]
        public string? RestartCommand { get; set; }

        /// <summary>A command that succeeds once the VM is back.</summary>
        [Parameter(ParameterSetName = RestartSet)]
        public string? RestartCheckCommand { get; set; }

        /// <summary>How long to wait for the restart, e.g. 5m (default) or 30m.</summary>
        [Parameter(ParameterSetName = RestartSet)]
        public string? RestartTimeout { get; set; }

        /// <summary>Windows Update search criteria (default IsInstalled=0).</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        public string? SearchCriteria { get; set; }

        /// <summary>Windows Update filters, e.g. 'exclude:$_.Title -like ''*Preview*''', 'include:$true'.</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        public string[]? Filter { get; set; }

        /// <summary>How many updates to install at most (default 1000).</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        public int? UpdateLimit { get; set; }

        protected override void ProcessRecord()
        {
            ImageCustomizer step;
            switch (ParameterSetName)
            {
                case PowerShellSet:
                    step = ImageCustomizer.PowerShell(Name, ScriptUri, Inline, RunElevated.IsPresent ? true : (bool?)null,
                        RunAsSystem.IsPresent ? true : (bool?)null, ValidExitCode, Sha256Checksum);
                    break;
                case FileSet:
                    step = ImageCustomizer.File(Name, SourceUri, Destination, Sha256Checksum);
                    break;
                case RestartSet:
                    step = ImageCustomizer.WindowsRestart(Name, RestartCommand, RestartCheckCommand, RestartTimeout);
                    break;
                case UpdateSet:
                    step = ImageCustomizer.WindowsUpdate(Name, SearchCriteria, Filter, UpdateLimit);
                    break;
                default:
                    step = ImageCustomizer.Shell(Name, ScriptUri, Inline, Sha256Checksum);
                    break;
            }
            WriteObject(new AibTemplateItem("Customizer", step, Name));
        }
    }
}
