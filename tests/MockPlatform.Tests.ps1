# The mock platform as a process: its command-line delays and the approval flow the README tour walks through.

Describe 'The mock platform started as a process' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 0 -ResumeMs 0

        function Invoke-Api {
            # A plain call to the platform API with the test key.
            param([string] $Method, [string] $Path, $Body)
            $parameters = @{ Method = $Method; Uri = [Uri]::new($server.Uri, $Path); Headers = @{ Authorization = 'Bearer test-key' } }
            if ($null -ne $Body) { $parameters.Body = ConvertTo-Json $Body -Compress; $parameters.ContentType = 'application/json' }
            # Written from a variable, a JSON array reaches the pipeline item by item.
            $answer = Invoke-RestMethod @parameters
            $answer
        }
    }

    AfterAll {
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    It 'takes the deploy and resume delays from its command line' {
        $delays = Invoke-RAMock $server GET delays

        $delays.deployReadyMs | Should -Be 0
        $delays.resumeMs | Should -Be 0
    }

    It 'pauses a refund for approval and finishes it once approved' {
        $answer = Invoke-Api POST 'api/agents/finance/payment-approver/invoke' @{ message = 'Refund order 1042' }
        $request = @(Invoke-Api GET 'governance/requests')

        $answer.approval_required.code | Should -BeExactly 'APPROVAL_REQUIRED'
        $request.Count | Should -Be 1
        $request[0].run_id | Should -BeExactly $answer.run_id

        $approved = Invoke-Api POST "governance/requests/$($request[0].id)/approve"
        $events = @(Invoke-Api GET "runs/$($answer.run_id)/events")

        $approved.status | Should -BeExactly 'APPROVED'
        (Invoke-Api GET "runs/$($answer.run_id)").status | Should -BeExactly 'COMPLETED'
        ($events | Where-Object type -EQ 'AGENT_MESSAGE').data.content | Should -BeExactly 'Refund issued for: Refund order 1042'
    }

    It 'brings a deployed agent up at once with a deploy delay of 0' {
        $deployed = Invoke-Api POST 'api/deploy' @{ agent_name = 'quick'; namespace = 'finance'; image = 'registry.example/quick:1' }

        $deployed.agent | Should -BeExactly 'quick'
        (Invoke-Api GET 'api/agents/finance/quick').status.phase | Should -BeExactly 'Running'
    }
}

Describe 'The mock platform with a fixed clock' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $instant = '2026-11-29T04:50:16Z'
        $server = Start-RAMockServer -Clock $instant -ResumeMs 0 -InvokeLatencyMs 40

        function Get-ApiText {
            # The body of a call to the platform API as text, so that times are compared as the server wrote them.
            param([string] $Method, [string] $Path, [string] $Body)
            $parameters = @{ Method = $Method; Uri = [Uri]::new($server.Uri, $Path); Headers = @{ Authorization = 'Bearer test-key' } }
            if ($Body) { $parameters.Body = $Body; $parameters.ContentType = 'application/json' }
            (Invoke-WebRequest @parameters).Content
        }
    }

    AfterAll {
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    It 'writes every time of a request, a run and its events at that instant, however long the steps take' {
        $null = Get-ApiText POST 'api/agents/finance/payment-approver/invoke' '{"message":"Refund order 1042"}'
        Start-Sleep -Milliseconds 1100
        $null = Get-ApiText POST 'governance/requests/ar-0001/approve' '{"scope":"agent_user_ttl","duration":"4h"}'

        $texts = (Get-ApiText GET 'governance/requests/ar-0001'), (Get-ApiText GET 'runs/run-0001'), (Get-ApiText GET 'runs/run-0001/events')
        $times = @($texts | ForEach-Object { [regex]::Matches($_, '"(created_at|updated_at|timestamp)":"([^"]*)"') } | ForEach-Object { $_.Groups[2].Value })

        $times.Count | Should -BeGreaterThan 10
        $times | Sort-Object -Unique | Should -Be $instant
        $texts[0] | Should -Match '"expires_at":"2026-11-29T08:50:16Z"'
        $texts[0] | Should -Match '"status":"APPROVED"' -Because 'a window that began at a clock standing still does not run out'
    }

    It 'reports the invoke latency as the duration of an answer' {
        (Get-ApiText POST 'api/agents/support/support-triage/invoke' '{"message":"hi"}') | Should -Match '"duration_ms":40,'
    }

    It 'numbers requests, runs and actions from 1 again after a reset' {
        foreach ($round in 1, 2) {
            $answer = Get-ApiText POST 'api/agents/finance/payment-approver/invoke' '{"message":"Refund order 1042"}' | ConvertFrom-Json
            $answer.run_id | Should -BeExactly 'run-0001'
            $answer.action_id | Should -BeExactly 'act-1'
            (Get-ApiText GET 'governance/requests' | ConvertFrom-Json).id | Should -BeExactly 'ar-0001'
            $null = Invoke-RAMock $server POST reset
        }
    }

    It 'refuses a clock without an offset' {
        $run = Invoke-ChildPwsh -Script "& dotnet '$($env:RUNAGENTS_TEST_MOCKSERVER)' --clock 2026-11-29T04:50:16; `$LASTEXITCODE"

        $run.Output.Trim() | Should -Be '2'
        $run.Errors | Should -Match 'must be an instant with its offset'
    }
}
