using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>How tests put platform objects in place, shared by the control API and the in-process API.</summary>
internal static class PlatformArrange
{
    /// <summary>Stores access requests given as snake_case JSON (one or an array); missing id, status and times are filled in. Returns the ids.</summary>
    public static IReadOnlyList<string> PutAccessRequests(MockState state, string json)
    {
        AccessRequest[] requests = JsonRead.Objects(json, "access request")
            .Select(o => o.Deserialize<AccessRequest>(MockJson.SnakeCase) ?? throw new ArgumentException("expected an access request"))
            .ToArray();
        return requests.Select(r => state.AccessRequests.Add(r).Id).ToArray();
    }

    /// <summary>Stores runs given as snake_case JSON (one or an array), each with optional "events": [{"type","actor","data"}]. Returns the ids.</summary>
    public static IReadOnlyList<string> PutRuns(MockState state, string json)
    {
        (Run Run, RunStep[] Steps)[] runs = JsonRead.Objects(json, "run")
            .Select(o => (o.Deserialize<Run>(MockJson.SnakeCase) ?? throw new ArgumentException("expected a run"), Steps(o["events"])))
            .ToArray();
        return runs.Select(r => state.Runs.Create(r.Run, r.Steps).Id).ToArray();
    }

    /// <summary>Sets the delays named in a {"deployReadyMs","resumeMs","invokeLatencyMs"} body.</summary>
    public static void SetDelays(MockState state, string json)
    {
        DelaysRequest request = JsonSerializer.Deserialize<DelaysRequest>(json, MockJson.Options) ?? throw new ArgumentException("expected delays");
        state.Delays.DeployReadyMs = request.DeployReadyMs ?? state.Delays.DeployReadyMs;
        state.Delays.ResumeMs = request.ResumeMs ?? state.Delays.ResumeMs;
        state.Delays.InvokeLatencyMs = request.InvokeLatencyMs ?? state.Delays.InvokeLatencyMs;
    }

    /// <summary>Sets what a {"v1Duplicates": "ambiguous" | "first"} body names.</summary>
    public static void SetBehaviour(MockState state, string json)
    {
        JsonObject body = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("expected an object");
        if (JsonRead.String(body, "v1Duplicates") is string duplicates)
        {
            state.Behaviour.V1ResolvesFirst = duplicates switch
            {
                "first" => true,
                "ambiguous" => false,
                _ => throw new ArgumentException("v1Duplicates must be ambiguous or first"),
            };
        }
    }

    /// <summary>The current behaviour, as the control API shows it.</summary>
    public static JsonObject Behaviour(MockState state) => new()
    {
        ["v1Duplicates"] = state.Behaviour.V1ResolvesFirst ? "first" : "ambiguous",
    };

    /// <summary>The current delays, as the control API shows them.</summary>
    public static JsonObject Delays(MockState state) => new()
    {
        ["deployReadyMs"] = state.Delays.DeployReadyMs,
        ["resumeMs"] = state.Delays.ResumeMs,
        ["invokeLatencyMs"] = state.Delays.InvokeLatencyMs,
    };

    /// <summary>The list behind /_mock/tools, /_mock/model-providers, /_mock/policies or /_mock/identity-providers; null for any other name.</summary>
    public static NamedList? CatalogList(MockState state, string resource) => resource switch
    {
        "tools" => state.Catalog.Tools,
        "model-providers" => state.Catalog.ModelProviders,
        "policies" => state.Catalog.Policies,
        "identity-providers" => state.Catalog.IdentityProviders,
        _ => null,
    };

    private static RunStep[] Steps(JsonNode? events) =>
        (events as JsonArray ?? [])
            .Select(e => e is JsonObject item && JsonRead.String(item, "type") is string type
                ? new RunStep(type, JsonRead.String(item, "actor") ?? "platform", item["data"]?.DeepClone() as JsonObject ?? [])
                : throw new ArgumentException("every event needs a string \"type\""))
            .ToArray();
}
