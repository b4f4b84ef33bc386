# Wait-RAAgent: polls until the phase is reached, fails on Failed, gives up at the timeout, on both API generations.

Describe 'Wait-RAAgent on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $api = New-TestApi $Generation $server
        Connect-TestServer $api

        $waitError = 'RunAgents.PowerShell.Cmdlets.WaitRAAgentCommand'

        function Get-Sent {
            # Every request the server received, as 'METHOD rawTarget', oldest first.
            @(Get-RAMockJournal $server | ForEach-Object { '{0} {1}' -f $_.method, $_.rawTarget })
        }

        function Get-Poll {
            # One read of an agent, as Get-Sent shows it: by namespace and name, or on v1 by name alone.
            param([string] $Namespace, [string] $Name)
            'GET {0}' -f (Get-TestPath $api Agent -Namespace $Namespace -Name $Name)
        }

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

    AfterEach {
        # No request of any test went to a path of the other generation.
        Get-ForeignRequest $server $api | Should -BeNullOrEmpty
    }

    It 'polls a Pending agent until it is Running, then writes it' {
        Set-PhaseScript agent-system policy-guard @(
            @{ phase = 'Pending'; message = 'pulling image' }
            @{ phase = 'Running'; message = '' }
        )

        $agent = Wait-RAAgent -Namespace agent-system -Name policy-guard -PollIntervalSec 1 -Timeout 30

        $agent | Should -BeOfType ([RunAgents.PowerShell.Models.Agent])
        $agent.Phase | Should -Be 'Running'
        Get-Sent | Should -BeExactly (@(Get-Poll agent-system policy-guard) * 2)
        $requests = Get-ApiRequest $server
        ([datetimeoffset]$requests[1].timestamp - [datetimeoffset]$requests[0].timestamp).TotalSeconds | Should -BeGreaterThan 0.8
    }

    It 'writes an agent that is already Running at once, with one request' {
        $agent = Wait-RAAgent finance invoice-processor -PollIntervalSec 1

        $agent.Name | Should -Be 'invoice-processor'
        Get-Sent | Should -BeExactly @(Get-Poll finance invoice-processor)
    }

    It 'waits for an agent named alone where the platform addresses agents by name, and needs a namespace elsewhere' {
        Set-PhaseScript agent-system policy-guard @(@{ phase = 'Pending' }, @{ phase = 'Running' })

        if ($api.ByName) {
            $agent = Wait-RAAgent -Name policy-guard -PollIntervalSec 1 -Timeout 30

            $agent.Phase | Should -Be 'Running'
            $agent.ToString() | Should -BeExactly 'agent-system/policy-guard'
            Get-Sent | Should -BeExactly (@(Get-Poll -Name policy-guard) * 2)
        }
        else {
            { Wait-RAAgent -Name policy-guard -PollIntervalSec 1 -Timeout 30 } | Should -Throw -ErrorId "NamespaceRequired,$waitError"
            Get-Sent | Should -BeNullOrEmpty
        }
    }

    It 'waits for an agent piped from Get-RAAgent, reading only that agent' {
        Set-PhaseScript agent-system policy-guard @(@{ phase = 'Pending' }, @{ phase = 'Pending' }, @{ phase = 'Running' })

        $agent = Get-RAAgent -Namespace agent-system -Name policy-guard | Wait-RAAgent -PollIntervalSec 1 -Timeout 30

        $agent.Phase | Should -Be 'Running'
        Get-Sent | Should -BeExactly (@(Get-Poll agent-system policy-guard) * 3)
    }

    It 'waits for nothing when the namespace given is not the agent''s' {
        $agent = Wait-RAAgent support invoice-processor -PollIntervalSec 1 -Timeout 30 -ErrorVariable errors -ErrorAction SilentlyContinue

        $agent | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeExactly "AgentNotFound,$waitError"
        $errors[0].TargetObject | Should -Be 'support/invoice-processor'
        # v1 reads invoice-processor by name and finds it in finance: not the agent that was asked for.
        if ($api.ByName) { $errors[0].ToString() | Should -Match "in namespace 'finance'" }
        Get-Sent | Should -BeExactly @(Get-Poll support invoice-processor)
    }

    It 'waits for the phase given by -Phase' {
        Set-PhaseScript finance invoice-processor @(
            @{ phase = 'Running'; message = '' }
            @{ phase = 'Pending'; message = 'restarting' }
        )

        $agent = Wait-RAAgent finance invoice-processor -Phase Pending -PollIntervalSec 1 -Timeout 30

        $agent.Phase | Should -Be 'Pending'
        Get-Sent | Should -BeExactly (@(Get-Poll finance invoice-processor) * 2)
    }

    It 'waits for every agent from the pipeline' {
        Set-PhaseScript agent-system policy-guard @(@{ phase = 'Pending' }, @{ phase = 'Running' })

        $agents = [pscustomobject]@{ Namespace = 'agent-system'; Name = 'policy-guard' },
            [pscustomobject]@{ Namespace = 'finance'; Name = 'invoice-processor' } |
            Wait-RAAgent -PollIntervalSec 1 -Timeout 30

        $agents.Name | Sort-Object | Should -Be @('invoice-processor', 'policy-guard')
        Get-Sent | Sort-Object -Unique | Should -BeExactly (@(Get-Poll agent-system policy-guard; Get-Poll finance invoice-processor) | Sort-Object)
    }

    It 'fails with AgentFailed and the status message when the agent fails' {
        Set-PhaseScript agent-system policy-guard @(
            @{ phase = 'Pending'; message = 'pulling image' }
            @{ phase = 'Failed'; message = 'ErrImagePull: manifest for policy-guard:4c5d6e7 not found' }
        )

        $agent = Wait-RAAgent agent-system policy-guard -PollIntervalSec 1 -Timeout 30 -ErrorVariable errors -ErrorAction SilentlyContinue

        $agent | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeExactly "AgentFailed,$waitError"
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $errors[0].TargetObject | Should -Be 'agent-system/policy-guard'
        $errors[0].Exception.Message | Should -Match 'ErrImagePull: manifest for policy-guard:4c5d6e7 not found'
        Get-Sent | Should -BeExactly (@(Get-Poll agent-system policy-guard) * 2)
    }

    It 'gives up with WaitTimeout (OperationTimeout) naming the phase it saw' {
        Set-PhaseScript agent-system policy-guard @(@{ phase = 'Pending'; message = 'still pulling' })

        $agent = Wait-RAAgent agent-system policy-guard -PollIntervalSec 1 -Timeout 2 -ErrorVariable errors -ErrorAction SilentlyContinue

        $agent | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeExactly "WaitTimeout,$waitError"
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errors[0].TargetObject | Should -Be 'agent-system/policy-guard'
        $errors[0].Exception.Message | Should -Match 'within 2 s'
        $errors[0].Exception.Message | Should -Match 'Pending'
        (Get-ApiRequest $server).Count | Should -BeGreaterOrEqual 2
    }

    It 'bounds each poll with -TimeoutSec and the whole wait with -Timeout, and retries a poll as -MaxRetryCount says' {
        # The first poll hangs past -TimeoutSec: a RequestTimeout of that poll, long before -Timeout.
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Agent -Namespace agent-system -Name policy-guard); delayMs = 30000 }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $null = Wait-RAAgent agent-system policy-guard -Timeout 60 -TimeoutSec 1 -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warned
        $took = $clock.Elapsed
        Add-RAMockFault $server @{ method = 'GET'; status = 503; headers = @{ 'Retry-After' = '0' } }
        $null = Wait-RAAgent finance fraud-detector Failed -MaxRetryCount 0 -ErrorVariable +errors -ErrorAction SilentlyContinue

        $took.TotalSeconds | Should -BeLessThan 15
        $warned | Should -BeNullOrEmpty
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -BeExactly "RequestTimeout,$waitError"
        $errors[0].TargetObject | Should -Be 'agent-system/policy-guard'
        $errors[1].FullyQualifiedErrorId | Should -BeExactly "ServiceUnavailable,$waitError"
        Get-Sent | Should -BeExactly @((Get-Poll agent-system policy-guard), (Get-Poll finance fraud-detector))
    }

    It 'warns that -TimeoutSec given alone now bounds each poll, and waits up to -Timeout' {
        $agent = Wait-RAAgent finance fraud-detector Failed -TimeoutSec 600 -WarningVariable warned -WarningAction SilentlyContinue
        $quiet = Wait-RAAgent finance fraud-detector Failed -TimeoutSec 600 -Timeout 600 -WarningVariable quietly

        $agent.Phase | Should -Be 'Failed'
        $quiet.Phase | Should -Be 'Failed'
        $warned.Count | Should -Be 1
        "$warned" | Should -Match ([regex]::Escape('-TimeoutSec 600 bounds each request of the wait, not the whole wait: that is -Timeout, 300 s here. To wait up to 600 s in all, pass -Timeout 600 instead'))
        $quietly | Should -BeNullOrEmpty
    }

    It 'writes AgentNotFound for an agent that does not exist, without waiting' {
        $null = Wait-RAAgent finance ghost -PollIntervalSec 1 -Timeout 30 -ErrorVariable errors -ErrorAction SilentlyContinue

        $errors[0].FullyQualifiedErrorId | Should -BeExactly "AgentNotFound,$waitError"
        $errors[0].TargetObject | Should -Be 'finance/ghost'
        # One GET and no polling after it: a missing agent will not appear by waiting.
        Get-Sent | Should -BeExactly @(Get-Poll finance ghost)
    }
}
