using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Configuration;

/// <summary>
/// One kind of object a configuration folder holds (tools, model providers, policies, identity providers, approval
/// connectors, agent config): where its files go, how the platform's objects read as the documents a folder keeps,
/// and how one document is applied with the Set-* semantics of the kind (unchanged = no write).
/// </summary>
/// <remarks>
/// Export-, Compare- and Import-RAConfiguration are written once over these; each kind says only what is its own.
/// The kernel kinds share one implementation over <see cref="ResourceKind"/>; connectors and agent config have
/// their own APIs and their own implementations.
/// </remarks>
internal abstract class ConfigurationKind
{
    /// <summary>The -Resource value: <c>Tool</c>, <c>ModelProvider</c>, <c>Policy</c>, <c>IdentityProvider</c>, <c>ApprovalConnector</c>, <c>AgentConfig</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The kind in words, singular: <c>tool</c>, <c>approval connector</c>.</summary>
    public abstract string Noun { get; }

    /// <summary>The kind in words, plural: <c>tools</c>, <c>policies</c>.</summary>
    public virtual string Plural => Noun.EndsWith("y", System.StringComparison.Ordinal) ? Noun.Substring(0, Noun.Length - 1) + "ies" : Noun + "s";

    /// <summary>The folder of the kind's files: <c>tools</c>, <c>model-providers</c>, <c>policies</c>, <c>identity-providers</c>, <c>approval-connectors</c>, <c>agents</c>.</summary>
    public abstract string Folder { get; }

    /// <summary>
    /// Where the kind comes in the apply order (lowest first): identity providers, connectors, tools, model providers,
    /// policies (they name tools and connectors), agent config (names all the others). Prune goes in reverse.
    /// </summary>
    public abstract int Order { get; }

    /// <summary>False for a kind whose objects the platform cannot delete (agent config): -Prune leaves them.</summary>
    public virtual bool CanRemove => true;

    /// <summary>
    /// Why an object of the folder that the platform lacks cannot be created by applying it (the config of an agent the
    /// platform does not run: configuring an agent does not deploy it); null when it can be.
    /// </summary>
    public virtual string? CannotCreate => null;

    /// <summary>The objects of other kinds a document names, as (kind <see cref="Name"/>, object name): a policy's connectors, an agent config's tools.</summary>
    public abstract IEnumerable<(string Kind, string Name)> DependsOn(JsonObject document);

    /// <summary>
    /// Every object of the kind on the platform, each as the document an export writes: the API's body shape, the
    /// fields the platform writes itself (status, times, ids it assigns) left out, secrets as
    /// <see cref="ConfigurationFile.SecretPlaceholder"/> unless <paramref name="includeSecret"/>.
    /// </summary>
    /// <remarks>The kinds are read side by side, each with a context of its own.</remarks>
    public abstract Task<IReadOnlyList<ConfigurationObject>> ReadAsync(ConfigurationContext context, bool includeSecret, CancellationToken cancellationToken);

    /// <summary>
    /// A document read from a file, in the shape <see cref="ReadAsync"/> gives, so the two compare; the file's name
    /// (without extension) is the object's name when the document names none.
    /// </summary>
    /// <exception cref="System.ArgumentException">The document cannot be one of the kind; the message says why.</exception>
    /// <remarks>Called for several files at once, on pool threads: it must change nothing but the document it is given and the object it makes.</remarks>
    public abstract ConfigurationObject FromFile(JsonObject document, string fileName);

    /// <summary>
    /// Where the folder's document and the platform's differ, as JSON paths with both values; a secret placeholder in
    /// the folder equals whatever the platform holds. Empty when they are the same.
    /// </summary>
    /// <remarks>
    /// Called for several objects at once, on pool threads: it must change neither document (copy one it would change).
    /// Import-RAConfiguration calls <see cref="ApplyAsync"/> only for the objects this finds Different or that are Missing.
    /// </remarks>
    public abstract IReadOnlyList<ConfigurationDifference> Compare(ConfigurationObject folder, ConfigurationObject platform);

