using System;
using System.Net.Http.Headers;

namespace RunAgents.PowerShell.Client;

/// <summary>When to retry and how long to wait: exponential backoff with jitter, or what Retry-After says.</summary>
internal sealed class RetryPolicy
{
    /// <summary>The policy requests use unless a test supplies its own.</summary>
    public static readonly RetryPolicy Default = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));

    private readonly object _randomLock = new();
    private readonly Random _random = new();

    public RetryPolicy(TimeSpan baseDelay, TimeSpan maxBackoff, TimeSpan maxRetryAfter)
    {
        BaseDelay = baseDelay;
        MaxBackoff = maxBackoff;
        MaxRetryAfter = maxRetryAfter;
    }

    /// <summary>The wait before the first retry, doubled for each further one.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>The longest backoff between two attempts.</summary>
    public TimeSpan MaxBackoff { get; }

    /// <summary>The longest wait a Retry-After header can impose; a runbook should not sleep for an hour.</summary>
    public TimeSpan MaxRetryAfter { get; }

    /// <summary>429 and the gateway statuses: the request may succeed later.</summary>
    public static bool IsRetryableStatus(int status) => status is 429 or 502 or 503 or 504;

    /// <summary>The wait before retry number <paramref name="attempt"/>: half to all of the exponential step, so that clients spread out.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var step = Math.Min(MaxBackoff.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        double jitter;
        lock (_randomLock)
        {
            jitter = 0.5 + (_random.NextDouble() / 2);
        }

        return TimeSpan.FromMilliseconds(step * jitter);
    }

    /// <summary>The wait a Retry-After header asks for (seconds or an HTTP date), capped; null when there is none.</summary>
    public TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        TimeSpan? wait = header?.Delta ?? (header?.Date is DateTimeOffset date ? date - now : null);
        if (wait is not TimeSpan value)
        {
            return null;
        }

        if (value < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return value > MaxRetryAfter ? MaxRetryAfter : value;
    }
}
