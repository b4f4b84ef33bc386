# Get-RAAgent: listing, filtering, single gets, errors, and names that must never reach the wire.

Describe 'Get-RAAgent' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        Connect-TestServer $server

        function New-AgentDocument {
            param([string] $Namespace, [string] $Name, [string] $Phase = 'Running')
            @{ namespace = $Namespace; name = $Name; spec = @{ image = "registry.example/${Name}:1" }; status = @{ phase = $Phase; message = '' } }
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    Context 'listing' {
        It 'lists every agent of every namespace with one GET /api/agents' {
            $agents = Get-RAAgent

            $agents.Count | Should -Be 9
            $agents | ForEach-Object { $_ | Should -BeOfType ([RunAgents.PowerShell.Models.Agent]) }
            ($agents.Namespace | Sort-Object -Unique) | Should -Be @('agent-system', 'finance', 'support')
            $requests = Get-ApiRequest $server
            $requests.Count | Should -Be 1
            $requests[0].method | Should -Be 'GET'
            $requests[0].rawTarget | Should -BeExactly '/api/agents'
        }

        It 'reads the spec and status of each agent into typed properties' {
            $agent = Get-RAAgent | Where-Object Name -EQ 'payment-agent'

            $agent.Namespace | Should -Be 'agent-system'
            $agent.Phase | Should -Be 'Running'
            $agent.Model | Should -Be 'gpt-4o-mini'
            $agent.Spec.Image | Should -Be 'registry.runagents.io/payment-agent:a1b2c3'
            $agent.Spec.LlmConfig.Provider | Should -Be 'openai'
            $agent.Spec.RequiredTools.Name | Should -Be 'stripe-api'
            $agent.Labels['platform.ai/identity-provider'] | Should -Be 'google-oidc'
            $agent.ToString() | Should -Be 'agent-system/payment-agent'
        }

        It 'writes nothing and no error for an empty platform' {
            $null = Invoke-RAMock $server DELETE agents

            $agents = Get-RAAgent -ErrorVariable errors

            $agents | Should -BeNullOrEmpty
            $errors | Should -BeNullOrEmpty
        }
    }

    Context 'one agent by namespace and name' {
        It 'sends one GET to /api/agents/ns/name and no list request' {
            $agent = Get-RAAgent -Namespace finance -Name fraud-detector

            $agent.Name | Should -Be 'fraud-detector'
            $agent.Status.Message | Should -Match 'ImagePullBackOff'
            $requests = Get-ApiRequest $server
            $requests.Count | Should -Be 1
            $requests[0].method | Should -Be 'GET'
            $requests[0].rawTarget | Should -BeExactly '/api/agents/finance/fraud-detector'
        }

        It 'takes namespace and name by position' {
            (Get-RAAgent support support-triage).Name | Should -Be 'support-triage'
            (Get-ApiRequest $server)[0].rawTarget | Should -BeExactly '/api/agents/support/support-triage'
        }

        It 'gets each name of several, one request each' {
            $agents = Get-RAAgent -Namespace finance -Name invoice-processor, expense-auditor

            $agents.Name | Should -Be @('invoice-processor', 'expense-auditor')
            (Get-ApiRequest $server).rawTarget | Should -Be @('/api/agents/finance/invoice-processor', '/api/agents/finance/expense-auditor')
        }

        It 'writes a non-terminating AgentNotFound error with the server message for a missing agent' {
            $agents = Get-RAAgent -Namespace finance -Name nope, fraud-detector -ErrorVariable errors -ErrorAction SilentlyContinue

            $agents.Name | Should -Be 'fraud-detector'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'finance/nope'
            $errors[0].ToString() | Should -Match "Cannot get agent 'finance/nope'"
            $errors[0].ToString() | Should -Match 'agent finance/nope not found'
            $errors[0].Exception | Should -BeOfType ([System.Management.Automation.ItemNotFoundException])
            $errors[0].Exception.InnerException.StatusCode | Should -Be 404
        }

        It 'is caught by catch [ItemNotFoundException] with the same id and target, however the agent was looked for' -ForEach @(
            @{ Arguments = @{ Namespace = 'finance'; Name = 'nope' }; Target = 'finance/nope' }
            @{ Arguments = @{ Name = 'nope' }; Target = 'nope' }
            @{ Arguments = @{ Namespace = 'finance', 'support'; Name = 'nope' }; Target = 'nope' }
        ) {
            $caught = $null
            try { Get-RAAgent @Arguments -ErrorAction Stop }
            catch [System.Management.Automation.ItemNotFoundException] { $caught = $_ }

            $caught.FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $caught.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $caught.TargetObject | Should -Be $Target
        }

        It 'stops a script on a missing agent under -ErrorAction Stop' {
            { Get-RAAgent -Namespace finance -Name nope -ErrorAction Stop } |
                Should -Throw -ErrorId 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        }

        It 'filters a single get by -Phase' {
            Get-RAAgent -Namespace finance -Name fraud-detector -Phase Running | Should -BeNullOrEmpty
            (Get-RAAgent -Namespace finance -Name fraud-detector -Phase Failed).Name | Should -Be 'fraud-detector'
        }
    }

    Context 'wildcards and filters' {
        It 'matches namespaces and names with wildcards from one list request' {
            $agents = Get-RAAgent -Namespace 'fin*' -Name '*e*'

            $agents.Name | Sort-Object | Should -Be @('expense-auditor', 'fraud-detector', 'invoice-processor', 'payment-approver')
            (Get-ApiRequest $server).rawTarget | Should -Be '/api/agents'
        }

        It 'matches case-insensitively' {
            (Get-RAAgent -Namespace 'SUPPORT' -Name 'KB-*').Name | Should -Be 'kb-search-agent'
        }

        It 'lists one namespace when only -Namespace is given' {
            (Get-RAAgent -Namespace support).Name | Sort-Object | Should -Be @('kb-search-agent', 'support-triage')
            (Get-ApiRequest $server).rawTarget | Should -Be '/api/agents'
        }

        It 'keeps only the agents in the -Phase given' {
            $agents = Get-RAAgent -Phase Failed

            $agents.Name | Sort-Object | Should -Be @('fraud-detector', 'kb-search-agent')
            $agents.Phase | Sort-Object -Unique | Should -Be 'Failed'
        }

        It 'accepts several phases and wildcards in -Phase' {
            (Get-RAAgent -Phase Pending, Failed).Count | Should -Be 3
            (Get-RAAgent -Phase 'P*').Name | Should -Be 'policy-guard'
        }

        It 'writes nothing and no error for a wildcard that matches nothing' {
            $agents = Get-RAAgent -Name 'no-such-*' -ErrorVariable errors

            $agents | Should -BeNullOrEmpty
            $errors | Should -BeNullOrEmpty
        }

        It 'writes AgentNotFound for an exact name, without a namespace, that matches nothing' {
            $null = Get-RAAgent -Name 'ghost' -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'ghost'
            $errors[0].Exception.Message | Should -Match "'ghost'"
        }
    }

    Context 'pipeline input' {
        It 'takes Namespace and Name by property name' {
            $wanted = [pscustomobject]@{ Namespace = 'finance'; Name = 'fraud-detector' },
                [pscustomobject]@{ Namespace = 'support'; Name = 'support-triage' }

            $agents = $wanted | Get-RAAgent

            $agents.Name | Should -Be @('fraud-detector', 'support-triage')
            (Get-ApiRequest $server).rawTarget | Should -Be @('/api/agents/finance/fraud-detector', '/api/agents/support/support-triage')
        }

        It 'takes agents from Get-RAAgent itself' {
            $again = Get-RAAgent -Phase Failed | Get-RAAgent

            $again.Name | Sort-Object | Should -Be @('fraud-detector', 'kb-search-agent')
        }

        It 'goes on after a missing agent in the pipeline' {
            $wanted = [pscustomobject]@{ Namespace = 'finance'; Name = 'ghost' },
                [pscustomobject]@{ Namespace = 'finance'; Name = 'invoice-processor' }

            $agents = $wanted | Get-RAAgent -ErrorVariable errors -ErrorAction SilentlyContinue

            $agents.Name | Should -Be 'invoice-processor'
            $errors.TargetObject | Should -Be 'finance/ghost'
        }
    }

    Context 'names that cannot be agent names' {
        It 'refuses <Label> before sending any request' -ForEach @(
            @{ Label = 'an empty name'; Value = '' }
            @{ Label = 'a backslash'; Value = 'a\b' }
            @{ Label = 'two dots'; Value = '..' }
            @{ Label = 'one dot'; Value = '.' }
            @{ Label = 'a control character'; Value = "bad`u{0007}name" }
            @{ Label = 'a tab'; Value = "a`tb" }
            @{ Label = '254 characters'; Value = ('x' * 254) }
        ) {
            { Get-RAAgent -Namespace finance -Name $Value } |
                Should -Throw -ErrorId 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            { Get-RAAgent -Namespace $Value -Name 'fraud-detector' } |
                Should -Throw -ErrorId 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            { Remove-RAAgent -Namespace finance -Name $Value -Force } |
                Should -Throw -ErrorId 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.RemoveRAAgentCommand'
            { Invoke-RAAgent -Namespace $Value -Name 'invoice-processor' -Message 'hi' } |
                Should -Throw -ErrorId 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'
            { Wait-RAAgent -Namespace finance -Name $Value } |
                Should -Throw -ErrorId 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.WaitRAAgentCommand'
            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'refuses namespace/name with <Label> before sending any request' -ForEach @(
            @{ Label = 'a second slash'; Value = 'finance/a/b' }
            @{ Label = 'nothing after the slash'; Value = 'finance/' }
            @{ Label = 'nothing before the slash'; Value = '/fraud-detector' }
            @{ Label = 'two dots'; Value = '../fraud-detector' }
        ) {
            { Get-RAAgent $Value } | Should -Throw -ErrorId 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            { Remove-RAAgent $Value -Force } | Should -Throw -ErrorId 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.RemoveRAAgentCommand'
            { Invoke-RAAgent $Value -Message 'hi' } | Should -Throw -ErrorId 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'
            { Wait-RAAgent -Name $Value } | Should -Throw -ErrorId 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.WaitRAAgentCommand'
            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'accepts a name of exactly 253 characters' {
            $long = 'a' * 253

            $null = Get-RAAgent -Namespace finance -Name $long -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            (Get-ApiRequest $server)[0].rawTarget | Should -BeExactly "/api/agents/finance/$long"
        }

        It 'says which value was refused and why' {
            $record = $null
            try { Get-RAAgent -Namespace finance -Name 'a..b' } catch { $record = $_ }

            $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $record.TargetObject | Should -BeExactly 'a..b'
            $record.Exception.Message | Should -Match "-Name 'a\.\.b'"
            $record.Exception.Message | Should -Match "contains '\.\.'"
        }
    }

    Context 'names that need escaping' {
        BeforeEach {
            $null = Invoke-RAMock $server POST agents @(
                New-AgentDocument -Namespace 'team space' -Name 'my agent'
                New-AgentDocument -Namespace 'finance' -Name 'rate 100%'
                New-AgentDocument -Namespace 'finance' -Name 'café-agent'
                New-AgentDocument -Namespace 'finance' -Name 'a#b&c=d+e'
            )
        }

        It 'sends <Name> in <Namespace> as one escaped path segment: <RawTarget>' -ForEach @(
            @{ Namespace = 'team space'; Name = 'my agent'; RawTarget = '/api/agents/team%20space/my%20agent' }
            @{ Namespace = 'finance'; Name = 'rate 100%'; RawTarget = '/api/agents/finance/rate%20100%25' }
            @{ Namespace = 'finance'; Name = 'café-agent'; RawTarget = '/api/agents/finance/caf%C3%A9-agent' }
            @{ Namespace = 'finance'; Name = 'a#b&c=d+e'; RawTarget = '/api/agents/finance/a%23b%26c%3Dd%2Be' }
        ) {
            $agent = Get-RAAgent -Namespace $Namespace -Name $Name

            $agent.Name | Should -BeExactly $Name
            $request = (Get-ApiRequest $server)[0]
            $request.rawTarget | Should -BeExactly $RawTarget
            $request.segments | Should -Be @('api', 'agents', $Namespace, $Name)
        }

        It 'deletes and invokes a name with a space through the escaped path too' {
            Invoke-RAAgent -Namespace 'team space' -Name 'my agent' -Message 'hi' | Should -Not -BeNullOrEmpty
            Remove-RAAgent -Namespace 'team space' -Name 'my agent' -Force

            (Get-ApiRequest $server).rawTarget | Should -Be @('/api/agents/team%20space/my%20agent/invoke', '/api/agents/team%20space/my%20agent')
        }
    }
}
