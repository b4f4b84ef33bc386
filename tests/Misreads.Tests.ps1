# Answers the module used to misread: a null where a name goes, a base URI that Uri would quietly rewrite, a write
# that happened but answered with something other than JSON, and a wait that told of a warning never written.

Describe 'Answers read as they are on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 0
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        function P([string] $Operation, [string] $Namespace, [string] $Name, [string] $Id) { Get-TestPath $api $Operation -Namespace $Namespace -Name $Name -Id $Id }
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        $agentPath = if ($api.ByName) { P Agent -Name fraud-detector } else { P Agent -Namespace finance -Name fraud-detector }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    Context 'nulls where names and ids go' {
        It 'reads an agent answered with "namespace": null as an agent without one, never a NullReferenceException' {
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $agentPath; status = 200; contentType = 'application/json'; count = 2; body = '{"name":"fraud-detector","namespace":null,"spec":null,"status":null}' }

            $agent = Get-RAAgent -Name fraud-detector -Namespace $(if ($api.ByName) { $null } else { 'finance' }) -ErrorVariable failed -ErrorAction SilentlyContinue
            Remove-RAAgent finance/fraud-detector -Force -ErrorVariable +failed -ErrorAction SilentlyContinue

            $failed | Where-Object { "$($_.Exception.GetType())" -match 'NullReference' } | Should -BeNullOrEmpty
            $agent.Name | Should -BeExactly 'fraud-detector'
            $agent.Namespace | Should -BeExactly ''
            if ($api.ByName) {
                # On v1 the namespace typed is checked: an agent that has none is not finance's.
                Get-ErrorId $failed | Should -Be @('AgentNotFound')
                "$($failed[0])" | Should -Match 'has no namespace'
                Get-Sent | Where-Object { $_ -like 'DELETE *' } | Should -BeNullOrEmpty
            }
            else {
                $failed | Should -BeNullOrEmpty
            }
        }

        It 'takes a run or a request answered with "id": null as the one asked for' {
            $null = Invoke-RAMock $server POST runs @{ id = 'r1'; agent_id = 'a'; status = 'COMPLETED' }
            $null = Invoke-RAMock $server POST requests @{ id = 'q1'; agent_id = 'a' }
            Add-RAMockFault $server @(
                @{ method = 'GET'; pathPrefix = (P Run -Id r1); status = 200; contentType = 'application/json'; body = '{"id":null,"status":"COMPLETED"}' }
                @{ method = 'GET'; pathPrefix = (P Request -Id q1); status = 200; contentType = 'application/json'; body = '{"id":null,"status":"PENDING"}' }
            )

            (Get-RARun -Id r1).Id | Should -BeExactly 'r1'
            (Get-RAAccessRequest -Id q1).Id | Should -BeExactly 'q1'
        }
    }

    Context 'writes that happened but answered with something else than JSON' {
        It 'reports a delete, an approval and a deploy the platform took as done, with a warning, not as a failure' {
            $null = Invoke-RAMock $server POST requests @{ id = 'q1'; agent_id = 'payment-approver' }
            Add-RAMockFault $server @(
                @{ method = 'DELETE'; pathPrefix = $agentPath; status = 200; contentType = 'text/html'; body = '<html>Deleted</html>' }
                @{ method = 'POST'; pathPrefix = (P Approve -Id q1); status = 200; contentType = 'text/plain'; body = 'OK' }
                @{ method = 'POST'; pathPrefix = (P Deploy); status = 201; contentType = 'application/json'; body = 'created' }
            )

            Remove-RAAgent finance/fraud-detector -Force -WarningVariable warned -ErrorVariable failed -WarningAction SilentlyContinue
            $approved = Approve-RAAccessRequest q1 -Force -WarningVariable +warned -ErrorVariable +failed -WarningAction SilentlyContinue
            $deployed = Deploy-RAAgent -Name probe -Image registry.example/probe:1 -WarningVariable +warned -ErrorVariable +failed -WarningAction SilentlyContinue

            $failed | Should -BeNullOrEmpty
            $approved | Should -BeNullOrEmpty
            $deployed | Should -BeNullOrEmpty
            $warned.Count | Should -Be 3
            "$($warned[0])" | Should -Match "^Agent 'finance/fraud-detector' was deleted \(HTTP 200\), but the platform's answer is not what the API gives"
            "$($warned[1])" | Should -Match "^The platform approved the access request 'q1' \(HTTP 200\), but its answer is not what the API gives"
            "$($warned[2])" | Should -Match '^The platform took the deploy \(HTTP 201\)'
            # Each write was sent once: nothing invited a retry.
            @(Get-Sent | Where-Object { $_ -notlike 'GET *' }).Count | Should -Be 3
        }

        It 'waits for the agent deployed when the deploy''s answer cannot be read, where it knows where to look' {
            # The fault stands in for the platform's answer, so the agent is put in place as the deploy would have.
            $null = Invoke-RAMock $server POST agents @{ namespace = 'default'; name = 'probe'; spec = @{ image = 'registry.example/probe:1' }; status = @{ phase = 'Running' } }
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = (P Deploy); status = 201; contentType = 'text/plain'; body = 'accepted'; count = 2 }

            $agent = Deploy-RAAgent -Name probe -Namespace default -Image registry.example/probe:1 -Wait -WaitTimeout 20 -PollIntervalSec 1 -WarningAction SilentlyContinue
            Deploy-RAAgent -Name probe -Image registry.example/probe:1 -Wait -WaitTimeout 20 -WarningAction SilentlyContinue -ErrorVariable failed -ErrorAction SilentlyContinue

            $agent.ToString() | Should -BeExactly 'default/probe'
            $agent.Phase | Should -Be 'Running'
            if ($api.ByName) {
                $failed | Should -BeNullOrEmpty
            }
            else {
                # Without a namespace the namespaced API has no address to poll: said, not guessed.
                $failed[0].FullyQualifiedErrorId | Should -BeExactly 'UnexpectedAnswer,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
                "$($failed[0])" | Should -Match 'does not say which namespace'
            }
        }
    }

    Context 'a wait that says what happened' {
        It 'says a paused run''s request is approved when it is, and never points to a warning it did not write' {
            $null = Invoke-RAMock $server POST runs @{ id = 'r1'; agent_id = 'payment-approver'; namespace = 'finance'; status = 'PAUSED_APPROVAL'; blocked_action_id = 'a1' }
            $null = Invoke-RAMock $server POST requests @{ id = 'q1'; agent_id = 'payment-approver'; run_id = 'r1'; action_id = 'a1'; status = 'APPROVED' }

            Wait-RARun r1 -Timeout 2 -PollIntervalSec 1 -WarningVariable warned -ErrorVariable failed -ErrorAction SilentlyContinue

            $warned | Should -BeNullOrEmpty
            $failed[0].FullyQualifiedErrorId | Should -BeExactly 'WaitTimeout,RunAgents.PowerShell.Cmdlets.WaitRARunCommand'
            "$($failed[0])" | Should -Match "it is PAUSED_APPROVAL\. Its access request 'q1' is approved, but the platform has not resumed it\."
            "$($failed[0])" | Should -Not -Match 'warning'
        }
    }
}

