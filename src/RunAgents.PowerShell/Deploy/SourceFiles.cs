using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Reads the files of a source deploy into the API's <c>source_files</c> map: a folder contributes the regular
/// files under it, keyed by their paths relative to that folder with forward slashes; a file is keyed by its name.
/// </summary>
/// <remarks>
/// Only what is inside the folders given is sent. The walk is the module's own, not
/// <c>Directory.EnumerateFiles</c>, which follows links to folders: a symbolic link found inside a folder is
/// never followed but refused, since it may lead anywhere (the CLI's config file, a key in <c>~/.ssh</c>, a
/// loop). A FIFO, a device or a socket is refused without being opened: opening a FIFO blocks until something
/// writes to it, and a device such as <c>/dev/zero</c> never ends. Sizes are counted as bytes are read, never
/// past what a file reports plus one byte, so a file that reports one size and holds more (a <c>/proc</c> file)
/// is refused rather than read on.
/// </remarks>
internal sealed class SourceFiles
{
    private const int ChunkBytes = 64 * 1024;

    // FileSystemInfo.ResolveLinkTarget exists from .NET 6 on; the module compiles against netstandard2.0.
    private static readonly MethodInfo? s_resolveLinkTarget = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });

    private static readonly UTF8Encoding s_strictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly SourceExclusions _exclusions;
    private readonly long _maxBytes;
    private readonly Action<string> _report;
    private readonly CancellationToken _cancellationToken;
    private readonly SortedDictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _origins = new(StringComparer.Ordinal);
    private long _total;

    private SourceFiles(SourceExclusions exclusions, long maxBytes, Action<string> report, CancellationToken cancellationToken)
    {
        _exclusions = exclusions;
        _maxBytes = maxBytes;
        _report = report;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Reads <paramref name="paths"/> within <paramref name="maxBytes"/>, reporting each file sent and each one left out.</summary>
    /// <param name="paths">The paths given, resolved to the file system.</param>
    /// <param name="exclusions">What to leave out.</param>
    /// <param name="maxBytes">The most that may be sent in all.</param>
    /// <param name="report">Receives one line per file sent (its key and size) and per file or folder left out (and why).</param>
    /// <param name="cancellationToken">Ctrl+C: checked before each file and each read.</param>
    /// <exception cref="SourceFilesException">A path cannot be sent; its <see cref="SourceFilesException.Problem"/> says why.</exception>
    /// <exception cref="OperationCanceledException">The user pressed Ctrl+C.</exception>
    public static SortedDictionary<string, string> Read(IEnumerable<SourcePath> paths, SourceExclusions exclusions, long maxBytes, Action<string> report, CancellationToken cancellationToken)
    {
        var reader = new SourceFiles(exclusions, maxBytes, report, cancellationToken);
        var given = paths.ToList();
        foreach (var path in given)
        {
            reader.ReadGiven(path);
        }

        if (reader._files.Count == 0)
        {
            throw new SourceFilesException("The source paths hold no files to send: nothing to deploy.", string.Join(", ", given.Select(p => p.Path)), SourceProblem.Missing);
        }

        report($"Source files: {reader._files.Count} in all, {reader._total.ToString(CultureInfo.InvariantCulture)} bytes.");
        return reader._files;
    }

    private void ReadGiven(SourcePath given)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var full = Path.GetFullPath(given.Path);
        var trimmed = full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        full = trimmed.Length == 0 || trimmed.EndsWith(":", StringComparison.Ordinal) ? full : trimmed;
        var name = Path.GetFileName(full);
        var kind = FileKinds.Of(full);
        if (kind == FileKind.SymbolicLink && given.Named)
        {
            // The user named the link itself: it stands for what it leads to, which must itself be a file or a folder.
            kind = FileKinds.Of(full, followLinks: true);
            if (kind == FileKind.Missing)
            {
                throw new SourceFilesException($"Cannot read the source path '{full}': it is a symbolic link that {BrokenLink(full)}.", full, SourceProblem.Missing);
            }
        }

        var excluded = _exclusions.Why(name, name, full, kind == FileKind.Directory, byDefault: !given.Named);
        if (excluded is not null)
        {
            _report($"Left out '{name}{(kind == FileKind.Directory ? "/" : string.Empty)}': {excluded}.");
            return;
        }

        switch (kind)
        {
            case FileKind.Missing:
                throw new SourceFilesException($"Cannot find the source path '{given.Path}'.", given.Path, SourceProblem.Missing);
            case FileKind.Directory:
                Walk(full, full.Length);
                return;
            case FileKind.SymbolicLink:
                throw LinkRefused(full, name, "by a wildcard in -Path");
            default:
                Add(full, name, kind, inFolder: false);
                return;
        }
    }

    /// <summary>Adds the files under <paramref name="folder"/>, keyed from <paramref name="rootLength"/> on; links are refused, never followed.</summary>
    private void Walk(string folder, int rootLength)
    {
        List<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw Unreadable(folder, e);
        }

        foreach (var entry in entries)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var key = entry.FullName.Substring(rootLength).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Replace('\\', '/');
            var kind = FileKinds.Of(entry.FullName);
            var excluded = _exclusions.Why(entry.Name, key, entry.FullName, kind == FileKind.Directory, byDefault: true);
            if (excluded is not null)
            {
                _report($"Left out '{key}{(kind == FileKind.Directory ? "/" : string.Empty)}': {excluded}.");
                continue;
            }

            switch (kind)
            {
                case FileKind.Directory:
                    Walk(entry.FullName, rootLength);
                    break;
                case FileKind.SymbolicLink:
                    throw LinkRefused(entry.FullName, key, "inside a folder given to -Path");
                case FileKind.Missing:
                    // Removed since the folder was listed: there is nothing left to send.
                    break;
                default:
                    Add(entry.FullName, key, kind, inFolder: true);
                    break;
            }
        }
    }

    /// <summary>Reads <paramref name="file"/> into the map as <paramref name="key"/>; <paramref name="inFolder"/> is false for a file named on the command line.</summary>
    private void Add(string file, string key, FileKind kind, bool inFolder)
    {
        // A file found in a folder can be left out with -Exclude; one named on the command line, by not naming it.
        var leaveOut = inFolder ? $" Leave it out with -Exclude '{key}'." : string.Empty;
        if (kind.IsSpecial())
        {
            throw new SourceFilesException($"The source file '{file}' is {kind.Describe()}, not a regular file, so it is not read.{leaveOut}", file, SourceProblem.NotRegular);
        }

        if (_origins.TryGetValue(key, out var first))
        {
            throw new SourceFilesException($"Both '{first}' and '{file}' would be sent as '{key}'; deploy them from one folder, or rename one.", file, SourceProblem.Unusable);
        }

        var bytes = ReadFile(file, kind, leaveOut);
        string text;
        try
        {
            text = s_strictUtf8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new SourceFilesException($"'{file}' is not UTF-8 text; the Deploy API takes source files as text.{leaveOut}", file, SourceProblem.Unusable);
        }

        _total += bytes.Length;
        _origins[key] = file;
        _files[key] = text;
        _report($"Source file '{key}' ({bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes).");
    }

    /// <summary>Reads a regular file whole, counting bytes as they come, within what is left of the limit and what the file reports.</summary>
    private MemoryStream ReadFile(string file, FileKind kind, string leaveOut)
    {
        var left = _maxBytes - _total;
        long reported;
        try
        {
            reported = new FileInfo(file).Length;
            if (reported > left)
            {
                throw TooLarge(file);
            }

            if (kind == FileKind.Unknown && reported == 0)
            {
                // Where the runtime cannot tell a FIFO from an empty file, only an empty file is assumed: opening
                // a FIFO would block. Nothing is lost if it was one, and an empty file is sent as such.
                return new MemoryStream();
            }

            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
            if (!stream.CanSeek)
            {
                throw NotOrdinary(file, "it cannot be read as a file from its start to its end", leaveOut);
            }

            var bytes = new MemoryStream((int)Math.Min(reported, int.MaxValue - 1) + 1);
            var chunk = new byte[(int)Math.Min(ChunkBytes, reported + 1)];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                bytes.Write(chunk, 0, read);
                if (bytes.Length > left)
                {
                    throw TooLarge(file);
                }

                if (bytes.Length > reported)
                {
                    // A regular file holds what it reports; one that holds more is a /proc-style file (of length
                    // 0, and perhaps endless) or is being written to. Either way what would be sent is unknown.
                    throw NotOrdinary(file, $"it holds more than the {reported} bytes it reports (a /proc or /sys file, or one being written to)", leaveOut);
                }

                _cancellationToken.ThrowIfCancellationRequested();
            }

            return bytes;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SourceFilesException($"Cannot read the source file '{file}': {e.Message}", file, SourceProblem.AccessDenied, e);
        }
        catch (IOException e)
        {
            throw Unreadable(file, e);
        }
    }

    private SourceFilesException TooLarge(string file) => new(
        $"The source files are larger than the limit of {_maxBytes / (1024 * 1024)} MB (reached at '{file}'). Leave out what the agent does not need with -Exclude (build output, data), or raise -MaxSourceSizeMB.",
        file,
        SourceProblem.TooLarge);

    private static SourceFilesException NotOrdinary(string file, string why, string leaveOut) =>
        new($"The source file '{file}' is not an ordinary file: {why}; it is not sent.{leaveOut}", file, SourceProblem.NotRegular);

    private static SourceFilesException LinkRefused(string path, string key, string where)
    {
        var target = LinkTarget(path);
        var to = target is null ? string.Empty : $" to '{target}'";
        return new SourceFilesException(
            $"The source path '{path}' is a symbolic link{to}, found {where}; such links are never followed, so that nothing outside the folders given is sent. "
            + $"Leave it out with -Exclude '{key}', or give what it points to in -Path.",
            path,
            SourceProblem.Link);
    }

    private static SourceFilesException Unreadable(string path, Exception e) => e is UnauthorizedAccessException or System.Security.SecurityException
        ? new($"Cannot read the source path '{path}': {e.Message}", path, SourceProblem.AccessDenied, e)
        : new($"Cannot read the source path '{path}': {e.Message}", path, SourceProblem.Unreadable, e);

    /// <summary>Where a link points, as it is written (never followed); null where the runtime cannot say.</summary>
    private static string? LinkTarget(string path)
    {
        try
        {
            return typeof(FileSystemInfo).GetProperty("LinkTarget")?.GetValue(new FileInfo(path)) as string;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    /// <summary>Why a named link cannot be followed, in the runtime's words where it has them (a loop, say).</summary>
    private static string BrokenLink(string path)
    {
        try
        {
            s_resolveLinkTarget?.Invoke(new FileInfo(path), new object[] { true });
        }
        catch (TargetInvocationException e) when (e.InnerException is IOException io)
        {
            return $"cannot be followed ({io.Message.TrimEnd('.')})";
        }

        return $"leads to '{LinkTarget(path)}', which does not exist";
    }
}
