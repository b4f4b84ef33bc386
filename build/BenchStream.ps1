# Cases 6 and 7 of build/Bench.ps1 (dot-sourced there, after case 5): streaming. Uses Bench.ps1's $results,
# Add-Result, Get-Median, Invoke-Child, $key, $secureKey, $ModulePath, $MockServerPath and $Runs.

# Case 6: how late each content delta of a streamed answer reaches the pipeline after the mock sent it. The mock
# writes its clock (DateTime ticks, UTC, the same machine's) into each delta as it flushes the event; the
# pipeline reads the clock as the string arrives. The baseline is the floor: HttpClient reading the same
# stream line by line in the same PowerShell, no module.
Write-Host 'Case 6: streamed answer, delay from the server sending a delta to the pipeline getting it'
$server = Start-RAMockServer -Path $MockServerPath -ApiKey $key -Seed none
try {
    Connect-RAService -Uri $server.Uri -ApiKey $secureKey
    $null = Invoke-RAMock $server POST seed @{ count = 1 }
    $agent = Get-RAAgent | Select-Object -First 1
    $streamUrl = [Uri]::new($server.Uri, "api/agents/$($agent.Namespace)/$($agent.Name)/invoke/stream").AbsoluteUri
    $message = 'stream-timed:40:20'
    $firsts = @{ module = [Collections.Generic.List[double]]::new(); raw = [Collections.Generic.List[double]]::new() }
    $alls = @{ module = [Collections.Generic.List[double]]::new(); raw = [Collections.Generic.List[double]]::new() }
    $http = [System.Net.Http.HttpClient]::new()
    $http.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $key)
    for ($run = 0; $run -le $Runs; $run++) {
        # Run 0 is the warm-up of both.
        $late = [Collections.Generic.List[double]]::new()
        $agent | Invoke-RAAgent -Message $message -Stream -Raw | ForEach-Object {
            $now = [DateTime]::UtcNow.Ticks
            foreach ($line in ($_ -split "`n")) { if ($line -like '@*') { $late.Add(($now - [long]$line.Substring(1)) / 10000.0) } }
        }
        if ($run) { $firsts.module.Add($late[0]); $alls.module.AddRange($late) }

        $late = [Collections.Generic.List[double]]::new()
        $request = [System.Net.Http.HttpRequestMessage]::new('Post', $streamUrl)
        $request.Content = [System.Net.Http.StringContent]::new("{`"message`":`"$message`"}", [Text.Encoding]::UTF8, 'application/json')
        $response = $http.SendAsync($request, [System.Net.Http.HttpCompletionOption]::ResponseHeadersRead).GetAwaiter().GetResult()
        $reader = [IO.StreamReader]::new($response.Content.ReadAsStream())
        while ($null -ne ($line = $reader.ReadLine())) {
            $now = [DateTime]::UtcNow.Ticks
            if ($line -match '"delta":"@(\d+)') { $late.Add(($now - [long]$Matches[1]) / 10000.0) }
        }
        $reader.Dispose(); $response.Dispose()
        if ($run) { $firsts.raw.Add($late[0]); $alls.raw.AddRange($late) }
    }
    $http.Dispose()
    $firstModule = Get-Median $firsts.module.ToArray()
    $firstRaw = Get-Median $firsts.raw.ToArray()
    $p95 = ($alls.module | Sort-Object)[[int][Math]::Floor($alls.module.Count * 0.95)]
    $p95Raw = ($alls.raw | Sort-Object)[[int][Math]::Floor($alls.raw.Count * 0.95)]
    $medianModule = Get-Median $alls.module.ToArray()
    $medianRaw = Get-Median $alls.raw.ToArray()
    Write-Host ('  first delta: Invoke-RAAgent -Stream {0:n2} ms, HttpClient {1:n2} ms; every delta median {2:n2} ms (HttpClient {3:n2} ms), 95th percentile {4:n2} ms (HttpClient {5:n2} ms)' -f $firstModule, $firstRaw, $medianModule, $medianRaw, $p95, $p95Raw)
    Add-Result '6 stream latency' 'first delta ms' $firstModule 'HttpClient lines' $firstRaw ($firstModule / [Math]::Max(0.01, $firstRaw)) '<= 50 ms after the server sent it' ($firstModule -le 50)
    Add-Result '6 stream latency' 'median delta ms' $medianModule 'HttpClient lines' $medianRaw ($medianModule / [Math]::Max(0.01, $medianRaw)) "report (95th percentile $([Math]::Round($p95, 1)) ms, HttpClient $([Math]::Round($p95Raw, 1)) ms)" $true
}
finally {
    $server | Stop-RAMockServer
}

