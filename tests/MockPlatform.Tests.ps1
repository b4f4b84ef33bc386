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
