using System;
using System.Net.Http;

namespace RunAgents.PowerShell.Client;

/// <summary>One call of the API, as an area class describes it to the transport.</summary>
internal sealed class ApiRequest
{
    public ApiRequest(HttpMethod method, string path, string what)
    {
        Method = method;
        Path = path;
        What = what;
    }

    /// <summary>The HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The path relative to the connection's base URI, already escaped.</summary>
    public string Path { get; }

    /// <summary>What the answer is, in words for messages: <c>the list of agents</c>, <c>the agent 'a/b'</c>.</summary>
    public string What { get; }

    /// <summary>The JSON body to send, if any.</summary>
    public string? Body { get; set; }

    /// <summary>Which failures may be sent again; by default, transient ones and only when the caller gives a retry count.</summary>
    public RetryClass Retry { get; set; }

    /// <summary>Values in <see cref="Body"/> that are secrets (a SecureString sent as an environment variable): request traces show them masked.</summary>
    public string[] MaskedValues { get; set; } = Array.Empty<string>();

    /// <summary>
    /// Hides the secrets a response body holds in the texts made from it (debug traces of the body, excerpts quoted in
    /// errors): an approval connector's header values, which the platform echoes (<see cref="ConnectorSecrets.MaskText"/>),
    /// or a field shown once, such as a new API key's <c>token</c> (<see cref="TraceMask.Fields"/>); null for none.
    /// </summary>
    /// <remarks>
    /// Given the whole text when it has it, before the text is cut, so that a secret cut in two is still hidden whole; a
    /// mask must also hide what it can of a secret that the end of a body it is given cuts.
    /// </remarks>
    public Func<string, string>? ResponseMask { get; set; }

    /// <summary>The <c>error</c> texts of a 404 that mean the API itself says the object does not exist.</summary>
    /// <remarks>Any other 404 (a proxy's page, a wrong base path) says nothing about the object.</remarks>
    public string[] NotFoundMessages { get; set; } = Array.Empty<string>();

    /// <summary>Error statuses whose body the caller reads as an answer (an invoke's 403 that is an approval pause).</summary>
    public int[] AnswerStatuses { get; set; } = Array.Empty<int>();

    /// <summary>True for a request that changes something: a redirect of it is never followed elsewhere.</summary>
    public bool IsWrite => Method != HttpMethod.Get && Method != HttpMethod.Head;
}
