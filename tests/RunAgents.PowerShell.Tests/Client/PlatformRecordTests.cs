using System.Text.Json;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Tests.Client;

/// <summary>
/// Runs, access requests and blocked actions are read the same way where they share fields: their times as instants in
/// UTC (a time that cannot be read is null, the rest still read), and the fields the module does not model kept.
/// </summary>
public sealed class PlatformRecordTests
{
    public static TheoryData<string> Kinds => new() { "run", "access request", "blocked action" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Times_are_instants_in_UTC_and_an_unreadable_one_is_null(string kind)
    {
        var record = Read(kind, """ "created_at":"2026-11-29T10:00:00+02:00","updated_at":"yesterday","status":"X" """);

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero), record.CreatedAt);
        Assert.Equal(TimeSpan.Zero, record.CreatedAt!.Value.Offset);
        Assert.Null(record.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fields_the_module_does_not_model_are_kept_as_plain_values(string kind)
    {
        var record = Read(kind, """ "region":"eu","labels":{"team":"finance"},"attempts":3 """);

        Assert.Equal("eu", record.AdditionalFields["region"]);
        Assert.Equal("finance", Assert.IsType<JsonFields>(record.AdditionalFields["labels"])["team"]);
        Assert.Equal(3L, record.AdditionalFields["attempts"]);
        Assert.Empty(Read(kind, """ "status":"X" """).AdditionalFields);
    }

    private static PlatformRecord Read(string kind, string fields) => kind switch
    {
        "run" => JsonSerializer.Deserialize($$"""{"id":"run-1",{{fields}}}""", RunAgentsJsonContext.Default.Run)!,
        "access request" => JsonSerializer.Deserialize($$"""{"id":"ar-1",{{fields}}}""", RunAgentsJsonContext.Default.AccessRequest)!,
        _ => JsonSerializer.Deserialize($$"""{"action_id":"act-1",{{fields}}}""", RunAgentsJsonContext.Default.BlockedAction)!,
    };
}
