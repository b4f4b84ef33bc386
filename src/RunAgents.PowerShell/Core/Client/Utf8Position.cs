namespace RunAgents.PowerShell.Client;

/// <summary>
/// Walks a string forward to tell which character its UTF-8 bytes reach at an offset, so that runs found in
/// the bytes are cut out of the string itself: the rest of it stays as it was, lone surrogates included.
/// </summary>
internal struct Utf8Position
{
    private readonly string _text;
    private int _byte;
    private int _char;

    /// <summary>Starts at the beginning of <paramref name="text"/>.</summary>
    public Utf8Position(string text)
    {
        _text = text;
        _byte = 0;
        _char = 0;
    }

    /// <summary>The index of the character that starts at byte <paramref name="offset"/>; offsets must not go back.</summary>
    /// <remarks>Counts bytes as <see cref="System.Text.Encoding.UTF8"/> writes them: a lone surrogate as the three bytes of U+FFFD.</remarks>
    public int CharAt(int offset)
    {
        while (_byte < offset && _char < _text.Length)
        {
            var c = _text[_char];
            if (c < 0x80)
            {
                _byte += 1;
            }
            else if (c < 0x800)
            {
                _byte += 2;
            }
            else if (char.IsHighSurrogate(c) && _char + 1 < _text.Length && char.IsLowSurrogate(_text[_char + 1]))
            {
                _byte += 4;
                _char++;
            }
            else
            {
                _byte += 3;
            }

            _char++;
        }

        return _char;
    }
}
