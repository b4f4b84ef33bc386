using System;
using System.IO;
using System.Runtime.InteropServices;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>What a path is on the file system, told without opening it.</summary>
internal enum FileKind
{
    /// <summary>Nothing is there (or, when links are followed, a link leads nowhere or round in a loop).</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (or, on Windows, a junction or another reparse point).</summary>
    SymbolicLink,

    /// <summary>A FIFO (named pipe): opening it blocks until something writes to it.</summary>
    Fifo,

    /// <summary>A character device, such as <c>/dev/zero</c>, which never ends.</summary>
    CharacterDevice,

    /// <summary>A block device, such as a disk.</summary>
    BlockDevice,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>A file the runtime cannot tell the kind of (see <see cref="FileKinds.Of"/>).</summary>
    Unknown,
}

/// <summary>Tells a regular file from a FIFO, a device, a socket or a link before anything opens it.</summary>
/// <remarks>
/// .NET has no public API for a file's type: it reports a FIFO, a device and an empty file alike as a file of
/// length 0. On Unix this asks the runtime's own native library (<c>libSystem.Native</c>, which every .NET on
/// Unix ships and <c>System.IO</c> itself calls) for <c>lstat</c>/<c>stat</c>, whose result starts with four
/// 32-bit fields (flags, the mode, owner and group) and the 64-bit size, the same on every platform and in every
/// release since .NET Core 1.0; <see cref="ReadFile"/> reads a file with the same library.
/// Where that library is missing, the file system's attributes say what they can, and a file they cannot
/// place is <see cref="FileKind.Unknown"/>. Windows has no FIFOs or devices at a file path, so there the
/// attributes say everything.
/// </remarks>
internal static class FileKinds
{
    // The type bits of a mode, as libSystem.Native reports them (the values of Linux and macOS alike).
    private const int TypeMask = 0xF000;
    private const int FifoBits = 0x1000;
    private const int CharacterDeviceBits = 0x2000;
    private const int DirectoryBits = 0x4000;
    private const int BlockDeviceBits = 0x6000;
    private const int RegularBits = 0x8000;
    private const int SymbolicLinkBits = 0xA000;
    private const int SocketBits = 0xC000;

    // Larger than the runtime's FileStatus in any release, of which only the first 24 bytes are read (flags, mode, owner, group, size).
    private const int StatusBytes = 256;

    // The largest file read natively (larger ones are .NET's to read, or to refuse).
    private const long MaxNativeRead = int.MaxValue / 2;

    private static readonly bool s_isWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
    private static bool s_nativeMissing;

    [ThreadStatic]
    private static byte[]? t_status;

    /// <summary>What <paramref name="path"/> is: the entry itself (a link is <see cref="FileKind.SymbolicLink"/>), or with <paramref name="followLinks"/>, what its links finally lead to.</summary>
    public static FileKind Of(string path, bool followLinks = false)
    {
        if (!s_isWindows && !s_nativeMissing)
        {
            var status = new byte[StatusBytes];
            try
            {
                var native = SystemNative.Path(path);
                var result = followLinks ? SystemNative.Stat(native, status) : SystemNative.LStat(native, status);
                return result == 0 ? FromMode(BitConverter.ToInt32(status, 4)) : FileKind.Missing;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_nativeMissing = true;
            }
        }

        return FromAttributes(path, followLinks);
    }

