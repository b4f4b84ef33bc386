namespace RunAgents.MockServer;

/// <summary>Where an API request points: its generation and the path below that generation's base.</summary>
/// <param name="Generation">Which API generation the path belongs to.</param>
/// <param name="Workspace">The workspace named in a v1 path, if any (the mock serves every workspace alike).</param>
/// <param name="Resource">The segments below the base: all of them on the namespaced API, those after /api/v1[/workspaces/{ws}] on v1.</param>
internal sealed record ApiRoute(ApiGeneration Generation, string? Workspace, IReadOnlyList<string> Resource)
{
    // The namespaced generation is not all under /api: governance and runs sit at the root (spec section 1).
    private static readonly string[] s_apiRoots = ["api", "governance", "runs"];

    /// <summary>Whether the target belongs to the API (and so to the journal, faults and auth).</summary>
    public static bool IsApiTarget(RequestTarget target) => s_apiRoots.Any(target.StartsWith);

    /// <summary>Splits a target into generation, workspace and resource segments.</summary>
    public static ApiRoute Parse(RequestTarget target)
    {
        IReadOnlyList<string> segments = target.Segments;
        if (segments.Count < 2 || segments[0] != "api" || segments[1] != "v1")
        {
            return new ApiRoute(ApiGeneration.Namespaced, null, segments);
        }

        return segments.Count >= 4 && segments[2] == "workspaces"
            ? new ApiRoute(ApiGeneration.V1, segments[3], segments.Skip(4).ToArray())
            : new ApiRoute(ApiGeneration.V1, null, segments.Skip(2).ToArray());
    }

    /// <summary>Whether <see cref="Resource"/> starts with <paramref name="prefix"/>.</summary>
    public bool Under(IReadOnlyList<string> prefix) => Resource.Take(prefix.Count).SequenceEqual(prefix, StringComparer.Ordinal);
}
