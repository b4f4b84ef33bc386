using System.Management.Automation;
using System.Text;
using RunAgents.PowerShell.Cmdlets;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// Deploy-RAAgent -Path sends only the regular files inside the folders given: links found there are refused, never
/// followed; FIFOs, devices and sockets are refused unopened; sizes are counted as read; the usual secrets and
/// bulk are left out by default, -Exclude leaves out more, and -Verbose says what is sent and what is not.
/// </summary>
public sealed class DeploySourceTests : MockServerTest
{
    // Generous: the point is that a regression fails instead of hanging the run, not how fast it is.
    private static readonly TimeSpan s_hang = TimeSpan.FromSeconds(60);

    private const string OutsideSecret = "ra_outside_key_0123456789";

    private readonly string _root;

    public DeploySourceTests(MockServerFixture fixture)
        : base(fixture)
    {
        _root = Own(new TempFolder()).Path;
    }

    /// <summary>The agent's folder, with two ordinary files.</summary>
    private string App => Path.Combine(_root, "app");

    /// <summary>A folder beside the agent's, holding what must never be sent (a CLI config file with a key, an SSH key).</summary>
    private string Outside => Path.Combine(_root, "outside");

    [UnixFact]
    public void A_link_to_a_file_outside_the_folder_is_refused_and_nothing_is_sent()
    {
        MakeTree();
        var link = Path.Combine(App, "config.json");
        File.CreateSymbolicLink(link, Path.Combine(Outside, "config.json"));

        var result = Deploy("-Path $App");

        var error = result.SingleError();
        ErrorAssert.Is(error, "SourceIsSymbolicLink", "DeployRAAgentCommand", ErrorCategory.SecurityError, link, link, "never followed", "-Exclude 'config.json'");
        AssertNothingSentNorShown(result);
    }

    [UnixFact]
    public void A_link_to_a_folder_outside_is_refused_and_not_walked()
    {
        MakeTree();
        var link = Path.Combine(App, "keys");
        Directory.CreateSymbolicLink(link, Path.Combine(Outside, ".ssh"));

        var result = Deploy("-Path $App");

        ErrorAssert.Is(result.SingleError(), "SourceIsSymbolicLink", "DeployRAAgentCommand", ErrorCategory.SecurityError, link, link, "-Exclude 'keys'");
        AssertNothingSentNorShown(result);
    }

    [UnixFact]
    public void Links_in_a_loop_are_refused_as_links_not_a_crash()
    {
        MakeTree();
        File.CreateSymbolicLink(Path.Combine(App, "loop-a"), Path.Combine(App, "loop-b"));
        File.CreateSymbolicLink(Path.Combine(App, "loop-b"), Path.Combine(App, "loop-a"));
        Directory.CreateSymbolicLink(Path.Combine(App, "lib", "up"), App);

        var result = Deploy("-Path $App");

        ErrorAssert.Is(result.SingleError(), "SourceIsSymbolicLink", "DeployRAAgentCommand", ErrorCategory.SecurityError, Path.Combine(App, "lib", "up"), "'lib/up'");
        AssertNothingSentNorShown(result);
    }

    [UnixFact]
    public void A_named_link_that_loops_is_an_error_that_says_so()
    {
        MakeTree();
        var loop = Path.Combine(_root, "loop-a");
        File.CreateSymbolicLink(loop, Path.Combine(_root, "loop-b"));
        File.CreateSymbolicLink(Path.Combine(_root, "loop-b"), loop);

        var result = Deploy("-Path (Join-Path $Root loop-a)");

        ErrorAssert.Is(result.SingleError(), "InvalidSourcePath", "DeployRAAgentCommand", ErrorCategory.ObjectNotFound, loop, loop, "symbolic link that cannot be followed");
        Assert.Empty(Journal);
    }

    [UnixFact]
    public void A_named_link_to_a_file_is_sent_under_the_links_name()
    {
        MakeTree();
        File.CreateSymbolicLink(Path.Combine(_root, "entry.py"), Path.Combine(App, "agent.py"));

        Deploy("-Path $App, (Join-Path $Root entry.py) -Exclude agent.py").AssertNoErrors();

        Assert.Equal(["entry.py", "lib/tools.py"], SentFiles().Keys);
        Assert.Equal("print('agent')", SentFiles()["entry.py"]);
    }

