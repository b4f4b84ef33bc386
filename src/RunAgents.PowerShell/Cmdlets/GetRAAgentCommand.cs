using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Lists the agents of a RunAgents platform, or gets one by namespace and name.</summary>
[Cmdlet(VerbsCommon.Get, "RAAgent")]
[OutputType(typeof(Agent))]
[OutputType(typeof(string))]
public sealed class GetRAAgentCommand : RunAgentsCmdlet
{
    /// <summary>The namespaces to get agents from; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateAgentName]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string[]? Namespace { get; set; }

    /// <summary>The names of the agents to get; wildcards allowed.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateAgentName]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only agents in these phases (Pending, Running, Failed); wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseCompleter))]
    public string[]? Phase { get; set; }

    /// <summary>Writes each agent's JSON text as the server sent it instead of an agent object.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <summary>The timeout of each request in seconds, instead of the connection's.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; }

    /// <summary>How many times to retry a transient failure, instead of the connection's setting.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetryCount { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        WarnOfUndocumentedPhases(Phase);
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var phases = Patterns(Phase);
        if (IsExact(Namespace) && IsExact(Name))
        {
            foreach (var ns in Namespace!)
            {
                foreach (var name in Name!)
                {
                    GetOne(ns, name, phases);
                }
            }

            return;
        }

        List(Patterns(Namespace), Patterns(Name), phases);
    }

    private void GetOne(string ns, string name, WildcardPattern[] phases)
    {
        var connection = ActiveConnection;
        Agent agent;
        try
        {
            agent = Await(connection.Client.GetAgentAsync(ns, name, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot get agent", ns + "/" + name);
            return;
        }

        if (Matches(phases, agent.Phase))
        {
            Write(agent, connection);
        }
    }

    private void List(WildcardPattern[] namespaces, WildcardPattern[] names, WildcardPattern[] phases)
    {
        // An exact name that matches nothing is an error, as with Get-Process; a wildcard is not.
        var unmatched = new HashSet<string>(
            (Name ?? Enumerable.Empty<string>()).Where(n => !WildcardPattern.ContainsWildcardCharacters(n)),
            System.StringComparer.OrdinalIgnoreCase);
        var connection = ActiveConnection;
        try
        {
            var agents = Raw ? connection.Client.ListAgentsWithJsonAsync(Requests, StopToken) : connection.Client.ListAgentsAsync(Requests, StopToken);
            foreach (var agent in AwaitEach(agents))
            {
                if (!Matches(namespaces, agent.Namespace) || !Matches(names, agent.Name))
                {
                    continue;
                }

                if (unmatched.Count > 0)
                {
                    unmatched.Remove(agent.Name);
                }

                if (Matches(phases, agent.Phase))
                {
                    Write(agent, connection);
                }
            }
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot list agents of", connection.Uri);
            return;
        }

        foreach (var name in unmatched)
        {
            var where = Namespace is { Length: > 0 } ? $" in namespace '{string.Join("', '", Namespace)}'" : string.Empty;
            WriteError(new ErrorRecord(
                new ItemNotFoundException($"Cannot find an agent named '{name}'{where}."),
                "AgentNotFound",
                ErrorCategory.ObjectNotFound,
                name));
        }
    }

    /// <summary>Writes the agent, or under -Raw its JSON text.</summary>
    private void Write(Agent agent, RAConnection connection)
    {
        if (Raw)
        {
            WriteObject(agent.Json);
        }
        else
        {
            WriteFromPlatform(agent, connection);
        }
    }

    private static bool IsExact(string[]? values) =>
        values is { Length: > 0 } && values.All(v => !WildcardPattern.ContainsWildcardCharacters(v));

    private static WildcardPattern[] Patterns(string[]? values) =>
        values is null ? System.Array.Empty<WildcardPattern>() : values.Select(v => WildcardPattern.Get(v, WildcardOptions.IgnoreCase)).ToArray();

    private static bool Matches(WildcardPattern[] patterns, string? value)
    {
        if (patterns.Length == 0)
        {
            return true;
        }

        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(value ?? string.Empty))
            {
                return true;
            }
        }

        return false;
    }
}
