using System.Text.Json.Serialization;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// An object the module writes, which remembers the platform it came from twice: as a live link to its
/// connection, and as <see cref="Platform"/>, the platform's address as plain text.
/// </summary>
/// <remarks>
/// The live link is lost by Select-Object, Export-Csv, ConvertTo-Json, Export-Clixml and Start-Job; the text
/// survives them all, so that a cmdlet given the object later still knows where it came from, and refuses to act
/// on another platform unless -Connection says so.
/// </remarks>
public abstract class PlatformObject : IFromPlatform
{
    private RAConnection? _connection;

    /// <summary>The base URI of the platform the object came from, such as <c>https://api.runagents.io/</c>.</summary>
    [JsonIgnore]
    public string? Platform { get; private set; }

    /// <inheritdoc/>
    [JsonIgnore]
    RAConnection? IFromPlatform.Connection
    {
        get => _connection;
        set
        {
            _connection = value;
            Platform = value?.Uri.AbsoluteUri;
        }
    }
}
