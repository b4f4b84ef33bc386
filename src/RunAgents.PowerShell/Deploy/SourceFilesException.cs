using System;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Source files that cannot be sent, found before any request.</summary>
internal sealed class SourceFilesException : Exception
{
    public SourceFilesException(string message, string path, SourceProblem problem, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file or folder at fault.</summary>
    public string Path { get; }

    /// <summary>What is wrong.</summary>
    public SourceProblem Problem { get; }
}
