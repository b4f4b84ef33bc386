namespace RunAgents.PowerShell.Models;

/// <summary>An object of any named resource, read for what every one has (its name), as completion reads them.</summary>
internal sealed class AnyResource : NamedResource
{
}
