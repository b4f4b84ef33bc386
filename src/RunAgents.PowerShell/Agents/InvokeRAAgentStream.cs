using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Invoke-RAAgent -Stream: the answer as the agent writes it.</summary>
public sealed partial class InvokeRAAgentCommand
{
    /// <summary>The tag of the information records that carry the content deltas of a streamed answer.</summary>
    internal const string DeltaTag = "RunAgents.Delta";

    /// <summary>The tag of the information records that tell a streamed answer's tool calls.</summary>
    internal const string ToolCallTag = "RunAgents.ToolCall";

    private bool? _liveHost;

    /// <summary>The length of the answer's text when its line was last ended on the console, so that it is ended once.</summary>
    private int _lineEndedAt = -1;

    /// <summary>
    /// True when deltas may be written to the host as they come (Write-Host's way): a console whose output is not
    /// redirected. A runbook whose output is redirected gets them only as information records (6>), so that its
    /// standard output holds the pipeline's objects and nothing else.
    /// </summary>
    private bool LiveHost => _liveHost ??= !(string.Equals(Host.Name, "ConsoleHost", StringComparison.Ordinal) && Console.IsOutputRedirected)
        && !string.Equals(Host.Name, "Default Host", StringComparison.Ordinal);

    private void InvokeStreamed(string ns, string name, string? nsGiven, RAConnection connection, string? conversation, string json)
    {
        var target = AgentPath.Identity(ns, name);
        var text = new StringBuilder();
        var tools = new List<string>();
        var events = 0;
        AgentStreamEvent? pause = null;
        string? model = null;
        string? requestId = null;
        _lineEndedAt = -1;
        var progress = new ProgressRecord(0x5A, $"Invoking {target}", "Waiting for the first event");
        var showing = false;
        try
        {
            foreach (var item in AwaitEach(connection.Client.InvokeAgentStreamAsync(nsGiven, name, json, TimeSpan.FromSeconds(IdleTimeoutSec), Requests, StopToken)))
            {
                events++;
                switch (item.Type)
                {
                    case "start":
                        requestId = item.RequestId;
                        break;
                    case "answer":
                        // The route answered at once, not as a stream: read as the plain invoke reads it.
                        WriteAnswer(ns, name, connection, conversation, item.Answer!);
                        return;
                    case "content" when !string.IsNullOrEmpty(item.Delta):
                        if (showing)
                        {
                            // The bar would be drawn over the text as it comes: it shows only while no text comes.
                            EndProgress(progress);
                            showing = false;
                        }

                        text.Append(item.Delta);
                        WriteDelta(item.Delta!);
                        break;
                    case "tool_call":
                        tools.Add(item.Tool ?? "?");
                        progress = new ProgressRecord(0x5A, $"Invoking {target}", $"Calling tool '{item.Tool}'");
                        WriteProgress(progress);
                        showing = true;
                        WriteInformation(new InformationRecord($"Agent '{target}' calls tool '{item.Tool}'{(item.Detail is null ? string.Empty : " with " + item.Detail)}", ToolCallTag) { Tags = { ToolCallTag } });
                        break;
                    case "tool_result":
                        WriteVerbose($"Tool '{item.Tool}' answered agent '{target}': {item.Detail}");
                        break;
                    case "approval_required" or "consent_required":
                        pause = item;
                        break;
                    case "error":
                        // The error's text starts a line of its own, not after the answer's last words.
                        EndLine(text);
                        WriteError(new ErrorRecord(
                            new InvalidOperationException($"Agent '{target}' failed while answering: {item.Message ?? "the stream reported an error without a message"}."),
                            "AgentStreamError",
                            ErrorCategory.InvalidResult,
                            target));
                        break;
                    case "done":
                        model = item.Model;
                        break;
                }
            }
        }
        catch (RunAgentsApiException e) when (events == 0 && e.Failure == ApiFailure.HttpStatus && e.StatusCode is 404 or 405)
        {
            WriteWarning($"The platform has no streamed invoke for agent '{target}' ({e.StatusCode} from {e.RequestUri.AbsolutePath}): invoking it without streaming.");
            InvokeWhole(ns, name, nsGiven, connection, conversation, json);
            return;
        }
        catch (RunAgentsApiException e)
        {
            EndLine(text);
            WriteApiError(e, "Cannot invoke agent", target, fromAgent: true);
            return;
        }
        finally
        {
            if (showing)
            {
                EndProgress(progress);
            }
        }

        EndLine(text);
        if (Raw)
        {
            return;
        }

        var whole = text.ToString();
        var response = new AgentResponse
        {
            Namespace = ns,
            Name = name,
            StatusCode = 200,
            ContentType = "text/event-stream",
            Response = whole,
            Body = whole,
            RawBody = whole,
            Model = model,
            RequestId = requestId,
            ConversationId = conversation,
            ToolCalls = new JoinedList<string>(tools, ", "),
        };
        if (pause is not null)
        {
            response.ApprovalRequired = pause.Type == "approval_required";
            response.ConsentRequired = pause.Type == "consent_required";
            response.ActionId = pause.ActionId;
            response.RunId = pause.RunId;
            response.Tool = pause.Tool;
            response.AuthorizationUrl = response.ConsentRequired ? pause.Detail : null;
            WritePause(target, response);
        }

        WriteFromPlatform(response, connection);
    }

    private void EndProgress(ProgressRecord progress)
    {
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
    }

    /// <summary>The plain invoke, for a platform without the streamed route.</summary>
    private void InvokeWhole(string ns, string name, string? nsGiven, RAConnection connection, string? conversation, string json)
    {
        InvokeResult result;
        try
        {
            result = Await(connection.Client.InvokeAgentAsync(nsGiven, name, json, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot invoke agent", AgentPath.Identity(ns, name), fromAgent: true);
            return;
        }

        WriteAnswer(ns, name, connection, conversation, result);
    }

    /// <summary>One delta: to the pipeline with -Raw; else to the console as it comes, or to the information stream when output is redirected.</summary>
    private void WriteDelta(string delta)
    {
        if (Raw)
        {
            WriteObject(delta);
            return;
        }

        if (LiveHost)
        {
            WriteInformation(new InformationRecord(new HostInformationMessage { Message = delta, NoNewLine = true }, DeltaTag) { Tags = { "PSHOST", DeltaTag } });
        }
        else
        {
            WriteInformation(new InformationRecord(delta, DeltaTag) { Tags = { DeltaTag } });
        }
    }

    /// <summary>Ends the console's line after deltas written to it, so that what follows starts on its own line.</summary>
    private void EndLine(StringBuilder text)
    {
        if (!Raw && LiveHost && text.Length > 0 && text[text.Length - 1] != '\n' && _lineEndedAt != text.Length)
        {
            _lineEndedAt = text.Length;
            WriteInformation(new InformationRecord(new HostInformationMessage { Message = string.Empty }, DeltaTag) { Tags = { "PSHOST", DeltaTag } });
        }
    }

    /// <summary>True when a body's JSON is an object with a string <c>message</c>, which the streamed route requires.</summary>
    private static bool HasMessage(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == System.Text.Json.JsonValueKind.String;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