Describe 'Base URIs that Uri would rewrite' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $root = $server.Uri.GetLeftPart([UriPartial]::Authority)
    }

    AfterAll {
        $server | Stop-RAMockServer
    }

    It 'refuses <Path> before any request' -ForEach @(
        @{ Path = '/api/v1/workspaces/%2E%2E' }
        @{ Path = '/api/v1/workspaces/..' }
        @{ Path = '/api/v1/workspaces/./' }
        @{ Path = '/api/v1/workspaces/rev%1Bops' }
        @{ Path = '/api/v1/workspaces/rev%C2%9Bops' }
        @{ Path = '/api/x/%2E%2E/v1' }
    ) {
        Get-RAMockJournal $server -Clear
        $failed = $null
        try { Connect-RAService -Uri "$root$Path" -ApiKey (ConvertTo-TestKey 'test-key') } catch { $failed = $_ }

        $failed.FullyQualifiedErrorId | Should -BeExactly 'InvalidUri,RunAgents.PowerShell.Cmdlets.ConnectRAServiceCommand'
        "$failed" | Should -Not -Match '[\x00-\x1f\x7f-\x9f]'
        Get-RAMockJournal $server | Should -BeNullOrEmpty
    }

    It 'refuses such a RUNAGENTS_ENDPOINT too, in the commands that would use it' {
        $result = Invoke-ChildPwsh -Script 'try { Get-RAAgent -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }' -Environment @{
            RUNAGENTS_ENDPOINT = "$root/api/v1/workspaces/%2E%2E"; RUNAGENTS_API_KEY = 'test-key'; HOME = (Join-Path $TestDrive 'home')
        }

        $result.Output.Trim() | Should -BeExactly 'InvalidUri,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
    }
}
