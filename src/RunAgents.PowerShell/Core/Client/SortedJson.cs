using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Writes a JSON value with every object's keys in ordinal order (arrays keep theirs): the one order in which two equal
/// documents give the same text, for an action plan's hash and a configuration file's bytes.
/// </summary>
/// <remarks>
/// The bytes are those a <see cref="Utf8JsonWriter"/> with <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>
/// writes for the value's nodes taken in that order (indented: two spaces a level, LF line ends), and are made the
/// cheaper way: the value is first written as it is, then its text is read once and written again in order, each name,
/// string and number as the text the first writer gave it (the same encoder escapes it the same way wherever it stands).
/// Sorting the nodes themselves would first make a node of every field of a document read from the platform that nothing
/// has looked into: for hundreds of documents, most of the time a compare took.
/// </remarks>
internal static class SortedJson
{
    // As deep as a writer writes by default.
    private const int MaxDepth = 1000;

    private static readonly JsonWriterOptions s_plain = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = MaxDepth };

    private static readonly JsonReaderOptions s_read = new() { MaxDepth = MaxDepth };

    // One sorter per thread: folders are compared on several threads at once.
    [ThreadStatic]
    private static Sorter? t_sorter;

    /// <summary>Writes <paramref name="node"/> to <paramref name="output"/>, keys sorted by ordinal at every level, indented or compact.</summary>
    public static void Write(JsonNode? node, bool indented, MemoryStream output) => (t_sorter ??= new Sorter()).Write(node, indented, output);

    private enum Kind : byte
    {
        Value,
        Object,
        Array,
        Name,
    }

    /// <summary>A token of the value's text: where its text is, and for an object or an array, where its contents end.</summary>
    private struct Token
    {
        public Kind Kind;

        /// <summary>Where its text starts in the value's text: a name's after its opening quote, a string's at its quote.</summary>
        public int Start;

        /// <summary>The length of its text: a name's without its quotes, a string's with them.</summary>
        public int Length;

        /// <summary>An object's or an array's: the index of the token after its contents.</summary>
        public int End;

        /// <summary>A name's text as a string, where bytes do not order it as strings do (escaped, or not ASCII); else -1.</summary>
        public int Text;
    }

    /// <summary>A thread's buffers: the value's text, its tokens, and the fields of the objects being written.</summary>
    private sealed class Sorter : IComparer<int>
    {
        private readonly MemoryStream _plain = new();
        private readonly Utf8JsonWriter _plainWriter;
        private readonly List<string> _texts = new();
        private readonly Stack<int> _open = new();
        private Token[] _tokens = new Token[256];
        private int _count;
        private int[] _fields = new int[64];
        private int _fieldsCount;
        private byte[] _spaces = new byte[64];
        private byte[] _text = Array.Empty<byte>();
        private MemoryStream _output = null!;
        private bool _indented;
        private bool _byBytes;

        public Sorter()
        {
            _plainWriter = new Utf8JsonWriter(_plain, s_plain);
            for (var i = 0; i < _spaces.Length; i++)
            {
                _spaces[i] = (byte)' ';
            }
        }

        public void Write(JsonNode? node, bool indented, MemoryStream output)
        {
            if (node is null)
            {
                output.Write(new[] { (byte)'n', (byte)'u', (byte)'l', (byte)'l' }, 0, 4);
                return;
            }

            _plain.SetLength(0);
            _plainWriter.Reset(_plain);
            node.WriteTo(_plainWriter);
            _plainWriter.Flush();
            _text = _plain.GetBuffer();
            Read((int)_plain.Length);
            (_output, _indented) = (output, indented);
            try
            {
                WriteValue(0, 0);
            }
            finally
            {
                _output = null!;
                _texts.Clear();
            }
        }

        /// <summary>Orders two fields (the indexes of their names' tokens): by name, as strings order, then as they came.</summary>
        public int Compare(int x, int y)
        {
            var order = _byBytes
                ? new ReadOnlySpan<byte>(_text, _tokens[x].Start, _tokens[x].Length).SequenceCompareTo(new ReadOnlySpan<byte>(_text, _tokens[y].Start, _tokens[y].Length))
                : string.CompareOrdinal(NameText(x), NameText(y));
            return order != 0 ? order : x.CompareTo(y);
        }

        /// <summary>The tokens of the value's text.</summary>
        private void Read(int length)
        {
            _count = 0;
            _open.Clear();
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_text, 0, length), s_read);
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        _open.Push(_count);
                        Add(Kind.Object, start, 1, -1);
                        break;
                    case JsonTokenType.StartArray:
                        _open.Push(_count);
                        Add(Kind.Array, start, 1, -1);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        _tokens[_open.Pop()].End = _count;
                        break;
                    case JsonTokenType.PropertyName:
                        var text = -1;
                        if (reader.ValueIsEscaped || !IsAscii(reader.ValueSpan))
                        {
                            text = _texts.Count;
                            _texts.Add(reader.GetString()!);
                        }

                        Add(Kind.Name, start + 1, reader.ValueSpan.Length, text);
                        break;
                    case JsonTokenType.String:
                        Add(Kind.Value, start, reader.ValueSpan.Length + 2, -1);
                        break;
                    default:
                        Add(Kind.Value, start, reader.ValueSpan.Length, -1);
                        break;
                }
            }
        }

        private void Add(Kind kind, int start, int length, int text)
        {
            if (_count == _tokens.Length)
            {
                Array.Resize(ref _tokens, _tokens.Length * 2);
            }

            _tokens[_count++] = new Token { Kind = kind, Start = start, Length = length, Text = text };
        }

        /// <summary>Writes the value at token <paramref name="index"/>, <paramref name="depth"/> levels in; the index of the token after it.</summary>
        private int WriteValue(int index, int depth)
        {
            var token = _tokens[index];
            switch (token.Kind)
            {
                case Kind.Object:
                    WriteObject(index, token.End, depth);
                    return token.End;
                case Kind.Array:
                    _output.WriteByte((byte)'[');
                    var item = index + 1;
                    for (var first = true; item < token.End; first = false)
                    {
                        NextLine(first, depth + 1);
                        item = WriteValue(item, depth + 1);
                    }

                    EndLine(token.End > index + 1, depth);
                    _output.WriteByte((byte)']');
                    return token.End;
                default:
                    _output.Write(_text, token.Start, token.Length);
                    return index + 1;
            }
        }

        private void WriteObject(int index, int end, int depth)
        {
            // The object's fields (their names' tokens) go on the list after those of the objects it is in, and leave it
            // once written.
            var first = _fieldsCount;
            var count = 0;
            var byBytes = true;
            for (var field = index + 1; field < end; field = Next(field + 1))
            {
                if (first + count == _fields.Length)
                {
                    Array.Resize(ref _fields, _fields.Length * 2);
                }

                _fields[first + count++] = field;
                byBytes &= _tokens[field].Text < 0;
            }

            _fieldsCount = first + count;
            _byBytes = byBytes;
            Array.Sort(_fields, first, count, this);

            _output.WriteByte((byte)'{');
            for (var i = 0; i < count; i++)
            {
                var name = _tokens[_fields[first + i]];
                NextLine(i == 0, depth + 1);
                _output.WriteByte((byte)'"');
                _output.Write(_text, name.Start, name.Length);
                _output.WriteByte((byte)'"');
                _output.WriteByte((byte)':');
                if (_indented)
                {
                    _output.WriteByte((byte)' ');
                }

                WriteValue(_fields[first + i] + 1, depth + 1);
            }

            EndLine(count > 0, depth);
            _output.WriteByte((byte)'}');
            _fieldsCount = first;
        }

        /// <summary>The index of the token after the value at <paramref name="index"/>.</summary>
        private int Next(int index) => _tokens[index].Kind is Kind.Object or Kind.Array ? _tokens[index].End : index + 1;

        /// <summary>Before an item: a comma after the one before, and indented, a new line and the item's indentation.</summary>
        private void NextLine(bool first, int depth)
        {
            if (!first)
            {
                _output.WriteByte((byte)',');
            }

            if (_indented)
            {
                NewLine(depth);
            }
        }

        /// <summary>Before the end of an object or an array that holds something, indented: a new line at its own indentation.</summary>
        private void EndLine(bool any, int depth)
        {
            if (any && _indented)
            {
                NewLine(depth);
            }
        }

        private void NewLine(int depth)
        {
            _output.WriteByte((byte)'\n');
            var spaces = depth * 2;
            if (spaces > _spaces.Length)
            {
                _spaces = new byte[Math.Max(spaces, _spaces.Length * 2)];
                for (var i = 0; i < _spaces.Length; i++)
                {
                    _spaces[i] = (byte)' ';
                }
            }

            _output.Write(_spaces, 0, spaces);
        }

        private string NameText(int name) =>
            _tokens[name].Text >= 0 ? _texts[_tokens[name].Text] : Encoding.UTF8.GetString(_text, _tokens[name].Start, _tokens[name].Length);

        private static bool IsAscii(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                if (b >= 0x80)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
