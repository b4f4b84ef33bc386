using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>What Get- and Set-RAAgentConfig share: the agents piped in, and reading one agent's config with its errors.</summary>
public abstract class AgentConfigCmdlet : RequestCmdlet
{
    /// <summary>
    /// The piped objects as the agent cmdlets read them: a name (or <c>namespace/name</c>) as an object with Namespace
    /// and Name, an agent's config as its agent; the rest as given.
    /// </summary>
    private protected static PSObject[]? Agents(PSObject[]? input) => input?.Select(Agent).ToArray();

    /// <summary>One piped object as an agent: see <see cref="Agents"/>.</summary>
    private protected static PSObject Agent(PSObject item)
    {
        switch (item.BaseObject)
        {
            case string text:
                var slash = text.IndexOf('/');
                var named = new PSObject();
                named.Properties.Add(new PSNoteProperty("Namespace", slash < 0 ? null : text.Substring(0, slash)));
                named.Properties.Add(new PSNoteProperty("Name", slash < 0 ? text : text.Substring(slash + 1)));
                return named;
            case AgentConfig config:
                var agent = new Agent { Namespace = config.Namespace ?? string.Empty, Name = config.Agent };
                ((IFromPlatform)agent).Connection = ((IFromPlatform)config).Connection;
                return PSObject.AsPSObject(agent);
        }

        // An agent's config after Select-Object, Import-Csv or Import-Clixml: its Agent is the agent's name.
        if (item.TypeNames.Any(t => t.EndsWith("RunAgents.PowerShell.Models.AgentConfig", System.StringComparison.Ordinal)) && item.Properties["Agent"]?.Value is { } name)
        {
            var copy = new PSObject();
            copy.Properties.Add(new PSNoteProperty("Namespace", item.Properties["Namespace"]?.Value?.ToString()));
            copy.Properties.Add(new PSNoteProperty("Name", name.ToString()));
            copy.Properties.Add(new PSNoteProperty("Platform", item.Properties["Platform"]?.Value?.ToString()));
            return copy;
        }

        return item;
    }

    /// <summary>The agent's config, or null with the error written: a platform without the route is NotSupportedOnGeneration, not a missing agent.</summary>
    private protected AgentConfig? Read(AgentId agent)
    {
        var api = Api(agent.Connection);
        try
        {
            return Await(api.GetAsync(agent.Namespace, agent.Name, Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (api.NotSupported(e))
        {
            WriteError(NotSupported(agent, e, "GET"));
            return null;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get the config of agent", agent.ToString());
            return null;
        }
    }

    /// <summary>The area of agent config on a connection.</summary>
    private protected static AgentConfigApi Api(RAConnection connection) => new(connection.Transport, connection.Client);

    /// <summary>The error of a platform whose root API answered 404 or 405 to the config route.</summary>
    private protected static ErrorRecord NotSupported(AgentId agent, RunAgentsApiException e, string method) =>
        new(
            new PSNotSupportedException($"The platform at {agent.Connection.Uri} has no agent config: it answered {e.StatusCode} to {method} /api/agents/{agent.Namespace}/{agent.Name}/config, the root API's route for it, which no contract documents. Connect to the platform's v1 API (its URI ending in /api/v1) to read or change an agent's config, or redeploy the agent (Deploy-RAAgent) to change it.", e),
            "NotSupportedOnGeneration",
            ErrorCategory.InvalidOperation,
            agent.ToString());
}
