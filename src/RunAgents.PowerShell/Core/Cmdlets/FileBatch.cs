using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Reads many small regular files with a handful of system calls, on Linux, through the kernel's submission ring
/// (io_uring): a configuration folder holds hundreds of files, and reading each with its own calls (stat, open, read,
/// close: <see cref="FileKinds.ReadFile"/>) cost more than everything else a compare does on a machine where a system
/// call is dear (a virtual machine's).
/// </summary>
/// <remarks>
/// <para>
/// Only what the folder's listing (<c>getdents64</c>) says is a regular file itself is read here: a link, a FIFO, a
/// device or an entry of a kind the file system does not tell is never opened here, and is the ordinary reader's (which
/// asks what it is before it opens it). Each round opens up to <see cref="Files"/> files by name from their folder,
/// which the listing opened (read only, non-blocking, closed on exec, no controlling terminal), reads the first
/// <see cref="Chunk"/> bytes of each from offset 0, and closes them: three calls to the system for the round. A file
/// that fills its chunk is read whole, from its start, with ordinary reads before it is closed.
/// </para>
/// <para>
/// What this cannot read is left to the ordinary reader, which then says why it fails (the answer's entry is null): a
/// file that is empty, one that cannot be opened or read (missing, no access, replaced meanwhile), and every file where
/// the ring cannot be had (another system than Linux on x64 or Arm64, a kernel older than 5.6, a sandbox that refuses
/// io_uring): then nothing is read here, and <see cref="IsAvailable"/> is false.
/// </para>
/// <para>
/// The ring (a descriptor, closed on exec, and some 30 KiB mapped) and the buffers the kernel reads into
/// (<see cref="Files"/> × <see cref="Chunk"/> bytes and the names', 576 KiB) are made on the first read and are the
/// process's for good: memory the kernel writes to is never given back while it might still write, and making the ring
/// anew each time cost a tenth of a read. One reader at a time uses them; another thread meanwhile reads the ordinary
/// way.
/// </para>
/// </remarks>
internal static class FileBatch
{
    /// <summary>The files of a round: the ring's size.</summary>
    internal const int Files = 128;

    /// <summary>The bytes read of each file in the ring; a file that fills them is read whole with ordinary reads.</summary>
    internal const int Chunk = 4096;

    private const int PathBytes = 64 * 1024;
    private const int ListBytes = 32 * 1024;

    // The largest file read here (larger ones are .NET's to read, or to refuse).
    private const int MaxWhole = 256 * 1024 * 1024;

    // The system calls (the same numbers on every architecture for io_uring; getdents64 differs).
    private const long SysIoUringSetup = 425;
    private const long SysIoUringEnter = 426;
    private const long SysGetDents64X64 = 217;
    private const long SysGetDents64Arm64 = 61;

    // io_uring's operations, flags and the offsets of its rings (linux/io_uring.h).
    private const byte OpOpenAt = 18;
    private const byte OpClose = 19;
    private const byte OpRead = 22;
    private const uint EnterGetEvents = 1;
    private const uint FeatureSingleMmap = 1 << 0;
    private const uint FeatureReadCurrentPosition = 1 << 3; // 5.6, the kernel that has open, read and close in the ring
    private const long OffsetSqRing = 0;
    private const long OffsetCqRing = 0x8000000;
    private const long OffsetSqes = 0x10000000;
    private const int SqeBytes = 64;
    private const int CqeBytes = 16;
    private const int ParamsBytes = 120;

    // Linux's values (x64 and Arm64 alike): the open flags, mmap's, errno's and a listing's type of a regular file.
    private const int OpenFlags = 0x800 /* O_NONBLOCK */ | 0x100 /* O_NOCTTY */ | 0x80000 /* O_CLOEXEC */;
    private const int ProtReadWrite = 0x3;
    private const int MapSharedPopulate = 0x1 | 0x8000;
    private const int ErrorInterrupted = 4;
    private const int ErrorInvalid = 22;
    private const byte TypeFifo = 1;
    private const byte TypeCharacterDevice = 2;
    private const byte TypeDirectory = 4;
    private const byte TypeBlockDevice = 6;
    private const byte TypeRegular = 8;
    private const byte TypeSymbolicLink = 10;
    private const byte TypeSocket = 12;

