using System.Management.Automation;
using IsolatedImageBuilds.Core.Templates;

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
    public sealed class NewAibValidatorCommand : ScriptStepCmdletBase
    {
        protected override void ProcessRecord()
        {
            ImageValidation validation = ParameterSetName switch
            {
                PowerShellSet => ImageValidation.PowerShell(Name, ScriptUri, Inline, Elevated, AsSystem, ValidExitCode, Sha256Checksum),
                FileSet => ImageValidation.File(Name, SourceUri, Destination, Sha256Checksum),
                _ => ImageValidation.Shell(Name, ScriptUri, Inline, Sha256Checksum),
            };
            WriteObject(new AibTemplateItem("Validator", validation, Name));
        }
    }
}
