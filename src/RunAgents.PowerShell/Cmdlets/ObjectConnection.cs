using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// The getter of the hidden <c>Connection</c> property RunAgents.Types.ps1xml gives agents and answers:
/// the platform an object came from, which <c>-Connection</c> binds from a piped object by property name.
/// </summary>
/// <remarks>
/// A hidden code property rather than a public .NET property: ConvertTo-Json lists every public .NET
/// property, [Hidden] or not, while a hidden member of the type data stays out of the views,
/// Select-Object *, Export-Csv and ConvertTo-Json alike.
/// </remarks>
public static class ObjectConnection
{
    /// <summary>The connection <paramref name="instance"/> was fetched from or acted on; null when not known.</summary>
    public static RAConnection? Get(PSObject instance) => (instance.BaseObject as IFromPlatform)?.Connection;
}
