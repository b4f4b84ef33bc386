using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Creates or updates an agent from an image, source files, an artifact or a draft; -Wait waits until it runs.</summary>
[Cmdlet("Deploy", "RAAgent", DefaultParameterSetName = ImageSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpUris.Docs + "Deploy-RAAgent.md")]
[OutputType(typeof(DeployResult))]
[OutputType(typeof(Agent))]
public sealed class DeployRAAgentCommand : RequestCmdlet
{
    private const string ImageSet = "Image";
    private const string PathSet = "Path";
    private const string ArtifactSet = "Artifact";
    private const string DraftSet = "Draft";
    private const string DocumentSet = "Document";
    private const string CatalogSet = "Catalog";

    private string? _requirements;
    private bool _lines;

    /// <summary>The agent's name; deploying a name that exists updates that agent.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ImageSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ArtifactSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DraftSet)]
    [Parameter(ParameterSetName = DocumentSet)]
    [Parameter(Position = 0, ParameterSetName = CatalogSet)]
    [ValidateAgentName]
    public string? Name { get; set; }

    /// <summary>The namespace; the platform's default when not given (and not used on the v1 API).</summary>
    [Parameter]
    [ValidateAgentName]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>A prebuilt container image to run; with a document or an agent piped in, it replaces what that says the agent runs.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ImageSet)]
    [Parameter(ParameterSetName = DocumentSet)]
    [ValidateNotNullOrEmpty]
    public string? Image { get; set; }

    /// <summary>Source files and folders to build: a folder sends the regular files under it, keyed by their paths relative to the folder.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>An existing workflow artifact to deploy.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ArtifactSet)]
    [ValidateNotNullOrEmpty]
    public string? ArtifactId { get; set; }

    /// <summary>An existing deploy draft to start from.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DraftSet)]
    [ValidateNotNullOrEmpty]
    public string? DraftId { get; set; }

    /// <summary>
    /// A deploy document in the API's own shape (agent_name, image, system_prompt...): ConvertFrom-Json output, a
    /// hashtable or JSON text; or an agent from Get-RAAgent (or its -Raw JSON), deployed again with what it holds.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DocumentSet)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    /// <summary>
    /// A catalog agent (blueprint) to deploy, by its catalog id: its template's source files, prompt, tools, policies,
    /// identity provider and model, each replaced by the parameter that names it. The agent is named -Name, else the
    /// template's agent name, else the id.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = CatalogSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CatalogAgentIdCompleter))]
    public string? CatalogId { get; set; }

    /// <summary>With -CatalogId, or a catalog agent piped in: the catalog version to deploy, such as <c>1.2.0</c>; the latest when not given.</summary>
    [Parameter(ParameterSetName = CatalogSet)]
    [Parameter(ParameterSetName = DocumentSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CatalogVersionCompleter))]
    public string? CatalogVersion { get; set; }

    /// <summary>The system prompt.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SystemPrompt { get; set; }

    /// <summary>Names of registered tools the agent may call (<c>required_tools</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ToolCompleter))]
    public string[]? Tool { get; set; }

    /// <summary>Models as <c>'provider/model'</c>, or hashtables with provider, model and role (<c>llm_configs</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public object[]? Model { get; set; }

    /// <summary>Environment variables of the agent's container.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Env { get; set; }

    /// <summary>Names of policies to bind. Access is deny-by-default: without a policy the agent cannot call tools.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PolicyCompleter))]
    public string[]? Policy { get; set; }

    /// <summary>The identity provider the agent's users sign in with.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
    public string? IdentityProvider { get; set; }

    /// <summary>pip requirements, as the text of a requirements.txt.</summary>
    [Parameter]
    [ValidateNotNull]
    public string? Requirements { get; set; }

    /// <summary>A requirements.txt whose text is sent as the pip requirements.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RequirementsPath { get; set; }

    /// <summary>The file the agent starts from, such as <c>agent.py</c>.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EntryPoint { get; set; }

    /// <summary>The agent framework, such as <c>langchain</c>.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Framework { get; set; }

    /// <summary>Tools to register with the deploy: hashtables with name and base_url, and optionally description, auth_type, port, scheme.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public Hashtable[]? NewTool { get; set; }

    /// <summary>What -Path leaves out: wildcards matched against each file's and folder's name and its path relative to the folder given.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Exclude { get; set; }

    /// <summary>The most source, in megabytes, that -Path may send.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [ValidateRange(1, 1024)]
    public int MaxSourceSizeMB { get; set; } = 10;

    /// <summary>Waits until the agent is Running and writes it, instead of the deploy's answer.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait in all, in seconds, every poll included.</summary>
    /// <remarks>
    /// Not -Timeout, as on Wait-RAAgent: here the command's own work is a request, and a bare -Timeout beside -TimeoutSec
    /// would read as that request's; -WaitTimeout says it belongs to -Wait.
    /// </remarks>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int WaitTimeout { get; set; } = 300;

    /// <summary>With -Wait: how long to wait between two polls, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSec { get; set; } = 2;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (Requirements is not null && RequirementsPath is not null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("Give the requirements once: as text with -Requirements, or as a file with -RequirementsPath."),
                "RequirementsConflict",
                ErrorCategory.InvalidArgument,
                null));
        }

        if (Requirements is not null && RequirementsAsFile(Requirements) is string file)
        {
            // Sent as it is, the path would be the agent's only requirement, and the build would fail far from here.
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-Requirements takes the text of a requirements file, and '{ValidateAgentNameAttribute.Printable(Requirements)}' is the path of a file ({file}). To send what the file holds, give -RequirementsPath {AgentArguments.Literal(Requirements)}."),
                "RequirementsIsPath",
                ErrorCategory.InvalidArgument,
                Requirements));
        }

        base.BeginProcessing();
        if (Wait)
        {
            WarnOfTimeoutSecInAWait(nameof(WaitTimeout), WaitTimeout);
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (MyInvocation.ExpectingInput && DeployCheck.Unwrap(InputObject) is string line && InLines(line))
        {
            return;
        }

        var piped = InputObject is null ? null : PipedObject.From(PSObject.AsPSObject(InputObject));
        CatalogAgentManifest? template = null;
        if (CatalogId is not null || CatalogOf(InputObject) is not null)
        {
            // A catalog agent: its manifest (read now, or the one piped in) is the start of the body.
            if ((piped is null ? ActiveConnection : ConnectionFor(piped)) is not RAConnection from || (template = Template(from)) is null)
            {
                return;
            }

            piped = null;
        }
        else if (CatalogVersion is not null)
        {
            WriteError(new ErrorRecord(
                new PSArgumentException($"-CatalogVersion '{CatalogVersion}' names a version of a catalog agent, and {(piped is null ? "no catalog agent was given" : piped.Subject() + " is not one")}. Give -CatalogId, or pipe in an agent from Find-RACatalogAgent or Get-RACatalogAgent."),
                "CatalogVersionWithoutCatalogAgent",
                ErrorCategory.InvalidArgument,
                CatalogVersion));
            return;
        }

        if (piped is { FromModule: true } && piped.Kind != PipedKind.Agent)
        {
            // Never the object's own properties as a body: the platform would refuse it, or deploy something else.
            WriteInvalidInput(piped, $"{piped.Subject()} is not a deploy document. Pipe a document in the API's shape (agent_name, image, ...): the output of ConvertFrom-Json, a hashtable, or JSON text; or agents from Get-RAAgent.");
            return;
        }

        // An agent is deployed again where it came from; a document made by hand, on the current platform.
        if ((piped is null ? ActiveConnection : ConnectionFor(piped)) is not RAConnection connection)
        {
            return;
        }

        Dictionary<string, object?> body;
        string json;
        var secrets = new List<string>();
        var notCarried = new List<string>();
        if (template is { DeploymentTemplate.SourceFiles.Count: 0 })
        {
            // What the template lacks is said as the catalog's, not as a document's missing field the user never wrote.
            WriteError(new ErrorRecord(
                new PSInvalidOperationException($"Catalog agent '{template}' has no source files (its deploymentTemplate.sourceFiles is empty), so a deploy of it has nothing for the agent to run. Deploy an image or files of your own with its settings instead (Get-RACatalogAgent '{template.Id}' shows them)."),
                "CatalogAgentHasNoSourceFiles",
                ErrorCategory.InvalidData,
                template.Id));
            return;
        }

        try
        {
            body = Body(piped, template, secrets, notCarried);

            // Checked and written out before -WhatIf is asked, so that it never approves a body that cannot go.
            DeployCheck.Check(body);
            json = PSJson.Serialize(body);
        }
        catch (SourceFilesException e)
        {
            var (id, category) = e.Problem.Classify();
            WriteError(new ErrorRecord(e, id, category, e.Path));
            return;
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, e is DeployNameException ? "InvalidAgentName" : "InvalidDeployment", ErrorCategory.InvalidArgument, Target()));
            return;
        }

        var name = (string)DeployCheck.Unwrap(body["agent_name"])!;
        var ns = body.TryGetValue("namespace", out var space) ? DeployCheck.Unwrap(space) as string : null;
        var target = AgentPath.Identity(ns, name);
        foreach (var field in notCarried)
        {
            WriteWarning($"Agent '{target}' has '{ServerText.Clean(field)}' in its spec, which the Deploy API has no field for: it is not sent, and the platform decides what becomes of it.");
        }

        // An agent the module read from this platform lives where it says: only another name or namespace needs a look.
        var itself = piped is { Kind: PipedKind.Agent }
            && string.Equals(piped.Text("Name"), name, StringComparison.OrdinalIgnoreCase)
            && string.Equals(piped.Text("Namespace"), ns, StringComparison.OrdinalIgnoreCase);
        if (ns is not null && connection.FindsAgentsByName && !itself && !InNamespaceOnV1(connection, ns, name))
        {
            return;
        }

        var action = template is null ? $"Deploy agent from {Source(body)}"
            : $"Deploy agent from catalog agent '{template}' ({Source(body)}) with this body:{Environment.NewLine}{ShownBody(body)}";
        if (!ShouldProcess($"{target} on {connection.Uri}", action))
        {
            return;
        }

        WriteOutcome<DeployResult> outcome;
        try
        {
            outcome = Await(connection.Deploy.DeployAsync(json, secrets.ToArray(), Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot deploy agent", target);
            return;
        }

        if (outcome.Value is not { } result)
        {
            // Taken, but the answer says nothing readable: what there is to wait for is still the agent deployed.
            WriteWarning(outcome.Warning!);
            if (Wait && ns is null && !connection.FindsAgentsByName)
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"Cannot wait for agent '{name}': the platform's answer does not say which namespace it went to. Give -Namespace, or find it with Get-RAAgent -Name '{name}'."),
                    "UnexpectedAnswer",
                    ErrorCategory.InvalidResult,
                    target));
            }
            else if (Wait)
            {
                WaitUntilRunning(connection, ns, name!);
            }

            return;
        }

        // The answer must be about the agent deployed: a script goes on with what it names.
        if ((result.Name is { Length: > 0 } deployed && !string.Equals(deployed, name, StringComparison.OrdinalIgnoreCase))
            || (ns is not null && result.Namespace is { Length: > 0 } placed && !string.Equals(placed, ns, StringComparison.OrdinalIgnoreCase)))
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"Deployed agent '{target}', but the platform's answer is about agent '{result}'. Check with Get-RAAgent which agent changed."),
                "UnexpectedAnswer",
                ErrorCategory.InvalidResult,
                target));
            return;
        }

        if (!Wait)
        {
            WriteFromPlatform(result, connection);
            return;
        }

        WaitUntilRunning(connection, connection.FindsAgentsByName ? ns : ns ?? result.Namespace, name!);
    }

    /// <summary>The target of an error about the deployment: the document given (JSON text made safe to print, as error views show it), else the name.</summary>
    private object? Target() => DeployCheck.Unwrap(InputObject) is string text ? ServerText.Clean(text) : InputObject ?? Name;

    /// <summary>
    /// On v1, which deploys an agent by name alone into a namespace the platform chooses: true when an agent of that
    /// name lives in <paramref name="ns"/>, which the deploy then updates. Otherwise the deploy would update an agent in
    /// another namespace, or create one elsewhere than asked: refused, with the error written, as Remove and Invoke do.
    /// </summary>
    private bool InNamespaceOnV1(RAConnection connection, string ns, string name)
    {
        Agent existing;
        try
        {
            existing = Await(connection.Client.GetAgentAsync(null, name, Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound)
        {
            Refuse($"There is no agent '{name}' to update in namespace '{ns}', and the v1 API cannot put a new agent in a namespace: the platform chooses where it goes. Leave out the namespace (-Namespace, or namespace in the document) to create it there.");
            return false;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, "Cannot deploy agent", AgentPath.Identity(ns, name));
            return false;
        }

        if (string.Equals(existing.Namespace, ns, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var where = existing.Namespace.Length > 0 ? $"is in namespace '{existing.Namespace}'" : "has no namespace";
        Refuse($"The v1 API deploys an agent by its name alone, and the agent named '{name}' {where}, not '{ns}': deploying would update it. To update that agent, leave out the namespace; to make a new agent, give it another name.");
        return false;

        void Refuse(string message) =>
            WriteError(new ErrorRecord(new PSArgumentException(message), "NamespaceMismatch", ErrorCategory.InvalidArgument, AgentPath.Identity(ns, name)));
    }

    /// <summary>
    /// The body: the document or agent piped in, then what the parameters say on top of it; <paramref name="secrets"/>
    /// receives the values traces must mask, <paramref name="notCarried"/> an agent's spec fields that cannot be sent.
    /// </summary>
    private Dictionary<string, object?> Body(PipedObject? piped, CatalogAgentManifest? template, List<string> secrets, List<string> notCarried)
    {
        var body = template is not null ? CatalogBody(template)
            : piped is null ? new Dictionary<string, object?>(StringComparer.Ordinal)
            : piped.Kind == PipedKind.Agent ? DeployFromAgent.Body(piped.Item, notCarried)
            : DeployBody.From(InputObject, notCarried);
        if (Image is not null)
        {
            // -Image replaces what the document says the agent runs: with two sources, the platform would choose which.
            foreach (var source in DeployFields.Alternatives)
            {
                body.Remove(source);
            }
        }

        Set(body, "agent_name", Name);
        Set(body, "namespace", Namespace);
        Set(body, "image", Image);
        if (Path is not null)
        {
            // Read on another thread, so that Ctrl+C ends the command at once even while a read is stuck.
            var sources = Path.SelectMany(Resolve).ToList();
            var exclusions = new SourceExclusions(Exclude);
            body["source_files"] = Await(Task.Run(() => SourceFiles.Read(sources, exclusions, MaxSourceSizeMB * 1024L * 1024L, line => Post(() => WriteVerbose(line)), StopToken), StopToken));
        }

        Set(body, "artifact_id", ArtifactId);
        Set(body, "draft_id", DraftId);
        Set(body, "system_prompt", SystemPrompt);
        Set(body, "required_tools", Tool);
        Set(body, "llm_configs", Model?.Select(DeployBody.Model).ToList());
        Set(body, "env", Env is null ? null : DeployBody.Env(Env, secrets));
        Set(body, "policies", Policy);
        Set(body, "identity_provider", IdentityProvider);
        Set(body, "requirements", RequirementsPath is null ? Requirements : _requirements ??= RequirementsFile.Read(FileSystemPath(RequirementsPath), StopToken));
        Set(body, "entry_point", EntryPoint);
        Set(body, "framework", Framework);
        Set(body, "tools_to_create", NewTool?.Select(t => DeployBody.NewTool(t)).ToList());
        return body;
    }

    /// <summary>
    /// The catalog agent piped in (an entry, a manifest or a version from the catalog cmdlets, or a copy of one after
    /// Select-Object or Import-Clixml): its id and version, and the manifest itself when it is the live one; null for anything else.
    /// </summary>
    private static (string Id, string? Version, CatalogAgentManifest? Manifest)? CatalogOf(object? input)
    {
        switch (input is PSObject wrapped ? wrapped.BaseObject : input)
        {
            case null:
                return null;
            case CatalogAgentManifest manifest:
                return (manifest.Id, manifest.Version, manifest);
            case CatalogAgentVersion version:
                return (version.Id, version.Version, null);
            case CatalogAgent entry:
                return (entry.Id, null, null);
        }

        // A copy keeps the id and version, not the template: the manifest is read again.
        var copy = PipedObject.From(PSObject.AsPSObject(input));
        return copy.FromModule && copy.ModelType is nameof(CatalogAgentManifest) or nameof(CatalogAgentVersion) or nameof(CatalogAgent) && copy.Text("Id") is string id
            ? (id, copy.ModelType == nameof(CatalogAgent) ? null : copy.Text("Version"), null)
            : null;
    }

    /// <summary>The manifest to deploy: the one piped in, else read (K2); null with the error written when it cannot be read.</summary>
    private CatalogAgentManifest? Template(RAConnection connection)
    {
        var piped = CatalogId is null ? CatalogOf(InputObject) : null;
        if (piped is { Manifest: { } given } && (CatalogVersion is null || string.Equals(CatalogVersion, given.Version, StringComparison.OrdinalIgnoreCase)))
        {
            return given;
        }

        var id = CatalogId ?? piped!.Value.Id;
        var version = CatalogVersion ?? piped?.Version;
        if (CatalogCmdlet.CatalogIdProblem(id) is string problem)
        {
            WriteError(new ErrorRecord(new PSArgumentException(problem), "InvalidCatalogId", ErrorCategory.InvalidArgument, id));
            return null;
        }

        try
        {
            var manifest = Await(new CatalogAgentsApi(connection.Transport).GetManifestAsync(id, version, Requests, StopToken));
            ((IFromPlatform)manifest).Connection = connection;
            return manifest;
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, version is null ? "Cannot get catalog agent" : $"Cannot get version '{version}' of catalog agent", id, notFoundId: "CatalogAgentNotFound");
            return null;
        }
    }

    /// <summary>
    /// The body a deploy from the catalog starts from, as the CLI's <c>catalog deploy</c> builds it: the agent name
    /// (the template's, else the id), the source files, and the prompt, tools, policies, identity provider and model the
    /// template gives. A bare default model is an OpenAI one, as there; no <c>role</c> is sent (the CLI's <c>default</c>
    /// is a role no document lists).
    /// </summary>
    private static Dictionary<string, object?> CatalogBody(CatalogAgentManifest manifest)
    {
        var template = manifest.DeploymentTemplate;
        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["agent_name"] = template.AgentName is { } named && named.Trim().Length > 0 ? named.Trim() : manifest.Id,
            ["source_files"] = template.SourceFiles.ToDictionary(f => f.Key, f => (object?)f.Value, StringComparer.Ordinal),
        };
        if (template.SystemPrompt is { } prompt && prompt.Trim().Length > 0)
        {
            body["system_prompt"] = prompt.Trim();
        }

        if (template.RequiredTools.Length > 0)
        {
            body["required_tools"] = template.RequiredTools;
        }

        if (template.Policies.Length > 0)
        {
            body["policies"] = template.Policies;
        }

        if (template.IdentityProvider is { Length: > 0 } provider)
        {
            body["identity_provider"] = provider;
        }

        if (manifest.DefaultModel is { } model && model.Trim().Length > 0)
        {
            body["llm_configs"] = new List<Dictionary<string, object?>> { DeployBody.Model(model.Contains("/") ? model.Trim() : "openai/" + model.Trim()) };
        }

        return body;
    }

    /// <summary>The body as -WhatIf shows it: indented JSON, every environment variable's value masked.</summary>
    private static string ShownBody(Dictionary<string, object?> body)
    {
        var shown = new Dictionary<string, object?>(body, StringComparer.Ordinal);
        if (shown.TryGetValue("env", out var env) && env is List<Dictionary<string, object?>> variables)
        {
            shown["env"] = variables.Select(v => new Dictionary<string, object?>(v) { ["value"] = "********" }).ToList();
        }

        return CatalogCmdlet.Indented(PSJson.Serialize(shown));
    }

    private static void Set(Dictionary<string, object?> body, string field, object? value)
    {
        if (value is not null)
        {
            body[field] = value;
        }
    }

    /// <summary>
    /// True when piped text is a line of a document that arrives line by line, as Get-Content without -Raw sends a
    /// file; the first such line writes one error, and the lines after it are passed over in silence.
    /// </summary>
    /// <remarks>
    /// The first line is the start of a JSON document but not a whole one (<c>{</c>), or a blank line that Get-Content
    /// read (it notes each line's number as ReadCount). A whole document on one line is JSON by itself, and text that
    /// is no JSON at all is reported as such.
    /// </remarks>
    private bool InLines(string text)
    {
        if (_lines)
        {
            return true;
        }

        var item = PSObject.AsPSObject(InputObject);
        if (!DeployBody.StartsDocument(text) && !(text.Trim().Length == 0 && item.Properties["ReadCount"] is not null))
        {
            return false;
        }

        _lines = true;
        var psPath = item.Properties["PSPath"]?.Value as string;
        var at = psPath?.IndexOf("::", StringComparison.Ordinal) ?? -1;
        var file = at < 0 ? psPath : psPath!.Substring(at + 2);
        var read = file is null ? "Get-Content -Raw ./agent.json" : $"Get-Content -Raw -LiteralPath {AgentArguments.Literal(file)}";
        WriteError(new ErrorRecord(
            new PSArgumentException(
                $"The deploy document arrives line by line, as Get-Content reads a file without -Raw, and its first line '{ValidateAgentNameAttribute.Printable(text)}' is not a whole JSON object. "
                + $"Read the file whole: {ServerText.Clean(read)} | Deploy-RAAgent. None of these lines is deployed."),
            "DocumentInLines",
            ErrorCategory.InvalidArgument,
            ServerText.Clean(file ?? text)));
        return true;
    }

    /// <summary>The file that text given to -Requirements names, when it is a path (it has a separator or an extension) to a file that exists; null otherwise.</summary>
    private string? RequirementsAsFile(string text)
    {
        if (text.IndexOfAny(new[] { '\r', '\n' }) >= 0 || text.IndexOfAny(new[] { '/', '\\', '.' }) < 0)
        {
            return null;
        }

        try
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(text.Trim(), out var provider, out _);
            return provider.Name == "FileSystem" && File.Exists(path) ? path : null;
        }
        catch (Exception e) when (e is RuntimeException or ArgumentException or NotSupportedException or IOException)
        {
            // Not a path PowerShell can read (a version specifier, a URL): then it is requirements text.
            return null;
        }
    }

    /// <summary>A path given on the command line as the file system path it names.</summary>
    private string FileSystemPath(string path)
    {
        string resolved;
        ProviderInfo provider;
        try
        {
            resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (Exception e) when (e is RuntimeException or ArgumentException or NotSupportedException)
        {
            throw new SourceFilesException($"Cannot find the requirements file '{path}': {e.Message}", path, SourceProblem.Missing);
        }

        return provider.Name == "FileSystem" ? resolved
            : throw new SourceFilesException($"The requirements file '{path}' is on the {provider.Name} provider; -RequirementsPath takes a file on the file system.", path, SourceProblem.Missing);
    }

    private IEnumerable<SourcePath> Resolve(string path)
    {
        try
        {
            var named = !WildcardPattern.ContainsWildcardCharacters(path);
            return GetResolvedProviderPathFromPSPath(path, out _).Select(resolved => new SourcePath(resolved, named));
        }
        catch (ItemNotFoundException e)
        {
            throw new SourceFilesException($"Cannot find the source path '{path}': {e.Message}", path, SourceProblem.Missing);
        }
    }

    /// <summary>What the agent runs, as the What if line says it; the document's own text made safe to print.</summary>
    private static string Source(Dictionary<string, object?> body)
    {
        if (Text("image") is { Length: > 0 } image)
        {
            return $"image '{image}'";
        }

        if (body.TryGetValue("source_files", out var files) && DeployCheck.Fields(DeployCheck.Unwrap(files)) is { Count: > 0 } map)
        {
            return $"{map.Count} source file{(map.Count == 1 ? string.Empty : "s")}";
        }

        if (Text("artifact_id") is { Length: > 0 } artifact)
        {
            return $"artifact '{artifact}'";
        }

        return Text("draft_id") is { Length: > 0 } draft ? $"draft '{draft}'" : "the document";

        string? Text(string field) => body.TryGetValue(field, out var value) ? ServerText.Clean(DeployCheck.Unwrap(value) as string) : null;
    }

    /// <summary>Polls the agent deployed until it runs, fails or disappears, within -WaitTimeout for the whole wait.</summary>
    /// <remarks>
    /// A 404 before the agent was first seen is a platform that does not list it yet; once it was seen, a 404 means
    /// it was deleted (or moved) meanwhile, and waiting on would only run into the timeout.
    /// </remarks>
    private void WaitUntilRunning(RAConnection connection, string? ns, string name)
    {
        var target = AgentPath.Identity(ns, name);
        var progress = new ProgressRecord(3, $"Waiting for agent {target} to run", "Deployed");
        Agent? agent = null;
        var state = "no poll of it answered in time";
        var ended = PollUntilDone(TimeSpan.FromSeconds(WaitTimeout), TimeSpan.FromSeconds(PollIntervalSec), progress, round =>
        {
            try
            {
                agent = Await(connection.Client.GetAgentAsync(ns, name, Requests, round.Token));
            }
            catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound && !round.TimeIsUp)
            {
                if (agent is not null)
                {
                    WriteError(NotFoundException.Record(
                        $"Agent '{target}' disappeared while being waited for: it was {agent.Phase ?? "seen"}, then {e.Message}.",
                        e,
                        "AgentNotFound",
                        target));
                    return false;
                }

                // Just deployed: the platform may not list the agent for a moment.
                state = "not visible yet";
                progress.StatusDescription = $"{state} after {round.Elapsed.TotalSeconds:0} s";
                return true;
            }
            catch (RunAgentsApiException e) when (!round.TimeIsUp)
            {
                WriteApiError(e, "Cannot wait for agent", target);
                return false;
            }

            if (string.Equals(agent.Phase, AgentPhase.Running, StringComparison.OrdinalIgnoreCase))
            {
                WriteFromPlatform(agent, connection);
                return false;
            }

            if (string.Equals(agent.Phase, AgentPhase.Failed, StringComparison.OrdinalIgnoreCase))
            {
                var message = string.IsNullOrEmpty(agent.Status?.Message) ? "the platform gave no status message." : agent.Status!.Message;
                WriteError(new ErrorRecord(new InvalidOperationException($"Agent '{target}' failed after deploying: {message}"), "AgentFailed", ErrorCategory.InvalidResult, target));
                return false;
            }

            state = agent.Phase ?? "without a phase";
            progress.StatusDescription = $"{state} after {round.Elapsed.TotalSeconds:0} s";
            return true;
        });

        if (!ended)
        {
            WriteError(new ErrorRecord(
                new TimeoutException($"Agent '{target}' did not reach phase Running within {WaitTimeout} s; it is {state}."),
                "WaitTimeout",
                ErrorCategory.OperationTimeout,
                target));
        }
    }
}
