namespace RunAgents.PowerShell.Models;

/// <summary>The types of run events the platform documents.</summary>
/// <remarks>
/// The API reference and the operations guide name some of them differently (TOOL_CALLED and TOOL_CALL, APPROVED and
/// APPROVAL_GRANTED); both vocabularies are here, so that neither is warned about or summarized as unknown.
/// </remarks>
public static class RunEventType
{
    /// <summary>The run began.</summary>
    public const string RunCreated = "RUN_CREATED";

    /// <summary>The user's message to the agent.</summary>
    public const string UserMessage = "USER_MESSAGE";

    /// <summary>The platform sent the invoke to the agent.</summary>
    public const string InvokeRequested = "INVOKE_REQUESTED";

    /// <summary>The agent answered the invoke.</summary>
    public const string InvokeCompleted = "INVOKE_COMPLETED";

    /// <summary>The agent could not be reached, or answered an error.</summary>
    public const string InvokeFailed = "INVOKE_FAILED";

    /// <summary>The agent called its model.</summary>
    public const string LlmCall = "LLM_CALL";

    /// <summary>The agent asked to call a tool.</summary>
    public const string ToolRequest = "TOOL_REQUEST";

    /// <summary>The agent called a tool.</summary>
    public const string ToolCalled = "TOOL_CALLED";

    /// <summary>The agent called a tool, as the operations guide names it.</summary>
    public const string ToolCall = "TOOL_CALL";

    /// <summary>A tool answered.</summary>
    public const string ToolResponse = "TOOL_RESPONSE";

    /// <summary>A tool call waits for a human's approval.</summary>
    public const string ApprovalRequired = "APPROVAL_REQUIRED";

    /// <summary>A tool call waits for the user's consent.</summary>
    public const string ConsentRequired = "CONSENT_REQUIRED";

    /// <summary>The call was approved.</summary>
    public const string Approved = "APPROVED";

    /// <summary>The call was approved, as the operations guide names it.</summary>
    public const string ApprovalGranted = "APPROVAL_GRANTED";

    /// <summary>The call was denied.</summary>
    public const string Rejected = "REJECTED";

    /// <summary>The call was denied, as the operations guide names it.</summary>
    public const string ApprovalRejected = "APPROVAL_REJECTED";

    /// <summary>The paused run went on.</summary>
    public const string Resumed = "RESUMED";

    /// <summary>The agent answered the user.</summary>
    public const string AgentMessage = "AGENT_MESSAGE";

    /// <summary>Something went wrong.</summary>
    public const string Error = "ERROR";

    /// <summary>The run ended well.</summary>
    public const string Completed = "COMPLETED";

    /// <summary>The run ended in failure.</summary>
    public const string Failed = "FAILED";

    /// <summary>The documented types, in the order a run meets them.</summary>
    public static readonly string[] Known =
    {
        RunCreated, UserMessage, InvokeRequested, InvokeCompleted, InvokeFailed, LlmCall, ToolRequest, ToolCalled, ToolCall,
        ToolResponse, ApprovalRequired, ConsentRequired, Approved, ApprovalGranted, Rejected, ApprovalRejected, Resumed,
        AgentMessage, Error, Completed, Failed,
    };
}
