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
[Cmdlet(VerbsLifecycle.Invoke, "RAAgent", DefaultParameterSetName = MessageSet, HelpUri = HelpUris.Docs + "Invoke-RAAgent.md")]
// -Raw writes strings (the help's OUTPUTS says so), but they are not declared here: PowerShell infers a command's
// output from all its OutputType attributes whatever their ParameterSetName, so every
// Invoke-RAAgent | Select-Object <Tab> would offer String's Length beside the answer's properties.
[OutputType(typeof(AgentResponse))]
public sealed partial class InvokeRAAgentCommand : RequestCmdlet
{
    private const string MessageSet = "Message";
    private const string BodySet = "Body";
    private const int DefaultIdleTimeoutSec = 60;

    private readonly List<(string Namespace, string Name, RAConnection Connection, string? ConversationId, Task<InvokeResult> Answer)> _inFlight = new();
    private readonly Dictionary<(RAConnection, string), string> _newConversations = new();
    private AgentArguments? _agents;
    private string? _json;

    /// <summary>The namespaces of the agents to invoke, or agents as <c>namespace/name</c>.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string[]? Namespace { get; set; }

    /// <summary>The names of the agents to invoke, or agents as <c>namespace/name</c>.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The message to send, as the body's <c>message</c> field.</summary>
    [Parameter(Position = 2, ParameterSetName = MessageSet)]
    [AllowEmptyString]
    public string? Message { get; set; }

    /// <summary>The conversation to continue, as the body's <c>conversation_id</c> field; bound from a piped answer.</summary>
    /// <remarks>Not validated at binding: a piped answer without a conversation binds null, which means none.</remarks>
    [Parameter(ParameterSetName = MessageSet, ValueFromPipelineByPropertyName = true)]
    public string? ConversationId { get; set; }

    /// <summary>Starts a new conversation with each agent, under an id generated here.</summary>
    [Parameter(ParameterSetName = MessageSet)]
    public SwitchParameter NewConversation { get; set; }

    /// <summary>An agent or an answer from the pipeline, or the text of a message.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>The whole request body: a hashtable or PSCustomObject (sent as JSON) or a JSON string (sent as it is).</summary>
    [Parameter(Mandatory = true, ParameterSetName = BodySet)]
    [ValidateNotNull]
    public object? Body { get; set; }

    /// <summary>Writes the body text the agent answered with, instead of a response object.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <summary>
    /// Streams the answer (the platform's server-sent events): content reaches the console as the agent writes it, tool
    /// calls as information records, and one answer with the whole text comes at the end.
    /// </summary>
    [Parameter]
    public SwitchParameter Stream { get; set; }

    /// <summary>With -Stream: how long the stream may go without an event before it is given up (-TimeoutSec bounds the wait for the first).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int IdleTimeoutSec { get; set; } = DefaultIdleTimeoutSec;

