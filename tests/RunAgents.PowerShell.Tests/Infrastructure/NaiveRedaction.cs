namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>
/// The redaction rule spelled out the slow, obvious way, to check the fast implementations against:
/// a character is hidden when some run through it equals the key's first eight characters or more
/// (or the whole of a shorter key); each unbroken stretch of hidden characters becomes the hint.
/// </summary>
internal static class NaiveRedaction
{
    public static string Redact(string text, string key, string hint)
    {
        var needed = Math.Min(8, key.Length);
        var hidden = new bool[text.Length];
        for (var start = 0; start < text.Length; start++)
        {
            var length = 0;
            while (length < key.Length && start + length < text.Length && text[start + length] == key[length])
            {
                length++;
            }

            if (length >= needed)
            {
                Array.Fill(hidden, true, start, length);
            }
        }

        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (!hidden[i])
            {
                builder.Append(text[i]);
            }
            else if (i == 0 || !hidden[i - 1])
            {
                builder.Append(hint);
            }
        }

        return builder.ToString();
    }

    /// <summary>Text made of pieces of <paramref name="key"/> (whole, cut, overlapping) and filler, from a fixed seed.</summary>
    public static IEnumerable<string> Samples(string key, int count, int seed)
    {
        var random = new Random(seed);
        string[] fillers = ["", " ", "x", "\"", "{\"error\":\"", "\u00e9", "\u4e2d", "\n", key[..1], key[..Math.Min(2, key.Length)]];
        for (var n = 0; n < count; n++)
        {
            var builder = new System.Text.StringBuilder();
            var pieces = random.Next(1, 8);
            for (var p = 0; p < pieces; p++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        builder.Append(key);
                        break;
                    case 1:
                        builder.Append(key, 0, random.Next(1, key.Length + 1));
                        break;
                    case 2:
                        var from = random.Next(key.Length);
                        builder.Append(key, from, random.Next(key.Length - from + 1));
                        break;
                    default:
                        builder.Append(fillers[random.Next(fillers.Length)]);
                        break;
                }
            }

            yield return builder.ToString();
        }
    }
}
