# Remove-RAAgent: -WhatIf you can trust, confirmation, pipelines and errors.

Describe 'Remove-RAAgent' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        Connect-TestServer $server

        function Get-Delete {
            # The DELETE requests the server received.
            @((Get-ApiRequest $server) | Where-Object method -EQ 'DELETE')
        }

        function Get-AgentName {
            # What is left on the server, as namespace/name, read without the module.
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

    Context 'confirmation' {
        It 'sends no DELETE under -WhatIf' {
            Remove-RAAgent -Namespace finance -Name fraud-detector -WhatIf

            Get-Delete | Should -BeNullOrEmpty
            (Get-ApiRequest $server).Count | Should -Be 0
            Get-AgentName | Should -Contain 'finance/fraud-detector'
        }

        It 'sends no DELETE under -WhatIf even with -Force' {
            Remove-RAAgent -Namespace finance -Name fraud-detector -Force -WhatIf

            Get-Delete | Should -BeNullOrEmpty
        }

        It 'sends no DELETE when $WhatIfPreference is set' {
            $WhatIfPreference = $true
            try { Remove-RAAgent -Namespace finance -Name fraud-detector -Force }
            finally { $WhatIfPreference = $false }

            Get-Delete | Should -BeNullOrEmpty
        }

        It 'deletes with -Confirm:$false' {
            Remove-RAAgent -Namespace finance -Name fraud-detector -Confirm:$false

            $deletes = Get-Delete
            $deletes.Count | Should -Be 1
            $deletes[0].rawTarget | Should -BeExactly '/api/agents/finance/fraud-detector'
            $deletes[0].status | Should -Be 200
            Get-AgentName | Should -Not -Contain 'finance/fraud-detector'
        }

        It 'deletes with -Force' {
            Remove-RAAgent finance fraud-detector -Force

            (Get-Delete).rawTarget | Should -BeExactly '/api/agents/finance/fraud-detector'
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

    Context 'pipelines' {
        It 'removes each agent of Get-RAAgent -Namespace finance | Remove-RAAgent -Force' {
            Get-RAAgent -Namespace finance | Remove-RAAgent -Force

            (Get-Delete).rawTarget | Sort-Object | Should -Be @(
                '/api/agents/finance/expense-auditor'
                '/api/agents/finance/fraud-detector'
                '/api/agents/finance/invoice-processor'
                '/api/agents/finance/payment-approver'
            )
            Get-RAAgent -Namespace finance | Should -BeNullOrEmpty
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

            (Get-Delete).rawTarget | Should -BeExactly '/api/agents/support/kb-search-agent'
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
            $stagingConnection = Connect-TestServer $staging -PassThru
            Connect-TestServer $server
        }

        AfterAll {
            $staging | Stop-RAMockServer
        }

        BeforeEach {
            $null = Invoke-RAMock $staging POST reset
        }

        It 'deletes agents of Get-RAAgent -Connection $staging on staging, not on the current platform' {
            Get-RAAgent -Connection $stagingConnection -Namespace finance | Remove-RAAgent -Force

            @((Get-ApiRequest $staging) | Where-Object method -EQ 'DELETE').Count | Should -Be 4
            Get-RAAgent -Connection $stagingConnection -Namespace finance | Should -BeNullOrEmpty
            Get-Delete | Should -BeNullOrEmpty
            (Get-RAAgent -Namespace finance).Count | Should -Be 4
        }

        It 'deletes them on the current platform when -Connection says so' {
            Get-RAAgent -Connection $stagingConnection -Namespace finance -Name fraud-detector |
                Remove-RAAgent -Connection (Get-RAConnection) -Force

            (Get-Delete).rawTarget | Should -BeExactly '/api/agents/finance/fraud-detector'
            @((Get-ApiRequest $staging) | Where-Object method -EQ 'DELETE') | Should -BeNullOrEmpty
        }
    }

    Context 'errors' {
        It 'writes a non-terminating AgentNotFound (ObjectNotFound) error for an agent that does not exist' {
            Remove-RAAgent -Namespace finance -Name ghost -Force -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.RemoveRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'finance/ghost'
            $errors[0].ToString() | Should -Match "Cannot remove agent 'finance/ghost'"
            $errors[0].ToString() | Should -Match 'agent finance/ghost not found'
            (Get-Delete).status | Should -Be 404
        }

        It 'goes on with the next agent after one fails' {
            $targets = [pscustomobject]@{ Namespace = 'finance'; Name = 'ghost' },
                [pscustomobject]@{ Namespace = 'finance'; Name = 'fraud-detector' }

            $targets | Remove-RAAgent -Force -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.TargetObject | Should -Be 'finance/ghost'
            (Get-Delete).status | Should -Be @(404, 200)
            Get-AgentName | Should -Not -Contain 'finance/fraud-detector'
        }

        It 'stops a script at the first failure under -ErrorAction Stop' {
            { Remove-RAAgent -Namespace finance -Name ghost -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'AgentNotFound,RunAgents.PowerShell.Cmdlets.RemoveRAAgentCommand'
        }

        It 'removes an agent once: a second removal is AgentNotFound' {
            Remove-RAAgent finance fraud-detector -Force
            { Remove-RAAgent finance fraud-detector -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'AgentNotFound,RunAgents.PowerShell.Cmdlets.RemoveRAAgentCommand'
        }
    }
}
