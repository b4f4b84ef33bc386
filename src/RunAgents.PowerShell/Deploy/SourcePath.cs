namespace RunAgents.PowerShell.Cmdlets;

/// <summary>A path given to <c>Deploy-RAAgent -Path</c>, resolved to the file system.</summary>
/// <remarks>
/// A path named as it is (no wildcard) is the user's own choice: a link there is followed to what it finally
/// leads to, and the default exclusions do not apply to it. A path a wildcard found is treated as one found
/// inside a folder.
/// </remarks>
internal readonly struct SourcePath
{
    public SourcePath(string path, bool named)
    {
        Path = path;
        Named = named;
    }

    /// <summary>The file system path.</summary>
    public string Path { get; }

    /// <summary>True when the user named this path without wildcards.</summary>
    public bool Named { get; }
}
