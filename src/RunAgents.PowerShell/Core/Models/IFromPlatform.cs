using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>An object the module writes, which remembers the platform it came from (see <see cref="PlatformObject"/>).</summary>
internal interface IFromPlatform
{
    /// <summary>The connection the object was fetched from or acted on; null after Import-Clixml, Select-Object or a remote session.</summary>
    RAConnection? Connection { get; set; }
}
