using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RunAgents.PowerShell.Client;

/// <summary>Hides the secret values a request names (<see cref="ApiRequest.MaskedValues"/>) in its body before a trace shows it.</summary>
internal static class TraceMask
{
    /// <summary>What a secret value becomes in a trace.</summary>
    public const string Mask = "********";

    /// <summary><paramref name="text"/> with every occurrence of each of <paramref name="values"/>, as JSON escapes it and as it is, replaced by <see cref="Mask"/>.</summary>
    /// <remarks>Longest first, so that a secret that holds another is hidden whole rather than in pieces.</remarks>
    public static string Apply(string text, string[] values)
    {
        foreach (var value in values.Where(v => v.Length > 0).OrderByDescending(v => v.Length))
        {
            // The body is JSON, where a quote, a backslash or a character outside ASCII appears escaped: as the
            // module's own writers escape it, as a minimal writer would, and as it is.
            text = text.Replace(JsonEncodedText.Encode(value).ToString(), Mask)
                .Replace(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(), Mask)
                .Replace(value, Mask);
        }

        return text;
    }
}
