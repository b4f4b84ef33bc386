using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Text.Json;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// What the approval connector cmdlets share: the client area, finding a connector by id or by name (names need not be
/// unique, so a name two connectors share is refused, naming both ids), documents read into the API's fields, the rules
/// the platform's docs give, and the errors.
/// </summary>
public abstract class ApprovalConnectorCmdlet : RequestCmdlet
{
    /// <summary>The connector types the API knows, as the parameters spell them.</summary>
    internal static readonly string[] Types = { "Webhook", "Slack", "Teams", "Jira", "PagerDuty" };

    /// <summary>The API's fields a document may set, by the names a document or a Get- object may give them.</summary>
    private static readonly Dictionary<string, string> s_fieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = "id",
        ["name"] = "name",
        ["type"] = "type",
        ["endpoint"] = "endpoint",
        ["headers"] = "headers",
        ["enabled"] = "enabled",
        ["timeout_seconds"] = "timeout_seconds",
        ["timeoutSeconds"] = "timeout_seconds",
        ["TimeoutSec"] = "timeout_seconds",
        ["slack_security_mode"] = "slack_security_mode",
        ["slackSecurityMode"] = "slack_security_mode",
    };

    /// <summary>What a Get- object or the platform has that a document does not set.</summary>
    private static readonly HashSet<string> s_readOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "created_at", "updated_at", "createdAt", "updatedAt", "Created", "Updated", "HeaderNames", "Platform", "apiVersion", "kind",
    };

    /// <summary>The client area on a connection.</summary>
    private protected static ApprovalConnectorsApi Api(RAConnection connection) => new(connection.Transport);

    /// <summary>The connector in messages: <c>approval connector 'slack-finance' (ac_1)</c>.</summary>
    private protected static string Target(string? name, string? id) =>
        name is { Length: > 0 } && id is { Length: > 0 } ? $"approval connector '{name}' ({id})"
        : $"approval connector '{name ?? id}'";

    /// <summary>Every connector on the platform, in clear; null, with the error written, when the list cannot be read.</summary>
    private protected List<JsonObject>? ListAll(RAConnection connection, string action, object target)
    {
        try
        {
            return Await(Api(connection).ListAsync(Requests, StopToken));
        }
        catch (RunAgentsApiException e)
        {
            WriteApiError(e, action, target, notFoundId: "ApprovalConnectorNotFound");
            return null;
        }
    }

    /// <summary>
    /// True when <paramref name="id"/> can be an approval connector's id (a path segment, not a word the API keeps for
    /// another route); else false, with the error written, before anything is sent.
    /// </summary>
    private protected bool IsPossibleId(string id)
    {
        if (AgentPath.Problem(id) is null && Array.IndexOf(ApprovalConnectorsApi.ReservedIds, id) < 0)
        {
            return true;
        }

        WriteInvalid(new ArgumentException($"'{ValidateAgentNameAttribute.Printable(id)}' cannot be the id of an approval connector."), id);
        return false;
    }

    /// <summary>
    /// The connector an id, else a name, names on <paramref name="connection"/>, in clear; null, with the error written,
    /// when it cannot be read, when none has it (<c>ApprovalConnectorNotFound</c>) or when two share the name
    /// (<c>AmbiguousConnectorName</c>). A name is looked up in the list; so is an id, unless <paramref name="getById"/>.
    /// </summary>
    /// <param name="id">The id given, if any: it decides.</param>
    /// <param name="name">The name given, used when no id is.</param>
    /// <param name="connection">The platform.</param>
    /// <param name="action">What failed, for the error of a failed read: <c>Cannot remove approval connector</c>.</param>
    /// <param name="getById">True to read a connector given by id with its own GET rather than the list.</param>
    /// <param name="missingName">When true, a name no connector has is no error: null is returned with <paramref name="absent"/> true.</param>
    /// <param name="absent">True when no connector has the name.</param>
    private protected JsonObject? Resolve(string? id, string? name, RAConnection connection, string action, bool getById, bool missingName, out bool absent)
    {
        absent = false;
        if (getById && id is { Length: > 0 })
        {
            try
            {
                return Await(Api(connection).GetAsync(id, Requests, StopToken));
            }
            catch (RunAgentsApiException e) when (e.Failure == ApiFailure.NotFound)
            {
                WriteError(NotFoundException.Record($"Cannot find an approval connector with the id '{ServerText.Clean(id)}' on {connection.Uri}.", e, "ApprovalConnectorNotFound", id));
                return null;
            }
            catch (RunAgentsApiException e)
            {
                WriteApiError(e, action, ServerText.Clean(id)!, notFoundId: "ApprovalConnectorNotFound");
                return null;
            }
        }

        var all = ListAll(connection, action, ServerText.Clean(id ?? name)!);
        return all is null ? null : Find(all, id, name, connection, missingName, out absent);
    }

    /// <summary>
    /// Sets into <paramref name="fields"/> what a connector's parameters give, leaving out what is not given: type,
    /// endpoint, headers, enabled, delivery timeout and Slack mode, in that order (the order bodies have always had).
    /// </summary>
    /// <exception cref="ArgumentException">A header cannot be sent.</exception>
    private protected static void PutConfiguration(JsonObject fields, string? type, string? endpoint, Hashtable? header, bool? enabled, int? deliveryTimeoutSec, string? slackSecurityMode)
    {
        if (type is not null)
        {
            fields["type"] = type.ToLowerInvariant();
        }

        if (endpoint is not null)
        {
            fields["endpoint"] = endpoint;
        }

        if (header is not null)
        {
            fields["headers"] = Headers(header);
        }

        if (enabled is bool on)
        {
            fields["enabled"] = on;
        }

        if (deliveryTimeoutSec is int seconds)
        {
            fields["timeout_seconds"] = seconds;
        }

        if (slackSecurityMode is not null)
        {
            fields["slack_security_mode"] = slackSecurityMode.ToLowerInvariant();
        }
    }

    /// <summary>A connector's text field.</summary>
    private protected static string? Field(JsonObject item, string field) =>
        item[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>
    /// The connector an id, else a name, names in <paramref name="all"/>; null, with the error written, when none does
    /// (<c>ApprovalConnectorNotFound</c>) or when two share the name (<c>AmbiguousConnectorName</c>, naming their ids).
    /// </summary>
    /// <param name="all">The platform's connectors.</param>
    /// <param name="id">The id given, if any: it decides.</param>
    /// <param name="name">The name given, used when no id is.</param>
    /// <param name="connection">The platform, for messages.</param>
    /// <param name="missingName">When true, a name no connector has is no error: null is returned with <paramref name="absent"/> true.</param>
    /// <param name="absent">True when no connector has the name.</param>
    private JsonObject? Find(List<JsonObject> all, string? id, string? name, RAConnection connection, bool missingName, out bool absent)
    {
        absent = false;
        if (id is { Length: > 0 })
        {
            var byId = all.FirstOrDefault(c => Field(c, "id") == id);
            if (byId is null)
            {
                WriteError(NotFoundException.Record($"Cannot find an approval connector with the id '{ServerText.Clean(id)}' on {connection.Uri}.", null, "ApprovalConnectorNotFound", id));
            }

            return byId;
        }

        var named = all.Where(c => Field(c, "name") == name).ToList();
        switch (named.Count)
        {
            case 0:
                absent = true;
                if (!missingName)
                {
                    WriteError(NotFoundException.Record($"Cannot find an approval connector named '{ServerText.Clean(name)}' on {connection.Uri}.", null, "ApprovalConnectorNotFound", name ?? string.Empty));
                }

                return null;
            case 1:
                return named[0];
            default:
                var ids = string.Join(", ", named.Select(c => ServerText.Clean(Field(c, "id"))));
                WriteError(new ErrorRecord(
                    new PSInvalidOperationException($"{named.Count} approval connectors on {connection.Uri} are named '{ServerText.Clean(name)}' ({ids}): name the one meant by its id (-Id)."),
                    "AmbiguousConnectorName",
                    ErrorCategory.InvalidArgument,
                    name));
                return null;
        }
    }

    /// <summary>
    /// A document of a connector as the API's fields: the API's body, a Kubernetes-style manifest (<c>metadata.name</c>,
    /// <c>spec</c>), a Get-RAApprovalConnector object or a copy of one; fields the module does not know pass through.
    /// </summary>
    /// <exception cref="ArgumentException">The document cannot be one.</exception>
    private protected static JsonObject Fields(object input)
    {
        var given = input is PSObject wrapped ? wrapped.BaseObject : input;
        JsonObject document = given switch
        {
            ApprovalConnector live => (JsonObject)live.Document.DeepClone(),
            JsonObject read => read,
            _ => DocumentInput.From(input, "the document of the approval connector"),
        };
        if (document["spec"] is JsonObject spec)
        {
            var manifestName = document["metadata"] is JsonObject metadata ? metadata["name"]?.DeepClone() : document["name"]?.DeepClone();
            var id = document["id"]?.DeepClone();
            document = (JsonObject)spec.DeepClone();
            if (manifestName is not null && !document.ContainsKey("name"))
            {
                document["name"] = manifestName;
            }

            if (id is not null && !document.ContainsKey("id"))
            {
                document["id"] = id;
            }
        }

        var fields = new JsonObject();
        foreach (var pair in document.ToList())
        {
            document.Remove(pair.Key);
            if (s_readOnly.Contains(pair.Key))
            {
                continue;
            }

            if (string.Equals(pair.Key, "AdditionalFields", StringComparison.OrdinalIgnoreCase) && pair.Value is JsonObject more)
            {
                foreach (var extra in more.ToList())
                {
                    more.Remove(extra.Key);
                    if (!s_readOnly.Contains(extra.Key))
                    {
                        fields[extra.Key] = extra.Value;
                    }
                }

                continue;
            }

            if (string.Equals(pair.Key, "AdditionalFields", StringComparison.OrdinalIgnoreCase) && pair.Value is null or JsonValue)
            {
                // A CSV row's (text, empty when there were none) or a copy's without any.
                if (pair.Value is JsonValue extraText && extraText.TryGetValue<string>(out var extraJson) && extraJson.Trim().Length > 0
                    && (extraJson.TrimStart().StartsWith("{", StringComparison.Ordinal) ? JsonNode.Parse(extraJson) : null) is JsonObject parsed)
                {
                    foreach (var extra in parsed.ToList())
                    {
                        parsed.Remove(extra.Key);
                        if (!s_readOnly.Contains(extra.Key))
                        {
                            fields[extra.Key] = extra.Value;
                        }
                    }
                }

                continue;
            }

            var name = s_fieldNames.TryGetValue(pair.Key, out var known) ? known : pair.Key;
            fields[name] = pair.Value;
        }

        foreach (var field in new[] { "type", "slack_security_mode" })
        {
            if (fields[field] is JsonValue value && value.TryGetValue<string>(out var text))
            {
                fields[field] = text.ToLowerInvariant();
            }
        }

        // A row of Import-Csv holds text only: the headers as the JSON the export wrote, the rest as words and digits.
        if (fields["headers"] is JsonValue headerText && headerText.TryGetValue<string>(out var headerJson) && headerJson.TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            try
            {
                fields["headers"] = JsonNode.Parse(headerJson);
            }
            catch (JsonException)
            {
                // Left as it is: refused below.
            }
        }

        if (fields["enabled"] is JsonValue enabledText && enabledText.TryGetValue<string>(out var enabled) && bool.TryParse(enabled, out var on))
        {
            fields["enabled"] = on;
        }

        if (fields["timeout_seconds"] is JsonValue timeoutText && timeoutText.TryGetValue<string>(out var timeout)
            && int.TryParse(timeout, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            fields["timeout_seconds"] = seconds;
        }

        if (fields["slack_security_mode"] is JsonValue modeText && modeText.TryGetValue<string>(out var mode) && mode.Length == 0)
        {
            fields["slack_security_mode"] = null;
        }

        if (fields["headers"] is not (null or JsonObject))
        {
            throw new ArgumentException("The document's headers are not an object of header names and values.");
        }

        return fields;
    }

    /// <summary>The headers a -Header hashtable gives, their values plain (a SecureString or PSCredential read here, to be sent).</summary>
    /// <exception cref="ArgumentException">A header has no name or no value, or a value that is not text.</exception>
    private protected static JsonObject Headers(Hashtable headers)
    {
        var result = new JsonObject();
        foreach (DictionaryEntry entry in headers)
        {
            var name = (entry.Key is PSObject key ? key.BaseObject : entry.Key)?.ToString();
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("-Header has a header with no name.");
            }

            var value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
            var text = value switch
            {
                SecureString secure => new NetworkCredential(string.Empty, secure).Password,
                PSCredential credential => credential.GetNetworkCredential().Password,
                string plain => plain,
                _ => throw new ArgumentException($"-Header: the value of '{name}' is {(value is null ? "null" : "a " + value.GetType().Name)}; give a string or a SecureString."),
            };
            if (text.Length == 0)
            {
                throw new ArgumentException($"-Header: the value of '{name}' is empty.");
            }

            result[name!] = text;
        }

        return result;
    }

    /// <summary>
    /// Refuses what the platform's docs say it refuses, before anything is sent: no endpoint, an endpoint that is not an
    /// absolute URL, a webhook that is not https, strict Slack without <c>X-Slack-Signing-Secret</c>, PagerDuty without a
    /// routing-key header, an unknown type or mode, a delivery timeout outside 1..120 seconds.
    /// </summary>
    /// <exception cref="ArgumentException">The connector would be refused.</exception>
    private protected static void CheckRules(JsonObject connector)
    {
        var type = Field(connector, "type") ?? "webhook";
        if (!Types.Any(t => string.Equals(t, type, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"'{ServerText.Clean(type)}' is not a connector type: give one of {string.Join(", ", Types)}.");
        }

        if (Field(connector, "slack_security_mode") is string mode && mode is not ("compat" or "strict"))
        {
            throw new ArgumentException($"'{ServerText.Clean(mode)}' is not a Slack security mode: give Compat or Strict.");
        }

        if (connector["timeout_seconds"] is JsonNode timeout && !(timeout is JsonValue v && v.TryGetValue<int>(out var seconds) && seconds is >= 1 and <= 120))
        {
            throw new ArgumentException($"The delivery timeout ({ServerText.Clean(timeout.ToJsonString())}) must be a whole number of seconds from 1 to 120.");
        }

        var endpoint = Field(connector, "endpoint");
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw new ArgumentException("An approval connector needs an endpoint (-Endpoint): the URL approval requests are posted to.");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The endpoint '{ServerText.Clean(endpoint)}' is not an absolute http or https URL.");
        }

        if (type == "webhook" && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"A webhook connector's endpoint must use https, which '{ServerText.Clean(endpoint)}' does not: the platform refuses it.");
        }

        var headers = connector["headers"] as JsonObject ?? new JsonObject();
        bool Has(Func<string, bool> wanted) => headers.Any(h => wanted(h.Key) && h.Value is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0);
        if (type == "slack" && Field(connector, "slack_security_mode") == "strict" && !Has(k => string.Equals(k, "X-Slack-Signing-Secret", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException("A Slack connector in Strict mode needs the X-Slack-Signing-Secret header (-Header @{ 'X-Slack-Signing-Secret' = $secret }): the platform refuses it without one.");
        }

        if (type == "pagerduty" && !Has(k => k.Replace("-", string.Empty).Replace("_", string.Empty).IndexOf("routingkey", StringComparison.OrdinalIgnoreCase) >= 0))
        {
            throw new ArgumentException("A PagerDuty connector needs a routing-key header (-Header @{ 'X-Routing-Key' = $key }): the platform refuses it without one.");
        }
    }

    /// <summary>Writes an error of bad input that sent nothing.</summary>
    private protected void WriteInvalid(ArgumentException e, object? target) =>
        WriteError(new ErrorRecord(e, "InvalidApprovalConnector", ErrorCategory.InvalidArgument, target));

    /// <summary>
    /// Writes the failure of a request that must not be sent twice (a create, a test): when no answer came, the
    /// platform may have acted on it, and the message says so and what to check.
    /// </summary>
    private protected void WriteUnrepeatable(RunAgentsApiException e, string action, string target, string ifLost)
    {
        var record = ApiErrorRecord(e, action, target, notFoundId: "ApprovalConnectorNotFound");
        if (e.Failure is ApiFailure.Timeout or ApiFailure.Network || (e.Failure == ApiFailure.HttpStatus && e.StatusCode is 502 or 504))
        {
            record.ErrorDetails = new ErrorDetails($"{action} '{target}': {e.Message} No answer came, so {ifLost} The request was not sent again, whatever -MaxRetryCount says.")
            {
                RecommendedAction = record.ErrorDetails?.RecommendedAction ?? string.Empty,
            };
        }

        WriteError(record);
    }
}
