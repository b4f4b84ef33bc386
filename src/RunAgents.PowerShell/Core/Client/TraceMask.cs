using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Hides secrets in the texts a trace or an error shows: the values a request names (<see cref="ApiRequest.MaskedValues"/>)
/// in its body, and the fields of an answer that hold one (a response mask, <see cref="ApiRequest.ResponseMask"/>).
/// </summary>
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

    /// <summary>A response mask (<see cref="ApiRequest.ResponseMask"/>) that hides the values of the fields named <paramref name="fields"/>, as <see cref="ApplyToFields"/> does.</summary>
    public static Func<string, string> Fields(params string[] fields) => text => ApplyToFields(text, fields);

    /// <summary>
    /// <paramref name="text"/>, a JSON body or a part of one, with the string value of every property named in
    /// <paramref name="fields"/> replaced by <see cref="Mask"/>, and each such value hidden wherever else it appears.
    /// A value cut off by the end of the text (a trace or an excerpt cuts bodies) is hidden up to the cut.
    /// </summary>
    public static string ApplyToFields(string text, string[] fields)
    {
        if (fields.Length == 0 || text.Length == 0)
        {
            return text;
        }

        var values = new List<string>();
        foreach (var field in fields)
        {
            var pattern = new Regex("(\"" + Regex.Escape(field) + "\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\"|\\\\?$)", RegexOptions.CultureInvariant);
            text = pattern.Replace(text, m =>
            {
                if (m.Groups[3].Value == "\"" && m.Groups[2].Length > 0)
                {
                    values.Add(m.Groups[2].Value);
                }

                return m.Groups[1].Value + Mask + (m.Groups[3].Value == "\"" ? "\"" : string.Empty);
            });
        }

        // The same value elsewhere (echoed in another field): as the body has it, JSON-escaped.
        foreach (var value in values.Where(v => v.Length >= 8).Distinct().OrderByDescending(v => v.Length))
        {
            text = text.Replace(value, Mask);
        }

        return text;
    }
}
