namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Where the help pages are online, for <c>Get-Help -Online</c>.</summary>
internal static class HelpUris
{
    /// <summary>
    /// The docs folder of the project's repository (the manifest's ProjectUri); a cmdlet's page is its name
    /// with ".md". The same address is each page's "online version", which the compiled help carries too.
    /// </summary>
    public const string Docs = "https://github.com/runagents/runagents-powershell/blob/main/docs/";
}