    /// <summary>
    /// Applies one document with the Set-* semantics of the kind: creates it when <paramref name="current"/> is null,
    /// else writes only what differs (nothing when nothing does); a secret placeholder keeps what the platform has.
    /// </summary>
    /// <returns>Created, Updated or Unchanged.</returns>
    /// <exception cref="RunAgentsApiException">The platform refused or failed the write.</exception>
    public abstract Task<ConfigurationState> ApplyAsync(ConfigurationContext context, ConfigurationObject desired, ConfigurationObject? current, CancellationToken cancellationToken);

    /// <summary>Removes one object the folder lacks (only called when <see cref="CanRemove"/>).</summary>
    /// <exception cref="RunAgentsApiException">The platform refused or failed the delete.</exception>
    public abstract Task RemoveAsync(ConfigurationContext context, ConfigurationObject current, CancellationToken cancellationToken);
}

/// <summary>One object of a configuration: its kind, its name, its document (API body shape, comparable).</summary>
internal sealed class ConfigurationObject
{
    public ConfigurationObject(ConfigurationKind kind, string name, JsonObject document)
    {
        Kind = kind;
        Name = name;
        Document = document;
    }

    public ConfigurationKind Kind { get; }

    /// <summary>The object's name (for agent config, the agent's name; connectors are kept by name, not id).</summary>
    public string Name { get; }

    /// <summary>The document a file of the folder holds for it.</summary>
    public JsonObject Document { get; }

    /// <summary>What the kind keeps beside the document to act on the platform's object (a connector's id); null when nothing.</summary>
    public string? PlatformId { get; set; }

    /// <summary>The file the object was read from, when it came from a folder.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// The bytes an export writes for <see cref="Document"/> (<see cref="ConfigurationFile.Canonical"/>), made the first
    /// time they are asked for: a document is not changed once read.
    /// </summary>
    public byte[] Canonical => _canonical ??= ConfigurationFile.Canonical(Document);

    private byte[]? _canonical;
}

/// <summary>What a configuration cmdlet works with: the connection (the platform the cmdlet acts on), its request settings.</summary>
internal sealed class ConfigurationContext
{
    public ConfigurationContext(RAConnection connection, RequestOptions? requests)
    {
        Connection = connection;
        Requests = requests;
    }

    public RAConnection Connection { get; }

    public RequestOptions? Requests { get; }

    /// <summary>
    /// What a kind's read, apply or remove has to tell the user beside its result (the platform's answer could not be
    /// read, a tool was created without its credentials): the cmdlet writes these as warnings after each call and clears them.
    /// </summary>
    /// <remarks>Filled from the kind's async code; the cmdlet reads it on the pipeline thread once the call is over.</remarks>
    public List<string> Warnings { get; } = new();
}

/// <summary>
/// A kind's refusal to read or apply an object, found before any write and not a failure of the platform: a name two
/// approval connectors share, the config of an agent the platform does not run. Its error id and category are the ones
/// the kind's own cmdlets give for the same refusal.
/// </summary>
internal sealed class ConfigurationRefusedException : System.InvalidOperationException
{
    public ConfigurationRefusedException(string message, string errorId, System.Management.Automation.ErrorCategory category, System.Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
    }

    /// <summary>The error record's id: <c>AmbiguousConnectorName</c>, <c>AgentNotFound</c>, <c>NotSupportedOnGeneration</c>.</summary>
    public string ErrorId { get; }

    /// <summary>The error record's category.</summary>
    public System.Management.Automation.ErrorCategory Category { get; }

    /// <summary>The error record of the refusal, about <paramref name="target"/>.</summary>
    public System.Management.Automation.ErrorRecord Record(object target) => new(this, ErrorId, Category, target);
}
