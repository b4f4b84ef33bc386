using System.Text;
using System.Text.Json.Nodes;
using RunAgents.PowerShell.Configuration;

namespace RunAgents.PowerShell.Tests.Configuration;

/// <summary>
/// The canonical form of a configuration file: the same document gives the same bytes whatever order its keys came
/// in, so two exports of an unchanged platform are byte-identical; and the names a file may have.
/// </summary>
public sealed class ConfigurationFileTests
{
    [Fact]
    public void Keys_are_sorted_by_ordinal_at_every_level_and_arrays_keep_their_order()
    {
        var document = JsonNode.Parse("""{"spec":{"b":1,"a":[{"z":true,"y":null},"x"],"B":"up"},"name":"t","credentials":"<redacted>"}""")!;

        var text = Encoding.UTF8.GetString(ConfigurationFile.Canonical(document));

        Assert.Equal(
            "{\n  \"credentials\": \"<redacted>\",\n  \"name\": \"t\",\n  \"spec\": {\n    \"B\": \"up\",\n    \"a\": [\n      {\n        \"y\": null,\n        \"z\": true\n      },\n      \"x\"\n    ],\n    \"b\": 1\n  }\n}\n",
            text);
    }

    [Fact]
    public void The_bytes_are_UTF8_without_BOM_with_LF_and_a_final_newline_and_text_is_readable()
    {
        var bytes = ConfigurationFile.Canonical(JsonNode.Parse("""{"description":"Café — <b> & 'x'","tab":"a\tb"}""")!);

        Assert.NotEqual(0xEF, bytes[0]);
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal("{\n  \"description\": \"Café — <b> & 'x'\",\n  \"tab\": \"a\\tb\"\n}\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void A_document_gives_the_bytes_its_nodes_give_sorted_whether_or_not_its_parts_were_read_and_whatever_code_put_in_it()
    {
        // The canonical form is written from the document's text read back (see ConfigurationFile.Render): it must be
        // byte for byte what writing the nodes themselves sorted gives, for text from a platform (escaped, non-ASCII,
        // numbers as written) and for values the module put in (a placeholder, a number, a string with a control character).
        // Names too that bytes do not order as strings do: escaped, non-ASCII, and a character past U+FFFF (its UTF-16
        // surrogates come before U+E000, its UTF-8 after).
        const string platform = """{"z":{"n":[1.50,-0,1e3,12345678901234567890],"s":"tab\tquote\"<>&'\u00e9\ud83d\ude00","e":{},"a":[]},"name":"t","b":[{"y":null,"x":true},"\u0001",[[],[{}],[[1]]]],"Aa":"\/","names":{"\ue000":1,"\ud83d\ude00":2,"\u00e9":3,"z":4,"q\"uote":5,"back\\slash":6,"\u0001ctl":7,"\u0041":8,"a":9,"":10}}""";
        static JsonObject Document(bool changed)
        {
            var document = JsonNode.Parse(platform)!.AsObject();
            if (changed)
            {
                document["credentials"] = "<redacted>";
                document["port"] = 8080;
                document["ratio"] = 0.25;
                document["note"] = "line\u0007 é";
                document.Remove("Aa");
                ((JsonObject)document["z"]!)["added"] = new JsonArray(1, "two", null);
            }

            return document;
        }

        foreach (var changed in new[] { false, true })
        {
            var expected = new MemoryStream();
            using (var writer = new System.Text.Json.Utf8JsonWriter(expected, new System.Text.Json.JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                // The nodes themselves written sorted (which looks into every part), of a copy made the same way.
                WriteNodesSorted(writer, Document(changed));
            }

            var nodes = Encoding.UTF8.GetString(expected.ToArray()).Replace("\r\n", "\n") + "\n";
            Assert.Equal(nodes, Encoding.UTF8.GetString(ConfigurationFile.Canonical(Document(changed))));
        }
    }

    [Fact]
    public void Written_compact_for_a_hash_a_document_gives_the_bytes_its_nodes_give_sorted()
    {
        var document = JsonNode.Parse("""{"b":[{"d":1,"c":{"f":[],"e":{}}}],"a":"\u00e9\ud83d\ude00","\ue000":null,"\ud83d\ude00":true}""")!;
        var expected = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(expected, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteNodesSorted(writer, JsonNode.Parse(document.ToJsonString()));
        }

        var written = new MemoryStream();
        RunAgents.PowerShell.Client.SortedJson.Write(document, indented: false, written);

        Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), Encoding.UTF8.GetString(written.ToArray()));
        using var read = System.Text.Json.JsonDocument.Parse(written.ToArray());
        Assert.Equal(["a", "b", "\ud83d\ude00", "\ue000"], read.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain((byte)' ', written.ToArray());
    }

    /// <summary>The plain way to write a document with sorted keys, node by node: what the module's writer must match.</summary>
    private static void WriteNodesSorted(System.Text.Json.Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var pair in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(pair.Key);
                    WriteNodesSorted(writer, pair.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteNodesSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    [Fact]
    public void The_same_document_in_another_key_order_gives_the_same_bytes()
    {
        var one = JsonNode.Parse("""{"name":"p","spec":{"policies":[{"permission":"allow","resource":"*"}],"approvals":[]}}""")!;
        var other = JsonNode.Parse("""{"spec":{"approvals":[],"policies":[{"resource":"*","permission":"allow"}]},"name":"p"}""")!;

        Assert.Equal(ConfigurationFile.Canonical(one), ConfigurationFile.Canonical(other));
    }

    [Fact]
    public void A_file_is_canonical_of_a_document_only_when_it_holds_exactly_the_bytes_an_export_writes()
    {
        static ConfigurationObject Platform(string json) => new(ConfigurationKinds.All[0], "t", JsonNode.Parse(json)!.AsObject());
        var document = Platform("""{"spec":{"b":1,"a":["x"]},"name":"t"}""");
        var exported = ConfigurationFile.Canonical(document.Document);
        var text = Encoding.UTF8.GetString(exported);

        Assert.True(ConfigurationFile.IsCanonical(exported, document));
        Assert.True(ConfigurationFile.IsCanonical(exported, Platform("""{"name":"t","spec":{"a":["x"],"b":1}}""")));

        // What an editor or another tool makes of the same document is read and compared by its content, not taken as it.
        Assert.False(ConfigurationFile.IsCanonical(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n")), document));
        Assert.False(ConfigurationFile.IsCanonical(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(exported).ToArray(), document));
        Assert.False(ConfigurationFile.IsCanonical(exported[..^1], document));
        Assert.False(ConfigurationFile.IsCanonical(exported.Concat(new[] { (byte)'\n' }).ToArray(), document));
        Assert.False(ConfigurationFile.IsCanonical(Encoding.UTF8.GetBytes("""{"name":"t","spec":{"a":["x"],"b":1}}""" + "\n"), document));
        Assert.False(ConfigurationFile.IsCanonical(exported, Platform("""{"spec":{"b":2,"a":["x"]},"name":"t"}""")));
        Assert.False(ConfigurationFile.IsCanonical(Array.Empty<byte>(), document));
    }

    [Fact]
    public void Documents_are_written_on_several_threads_at_once_each_to_its_own_bytes()
    {
        var documents = Enumerable.Range(0, 200).Select(i => (JsonNode)new JsonObject { ["spec"] = new JsonObject { ["tags"] = new JsonArray(new string('x', i)), ["port"] = i }, ["name"] = "t" + i }).ToArray();
        var expected = documents.Select(d => Encoding.UTF8.GetString(ConfigurationFile.Canonical(d))).ToArray();

        var written = new string[documents.Length];
        var canonical = new bool[documents.Length];
        Parallel.For(0, documents.Length, i =>
        {
            written[i] = Encoding.UTF8.GetString(ConfigurationFile.Canonical(documents[i]));
            canonical[i] = ConfigurationFile.IsCanonical(Encoding.UTF8.GetBytes(expected[i]), new ConfigurationObject(ConfigurationKinds.All[0], "t" + i, (JsonObject)documents[i]));
        });

        Assert.Equal(expected, written);
        Assert.All(canonical, Assert.True);
    }

    [Theory]
    [InlineData("stripe-api", null)]
    [InlineData("a.b", null)]
    [InlineData("", "it is empty")]
    [InlineData("../x", "it holds a character a file name cannot")]
    [InlineData("a\\b", "it holds a character a file name cannot")]
    [InlineData("a:b", "it holds a character a file name cannot")]
    [InlineData("a\u0007", "it holds a character a file name cannot")]
    [InlineData(".hidden", "it starts with '.'")]
    [InlineData("trailing.", "it ends with a space or a dot")]
    [InlineData("con", "'con' is a device name on Windows")]
    [InlineData("LPT1.x", "'LPT1' is a device name on Windows")]
    public void A_name_is_one_file_every_system_can_hold(string name, string? problem)
    {
        var found = ConfigurationFile.NameProblem(name);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.StartsWith(problem, found);
        }
    }

    [Fact]
    public void A_placeholder_keeps_what_the_platform_has_and_the_rest_of_a_secret_is_sent()
    {
        Assert.Null(ConfigurationFile.WithoutPlaceholders(JsonValue.Create(ConfigurationFile.SecretPlaceholder)));
        Assert.Null(ConfigurationFile.WithoutPlaceholders(JsonNode.Parse("""{"api_key":"<redacted>"}""")));
        Assert.Equal("""{"client_id":"id"}""", ConfigurationFile.WithoutPlaceholders(JsonNode.Parse("""{"client_id":"id","client_secret":"<redacted>"}"""))!.ToJsonString());
        Assert.Equal("\"real\"", ConfigurationFile.WithoutPlaceholders(JsonValue.Create("real"))!.ToJsonString());
    }
}