# Case 7: Get-RARunEvent -Follow over a run whose 10,000 events arrive over time, in fresh processes, against
# the same with 1,000 events: flat memory means the peak working set and the managed heap do not grow with the count.
Write-Host 'Case 7: Get-RARunEvent -Follow of 10,000 events against 1,000'
$server = Start-RAMockServer -Path $MockServerPath -ApiKey $key -Seed none -ResumeMs 20
try {
    $null = Invoke-RAMock $server POST seed @{ count = 1 }
    $followScript = {
        param($Module, $Uri, $Key, $Count)
        Import-Module $Module
        Connect-RAService -Uri $Uri -ApiKey (ConvertTo-SecureString $Key -AsPlainText -Force)
        $agent = Get-RAAgent | Select-Object -First 1
        [GC]::Collect()
        $process = [Diagnostics.Process]::GetCurrentProcess()
        $before = $process.WorkingSet64
        $managedBefore = [GC]::GetTotalMemory($true)
        $answer = $agent | Invoke-RAAgent -Message "work:$($Count):250"
        $seen = 0
        $managedPeak = 0
        Get-RARunEvent -RunId $answer.RunId -Follow -PollIntervalSec 1 | ForEach-Object {
            $seen++
            # What the follow holds live (a full collection first), every 500 events.
            if ($seen % 500 -eq 0) { $managedPeak = [Math]::Max($managedPeak, [GC]::GetTotalMemory($true)) }
        }
        $process.Refresh()
        @{ Count = $seen; Before = $before; Peak = $process.PeakWorkingSet64; ManagedGrowth = [GC]::GetTotalMemory($true) - $managedBefore; ManagedPeak = $managedPeak } | ConvertTo-Json -Compress
    }
    $figures = @{ 1000 = [Collections.Generic.List[object]]::new(); 10000 = [Collections.Generic.List[object]]::new() }
    for ($run = 0; $run -lt 3; $run++) {
        foreach ($count in 1000, 10000) {
            $child = Invoke-Child -Script "& { $followScript } -Module '$ModulePath' -Uri '$($server.Uri)' -Key '$key' -Count $count"
            # The run's own events around the tool calls: RUN_CREATED, USER_MESSAGE, INVOKE_REQUESTED, AGENT_MESSAGE, COMPLETED.
            if ($child.Count -ne $count + 5) { throw "The follow of $count steps wrote $($child.Count) events, not $($count + 5)." }
            $figures[$count].Add($child)
        }
    }
    $peakSmall = Get-Median @($figures[1000] | ForEach-Object { $_.Peak / 1MB })
    $peakLarge = Get-Median @($figures[10000] | ForEach-Object { $_.Peak / 1MB })
    $heapSmall = Get-Median @($figures[1000] | ForEach-Object { $_.ManagedPeak / 1MB })
    $heapLarge = Get-Median @($figures[10000] | ForEach-Object { $_.ManagedPeak / 1MB })
    $growthLarge = Get-Median @($figures[10000] | ForEach-Object { $_.ManagedGrowth / 1MB })
    Write-Host ('  peak working set: 10,000 events {0:n0} MiB, 1,000 events {1:n0} MiB; live managed heap at its peak {2:n1} MiB against {3:n1} MiB; kept after the follow {4:n2} MiB' -f $peakLarge, $peakSmall, $heapLarge, $heapSmall, $growthLarge)
    Add-Result '7 follow 10k events' 'peak MiB' $peakLarge '1,000 events' $peakSmall ($peakLarge / $peakSmall) '<= 1.15x (flat)' ($peakLarge / $peakSmall -le 1.15)
    Add-Result '7 follow 10k events' 'live managed peak MiB' $heapLarge '1,000 events' $heapSmall ($heapLarge / [Math]::Max(0.01, $heapSmall)) '<= 1.5x (flat)' ($heapLarge / [Math]::Max(0.01, $heapSmall) -le 1.5)
}
finally {
    $server | Stop-RAMockServer
}
