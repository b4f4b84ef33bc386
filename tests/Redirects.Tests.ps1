# Which redirects the module follows, on both API generations: "within the API" is a matter of whole path
# segments, not of a string prefix, and a write (DELETE, POST) is followed only to the very address it was
# sent to. A refused redirect sends nothing to its target, as the mock's journal shows.

Describe 'Redirects on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $api = New-TestApi $Generation $server

        function Get-Address {
            # An absolute URL on the mock server for a path of this generation's API.
            param([Parameter(Mandatory)] [string] $Path)
            [Uri]::new($server.Uri, $Path).AbsoluteUri
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

    It 'refuses a GET redirected to a path that only begins like the API''s, and sends nothing there' {
        # v1: the base path and 'agents'; namespaced: 'api'. The target shares their text, not their segments.
        $lookalike = if ($Generation -eq 'V1') { "$($api.Prefix)/agents-evil/steal" } else { '/api-evil/steal' }
        Add-RAMockFault $server @{ method = 'GET'; status = 302; headers = @{ Location = (Get-Address $lookalike) } }

        Get-RAAgent -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'UnexpectedRedirect,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $failed[0].Exception.Message | Should -BeLike "*redirected to $(Get-Address $lookalike); that is not part of the API*"
        $requests = Get-ApiRequest $server
        $requests.rawTarget | Should -Be @(Get-TestPath $api Agents)
    }

    It 'refuses a DELETE redirected by 307 to another agent of the same platform, and deletes nothing' {
        $other = Get-TestPath $api Agent -Namespace finance -Name expense-auditor
        Add-RAMockFault $server @{ method = 'DELETE'; status = 307; headers = @{ Location = (Get-Address $other) } }

        Remove-RAAgent finance fraud-detector -Force -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'UnexpectedRedirect,RunAgents.PowerShell.Cmdlets.RemoveRAAgentCommand'
        $failed[0].Exception.Message | Should -BeLike '*followed only by a 307 or 308 redirect to the same address*'
        $requests = Get-ApiRequest $server
        $deletes = @($requests | Where-Object method -EQ 'DELETE')
        $deletes.rawTarget | Should -Be @(Get-TestPath $api Agent -Namespace finance -Name fraud-detector)
        Get-RAAgent finance expense-auditor | Should -Not -BeNullOrEmpty
        Get-RAAgent finance fraud-detector | Should -Not -BeNullOrEmpty
    }

    It 'refuses an invoke redirected by 308 to another agent, and sends it nothing' {
        $other = Get-TestPath $api Invoke -Namespace finance -Name expense-auditor
        Add-RAMockFault $server @{ method = 'POST'; status = 308; headers = @{ Location = (Get-Address $other) } }

        Invoke-RAAgent finance invoice-processor -Message 'pay it' -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'UnexpectedRedirect,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'
        $requests = Get-ApiRequest $server
        @($requests | Where-Object method -EQ 'POST').rawTarget | Should -Be @(Get-TestPath $api Invoke -Namespace finance -Name invoice-processor)
    }

    It 'follows a DELETE redirected by 307 to the very address it was sent to' {
        $same = Get-TestPath $api Agent -Namespace finance -Name fraud-detector
        Add-RAMockFault $server @{ method = 'DELETE'; status = 307; headers = @{ Location = (Get-Address $same) } }

        Remove-RAAgent finance fraud-detector -Force -ErrorVariable failed

        $failed | Should -BeNullOrEmpty
        $requests = Get-ApiRequest $server
        $deletes = @($requests | Where-Object method -EQ 'DELETE')
        $deletes.status | Should -Be @(307, 200)
        $deletes.rawTarget | Should -Be @($same, $same)
    }

    It 'follows a GET redirected within the API' {
        $moved = (Get-Address (Get-TestPath $api Agents)) + '?page=1'
        Add-RAMockFault $server @{ method = 'GET'; status = 302; headers = @{ Location = $moved } }

        $agents = @(Get-RAAgent)

        $agents.Count | Should -Be 9
        (Get-ApiRequest $server).status | Should -Be @(302, 200)
    }
}
