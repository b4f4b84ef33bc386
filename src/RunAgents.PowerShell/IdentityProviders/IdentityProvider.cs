namespace RunAgents.PowerShell.Models;

/// <summary>
/// An identity provider: how the platform validates the tokens of the end users who call agents on a host (the issuer,
/// its key set, the audiences), which claim names the user, and which e-mail domains may call.
/// </summary>
public sealed class IdentityProvider : NamedResource
{
    /// <summary>The host the agents' users call, whose requests this provider authenticates (<c>spec.host</c>).</summary>
    public string? HostName => Text("spec", "host");

    /// <summary>The issuer of the tokens: the <c>iss</c> claim they must carry.</summary>
    public string? Issuer => Text("spec", "identityProvider", "issuer");

    /// <summary>Where the issuer publishes the keys that sign its tokens.</summary>
    public string? JwksUri => Text("spec", "identityProvider", "jwksUri");

    /// <summary>The audiences a token may name (its <c>aud</c> claim); its text is them joined by <c>", "</c>.</summary>
    public JoinedList<string> Audiences => Texts(new[] { "spec", "identityProvider", "audiences" });

    /// <summary>The claim that names the user, such as <c>email</c> or <c>sub</c>.</summary>
    public string? UserIdClaim => Text("spec", "userIDClaim");

    /// <summary>The e-mail domains whose users may call; its text is them joined by <c>", "</c>. Empty: any.</summary>
    public JoinedList<string> AllowedDomains => Texts(new[] { "spec", "allowedDomains" });
}
