# Streaming: Invoke-RAAgent -Stream (the platform's server-sent events) and Get-RARunEvent -Follow, on both API
# generations. The mock plays scripted streams (message prefixes, see the mock's README): deltas with a tool
# call, an error event mid-way under a 200, a stall, an approval pause; and runs whose events arrive over time.

Describe 'Streaming on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $secret = 'rak-sec-0123456789abcdefghij'
        $server = Start-RAMockServer -DeployReadyMs 0 -ResumeMs 0 -ApiKey $secret, 'test-key'
        $api = New-TestApi $Generation $server
        Connect-TestServer $api -Key $secret
        $agentPath = if ($Generation -eq 'V1') { "$($api.Prefix)/agents/payment-agent" } else { '/api/agents/agent-system/payment-agent' }
        $streamUrl = "$agentPath/invoke/stream"
        $agent = @{ Namespace = 'agent-system'; Name = 'payment-agent' }
        function Get-Posted { @(Get-RAMockJournal $server | Where-Object method -EQ 'POST' | ForEach-Object { "POST $($_.rawTarget)" }) }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        function Get-Delta($Records) { @($Records | Where-Object { $_.Tags -contains 'RunAgents.Delta' } | ForEach-Object { "$($_.MessageData)" } | Where-Object { $_ }) }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    Context 'Invoke-RAAgent -Stream' {
        It 'posts the message once to the stream route and writes one answer with the whole text and its tool calls' {
            $answer = Invoke-RAAgent @agent -Message 'hello there world' -Stream -InformationVariable info

            Get-Posted | Should -Be @("POST $streamUrl")
            $body = (Get-RAMockJournal $server | Where-Object method -EQ 'POST').body | ConvertFrom-Json
            $body.message | Should -BeExactly 'hello there world'
            $answer | Should -HaveCount 1
            $answer | Should -BeOfType RunAgents.PowerShell.Models.AgentResponse
            $answer.Response | Should -BeExactly 'Echo: hello there world'
            $answer.StatusCode | Should -Be 200
            $answer.ContentType | Should -BeExactly 'text/event-stream'
            $answer.ToolCalls | Should -Be @('stripe-api')
            $answer.Model | Should -Not -BeNullOrEmpty
            $answer.Agent | Should -BeExactly 'agent-system/payment-agent'
            Get-Delta $info | Should -Be @('Echo: ', 'hello ', 'there ', 'world')
            $calls = @($info | Where-Object { $_.Tags -contains 'RunAgents.ToolCall' })
            $calls | Should -HaveCount 1
            "$($calls[0].MessageData)" | Should -BeExactly "Agent 'agent-system/payment-agent' calls tool 'stripe-api' with {`"query`":`"hello there world`"}"
        }

        It 'writes each delta to the pipeline as a string, in order, with -Raw, and no answer object' {
            $out = @(Invoke-RAAgent @agent -Message 'one two three' -Stream -Raw)

            $out | Should -Be @('Echo: ', 'one ', 'two ', 'three')
            $out | ForEach-Object { $_ | Should -BeOfType string }
            Get-Posted | Should -Be @("POST $streamUrl")
        }

        It 'writes an error event of the stream (under a 200) as a non-terminating error, and the text before it' {
            $answer = Invoke-RAAgent @agent -Message 'stream-error:a b c d' -Stream -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('AgentStreamError')
            $failed[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $failed[0].ToString() | Should -BeExactly "Agent 'agent-system/payment-agent' failed while answering: model provider failed mid-answer."
            $answer.Response | Should -BeExactly 'Echo: a '
            Get-Posted | Should -Be @("POST $streamUrl")
        }

        It 'gives up a stream that stalls after -IdleTimeoutSec with a clear RequestTimeout, and never retries it' {
            $answer = Invoke-RAAgent @agent -Message 'stream-stall:a b c' -Stream -IdleTimeoutSec 1 -MaxRetryCount 3 -ErrorVariable failed -ErrorAction SilentlyContinue -InformationVariable info

            $answer | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('RequestTimeout')
            $failed[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $failed[0].ToString() | Should -Match 'the stream stalled: no event came for 1 second \(its idle timeout, -IdleTimeoutSec\)'
            $failed[0].ErrorDetails.RecommendedAction | Should -Match '^Raise -IdleTimeoutSec'
            Get-Delta $info | Should -Be @('Echo: ')
            Get-Posted | Should -Be @("POST $streamUrl")
        }

        It 'never retries a stream cut off after its first bytes, whatever -MaxRetryCount says' {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $streamUrl; status = 200; contentType = 'text/event-stream'; truncate = $true
                body = "data: {`"type`":`"content`",`"delta`":`"Hi`"}`n`n" }

            $null = Invoke-RAAgent @agent -Message 'hello' -Stream -MaxRetryCount 3 -ErrorVariable failed -ErrorAction SilentlyContinue -InformationVariable info

            Get-ErrorId $failed | Should -Be @('InvalidResponse')
            $failed[0].ToString() | Should -Match 'the stream ended before it was complete'
            Get-Delta $info | Should -Be @('Hi')
            Get-Posted | Should -Be @("POST $streamUrl")
        }

        It 'says an approval pause with its ids, as the plain invoke does, and the answer carries them' {
            $answer = Invoke-RAAgent @agent -Message 'approval:refund 42' -Stream -WarningVariable warned -WarningAction SilentlyContinue

            $answer.ApprovalRequired | Should -BeTrue
            $answer.ActionId | Should -Match '^act-\d+$'
            $answer.RunId | Should -Match '^run-\d+$'
            $answer.Tool | Should -BeExactly 'stripe-api'
            $warned | Should -HaveCount 1
            "$($warned[0])" | Should -BeExactly "Agent 'agent-system/payment-agent' is waiting for approval of its call of tool 'stripe-api' (action '$($answer.ActionId)', run '$($answer.RunId)'). To let it finish: pipe the answer to Approve-RAAccessRequest, then to Wait-RARun."
            (Get-RARun -RunId $answer.RunId).Status | Should -BeExactly 'PAUSED_APPROVAL'
        }

        It 'falls back to the plain invoke with a warning on a platform without the stream route (<Status>)' -ForEach @(@{ Status = 404 }, @{ Status = 405 }) {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $streamUrl; status = $Status; body = '{"error":"not found"}' }

            $answer = Invoke-RAAgent @agent -Message 'hello' -Stream -WarningVariable warned -WarningAction SilentlyContinue

            Get-Posted | Should -Be @("POST $streamUrl", "POST $($streamUrl -replace '/stream$')")
            "$($warned[0])" | Should -Match "^The platform has no streamed invoke for agent 'agent-system/payment-agent' \($Status from .*/invoke/stream\): invoking it without streaming\.$"
            $answer.Response | Should -BeExactly 'Echo: hello'
            $answer.ContentType | Should -Not -Be 'text/event-stream'
        }

        It 'reports an unknown agent as not found without falling back' {
            $null = Invoke-RAAgent -Namespace agent-system -Name no-such-agent -Message 'hi' -Stream -ErrorVariable failed -ErrorAction SilentlyContinue -WarningVariable warned

            Get-ErrorId $failed | Should -Be @('AgentNotFound')
            $warned | Should -BeNullOrEmpty
            @(Get-Posted | Where-Object { $_ -notlike '*/stream' }) | Should -BeNullOrEmpty
        }

        It 'refuses <Label> before any request' -ForEach @(
            @{ Label = 'a -Body without a message'; Id = 'StreamNeedsMessage'; Call = { Invoke-RAAgent agent-system payment-agent -Body @{ input = 'x' } -Stream -ErrorAction Stop } }
            @{ Label = '-IdleTimeoutSec without -Stream'; Id = 'IdleTimeoutWithoutStream'; Call = { Invoke-RAAgent agent-system payment-agent -Message 'x' -IdleTimeoutSec 5 -ErrorAction Stop } }
        ) {
            $failure = { & $Call } | Should -Throw -PassThru
            ($failure.FullyQualifiedErrorId -split ',')[0] | Should -BeExactly $Id
            $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
            Get-ApiRequest $server | Should -BeNullOrEmpty
        }

        It 'hides the key and makes control characters visible in every event and stream' {
            $message = "key $secret and `e[31mred`e[0m bell`a"
            $captured = & {
                Invoke-RAAgent @agent -Message $message -Stream -InformationVariable info -Verbose 4>&1
                $info
                Invoke-RAAgent @agent -Message $message -Stream -Raw
                Invoke-RAAgent @agent -Message "stream-error:$message" -Stream -ErrorAction SilentlyContinue -ErrorVariable failed -InformationVariable info2
                $failed
                $info2
            } 6>&1
            $texts = Get-EveryText $captured

            Find-KeyLeak -Text $texts -Secret $secret | Should -BeNullOrEmpty
            Find-ControlCharacter -Text $texts | Should -BeNullOrEmpty
            ($texts -join "`n") | Should -Match ([regex]::Escape("$([char]0x241B)[31mred"))
        }

        It 'keeps a redirected runbook''s standard output to the pipeline''s objects: the deltas go to the information stream' {
            $run = Invoke-ChildPwsh -Environment @{ RUNAGENTS_API_KEY = 'test-key'; RUNAGENTS_ENDPOINT = $api.Uri.AbsoluteUri } -Script @'
$answer = Invoke-RAAgent agent-system payment-agent -Message 'hello there world' -Stream -InformationVariable info
"answer=$($answer.Response)"
"deltas=$(@($info | Where-Object Tags -Contains 'RunAgents.Delta').Count)"
'@

            $run.Errors | Should -BeNullOrEmpty
            ($run.Output -split '\r?\n' | Where-Object { $_ }) | Should -Be @('answer=Echo: hello there world', 'deltas=4')
        }

        It 'stops at once when the pipeline is stopped, as Ctrl+C does' {
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript('param($Module, $Uri) Import-Module $Module; Connect-RAService -Uri $Uri -ApiKey (ConvertTo-SecureString test-key -AsPlainText -Force); Invoke-RAAgent agent-system payment-agent -Message "stream-stall:a b" -Stream -IdleTimeoutSec 600').AddArgument($env:RUNAGENTS_TEST_MODULE).AddArgument($api.Uri)
                $running = $shell.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while (@(Get-RAMockJournal $server | Where-Object method -EQ 'POST').Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
                Start-Sleep -Milliseconds 200

                $shell.Stop()

                $running.IsCompleted | Should -BeTrue
                $shell.InvocationStateInfo.State | Should -Be 'Stopped'
                Get-Posted | Should -Be @("POST $streamUrl")
            }
            finally {
                $shell.Dispose()
            }
        }
    }

    Context 'Get-RARunEvent -Follow' {
        It 'follows a run whose events arrive over time to its end, asking only for what is new' {
            $started = Invoke-RAAgent @agent -Message 'work:4:2'
            $before = @(Get-RAMockJournal $server).Count

            $events = @(Get-RARunEvent -RunId $started.RunId -Follow -PollIntervalSec 1)

            $events.Type | Should -Be @('RUN_CREATED', 'USER_MESSAGE', 'INVOKE_REQUESTED', 'TOOL_CALLED', 'TOOL_CALLED', 'TOOL_CALLED', 'TOOL_CALLED', 'AGENT_MESSAGE', 'COMPLETED')
            $events.Sequence | Should -Be (1..9)
            $events[0] | Should -BeOfType RunAgents.PowerShell.Models.RunEvent
            $sent = @(Get-RAMockJournal $server | Select-Object -Skip $before | ForEach-Object { "$($_.method) $($_.rawTarget)" })
            $sent | Should -Be @("GET $($api.Prefix)/runs/$($started.RunId)/events?limit=500")
        }

        It 'filters by -Type while following, and still ends with the run' {
            $started = Invoke-RAAgent @agent -Message 'work:3'

            $events = @(Get-RARunEvent -RunId $started.RunId -Follow -Type TOOL_*)

            $events.Type | Should -Be @('TOOL_CALLED', 'TOOL_CALLED', 'TOOL_CALLED')
        }

        It 'says a pause at once, keeps following, and stops when the pipeline is stopped' {
            $paused = Invoke-RAAgent @agent -Message 'approval:refund 9' -WarningAction SilentlyContinue
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript('param($Module, $Uri, $Id) Import-Module $Module; Connect-RAService -Uri $Uri -ApiKey (ConvertTo-SecureString test-key -AsPlainText -Force); Get-RARunEvent -RunId $Id -Follow -PollIntervalSec 1').AddArgument($env:RUNAGENTS_TEST_MODULE).AddArgument($api.Uri).AddArgument($paused.RunId)
                $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
                $running = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]$null, $output)
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while ($shell.Streams.Warning.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }

                "$($shell.Streams.Warning[0])" | Should -Match "^Run '$($paused.RunId)' is waiting for approval"
                $shell.Stop()

                $running.IsCompleted | Should -BeTrue
                $shell.InvocationStateInfo.State | Should -Be 'Stopped'
                $output[-1].Type | Should -BeExactly 'APPROVAL_REQUIRED'
            }
            finally {
                $shell.Dispose()
            }
        }

        It 'loses no event that shares its number with one written by the poll before' {
            # The platform numbers two events 2: the first poll ends after one of them, the next brings both again.
            $events = "$($api.Prefix)/runs/run-dup/events"
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $events; status = 200
                body = '[{"run_id":"run-dup","seq":1,"type":"RUN_CREATED"},{"run_id":"run-dup","seq":2,"type":"TOOL_CALLED","data":{"tool_id":"a"}}]' }
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $events; status = 200
                body = '[{"run_id":"run-dup","seq":2,"type":"TOOL_CALLED","data":{"tool_id":"a"}},{"run_id":"run-dup","seq":2,"type":"TOOL_CALLED","data":{"tool_id":"b"}},{"run_id":"run-dup","seq":3,"type":"COMPLETED"}]' }

            $written = @(Get-RARunEvent -RunId run-dup -Follow -PollIntervalSec 1)

            @($written | ForEach-Object { "$($_.Sequence) $($_.Type) $($_.Data.tool_id)".Trim() }) | Should -Be @('1 RUN_CREATED', '2 TOOL_CALLED a', '2 TOOL_CALLED b', '3 COMPLETED')
            @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) | Should -Be @(
                "GET $events`?limit=500", "GET $events`?after_seq=1&limit=500")
        }

        It 'ends at once for a run that has already ended' {
            $done = Invoke-RAAgent @agent -Message 'hello'

            $events = @(Get-RARunEvent -RunId $done.RunId -Follow)

            $events[-1].Type | Should -BeExactly 'COMPLETED'
        }

        It 'refuses <Label> before any request' -ForEach @(
            @{ Label = '-Last with -Follow'; Id = 'FollowWithLast'; Call = { Get-RARunEvent -RunId run-0001 -Follow -Last 3 -ErrorAction Stop } }
            @{ Label = '-PollIntervalSec without -Follow'; Id = 'PollIntervalWithoutFollow'; Call = { Get-RARunEvent -RunId run-0001 -PollIntervalSec 3 -ErrorAction Stop } }
        ) {
            $failure = { & $Call } | Should -Throw -PassThru
            ($failure.FullyQualifiedErrorId -split ',')[0] | Should -BeExactly $Id
            Get-ApiRequest $server | Should -BeNullOrEmpty
        }
    }
}
