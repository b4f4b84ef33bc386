using System.Text;
using RunAgents.PowerShell.Cmdlets;
using RunAgents.PowerShell.Configuration;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// Reading a configuration folder's files in the kernel's ring (<see cref="FileBatch"/>): every regular file's bytes
/// exactly, over several rounds and past a round's chunk; nothing that is not a regular file itself is opened (a FIFO
/// would release a writer waiting for a reader); no descriptor is left open; and where the ring cannot be had nothing is
/// read there, and the folder reads the same the ordinary way. (The tests that switch it off are in this class only,
/// which xunit runs one test at a time.)
/// </summary>
public sealed class FileBatchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("runagents-batch-").FullName;

    public void Dispose()
    {
        FileBatch.Disabled = false;
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Regular_files_are_read_exactly_over_several_rounds_and_past_the_chunk()
    {
        var lengths = new[] { 1, 2, 100, FileBatch.Chunk - 1, FileBatch.Chunk, FileBatch.Chunk + 1, 70_000, 1_000_003 };
        var files = new List<(string Path, byte[] Bytes)>();
        for (var i = 0; i < (FileBatch.Files * 2) + 44; i++)
        {
            var length = lengths[i % lengths.Length];
            var bytes = Enumerable.Range(0, length).Select(b => (byte)((b * 31) + i)).ToArray();
            var path = Path.Combine(_folder, i % 7 == 0 ? $"café-ツール-{i}.json" : $"tool-{i}.json");
            File.WriteAllBytes(path, bytes);
            files.Add((path, bytes));
        }

        var read = FileBatch.Read(files.Select(f => f.Path).ToList());

        if (!OperatingSystem.IsLinux() || !FileBatch.IsAvailable)
        {
            // Not here: the ordinary reader reads them all.
            Assert.All(read, Assert.Null);
            return;
        }

        Assert.Equal(files.Count, read.Length);
        for (var i = 0; i < files.Count; i++)
        {
            Assert.True(read[i] is not null, $"'{files[i].Path}' was not read in the ring.");
            Assert.Equal(files[i].Bytes, read[i]);
        }
    }

    [Fact]
    public void What_is_not_a_regular_file_itself_is_left_to_the_ordinary_reader()
    {
        var file = Path.Combine(_folder, "tool.json");
        File.WriteAllText(file, """{"name":"tool"}""");
        var empty = Path.Combine(_folder, "empty.json");
        File.WriteAllBytes(empty, []);
        var link = Path.Combine(_folder, "link.json");
        File.CreateSymbolicLink(link, file);
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "folder.json")).FullName;
        var missing = Path.Combine(_folder, "missing.json");
        var nowhere = Path.Combine(_folder, "no-folder", "tool.json");

        var read = FileBatch.Read([file, empty, link, folder, missing, nowhere, "relative.json"]);

        Assert.Equal(OperatingSystem.IsLinux() && FileBatch.IsAvailable ? """{"name":"tool"}""" : null, read[0] is null ? null : Encoding.UTF8.GetString(read[0]!));
        Assert.All(read.Skip(1), Assert.Null);
    }

    [UnixFact]
    public async Task A_FIFO_is_not_opened()
    {
        var fifo = Path.Combine(_folder, "pipe.json");
        UnixFiles.MakeFifo(fifo);

        var file = Path.Combine(_folder, "tool.json");
        File.WriteAllText(file, "{}");

        // A writer waits in open() until a reader opens the FIFO: if the batch opened it, the writer would be let go (and
        // the batch's read would then wait for what the writer writes).
        var writer = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write));
        var reading = Task.Run(() => FileBatch.Read([fifo, file, fifo]));
        try
        {
            Assert.Same(reading, await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(10))));
            var read = await reading;
            Assert.Null(read[0]);
            Assert.Null(read[2]);

            // A writer let go takes a moment to come back from open(): it is given a second.
            Assert.NotSame(writer, await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(1))));
        }
        finally
        {
            // Lets the writer go, then closes it: a read waiting on the FIFO ends, and so does the test run.
            using (new FileStream(fifo, FileMode.Open, FileAccess.Read))
            {
                (await writer).Dispose();
            }

            await reading;
        }
    }

    [LinuxFact]
    public void No_file_is_left_open()
    {
        var paths = Enumerable.Range(0, (FileBatch.Files * 2) + 5).Select(i => Path.Combine(_folder, $"tool-{i}.json")).ToList();
        foreach (var path in paths)
        {
            File.WriteAllText(path, new string('x', (paths.IndexOf(path) * 97) % 9000 + 1));
        }

        _ = FileBatch.Read(paths);

        // The process's open files (other tests' too, which are elsewhere): none of this folder's.
        var open = Directory.GetFiles("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget).Where(target => target is not null).ToList();
        Assert.DoesNotContain(open, target => target!.StartsWith(_folder, StringComparison.Ordinal));
    }

    [Fact]
    public void A_listing_tells_each_entry_as_it_is_without_following_links()
    {
        File.WriteAllText(Path.Combine(_folder, "tool.json"), "{}");
        Directory.CreateDirectory(Path.Combine(_folder, "sub"));
        File.CreateSymbolicLink(Path.Combine(_folder, "link.json"), Path.Combine(_folder, "tool.json"));
        File.WriteAllText(Path.Combine(_folder, ".hidden"), "x");

        var listing = FileBatch.List(_folder);

        if (!OperatingSystem.IsLinux() || !FileBatch.IsAvailable)
        {
            Assert.Null(listing);
            return;
        }

        Assert.Equal(_folder, listing!.Path);
        Assert.Equal(
            [(".hidden", FileKind.Regular), ("link.json", FileKind.SymbolicLink), ("sub", FileKind.Directory), ("tool.json", FileKind.Regular)],
            listing.Entries.OrderBy(e => e.Name, StringComparer.Ordinal));
        Assert.Equal([".hidden", "tool.json"], listing.RegularFiles.Order(StringComparer.Ordinal));
        Assert.Null(FileBatch.List(Path.Combine(_folder, "tool.json")));
        Assert.Null(FileBatch.List(Path.Combine(_folder, "missing")));
    }

    [Fact]
    public void Switched_off_nothing_is_read_there_and_a_folder_reads_the_same()
    {
        var kind = ConfigurationKinds.All.First(k => k.Folder == "tools");
        var tools = Directory.CreateDirectory(Path.Combine(_folder, "tools")).FullName;
        for (var i = 0; i < 40; i++)
        {
            File.WriteAllText(Path.Combine(tools, $"tool-{i}.json"), $$$"""{"name":"tool-{{{i}}}","spec":{"description":"{{{new string('d', i * 150)}}}"}}""" + "\n");
        }

        File.WriteAllBytes(Path.Combine(tools, "empty.json"), []);
        File.CreateSymbolicLink(Path.Combine(tools, "link.json"), Path.Combine(tools, "tool-1.json"));
        File.WriteAllText(Path.Combine(tools, "tool.yaml"), "name: x");
        File.WriteAllText(Path.Combine(tools, "notes.txt"), "x");
        Directory.CreateDirectory(Path.Combine(tools, "nested"));
        Directory.CreateDirectory(Path.Combine(tools, ".git"));
        Directory.CreateSymbolicLink(Path.Combine(tools, "to-folder"), Path.Combine(_folder, "tools", "nested"));
        File.CreateSymbolicLink(Path.Combine(tools, "dangling.json"), Path.Combine(tools, "gone.json"));
        if (OperatingSystem.IsLinux())
        {
            UnixFiles.MakeFifo(Path.Combine(tools, "pipe.json"));
        }

        var inRing = ConfigurationFile.ListFolder(_folder, [kind]);
        ConfigurationFile.LoadFiles(inRing);
        FileBatch.Disabled = true;
        Assert.Null(FileBatch.List(tools));
        Assert.All(FileBatch.Read(inRing.Files.Select(f => f.File).ToList()), Assert.Null);
        var ordinary = ConfigurationFile.ListFolder(_folder, [kind]);
        ConfigurationFile.LoadFiles(ordinary);

        Assert.Equal(OperatingSystem.IsLinux() && FileBatch.IsAvailable, inRing.Listings.Count == 1);
        Assert.Empty(ordinary.Listings);
        Assert.Equal(OperatingSystem.IsLinux() ? 44 : 43, inRing.Files.Count);
        Assert.Equal(ordinary.Files.Select(f => f.File), inRing.Files.Select(f => f.File));
        Assert.Equal(ordinary.Problems.Select(p => (p.Id, p.Path, p.Message)), inRing.Problems.Select(p => (p.Id, p.Path, p.Message)));
        Assert.Equal(
            ["ConfigurationFolderNested", "ConfigurationFolderNested", "ConfigurationFileUnknown", "ConfigurationFileYaml"],
            inRing.Problems.Where(p => !p.Message.Contains("FIFO", StringComparison.Ordinal)).Select(p => p.Id));
        for (var i = 0; i < ordinary.Files.Count; i++)
        {
            Assert.Equal(ordinary.Files[i].Bytes, inRing.Files[i].Bytes);
            Assert.Equal(ordinary.Files[i].Error, inRing.Files[i].Error);
            Assert.Equal(ordinary.Files[i].Special, inRing.Files[i].Special);
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(tools, "tool-39.json")), inRing.Files.Single(f => f.File.EndsWith("tool-39.json", StringComparison.Ordinal)).Bytes);
    }
}