    /// <summary>
    /// The bytes of the file at <paramref name="path"/>; null, without opening it, when it is a FIFO, a device or a
    /// socket (links followed), which <paramref name="kind"/> then names. A file that cannot be read throws as
    /// <see cref="File.ReadAllBytes"/> does (missing, a folder, no access).
    /// </summary>
    /// <remarks>
    /// On Unix the path is asked what it is, and how long, with one stat, and a regular file is read with open, read and
    /// close through the runtime's native library: four calls to the system, where <see cref="FileInfo"/> and
    /// <see cref="File.ReadAllBytes"/> make nine (an lstat, and the fstats and advisory lock .NET takes on every open).
    /// A configuration folder holds hundreds of files, and on a small machine those calls were most of the time it
    /// took to read one. Whatever the native calls cannot do, .NET does, and says why it failed.
    /// </remarks>
    public static byte[]? ReadFile(string path, out FileKind kind)
    {
        if (!s_isWindows && !s_nativeMissing)
        {
            try
            {
                var native = SystemNative.Path(path);
                var status = t_status ??= new byte[StatusBytes];
                kind = SystemNative.Stat(native, status) == 0 ? FromMode(BitConverter.ToInt32(status, 4)) : FileKind.Missing;
                if (kind.IsSpecial())
                {
                    return null;
                }

                // The status holds the size (a 64-bit field after the flags, mode, owner and group) in every release too.
                return (kind == FileKind.Regular ? ReadNative(native, BitConverter.ToInt64(status, 16)) : null) ?? File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_nativeMissing = true;
            }
        }

        // Without the native library: a file with a length that is no link is surely regular (and Windows has no FIFOs
        // or devices at a file path).
        var info = new FileInfo(path);
        kind = !s_isWindows && (info.Length == 0 || (info.Attributes & FileAttributes.ReparsePoint) != 0) ? Of(path, followLinks: true) : FileKind.Regular;
        return kind.IsSpecial() ? null : File.ReadAllBytes(path);
    }

    /// <summary>True when <paramref name="kind"/> must never be opened or sent: it blocks, never ends, or is no file at all.</summary>
    public static bool IsSpecial(this FileKind kind) => kind is FileKind.Fifo or FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Socket;

    /// <summary>The kind in words for messages, such as <c>a FIFO (named pipe)</c>.</summary>
    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Directory => "a folder",
        FileKind.Regular => "a regular file",
        FileKind.Missing => "missing",
        _ => "a file of an unknown kind",
    };

    private static FileKind FromMode(int mode) => (mode & TypeMask) switch
    {
        RegularBits => FileKind.Regular,
        DirectoryBits => FileKind.Directory,
        SymbolicLinkBits => FileKind.SymbolicLink,
        FifoBits => FileKind.Fifo,
        CharacterDeviceBits => FileKind.CharacterDevice,
        BlockDeviceBits => FileKind.BlockDevice,
        SocketBits => FileKind.Socket,
        _ => FileKind.Unknown,
    };

    private static FileKind FromAttributes(string path, bool followLinks)
    {
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return FileKind.Missing;
        }

        if ((attributes & FileAttributes.ReparsePoint) != 0 && !followLinks)
        {
            return FileKind.SymbolicLink;
        }

        if (followLinks && !File.Exists(path) && !Directory.Exists(path))
        {
            return FileKind.Missing;
        }

        if ((attributes & FileAttributes.Directory) != 0 || (followLinks && Directory.Exists(path)))
        {
            return FileKind.Directory;
        }

        // Outside Windows a FIFO or a device looks like an empty file here; only one with a length is surely regular.
        return s_isWindows || new FileInfo(path).Length > 0 ? FileKind.Regular : FileKind.Unknown;
    }

    /// <summary>
    /// The bytes of a regular file of <paramref name="size"/> bytes (as its stat gave it), read with one call; null when
    /// it is empty or larger than an array holds, or cannot be opened or read (then .NET reads it, and says why).
    /// </summary>
    private static byte[]? ReadNative(byte[] path, long size)
    {
        if (size <= 0 || size > MaxNativeRead)
        {
            return null;
        }

        var handle = SystemNative.Open(path, SystemNative.OpenReadOnlyCloseOnExec, 0);
        if (handle == new IntPtr(-1))
        {
            return null;
        }

        try
        {
            var bytes = new byte[size];
            var length = 0;
            while (length < bytes.Length)
            {
                var read = SystemNative.Read(handle, ref bytes[length], bytes.Length - length);
                if (read < 0)
                {
                    return null;
                }

                if (read == 0)
                {
                    // Shorter than its stat said (cut meanwhile): what it holds now.
                    Array.Resize(ref bytes, length);
                    break;
                }

                length += read;
            }

            return bytes;
        }
        finally
        {
            _ = SystemNative.Close(handle);
        }
    }
}
