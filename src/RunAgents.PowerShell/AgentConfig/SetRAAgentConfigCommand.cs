using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Changes the config of running agents without a redeploy: reads it, changes what the parameters (or a document) name,
/// keeps the rest, and writes the fields that changed; an unchanged config sends no write.
/// </summary>
[Cmdlet(VerbsCommon.Set, "RAAgentConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "Set-RAAgentConfig.md")]
[OutputType(typeof(AgentConfig))]
public sealed class SetRAAgentConfigCommand : AgentConfigCmdlet
{
    /// <summary>The roles a model may have in an agent.</summary>
    internal static readonly string[] Roles = { "chat", "embedding", "classify", "reranking" };

    private AgentArguments? _agents;
    private List<(string Role, string Provider, string Model)>? _models;
    private bool _namedOnCommandLine;

    /// <summary>The namespaces of the agents, or agents as <c>namespace/name</c>; checked against the agent's where the platform finds agents by name.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string[]? Namespace { get; set; }

    /// <summary>The names of the agents, or agents as <c>namespace/name</c>.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(AgentNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>
    /// The agents (from Get-RAAgent), their configs (from Get-RAAgentConfig: what it holds is applied), or a document
    /// of the fields to change (<c>system_prompt</c>, <c>identity_provider</c>, <c>llm_configs</c>, <c>required_tools</c>,
    /// <c>policies</c>) as a hashtable, JSON text or the output of ConvertFrom-Json.
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject[]? InputObject { get; set; }

    /// <summary>The system prompt the agent runs with.</summary>
    [Parameter]
    [AllowEmptyString]
    [ValidateNotNull]
    public string? SystemPrompt { get; set; }

    /// <summary>The identity provider the agent's users sign in with; an empty string removes it.</summary>
    [Parameter]
    [AllowEmptyString]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
    public string? IdentityProvider { get; set; }

    /// <summary>The tools the agent may call, replacing the ones it has; an empty list removes them all.</summary>
    [Parameter]
    [AllowEmptyCollection]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ToolCompleter))]
    public string[]? Tool { get; set; }

    /// <summary>Tools to add to the ones the agent has.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ToolCompleter))]
    public string[]? AddTool { get; set; }

    /// <summary>Tools to take from the ones the agent has.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ToolCompleter))]
    public string[]? RemoveTool { get; set; }

    /// <summary>The policies bound to the agent, replacing the ones it has; an empty list unbinds them all.</summary>
    [Parameter]
    [AllowEmptyCollection]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(PolicyCompleter))]
    public string[]? Policy { get; set; }

    /// <summary>Policies to bind beside the ones the agent has.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PolicyCompleter))]
    public string[]? AddPolicy { get; set; }

    /// <summary>Policies to unbind.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PolicyCompleter))]
    public string[]? RemovePolicy { get; set; }

    /// <summary>Models as <c>role=provider/model</c> (<c>chat=openai/gpt-4o</c>): each sets that role's model and keeps the other roles.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AgentModelCompleter))]
    public string[]? Model { get; set; }

    /// <summary>The monthly budget in US dollars of the model of -Role.</summary>
    [Parameter]
    public decimal MonthlyBudgetUsd { get; set; }

    /// <summary>With -MonthlyBudgetUsd: the role whose model's budget it is (chat, embedding, classify or reranking).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Role { get; set; }

    /// <summary>Writes each agent's config as the platform has it afterwards, changed or not.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Applies a config read earlier although the platform's copy has changed since.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private bool BudgetGiven => MyInvocation.BoundParameters.ContainsKey(nameof(MonthlyBudgetUsd));

    private bool EditsGiven =>
        SystemPrompt is not null || IdentityProvider is not null || Tool is not null || AddTool is not null || RemoveTool is not null
        || Policy is not null || AddPolicy is not null || RemovePolicy is not null || Model is not null || BudgetGiven;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        CheckParameters();
        _agents = new AgentArguments(this, Namespace, Name);
        _namedOnCommandLine = Namespace is not null || Name is not null;
        base.BeginProcessing();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            if (!EditsGiven)
            {
                Refuse("NothingToChange", "Say what to change: -SystemPrompt, -IdentityProvider, -Tool, -AddTool, -RemoveTool, -Policy, -AddPolicy, -RemovePolicy, -Model, or -MonthlyBudgetUsd with -Role; or give a document as -InputObject.", null);
            }

            foreach (var (agent, _) in _agents!.Exact(null))
            {
                Apply(agent, null, null);
            }

            return;
        }

        foreach (var item in InputObject)
        {
            var piped = PipedObject.From(item);
            var earlier = item.BaseObject as AgentConfig;
            JsonObject? document = null;
            if (earlier is not null)
            {
                document = AgentConfigChanges.Update(earlier.Document);
            }
            else if (IsDocument(item))
            {
                try
                {
                    document = AgentConfigChanges.Update(DocumentInput.From(item, "the document of the agent config"));
                    AgentConfigChanges.Check(document);
                }
                catch (ArgumentException e)
                {
                    WriteError(new ErrorRecord(e, "InvalidAgentConfig", ErrorCategory.InvalidArgument, item));
                    continue;
                }

                if (document.Count == 0 && !EditsGiven)
                {
                    WriteInvalidInput(piped, "The document names no field of an agent's config to change: system_prompt, identity_provider, llm_configs, required_tools or policies.");
                    continue;
                }
            }
            else if (!EditsGiven && !piped.FromModule)
            {
                WriteInvalidInput(piped, $"{piped.Subject()} is neither an agent nor a document of an agent's config, and no parameter says what to change.");
                continue;
            }
            else if (!EditsGiven)
            {
                WriteInvalidInput(piped, $"Say what to change for {piped.Describe()}: -SystemPrompt, -IdentityProvider, -Tool, -AddTool, -RemoveTool, -Policy, -AddPolicy, -RemovePolicy, -Model, or -MonthlyBudgetUsd with -Role.");
                continue;
            }

            // A document names its agent on the command line, or by its own agent_name and namespace.
            var named = document is not null && earlier is null;
            var agents = named && _namedOnCommandLine
                ? _agents!.Exact(null)
                : _agents!.Exact(new[] { named ? DocumentAgent(item, piped) : Agent(item) });
            foreach (var (agent, _) in agents)
            {
                Apply(agent, document, earlier);
            }
        }
    }

    /// <summary>Reads the config, makes the change, and writes the fields that differ.</summary>
    private void Apply(AgentId agent, JsonObject? document, AgentConfig? earlier)
    {
        var api = Api(agent.Connection);
        if (Read(agent) is not AgentConfig current)
        {
            return;
        }

        var have = AgentConfigChanges.Update(current.Document);
        if (earlier is not null && !Force && AgentConfigChanges.Differences(AgentConfigChanges.Update(earlier.Document), have).Count > 0)
        {
            WriteError(new ErrorRecord(
                new PSInvalidOperationException($"The config of agent '{agent}' changed on {agent.Connection.Uri} since it was read. Read it again (Get-RAAgentConfig '{agent}') and apply your change to that, or pass -Force to write it over the change."),
                "AgentConfigChanged",
                ErrorCategory.ResourceExists,
                agent.ToString()));
            return;
        }

        JsonObject want;
        try
        {
            want = Desired(have, document);
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "InvalidAgentConfig", ErrorCategory.InvalidArgument, agent.ToString()));
            return;
        }

        var changed = AgentConfigChanges.Differences(want, have);
        if (changed.Count == 0)
        {
            WriteVerbose($"Unchanged config of agent '{agent}': it already has what was asked.");
            if (PassThru)
            {
                WriteFromPlatform(current, agent.Connection);
            }

            return;
        }

        var body = new JsonObject();
        foreach (var (field, _) in changed)
        {
            body[field] = want[field]?.DeepClone();
        }

        var what = string.Join("; ", changed.Select(c => c.Detail));
        if (!ShouldProcess(OnPlatform($"agent '{agent}'", agent.Connection), $"Update agent config (changed: {what})"))
        {
            return;
        }

        AgentConfig updated;
        try
        {
            updated = Await(api.UpdateAsync(agent.Namespace, agent.Name, body, Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (api.NotSupported(e))
        {
            WriteError(NotSupported(agent, e, "PUT"));
            return;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot update the config of agent", agent.ToString());
            return;
        }

        WriteVerbose($"Updated the config of agent '{agent}': {what}.");
        if (PassThru)
        {
            WriteFromPlatform(updated, agent.Connection);
        }
    }

    /// <summary>The update fields as they should be: the current ones, the document's on top, then the parameters' changes.</summary>
    private JsonObject Desired(JsonObject have, JsonObject? document)
    {
        var want = (JsonObject)have.DeepClone();
        foreach (var pair in document ?? new JsonObject())
        {
            want[pair.Key] = pair.Value?.DeepClone();
        }

        if (SystemPrompt is not null)
        {
            want["system_prompt"] = SystemPrompt;
        }

        if (IdentityProvider is not null)
        {
            want["identity_provider"] = IdentityProvider;
        }

        want["required_tools"] = Edited(AgentConfigChanges.Names(want["required_tools"]), Tool, AddTool, RemoveTool);
        want["policies"] = Edited(AgentConfigChanges.Names(want["policies"]), Policy, AddPolicy, RemovePolicy);
        if (_models is not null || BudgetGiven)
        {
            want["llm_configs"] = Models(want["llm_configs"] as JsonArray ?? new JsonArray());
        }

        return want;
    }

    /// <summary>The llm_configs with -Model's roles set and -MonthlyBudgetUsd's role's budget, the other roles kept.</summary>
    private JsonArray Models(JsonArray configs)
    {
        var result = (JsonArray)configs.DeepClone();
        JsonObject? ForRole(string role) => result.OfType<JsonObject>().FirstOrDefault(c => string.Equals(Text(c["role"]) ?? "chat", role, StringComparison.OrdinalIgnoreCase));
        foreach (var (role, provider, model) in _models ?? new List<(string, string, string)>())
        {
            var entry = ForRole(role);
            if (entry is null)
            {
                entry = new JsonObject { ["role"] = role };
                result.Add(entry);
            }

            // The entry names the registered provider; a type left from another provider would contradict it.
            if (!string.Equals(Text(entry["model_provider"]), provider, StringComparison.Ordinal))
            {
                entry.Remove("provider");
            }

            entry["model_provider"] = provider;
            entry["model"] = model;
        }

        if (BudgetGiven)
        {
            var entry = ForRole(Role!);
            if (entry is null)
            {
                var roles = result.OfType<JsonObject>().Select(c => Text(c["role"]) ?? "chat").ToList();
                throw new ArgumentException($"The agent has no model in the role '{Role}', so -MonthlyBudgetUsd has nothing to cap: its roles are {(roles.Count == 0 ? "none" : string.Join(", ", roles))}. Give one of them as -Role, or add a model in that role with -Model {Role}=provider/model.");
            }

            entry["monthly_budget_usd"] = MonthlyBudgetUsd;
        }

        return result;
    }

    private static JsonArray Edited(List<string> have, string[]? replace, string[]? add, string[]? remove)
    {
        var list = replace is not null ? replace.Distinct(StringComparer.Ordinal).ToList() : have;
        foreach (var item in add ?? Array.Empty<string>())
        {
            if (!list.Contains(item, StringComparer.Ordinal))
            {
                list.Add(item);
            }
        }

        list.RemoveAll(i => remove?.Contains(i, StringComparer.Ordinal) == true);
        return new JsonArray(list.Select(i => (JsonNode?)i).ToArray());
    }

    /// <summary>True for an object that is a document of the config's fields rather than an agent.</summary>
    private static bool IsDocument(PSObject item)
    {
        switch (item.BaseObject)
        {
            case string text:
                return text.TrimStart().StartsWith("{", StringComparison.Ordinal);
            case System.Collections.IDictionary:
                return true;
            case PSCustomObject:
                // The API's field names, exactly: a copy of a config (Select-Object, Import-Clixml) has Policies, and is its agent.
                return item.Properties.Any(p => p.Name == "agent_name" || Array.IndexOf(AgentConfig.UpdateFields, p.Name) >= 0);
            default:
                return false;
        }
    }

    /// <summary>The agent a document names by its own <c>agent_name</c> and <c>namespace</c>, as an object the agent arguments read.</summary>
    private static PSObject DocumentAgent(PSObject item, PipedObject piped)
    {
        JsonObject fields;
        try
        {
            fields = DocumentInput.From(item, "the document of the agent config");
        }
        catch (ArgumentException)
        {
            fields = new JsonObject();
        }

        var named = new PSObject();
        named.Properties.Add(new PSNoteProperty("Namespace", Text(fields["namespace"])));
        named.Properties.Add(new PSNoteProperty("Name", Text(fields["agent_name"]) ?? piped.Text("Name")));
        return named;
    }

    /// <summary>Refuses parameters that contradict each other or cannot be sent, before any request.</summary>
    private void CheckParameters()
    {
        foreach (var (replace, add, remove, noun) in new[] { (Tool, AddTool, RemoveTool, "Tool"), (Policy, AddPolicy, RemovePolicy, "Policy") })
        {
            if (replace is not null && (add is not null || remove is not null))
            {
                Refuse("ConflictingParameters", $"-{noun} replaces the agent's list, so -Add{noun} and -Remove{noun} cannot go with it: give the whole list as -{noun}, or the changes as -Add{noun} and -Remove{noun}.", noun);
            }

            var both = (add ?? Array.Empty<string>()).Intersect(remove ?? Array.Empty<string>(), StringComparer.Ordinal).ToList();
            if (both.Count > 0)
            {
                Refuse("ConflictingParameters", $"'{string.Join("', '", both)}' is given to both -Add{noun} and -Remove{noun}.", both[0]);
            }

            if ((replace ?? Array.Empty<string>()).Concat(add ?? Array.Empty<string>()).Concat(remove ?? Array.Empty<string>()).FirstOrDefault(n => AgentPath.Problem(n) is not null) is { } bad)
            {
                Refuse("InvalidName", $"'{ValidateAgentNameAttribute.Printable(bad)}' cannot be the name of a {noun.ToLowerInvariant()}: {AgentPath.Problem(bad)}.", bad);
            }
        }

        if (Model is not null)
        {
            _models = new List<(string, string, string)>();
            foreach (var text in Model)
            {
                var equals = text.IndexOf('=');
                var slash = equals < 0 ? -1 : text.IndexOf('/', equals);
                if (equals <= 0 || slash <= equals + 1 || slash == text.Length - 1)
                {
                    Refuse("InvalidModel", $"-Model '{ValidateAgentNameAttribute.Printable(text)}' must be 'role=provider/model', such as 'chat=openai/gpt-4o', where provider is a registered model provider's name.", text);
                }

                var role = text.Substring(0, equals).Trim();
                if (!Roles.Contains(role, StringComparer.OrdinalIgnoreCase))
                {
                    Refuse("InvalidModel", $"-Model '{ValidateAgentNameAttribute.Printable(text)}' names the role '{ValidateAgentNameAttribute.Printable(role)}', which is not one of {string.Join(", ", Roles)}.", text);
                }

                role = role.ToLowerInvariant();
                if (_models.Any(m => m.Item1 == role))
                {
                    Refuse("InvalidModel", $"-Model gives the role '{role}' twice: an agent has one model per role.", text);
                }

                _models.Add((role, text.Substring(equals + 1, slash - equals - 1).Trim(), text.Substring(slash + 1).Trim()));
            }
        }

        if (BudgetGiven && Role is null)
        {
            Refuse("RoleRequired", "-MonthlyBudgetUsd caps the model of one role: give -Role too (chat, embedding, classify or reranking).", MonthlyBudgetUsd);
        }

        if (Role is not null && !BudgetGiven)
        {
            Refuse("InvalidArgument", "-Role says whose budget -MonthlyBudgetUsd sets: give -MonthlyBudgetUsd too, or set a role's model with -Model role=provider/model.", Role);
        }

        if (Role is not null && !Roles.Contains(Role, StringComparer.OrdinalIgnoreCase))
        {
            Refuse("InvalidRole", $"-Role '{ValidateAgentNameAttribute.Printable(Role)}' is not a role a model can have: give chat, embedding, classify or reranking.", Role);
        }

        Role = Role?.ToLowerInvariant();
        if (BudgetGiven && MonthlyBudgetUsd < 0)
        {
            Refuse("InvalidBudget", $"-MonthlyBudgetUsd {MonthlyBudgetUsd.ToString(CultureInfo.InvariantCulture)} is negative: a budget is 0 or more US dollars.", MonthlyBudgetUsd);
        }

        if (IdentityProvider is { Length: > 0 } provider && AgentPath.Problem(provider) is string problem)
        {
            Refuse("InvalidName", $"'{ValidateAgentNameAttribute.Printable(provider)}' cannot be the name of an identity provider: {problem}.", provider);
        }
    }

    private void Refuse(string id, string message, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new PSArgumentException(message), id, ErrorCategory.InvalidArgument, target));

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
