# Wait-RAAgent: polls until the phase is reached, fails on Failed, gives up at the timeout.

Describe 'Wait-RAAgent' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        Connect-TestServer $server

        function Set-PhaseScript {
            # Each single GET of the agent moves it to the next step; the last step stays.
            param([string] $Namespace, [string] $Name, [object[]] $Steps)
            $null = Invoke-RAMock $server POST phases @{ namespace = $Namespace; name = $Name; steps = $Steps }
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    It 'polls a Pending agent until it is Running, then writes it' {
        Set-PhaseScript agent-system policy-guard @(
            @{ phase = 'Pending'; message = 'pulling image' }
            @{ phase = 'Running'; message = '' }
        )

        $agent = Wait-RAAgent -Namespace agent-system -Name policy-guard -PollIntervalSec 1 -TimeoutSec 30

        $agent | Should -BeOfType ([RunAgents.PowerShell.Models.Agent])
        $agent.Phase | Should -Be 'Running'
        $requests = Get-ApiRequest $server
        $requests.rawTarget | Should -Be @('/api/agents/agent-system/policy-guard', '/api/agents/agent-system/policy-guard')
        $requests.method | Sort-Object -Unique | Should -Be 'GET'
        ([datetimeoffset]$requests[1].timestamp - [datetimeoffset]$requests[0].timestamp).TotalSeconds | Should -BeGreaterThan 0.8
    }

    It 'writes an agent that is already Running at once, with one request' {
        $agent = Wait-RAAgent finance invoice-processor -PollIntervalSec 1

        $agent.Name | Should -Be 'invoice-processor'
        (Get-ApiRequest $server).Count | Should -Be 1
    }

    It 'waits for the phase given by -Phase' {
        Set-PhaseScript finance invoice-processor @(
            @{ phase = 'Running'; message = '' }
            @{ phase = 'Pending'; message = 'restarting' }
        )

        $agent = Wait-RAAgent finance invoice-processor -Phase Pending -PollIntervalSec 1 -TimeoutSec 30

        $agent.Phase | Should -Be 'Pending'
        (Get-ApiRequest $server).Count | Should -Be 2
    }

    It 'waits for every agent from the pipeline' {
        Set-PhaseScript agent-system policy-guard @(@{ phase = 'Pending' }, @{ phase = 'Running' })

        $agents = [pscustomobject]@{ Namespace = 'agent-system'; Name = 'policy-guard' },
            [pscustomobject]@{ Namespace = 'finance'; Name = 'invoice-processor' } |
            Wait-RAAgent -PollIntervalSec 1 -TimeoutSec 30

        $agents.Name | Sort-Object | Should -Be @('invoice-processor', 'policy-guard')
    }

    It 'fails with AgentFailed and the status message when the agent fails' {
        Set-PhaseScript agent-system policy-guard @(
            @{ phase = 'Pending'; message = 'pulling image' }
            @{ phase = 'Failed'; message = 'ErrImagePull: manifest for policy-guard:4c5d6e7 not found' }
        )

        $agent = Wait-RAAgent agent-system policy-guard -PollIntervalSec 1 -TimeoutSec 30 -ErrorVariable errors -ErrorAction SilentlyContinue

        $agent | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentFailed,RunAgents.PowerShell.Cmdlets.WaitRAAgentCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $errors[0].TargetObject | Should -Be 'agent-system/policy-guard'
        $errors[0].Exception.Message | Should -Match 'ErrImagePull: manifest for policy-guard:4c5d6e7 not found'
        (Get-ApiRequest $server).Count | Should -Be 2
    }

    It 'gives up with WaitTimeout (OperationTimeout) naming the phase it saw' {
        Set-PhaseScript agent-system policy-guard @(@{ phase = 'Pending'; message = 'still pulling' })

        $agent = Wait-RAAgent agent-system policy-guard -PollIntervalSec 1 -TimeoutSec 2 -ErrorVariable errors -ErrorAction SilentlyContinue

        $agent | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeExactly 'WaitTimeout,RunAgents.PowerShell.Cmdlets.WaitRAAgentCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errors[0].TargetObject | Should -Be 'agent-system/policy-guard'
        $errors[0].Exception.Message | Should -Match 'within 2 s'
        $errors[0].Exception.Message | Should -Match 'Pending'
        (Get-ApiRequest $server).Count | Should -BeGreaterOrEqual 2
    }

    It 'writes AgentNotFound for an agent that does not exist, without waiting' {
        $null = Wait-RAAgent finance ghost -PollIntervalSec 1 -TimeoutSec 30 -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.WaitRAAgentCommand'
        $errors[0].TargetObject | Should -Be 'finance/ghost'
        # One GET and no polling after it: a missing agent will not appear by waiting.
        @(Get-ApiRequest $server).Count | Should -Be 1
    }
}