    [UnixFact]
    public void A_link_a_wildcard_finds_is_refused_like_one_inside_a_folder()
    {
        MakeTree();
        var link = Path.Combine(App, "zz-config.json");
        File.CreateSymbolicLink(link, Path.Combine(Outside, "config.json"));

        var result = Deploy("-Path (Join-Path $App '*')");

        ErrorAssert.Is(result.SingleError(), "SourceIsSymbolicLink", "DeployRAAgentCommand", ErrorCategory.SecurityError, link, "found by a wildcard in -Path", "-Exclude 'zz-config.json'");
        AssertNothingSentNorShown(result);

        Deploy("-Path (Join-Path $App '*') -Exclude zz-config.json").AssertNoErrors();

        Assert.Equal(["agent.py", "tools.py"], SentFiles().Keys);
    }

    [UnixFact]
    public void A_FIFO_is_refused_without_being_opened_even_under_WhatIf()
    {
        MakeTree();
        var fifo = Path.Combine(App, "pipe");
        UnixFiles.MakeFifo(fifo);

        foreach (var script in new[] { "-Path $App", "-Path $App -WhatIf", "-Path $Pipe", "-Path $Pipe -WhatIf" })
        {
            var result = DeployUnlessItHangsOn(fifo, script);

            ErrorAssert.Is(result.SingleError(), "SourceNotRegularFile", "DeployRAAgentCommand", ErrorCategory.InvalidType, fifo, fifo, "a FIFO (named pipe), not a regular file");
            Assert.Empty(Journal);
        }
    }

    [UnixFact]
    public void A_link_to_dev_zero_cannot_pass_the_size_limit()
    {
        MakeTree();
        var inside = Path.Combine(App, "zero");
        File.CreateSymbolicLink(inside, "/dev/zero");
        var named = Path.Combine(_root, "zero");
        File.CreateSymbolicLink(named, "/dev/zero");

        var found = Deploy("-Path $App -MaxSourceSizeMB 1");
        var given = Deploy("-Path (Join-Path $Root zero) -MaxSourceSizeMB 1");
        var device = Deploy("-Path /dev/zero -MaxSourceSizeMB 1");

        ErrorAssert.Is(found.SingleError(), "SourceIsSymbolicLink", "DeployRAAgentCommand", ErrorCategory.SecurityError, inside, "'/dev/zero'");
        ErrorAssert.Is(given.SingleError(), "SourceNotRegularFile", "DeployRAAgentCommand", ErrorCategory.InvalidType, named, "a character device");
        ErrorAssert.Is(device.SingleError(), "SourceNotRegularFile", "DeployRAAgentCommand", ErrorCategory.InvalidType, "/dev/zero", "a character device");
        Assert.Empty(Journal);
    }

    [LinuxFact]
    public void A_proc_file_given_directly_is_refused_once_it_holds_more_than_it_reports()
    {
        var result = Deploy("-Path /proc/self/environ");

        ErrorAssert.Is(result.SingleError(), "SourceNotRegularFile", "DeployRAAgentCommand", ErrorCategory.InvalidType, "/proc/self/environ", "holds more than the 0 bytes it reports");
        Assert.Empty(Journal);
        Assert.DoesNotContain(result.AllText(), t => t.Contains("PATH=", StringComparison.Ordinal));
    }

    [Fact]
    public void Git_env_files_virtual_environments_and_packages_are_left_out_by_default()
    {
        MakeTree();
        Write("app/.git/config", "[core]");
        Write("app/.env", "DB_PASSWORD=" + OutsideSecret);
        Write("app/.env.local", "DB_PASSWORD=" + OutsideSecret);
        Write("app/lib/.env.production", "DB_PASSWORD=" + OutsideSecret);
        Write("app/.venv/lib/site.py", "x = 1");
        Write("app/venv/bin/activate", "x");
        Write("app/py311/pyvenv.cfg", "home = /usr/bin");
        Write("app/py311/lib/site.py", "x = 1");
        Write("app/web/node_modules/left-pad/index.js", "module.exports = 1");
        Directory.CreateDirectory(Path.Combine(App, "lib", "__pycache__"));
        File.WriteAllBytes(Path.Combine(App, "lib", "__pycache__", "tools.cpython-311.pyc"), [0xcb, 0x0d, 0xff, 0xfe]);
        Write("app/web/index.js", "console.log(1)");
        Write("app/.gitignore", ".env");

        Deploy("-Path $App").AssertNoErrors();

        Assert.Equal([".gitignore", "agent.py", "lib/tools.py", "web/index.js"], SentFiles().Keys);
        Assert.DoesNotContain(OutsideSecret, Assert.Single(Journal).Body);
    }

