using System;

namespace RunAgents.PowerShell.Client;

/// <summary>Receives one line per request (and, when wanted, the bodies) as the client works.</summary>
public interface IRequestTrace
{
    /// <summary>True when the receiver wants request and response bodies, so the client can skip formatting them.</summary>
    bool WantsBodies { get; }

    /// <summary>One line about a request: method, URL, status, elapsed time, attempt, retry wait.</summary>
    void Request(string line);

    /// <summary>A request or response body, already truncated and free of the key.</summary>
    void Body(string line);
}

/// <summary>Settings of a single call that override the connection's.</summary>
public sealed class RequestOptions
{
    /// <summary>How long each attempt may wait for the service in all (its answer, then its body); null uses the connection's.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>How many times to retry a transient failure; null uses the connection's (and, for invoke, none).</summary>
    public int? MaxRetryCount { get; set; }

    /// <summary>Where to report requests; null reports nothing.</summary>
    public IRequestTrace? Trace { get; set; }
}
