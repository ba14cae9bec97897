using System.Management.Automation;
using IsolatedImageBuilds.Core.Templates;

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
    public sealed class NewAibCustomizerCommand : ScriptStepCmdletBase
    {
        private const string RestartSet = "WindowsRestart";
        private const string UpdateSet = "WindowsUpdate";

        /// <summary>Restarts a Windows build VM.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RestartSet)]
        public SwitchParameter WindowsRestart { get; set; }

        /// <summary>Installs Windows updates.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UpdateSet)]
        public SwitchParameter WindowsUpdate { get; set; }

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
            ImageCustomizer step = ParameterSetName switch
            {
                PowerShellSet => ImageCustomizer.PowerShell(Name, ScriptUri, Inline, Elevated, AsSystem, ValidExitCode, Sha256Checksum),
                FileSet => ImageCustomizer.File(Name, SourceUri, Destination, Sha256Checksum),
                RestartSet => ImageCustomizer.WindowsRestart(Name, RestartCommand, RestartCheckCommand, RestartTimeout),
                UpdateSet => ImageCustomizer.WindowsUpdate(Name, SearchCriteria, Filter, UpdateLimit),
                _ => ImageCustomizer.Shell(Name, ScriptUri, Inline, Sha256Checksum),
            };
            WriteObject(new AibTemplateItem("Customizer", step, Name));
        }
    }
}