    [Fact]
    public void A_file_named_on_the_command_line_is_sent_even_where_a_folder_would_leave_it_out()
    {
        MakeTree();
        Write("app/.env.example", "DB_PASSWORD=");

        Deploy("-Path $App, (Join-Path $App .env.example)").AssertNoErrors();

        Assert.Equal([".env.example", "agent.py", "lib/tools.py"], SentFiles().Keys);
    }

    [Fact]
    public void Exclude_leaves_out_what_matches_a_name_or_a_path_relative_to_the_folder()
    {
        MakeTree();
        Write("app/run.log", "log");
        Write("app/lib/debug.LOG", "log");
        Write("app/tests/fixtures/big.json", "{}");
        Write("app/tests/test_agent.py", "def test(): pass");
        Write("app/docs/a.md", "# a");

        Deploy(@"-Path $App -Exclude '*.log', 'tests/fixtures', 'docs\*'").AssertNoErrors();

        Assert.Equal(["agent.py", "lib/tools.py", "tests/test_agent.py"], SentFiles().Keys);
    }

    [UnixFact]
    public void Exclude_leaves_out_a_link_or_a_FIFO_that_would_be_refused()
    {
        MakeTree();
        File.CreateSymbolicLink(Path.Combine(App, "config.json"), Path.Combine(Outside, "config.json"));
        UnixFiles.MakeFifo(Path.Combine(App, "pipe"));

        DeployUnlessItHangsOn(Path.Combine(App, "pipe"), "-Path $App -Exclude config.json, pipe").AssertNoErrors();

        Assert.Equal(["agent.py", "lib/tools.py"], SentFiles().Keys);
    }

    [Fact]
    public void WhatIf_Verbose_lists_each_file_with_its_size_and_each_left_out_with_the_reason()
    {
        MakeTree();
        Write("app/.git/HEAD", "ref: refs/heads/main");
        Write("app/notes.txt", "todo");

        var result = Deploy("-Path $App -Exclude notes* -WhatIf -Verbose").AssertNoErrors();

        Assert.Empty(Journal);
        Assert.Equal(
            [
                "Left out '.git/': git's own files, left out by default.",
                "Source file 'agent.py' (14 bytes).",
                "Source file 'lib/tools.py' (15 bytes).",
                "Left out 'notes.txt': it matches -Exclude 'notes*'.",
                "Source files: 2 in all, 29 bytes.",
            ],
            result.Verbose);
    }

    [Fact]
    public void Ctrl_C_while_the_sources_are_read_stops_the_command_and_sends_nothing()
    {
        MakeTree();
        for (var i = 0; i < 200; i++)
        {
            Write($"app/data/file{i:000}.txt", new string('x', 4096));
        }

        var shell = Connected();
        using var ps = shell.Prepare("Deploy-RAAgent -Name src -Namespace finance -Path $App -Verbose");
        var stopping = false;
        ps.Streams.Verbose.DataAdded += (_, e) =>
        {
            // On the pipeline thread, at the first file read: Ctrl+C, then back to the command once it is in effect.
            if (!stopping && ps.Streams.Verbose[e.Index].Message.StartsWith("Source file '", StringComparison.Ordinal))
            {
                stopping = true;
                ps.BeginStop(null, null);
                Wire.WaitUntil(() => ps.InvocationStateInfo.State is PSInvocationState.Stopping or PSInvocationState.Stopped, s_hang, "the stop began");
                Thread.Sleep(200);
            }
        };

        var running = ps.BeginInvoke();
        Assert.True(running.AsyncWaitHandle.WaitOne(s_hang), "The command should end once stopped.");

        Assert.True(stopping, "A verbose line should have said which file was read.");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Empty(Journal);
        Assert.DoesNotContain(ps.Streams.Verbose, v => v.Message.StartsWith("Performing the operation", StringComparison.Ordinal));
    }

    [Fact]
    public void Reading_stops_before_the_next_file_once_cancelled()
    {
        MakeTree();
        using var cancel = new CancellationTokenSource();
        var reported = new List<string>();

        Assert.ThrowsAny<OperationCanceledException>(() => SourceFiles.Read(
            [new SourcePath(App, named: true)],
            new SourceExclusions(null),
            1024 * 1024,
            line =>
            {
                reported.Add(line);
                cancel.Cancel();
            },
            cancel.Token));

        Assert.Equal(["Source file 'agent.py' (14 bytes)."], reported);
    }