    private static readonly long s_getDents = !RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? -1 : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => SysGetDents64X64,
        Architecture.Arm64 => SysGetDents64Arm64,
        _ => -1,
    };

    private static readonly object s_lock = new();
    private static IntPtr s_buffers;
    private static Ring? s_ring;

    [ThreadStatic]
    private static byte[]? t_listing;
    private static volatile bool s_refused;

    /// <summary>False where nothing is read here (see the remarks); true until the system has refused the ring.</summary>
    internal static bool IsAvailable => s_getDents > 0 && !s_refused;

    /// <summary>Tests only: reads nothing here, as where the ring cannot be had.</summary>
    internal static bool Disabled { get; set; }

    /// <summary>
    /// The bytes of each of <paramref name="paths"/> that is a regular file, not empty; null for each other (and for all
    /// when nothing can be read here), which the ordinary reader is then to read.
    /// </summary>
    /// <param name="paths">The files' full paths.</param>
    /// <param name="listings">Listings of the files' folders already made (by <see cref="List"/>), which are then not made again.</param>
    public static byte[]?[] Read(IReadOnlyList<string> paths, IEnumerable<FolderListing>? listings = null)
    {
        var read = new byte[]?[paths.Count];
        if (!IsAvailable || Disabled || paths.Count == 0 || !Monitor.TryEnter(s_lock))
        {
            return read;
        }

        var folders = new Dictionary<string, Folder?>(StringComparer.Ordinal);
        try
        {
            if (s_buffers == IntPtr.Zero)
            {
                s_buffers = Marshal.AllocHGlobal(Files * Chunk + PathBytes);
            }

            var listed = new Dictionary<string, FolderListing>(StringComparer.Ordinal);
            foreach (var listing in listings ?? Array.Empty<FolderListing>())
            {
                listed[listing.Path] = listing;
            }

            var regular = Regular(paths, folders, listed);
            if (regular.Count > 0 && (s_ring ??= Ring.Open()) is Ring ring)
            {
                for (var start = 0; start < regular.Count;)
                {
                    var taken = ReadRound(ring, paths, regular, start, read);
                    if (taken == 0)
                    {
                        break;
                    }

                    start += taken;
                }
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_refused = true;
        }
        finally
        {
            foreach (var folder in folders.Values)
            {
                if (folder is not null)
                {
                    _ = SystemNative.Close(new IntPtr(folder.Fd));
                }
            }

            Monitor.Exit(s_lock);
        }

        return read;
    }

    /// <summary>
    /// The entries of <paramref name="folder"/> (but <c>.</c> and <c>..</c>), each with what its listing says it is
    /// (a link is <see cref="FileKind.SymbolicLink"/>, not what it leads to; an entry the file system does not tell is
    /// <see cref="FileKind.Unknown"/>), in no order, from one listing; null where nothing can be listed here (see
    /// <see cref="IsAvailable"/>) or the folder cannot be listed, which .NET then lists.
    /// </summary>
    public static FolderListing? List(string folder)
    {
        if (!IsAvailable || Disabled)
        {
            return null;
        }

        // The thread's buffer, pinned while the kernel writes into it (memory kept, not made anew: fresh pages cost a fault each).
        var buffer = t_listing ??= new byte[ListBytes];
        var pinned = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        var fd = new IntPtr(-1);
        try
        {
            fd = SystemNative.Open(SystemNative.Path(folder), SystemNative.OpenReadOnlyCloseOnExec, 0);
            var entries = fd == new IntPtr(-1) ? null : Entries(fd, pinned.AddrOfPinnedObject(), ListBytes);
            return entries is null ? null : new FolderListing(folder, entries);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_refused = true;
            return null;
        }
        finally
        {
            if (fd != new IntPtr(-1))
            {
                _ = SystemNative.Close(fd);
            }

            pinned.Free();
        }
    }

    /// <summary>The entries of the open folder <paramref name="fd"/>, read with <c>getdents64</c> into <paramref name="buffer"/>; null when it cannot be read.</summary>
    private static List<(string Name, FileKind Kind)>? Entries(IntPtr fd, IntPtr buffer, int size)
    {
        var entries = new List<(string, FileKind)>();
        while (true)
        {
            var length = Syscall(s_getDents, fd.ToInt64(), buffer.ToInt64(), size, 0, 0, 0);
            if (length < 0)
            {
                // Not a folder, or gone.
                return null;
            }

            if (length == 0)
            {
                return entries;
            }

            // Each entry: inode (8 bytes), offset (8), its length (2), its type (1), then its name, ended by a zero byte.
            for (var at = 0L; at < length;)
            {
                var entry = buffer + (int)at;
                var entryLength = (ushort)Marshal.ReadInt16(entry, 16);
                if (entryLength == 0)
                {
                    return null;
                }

                var nameLength = 0;
                while (19 + nameLength < entryLength && Marshal.ReadByte(entry, 19 + nameLength) != 0)
                {
                    nameLength++;
                }

                var name = new byte[nameLength];
                Marshal.Copy(entry + 19, name, 0, nameLength);
                if (!(nameLength == 1 && name[0] == (byte)'.') && !(nameLength == 2 && name[0] == (byte)'.' && name[1] == (byte)'.'))
                {
                    entries.Add((Encoding.UTF8.GetString(name), Marshal.ReadByte(entry, 18) switch
                    {
                        TypeRegular => FileKind.Regular,
                        TypeDirectory => FileKind.Directory,
                        TypeSymbolicLink => FileKind.SymbolicLink,
                        TypeFifo => FileKind.Fifo,
                        TypeCharacterDevice => FileKind.CharacterDevice,
                        TypeBlockDevice => FileKind.BlockDevice,
                        TypeSocket => FileKind.Socket,
                        _ => FileKind.Unknown,
                    }));
                }

                at += entryLength;
            }
        }
    }

    /// <summary>
    /// The paths whose folder's listing says they are regular files themselves, each with its folder (kept open in
    /// <paramref name="folders"/>: the files are opened from it, by name, which spares the kernel the walk along the path).
    /// </summary>
    private static List<(int Index, int Folder)> Regular(IReadOnlyList<string> paths, Dictionary<string, Folder?> folders, Dictionary<string, FolderListing> listed)
    {
        var regular = new List<(int, int)>(paths.Count);
        for (var i = 0; i < paths.Count; i++)
        {
            var path = Path.GetDirectoryName(paths[i]);
            if (string.IsNullOrEmpty(path))
            {
                continue;
            }

            if (!folders.TryGetValue(path!, out var folder))
            {
                var listing = listed.TryGetValue(path!, out var given) ? given : List(path!);
                folder = folders[path!] = listing is null ? null : Folder.Open(path!, listing.RegularFiles);
            }

            if (folder is not null && folder.RegularFiles.Contains(Path.GetFileName(paths[i])))
            {
                regular.Add((i, folder.Fd));
            }
        }

        return regular;
    }

    /// <summary>Opens, reads and closes the next files (as many as the ring and the paths' buffer take); how many it took, 0 when the ring failed.</summary>
    private static int ReadRound(Ring ring, IReadOnlyList<string> paths, List<(int Index, int Folder)> regular, int start, byte[]?[] read)
    {
        // The files' names, as the C strings the kernel takes, one after another in the paths' buffer.
        var pathsBuffer = s_buffers + Files * Chunk;
        var offsets = new int[Files];
        var count = 0;
        var used = 0;
        while (count < Files && start + count < regular.Count)
        {
            var name = SystemNative.Path(Path.GetFileName(paths[regular[start + count].Index]), out var length);
            if (used + length + 1 > PathBytes)
            {
                break;
            }

            Marshal.Copy(name, 0, pathsBuffer + used, length + 1);
            offsets[count] = used;
            used += length + 1;
            count++;
        }

        if (count == 0)
        {
            return 0;
        }

        // Each file's descriptor, or a negated errno; int.MinValue until the ring tells.
        var opened = new int[count];
        for (var i = 0; i < count; i++)
        {
            opened[i] = int.MinValue;
        }

        if (!ring.Run(count, (sqe, i) =>
        {
            Marshal.WriteByte(sqe, 0, OpOpenAt);
            Marshal.WriteInt32(sqe, 4, regular[start + i].Folder);
            Marshal.WriteInt64(sqe, 16, (pathsBuffer + offsets[i]).ToInt64());
            Marshal.WriteInt32(sqe, 28, OpenFlags);
        }, opened))
        {
            return 0;
        }

        var reading = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            if (opened[i] >= 0)
            {
                reading.Add(i);
            }
        }

        var lengths = new int[reading.Count];
        var readOk = ring.Run(reading.Count, (sqe, k) =>
        {
            Marshal.WriteByte(sqe, 0, OpRead);
            Marshal.WriteInt32(sqe, 4, opened[reading[k]]);
            Marshal.WriteInt64(sqe, 8, 0);
            Marshal.WriteInt64(sqe, 16, (s_buffers + reading[k] * Chunk).ToInt64());
            Marshal.WriteInt32(sqe, 24, Chunk);
        }, lengths);

        if (readOk)
        {
            for (var k = 0; k < reading.Count; k++)
            {
                var i = reading[k];
                var length = lengths[k];
                if (length > 0 && length < Chunk)
                {
                    var bytes = new byte[length];
                    Marshal.Copy(s_buffers + i * Chunk, bytes, 0, length);
                    read[regular[start + i].Index] = bytes;
                }
                else if (length == Chunk)
                {
                    // Longer than the chunk, maybe: the whole file, read from its start while it is open.
                    read[regular[start + i].Index] = ReadWhole(opened[i]);
                }
            }
        }

        // Each close's result; one the ring did not tell stays unknown, and that file is left open rather than closed
        // again the ordinary way (its number may be another file's by then).
        var closed = new int[reading.Count];
        for (var k = 0; k < closed.Length; k++)
        {
            closed[k] = int.MinValue;
        }

        var closedOk = ring.Run(reading.Count, (sqe, k) =>
        {
            Marshal.WriteByte(sqe, 0, OpClose);
            Marshal.WriteInt32(sqe, 4, opened[reading[k]]);
        }, closed);
        for (var k = 0; k < reading.Count; k++)
        {
            if (closed[k] == -ErrorInvalid)
            {
                // A kernel that cannot close in the ring: closed the ordinary way.
                _ = SystemNative.Close(new IntPtr(opened[reading[k]]));
            }
        }

        if (!closedOk)
        {
            return 0;
        }

        return readOk ? count : 0;
    }

    /// <summary>The bytes of an open regular file from its start (its position is still there: the ring reads at an offset); null when it cannot be read.</summary>
    private static byte[]? ReadWhole(int fd)
    {
        var bytes = new byte[Chunk * 4];
        var length = 0;
        while (true)
        {
            if (length == bytes.Length)
            {
                if (bytes.Length >= MaxWhole)
                {
                    return null;
                }

                Array.Resize(ref bytes, bytes.Length * 2);
            }

            var read = SystemNative.Read(new IntPtr(fd), ref bytes[length], bytes.Length - length);
            if (read < 0)
            {
                return null;
            }

            if (read == 0)
            {
                Array.Resize(ref bytes, length);
                return bytes;
            }

            length += read;
        }
    }

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long Syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern IntPtr Mmap(IntPtr address, UIntPtr length, int protection, int flags, int fd, long offset);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int Munmap(IntPtr address, UIntPtr length);

    /// <summary>A folder, open, and the names of the regular files in it (not links), from its listing.</summary>
    private sealed class Folder
    {
        private Folder(int fd, HashSet<string> regularFiles)
        {
            Fd = fd;
            RegularFiles = regularFiles;
        }

        /// <summary>The folder's descriptor, which the reader closes.</summary>
        public int Fd { get; }

        public HashSet<string> RegularFiles { get; }

        /// <summary>The folder at <paramref name="path"/>, open, with the regular files its listing gave; null when it cannot be opened.</summary>
        public static Folder? Open(string path, HashSet<string> regularFiles)
        {
            var fd = SystemNative.Open(SystemNative.Path(path), SystemNative.OpenReadOnlyCloseOnExec, 0);
            return fd == new IntPtr(-1) ? null : new Folder(fd.ToInt32(), regularFiles);
        }
    }

    /// <summary>The process's submission ring, made on the first read and kept (its descriptor is closed on exec).</summary>
    private sealed class Ring
    {
        private readonly int _fd;
        private readonly IntPtr _sqes;
        private readonly IntPtr _sqTail;
        private readonly IntPtr _sqArray;
        private readonly uint _sqMask;
        private readonly IntPtr _cqHead;
        private readonly IntPtr _cqTail;
        private readonly IntPtr _cqes;
        private readonly uint _cqMask;

        /// <param name="fd">The ring's descriptor.</param>
        /// <param name="parameters">What io_uring_setup told of it: where its fields are in the rings' memory.</param>
        /// <param name="sq">The submission ring's memory.</param>
        /// <param name="cq">The completion ring's memory (the submission ring's, where the kernel maps both at once).</param>
        /// <param name="sqes">The submission entries' memory.</param>
        private Ring(int fd, IntPtr parameters, IntPtr sq, IntPtr cq, IntPtr sqes)
        {
            _fd = fd;
            _sqes = sqes;
            _sqTail = sq + Marshal.ReadInt32(parameters, 44);
            _sqMask = (uint)Marshal.ReadInt32(sq + Marshal.ReadInt32(parameters, 48));
            _sqArray = sq + Marshal.ReadInt32(parameters, 64);
            _cqHead = cq + Marshal.ReadInt32(parameters, 80);
            _cqTail = cq + Marshal.ReadInt32(parameters, 84);
            _cqMask = (uint)Marshal.ReadInt32(cq + Marshal.ReadInt32(parameters, 88));
            _cqes = cq + Marshal.ReadInt32(parameters, 100);
        }

        /// <summary>A ring of <see cref="Files"/> entries; null when the system will not make one (then this process reads the ordinary way from now on).</summary>
        public static Ring? Open()
        {
            var parameters = Marshal.AllocHGlobal(ParamsBytes);
            try
            {
                for (var i = 0; i < ParamsBytes; i += 8)
                {
                    Marshal.WriteInt64(parameters, i, 0);
                }

                var fd = (int)Syscall(SysIoUringSetup, Files, parameters.ToInt64(), 0, 0, 0, 0);
                if (fd < 0)
                {
                    // No such call, not allowed, or no memory for it.
                    s_refused = true;
                    return null;
                }

                var features = (uint)Marshal.ReadInt32(parameters, 20);
                var sqEntries = (uint)Marshal.ReadInt32(parameters, 0);
                var cqEntries = (uint)Marshal.ReadInt32(parameters, 4);
                if ((features & FeatureReadCurrentPosition) == 0 || sqEntries < Files || cqEntries < Files)
                {
                    s_refused = true;
                    _ = SystemNative.Close(new IntPtr(fd));
                    return null;
                }

                var sqLength = (ulong)Marshal.ReadInt32(parameters, 64) + (sqEntries * 4);
                var cqLength = (ulong)Marshal.ReadInt32(parameters, 100) + (cqEntries * CqeBytes);
                var single = (features & FeatureSingleMmap) != 0;
                if (single)
                {
                    sqLength = cqLength = Math.Max(sqLength, cqLength);
                }

                var sq = Map(fd, sqLength, OffsetSqRing);
                var cq = single ? sq : Map(fd, cqLength, OffsetCqRing);
                var sqes = Map(fd, (ulong)sqEntries * SqeBytes, OffsetSqes);
                if (sq == IntPtr.Zero || cq == IntPtr.Zero || sqes == IntPtr.Zero)
                {
                    Unmap(sqes, (ulong)sqEntries * SqeBytes);
                    Unmap(single ? IntPtr.Zero : cq, cqLength);
                    Unmap(sq, sqLength);
                    _ = SystemNative.Close(new IntPtr(fd));
                    s_refused = true;
                    return null;
                }

                return new Ring(fd, parameters, sq, cq, sqes);
            }
            finally
            {
                Marshal.FreeHGlobal(parameters);
            }
        }

        /// <summary>
        /// Submits <paramref name="count"/> entries, each made by <paramref name="fill"/> (given a zeroed entry and its
        /// index), and waits for all of them: each one's result (its value, or a negated errno) into
        /// <paramref name="results"/> at its index. False when the ring failed (the results are then not all there).
        /// </summary>
        public bool Run(int count, Action<IntPtr, int> fill, int[] results)
        {
            if (count == 0)
            {
                return true;
            }

            var tail = (uint)Marshal.ReadInt32(_sqTail);
            for (var i = 0; i < count; i++)
            {
                var index = (tail + (uint)i) & _sqMask;
                var sqe = _sqes + (int)(index * SqeBytes);
                for (var b = 0; b < SqeBytes; b += 8)
                {
                    Marshal.WriteInt64(sqe, b, 0);
                }

                fill(sqe, i);
                Marshal.WriteInt64(sqe, 32, i);
                Marshal.WriteInt32(_sqArray, (int)(index * 4), (int)index);
            }

            // The entries before the tail that tells the kernel of them.
            Thread.MemoryBarrier();
            Marshal.WriteInt32(_sqTail, (int)(tail + (uint)count));

            var submitted = 0;
            var completed = 0;
            for (var attempts = 0; completed < count; attempts++)
            {
                if (attempts > 10_000)
                {
                    s_refused = true;
                    return false;
                }

                var entered = Syscall(SysIoUringEnter, _fd, count - submitted, count - completed, EnterGetEvents, 0, 0);
                if (entered < 0)
                {
                    if (Marshal.GetLastWin32Error() != ErrorInterrupted)
                    {
                        // What the kernel may still do with the buffers is unknown: they are not used again.
                        s_refused = true;
                        return false;
                    }
                }
                else
                {
                    submitted += (int)entered;
                }

                completed += Reap(results);
            }

            return true;
        }

        private static IntPtr Map(int fd, ulong length, long offset)
        {
            var address = Mmap(IntPtr.Zero, new UIntPtr(length), ProtReadWrite, MapSharedPopulate, fd, offset);
            return address == new IntPtr(-1) ? IntPtr.Zero : address;
        }

        private static void Unmap(IntPtr address, ulong length)
        {
            if (address != IntPtr.Zero)
            {
                _ = Munmap(address, new UIntPtr(length));
            }
        }

        /// <summary>Takes the completions there are; how many.</summary>
        private int Reap(int[] results)
        {
            var head = (uint)Marshal.ReadInt32(_cqHead);
            var tail = (uint)Marshal.ReadInt32(_cqTail);
            Thread.MemoryBarrier();
            var taken = 0;
            for (; head != tail; head++, taken++)
            {
                var cqe = _cqes + (int)((head & _cqMask) * CqeBytes);
                var index = Marshal.ReadInt64(cqe, 0);
                if (index >= 0 && index < results.Length)
                {
                    results[index] = Marshal.ReadInt32(cqe, 8);
                }
            }

            Thread.MemoryBarrier();
            Marshal.WriteInt32(_cqHead, (int)head);
            return taken;
        }
    }
}

/// <summary>A folder's entries as its listing gave them (see <see cref="FileBatch.List"/>).</summary>
internal sealed class FolderListing
{
    private HashSet<string>? _regularFiles;

    public FolderListing(string path, IReadOnlyList<(string Name, FileKind Kind)> entries)
    {
        Path = path;
        Entries = entries;
    }

    /// <summary>The folder's path, as it was listed.</summary>
    public string Path { get; }

    public IReadOnlyList<(string Name, FileKind Kind)> Entries { get; }

    /// <summary>The names of the regular files in it (not links).</summary>
    public HashSet<string> RegularFiles => _regularFiles ??= new HashSet<string>(Entries.Where(e => e.Kind == FileKind.Regular).Select(e => e.Name), StringComparer.Ordinal);
}
