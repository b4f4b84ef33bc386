using System.Text;
using RunAgents.PowerShell.Cmdlets;
using RunAgents.PowerShell.Tests.Infrastructure;

namespace RunAgents.PowerShell.Tests.Cmdlets;

/// <summary>
/// Reading a file of a configuration folder (<see cref="FileKinds.ReadFile"/>): its bytes as they are, whatever their
/// length; a FIFO or a device, itself or at the end of a link, is told without being opened (opening a FIFO waits for a
/// writer, a device never ends); and what cannot be read fails as .NET says it does.
/// </summary>
public sealed class FileReadTests : IDisposable
{
    private static readonly TimeSpan s_hang = TimeSpan.FromSeconds(10);
    private readonly string _folder = Directory.CreateTempSubdirectory("runagents-read-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(70_000)]
    [InlineData(1_000_003)]
    public void A_regular_file_gives_its_bytes_exactly(int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 31 % 251)).ToArray();
        var path = Path.Combine(_folder, "tool.json");
        File.WriteAllBytes(path, bytes);

        Assert.Equal(bytes, FileKinds.ReadFile(path, out var kind));
        Assert.Equal(FileKind.Regular, kind);
    }

    [Fact]
    public void An_empty_file_gives_no_bytes()
    {
        var path = Path.Combine(_folder, "empty.json");
        File.WriteAllBytes(path, []);

        Assert.Empty(FileKinds.ReadFile(path, out _)!);
    }

    [Fact]
    public void A_name_in_any_script_and_a_link_to_a_file_are_read()
    {
        var path = Path.Combine(_folder, "café-ツール.json");
        File.WriteAllText(path, """{"name":"café"}""", new UTF8Encoding(false));
        var link = Path.Combine(_folder, "link.json");
        File.CreateSymbolicLink(link, path);

        Assert.Equal("""{"name":"café"}""", Encoding.UTF8.GetString(FileKinds.ReadFile(path, out _)!));
        Assert.Equal("""{"name":"café"}""", Encoding.UTF8.GetString(FileKinds.ReadFile(link, out var kind)!));
        Assert.Equal(FileKind.Regular, kind);
    }

    [UnixFact]
    public async Task A_FIFO_itself_or_behind_a_link_is_told_and_not_opened()
    {
        var fifo = Path.Combine(_folder, "pipe.json");
        UnixFiles.MakeFifo(fifo);

        var link = Path.Combine(_folder, "to-pipe.json");
        File.CreateSymbolicLink(link, fifo);

        foreach (var path in new[] { fifo, link })
        {
            var reading = Task.Run(() => (Bytes: FileKinds.ReadFile(path, out var kind), Kind: kind));
            if (await Task.WhenAny(reading, Task.Delay(s_hang)) != reading)
            {
                // Opening the FIFO for writing releases the reader stuck in open(), so the test run can end.
                using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
                {
                }

                Assert.Fail($"Reading '{path}' opened the FIFO.");
            }

            var (bytes, kind) = await reading;
            Assert.Null(bytes);
            Assert.Equal(FileKind.Fifo, kind);
        }
    }

    [UnixFact]
    public void A_link_to_a_device_is_told_and_not_read()
    {
        var link = Path.Combine(_folder, "zero.json");
        File.CreateSymbolicLink(link, "/dev/zero");

        Assert.Null(FileKinds.ReadFile(link, out var kind));
        Assert.Equal(FileKind.CharacterDevice, kind);
    }

    [Fact]
    public void What_cannot_be_read_fails_as_dotnet_says()
    {
        var missing = Path.Combine(_folder, "missing.json");
        var dangling = Path.Combine(_folder, "dangling.json");
        File.CreateSymbolicLink(dangling, Path.Combine(_folder, "gone.json"));
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "folder.json")).FullName;

        Assert.Equal(Assert.ThrowsAny<IOException>(() => File.ReadAllBytes(missing)).Message, Assert.ThrowsAny<IOException>(() => FileKinds.ReadFile(missing, out _)).Message);
        Assert.ThrowsAny<IOException>(() => FileKinds.ReadFile(dangling, out _));
        Assert.Equal(
            Assert.ThrowsAny<UnauthorizedAccessException>(() => File.ReadAllBytes(folder)).Message,
            Assert.ThrowsAny<UnauthorizedAccessException>(() => FileKinds.ReadFile(folder, out _)).Message);
    }
}
