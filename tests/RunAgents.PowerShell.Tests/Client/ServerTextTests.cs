using System.Collections;
using System.Reflection;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>Text from the service reaches the console with its control characters made visible, and unchanged otherwise.</summary>
public sealed class ServerTextTests
{
    private const string Escapes = "\u001b[2J\u001b]0;owned\u0007\u009b31m\rover\u007f";

    [Theory]
    [InlineData("plain text")]
    [InlineData("")]
    [InlineData("tab\tline\nwindows line\r\nend\r\n")]
    [InlineData("\u00e9\u4e2d\u6587 \ud83d\ude00 \u00a0 \u200b \u2028")]
    [InlineData("already visible: \u241b[31m \u2421 \ufffd")]
    public void Text_without_controls_is_the_same_instance(string text)
    {
        Assert.Same(text, ServerText.Clean(text));
    }

    [Fact]
    public void Null_stays_null()
    {
        Assert.Null(ServerText.Clean((string?)null));
    }

    [Theory]
    [InlineData("\u001b[31mred\u001b[0m", "\u241b[31mred\u241b[0m")]
    [InlineData("\u001b]0;title\u0007", "\u241b]0;title\u2407")]
    [InlineData("\u0000\u0001\u0008\u000b\u000c\u001f", "\u2400\u2401\u2408\u240b\u240c\u241f")]
    [InlineData("approved\rdenied  ", "approved\u240ddenied  ")]
    [InlineData("a\r\r\nb\r", "a\u240d\r\nb\u240d")]
    [InlineData("\u007f", "\u2421")]
    [InlineData("\u0080 \u0085 \u009b31m \u009f", "\ufffd \ufffd \ufffd31m \ufffd")]
    [InlineData("ok\tstill\nok", "ok\tstill\nok")]
    public void Control_characters_become_visible_stand_ins(string text, string expected)
    {
        Assert.Equal(expected, ServerText.Clean(text));
    }

    public static TheoryData<Type> Models => new() { typeof(Agent), typeof(AccessRequest), typeof(Run), typeof(RunEvent), typeof(DeployResult) };

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_string_read_from_the_service_is_cleaned(Type model)
    {
        // Every string of the model, dictionary keys too, as the service would send it: escapes in JSON.
        var json = JsonSerializer.Serialize(Build(model, Escapes), model);
        Assert.Contains("\\u001B", json);

        var read = JsonSerializer.Deserialize(json, model, RunAgentsJsonContext.Default)!;

        var strings = Strings(read).ToList();
        Assert.True(strings.Count >= 3, $"Expected the strings of {model.Name}, found {strings.Count}.");
        Assert.All(strings, s => Assert.Equal("\u241b[2J\u241b]0;owned\u2407\ufffd31m\u240dover\u2421", s));
    }

    [Fact]
    public void A_clean_agent_reads_the_same()
    {
        var json = JsonSerializer.Serialize(Build<Agent>("Running"));

        var agent = JsonSerializer.Deserialize(json, RunAgentsJsonContext.Default.Agent)!;

        Assert.All(Strings(agent), s => Assert.Equal("Running", s));
        Assert.True(Strings(agent).Count() >= 13);
    }

    /// <summary>
    /// An object of <typeparamref name="T"/> whose every settable string, at every depth, holds
    /// <paramref name="text"/>: a model property added later is covered without changing this test.
    /// </summary>
    private static T Build<T>(string text) => (T)Build(typeof(T), text);

    private static object Build(Type type, string text)
    {
        if (type == typeof(string))
        {
            return text;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (IList)Activator.CreateInstance(type)!;
            list.Add(Build(type.GetGenericArguments()[0], text));
            return list;
        }

        if (typeof(IDictionary<string, string>).IsAssignableFrom(type))
        {
            var labels = (IDictionary<string, string>)Activator.CreateInstance(type)!;
            labels[text] = text;
            return labels;
        }

        // Unmodelled fields (JsonElement values) stay empty: they reach users through PSJson and JsonFields, tested on their own.
        if (typeof(IDictionary).IsAssignableFrom(type) || Nullable.GetUnderlyingType(type) is not null || type.IsValueType)
        {
            return Activator.CreateInstance(type)!;
        }

        var value = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            property.SetValue(value, Build(property.PropertyType, text));
        }

        return value;
    }

    /// <summary>Every string held by <paramref name="value"/>'s settable properties, dictionary keys included.</summary>
    private static IEnumerable<string> Strings(object? value)
    {
        switch (value)
        {
            case null:
                yield break;
            case string text:
                yield return text;
                yield break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    yield return (string)entry.Key;
                    foreach (var s in Strings(entry.Value))
                    {
                        yield return s;
                    }
                }

                yield break;
            case IEnumerable items:
                foreach (var item in items)
                {
                    foreach (var s in Strings(item))
                    {
                        yield return s;
                    }
                }

                yield break;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            foreach (var s in Strings(property.GetValue(value)))
            {
                yield return s;
            }
        }
    }
}
