using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Configuration;

/// <summary>The canonical form of a file, and where a file goes.</summary>
internal static partial class ConfigurationFile
{
    /// <summary>The extension of the files an export writes.</summary>
    public const string Extension = ".json";

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    // Readable in a diff: non-ASCII text as it is, "<redacted>" as it is; control characters and quotes still escaped.
    private static readonly JsonWriterOptions s_writer = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_writer))
        {
            Sorted(document)!.WriteTo(writer);
        }

        // The writer ends lines as the system does (CRLF on Windows); JSON text holds no raw line break, so this is safe.
        var text = s_utf8.GetString(buffer.ToArray()).Replace("\r\n", "\n") + "\n";
        return s_utf8.GetBytes(text);
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

    /// <summary>A copy of a value with every object's keys in ordinal order.</summary>
    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new System.Collections.Generic.KeyValuePair<string, JsonNode?>(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
