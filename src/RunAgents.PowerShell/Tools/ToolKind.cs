using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Client;

/// <summary>Tools: what the module knows of them as a named resource (<c>/api/tools</c>, <c>/tools</c> on v1).</summary>
internal static class ToolKind
{
    /// <summary>The descriptor of tools.</summary>
    public static ResourceKind Kind { get; } = new()
    {
        Noun = "tool",
        Id = "Tool",
        List = ApiOperation.ListTools,
        Get = ApiOperation.GetTool,
        Create = ApiOperation.UpsertTool,
        Delete = ApiOperation.DeleteTool,
        CreateReplaces = true,
        TopFields = new[] { "credentials" },
        SecretFields = new[] { "credentials" },

        // The contract's fields, then the flat ones the CLI's and the SDK's documents use.
        SpecFields = new[] { "description", "connection", "governance", "capabilities", "riskTags", "base_url", "auth_type", "port", "scheme", "topology", "access_mode" },
        ToContract = ToContract,
    };

    /// <summary>Moves the flat fields in circulation (<c>base_url</c>, <c>auth_type</c>, <c>port</c>...) to where the contract has them.</summary>
    private static void ToContract(JsonObject spec)
    {
        Move(spec, "base_url", "connection", "baseUrl");
        Move(spec, "port", "connection", "port");
        Move(spec, "scheme", "connection", "scheme");
        Move(spec, "topology", "connection", "topology");
        Move(spec, "auth_type", "connection", "authentication", "type");
        Move(spec, "access_mode", "governance", "accessControl", "mode");
    }

    /// <summary>Moves a field to a path of objects, made as needed, unless the path has a value already.</summary>
    private static void Move(JsonObject spec, string from, params string[] to)
    {
        if (!spec.TryGetPropertyValue(from, out var value))
        {
            return;
        }

        spec.Remove(from);
        var obj = spec;
        for (var i = 0; i < to.Length - 1; i++)
        {
            if (obj[to[i]] is not JsonObject next)
            {
                next = new JsonObject();
                obj[to[i]] = next;
            }

            obj = next;
        }

        if (!obj.ContainsKey(to[to.Length - 1]))
        {
            obj[to[to.Length - 1]] = value;
        }
    }
}
