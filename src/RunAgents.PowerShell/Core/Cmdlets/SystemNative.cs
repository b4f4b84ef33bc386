using System;
using System.Runtime.InteropServices;
using System.Text;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// The calls the module makes to the runtime's own native library on Unix (<c>libSystem.Native</c>, which every .NET
/// on Unix ships and <c>System.IO</c> itself calls), and the C strings they take: see <see cref="FileKinds"/> and
/// <see cref="FileBatch"/>.
/// </summary>
internal static class SystemNative
{
    /// <summary>The flags of <see cref="Open"/>, the runtime's own (not the system's): read only, closed on exec.</summary>
    public const int OpenReadOnlyCloseOnExec = 0x0010;

    private const string Library = "libSystem.Native";

    [ThreadStatic]
    private static byte[]? t_path;

    /// <summary>
    /// <paramref name="path"/> as the C string the library takes (UTF-8, as .NET writes paths on Unix, ended by a zero
    /// byte), in the thread's buffer, which the next call overwrites; <paramref name="length"/> is its length without
    /// that byte.
    /// </summary>
    public static byte[] Path(string path, out int length)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        var buffer = t_path is { } kept && kept.Length >= needed ? kept : t_path = new byte[Math.Max(needed, 1024)];
        length = Encoding.UTF8.GetBytes(path, 0, path.Length, buffer, 0);
        buffer[length] = 0;
        return buffer;
    }

    /// <inheritdoc cref="Path(string, out int)"/>
    public static byte[] Path(string path) => Path(path, out _);

    [DllImport(Library, EntryPoint = "SystemNative_Open")]
    public static extern IntPtr Open(byte[] path, int flags, int mode);

    [DllImport(Library, EntryPoint = "SystemNative_Read")]
    public static extern int Read(IntPtr fd, ref byte buffer, int count);

    [DllImport(Library, EntryPoint = "SystemNative_Close")]
    public static extern int Close(IntPtr fd);

    [DllImport(Library, EntryPoint = "SystemNative_LStat", SetLastError = true)]
    public static extern int LStat(byte[] path, [Out] byte[] status);

    [DllImport(Library, EntryPoint = "SystemNative_Stat", SetLastError = true)]
    public static extern int Stat(byte[] path, [Out] byte[] status);
}
