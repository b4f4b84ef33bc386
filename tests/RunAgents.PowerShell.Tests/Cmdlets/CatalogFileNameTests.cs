using System.IO;
using RunAgents.PowerShell.Cmdlets;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// Which server-supplied file names Save-RACatalogAgent writes: only those that stay inside the folder, whatever the
/// operating system would make of them (absolute paths, '..', drive letters, UNC, stream names, control characters).
/// </summary>
public sealed class CatalogFileNameTests
{
    private static readonly string s_folder = Path.Combine(Path.GetTempPath(), "ra-catalog-names");

    [Theory]
    [InlineData("../evil.py")]
    [InlineData("..\\evil.py")]
    [InlineData("sub/../../up.py")]
    [InlineData("sub/..")]
    [InlineData("/etc/x")]
    [InlineData("\\etc\\x")]
    [InlineData("\\\\server\\share\\x.py")]
    [InlineData("//server/share/x.py")]
    [InlineData("C:\\x.py")]
    [InlineData("C:x.py")]
    [InlineData("agent.py:stream")]
    [InlineData("a//b.py")]
    [InlineData("./agent.py")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("bad\u0000name")]
    [InlineData("line\nbreak.py")]
    [InlineData("runagents.catalog.json")]
    [InlineData("CON")]
    [InlineData("nul.txt")]
    [InlineData("sub/com1.py")]
    [InlineData("LPT9")]
    [InlineData("agent.py.")]
    [InlineData("sub /agent.py")]
    public void A_name_that_could_land_outside_the_folder_is_refused(string key)
    {
        Assert.NotNull(SaveRACatalogAgentCommand.Problem(s_folder, key, out var target));
        Assert.Equal(string.Empty, target);
    }

    [Theory]
    [InlineData("agent.py", "agent.py")]
    [InlineData("prompts/triage.md", "prompts/triage.md")]
    [InlineData("a/b/c/d.txt", "a/b/c/d.txt")]
    [InlineData("..hidden", "..hidden")]
    [InlineData("x..y.py", "x..y.py")]
    [InlineData("console.py", "console.py")]
    [InlineData("com10.py", "com10.py")]
    public void A_name_inside_the_folder_is_written_there(string key, string relative)
    {
        Assert.Null(SaveRACatalogAgentCommand.Problem(s_folder, key, out var target));
        Assert.Equal(Path.GetFullPath(Path.Combine(s_folder, relative)), target);
    }
}
