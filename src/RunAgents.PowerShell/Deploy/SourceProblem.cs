using System.Management.Automation;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>What is wrong with the source files of a deploy.</summary>
internal enum SourceProblem
{
    /// <summary>A path that does not exist, a named link that leads nowhere, or paths that hold no file.</summary>
    Missing,

    /// <summary>More than -MaxSourceSizeMB in all.</summary>
    TooLarge,

    /// <summary>A file that is not UTF-8 text, or two files that would be sent under one name.</summary>
    Unusable,

    /// <summary>A symbolic link inside a folder (or found by a wildcard), which is never followed.</summary>
    Link,

    /// <summary>A FIFO, a device or a socket, never opened; or a file that holds more than it reports (a /proc file).</summary>
    NotRegular,

    /// <summary>A file or folder the module may not read, or whose reading failed.</summary>
    Unreadable,

    /// <summary>As <see cref="Unreadable"/>, because the user may not read it.</summary>
    AccessDenied,
}

/// <summary>The error id and category a user greps for, per <see cref="SourceProblem"/>.</summary>
internal static class SourceProblems
{
    /// <summary>The stable error id and fitting category of <paramref name="problem"/>.</summary>
    public static (string Id, ErrorCategory Category) Classify(this SourceProblem problem) => problem switch
    {
        SourceProblem.TooLarge => ("SourceTooLarge", ErrorCategory.LimitsExceeded),
        SourceProblem.Unusable => ("InvalidSourcePath", ErrorCategory.InvalidData),
        SourceProblem.Link => ("SourceIsSymbolicLink", ErrorCategory.SecurityError),
        SourceProblem.NotRegular => ("SourceNotRegularFile", ErrorCategory.InvalidType),
        SourceProblem.Unreadable => ("SourceUnreadable", ErrorCategory.ReadError),
        SourceProblem.AccessDenied => ("SourceUnreadable", ErrorCategory.PermissionDenied),
        _ => ("InvalidSourcePath", ErrorCategory.ObjectNotFound),
    };
}
