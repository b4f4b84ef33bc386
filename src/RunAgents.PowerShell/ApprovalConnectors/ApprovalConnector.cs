using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Models;

/// <summary>
/// An approval connector: where the platform delivers approval requests (a Slack channel, a PagerDuty service, a
/// webhook). Identified by the id the platform gives it (<c>ac_...</c>); its name need not be unique.
/// </summary>
/// <remarks>
/// Its header values are secrets, which the platform answers in clear: the object holds them masked
/// (<c>****abcd</c>) unless Get-RAApprovalConnector -IncludeSecret asked for them.
/// </remarks>
public sealed class ApprovalConnector : PlatformObject
{
    /// <summary>The fields the object models; the others are in <see cref="AdditionalFields"/>.</summary>
    internal static readonly string[] Modelled = { "id", "name", "type", "endpoint", "headers", "enabled", "timeout_seconds", "slack_security_mode", "created_at", "updated_at" };

    private JsonObject _document = new();

    /// <summary>The id the platform gave it, such as <c>ac_7f3a</c>.</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>Its name, which policies' approval bindings use in <c>delivery.connectors</c>.</summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>Where it delivers: <c>webhook</c>, <c>slack</c>, <c>teams</c>, <c>jira</c> or <c>pagerduty</c>.</summary>
    public string Type { get; private set; } = string.Empty;

    /// <summary>The URL the platform posts approval requests to.</summary>
    public string? Endpoint { get; private set; }

    /// <summary>True when the platform delivers through it.</summary>
    public bool Enabled { get; private set; }

    /// <summary>How long the platform waits for a delivery, in seconds (the connector's <c>timeout_seconds</c>).</summary>
    public int? TimeoutSec { get; private set; }

    /// <summary>For Slack: <c>strict</c> (signed requests only) or <c>compat</c>.</summary>
    public string? SlackSecurityMode { get; private set; }

    /// <summary>The names of the headers sent with each delivery.</summary>
    public JoinedList<string> HeaderNames { get; private set; } = new(Array.Empty<string>(), ", ");

    /// <summary>The headers sent with each delivery, their values masked (<c>****abcd</c>) unless -IncludeSecret was given.</summary>
    public JsonFields Headers { get; private set; } = JsonFields.Empty;

    /// <summary>When it was created.</summary>
    public DateTimeOffset? Created { get; private set; }

    /// <summary>When it was last changed.</summary>
    public DateTimeOffset? Updated { get; private set; }

    /// <summary>The fields the platform sent that the object does not model, as plain values.</summary>
    public JsonFields AdditionalFields { get; private set; } = JsonFields.Empty;

    /// <summary>True when <see cref="Headers"/> holds the values in clear (-IncludeSecret).</summary>
    internal bool SecretsIncluded { get; private set; }

    /// <summary>The connector as the platform sent it, its header values masked unless <see cref="SecretsIncluded"/>.</summary>
    internal JsonObject Document => _document;

    /// <summary>Its JSON text, as -Raw writes it: masked the same way.</summary>
    internal string Json { get; private set; } = "{}";

    /// <summary>The connector a server's object stands for; its header values are masked unless <paramref name="includeSecret"/>.</summary>
    internal static ApprovalConnector From(JsonObject item, bool includeSecret)
    {
        var document = (JsonObject)item.DeepClone();
        if (!includeSecret)
        {
            ConnectorSecrets.MaskHeaders(document);
        }

        var connector = new ApprovalConnector { _document = document, SecretsIncluded = includeSecret };
        connector.Id = Text(document, "id") ?? string.Empty;
        connector.Name = Text(document, "name") ?? string.Empty;
        connector.Type = Text(document, "type") ?? "webhook";
        connector.Endpoint = Text(document, "endpoint");
        connector.Enabled = document["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) ? on : true;
        connector.TimeoutSec = document["timeout_seconds"] is JsonValue timeout && timeout.TryGetValue<int>(out var seconds) ? seconds : null;
        connector.SlackSecurityMode = Text(document, "slack_security_mode");
        var headers = document["headers"] as JsonObject;
        connector.HeaderNames = new JoinedList<string>(headers?.Select(h => ServerText.Clean(h.Key)!).ToList() ?? new List<string>(), ", ");
        connector.Headers = JsonFields.From(Elements(headers, null));
        connector.Created = Time(document, "created_at");
        connector.Updated = Time(document, "updated_at");
        connector.AdditionalFields = JsonFields.From(Elements(document, Modelled));
        connector.Json = ServerText.Clean(document.ToJsonString())!;
        return connector;
    }

    /// <summary>The connector's name and id.</summary>
    public override string ToString() => $"{Name} ({Id})";

    private static string? Text(JsonObject obj, string field) =>
        obj[field] is JsonValue value && value.TryGetValue<string>(out var text) ? ServerText.Clean(text) : null;

    private static DateTimeOffset? Time(JsonObject obj, string field) =>
        Text(obj, field) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : null;

    private static Dictionary<string, JsonElement>? Elements(JsonObject? obj, string[]? except)
    {
        if (obj is null)
        {
            return null;
        }

        var fields = new Dictionary<string, JsonElement>();
        foreach (var pair in obj)
        {
            if (except is null || Array.IndexOf(except, pair.Key) < 0)
            {
                fields[pair.Key] = JsonDocument.Parse(pair.Value?.ToJsonString() ?? "null").RootElement.Clone();
            }
        }

        return fields;
    }
}

/// <summary>One check of a connector test: what was checked, whether it passed, and why not.</summary>
public sealed class ApprovalConnectorCheck
{
    /// <summary>The check's id, such as <c>auth</c>.</summary>
    public string? Id { get; internal set; }

