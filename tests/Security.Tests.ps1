# The API key never shows: not in any stream, object, error, transcript, nor on the server's journal.
# On both API generations: a bearer key on the namespaced API, a workspace key (sent in its own header) on v1.

Describe 'Security of the API key on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        # Distinctive, so that a leak anywhere is found by a plain search; the middle part finds a
        # leak that cut the key short.
        $plainKey = $(if ($Generation -eq 'V1') { 'ra_ws_' } else { 'rak-' }) + 'LEAKCANARY-' + '9xQ4vT7mW2pL8zN5'
        $secureKey = ConvertTo-TestKey $plainKey
        $partPattern = 'LEAKCANARY'
        $server = Start-RAMockServer -ApiKey $plainKey
        $api = New-TestApi $Generation $server
        $baseUri = $api.Uri

        # The battery: every cmdlet, its errors, and the server's misbehaviour, with -Verbose -Debug.
        $battery = {
            $connection = Connect-RAService -Uri $baseUri -ApiKey $secureKey -PassThru -Verbose -Debug
            $connection
            $connection | Format-List
            Get-RAConnection -Verbose -Debug
            Get-RAAgent -Verbose -Debug
            Get-RAAgent finance invoice-processor -Verbose -Debug
            Get-RAAgent finance ghost -Verbose -Debug
            Get-RAAgent -Name ghost -Verbose -Debug
            Remove-RAAgent finance expense-auditor -Force -PassThru -Verbose -Debug
            Remove-RAAgent finance ghost -Force -Verbose -Debug
            Invoke-RAAgent finance invoice-processor 'What is due?' -Verbose -Debug
            Invoke-RAAgent finance invoice-processor -Body @{ message = 'raw please' } -Raw -Verbose -Debug
            Invoke-RAAgent finance fraud-detector 'hello' -Verbose -Debug
            Wait-RAAgent finance invoice-processor -PollIntervalSec 1 -Verbose -Debug

            # A server that echoes the key back in its errors must not make the module show it.
            $null = Invoke-RAMock $server POST faults @{ method = 'GET'; status = 401; body = "{`"error`":`"key $plainKey is revoked`"}" }
            Get-RAAgent -Verbose -Debug
            $null = Invoke-RAMock $server POST faults @{ method = 'GET'; status = 502; count = 4; body = "<html>upstream rejected $plainKey</html>"; contentType = 'text/html'; headers = @{ 'Retry-After' = '0' } }
            Get-RAAgent finance invoice-processor -Verbose -Debug
            $null = Invoke-RAMock $server POST faults @{ method = 'GET'; status = 200; body = "[{`"name`":`"$plainKey`",oops]" }
            Get-RAAgent -Verbose -Debug
            $null = Invoke-RAMock $server POST faults @{ method = 'GET'; delayMs = 2000 }
            Get-RAAgent -TimeoutSec 1 -Verbose -Debug

            # The same key from the environment, with no Connect-RAService.
            Disconnect-RAService -Verbose -Debug
            $env:RUNAGENTS_API_KEY = $plainKey
            $env:RUNAGENTS_ENDPOINT = $baseUri.AbsoluteUri
            Get-RAConnection -Verbose -Debug
            Get-RAAgent -Namespace support -Verbose -Debug
            Invoke-RAAgent support support-triage 'hi' -Verbose -Debug
            Remove-Item env:RUNAGENTS_API_KEY, env:RUNAGENTS_ENDPOINT
        }

        # In this session, every stream captured, inside a transcript.
        $transcript = Join-Path $TestDrive 'transcript.txt'
        Save-RAEnvironment -EmptyHome (Join-Path $TestDrive 'home')
        $Error.Clear()
        $null = Start-Transcript -LiteralPath $transcript -IncludeInvocationHeader
        try {
            $streams = @(& $battery *>&1)
        }
        finally {
            $null = Stop-Transcript
            Restore-RAEnvironment
        }
        $errors = @($Error)
        $journal = Invoke-RAMock $server GET journal
        Connect-RAService -Uri $baseUri -ApiKey $secureKey
        $connectionObject = Get-RAConnection

        # The same battery in a script of its own, as a user would run it: nothing redirected, so
        # every stream goes to the console and to the transcript.
        $null = Invoke-RAMock $server POST reset
        $childTranscript = Join-Path $TestDrive 'child-transcript.txt'
        $script = Join-Path $TestDrive 'battery.ps1'
        @(
            '$ErrorActionPreference = ''Continue'''
            "Import-Module '$($env:RUNAGENTS_TEST_MODULE.Replace("'", "''"))'"
            "Import-Module '$((Join-Path $PSScriptRoot 'MockServer.psm1').Replace("'", "''"))'"
            "`$server = [pscustomobject]@{ Uri = [uri]'$($server.Uri.AbsoluteUri)' }"
            "`$baseUri = [uri]'$($baseUri.AbsoluteUri)'"
            '$plainKey = $env:RUNAGENTS_TEST_CANARY'
            '$secureKey = ConvertTo-SecureString $plainKey -AsPlainText -Force'
            "Start-Transcript -LiteralPath '$($childTranscript.Replace("'", "''"))' -IncludeInvocationHeader"
            $battery.ToString()
            'Stop-Transcript'
        ) | Set-Content -LiteralPath $script -Encoding utf8NoBOM
        $process = [Environment]::ProcessPath
        [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
        Save-RAEnvironment -EmptyHome (Join-Path $TestDrive 'home')
        $env:RUNAGENTS_TEST_CANARY = $plainKey
        try {
            $console = & $process @prefix -NoProfile -NonInteractive -File $script *>&1 | Out-String
        }
        finally {
            Remove-Item env:RUNAGENTS_TEST_CANARY
            Restore-RAEnvironment
        }
        $childJournal = Invoke-RAMock $server GET journal
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    It 'ran every command of the battery, with its errors, verbose and debug lines' {
        @($streams | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 10
        @($streams | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Count | Should -BeGreaterThan 5
        @($streams | Where-Object { $_ -is [RunAgents.PowerShell.Models.Agent] }).Count | Should -BeGreaterThan 8
        @($streams | Where-Object { $_ -is [RunAgents.PowerShell.Models.AgentResponse] }).Count | Should -Be 2
        $ids = @($streams | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).FullyQualifiedErrorId -replace ',.*$'
        foreach ($id in 'AgentNotFound', 'AgentUnreachable', 'AuthenticationFailed', 'BadGateway', 'InvalidResponse', 'RequestTimeout') {
            $ids | Should -Contain $id
        }
        $errors.Count | Should -BeGreaterOrEqual 8
    }

    It 'authenticated with the key: the server answered 200 to the battery' {
        @($journal | Where-Object status -EQ 200).Count | Should -BeGreaterThan 5
        @($childJournal | Where-Object status -EQ 200).Count | Should -BeGreaterThan 5
    }

    It 'never shows the key in any stream: output, errors, warnings, verbose, debug, information' {
        $text = Get-EveryText $streams | Out-String
        $text | Should -Not -Match $partPattern
    }

    It 'never shows the key in the output objects as JSON or formatted text' {
        $objects = $streams | Where-Object { $_ -isnot [System.Management.Automation.InformationalRecord] -and $_ -isnot [System.Management.Automation.ErrorRecord] }
        $json = $objects | ForEach-Object { ConvertTo-Json -InputObject $_ -Depth 5 -WarningAction SilentlyContinue } | Out-String
        $formatted = $objects | Out-String -Width 500

        $json | Should -Not -Match $partPattern
        $formatted | Should -Not -Match $partPattern
    }

    It 'never shows the key in $Error: messages, details, inner exceptions, stack traces' {
        $text = Get-EveryText $errors | Out-String
        $text | Should -Not -Match $partPattern
    }

    It 'shows the server''s words with the key masked when the server echoes it' {
        $revoked = $errors | Where-Object { $_.FullyQualifiedErrorId -like 'AuthenticationFailed,*' } | Select-Object -First 1
        $revoked.ToString() | Should -Match 'is revoked'
        $revoked.ToString() | Should -Match '\*{4}8zN5'
    }

    It 'never shows the key in the connection object: ToString, Format-List, JSON, members, CliXml' {
        $text = @(
            $connectionObject.ToString()
            $connectionObject | Format-List * -Force | Out-String
            $connectionObject | Format-Table * -Force | Out-String -Width 500
            $connectionObject | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue
            $connectionObject | Get-Member -Force | Out-String -Width 500
            $connectionObject.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }
            [System.Management.Automation.PSSerializer]::Serialize($connectionObject, 5)
        ) | Out-String

        $text | Should -Not -Match $partPattern
        $connectionObject.KeyHint | Should -BeExactly '****8zN5' -Because 'the hint is the last four characters'
    }

    It 'never writes the key to the transcript of the captured battery' {
        $transcript | Should -Exist
        Get-Content -LiteralPath $transcript -Raw | Should -Not -Match $partPattern
    }

    It 'never writes the key to the console or the transcript of a script run as a user would' {
        $childTranscript | Should -Exist
        $text = Get-Content -LiteralPath $childTranscript -Raw
        $text | Should -Match 'VERBOSE: GET '
        $text | Should -Match 'DEBUG: '
        $text | Should -Match 'Cannot get agent'
        $text | Should -Match 'is revoked'
        $text | Should -Not -Match $partPattern
        $console | Should -Match 'Cannot invoke agent'
        $console | Should -Not -Match $partPattern
    }

    It 'sent the key in the header of its kind, on this generation''s paths only' {
        $header = if ($Generation -eq 'V1') { 'X-RunAgents-API-Key' } else { 'Authorization' }
        foreach ($entries in $journal, $childJournal) {
            $entries | Should -Not -BeNullOrEmpty
            $entries | ForEach-Object { $_.headers.PSObject.Properties.Name | Should -Contain $header }
            if ($Generation -eq 'V1') {
                $entries | ForEach-Object { $_.headers.PSObject.Properties.Name | Should -Not -Contain 'Authorization' }
                $entries | ForEach-Object { $_.rawTarget | Should -BeLike "$($api.Prefix)/*" }
            }
            else {
                $entries | ForEach-Object { $_.rawTarget | Should -Not -BeLike '/api/v1*' }
            }
        }
        $connectionObject.AuthenticationHeader | Should -Be $header
    }

    It 'never lets the key reach the server''s journal' {
        $journal | ConvertTo-Json -Depth 10 | Should -Not -Match $partPattern
        $childJournal | ConvertTo-Json -Depth 10 | Should -Not -Match $partPattern
    }
}

Describe 'A loopback endpoint and a proxy' {
    # .NET reads HTTP_PROXY once per process, so each case runs in a child pwsh that has it set.
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
    }

    AfterAll {
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        # The stand-in proxy: it accepts connections (the system does, into the backlog) and never answers.
        $proxy = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $proxy.Start()
        $proxyUri = "http://127.0.0.1:$($proxy.LocalEndpoint.Port)/"
        # Case-sensitive, as the environment is on Unix: .NET reads both HTTP_PROXY and http_proxy.
        $childEnvironment = [hashtable]::new([StringComparer]::Ordinal)
        $childEnvironment['HOME'] = $TestDrive
        foreach ($variable in 'HTTP_PROXY', 'http_proxy') { $childEnvironment[$variable] = $proxyUri }
        foreach ($variable in 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy', 'RUNAGENTS_API_KEY', 'RUNAGENTS_ENDPOINT') { $childEnvironment[$variable] = $null }
    }

    AfterEach {
        $proxy.Stop()
    }

    It 'sends the key for http://<Name> straight to the endpoint, never through HTTP_PROXY' -TestCases @(
        @{ Name = '127.0.0.1' }
        @{ Name = 'localhost' }
    ) {
        param($Name)
        $endpoint = "http://$($Name):$($server.Uri.Port)/"

        $run = Invoke-ChildPwsh -TimeoutSec 60 -Environment $childEnvironment -Script @"
Connect-RAService -Uri '$endpoint' -ApiKey (ConvertTo-SecureString 'test-key' -AsPlainText -Force) -TimeoutSec 10 -MaxRetryCount 0
try { 'AGENTS: ' + @(Get-RAAgent -ErrorAction Stop).Count } catch { 'ERROR: ' + `$_.FullyQualifiedErrorId }
"@

        $run.TimedOut | Should -BeFalse
        $proxy.Pending() | Should -BeFalse -Because 'the proxy would have read the key in plain text'
        $run.Output | Should -Match 'AGENTS: 9'
        $requests = Get-ApiRequest $server
        $requests.Count | Should -Be 1
        $requests[0].rawTarget | Should -Be '/api/agents'
        $requests[0].status | Should -Be 200
    }

    It 'does not send the key for http://[::1] to HTTP_PROXY either' {
        # The mock server listens on 127.0.0.1 only, so the request fails; what matters is where it went.
        $endpoint = "http://[::1]:$($server.Uri.Port)/"

        $run = Invoke-ChildPwsh -TimeoutSec 60 -Environment $childEnvironment -Script @"
Connect-RAService -Uri '$endpoint' -ApiKey (ConvertTo-SecureString 'test-key' -AsPlainText -Force) -TimeoutSec 10 -MaxRetryCount 0
try { @(Get-RAAgent -ErrorAction Stop).Count } catch { 'ERROR: ' + `$_.FullyQualifiedErrorId }
"@

        $run.TimedOut | Should -BeFalse
        $proxy.Pending() | Should -BeFalse -Because 'the proxy would have read the key in plain text'
        $run.Output | Should -Match 'ERROR: ConnectionFailed,'
    }
}
