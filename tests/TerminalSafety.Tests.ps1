# Text from the platform never drives the terminal: escape sequences (colours, OSC 8 hyperlinks that show
# one address and open another, C1 controls) in run events, a status line's reason phrase and the reason a
# run failed reach no stream, object or error raw, on both API generations. They show as visible stand-ins.

Describe 'Terminal escape sequences from the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $api = New-TestApi $Generation $server

        $esc = [char]0x1b
        $csi = [char]0x9b
        # As JSON writes them: ESC [ 31 m, an OSC 8 link whose text is not where it leads, a C1 CSI (raw and escaped).
        $colour = '\u001b[31mred\u001b[0m'
        $link = '\u001b]8;;https://evil.example/\u001b\\https://api.runagents.io\u001b]8;;\u001b\\'
        $jsonHostile = "$colour $link \u009b2J $csi" + '2J'
        # As a status line carries them: ASCII only, so ESC but no C1.
        $lineHostile = "$esc[31mred$esc[0m $esc]8;;https://evil.example/$esc\https://api.runagents.io$esc]8;;$esc\"

        function Invoke-Captured {
            # Runs -Command with every stream captured; Text is what it wrote and $Error, as text to search.
            param([Parameter(Mandatory)] [scriptblock] $Command)
            $Error.Clear()
            $streams = @(& $Command *>&1)
            $errors = @($Error)
            [pscustomobject]@{
                Output = @($streams | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.InformationalRecord] })
                Errors = @($streams | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
                Warnings = @($streams | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
                Text   = @(Get-EveryText $streams) + @(Get-EveryText $errors)
            }
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        Connect-TestServer $api -Parameters @{ MaxRetryCount = 0 }
    }

    It 'shows escape sequences in run events'' summary, data and fields the module does not model, never obeys them' {
        $events = "[{`"event_id`":`"e1`",`"run_id`":`"run-1`",`"seq`":1,`"type`":`"AGENT_MESSAGE`",`"actor`":`"agent $colour`",`"data`":{`"message`":`"$jsonHostile`",`"detail`":{`"link`":`"$link`"},`"list`":[`"$colour`"]},`"extra`":`"$jsonHostile`"}]"
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api RunEvents -Id run-1); status = 200; body = $events }

        $run = Invoke-Captured { Get-RARunEvent -RunId run-1 -Verbose -Debug }

        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].Summary | Should -BeLike "$([char]0x241b)``[31mred*"
        $run.Output[0].Data.detail.link | Should -BeLike "$([char]0x241b)]8;;https://evil.example/*"
        Find-ControlCharacter $run.Text | Should -BeNullOrEmpty
    }

    It 'shows escape sequences in the reason Wait-RARun gives for a failed run, never obeys them' {
        $events = "[{`"seq`":1,`"type`":`"FAILED`",`"data`":{`"error`":`"$jsonHostile`"}}]"
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api RunEvents -Id run-1); status = 200; body = $events; count = 3 }
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Run -Id run-1); status = 200; body = '{"id":"run-1","agent_id":"payment-approver","status":"FAILED"}'; count = 3 }

        $run = Invoke-Captured { Wait-RARun -RunId run-1 -PollIntervalSec 1 -Timeout 30 -Verbose -Debug }

        $run.Errors | Should -HaveCount 1
        $run.Errors[0].FullyQualifiedErrorId | Should -BeExactly 'RunFailed,RunAgents.PowerShell.Cmdlets.WaitRARunCommand'
        $run.Errors[0].Exception.Message | Should -BeLike "Run 'run-1' of agent 'payment-approver' failed: $([char]0x241b)``[31mred*"
        Find-ControlCharacter $run.Text | Should -BeNullOrEmpty
    }

    It 'shows an OSC 8 link in a consent URL of a paused run as text, never as a link' {
        $events = "[{`"seq`":1,`"type`":`"CONSENT_REQUIRED`",`"data`":{`"authorization_url`":`"$link`"}}]"
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api RunEvents -Id run-1); status = 200; body = $events; count = 10 }
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Run -Id run-1); status = 200; body = '{"id":"run-1","agent_id":"payment-approver","status":"PAUSED_CONSENT"}'; count = 10 }

        $run = Invoke-Captured { Wait-RARun -RunId run-1 -PollIntervalSec 1 -Timeout 2 }

        $run.Warnings | Should -HaveCount 1
        $run.Warnings[0].Message | Should -BeLike "*open $([char]0x241b)]8;;https://evil.example/*"
        $run.Errors[0].FullyQualifiedErrorId | Should -BeExactly 'WaitTimeout,RunAgents.PowerShell.Cmdlets.WaitRARunCommand'
        Find-ControlCharacter $run.Text | Should -BeNullOrEmpty
    }

    It 'shows escape sequences in a status line''s reason phrase in errors, EarlierFailure and verbose lines, never obeys them' {
        Add-RAMockFault $server @{ method = 'GET'; status = 503; reasonPhrase = $lineHostile; headers = @{ 'Retry-After' = '0' }; count = 2 }

        $run = Invoke-Captured { Get-RAAgent -MaxRetryCount 1 -Verbose -Debug }

        $run.Errors | Should -HaveCount 1
        $record = $run.Errors[0]
        $record.FullyQualifiedErrorId | Should -BeExactly 'ServiceUnavailable,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        $record.Exception.ReasonPhrase | Should -BeLike "$([char]0x241b)``[31mred*"
        $record.Exception.EarlierFailure | Should -BeLike "503 $([char]0x241b)``[31mred*"
        @($run.Text | Where-Object { $_ -like "*503 $([char]0x241b)``[31mred*" }).Count | Should -BeGreaterThan 0 -Because 'the verbose lines show the status line too'
        Find-ControlCharacter $run.Text | Should -BeNullOrEmpty
    }

    It 'shows C1 controls in an agent''s fields, its unmodelled fields and -Raw as stand-ins' {
        $agent = "{`"name`":`"fraud-detector`",`"namespace`":`"finance`",`"status`":{`"phase`":`"Running`",`"message`":`"$jsonHostile`"},`"note`":`"$jsonHostile`"}"
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Agents); status = 200; body = "[$agent]"; count = 3 }

        $run = Invoke-Captured { Get-RAAgent; Get-RAAgent -Raw; Get-RAAgent -ErrorAction Ignore | Select-Object -ExpandProperty AdditionalFields | ForEach-Object ToString }

        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].Status.Message | Should -BeLike "*$([char]0xfffd)2J"
        Find-ControlCharacter $run.Text | Should -BeNullOrEmpty
    }
}
