using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>What an invoke needs to know about its agent.</summary>
/// <param name="Phase">status.phase.</param>
/// <param name="Model">A detached copy of spec.llmConfig.model.</param>
/// <param name="FirstTool">The first required tool: the one a scripted pause waits on.</param>
/// <param name="Policies">The policies the agent is bound to.</param>
internal sealed record InvokeInfo(string? Phase, JsonNode? Model, string? FirstTool, IReadOnlyList<string> Policies);
