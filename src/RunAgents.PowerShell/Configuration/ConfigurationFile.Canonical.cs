using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Configuration;

/// <summary>The canonical form of a file, and where a file goes.</summary>
internal static partial class ConfigurationFile
{
    /// <summary>The extension of the files an export writes.</summary>
    public const string Extension = ".json";

    // The buffer Render writes into, one per thread: folders are compared on several threads at once.
    [ThreadStatic]
    private static MemoryStream? t_rendered;

    private static readonly string[] s_reservedNames =
        { "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9" };

    // The characters no file name may hold on any system the module runs on (Windows' set, which includes Unix's '/' and NUL).
    private static readonly char[] s_notInFileNames =
        Enumerable.Range(0, 32).Select(i => (char)i).Concat(new[] { '"', '<', '>', '|', ':', '*', '?', '\\', '/' }).ToArray();

    /// <summary>
    /// The bytes of a file holding <paramref name="document"/>: keys sorted by ordinal at every level (arrays keep their
    /// order), two-space indentation, LF line ends and one at the end, UTF-8 without BOM. The same document always gives
    /// the same bytes, whatever order its keys came in.
    /// </summary>
    public static byte[] Canonical(JsonNode document)
    {
        var rendered = Render(document);
        var bytes = new byte[rendered.Length + 1];
        Array.Copy(rendered.GetBuffer(), bytes, rendered.Length);
        bytes[bytes.Length - 1] = (byte)'\n';
        return bytes;
    }

    /// <summary>
    /// True when <paramref name="file"/> holds exactly the bytes <see cref="Canonical"/> gives for
    /// <paramref name="platform"/>'s document: the file is what an export writes for it.
    /// </summary>
    public static bool IsCanonical(byte[] file, ConfigurationObject platform) => file.AsSpan().SequenceEqual(platform.Canonical);

    /// <summary>Writes a document with every object's keys in ordinal order (arrays keep theirs), indented, into the thread's buffer.</summary>
    private static MemoryStream Render(JsonNode document)
    {
        var buffer = t_rendered ??= new MemoryStream();
        buffer.SetLength(0);
        Client.SortedJson.Write(document, indented: true, buffer);
        return buffer;
    }

    /// <summary>Why <paramref name="name"/> cannot be a file's name in a configuration folder; null when it can.</summary>
    /// <remarks>
    /// Names come from the platform, or from a folder's documents: either way a name must stay one file in its kind's
    /// folder (no separator, no <c>..</c>, nothing hidden) and be a name every system can hold.
    /// </remarks>
    public static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (name.IndexOfAny(s_notInFileNames) >= 0)
        {
            return "it holds a character a file name cannot (a slash, a control character, or one of \" < > | : * ?)";
        }

        if (name.StartsWith(".", StringComparison.Ordinal))
        {
            return "it starts with '.', which would make a hidden file (or leave its folder)";
        }

        if (name.EndsWith(" ", StringComparison.Ordinal) || name.EndsWith(".", StringComparison.Ordinal))
        {
            return "it ends with a space or a dot, which Windows drops from a file name";
        }

        var stem = name.Split('.')[0];
        if (s_reservedNames.Contains(stem, StringComparer.OrdinalIgnoreCase))
        {
            return $"'{stem}' is a device name on Windows, which no file can have";
        }

        return name.Length + Extension.Length > 255 ? "it is longer than a file name can be" : null;
    }

    /// <summary>The file of an object: <c>&lt;root&gt;/&lt;Folder&gt;/&lt;name&gt;.json</c>.</summary>
    /// <exception cref="ArgumentException">The name cannot be a file's name (see <see cref="NameProblem"/>).</exception>
    public static string PathOf(string root, ConfigurationKind kind, string name)
    {
        if (NameProblem(name) is string problem)
        {
            throw new ArgumentException($"The {kind.Noun} '{Client.ServerText.Clean(name)}' cannot be written to a file of its own: {problem}.");
        }

        return Path.Combine(Path.Combine(root, kind.Folder), name + Extension);
    }

    /// <summary>True when <paramref name="node"/> is the placeholder of a secret.</summary>
    public static bool IsPlaceholder(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text == SecretPlaceholder;

    /// <summary>
    /// A secret field's value without its placeholders (<c>"&lt;redacted&gt;"</c> itself, or the fields of an object that
    /// hold it): what of it is to be sent. Null when nothing is left, so the field is not sent and the platform keeps what it has.
    /// </summary>
    public static JsonNode? WithoutPlaceholders(JsonNode? node)
    {
        if (IsPlaceholder(node))
        {
            return null;
        }

        if (node is not JsonObject obj)
        {
            return node?.DeepClone();
        }

        var left = new JsonObject();
        foreach (var pair in obj)
        {
            if (WithoutPlaceholders(pair.Value) is JsonNode value)
            {
                left[pair.Key] = value;
            }
        }

        return left.Count == 0 ? null : left;
    }
}
