using System.Management.Automation;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Makes an in-VM validation step (Shell, PowerShell, File) for New-AibIsolatedTemplate.</para>
    /// </summary>
    /// <remarks>
    /// <para>New-AibValidator returns an AibTemplateItem for the template's properties.validate.inVMValidations array. Pass them to New-AibIsolatedTemplate -Validator. AIB runs validations in a separate validation VM after customization; a failing validation fails the build unless the template continues distribution on failure.</para>
    /// </remarks>
    /// <example>
    /// <code>New-AibValidator -Shell -Name smoke -Inline 'test -x /usr/bin/nginx'</code>
    /// <para>Checks that nginx was installed.</para>
    /// </example>
    /// <example>
    /// <code>New-AibValidator -PowerShell -Name check -ScriptUri https://contoso.blob.core.windows.net/scripts/check.ps1 -RunElevated</code>
    /// <para>Runs a validation script elevated on Windows.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "AibValidator", DefaultParameterSetName = ShellSet)]
    [OutputType(typeof(AibTemplateItem))]
    public sealed class NewAibValidatorCommand : AibCmdlet
    {
        private const string ShellSet = "Shell";
        private const string PowerShellSet = "PowerShell";
        private const string FileSet = "File";

        /// <summary>A Linux shell validation.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ShellSet)]
        public SwitchParameter Shell { get; set; }

        /// <summary>A Windows PowerShell validation.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PowerShellSet)]
        public SwitchParameter PowerShell { get; set; }

        /// <summary>Copies a file onto the validation VM.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        public SwitchParameter File { get; set; }

        /// <summary>The validation's name, shown in the log.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; } = string.Empty;

        /// <summary>The script's URI (give it or -Inline, not both).</summary>
        [Parameter(ParameterSetName = ShellSet)]
        [Parameter(ParameterSetName = PowerShellSet)]
        public string? ScriptUri { get; set; }

        /// <summary>Commands to run, one per line.</summary>
        [Parameter(ParameterSetName = ShellSet)]
        [Parameter(ParameterSetName = PowerShellSet)]
        public string[]? Inline { get; set; }

        /// <summary>The SHA-256 checksum (64 hex digits) of the script or file.</summary>
        [Parameter]
        public string? Sha256Checksum { get; set; }

        /// <summary>Runs the PowerShell validation elevated.</summary>
        [Parameter(ParameterSetName = PowerShellSet)]
        public SwitchParameter RunElevated { get; set; }

        /// <summary>Runs it as SYSTEM (needs -RunElevated).</summary>
        [Parameter(ParameterSetName = PowerShellSet)]
        public SwitchParameter RunAsSystem { get; set; }

        /// <summary>Exit codes that count as success (default 0).</summary>
        [Parameter(ParameterSetName = PowerShellSet)]
        public int[]? ValidExitCode { get; set; }

        /// <summary>The file's URI.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        public string SourceUri { get; set; } = string.Empty;

        /// <summary>The absolute path on the validation VM.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        public string Destination { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            ImageValidation validation = ParameterSetName switch
            {
                PowerShellSet => ImageValidation.PowerShell(Name, ScriptUri, Inline, RunElevated.IsPresent ? true : (bool?)null, RunAsSystem.IsPresent ? true : (bool?)null, ValidExitCode, Sha256Checksum),
                FileSet => ImageValidation.File(Name, SourceUri, Destination, Sha256Checksum),
                _ => ImageValidation.Shell(Name, ScriptUri, Inline, Sha256Checksum),
            };
            WriteObject(new AibTemplateItem("Validator", validation, Name));
        }
    }
}
