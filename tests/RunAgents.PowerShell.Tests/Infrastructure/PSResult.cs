using System.Collections.ObjectModel;
using System.Management.Automation;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>Everything one script run produced: output, every stream, and a terminating exception if one escaped.</summary>
internal sealed class PSResult
{
    public PSResult(
        Collection<PSObject> output,
        PSDataStreams streams,
        Exception? terminating)
    {
        Output = output.ToList();
        Errors = streams.Error.ToList();
        Warnings = streams.Warning.Select(w => w.Message).ToList();
        Verbose = streams.Verbose.Select(v => v.Message).ToList();
        Debug = streams.Debug.Select(d => d.Message).ToList();
        Information = streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList();
        Terminating = terminating;
    }

    public IReadOnlyList<PSObject> Output { get; }

    public IReadOnlyList<ErrorRecord> Errors { get; }

    public IReadOnlyList<string> Warnings { get; }

    public IReadOnlyList<string> Verbose { get; }

    public IReadOnlyList<string> Debug { get; }

    public IReadOnlyList<string> Information { get; }

    /// <summary>The exception <c>PowerShell.Invoke</c> threw, when the script did not run to its end.</summary>
    public Exception? Terminating { get; }

    /// <summary>The base objects of the output, each of which must be a <typeparamref name="T"/>.</summary>
    public List<T> Objects<T>() => Output.Select(o => Assert.IsAssignableFrom<T>(o.BaseObject)).ToList();

    /// <summary>The base objects of the output that are <typeparamref name="T"/>, ignoring the rest.</summary>
    public List<T> OfType<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToList();

    /// <summary>The one error of the run; fails when there were none or several, or the run threw.</summary>
    public ErrorRecord SingleError()
    {
        Assert.Null(Terminating);
        return Assert.Single(Errors);
    }

    /// <summary>Fails unless the run wrote no error and threw nothing.</summary>
    public PSResult AssertNoErrors()
    {
        Assert.Null(Terminating);
        Assert.True(Errors.Count == 0, "Unexpected errors: " + string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        return this;
    }

    /// <summary>Every piece of text the run showed or could show a user, for scans for the key.</summary>
    public IEnumerable<string> AllText()
    {
        foreach (var item in Output)
        {
            yield return item.ToString();
            yield return item.BaseObject?.ToString() ?? string.Empty;
        }

        foreach (var error in Errors)
        {
            foreach (var text in ErrorTexts(error))
            {
                yield return text;
            }
        }

        foreach (var line in Warnings.Concat(Verbose).Concat(Debug).Concat(Information))
        {
            yield return line;
        }

        if (Terminating is not null)
        {
            yield return Terminating.ToString();
            if (Terminating is IContainsErrorRecord { ErrorRecord: { } record })
            {
                foreach (var text in ErrorTexts(record))
                {
                    yield return text;
                }
            }
        }
    }

    /// <summary>What an error record can show: its ToString, details, category text and every exception in the chain.</summary>
    public static IEnumerable<string> ErrorTexts(ErrorRecord error)
    {
        yield return error.ToString();
        yield return error.FullyQualifiedErrorId;
        yield return error.CategoryInfo.ToString();
        yield return error.CategoryInfo.GetMessage();
        yield return error.TargetObject?.ToString() ?? string.Empty;
        yield return error.ErrorDetails?.Message ?? string.Empty;
        yield return error.ErrorDetails?.RecommendedAction ?? string.Empty;
        for (var e = error.Exception; e is not null; e = e.InnerException)
        {
            yield return e.Message;
            yield return e.ToString();
        }
    }
}
