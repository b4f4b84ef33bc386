using System.Management.Automation;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Turns what is not a live connection into null, so that <c>-Connection</c> can bind from the
/// <c>Connection</c> property of any piped object: one deserialized by Import-Clixml or a remote
/// session, or another module's, then means "the current connection" rather than a binding error.
/// </summary>
public sealed class ConnectionTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) as RAConnection;
}
