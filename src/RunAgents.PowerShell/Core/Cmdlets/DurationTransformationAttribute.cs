using System;
using System.Globalization;
using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Reads a duration as the platform, the CLI and the module's own output write it (<c>4h</c>, <c>90m</c>,
/// <c>1h30m</c>, <c>45s</c>), or as a TimeSpan (<c>'04:00:00'</c>, <c>New-TimeSpan</c>), of at least one second and at
/// most <see cref="MaxDays"/> when that is set; anything else is refused at binding, with what to write instead. Every
/// duration parameter of the module reads through this one attribute, so they all accept and refuse the same text.
/// </summary>
/// <remarks>
/// A bare number is refused: PowerShell reads <c>'4'</c> as four days, while whoever typed it most likely meant hours.
/// An upper bound catches a slip such as <c>4000h</c>; an approval's window has one (30 days), since a grant of months
/// is a standing grant, which belongs in a policy.
/// PowerShell reads some durations typed without quotes as numbers with a type suffix: <c>45s</c> as the short integer
/// 45, <c>10us</c> as the unsigned short 10, <c>2d</c> as the decimal 2. A short is read as seconds and an unsigned
/// short as microseconds, as written; a decimal is refused as days are.
/// </remarks>
public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    /// <summary>The longest duration accepted, in days; 0 (the default) sets no upper bound.</summary>
    public int MaxDays { get; set; }

    /// <summary>What the duration is, for the messages (<c>an approval window</c>).</summary>
    public string What { get; set; } = "a duration";

    private const string Forms = "Write it as the platform does (4h, 90m, 1h30m, 45s), or as a TimeSpan ('04:00:00', (New-TimeSpan -Hours 4)).";

    private static readonly TimeSpan s_shortest = TimeSpan.FromSeconds(1);

    /// <inheritdoc/>
    /// <exception cref="ArgumentTransformationMetadataException">The value is not a duration, or out of bounds.</exception>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            null => null,
            TimeSpan span => Bounded(span),
            string text when text.Trim().Length == 0 => null,
            string text => Bounded(Read(text.Trim())),
            short seconds => Bounded(TimeSpan.FromSeconds(seconds)),
            ushort microseconds => Bounded(TimeSpan.FromTicks(microseconds * 10L)),
            decimal days => throw Days(days),
            sbyte or byte or int or uint or long or ulong or float or double or System.Numerics.BigInteger =>
                throw Refused($"{Convert.ToString(value, CultureInfo.InvariantCulture)} is a number without a unit", Convert.ToString(value, CultureInfo.InvariantCulture)!),
            _ => throw new ArgumentTransformationMetadataException(
                $"A {value.GetType().Name} is not a duration. {Forms}"),
        };
    }

    /// <summary>Go duration text, or TimeSpan text such as <c>04:00:00</c> or <c>1.12:00:00</c> (which has a colon, so that a bare number is never a day count).</summary>
    private static TimeSpan Read(string text)
    {
        if (GoDuration.TryParse(text) is TimeSpan go)
        {
            return go;
        }

        if (text.IndexOf(':') >= 0 && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }

        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw Refused($"'{text}' is a number without a unit", text);
        }

        if (text.EndsWith("d", StringComparison.Ordinal) && decimal.TryParse(text.Substring(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count))
        {
            throw new ArgumentTransformationMetadataException($"'{ValidateAgentNameAttribute.Printable(text)}' is not a duration. {NoDays(count)}");
        }

        throw new ArgumentTransformationMetadataException($"'{ValidateAgentNameAttribute.Printable(text)}' is not a duration. {Forms}");
    }

    /// <summary>A decimal: what PowerShell makes of <c>2d</c> typed without quotes (or a [decimal] given on purpose).</summary>
    private static ArgumentTransformationMetadataException Days(decimal count) => new(
        $"{count.ToString(CultureInfo.InvariantCulture)} is a number without a unit (PowerShell reads {count.ToString(CultureInfo.InvariantCulture)}d as the decimal {count.ToString(CultureInfo.InvariantCulture)}). {NoDays(count)}");

    private static string NoDays(decimal count) =>
        $"Durations have no unit for days: write {(count * 24).ToString("0.##", CultureInfo.InvariantCulture)}h, or (New-TimeSpan -Days {count.ToString(CultureInfo.InvariantCulture)}).";

    private TimeSpan Bounded(TimeSpan span)
    {
        if (span < s_shortest)
        {
            throw new ArgumentTransformationMetadataException($"{GoDuration.Format(span)} is shorter than one second, the least {What} can last.");
        }

        var longest = TimeSpan.FromDays(MaxDays);
        if (MaxDays > 0 && span > longest)
        {
            throw new ArgumentTransformationMetadataException(
                $"{GoDuration.Format(span)} ({span.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} days) is longer than {MaxDays} days ({GoDuration.Format(longest)}), the longest {What} here: a grant that long belongs in a policy. Approve for at most {GoDuration.Format(longest)}, and again when it ends.");
        }

        return span;
    }

    /// <summary>A number given without a unit: PowerShell would read it as days, the platform not at all.</summary>
    private static ArgumentTransformationMetadataException Refused(string what, string number) => new(
        $"{what}, so it does not say whether it means hours, minutes or seconds (as a TimeSpan it would be {number} days). Give the unit, as the platform writes durations: {number}h, {number}m or {number}s; or a TimeSpan such as '04:00:00' or (New-TimeSpan -Hours {number}).");
}