    /// <summary>How many invokes may be in flight at once for agents from the pipeline.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 1;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        var takesMessage = ParameterSetName == MessageSet && Message is null;
        _agents = new AgentArguments(this, Namespace, Name, valueName: takesMessage ? "message" : null, valueFromPipeline: takesMessage);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(ConversationId)))
        {
            // Given on the command line, so an empty one is a mistake (most often an answer that had none), not "none".
            var problem = NewConversation ? "-NewConversation starts a new conversation, so -ConversationId cannot continue one too."
                : string.IsNullOrEmpty(ConversationId) ? "-ConversationId is empty: give the ConversationId of an earlier answer, or -NewConversation to start one." : null;
            if (problem is not null)
            {
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException(problem), "InvalidConversationId", ErrorCategory.InvalidArgument, ConversationId));
            }
        }

        if (!Stream && MyInvocation.BoundParameters.ContainsKey(nameof(IdleTimeoutSec)))
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-IdleTimeoutSec bounds the wait between the events of a streamed answer: give it with -Stream."), "IdleTimeoutWithoutStream", ErrorCategory.InvalidArgument, IdleTimeoutSec));
        }

        base.BeginProcessing();
        _json = ParameterSetName == BodySet ? BodyJson(Body) : null;
        if (Stream && _json is not null && !HasMessage(_json))
        {
            // The runtime refuses a streamed invoke without "message" (400 message is required): say so before sending.
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Stream needs a body with a 'message' field: the streamed route answers only a message. Leave out -Stream to send this body."), "StreamNeedsMessage", ErrorCategory.InvalidArgument, Body));
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        // Each invoke keeps its agent's connection: piped agents may come from different platforms.
        foreach (var (agent, value) in _agents!.Exact(InputObject))
        {
            var connection = agent.Connection;
            var conversation = NewConversation ? NewConversationWith(agent, connection) : string.IsNullOrEmpty(ConversationId) ? null : ConversationId;
            var json = _json ?? MessageJson(Message ?? value ?? MessageRequired(agent, connection), conversation);
            if (Stream)
            {
                InvokeStreamed(agent.Namespace ?? string.Empty, agent.Name, agent.Namespace, connection, conversation, json);
                continue;
            }

            _inFlight.Add((agent.Namespace ?? string.Empty, agent.Name, connection, conversation, connection.Client.InvokeAgentAsync(agent.Namespace, agent.Name, json, Requests, StopToken)));
            while (_inFlight.Count >= ThrottleLimit)
            {
                WriteNextAnswer();
            }
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

    /// <summary>One new conversation per agent, which every message of this command to that agent continues.</summary>
    private string NewConversationWith(AgentId agent, RAConnection connection)
    {
        if (!_newConversations.TryGetValue((connection, agent.ToString()), out var id))
        {
            id = Guid.NewGuid().ToString();
            _newConversations.Add((connection, agent.ToString()), id);
        }

        return id;
    }

    private string MessageRequired(AgentId agent, RAConnection connection)
    {
        // Before any request: an agent piped without a message must never be sent its own name as the message.
        // On v1, "Invoke-RAAgent fraud-detector hi" binds the agent to -Namespace and the message to -Name: say so.
        var shifted = agent.Source is null && Namespace is not null && Name is { Length: 1 }
            ? AgentArguments.ByNameHint(connection, Namespace, name => $" and '{agent.Name}' the message, write Invoke-RAAgent -Name {AgentArguments.Literal(name)} -Message {AgentArguments.Literal(agent.Name)}")
            : string.Empty;
        ThrowTerminatingError(new ErrorRecord(
            new PSArgumentException("Invoke-RAAgent needs a message: give -Message, the message as a positional value after the agent, or pipe the text in; or a whole -Body." + shifted),
            "MessageRequired",
            ErrorCategory.InvalidArgument,
            null));
        return null!;
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

        var (ns, name, connection, conversation, answer) = _inFlight[index];
        var target = AgentPath.Identity(ns, name);
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

        WriteAnswer(ns, name, connection, conversation, result);
    }

    /// <summary>Writes one whole answer: its text with -Raw, else the response object, with a warning for a pause.</summary>
    private void WriteAnswer(string ns, string name, RAConnection connection, string? conversation, InvokeResult result)
    {
        var target = AgentPath.Identity(ns, name);
        if (Raw)
        {
            WriteObject(ServerText.Clean(result.Body));
            return;
        }

        var response = AgentAnswer.Read(ns, name, result);

        // An agent that does not echo the conversation id still answered in the conversation that was sent.
        response.ConversationId ??= conversation;
        WritePause(target, response);
        WriteFromPlatform(response, connection);
    }

    /// <summary>The warning of an answer that waits for a human: approval or consent, with the ids to act on.</summary>
    private void WritePause(string target, AgentResponse response)
    {
        if (response.ApprovalRequired)
        {
            var tool = response.Tool is null ? "a tool call" : $"its call of tool '{response.Tool}'";
            var next = response.RunId is null ? "Get-RAAccessRequest -ActionId " + response.ActionId : "pipe the answer to Approve-RAAccessRequest, then to Wait-RARun";
            WriteWarning($"Agent '{target}' is waiting for approval of {tool} (action '{response.ActionId}'{(response.RunId is null ? string.Empty : $", run '{response.RunId}'")}). To let it finish: {next}.");
        }
        else if (response.ConsentRequired)
        {
            var where = response.AuthorizationUrl is null ? string.Empty : $": the user must open {response.AuthorizationUrl}";
            WriteWarning($"Agent '{target}' is waiting for the user's consent to {(response.Tool is null ? "a tool call" : $"tool '{response.Tool}'")} (action '{response.ActionId}'){where}.");
        }
    }
}
