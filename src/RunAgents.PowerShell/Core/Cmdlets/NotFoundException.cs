using System;
using System.Management.Automation;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Something the platform does not have (an agent, a namespace, a run, an access request): an
/// <see cref="ItemNotFoundException"/>, as PowerShell's own "not found" errors are, so that one
/// <c>catch [System.Management.Automation.ItemNotFoundException]</c> takes every one the module writes.
/// </summary>
/// <remarks>
/// A typed catch sees the error record of the exception, not the one the cmdlet wrote; this exception
/// carries the record it is written with, so that the catch sees the same id, category and target as $Error.
/// </remarks>
public sealed class NotFoundException : ItemNotFoundException
{
    private ErrorRecord? _record;

    private NotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The error record this failure was written with.</summary>
    public override ErrorRecord ErrorRecord => _record ?? base.ErrorRecord;

    /// <summary>The error record of a "not found", in the category ObjectNotFound.</summary>
    /// <param name="message">What was not found, and where.</param>
    /// <param name="innerException">The API's own 404, when it said so; null when the list did not have it.</param>
    /// <param name="id">The error id, such as <c>AgentNotFound</c>.</param>
    /// <param name="target">What was looked for: <c>namespace/name</c>, or the name when no namespace was given.</param>
    /// <param name="details">The message to show instead of the exception's, if any.</param>
    internal static ErrorRecord Record(string message, Exception? innerException, string id, object target, ErrorDetails? details = null)
    {
        var exception = new NotFoundException(message, innerException);
        exception._record = new ErrorRecord(exception, id, ErrorCategory.ObjectNotFound, target) { ErrorDetails = details };
        return exception._record;
    }
}
