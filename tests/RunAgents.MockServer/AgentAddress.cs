namespace RunAgents.MockServer;

/// <summary>An agent as a request named it: its key, and how messages about it spell it ("ns/name" on the namespaced API, "name" on v1).</summary>
/// <param name="Key">Namespace and name.</param>
/// <param name="Display">The spelling used in "agent ... not found".</param>
internal sealed record AgentAddress(AgentKey Key, string Display)
{
    /// <summary>An agent named by namespace and name.</summary>
    public static AgentAddress Namespaced(string ns, string name)
    {
        var key = new AgentKey(ns, name);
        return new AgentAddress(key, key.ToString());
    }
}
