# Deploy, approve, follow the run: the built module against the mock platform, as a user runs it.

Describe 'The agent''s life' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 200 -ResumeMs 100
        Connect-TestServer $server

        function Get-Posted([string] $Like) {
            # The POSTs the platform received whose path is like $Like.
            @(Get-RAMockJournal $server | Where-Object { $_.method -eq 'POST' -and $_.rawTarget -like $Like })
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        $null = Invoke-RAMock $server DELETE journal
    }

    Context 'Deploy-RAAgent' {
        It 'sends the API''s body and writes the agent once it runs with -Wait' {
            $agent = Deploy-RAAgent -Name refund-helper -Namespace finance -Image registry.example/refund:1 -Model openai/gpt-4o-mini -Tool stripe-api -Wait -PollIntervalSec 1

            $agent.Phase | Should -Be 'Running'
            $body = (Get-Posted '/api/deploy')[0].body | ConvertFrom-Json
            $body.agent_name | Should -Be 'refund-helper'
            $body.llm_configs[0].provider | Should -Be 'openai'
            $body.required_tools | Should -Be @('stripe-api')
        }

        It 'deploys a JSON document kept in a file, as it is' {
            $file = Join-Path $TestDrive 'agent.json'
            '{"agent_name":"from-file","namespace":"support","image":"registry.example/f:1","policies":["read-only"]}' | Set-Content -LiteralPath $file

            $result = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json | Deploy-RAAgent

            $result | Should -BeOfType ([RunAgents.PowerShell.Models.DeployResult])
            $result.ToString() | Should -Be 'support/from-file'
            ((Get-Posted '/api/deploy')[0].body | ConvertFrom-Json).policies | Should -Be @('read-only')
        }

        It 'sends nothing under -WhatIf' {
            Deploy-RAAgent -Name refund-helper -Namespace finance -Image registry.example/refund:1 -WhatIf

            Get-Posted '*' | Should -BeNullOrEmpty
        }

        It 'refuses a source path that does not exist before any request' {
            Deploy-RAAgent -Name x -Namespace finance -Path (Join-Path $TestDrive 'nowhere') -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidSourcePath,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }
    }

    Context 'approvals and runs' {
        It 'runs the loop: a paused invoke, its request approved, the run completed, its answer read' {
            $a = Invoke-RAAgent finance payment-approver 'Refund order 1042' -WarningVariable warned -WarningAction SilentlyContinue
            $approved = $a | Get-RAAccessRequest | Approve-RAAccessRequest -Scope Run -Confirm:$false
            $run = $a | Wait-RARun -PollIntervalSec 1
            $answer = Get-RARunEvent -RunId $a.RunId -Type AGENT_MESSAGE

            $warned | Should -Match 'stripe-api'
            $approved.Status | Should -Be 'APPROVED'
            $run.Status | Should -Be 'COMPLETED'
            $answer.Summary | Should -Be 'Refund issued for: Refund order 1042'
            (Get-Posted '/governance/requests/*/approve')[0].body | Should -Be '{"scope":"run"}'
        }

        It 'approves and denies nothing under -WhatIf' {
            $request = Invoke-RAAgent finance payment-approver 'Refund order 2' -WarningAction SilentlyContinue | Get-RAAccessRequest

            $request | Approve-RAAccessRequest -WhatIf
            $request | Deny-RAAccessRequest -WhatIf

            Get-Posted '/governance/*' | Should -BeNullOrEmpty
            (Get-RAAccessRequest -Id $request.Id).Status | Should -Be 'PENDING'
        }

        It 'denies with a reason, and Wait-RARun reports the failed run' {
            $a = Invoke-RAAgent finance payment-approver 'Refund order 3' -WarningAction SilentlyContinue
            $a | Get-RAAccessRequest | Deny-RAAccessRequest -Reason 'not today' -Confirm:$false | Out-Null

            $a | Wait-RARun -PollIntervalSec 1 -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'RunFailed,RunAgents.PowerShell.Cmdlets.WaitRARunCommand'
            (Get-Posted '/governance/requests/*/reject')[0].body | Should -Be '{"reason":"not today"}'
        }

        It 'lists every status with -Status * and only running runs without it' {
            $null = Invoke-RAAgent support support-triage ping

            @(Get-RARun).Count | Should -Be 0
            @(Get-RARun -Status *).Status | Should -Contain 'COMPLETED'
        }
    }
}
