using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Reads the files of a source deploy into the API's <c>source_files</c> map: a folder contributes every
/// file under it, keyed by its path relative to that folder with forward slashes; a file is keyed by its name.
/// </summary>
internal static class SourceFiles
{
    /// <summary>Reads <paramref name="paths"/> (already resolved to file system paths) within <paramref name="maxBytes"/>.</summary>
    /// <exception cref="SourceFilesException">A path does not exist, two files would get the same key, a file is not UTF-8 text, or the whole is too large.</exception>
    public static SortedDictionary<string, string> Read(IEnumerable<string> paths, long maxBytes)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var root = Path.GetFullPath(path);
                foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
                {
                    var key = file.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Replace('\\', '/');
                    Add(file, key);
                }
            }
            else if (File.Exists(path))
            {
                Add(Path.GetFullPath(path), Path.GetFileName(path));
            }
            else
            {
                throw new SourceFilesException($"Cannot find the source path '{path}'.", path, SourceProblem.Missing);
            }
        }

        if (files.Count == 0)
        {
            throw new SourceFilesException("The source paths hold no files: nothing to deploy.", string.Join(", ", paths), SourceProblem.Missing);
        }

        return files;

        void Add(string file, string key)
        {
            if (origins.TryGetValue(key, out var first))
            {
                throw new SourceFilesException($"Both '{first}' and '{file}' would be sent as '{key}'; deploy them from one folder, or rename one.", file, SourceProblem.Unusable);
            }

            var length = new FileInfo(file).Length;
            total += length;
            if (total > maxBytes)
            {
                throw new SourceFilesException(
                    $"The source files are larger than the limit of {maxBytes / (1024 * 1024)} MB (reached at '{file}'). Leave out what the agent does not need (build output, virtual environments, .git), or raise -MaxSourceSizeMB.",
                    file,
                    SourceProblem.TooLarge);
            }

            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(file));
            }
            catch (DecoderFallbackException)
            {
                throw new SourceFilesException($"'{file}' is not UTF-8 text; the Deploy API takes source files as text.", file, SourceProblem.Unusable);
            }

            origins[key] = file;
            files[key] = text;
        }
    }
}

/// <summary>What is wrong with the source files of a deploy.</summary>
internal enum SourceProblem
{
    /// <summary>A path that does not exist, or paths that hold no file.</summary>
    Missing,

    /// <summary>More than -MaxSourceSizeMB in all.</summary>
    TooLarge,

    /// <summary>A file that is not UTF-8 text, or two files that would be sent under one name.</summary>
    Unusable,
}

/// <summary>Source files that cannot be sent, found before any request.</summary>
internal sealed class SourceFilesException : Exception
{
    public SourceFilesException(string message, string path, SourceProblem problem)
        : base(message)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file or folder at fault.</summary>
    public string Path { get; }

    /// <summary>What is wrong.</summary>
    public SourceProblem Problem { get; }
}
