namespace RunAgents.MockServer;

/// <summary>How the fake platform behaves where real platforms differ; settable while it runs, and put back by reset.</summary>
internal sealed class MockBehaviour
{
    private volatile bool _v1ResolvesFirst;

    /// <summary>
    /// What v1 does with a name two namespaces hold: false answers 409 (ambiguous), true takes the first namespace in
    /// order, as some platforms do, so that a client which trusts the name alone acts on the wrong agent.
    /// </summary>
    public bool V1ResolvesFirst
    {
        get => _v1ResolvesFirst;
        set => _v1ResolvesFirst = value;
    }

    /// <summary>Back to the defaults.</summary>
    public void Reset() => V1ResolvesFirst = false;
}
