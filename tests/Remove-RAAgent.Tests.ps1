# Remove-RAAgent: -WhatIf you can trust, confirmation, pipelines and errors, on both API generations.

Describe 'Remove-RAAgent on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $api = New-TestApi $Generation $server
        Connect-TestServer $api

        $removeError = 'RunAgents.PowerShell.Cmdlets.RemoveRAAgentCommand'

        function Get-Delete {
            # The DELETE requests the server received.
            param($Server = $server)
            @((Get-ApiRequest $Server) | Where-Object method -EQ 'DELETE')
        }

        function Get-Sent {
            # Every request the server received, as 'METHOD rawTarget', oldest first.
            param($Server = $server)
            @(Get-RAMockJournal $Server | ForEach-Object { '{0} {1}' -f $_.method, $_.rawTarget })
        }

        function Get-Expected {
            # 'METHOD rawTarget' of an operation on this test's API, as Get-Sent shows it.
            param([string] $Method, [string] $Operation, [string] $Namespace, [string] $Name, $Api = $api)
            '{0} {1}' -f $Method, (Get-TestPath $Api $Operation -Namespace $Namespace -Name $Name)
        }

        function Get-Checked {
            # What removing an agent named with its namespace sends: on v1, where no path carries the namespace,
            # the agent is read first to check the namespace that was given; on the namespaced API only the DELETE.
            param([string] $Namespace, [string] $Name, $Api = $api)
            if ($Api.ByName) { Get-Expected GET Agent -Namespace $Namespace -Name $Name -Api $Api }
            Get-Expected DELETE Agent -Namespace $Namespace -Name $Name -Api $Api
        }

        function Get-AgentName {
            # What is left on the server, as namespace/name.
            Get-RAAgent | ForEach-Object ToString
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

    Context 'confirmation' {
        It 'sends no request at all under -WhatIf' {
            Remove-RAAgent -Namespace finance -Name fraud-detector -WhatIf

            Get-Sent | Should -BeNullOrEmpty
            Get-AgentName | Should -Contain 'finance/fraud-detector'
        }

        It 'sends no DELETE under -WhatIf even with -Force' {
            Remove-RAAgent -Namespace finance -Name fraud-detector -Force -WhatIf

            Get-Sent | Should -BeNullOrEmpty
        }

        It 'sends no DELETE when $WhatIfPreference is set' {
            $WhatIfPreference = $true
            try { Remove-RAAgent -Namespace finance -Name fraud-detector -Force }
            finally { $WhatIfPreference = $false }

            Get-Sent | Should -BeNullOrEmpty
        }

        It 'deletes with -Confirm:$false' {
            Remove-RAAgent -Namespace finance -Name fraud-detector -Confirm:$false

            Get-Sent | Should -BeExactly @(Get-Checked finance fraud-detector)
            $deletes = Get-Delete
            $deletes.Count | Should -Be 1
            $deletes[0].status | Should -Be 200
            $deletes[0].headers.Authorization | Should -BeExactly 'Bearer <redacted>'
            Get-AgentName | Should -Not -Contain 'finance/fraud-detector'
        }

        It 'deletes with -Force, named positionally' {
            Remove-RAAgent finance fraud-detector -Force

            Get-Sent | Should -BeExactly @(Get-Checked finance fraud-detector)
            Get-AgentName | Should -Not -Contain 'finance/fraud-detector'
        }

        It 'deletes an agent named as namespace/name' {
            Remove-RAAgent finance/fraud-detector -Force

            Get-Sent | Should -BeExactly @(Get-Checked finance fraud-detector)
            Get-AgentName | Should -Not -Contain 'finance/fraud-detector'
        }

        It 'writes nothing on success without -PassThru' {
            Remove-RAAgent finance fraud-detector -Force | Should -BeNullOrEmpty
        }

        It 'is declared High impact, so that it asks by default' {
            $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command Remove-RAAgent))

            $metadata.SupportsShouldProcess | Should -BeTrue
            $metadata.ConfirmImpact | Should -Be 'High'
        }
    }

    Context 'an agent by its name alone' {
        It 'deletes an agent named alone where the platform addresses agents by name, and needs a namespace elsewhere' {
            if ($api.ByName) {
                Remove-RAAgent -Name fraud-detector -Force

                Get-Sent | Should -BeExactly @(Get-Expected DELETE Agent -Name fraud-detector)
                Get-AgentName | Should -Not -Contain 'finance/fraud-detector'
            }
            else {
                { Remove-RAAgent -Name fraud-detector -Force } | Should -Throw -ErrorId "NamespaceRequired,$removeError"
                Get-Sent | Should -BeNullOrEmpty
                Get-AgentName | Should -Contain 'finance/fraud-detector'
            }
        }

        It 'names the agent alone in the -WhatIf message and sends nothing (namespaced: NamespaceRequired)' {
            if ($api.ByName) {
                $transcript = Join-Path $TestDrive 'whatif-name.txt'
                $null = Start-Transcript -LiteralPath $transcript -UseMinimalHeader
                try { Remove-RAAgent -Name fraud-detector -WhatIf }
                finally { $null = Stop-Transcript }

                Get-Content -LiteralPath $transcript -Raw | Should -Match 'What if: Performing the operation "Remove agent" on target "fraud-detector"'
            }
            else {
                { Remove-RAAgent -Name fraud-detector -WhatIf } | Should -Throw -ErrorId "NamespaceRequired,$removeError"
            }
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'returns the name of an agent removed by its name alone with -PassThru (namespaced: NamespaceRequired)' {
            if ($api.ByName) {
                $removed = Remove-RAAgent -Name fraud-detector -Force -PassThru

                $removed.Name | Should -BeExactly 'fraud-detector'
                $removed.Namespace | Should -BeNullOrEmpty
                $removed.ToString() | Should -BeExactly 'fraud-detector'
            }
            else {
                { Remove-RAAgent -Name fraud-detector -Force -PassThru } | Should -Throw -ErrorId "NamespaceRequired,$removeError"
                Get-Sent | Should -BeNullOrEmpty
            }
        }

        It 'writes AgentNotFound for a name no agent has (namespaced: NamespaceRequired)' {
            if ($api.ByName) {
                Remove-RAAgent -Name ghost -Force -ErrorVariable errors -ErrorAction SilentlyContinue

                $errors.Count | Should -Be 1
                $errors[0].FullyQualifiedErrorId | Should -BeExactly "AgentNotFound,$removeError"
                $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
                $errors[0].TargetObject | Should -Be 'ghost'
                Get-Sent | Should -BeExactly @(Get-Expected DELETE Agent -Name ghost)
            }
            else {
                { Remove-RAAgent -Name ghost -Force } | Should -Throw -ErrorId "NamespaceRequired,$removeError"
                Get-Sent | Should -BeNullOrEmpty
            }
        }
    }

    Context 'a namespace that is not the agent''s' {
        It 'deletes nothing for support/fraud-detector, as the agent lives in finance' {
            Remove-RAAgent support fraud-detector -Force -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly "AgentNotFound,$removeError"
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'support/fraud-detector'
            if ($api.ByName) {
                # v1 finds fraud-detector by name (in finance): it is read, found elsewhere, and never deleted.
                Get-Sent | Should -BeExactly @(Get-Expected GET Agent -Name fraud-detector)
                $errors[0].ToString() | Should -Match "in namespace 'finance'"
            }
            else {
                Get-Sent | Should -BeExactly @(Get-Expected DELETE Agent -Namespace support -Name fraud-detector)
            }
            Get-AgentName | Should -Contain 'finance/fraud-detector'
        }
    }

    Context 'pipelines' {
        It 'removes each agent of Get-RAAgent -Namespace finance | Remove-RAAgent -Force, reading each again on v1 only' {
            Get-RAAgent -Namespace finance | Remove-RAAgent -Force

            # On v1, where two namespaces may hold one name, each piped agent is read again to check its namespace.
            $names = 'expense-auditor', 'fraud-detector', 'invoice-processor', 'payment-approver'
            @(Get-Sent | Where-Object { $_ -notlike 'DELETE *' }) | Should -BeExactly @(
                "GET $(Get-TestPath $api Agents)"
                if ($api.ByName) { $names | ForEach-Object { "GET $(Get-TestPath $api Agent -Name $_)" } }
            )
            (Get-Delete).rawTarget | Sort-Object | Should -BeExactly @(
                Get-TestPath $api Agent -Namespace finance -Name expense-auditor
                Get-TestPath $api Agent -Namespace finance -Name fraud-detector
                Get-TestPath $api Agent -Namespace finance -Name invoice-processor
                Get-TestPath $api Agent -Namespace finance -Name payment-approver
            )
            Get-RAAgent -Namespace finance -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            (Get-RAAgent).Count | Should -Be 5
        }

        It 'removes none under Get-RAAgent -Phase Failed | Remove-RAAgent -WhatIf' {
            Get-RAAgent -Phase Failed | Remove-RAAgent -WhatIf

            Get-Delete | Should -BeNullOrEmpty
            (Get-RAAgent -Phase Failed).Count | Should -Be 2
        }

        It 'names each agent, as namespace/name, in the -WhatIf message' {
            $transcript = Join-Path $TestDrive 'whatif.txt'
            $null = Start-Transcript -LiteralPath $transcript -UseMinimalHeader
            try { Get-RAAgent -Phase Failed | Remove-RAAgent -WhatIf }
            finally { $null = Stop-Transcript }

            $text = Get-Content -LiteralPath $transcript -Raw
            $text | Should -Match 'What if: Performing the operation "Remove agent" on target "finance/fraud-detector"'
            $text | Should -Match 'What if: Performing the operation "Remove agent" on target "support/kb-search-agent"'
        }

        It 'removes agents given by Namespace and Name properties' {
            [pscustomobject]@{ Namespace = 'support'; Name = 'kb-search-agent' } | Remove-RAAgent -Force

            # A hand-made object comes from no platform: on v1 its namespace is checked before the DELETE.
            Get-Sent | Should -BeExactly @(Get-Checked support kb-search-agent)
        }

        It 'removes an agent given by a Name property alone (namespaced: NamespaceRequired)' {
            if ($api.ByName) {
                [pscustomobject]@{ Name = 'kb-search-agent' } | Remove-RAAgent -Force

                Get-Sent | Should -BeExactly @(Get-Expected DELETE Agent -Name kb-search-agent)
            }
            else {
                [pscustomobject]@{ Name = 'kb-search-agent' } | Remove-RAAgent -Force -ErrorVariable errors -ErrorAction SilentlyContinue

                $errors.Count | Should -Be 1
                $errors[0].FullyQualifiedErrorId | Should -BeExactly "NamespaceRequired,$removeError"
                Get-Sent | Should -BeNullOrEmpty
            }
        }

        It 'returns each removed agent with -PassThru' {
            $removed = Get-RAAgent -Phase Failed | Remove-RAAgent -Force -PassThru

            $removed | ForEach-Object { $_ | Should -BeOfType ([RunAgents.PowerShell.Models.Agent]) }
            $removed | ForEach-Object ToString | Sort-Object | Should -Be @('finance/fraud-detector', 'support/kb-search-agent')
            $removed[0].Spec.Image | Should -Not -BeNullOrEmpty
        }

        It 'returns the identity of an agent removed by name with -PassThru' {
            $removed = Remove-RAAgent finance fraud-detector -Force -PassThru

            $removed.Namespace | Should -Be 'finance'
            $removed.Name | Should -Be 'fraud-detector'
        }
    }

    Context 'agents from another platform' {
        BeforeAll {
            # A second platform with the same agents, as a staging copy of production would have.
            $staging = Start-RAMockServer
            $stagingApi = New-TestApi $Generation $staging
            $stagingConnection = Connect-TestServer $stagingApi -PassThru
            Connect-TestServer $api
        }

        AfterAll {
            $staging | Stop-RAMockServer
        }

        BeforeEach {
            $null = Invoke-RAMock $staging POST reset
        }

        It 'deletes agents of Get-RAAgent -Connection $staging on staging, not on the current platform' {
            Get-RAAgent -Connection $stagingConnection -Namespace finance | Remove-RAAgent -Force

            @(Get-Delete $staging).Count | Should -Be 4
            @(Get-Delete $staging).rawTarget | Should -BeLike "$($stagingApi.Prefix)/*"
            Get-RAAgent -Connection $stagingConnection -Namespace finance -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-Sent | Should -BeNullOrEmpty -Because 'nothing went to the current platform'
            (Get-RAAgent -Namespace finance).Count | Should -Be 4
            Get-ForeignRequest $staging $stagingApi | Should -BeNullOrEmpty
        }

        It 'deletes them on the current platform when -Connection says so' {
            Get-RAAgent -Connection $stagingConnection -Namespace finance -Name fraud-detector |
                Remove-RAAgent -Connection (Get-RAConnection) -Force

            # The agent came from staging: on v1 its namespace is checked on the platform it is deleted from.
            Get-Sent | Should -BeExactly @(Get-Checked finance fraud-detector)
            Get-Delete $staging | Should -BeNullOrEmpty
        }
    }

    Context 'errors' {
        It 'writes a non-terminating AgentNotFound (ObjectNotFound) error for an agent that does not exist' {
            Remove-RAAgent -Namespace finance -Name ghost -Force -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly "AgentNotFound,$removeError"
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'finance/ghost'
            $errors[0].ToString() | Should -Match "Cannot remove agent 'finance/ghost'"
            if ($api.ByName) {
                # v1 reads the agent to check its namespace: no such agent, so no DELETE.
                $errors[0].ToString() | Should -Match 'agent ghost not found'
                Get-Sent | Should -BeExactly @(Get-Expected GET Agent -Name ghost)
            }
            else {
                $errors[0].ToString() | Should -Match 'agent finance/ghost not found'
                (Get-Delete).status | Should -Be 404
            }
        }

        It 'goes on with the next agent after one fails' {
            $targets = [pscustomobject]@{ Namespace = 'finance'; Name = 'ghost' },
                [pscustomobject]@{ Namespace = 'finance'; Name = 'fraud-detector' }

            $targets | Remove-RAAgent -Force -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.TargetObject | Should -Be 'finance/ghost'
            (Get-Delete).status | Should -Be $(if ($api.ByName) { @(200) } else { @(404, 200) })
            Get-AgentName | Should -Not -Contain 'finance/fraud-detector'
        }

        It 'stops a script at the first failure under -ErrorAction Stop' {
            { Remove-RAAgent -Namespace finance -Name ghost -Force -ErrorAction Stop } |
                Should -Throw -ErrorId "AgentNotFound,$removeError"
        }

        It 'removes an agent once: a second removal is AgentNotFound' {
            Remove-RAAgent finance fraud-detector -Force
            { Remove-RAAgent finance fraud-detector -Force -ErrorAction Stop } |
                Should -Throw -ErrorId "AgentNotFound,$removeError"
        }

        It 'refuses a namespace without a name before any request' {
            { Remove-RAAgent -Namespace finance -Force } | Should -Throw -ErrorId "AgentNotNamed,$removeError"
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'says -Name is enough for an agent given positionally alone where the platform finds agents by name, and deletes nothing' {
            $caught = { Remove-RAAgent fraud-detector -Force } | Should -Throw -ErrorId "AgentNotNamed,$removeError" -PassThru
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
            if ($api.ByName) {
                $caught.Exception.Message | Should -BeLike "*if 'fraud-detector' is the agent, give -Name 'fraud-detector'."
            }
            else {
                $caught.Exception.Message | Should -Not -BeLike '*name alone*'
            }
            Get-Sent | Should -BeNullOrEmpty
            Get-AgentName | Should -Contain 'finance/fraud-detector'
        }
    }
}
