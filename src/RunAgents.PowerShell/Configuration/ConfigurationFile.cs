namespace RunAgents.PowerShell.Configuration;

/// <summary>
/// The files of a configuration folder: one per object, <c>&lt;Folder&gt;/&lt;name&gt;.json</c>, written with keys in a
/// stable order, UTF-8 without BOM, LF line ends, so two exports of an unchanged platform are byte-identical.
/// </summary>
internal static partial class ConfigurationFile
{
    /// <summary>What a file holds in place of a secret: Import reads it as "keep what the platform has".</summary>
    public const string SecretPlaceholder = "<redacted>";
}
