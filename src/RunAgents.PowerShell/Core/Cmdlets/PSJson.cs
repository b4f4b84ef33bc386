using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Converts between PowerShell objects and JSON, as ConvertTo-Json and ConvertFrom-Json would.</summary>
internal static class PSJson
{
    private const int MaxDepth = 32;

    /// <summary>Writes a hashtable, PSCustomObject, array or scalar as compact JSON.</summary>
    /// <exception cref="ArgumentException">The object nests deeper than JSON bodies sensibly do, or refers to itself.</exception>
    public static string Serialize(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, 0);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Turns a JSON value into PSCustomObject, object[], string, bool, long, double or null.</summary>
    /// <remarks>The value comes from the service, so its strings and property names are made safe to print (<see cref="ServerText"/>).</remarks>
    public static object? ToPSObject(JsonElement element) => ToPSObject(element, clean: true);

    /// <summary>Turns JSON the user wrote (a deploy document) into PowerShell values as it is, to be sent as it is.</summary>
    public static object? FromUserJson(JsonElement element) => ToPSObject(element, clean: false);

    private static object? ToPSObject(JsonElement element, bool clean)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var result = new PSObject();
                foreach (var property in element.EnumerateObject())
                {
                    result.Properties.Add(new PSNoteProperty(clean ? ServerText.Clean(property.Name) : property.Name, ToPSObject(property.Value, clean)));
                }

                if (clean)
                {
                    // What the platform sent reads as its compact JSON wherever PowerShell makes it text (Export-Csv,
                    // ConvertTo-Csv, "$x", a list view), instead of @{content=...}; the properties stay as they are.
                    result.Methods.Add(new PSCodeMethod(nameof(ToString), ToStringMethod));
                }

                return result;
            case JsonValueKind.Array:
                var items = new object?[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[i++] = ToPSObject(item, clean);
                }

                return items;
            case JsonValueKind.String when !clean:
                return element.GetString();
            default:
                return JsonFields.ScalarValue(element);
        }
    }

    private static readonly System.Reflection.MethodInfo ToStringMethod = typeof(PSJson).GetMethod(nameof(JsonText))!;

    /// <summary>The text of an object read from the platform: its compact JSON.</summary>
    /// <remarks>The ToString of the objects <see cref="ToPSObject(JsonElement)"/> makes (a code method: public, static, the object first).</remarks>
    public static string JsonText(PSObject instance) => Serialize(instance);

    private static void Write(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"The body nests deeper than {MaxDepth} levels; it may refer to itself.");
        }

        if (value is PSObject wrapped)
        {
            if (wrapped.BaseObject is PSCustomObject)
            {
                writer.WriteStartObject();
                foreach (var property in wrapped.Properties)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, depth + 1);
                }

                writer.WriteEndObject();
                return;
            }

            value = wrapped.BaseObject;
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string text:
                writer.WriteStringValue(text);
                return;
            case char c:
                writer.WriteStringValue(c.ToString());
                return;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return;
            case SwitchParameter flag:
                writer.WriteBooleanValue(flag.IsPresent);
                return;
            case int or long or short or sbyte or byte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return;
            case ulong big:
                writer.WriteNumberValue(big);
                return;
            case float or double:
                writer.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                return;
            case decimal money:
                writer.WriteNumberValue(money);
                return;
            case DateTime time:
                writer.WriteStringValue(time.ToString("o", CultureInfo.InvariantCulture));
                return;
            case DateTimeOffset time:
                writer.WriteStringValue(time.ToString("o", CultureInfo.InvariantCulture));
                return;
            case Enum or Guid or Uri or TimeSpan or Version:
                writer.WriteStringValue(value.ToString());
                return;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(entry.Key?.ToString() ?? string.Empty);
                    Write(writer, entry.Value, depth + 1);
                }

                writer.WriteEndObject();
                return;
            case IEnumerable sequence:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                return;
            default:
                writer.WriteStartObject();
                foreach (var property in PSObject.AsPSObject(value).Properties)
                {
                    if (property.IsGettable && property is PSProperty or PSNoteProperty)
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, property.Value, depth + 1);
                    }
                }

                writer.WriteEndObject();
                return;
        }
    }
}
