using System.Collections.Generic;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Completers;

/// <summary>The agents of a platform as completion needs them: identity and phase, kept briefly (see <see cref="CompletionCache"/>).</summary>
internal static class AgentCatalog
{
    /// <summary>The identities and phases of the agents; empty when the service cannot be reached.</summary>
    public static IReadOnlyList<(string Namespace, string Name, string? Phase)> Get(RAConnection connection) =>
        CompletionCache.Get(connection, "agents", static async (c, options, token) =>
        {
            var agents = new List<(string Namespace, string Name, string? Phase)>();
            await foreach (var agent in c.Client.ListAgentsAsync(options, token).ConfigureAwait(false))
            {
                agents.Add((agent.Namespace, agent.Name, agent.Phase));
            }

            return agents;
        });
}
