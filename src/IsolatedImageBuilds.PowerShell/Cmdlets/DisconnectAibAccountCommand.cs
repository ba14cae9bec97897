using System.Management.Automation;
using IsolatedImageBuilds.Connection;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Forgets the session's Azure connection.</para>
    /// </summary>
    /// <remarks>
    /// <para>Disconnect-AibAccount drops the connection and the credential it holds; the next cmdlet connects again (automatically, or after Connect-AibAccount). It does not sign out of Az PowerShell or the Azure CLI, and changes nothing in Azure.</para>
    /// </remarks>
    /// <example>
    /// <code>Disconnect-AibAccount</code>
    /// <para>Forgets the connection.</para>
    /// </example>
    /// <example>
    /// <code>Disconnect-AibAccount -PassThru</code>
    /// <para>Forgets the connection and returns the context it had.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Disconnect, "AibAccount")]
    [OutputType(typeof(AibContext))]
    public sealed class DisconnectAibAccountCommand : AibCmdlet
    {
        /// <summary>Returns the context that was disconnected.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            AibConnection? connection = SessionConnection.Current;
            SessionConnection.Clear();
            if (connection == null)
            {
                WriteVerbose("Not connected: nothing to disconnect.");
                return;
            }
            WriteVerbose($"Disconnected {connection.Account} from {connection.Cloud.ArmEndpoint}.");
            if (PassThru)
            {
                WriteObject(new AibContext(connection));
            }
        }
    }
}
