using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

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
/// Unix ships and <c>System.IO</c> itself calls) for <c>lstat</c>/<c>stat</c>, whose result starts with two
/// 32-bit fields, flags then the mode, the same on every platform and in every release since .NET Core 1.0.
/// Where that library is missing, the file system's attributes say what they can, and a file they cannot
/// place is <see cref="FileKind.Unknown"/>. Windows has no FIFOs or devices at a file path, so there the
/// attributes say everything.
/// </remarks>
internal static class FileKinds
{
    private const string SystemNative = "libSystem.Native";

    // The type bits of a mode, as libSystem.Native reports them (the values of Linux and macOS alike).
    private const int TypeMask = 0xF000;
    private const int FifoBits = 0x1000;
    private const int CharacterDeviceBits = 0x2000;
    private const int DirectoryBits = 0x4000;
    private const int BlockDeviceBits = 0x6000;
    private const int RegularBits = 0x8000;
    private const int SymbolicLinkBits = 0xA000;
    private const int SocketBits = 0xC000;

    // Larger than the runtime's FileStatus in any release, of which only the first 8 bytes are read.
    private const int StatusBytes = 256;

    private static readonly bool s_isWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
    private static bool s_nativeMissing;

    /// <summary>What <paramref name="path"/> is: the entry itself (a link is <see cref="FileKind.SymbolicLink"/>), or with <paramref name="followLinks"/>, what its links finally lead to.</summary>
    public static FileKind Of(string path, bool followLinks = false)
    {
        if (!s_isWindows && !s_nativeMissing)
        {
            var status = new byte[StatusBytes];
            try
            {
                // The path as the C string the library takes: UTF-8 (as .NET writes paths on Unix), ended by a zero byte.
                var native = Encoding.UTF8.GetBytes(path + "\0");
                var result = followLinks ? Stat(native, status) : LStat(native, status);
                return result == 0 ? FromMode(BitConverter.ToInt32(status, 4)) : FileKind.Missing;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_nativeMissing = true;
            }
        }

        return FromAttributes(path, followLinks);
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

    [DllImport(SystemNative, EntryPoint = "SystemNative_LStat", SetLastError = true)]
    private static extern int LStat(byte[] path, [Out] byte[] status);

    [DllImport(SystemNative, EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat(byte[] path, [Out] byte[] status);
}
