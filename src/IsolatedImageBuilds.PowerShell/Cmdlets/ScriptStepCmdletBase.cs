using System.Management.Automation;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// The parameters New-AibCustomizer and New-AibValidator share: the Shell, PowerShell and File kinds of
    /// step, their name, script or inline commands, checksum, elevation and exit codes.
    /// </summary>
    public abstract class ScriptStepCmdletBase : AibCmdlet
    {
        protected const string ShellSet = "Shell";
        protected const string PowerShellSet = "PowerShell";
        protected const string FileSet = "File";

        /// <summary>A Linux shell step.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ShellSet)]
        public SwitchParameter Shell { get; set; }

        /// <summary>A Windows PowerShell step.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PowerShellSet)]
        public SwitchParameter PowerShell { get; set; }

        /// <summary>Copies a file from a URI onto the VM.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        public SwitchParameter File { get; set; }

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

        /// <summary>The absolute path on the VM to copy the file to.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        public string Destination { get; set; } = string.Empty;

        /// <summary>-RunElevated / -RunAsSystem as the template wants them: true, or absent.</summary>
        protected bool? Elevated => RunElevated.IsPresent ? true : (bool?)null;

        protected bool? AsSystem => RunAsSystem.IsPresent ? true : (bool?)null;
    }
}
