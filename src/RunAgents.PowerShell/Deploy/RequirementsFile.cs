using System;
using System.IO;
using System.Text;
using System.Threading;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Reads the file of -RequirementsPath: one regular file of UTF-8 text, of at most <see cref="MaxBytes"/>.</summary>
/// <remarks>
/// As with -Path, what the file is must be known before it is opened (a FIFO would block, a device never end), and
/// its bytes are counted as they are read, so a file that reports one size and holds more is never read on.
/// </remarks>
internal static class RequirementsFile
{
    /// <summary>The largest requirements file sent: far more than any list of packages needs.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding s_strictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The text of the file at <paramref name="path"/>, a path on the file system; a link stands for what it leads to.</summary>
    /// <exception cref="SourceFilesException">The file cannot be sent; its problem says why.</exception>
    public static string Read(string path, CancellationToken cancellationToken)
    {
        var kind = FileKinds.Of(path, followLinks: true);
        switch (kind)
        {
            case FileKind.Missing:
                throw new SourceFilesException($"Cannot find the requirements file '{path}'.", path, SourceProblem.Missing);
            case FileKind.Directory:
                throw new SourceFilesException($"'{path}' is a folder; -RequirementsPath takes a file, such as requirements.txt.", path, SourceProblem.NotRegular);
            case var special when special.IsSpecial():
                throw new SourceFilesException($"The requirements file '{path}' is {kind.Describe()}, not a regular file, so it is not read.", path, SourceProblem.NotRegular);
        }

        try
        {
            if (kind == FileKind.Unknown && new FileInfo(path).Length == 0)
            {
                // Where the runtime cannot tell a FIFO from an empty file, opening it could block: it is taken as empty.
                return string.Empty;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
            var bytes = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bytes.Write(chunk, 0, read);
                if (bytes.Length > MaxBytes)
                {
                    throw new SourceFilesException($"The requirements file '{path}' is larger than {MaxBytes / (1024 * 1024)} MB, which no list of packages needs: is it the right file?", path, SourceProblem.TooLarge);
                }
            }

            // An editor's byte order mark is no part of the first requirement.
            var text = s_strictUtf8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
            return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
        }
        catch (DecoderFallbackException)
        {
            throw new SourceFilesException($"The requirements file '{path}' is not UTF-8 text.", path, SourceProblem.Unusable);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SourceFilesException($"Cannot read the requirements file '{path}': {e.Message}", path, SourceProblem.AccessDenied, e);
        }
        catch (IOException e)
        {
            throw new SourceFilesException($"Cannot read the requirements file '{path}': {e.Message}", path, SourceProblem.Unreadable, e);
        }
    }
}
