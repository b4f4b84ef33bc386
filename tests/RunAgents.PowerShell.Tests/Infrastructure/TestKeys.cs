namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>The keys the mock server accepts, and one it does not.</summary>
internal static class TestKeys
{
    /// <summary>A bearer key, sent as <c>Authorization: Bearer</c>.</summary>
    public const string Valid = "test-key-0123456789abcdef";

    /// <summary>A workspace key, sent in <c>X-RunAgents-API-Key</c>.</summary>
    public const string Workspace = "ra_ws_workspace-0123456789abcdef";

    /// <summary>A key the server refuses (401).</summary>
    public const string Wrong = "wrong-key-fedcba9876543210";

    /// <summary>The masked hint of <see cref="Valid"/>.</summary>
    public const string ValidHint = "****cdef";

    /// <summary>Every key a test may use; none may appear in any output.</summary>
    public static readonly string[] All = [Valid, Workspace, Wrong];
}
