# One session's work with every cmdlet that calls the platform, on each API generation: each request goes to this
# generation's path for its operation, with the key in the header of its kind, and none to the other generation's.

Describe 'Every cmdlet on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $workspaceKey = 'ra_ws_generations-0123456789'
        $server = Start-RAMockServer -ApiKey $workspaceKey -DeployReadyMs 200 -ResumeMs 100
        $api = New-TestApi $Generation $server
        Connect-TestServer $api -Key $workspaceKey

        # The session: read, wait, invoke until a pause, approve, follow the run, deploy, deny, complete, remove.
        $null = Get-RAAgent
        $null = Get-RAAgent finance/invoice-processor
        $null = Wait-RAAgent finance invoice-processor -PollIntervalSec 1
        $answer = Invoke-RAAgent finance payment-approver 'Refund order 1041' -WarningAction SilentlyContinue
        $request = $answer | Get-RAAccessRequest
        $null = $request | Approve-RAAccessRequest -Confirm:$false
        $null = $answer | Wait-RARun -PollIntervalSec 1 -Timeout 30 -WarningAction SilentlyContinue
        $null = Get-RARunEvent -RunId $answer.RunId
        $null = Get-RARun -Status COMPLETED, FAILED
        $null = Deploy-RAAgent -Name probe -Image registry.example/probe:1 -Wait -PollIntervalSec 1 -WaitTimeout 30
        $second = Invoke-RAAgent finance payment-approver 'Refund order 1042' -WarningAction SilentlyContinue
        $denied = $second | Get-RAAccessRequest | Deny-RAAccessRequest -Confirm:$false
        $null = TabExpansion2 -inputScript 'Deploy-RAAgent -Name x -Image y -Tool s' -cursorColumn 39
        $null = TabExpansion2 -inputScript 'Deploy-RAAgent -Name x -Image y -Model o' -cursorColumn 40
        $null = TabExpansion2 -inputScript 'Deploy-RAAgent -Name x -Image y -Policy r' -cursorColumn 41
        Get-RAAgent -Namespace finance | Remove-RAAgent -Force
        $journal = @(Get-RAMockJournal $server)
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    It 'answered every request of the session' {
        $journal.Count | Should -BeGreaterThan 20
        @($journal | Where-Object { $_.status -ge 300 }) | Should -BeNullOrEmpty
        $request.Status | Should -Be 'PENDING'
        $denied.Status | Should -Be 'REJECTED'
    }

    It 'sent each operation to its path on this generation, and nothing else' {
        $expected = @(
            "GET $(Get-TestPath $api Agents)"
            "GET $(Get-TestPath $api Agent -Namespace finance -Name invoice-processor)"
            # On v1 a namespace typed with the name is checked by reading the agent before it is sent a message.
            if ($api.ByName) { "GET $(Get-TestPath $api Agent -Name payment-approver)" }
            "POST $(Get-TestPath $api Invoke -Namespace finance -Name payment-approver)"
            "GET $(Get-TestPath $api Requests)"
            # The message each pending request's run started with, from the list of paused runs (v1's runs have none).
            if (-not $api.ByName) { "GET $(Get-TestPath $api Runs)?status=PAUSED_APPROVAL" }
            "GET $(Get-TestPath $api Requests)?status=PENDING"
            "GET $(Get-TestPath $api Requests)?status=APPROVED"
            "POST $(Get-TestPath $api Approve -Id $request.Id)"
            "GET $(Get-TestPath $api Run -Id $answer.RunId)"
            "GET $(Get-TestPath $api RunEvents -Id $answer.RunId)?limit=500"
            "GET $(Get-TestPath $api Runs)?status=COMPLETED"
            "GET $(Get-TestPath $api Runs)?status=FAILED"
            "POST $(Get-TestPath $api Deploy)"
            "GET $(Get-TestPath $api Agent -Namespace default -Name probe)"
            "POST $(Get-TestPath $api Reject -Id $denied.Id)"
            "GET $(Get-TestPath $api Tools)"
            "GET $(Get-TestPath $api ModelProviders)"
            "GET $(Get-TestPath $api Policies)"
            foreach ($name in 'expense-auditor', 'fraud-detector', 'invoice-processor', 'payment-approver') {
                # On v1 each piped agent's namespace is checked first, as two namespaces may hold one name.
                if ($api.ByName) { "GET $(Get-TestPath $api Agent -Name $name)" }
                "DELETE $(Get-TestPath $api Agent -Namespace finance -Name $name)"
            }
        ) | Sort-Object -Unique

        $sent = @($journal | ForEach-Object { "$($_.method) $($_.rawTarget)" } | Sort-Object -Unique)

        $sent | Should -Be $expected
    }

    It 'sent no request to a path of the other generation' {
        Get-ForeignRequest $server $api | Should -BeNullOrEmpty
        $other = if ($api.ByName) { '^/(api/agents|governance|runs|api/deploy|api/tools|api/model-providers|api/policies)(/|$|\?)' } else { '^/api/v1(/|$)' }
        @($journal | Where-Object rawTarget -Match $other) | Should -BeNullOrEmpty
    }

    It 'sent the workspace key in X-RunAgents-API-Key alone, with every request' {
        foreach ($entry in $journal) {
            $names = Get-HeaderName $entry
            $names | Should -Contain 'X-RunAgents-API-Key'
            $names | Should -Not -Contain 'Authorization'
        }
    }

    It 'sent a deploy body without a namespace' {
        $deploy = $journal | Where-Object { $_.method -eq 'POST' -and $_.rawTarget -eq (Get-TestPath $api Deploy) }
        $body = $deploy.body | ConvertFrom-Json -AsHashtable
        $body.agent_name | Should -Be 'probe'
        $body.ContainsKey('namespace') | Should -BeFalse
    }
}
