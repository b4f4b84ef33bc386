using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>What the platform does around an invoke: opens the run, pauses it for a human, resumes or fails it (spec section 5).</summary>
internal sealed class RunFlows(MockState state)
{
    /// <summary>The end user every mock invoke acts for.</summary>
    public const string EndUser = "user@example.com";

    /// <summary>Who approves or rejects through the API.</summary>
    public const string Approver = "admin@example.com";

    /// <summary>A run that ran to its end: the agent answered <paramref name="answer"/>.</summary>
    public Run Completed(Invocation invocation, string answer) => state.Runs.Create(
        NewRun(invocation, Run.Completed),
        [.. Opening(invocation), InvokeRequested(invocation), AgentMessage(answer), Finished()]);

    /// <summary>
    /// A RUNNING run that does <paramref name="steps"/> tool calls over time: a batch of TOOL_CALLED events every
    /// resume delay (at once when it is 0), then AGENT_MESSAGE and COMPLETED; for clients that follow a run.
    /// </summary>
    public Run Working(Invocation invocation, int steps, int batch)
    {
        Run run = state.Runs.Create(NewRun(invocation, Run.Running), [.. Opening(invocation), InvokeRequested(invocation)]);
        var done = 0;
        void Next()
        {
            int count = Math.Min(batch, steps - done);
            var events = new RunStep[count];
            for (var i = 0; i < count; i++)
            {
                done++;
                events[i] = new RunStep("TOOL_CALLED", "agent", new JsonObject { ["tool_id"] = "search", ["step"] = done, ["status_code"] = 200 });
            }

            if (done >= steps)
            {
                state.Runs.Transition(run.Id, Run.Running, Run.Completed, [.. events, AgentMessage($"Finished {steps} steps."), Finished()]);
            }
            else if (state.Runs.Transition(run.Id, Run.Running, Run.Running, events))
            {
                state.Scheduler.After(state.Delays.ResumeMs, Next);
            }
        }

        state.Scheduler.After(state.Delays.ResumeMs, Next);
        return run;
    }

    /// <summary>A run whose agent answered an error status.</summary>
    public Run Failed(Invocation invocation, int status, string error) => state.Runs.Create(
        NewRun(invocation, Run.Failed),
        [
            .. Opening(invocation),
            InvokeRequested(invocation),
            new RunStep("INVOKE_FAILED", "platform", new JsonObject { ["status_code"] = status, ["error"] = error }),
            new RunStep("FAILED", "platform", new JsonObject { ["error"] = error }),
        ]);

    /// <summary>A run paused on <paramref name="tool"/> with a PENDING access request for the same action; approving it finishes with "Refund issued for: <paramref name="work"/>".</summary>
    public (Run Run, AccessRequest Request) PauseForApproval(Invocation invocation, string tool, string work)
    {
        Run run = NewRun(invocation, Run.PausedApproval);
        run.BlockedActionId = invocation.ActionId;
        run.PendingTool = tool;
        run.PendingAnswer = "Refund issued for: " + work;
        Run stored = state.Runs.Create(run,
        [
            .. Opening(invocation),
            ToolRequest(tool, invocation.ActionId),
            new RunStep("APPROVAL_REQUIRED", "platform", new JsonObject
            {
                ["tool_id"] = tool,
                ["action_id"] = invocation.ActionId,
                ["message"] = $"Calling {tool} needs approval (action {invocation.ActionId}).",
            }),
        ]);
        AccessRequest request = state.AccessRequests.Add(new AccessRequest
        {
            Subject = EndUser,
            AgentId = invocation.Agent.Name,
            ToolId = tool,
            ActionId = invocation.ActionId,
            RunId = stored.Id,
        });
        return (stored, request);
    }

    /// <summary>A run paused until the user grants <paramref name="tool"/> access at <paramref name="authorizationUrl"/>.</summary>
    public Run PauseForConsent(Invocation invocation, string tool, string authorizationUrl)
    {
        Run run = NewRun(invocation, Run.PausedConsent);
        run.BlockedActionId = invocation.ActionId;
        run.PendingTool = tool;
        return state.Runs.Create(run,
        [
            .. Opening(invocation),
            ToolRequest(tool, invocation.ActionId),
            new RunStep("CONSENT_REQUIRED", "platform", new JsonObject
            {
                ["tool_id"] = tool,
                ["action_id"] = invocation.ActionId,
                ["authorization_url"] = authorizationUrl,
                ["message"] = $"The user must allow {tool} (action {invocation.ActionId}).",
            }),
        ]);
    }

