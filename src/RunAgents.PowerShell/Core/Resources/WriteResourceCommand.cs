using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Completers;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// New-* and Set-* of a named resource: the documents they are given (parameters, objects and documents from the
/// pipeline, files) read into the API's body, with the parameters on top; then New-* creates, refusing a name that
/// exists (the platform's upserts would silently replace it), and Set-* applies: it reads the object, compares it
/// with the document (leaving out what the platform writes itself, such as its status), and writes only when they
/// differ, creating the object when it does not exist. An unchanged document sends no write, so running the same
/// apply again does nothing; -WhatIf says create, update with the fields that change, or nothing.
/// </summary>
/// <typeparam name="T">The object the module writes for the resource.</typeparam>
public abstract class WriteResourceCommand<T> : ResourceCmdlet<T>
    where T : NamedResource, new()
{
    /// <summary>The secret fields each document (by name) gave as the placeholder, and which are therefore not sent.</summary>
    private readonly Dictionary<string, List<string>> _placeheld = new(StringComparer.Ordinal);

    /// <summary>The parameter set of an object described by parameters alone.</summary>
    protected const string ParametersSet = "Parameters";

    /// <summary>The parameter set of documents given as objects: piped, or as -InputObject.</summary>
    protected const string DocumentSet = "Document";

    /// <summary>The parameter set of documents in files.</summary>
    protected const string PathSet = "Path";

    /// <summary>The object's name; with a document, it names an object the document does not.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParametersSet)]
    [Parameter(ParameterSetName = DocumentSet)]
    [Parameter(ParameterSetName = PathSet)]
    [ValidateAgentName(What = "name")]
    [ArgumentCompleter(typeof(ResourceNameCompleter))]
    public string? Name { get; set; }

    /// <summary>
    /// A document of the object: the API's body (<c>name</c>, <c>spec</c>), a bare spec with -Name, a Kubernetes-style
    /// manifest, a hashtable, JSON text, or an object of the matching Get- cmdlet; a file piped from Get-ChildItem is read.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DocumentSet)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    /// <summary>Files holding documents: JSON (<c>.json</c>) or PowerShell data (<c>.psd1</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>True for New-*: create only, and refuse a name that exists; false for Set-*: apply.</summary>
    private protected abstract bool CreateOnly { get; }

    /// <summary>True when the cmdlet writes each object after an apply, changed or not (Set-* -PassThru).</summary>
    private protected virtual bool PassThruRequested => false;

    /// <summary>
    /// True when the object is described by the cmdlet's parameters rather than by documents: the parameter set of
    /// parameters, or what a derived cmdlet collects from the pipeline into its parameters (a policy's piped rules).
    /// </summary>
    private protected virtual bool ByParameters => ParameterSetName == ParametersSet;

    /// <summary>True when an apply may write over a change made since the object was read (Set-* -Force).</summary>
    private protected virtual bool ForceRequested => false;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (CreateOnly)
        {
            CreateEach();
        }
        else
        {
            ApplyEach();
        }
    }

    /// <summary>Sets the fields the cmdlet's own parameters give, of those bound, into <paramref name="body"/>, over what it has.</summary>
    private protected abstract void Apply(JsonObject body);

    /// <summary>Refuses a body the platform would refuse for a reason seen here; nothing by default.</summary>
    /// <exception cref="ArgumentException">The body cannot be sent.</exception>
    private protected virtual void Check(JsonObject body)
    {
    }

    /// <summary>
    /// Says what a write of <paramref name="body"/> should be warned of, such as another model provider listing one of
    /// its models; nothing by default. Called before the write is confirmed, so -WhatIf shows it too; it may read.
    /// </summary>
    private protected virtual void BeforeWrite(JsonObject body, RAConnection connection)
    {
    }

    /// <summary>
    /// The documents of this record, each as the API's body with the parameters on top, with the connection to write
    /// it with and the piped object it came from; a document that cannot be read is an error, and skipped.
    /// </summary>
    /// <param name="current">For the parameter set: the object's body as it is on the platform (null when it does not exist), to merge the parameters into.</param>
    private protected IEnumerable<(JsonObject Body, RAConnection Connection, PipedObject? Source)> Documents(Func<RAConnection, string, JsonObject?> current)
    {
        if (ByParameters)
        {
            // The object as the platform has it (or a new one), with the parameters on top: a parameter given alone changes
            // that field and keeps the rest. The platform's own copy is not checked as a document the user wrote.
            var connection = ActiveConnection;
            var body = current(connection, Name!) ?? new JsonObject { ["name"] = Name, ["spec"] = new JsonObject() };
            if (Catch(() => { Apply(body); Check(body); return body; }, Name!) is JsonObject ready)
            {
                yield return (ready, connection, null);
            }

            yield break;
        }

        if (ParameterSetName == PathSet)
        {
            foreach (var file in Path!.SelectMany(Resolve))
            {
                if (Read(() => DocumentInput.FromFile(this, file), file) is JsonObject body)
                {
                    yield return (body, ActiveConnection, null);
                }
            }

            yield break;
        }

        var piped = PipedObject.From(PSObject.AsPSObject(InputObject));
        if (piped.Item.BaseObject is FileInfo info)
        {
            if (Read(() => DocumentInput.FromFile(this, info.FullName), info.FullName) is JsonObject fromFile)
            {
                yield return (fromFile, ActiveConnection, null);
            }

            yield break;
        }

        if (piped.FromModule && piped.ModelType != typeof(T).Name)
        {
            WriteInvalidInput(piped, $"{piped.Subject()} is not {Kind.ANoun}, nor a document of one.");
            yield break;
        }

        if (ConnectionFor(piped) is not RAConnection target)
        {
            yield break;
        }

        if (Read(() => DocumentInput.From(InputObject, $"the document of the {Kind.Noun}"), piped.Item) is JsonObject document)
        {
            yield return (document, target, piped);
        }
    }

    /// <summary>Sends a body: a create (POST), or a replace (PUT where the API has one, else the create that replaces).</summary>
    /// <remarks>The fields the platform writes itself (its status, say, when the document came from Get-*) are not sent.</remarks>
    private protected WriteOutcome<T>? Send(ResourceApi<T> api, JsonObject document, bool exists, string name)
    {
        try
        {
            return Await(ResourceApply.SendAsync(api, document, exists, Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteResourceError(e, exists ? $"Cannot update {Kind.Noun}" : $"Cannot create {Kind.Noun}", name);
            return null;
        }
    }

    /// <summary>The object on the platform, or null when it does not exist; a failure to read it is an error, and <paramref name="failed"/> true.</summary>
    private protected T? Current(ResourceApi<T> api, string name, out bool failed)
    {
        failed = false;
        try
        {
            return Await(api.GetAsync(name, Requests, StopToken));
        }
        catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound)
        {
            return null;
        }
        catch (RunAgentsApiException e)
        {
            WriteResourceError(e, $"Cannot read {Kind.Noun}", name);
            failed = true;
            return null;
        }
    }

    /// <summary>Creates the object of each document, refusing a name that exists.</summary>
    private void CreateEach()
    {
        foreach (var (body, connection, _) in Documents(static (_, _) => null))
        {
            var name = body["name"]!.GetValue<string>();
            var api = Api(connection);
            if (Current(api, name, out var failed) is not null)
            {
                WriteError(new ErrorRecord(
                    new PSInvalidOperationException($"{char.ToUpperInvariant(Kind.ANoun[0])}{Kind.ANoun.Substring(1)} named '{name}' exists already on {connection.Uri}. To change it, use Set-RA{Kind.Id}; to replace it whole, pipe its document to Set-RA{Kind.Id}."),
                    Kind.ExistsId,
                    ErrorCategory.ResourceExists,
                    name));
                continue;
            }

            if (failed)
            {
                continue;
            }

            BeforeWrite(body, connection);
            if (!ShouldProcess(OnPlatform(Target(name), connection), $"Create {Kind.Noun}"))
            {
                continue;
            }

            var outcome = Send(api, body, exists: false, name);
            if (outcome?.Value is { } created)
            {
                WarnPlaceheld(name);
                WriteVerbose($"Created {Target(name)}.");
                WriteFromPlatform(created, connection);
            }
            else if (outcome?.Warning is { } warning)
            {
                WriteWarning(warning);
            }
        }
    }
    /// <summary>Applies each document: creates, updates what differs, or leaves the object as it is.</summary>
    private void ApplyEach()
    {
        T? read = null;
        var readFailed = false;
        foreach (var (body, connection, source) in Documents((connection, name) =>
                 {
                     read = Current(Api(connection), name, out readFailed);
                     return read is null ? null : ResourceDocument.Comparable(read.Document, Kind);
                 }))
        {
            if (readFailed)
            {
                // Not read, so not known to be absent: creating it could replace what is there.
                continue;
            }

            var name = body["name"]!.GetValue<string>();
            var api = Api(connection);
            var failed = false;
            var current = ByParameters ? read : Current(api, name, out failed);
            if (current is null && failed)
            {
                continue;
            }

            var target = OnPlatform(Target(name), connection);
            if (current is null)
            {
                BeforeWrite(body, connection);
                if (ShouldProcess(target, $"Create {Kind.Noun}") && Send(api, body, exists: false, name) is { } created)
                {
                    WarnPlaceheld(name);
                    Done(created, connection, $"Created {Target(name)}.");
                }

                continue;
            }

            // An object read earlier is applied only onto what was read: a change made since would be lost silently.
            if (source?.Item.BaseObject is T earlier && !ForceRequested
                && JsonDiff.Compare(ResourceDocument.Comparable(current.Document, Kind), ResourceDocument.Comparable(earlier.Document, Kind)).Count > 0)
            {
                WriteError(new ErrorRecord(
                    new PSInvalidOperationException($"The {Kind.Noun} '{name}' changed on {connection.Uri} since it was read. Read it again (Get-RA{Kind.Id} '{name}') and apply your change to that, or pass -Force to write it over the change."),
                    Kind.ChangedId,
                    ErrorCategory.ResourceExists,
                    name));
                continue;
            }

            var changed = ResourceApply.Differences(Kind, body, current.Document).Select(d => d.Path).ToList();
            changed.AddRange(ResourceApply.SecretFieldsGiven(Kind, body).Select(f => f + ResourceApply.SecretChange));
            if (changed.Count == 0)
            {
                WriteVerbose($"Unchanged {Target(name)}: the platform already has what the document says.");
                if (PassThruRequested)
                {
                    WriteFromPlatform(current, connection);
                }

                continue;
            }

            BeforeWrite(body, connection);
            if (ShouldProcess(target, $"Update {Kind.Noun} (changed: {string.Join(", ", changed)})") && Send(api, body, exists: true, name) is { } updated)
            {
                Done(updated, connection, $"Updated {Target(name)}: {string.Join(", ", changed)}.");
            }
        }
    }

    /// <summary>Says that an object was created without the secrets its document gave as the placeholder: there was nothing to keep.</summary>
    private void WarnPlaceheld(string name)
    {
        if (_placeheld.TryGetValue(name, out var kept))
        {
            WriteWarning($"The {Kind.Noun} '{name}' was created without its {string.Join(", ", kept)}: the document has the placeholder {Configuration.ConfigurationFile.SecretPlaceholder}, and the platform had nothing to keep. Give them with Set-RA{Kind.Id}.");
        }
    }

    private void Done(WriteOutcome<T> outcome, RAConnection connection, string what)
    {
        WriteVerbose(what);
        if (outcome.Value is { } written)
        {
            if (PassThruRequested)
            {
                WriteFromPlatform(written, connection);
            }
        }
        else if (outcome.Warning is { } warning)
        {
            WriteWarning(warning);
        }
    }
    /// <summary>The document as the API's body, with the parameters on top and checked; null, with the error written, when it cannot be one.</summary>
    private JsonObject? Read(Func<JsonObject> read, object target) =>
        Checked(Catch(read, target), target);

    private JsonObject? Checked(JsonObject? document, object target)
    {
        if (document is null)
        {
            return null;
        }

        return Catch(
            () =>
            {
                var body = ResourceDocument.ToBody(document, MyInvocation.BoundParameters.ContainsKey(nameof(Name)) ? Name : null, Kind);
                Apply(body);
                Check(body);

                // A file of a configuration folder says "keep what the platform has" for a secret with its placeholder:
                // the field is not sent, never the placeholder as the secret.
                body = ResourceApply.WithoutPlaceholders(Kind, body, out var kept);
                if (kept.Count > 0)
                {
                    _placeheld[body["name"]!.GetValue<string>()] = kept;
                }

                return body;
            },
            target);
    }

    private JsonObject? Catch(Func<JsonObject> make, object target)
    {
        try
        {
            return make();
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "Invalid" + Kind.Id, ErrorCategory.InvalidArgument, target is string text ? ServerText.Clean(text) : target));
            return null;
        }
    }

    private IEnumerable<string> Resolve(string path)
    {
        try
        {
            return GetResolvedProviderPathFromPSPath(path, out _);
        }
        catch (ItemNotFoundException e)
        {
            WriteError(new ErrorRecord(e, "Invalid" + Kind.Id, ErrorCategory.ObjectNotFound, path));
            return Array.Empty<string>();
        }
    }
}
