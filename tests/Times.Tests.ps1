# Times as a user in another time zone sees them: a new pwsh with TZ set, west and east of UTC. A filter against the
# local clock finds the runs it means, sorting follows the instants, and every view and export that shows a time shows the
# same UTC time.

Describe 'Times in the <Zone> time zone' -ForEach @(
    @{ Zone = 'America/New_York' }
    @{ Zone = 'Asia/Tokyo' }
) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $null = Invoke-RAMock $server POST reset

        # Stored in an order that is not the order of their times; run-fixed was made at a known instant.
        $now = [DateTimeOffset]::UtcNow
        $utc = { param($time) $time.UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [cultureinfo]::InvariantCulture) }
        $null = Invoke-RAMock $server POST runs @(
            @{ id = 'run-hour'; agent_id = 'payment-approver'; namespace = 'finance'; status = 'COMPLETED'; created_at = & $utc $now.AddHours(-1) }
            @{ id = 'run-new'; agent_id = 'payment-approver'; namespace = 'finance'; status = 'RUNNING'; created_at = & $utc $now.AddSeconds(-1) }
            @{ id = 'run-fixed'; agent_id = 'payment-approver'; namespace = 'finance'; status = 'FAILED'; created_at = '2026-11-29T04:44:13Z'
                events = @(@{ type = 'RUN_CREATED' }, @{ type = 'FAILED'; data = @{ error = 'tool refused' } }) }
        )
        $null = Invoke-RAMock $server POST requests @{
            id = 'ar-fixed'; status = 'REJECTED'; agent_id = 'payment-approver'; tool_id = 'stripe-api'; run_id = 'run-fixed'
            created_at = '2026-11-29T04:44:13Z'; updated_at = '2026-11-29T04:50:00Z'; expires_at = '2026-11-29T08:50:00Z'
        }

        $child = Invoke-ChildPwsh -TimeoutSec 90 -Environment @{
            TZ = $Zone; RUNAGENTS_API_KEY = 'test-key'; RUNAGENTS_ENDPOINT = $server.Uri.AbsoluteUri
        } -Script @'
$runs = Get-RARun -Status *
$fixed = $runs | Where-Object Id -eq run-fixed
$request = Get-RAAccessRequest -Id ar-fixed
$events = Get-RARunEvent -RunId run-fixed
[ordered]@{
    Zone          = [TimeZoneInfo]::Local.Id
    Newer         = @(($runs | Where-Object CreatedAt -gt (Get-Date).AddMinutes(-10)).Id)
    Older         = @(($runs | Where-Object CreatedAt -lt (Get-Date).AddHours(-2)).Id)
    Sorted        = @(($runs | Sort-Object CreatedAt).Id)
    RunTable      = $fixed | Format-Table | Out-String -Width 80
    RunList       = $fixed | Format-List | Out-String -Width 80
    RunCsv        = @($fixed | ConvertTo-Csv)
    RunJson       = $fixed | ConvertTo-Json -Compress
    RequestTable  = $request | Format-Table | Out-String -Width 80
    RequestList   = $request | Format-List | Out-String -Width 80
    RequestCsv    = @($request | ConvertTo-Csv)
    EventTable    = $events | Format-Table | Out-String -Width 80
    EventTimes    = @($events | ForEach-Object { $_.Timestamp.ToString('o') })
    EventCsv      = @($events | ConvertTo-Csv)
} | ConvertTo-Json -Depth 4
'@
        $script:Result = if ($child.ExitCode -eq 0 -and -not $child.TimedOut) { $child.Output | ConvertFrom-Json }

        function Get-ListValue {
            # The value of one item of a list view.
            param([string] $Text, [string] $Name)
            $line = $Text -split '\r?\n' | Where-Object { $_ -match "^$Name\s+: " }
            $line -replace "^$Name\s+: ", ''
        }

        function Get-CsvValue {
            # The value of one column of ConvertTo-Csv's single row.
            param([string[]] $Lines, [string] $Name, [int] $Row = 0)
            ($Lines | ConvertFrom-Csv)[$Row].$Name
        }

        function ConvertTo-Instant {
            # A shown time read back as an instant: it must say its offset.
            param([string] $Text)
            $Text | Should -Match '(\+00:00|Z)$' -Because "'$Text' must say which clock it is"
            [DateTimeOffset]::Parse($Text, [cultureinfo]::InvariantCulture)
        }

        $fixedTime = [DateTimeOffset]::new(2026, 11, 29, 4, 44, 13, [TimeSpan]::Zero)
    }

    AfterAll {
        if ($server) { $server | Stop-RAMockServer }
    }

    It 'runs the child in that zone' {
        $child.Errors | Should -BeNullOrEmpty
        $child.ExitCode | Should -Be 0
        $Result.Zone | Should -Be $Zone
    }

    It 'finds only the run of a second ago with Where-Object CreatedAt -gt (Get-Date).AddMinutes(-10)' {
        $Result.Newer | Should -Be @('run-new')
    }

    It 'finds only the run of 2026 as older than two hours' {
        $Result.Older | Should -Be @('run-fixed')
    }

    It 'sorts runs by the instant they were made' {
        $Result.Sorted | Should -Be @('run-fixed', 'run-hour', 'run-new')
    }

    It 'shows a run''s time in UTC in the list, CSV and JSON alike, and no time in the table' {
        $Result.RunTable | Should -Match '(?m)^Id\s+Status\s+User\s+Agent\s+Message\s*$'
        $Result.RunTable | Should -Match '(?m)^run-fixed\s+FAILED\s+payment-approver\s*$'
        ConvertTo-Instant (Get-ListValue $Result.RunList CreatedAt) | Should -Be $fixedTime
        ConvertTo-Instant (Get-CsvValue $Result.RunCsv CreatedAt) | Should -Be $fixedTime
        ConvertTo-Instant ($Result.RunJson | ConvertFrom-Json -DateKind String).CreatedAt | Should -Be $fixedTime
        (Get-ListValue $Result.RunList CreatedAt) | Should -Match '\b04:44:13\b'
        (Get-CsvValue $Result.RunCsv CreatedAt) | Should -Match '\b04:44:13\b'
    }

    It 'shows an access request''s times in UTC in the list and CSV alike, and no time in the table' {
        $Result.RequestTable | Should -Match '(?m)^ar-fixed\s+REJECTED\s+payment-approver\s+stripe-api\s*$'
        ConvertTo-Instant (Get-ListValue $Result.RequestList CreatedAt) | Should -Be $fixedTime
        ConvertTo-Instant (Get-ListValue $Result.RequestList ExpiresAt) | Should -Be ([DateTimeOffset]'2026-11-29T08:50:00Z')
        ConvertTo-Instant (Get-CsvValue $Result.RequestCsv UpdatedAt) | Should -Be ([DateTimeOffset]'2026-11-29T04:50:00Z')
    }

    It 'shows an event''s time in UTC in the table and in CSV' {
        $Result.EventTable | Should -Match '(?m)^\s*Seq\s+Time UTC\s+Type\s+Summary\s*$'
        $first = [DateTimeOffset]::Parse($Result.EventTimes[0], [cultureinfo]::InvariantCulture)
        $first.Offset | Should -Be ([TimeSpan]::Zero)
        $Result.EventTable | Should -Match "(?m)^\s+1 $($first.ToString('HH:mm:ss')) +RUN_CREATED"
        ConvertTo-Instant (Get-CsvValue $Result.EventCsv Timestamp) | Should -Be ([DateTimeOffset]::new($first.Ticks - $first.Ticks % [TimeSpan]::TicksPerSecond, [TimeSpan]::Zero))
    }
}