    /// <summary>After an approval: APPROVED now; RESUMED and TOOL_CALLED (RUNNING) after the resume delay; AGENT_MESSAGE and COMPLETED after another.</summary>
    public void Approved(AccessRequest request)
    {
        if (PausedRunOf(request) is not Run run)
        {
            return;
        }

        var approved = new RunStep("APPROVED", request.ApproverId ?? Approver, new JsonObject
        {
            ["action_id"] = request.ActionId,
            ["approver_id"] = request.ApproverId,
            ["scope"] = request.Scope,
        });
        if (!state.Runs.Transition(run.Id, Run.PausedApproval, Run.PausedApproval, approved))
        {
            return;
        }

        string tool = run.PendingTool ?? request.ToolId ?? "tool";
        string answer = run.PendingAnswer ?? "The approved action is done.";
        state.Scheduler.After(state.Delays.ResumeMs, () =>
        {
            bool resumed = state.Runs.Transition(run.Id, Run.PausedApproval, Run.Running,
                new RunStep("RESUMED", "platform", new JsonObject { ["action_id"] = request.ActionId }),
                new RunStep("TOOL_CALLED", "agent", new JsonObject { ["tool_id"] = tool, ["action_id"] = request.ActionId, ["status_code"] = 200 }));
            if (resumed)
            {
                state.Scheduler.After(state.Delays.ResumeMs, () =>
                    state.Runs.Transition(run.Id, Run.Running, Run.Completed, AgentMessage(answer), Finished()));
            }
        });
    }

    /// <summary>After a rejection: the paused run fails at once.</summary>
    public void Rejected(AccessRequest request)
    {
        if (PausedRunOf(request) is Run run)
        {
            state.Runs.Transition(run.Id, Run.PausedApproval, Run.Failed,
                new RunStep("REJECTED", request.ApproverId ?? Approver, new JsonObject
                {
                    ["action_id"] = request.ActionId,
                    ["approver_id"] = request.ApproverId,
                    ["reason"] = request.Reason,
                }),
                new RunStep("FAILED", "platform", new JsonObject { ["error"] = $"access to {request.ToolId} was rejected" }));
        }
    }

    // A request moves only the run it blocks: same run id and, when both name one, the same action.
    private Run? PausedRunOf(AccessRequest request)
    {
        Run? run = request.RunId is null ? null : state.Runs.Find(request.RunId);
        return run is { Status: Run.PausedApproval } && (run.BlockedActionId is null || request.ActionId is null || run.BlockedActionId == request.ActionId)
            ? run
            : null;
    }

    private static Run NewRun(Invocation invocation, string status) => new()
    {
        AgentId = invocation.Agent.Name,
        Namespace = invocation.Agent.Namespace,
        UserId = EndUser,
        InitialMessage = invocation.Message,
        ConversationId = invocation.ConversationId,
        Status = status,
        InvokeUrl = invocation.InvokeUrl,
    };

    private static RunStep[] Opening(Invocation invocation) =>
    [
        new("RUN_CREATED", "platform", new JsonObject { ["agent_id"] = invocation.Agent.Name, ["namespace"] = invocation.Agent.Namespace }),
        new("USER_MESSAGE", "user", new JsonObject { ["content"] = invocation.Message }),
    ];

    private static RunStep InvokeRequested(Invocation invocation) =>
        new("INVOKE_REQUESTED", "platform", new JsonObject { ["invoke_url"] = invocation.InvokeUrl });

    private static RunStep ToolRequest(string tool, string actionId) =>
        new("TOOL_REQUEST", "agent", new JsonObject { ["tool_id"] = tool, ["action_id"] = actionId });

    private static RunStep AgentMessage(string answer) => new("AGENT_MESSAGE", "agent", new JsonObject { ["content"] = answer });

    private static RunStep Finished() => new("COMPLETED", "platform", new JsonObject { ["summary"] = "run completed" });
}

/// <summary>One invoke as the run flows see it.</summary>
/// <param name="Agent">The agent invoked.</param>
/// <param name="Message">The user's message.</param>
/// <param name="ConversationId">The conversation, as text.</param>
/// <param name="InvokeUrl">The URL that was invoked.</param>
/// <param name="ActionId">The id any pause of this invoke blocks on.</param>
internal sealed record Invocation(AgentKey Agent, string Message, string? ConversationId, string InvokeUrl, string ActionId);
