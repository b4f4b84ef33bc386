namespace RunAgents.PowerShell.Client;

/// <summary>What a write the platform acknowledged answered: the object it wrote, or a warning when the answer could not be read as one.</summary>
/// <typeparam name="T">The object the write answers with.</typeparam>
internal sealed class WriteOutcome<T>
    where T : class
{
    public WriteOutcome(T? value, string? warning)
    {
        Value = value;
        Warning = warning;
    }

    /// <summary>The object the platform answered with; null when its answer was not one.</summary>
    public T? Value { get; }

    /// <summary>Why there is no <see cref="Value"/>, though the write happened; null when there is one.</summary>
    public string? Warning { get; }
}
