using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Lets a <see cref="TimeSpan"/> parameter take a duration as the platform writes them (<c>4h</c>, <c>1h30m</c>,
/// <c>'90s'</c>) beside what PowerShell converts itself (<c>New-TimeSpan -Hours 4</c>, <c>'04:00:00'</c>); a bare number
/// is refused, since PowerShell would read it as ticks (and reads <c>90s</c> unquoted as the number 90).
/// </summary>
public sealed class GoDurationTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case string text when text.Trim().Length > 0 && text.Trim().All(char.IsDigit):
                throw new ArgumentTransformationMetadataException($"'{ValidateAgentNameAttribute.Printable(text)}' has no unit: give one, such as {text.Trim()}h, {text.Trim()}m or {text.Trim()}s (a TimeSpan would read it as days).");
            case string text when GoDuration.TryParse(text.Trim()) is TimeSpan span:
                return span;
            case string text when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span):
                return span;
            case string text:
                throw new ArgumentTransformationMetadataException($"'{ValidateAgentNameAttribute.Printable(text)}' is not a duration: give one as the platform writes them, such as 4h, 1h30m or '90s', or a TimeSpan such as (New-TimeSpan -Hours 4) or '04:00:00'.");
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal:
                throw new ArgumentTransformationMetadataException($"The number {Convert.ToString(value, CultureInfo.InvariantCulture)} is not a duration: give its unit, such as 4h, 1h30m or '90s' (in quotes: PowerShell reads 90s as the number 90).");
            default:
                return value;
        }
    }
}
