using System.Management.Automation;
using IsolatedImageBuilds.Connection;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows the session's Azure connection: cloud, endpoint, subscription, tenant, account and sign-in mode.</para>
    /// </summary>
    /// <remarks>
    /// <para>Get-AibContext returns the connection made by Connect-AibAccount, or by the first cmdlet that connected automatically. It returns nothing when the session is not connected. The context never contains the access token.</para>
    /// </remarks>
    /// <example>
    /// <code>Get-AibContext</code>
    /// <para>Shows the current connection as a table.</para>
    /// </example>
    /// <example>
    /// <code>if (-not (Get-AibContext)) { Connect-AibAccount -Identity }</code>
    /// <para>Connects only when the session is not connected yet.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "AibContext")]
    [OutputType(typeof(AibContext))]
    public sealed class GetAibContextCommand : AibCmdlet
    {
        protected override void ProcessRecord()
        {
            AibConnection? connection = SessionConnection.Current;
            if (connection == null)
            {
                WriteVerbose("Not connected. Run Connect-AibAccount, or let the first cmdlet connect automatically.");
                return;
            }
            WriteObject(new AibContext(connection));
        }
    }
}
