using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Sends a message (or a whole body) to agents and writes what each answered.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "RAAgent", DefaultParameterSetName = MessageSet)]
// -Raw writes strings (the help's OUTPUTS says so), but they are not declared here: PowerShell infers a command's
// output from all its OutputType attributes whatever their ParameterSetName, so every
// Invoke-RAAgent | Select-Object <Tab> would offer String's Length beside the answer's properties.
[OutputType(typeof(AgentResponse))]
public sealed class InvokeRAAgentCommand : RunAgentsCmdlet
{
    private const string MessageSet = "Message";
    private const string BodySet = "Body";

    private readonly List<(string Namespace, string Name, RAConnection Connection, Task<InvokeResult> Answer)> _inFlight = new();
    private string? _json;

    /// <summary>The namespace of the agent to invoke.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateAgentName]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string Namespace { get; set; } = string.Empty;

    /// <summary>The name of the agent to invoke.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateAgentName]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>The message to send, as the body's <c>message</c> field.</summary>
    [Parameter(Mandatory = true, Position = 2, ParameterSetName = MessageSet)]
    [AllowEmptyString]
    public string Message { get; set; } = string.Empty;

    /// <summary>The conversation to continue, as the body's <c>conversation_id</c> field.</summary>
    [Parameter(ParameterSetName = MessageSet)]
    [ValidateNotNullOrEmpty]
    public string? ConversationId { get; set; }

    /// <summary>The whole request body: a hashtable or PSCustomObject (sent as JSON) or a JSON string (sent as it is).</summary>
    [Parameter(Mandatory = true, ParameterSetName = BodySet)]
    [ValidateNotNull]
    public object? Body { get; set; }

    /// <summary>Writes the body text the agent answered with, instead of a response object.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <summary>How many invokes may be in flight at once for agents from the pipeline.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>The timeout of each request in seconds, instead of the connection's.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; }

    /// <summary>Retries a transient failure this many times. An invoke is not retried unless this is given, since it may have reached the agent.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryCount { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _json = ParameterSetName == BodySet ? BodyJson(Body) : MessageJson(Message, ConversationId);
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        // Each invoke keeps its agent's connection: piped agents may come from different platforms.
        var connection = ActiveConnection;
        _inFlight.Add((Namespace, Name, connection, connection.Client.InvokeAgentAsync(Namespace, Name, _json!, Requests, StopToken)));
        while (_inFlight.Count >= ThrottleLimit)
        {
            WriteNextAnswer();
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        while (_inFlight.Count > 0)
        {
            WriteNextAnswer();
        }
    }

    private static string MessageJson(string message, string? conversationId)
    {
        var body = new Dictionary<string, object?> { ["message"] = message };
        if (conversationId is not null)
        {
            body["conversation_id"] = conversationId;
        }

        return PSJson.Serialize(body);
    }

    private string BodyJson(object? body)
    {
        var value = body is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : body;
        if (value is string text)
        {
            try
            {
                using (JsonDocument.Parse(text))
                {
                    return text;
                }
            }
            catch (JsonException e)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-Body is a string but not JSON: {e.Message} Pass a hashtable or PSCustomObject, or a JSON string.", e),
                    "InvalidBody",
                    ErrorCategory.InvalidArgument,
                    text));
            }
        }

        try
        {
            return PSJson.Serialize(body);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidBody", ErrorCategory.InvalidArgument, body));
            return null!;
        }
    }

    /// <summary>Waits for the earliest-started invoke that has finished and writes its answer or error.</summary>
    private void WriteNextAnswer()
    {
        var index = _inFlight.FindIndex(p => p.Answer.IsCompleted);
        if (index < 0)
        {
            Await(Task.WhenAny(_inFlight.Select(p => p.Answer)));
            index = _inFlight.FindIndex(p => p.Answer.IsCompleted);
        }

        var (ns, name, connection, answer) = _inFlight[index];
        var target = ns + "/" + name;
        _inFlight.RemoveAt(index);
        InvokeResult result;
        try
        {
            result = Await(answer);
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot invoke agent", target, fromAgent: true);
            return;
        }

        if (Raw)
        {
            WriteObject(ServerText.Clean(result.Body));
            return;
        }

        var response = AgentAnswer.Read(ns, name, result);
        if (response.ApprovalRequired)
        {
            var tool = response.Tool is null ? "a tool call" : $"its call of tool '{response.Tool}'";
            var next = response.RunId is null ? "Get-RAAccessRequest -ActionId " + response.ActionId : "pipe the answer to Get-RAAccessRequest | Approve-RAAccessRequest, then to Wait-RARun";
            WriteWarning($"Agent '{target}' is waiting for approval of {tool} (action '{response.ActionId}'{(response.RunId is null ? string.Empty : $", run '{response.RunId}'")}). To let it finish: {next}.");
        }
        else if (response.ConsentRequired)
        {
            var where = response.AuthorizationUrl is null ? string.Empty : $": the user must open {response.AuthorizationUrl}";
            WriteWarning($"Agent '{target}' is waiting for the user's consent to {(response.Tool is null ? "a tool call" : $"tool '{response.Tool}'")} (action '{response.ActionId}'){where}.");
        }

        WriteFromPlatform(response, connection);
    }
}