    /// <summary>The check in words.</summary>
    public string? Label { get; internal set; }

    /// <summary><c>pass</c> or <c>fail</c>, as the platform says.</summary>
    public string? Status { get; internal set; }

    /// <summary>What the platform found.</summary>
    public string? Message { get; internal set; }

    /// <summary>How long the check took, in milliseconds.</summary>
    public long? DurationMs { get; internal set; }

    /// <summary>The check's label and status.</summary>
    public override string ToString() => $"{Label ?? Id}: {Status}";
}

/// <summary>The result of a connector test: healthy or not, and each check. An unhealthy result is not an error.</summary>
public sealed class ApprovalConnectorTestResult : PlatformObject
{
    /// <summary>The connector tested, by name; null for a configuration tested before it is created.</summary>
    public string? Name { get; internal set; }

    /// <summary>The connector tested, by id; null for a configuration tested before it is created.</summary>
    public string? Id { get; internal set; }

    /// <summary><c>healthy</c> or <c>unhealthy</c>, as the platform says.</summary>
    public string? Status { get; internal set; }

    /// <summary>True when the platform says <c>healthy</c>.</summary>
    public bool Healthy { get; internal set; }

    /// <summary>The connector's type, as the platform tested it.</summary>
    public string? ConnectorType { get; internal set; }

    /// <summary>The endpoint tested.</summary>
    public string? Endpoint { get; internal set; }

    /// <summary>Each check the platform made.</summary>
    public ApprovalConnectorCheck[] Checks { get; internal set; } = Array.Empty<ApprovalConnectorCheck>();

    /// <summary>The failed checks' messages, joined: why it is unhealthy.</summary>
    public string FailedChecks => string.Join("; ", Checks.Where(c => !string.Equals(c.Status, "pass", StringComparison.OrdinalIgnoreCase) && !string.Equals(c.Status, "ok", StringComparison.OrdinalIgnoreCase)).Select(c => $"{c.Id}: {c.Message}"));

    /// <summary>What was tested, and its status.</summary>
    public override string ToString() => $"{Name ?? Endpoint}: {Status}";
}

/// <summary>How approval requests are delivered when a policy's binding does not say: the workspace's defaults.</summary>
public sealed class ApprovalConnectorDefaults : PlatformObject
{
    /// <summary><c>first_success</c> (stop at the first connector that delivers) or <c>all</c>.</summary>
    public string? DeliveryMode { get; internal set; }

    /// <summary>True when a request no connector delivered still shows in the platform's own approvals page.</summary>
    public bool? FallbackToUI { get; internal set; }

    /// <summary>How long a delivery may take by default, in seconds.</summary>
    public int? DeliveryTimeoutSec { get; internal set; }

    /// <summary>The shortest delivery timeout the platform accepts, in seconds.</summary>
    public int? MinTimeoutSec { get; internal set; }

    /// <summary>The longest delivery timeout the platform accepts, in seconds.</summary>
    public int? MaxTimeoutSec { get; internal set; }

    /// <summary>The fields the platform sent that the object does not model.</summary>
    public JsonFields AdditionalFields { get; internal set; } = JsonFields.Empty;

    /// <summary>The mode and the timeout.</summary>
    public override string ToString() => $"{DeliveryMode}, {DeliveryTimeoutSec} s";
}

/// <summary>One delivery event of the approval connectors: a request delivered, a decision received, a failure, a test.</summary>
public sealed class ApprovalConnectorActivity : PlatformObject
{
    /// <summary>The event's id.</summary>
    public string? Id { get; internal set; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset? Time { get; internal set; }

    /// <summary>What happened: <c>delivered</c>, <c>decision</c>, <c>failed</c>, <c>test</c>...</summary>
    public string? Event { get; internal set; }

    /// <summary>The connector's id.</summary>
    public string? ConnectorId { get; internal set; }

    /// <summary>The connector's name.</summary>
    public string? ConnectorName { get; internal set; }

    /// <summary>The access request delivered.</summary>
    public string? RequestId { get; internal set; }

    /// <summary>The run that asked for approval.</summary>
    public string? RunId { get; internal set; }

    /// <summary>The blocked action the request is about.</summary>
    public string? ActionId { get; internal set; }

    /// <summary>Who decided, for a decision.</summary>
    public string? ApproverId { get; internal set; }

    /// <summary>The decision received, for a decision.</summary>
    public string? Decision { get; internal set; }

    /// <summary>The HTTP status the connector's endpoint answered with.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>How long the delivery took, in milliseconds.</summary>
    public long? DurationMs { get; internal set; }

    /// <summary>The platform's words.</summary>
    public string? Message { get; internal set; }

    /// <summary>The fields the platform sent that the object does not model.</summary>
    public JsonFields AdditionalFields { get; internal set; } = JsonFields.Empty;

    /// <summary>The event and the connector.</summary>
    public override string ToString() => $"{Event} {ConnectorName ?? ConnectorId}";
}