    [Fact]
    public void Sizes_are_counted_as_bytes_are_read_across_files()
    {
        MakeTree();
        Write("app/data/a.txt", new string('a', 600 * 1024));
        Write("app/data/b.txt", new string('b', 600 * 1024));

        var result = Deploy("-Path $App -MaxSourceSizeMB 1");

        ErrorAssert.Is(result.SingleError(), "SourceTooLarge", "DeployRAAgentCommand", ErrorCategory.LimitsExceeded, Path.Combine(App, "data", "b.txt"), "1 MB");
        Assert.Empty(Journal);
    }

    [UnixFact]
    public void A_FIFO_given_to_RequirementsPath_is_refused_without_being_opened()
    {
        MakeTree();
        var fifo = Path.Combine(App, "pipe");
        UnixFiles.MakeFifo(fifo);

        var result = DeployUnlessItHangsOn(fifo, "-Image registry.example/s:1 -RequirementsPath $Pipe -WhatIf");

        ErrorAssert.Is(result.SingleError(), "SourceNotRegularFile", "DeployRAAgentCommand", ErrorCategory.InvalidType, fifo, "a FIFO (named pipe), not a regular file");
        Assert.Empty(Journal);
    }

    [Fact]
    public void RequirementsPath_reads_UTF8_text_without_its_byte_order_mark_and_within_1_MB()
    {
        MakeTree();
        File.WriteAllText(Path.Combine(App, "requirements.txt"), "stripe==9.0.0\n", new UTF8Encoding(true));
        Write("app/big.txt", new string('x', 1024 * 1024 + 1));
        File.WriteAllBytes(Path.Combine(App, "latin1.txt"), [0x63, 0x61, 0x66, 0xE9]);

        var sent = Deploy("-Image registry.example/s:1 -RequirementsPath (Join-Path $App requirements.txt)").AssertNoErrors();
        Assert.Single(sent.Output);
        Assert.Equal("stripe==9.0.0\n", Assert.Single(Journal).JsonBody().GetProperty("requirements").GetString());

        var big = Deploy("-Image registry.example/s:1 -RequirementsPath (Join-Path $App big.txt)");
        var latin = Deploy("-Image registry.example/s:1 -RequirementsPath (Join-Path $App latin1.txt)");

        Assert.Empty(Journal);
        ErrorAssert.Is(big.SingleError(), "SourceTooLarge", "DeployRAAgentCommand", ErrorCategory.LimitsExceeded, Path.Combine(App, "big.txt"), "larger than 1 MB");
        ErrorAssert.Is(latin.SingleError(), "InvalidSourcePath", "DeployRAAgentCommand", ErrorCategory.InvalidData, Path.Combine(App, "latin1.txt"), "not UTF-8 text");
    }

    private void MakeTree()
    {
        Write("app/agent.py", "print('agent')");
        Write("app/lib/tools.py", "def tool(): ...");
        Write("outside/config.json", $$"""{"api_key":"{{OutsideSecret}}"}""");
        Write("outside/.ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY----- " + OutsideSecret);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    private TestShell Connected()
    {
        var shell = Shell();
        shell.Run("Connect-RAService -Uri $Uri -ApiKey $ApiKey").AssertNoErrors();
        shell.SetVariable("Root", _root);
        shell.SetVariable("App", App);
        shell.SetVariable("Pipe", Path.Combine(App, "pipe"));
        Server.ClearJournal();
        return shell;
    }

    private PSResult Deploy(string parameters) => Connected().Run("Deploy-RAAgent -Name src -Namespace finance " + parameters);

    /// <summary>Deploys; fails, rather than hangs, when that blocks on opening <paramref name="fifo"/>.</summary>
    private PSResult DeployUnlessItHangsOn(string fifo, string parameters)
    {
        var deploying = Task.Run(() => Deploy(parameters));
        if (!deploying.Wait(s_hang))
        {
            // Opening the FIFO for writing releases the reader stuck in open(), so the test run can end.
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("Deploy-RAAgent blocked on opening the FIFO.");
        }

        return deploying.Result;
    }

    private Dictionary<string, string> SentFiles() =>
        Assert.Single(Journal).JsonBody().GetProperty("source_files").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToDictionary(p => p.Name, p => p.Value.GetString()!);

    private void AssertNothingSentNorShown(PSResult result)
    {
        Assert.Empty(Journal);
        Assert.DoesNotContain(result.AllText(), t => t.Contains(OutsideSecret, StringComparison.Ordinal));
    }

    /// <summary>A temporary folder, deleted with the test; links in it are deleted as links, nothing they point to is touched.</summary>
    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("ra-src-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
