# Get-RAAgent on both API generations: listing, filtering, single gets, errors, and names that must never reach the wire.
# On v1 an agent is found by its name alone, and a namespace given with it is checked against the agent the server answers with.

Describe 'Get-RAAgent on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $api = New-TestApi $Generation $server
        Connect-TestServer $api

        function New-AgentDocument {
            param([string] $Namespace, [string] $Name, [string] $Phase = 'Running')
            @{ namespace = $Namespace; name = $Name; spec = @{ image = "registry.example/${Name}:1" }; status = @{ phase = $Phase; message = '' } }
        }

        function Assert-Request {
            # The requests the server received, oldest first, as 'METHOD rawTarget' lines, are exactly these.
            param([Parameter(Mandatory)] [AllowEmptyCollection()] [string[]] $Expected)
            $requests = Get-ApiRequest $server
            $actual = @(foreach ($request in $requests) { "$($request.method) $($request.rawTarget)" })
            ($actual -join [Environment]::NewLine) | Should -BeExactly ($Expected -join [Environment]::NewLine)
        }

        function Get-ServerBody {
            # The body the mock server sends for a path, as text, exactly as it sent it (read without the module).
            param([Parameter(Mandatory)] [string] $Path)
            (Invoke-WebRequest -Uri ([Uri]::new($server.Uri, $Path)) -Headers @{ Authorization = 'Bearer test-key' }).Content
        }

        $list = "GET $(Get-TestPath $api Agents)"
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

    Context 'listing' {
        It 'lists every agent of every namespace with one GET of the list, the key as a bearer token' {
            $agents = Get-RAAgent

            $agents.Count | Should -Be 9
            $agents | ForEach-Object { $_ | Should -BeOfType ([RunAgents.PowerShell.Models.Agent]) }
            ($agents.Namespace | Sort-Object -Unique) | Should -Be @('agent-system', 'finance', 'support')
            $requests = Get-ApiRequest $server
            $requests.Count | Should -Be 1
            $requests[0].method | Should -BeExactly 'GET'
            $requests[0].rawTarget | Should -BeExactly (Get-TestPath $api Agents)
            $requests[0].status | Should -Be 200
            $requests[0].headers.Authorization | Should -BeExactly 'Bearer <redacted>'
            Get-HeaderName $requests[0] | Should -Not -Contain 'X-RunAgents-API-Key'
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

        It 'writes the agents that arrived whole before the list stalled, then the timeout ends it (<Cut>)' -TestCases @(
            @{ Cut = 'the stall right after an agent''s closing brace'; Extra = 0 }
            @{ Cut = 'the stall after the comma that follows it'; Extra = 1 }
        ) {
            $first = '{"name":"early-one","namespace":"ns-a","status":{"phase":"Running"}}'
            $second = '{"name":"early-two","namespace":"ns-a","status":{"phase":"Pending"}}'
            $third = '{"name":"late","namespace":"ns-b","status":{"phase":"Running"}}'
            $stallAfter = "[$first,$second".Length + $Extra
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Agents); status = 200; body = "[$first,$second,$third]"; stallAfterBytes = $stallAfter; stallMs = 15000 }

            $written = @(Get-RAAgent -TimeoutSec 2 *>&1)

            $written.Count | Should -Be 3
            $written[0].Name | Should -BeExactly 'early-one'
            $written[1].Name | Should -BeExactly 'early-two'
            $written[2] | Should -BeOfType ([System.Management.Automation.ErrorRecord])
            $written[2].FullyQualifiedErrorId | Should -BeExactly 'RequestTimeout,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $written[2].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $written[2].Exception.Message | Should -BeLike '*the list of agents was still arriving after the request had waited 2 seconds*'
            Assert-Request @($list)
        }

        It 'writes nothing and no error for an empty platform' {
            $null = Invoke-RAMock $server DELETE agents

            $agents = Get-RAAgent -ErrorVariable errors

            $agents | Should -BeNullOrEmpty
            $errors | Should -BeNullOrEmpty
            Assert-Request @($list)
        }
    }

    Context 'one agent by namespace and name' {
        It 'sends one GET of the agent''s path and no list request' {
            $agent = Get-RAAgent -Namespace finance -Name fraud-detector

            $agent.Name | Should -Be 'fraud-detector'
            $agent.Namespace | Should -Be 'finance'
            $agent.Status.Message | Should -Match 'ImagePullBackOff'
            $requests = Get-ApiRequest $server
            $requests.Count | Should -Be 1
            $requests[0].method | Should -BeExactly 'GET'
            $requests[0].rawTarget | Should -BeExactly (Get-TestPath $api Agent -Namespace finance -Name fraud-detector)
        }

        It 'takes namespace and name by position' {
            (Get-RAAgent support support-triage).Name | Should -Be 'support-triage'
            Assert-Request @("GET $(Get-TestPath $api Agent -Namespace support -Name support-triage)")
        }

        It 'takes the agent as namespace/name, <Form>, with one GET of its path' -ForEach @(
            @{ Form = 'by position'; Arguments = @('finance/fraud-detector') }
            @{ Form = 'as -Name'; Arguments = @{ Name = 'finance/fraud-detector' } }
        ) {
            $agent = Get-RAAgent @Arguments -ErrorVariable errors

            $agent.ToString() | Should -BeExactly 'finance/fraud-detector'
            $errors | Should -BeNullOrEmpty
            Assert-Request @("GET $(Get-TestPath $api Agent -Namespace finance -Name fraud-detector)")
        }

        It 'gets each name of several, one request each' {
            $agents = Get-RAAgent -Namespace finance -Name invoice-processor, expense-auditor

            $agents.Name | Should -Be @('invoice-processor', 'expense-auditor')
            Assert-Request @(
                "GET $(Get-TestPath $api Agent -Namespace finance -Name invoice-processor)"
                "GET $(Get-TestPath $api Agent -Namespace finance -Name expense-auditor)"
            )
        }

        It 'writes a non-terminating AgentNotFound error with the server message for a missing agent' {
            $agents = Get-RAAgent -Namespace finance -Name nope, fraud-detector -ErrorVariable errors -ErrorAction SilentlyContinue

            $agents.Name | Should -Be 'fraud-detector'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'finance/nope'
            $errors[0].ToString() | Should -Match "Cannot get agent 'finance/nope'"
            # The server's own words: v1 names the agent it was asked for by name alone.
            $errors[0].ToString() | Should -Match $(if ($api.ByName) { 'agent nope not found' } else { 'agent finance/nope not found' })
            $errors[0].Exception | Should -BeOfType ([System.Management.Automation.ItemNotFoundException])
            $errors[0].Exception.InnerException.StatusCode | Should -Be 404
            Assert-Request @(
                "GET $(Get-TestPath $api Agent -Namespace finance -Name nope)"
                "GET $(Get-TestPath $api Agent -Namespace finance -Name fraud-detector)"
            )
        }

        It 'is caught by catch [ItemNotFoundException] with the same id and target, however the agent was looked for' -ForEach @(
            @{ Arguments = @{ Namespace = 'finance'; Name = 'nope' }; Target = 'finance/nope' }
            @{ Arguments = @{ Name = 'nope' }; Target = 'nope' }
            @{ Arguments = @{ Namespace = 'finance', 'support'; Name = 'nope' }; Target = 'nope' }
            @{ Arguments = @{ Namespace = 'support'; Name = 'fraud-detector' }; Target = 'support/fraud-detector' }
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
            Get-RAAgent -Namespace finance -Name fraud-detector -Phase Running -ErrorVariable errors | Should -BeNullOrEmpty
            (Get-RAAgent -Namespace finance -Name fraud-detector -Phase Failed).Name | Should -Be 'fraud-detector'

            $errors | Should -BeNullOrEmpty
            $one = "GET $(Get-TestPath $api Agent -Namespace finance -Name fraud-detector)"
            Assert-Request @($one, $one)
        }

        It 'finds the agent in whichever of several namespaces has it' {
            $agent = Get-RAAgent -Namespace support, finance -Name fraud-detector -ErrorVariable errors

            $agent.ToString() | Should -BeExactly 'finance/fraud-detector'
            $errors | Should -BeNullOrEmpty
            # v1 finds the agent by its name once; the namespaced API looks in each namespace.
            Assert-Request $(if ($api.ByName) { @("GET $(Get-TestPath $api Agent -Name fraud-detector)") } else {
                    @("GET $(Get-TestPath $api Agent -Namespace support -Name fraud-detector)", "GET $(Get-TestPath $api Agent -Namespace finance -Name fraud-detector)")
                })
        }
    }

    Context 'an agent by its name alone' {
        It 'gets the agent named, with one GET of its path on v1 and from the list on the namespaced API' {
            $agent = Get-RAAgent -Name fraud-detector -ErrorVariable errors

            $agent.ToString() | Should -BeExactly 'finance/fraud-detector'
            $agent.Phase | Should -Be 'Failed'
            $errors | Should -BeNullOrEmpty
            Assert-Request @(if ($api.ByName) { "GET $(Get-TestPath $api Agent -Name fraud-detector)" } else { $list })
        }

        It 'gets the agents of several names, without a namespace' {
            $agents = Get-RAAgent -Name fraud-detector, support-triage

            $agents.ForEach('ToString') | Sort-Object | Should -BeExactly @('finance/fraud-detector', 'support/support-triage')
            Assert-Request $(if ($api.ByName) {
                    @("GET $(Get-TestPath $api Agent -Name fraud-detector)", "GET $(Get-TestPath $api Agent -Name support-triage)")
                } else { @($list) })
        }

        It 'takes an object with a Name and no Namespace from the pipeline' {
            $agent = [pscustomobject]@{ Name = 'kb-search-agent' } | Get-RAAgent

            $agent.ToString() | Should -BeExactly 'support/kb-search-agent'
            Assert-Request @(if ($api.ByName) { "GET $(Get-TestPath $api Agent -Name kb-search-agent)" } else { $list })
        }

        It 'filters the agent by -Phase' {
            Get-RAAgent -Name fraud-detector -Phase Running -ErrorVariable errors | Should -BeNullOrEmpty
            (Get-RAAgent -Name fraud-detector -Phase Failed).Name | Should -Be 'fraud-detector'

            $errors | Should -BeNullOrEmpty
            $one = if ($api.ByName) { "GET $(Get-TestPath $api Agent -Name fraud-detector)" } else { $list }
            Assert-Request @($one, $one)
        }

        It 'writes AgentNotFound for a name no agent has' {
            $agents = Get-RAAgent -Name ghost, invoice-processor -ErrorVariable errors -ErrorAction SilentlyContinue

            $agents.ToString() | Should -BeExactly 'finance/invoice-processor'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].TargetObject | Should -BeExactly 'ghost'
            $errors[0].Exception | Should -BeOfType ([System.Management.Automation.ItemNotFoundException])
            Assert-Request $(if ($api.ByName) {
                    @("GET $(Get-TestPath $api Agent -Name ghost)", "GET $(Get-TestPath $api Agent -Name invoice-processor)")
                } else { @($list) })
        }
    }

    Context 'a namespace that is not the agent''s' {
        It 'writes AgentNotFound for <Form>, saying on v1 which namespace the agent is in' -ForEach @(
            @{ Form = '-Namespace and -Name'; Arguments = @{ Namespace = 'support'; Name = 'fraud-detector' } }
            @{ Form = 'namespace/name by position'; Arguments = @('support/fraud-detector') }
            @{ Form = 'namespace/name as -Name'; Arguments = @{ Name = 'support/fraud-detector' } }
        ) {
            $agents = Get-RAAgent @Arguments -ErrorVariable errors -ErrorAction SilentlyContinue

            $agents | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -BeExactly 'support/fraud-detector'
            $errors[0].Exception | Should -BeOfType ([System.Management.Automation.ItemNotFoundException])
            $errors[0].ToString() | Should -Match "Cannot get agent 'support/fraud-detector'"
            if ($api.ByName) {
                $errors[0].ToString() | Should -Match "is in namespace 'finance'"
            }
            else {
                $errors[0].ToString() | Should -Match 'agent support/fraud-detector not found'
            }
            # One GET of the agent's path: on v1 its name's, answered with the agent, whose namespace is then checked.
            $requests = Get-ApiRequest $server
            $requests.Count | Should -Be 1
            $requests[0].method | Should -BeExactly 'GET'
            $requests[0].rawTarget | Should -BeExactly (Get-TestPath $api Agent -Namespace support -Name fraud-detector)
            $requests[0].status | Should -Be $(if ($api.ByName) { 200 } else { 404 })
        }

        It 'writes AgentNotFound for a piped object whose namespace is not the agent''s, and goes on' {
            $wanted = [pscustomobject]@{ Namespace = 'support'; Name = 'fraud-detector' },
                [pscustomobject]@{ Namespace = 'finance'; Name = 'invoice-processor' }

            $agents = $wanted | Get-RAAgent -ErrorVariable errors -ErrorAction SilentlyContinue

            $agents.ToString() | Should -BeExactly 'finance/invoice-processor'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].TargetObject | Should -BeExactly 'support/fraud-detector'
            if ($api.ByName) { $errors[0].ToString() | Should -Match "is in namespace 'finance'" }
            Assert-Request @(
                "GET $(Get-TestPath $api Agent -Namespace support -Name fraud-detector)"
                "GET $(Get-TestPath $api Agent -Namespace finance -Name invoice-processor)"
            )
        }

        It 'writes one AgentNotFound naming every namespace given when none has the agent, and on v1 the one it is in' {
            $agents = Get-RAAgent -Namespace support, agent-system -Name fraud-detector -ErrorVariable errors -ErrorAction SilentlyContinue

            $agents | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].TargetObject | Should -BeExactly 'fraud-detector'
            $errors[0].ToString() | Should -Match "'support' or 'agent-system'"
            if ($api.ByName) {
                $errors[0].ToString() | Should -Match "is in namespace 'finance'"
                Assert-Request @("GET $(Get-TestPath $api Agent -Name fraud-detector)")
            }
            else {
                Assert-Request @(
                    "GET $(Get-TestPath $api Agent -Namespace support -Name fraud-detector)"
                    "GET $(Get-TestPath $api Agent -Namespace agent-system -Name fraud-detector)"
                )
            }
        }
    }

    Context 'wildcards and filters' {
        It 'matches namespaces and names with wildcards from one list request' {
            $agents = Get-RAAgent -Namespace 'fin*' -Name '*e*'

            $agents.Name | Sort-Object | Should -Be @('expense-auditor', 'fraud-detector', 'invoice-processor', 'payment-approver')
            Assert-Request @($list)
        }

        It 'matches case-insensitively' {
            (Get-RAAgent -Namespace 'SUPPORT' -Name 'KB-*').Name | Should -Be 'kb-search-agent'
            Assert-Request @($list)
        }

        It 'lists one namespace when only -Namespace is given' {
            (Get-RAAgent -Namespace support).Name | Sort-Object | Should -Be @('kb-search-agent', 'support-triage')
            Assert-Request @($list)
        }

        It 'finds an exact name in the namespaces a wildcard -Namespace matches from the list, <Form>' -ForEach @(
            @{ Form = 'with -Namespace and -Name'; Arguments = @{ Namespace = 'fin*'; Name = 'fraud-detector' } }
            @{ Form = 'as namespace/name by position'; Arguments = @('fin*/fraud-detector') }
        ) {
            $agent = Get-RAAgent @Arguments -ErrorVariable errors

            $agent.ToString() | Should -BeExactly 'finance/fraud-detector'
            $errors | Should -BeNullOrEmpty
            Assert-Request @($list)
        }

        It 'writes AgentNotFound for an exact name outside the namespaces a wildcard -Namespace matches' {
            $agents = Get-RAAgent -Namespace 'sup*' -Name fraud-detector -ErrorVariable errors -ErrorAction SilentlyContinue

            $agents | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].TargetObject | Should -BeExactly 'fraud-detector'
            $errors[0].Exception.Message | Should -Match "'fraud-detector' in namespace 'sup\*'"
            Assert-Request @($list)
        }

        It 'keeps only the agents in the -Phase given' {
            $agents = Get-RAAgent -Phase Failed

            $agents.Name | Sort-Object | Should -Be @('fraud-detector', 'kb-search-agent')
            $agents.Phase | Sort-Object -Unique | Should -Be 'Failed'
            Assert-Request @($list)
        }

        It 'accepts several phases and wildcards in -Phase' {
            (Get-RAAgent -Phase Pending, Failed).Count | Should -Be 3
            (Get-RAAgent -Phase 'P*').Name | Should -Be 'policy-guard'
        }

        It 'writes nothing and no error for a wildcard that matches nothing' {
            $agents = Get-RAAgent -Name 'no-such-*' -ErrorVariable errors

            $agents | Should -BeNullOrEmpty
            $errors | Should -BeNullOrEmpty
            Assert-Request @($list)
        }

        It 'writes AgentNotFound for an exact name, without a namespace, that matches nothing' {
            $null = Get-RAAgent -Name 'ghost' -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'ghost'
            $errors[0].ToString() | Should -Match "'ghost'"
            # v1 asks for the agent by its name; the namespaced API looks for it in the list.
            Assert-Request @(if ($api.ByName) { "GET $(Get-TestPath $api Agent -Name ghost)" } else { $list })
        }

        It 'writes NamespaceNotFound for an exact namespace without agents' {
            $agents = Get-RAAgent -Namespace nowhere -ErrorVariable errors -ErrorAction SilentlyContinue

            $agents | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'NamespaceNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -BeExactly 'nowhere'
            Assert-Request @($list)
        }

        It 'writes nothing and no error for a wildcard name in an exact namespace without agents, so a cleanup pipeline ends quietly' {
            # The nightly cleanup of a namespace that the night before emptied: nothing to remove, nothing wrong.
            $agents = Get-RAAgent -Namespace ci -Name 'pr-*' -ErrorVariable errors
            Get-RAAgent -Namespace ci -Name 'pr-*' | Remove-RAAgent -Force -ErrorVariable +errors
            Get-RAAgent ci, 'finance' 'pr-*' -ErrorVariable +errors

            $agents | Should -BeNullOrEmpty
            $errors | Should -BeNullOrEmpty
            Assert-Request @($list, $list, $list)
        }

        It 'still writes NamespaceNotFound for an exact namespace given alone, filtered by phase' {
            $null = Get-RAAgent -Namespace ci -Phase Failed -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'NamespaceNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].TargetObject | Should -BeExactly 'ci'
            Assert-Request @($list)
        }

        It 'says how to get an agent whose name was given where the namespace goes' {
            # The first positional value is the namespace, on v1 too.
            $agents = Get-RAAgent fraud-detector -ErrorVariable errors -ErrorAction SilentlyContinue

            $agents | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'NamespaceNotFound,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].Exception.Message | Should -Match "is the name of agent 'finance/fraud-detector'"
            $errors[0].Exception.Message | Should -Match "-Name 'fraud-detector'"
            Assert-Request @($list)
        }
    }

    Context 'the server''s own document (-Raw)' {
        It 'writes the JSON text of an agent named by namespace and name exactly as the server sent it' {
            $raw = Get-RAAgent -Namespace finance -Name fraud-detector -Raw

            $path = Get-TestPath $api Agent -Namespace finance -Name fraud-detector
            Assert-Request @("GET $path")
            $raw | Should -BeOfType [string]
            $raw | Should -BeExactly (Get-ServerBody $path)
            ($raw | ConvertFrom-Json).namespace | Should -BeExactly 'finance'
        }

        It 'writes the JSON text of an agent named alone as the server sent it, from its own GET on v1 and the list on the namespaced API' {
            $raw = Get-RAAgent -Name fraud-detector -Raw

            $raw | Should -BeOfType [string]
            ($raw | ConvertFrom-Json).name | Should -BeExactly 'fraud-detector'
            if ($api.ByName) {
                $path = Get-TestPath $api Agent -Name fraud-detector
                Assert-Request @("GET $path")
                $raw | Should -BeExactly (Get-ServerBody $path)
            }
            else {
                Assert-Request @($list)
                (Get-ServerBody (Get-TestPath $api Agents)).Contains($raw) | Should -BeTrue
            }
        }

        It 'filters by namespace, name and phase before writing the JSON text' {
            $raw = Get-RAAgent -Namespace fin* -Phase Running -Raw

            $sent = Get-ServerBody (Get-TestPath $api Agents)
            $raw | ForEach-Object { $_ | Should -BeOfType [string]; $sent.Contains($_) | Should -BeTrue }
            ($raw | ForEach-Object { ConvertFrom-Json $_ }).name | Sort-Object | Should -Be @('expense-auditor', 'invoice-processor', 'payment-approver')
            Get-RAAgent -Namespace finance -Name fraud-detector -Phase Running -Raw | Should -BeNullOrEmpty
            Get-RAAgent -Name fraud-detector -Phase Running -Raw | Should -BeNullOrEmpty
        }
    }

    Context 'pipeline input' {
        It 'takes Namespace and Name by property name' {
            $wanted = [pscustomobject]@{ Namespace = 'finance'; Name = 'fraud-detector' },
                [pscustomobject]@{ Namespace = 'support'; Name = 'support-triage' }

            $agents = $wanted | Get-RAAgent

            $agents.Name | Should -Be @('fraud-detector', 'support-triage')
            Assert-Request @(
                "GET $(Get-TestPath $api Agent -Namespace finance -Name fraud-detector)"
                "GET $(Get-TestPath $api Agent -Namespace support -Name support-triage)"
            )
        }

        It 'takes agents from Get-RAAgent itself, one GET of each agent after the list' {
            $again = Get-RAAgent -Phase Failed | Get-RAAgent

            $again.ForEach('ToString') | Sort-Object | Should -BeExactly @('finance/fraud-detector', 'support/kb-search-agent')
            Assert-Request @(
                $list
                "GET $(Get-TestPath $api Agent -Namespace finance -Name fraud-detector)"
                "GET $(Get-TestPath $api Agent -Namespace support -Name kb-search-agent)"
            )
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
        # On v1 no path carries the namespace, but a namespace that cannot be one is refused all the same.
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
            Assert-Request @("GET $(Get-TestPath $api Agent -Namespace finance -Name $long)")
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

        It 'sends <Name> in <Namespace> as one escaped path segment: <Escaped>' -ForEach @(
            @{ Namespace = 'team space'; Name = 'my agent'; Escaped = 'team%20space/my%20agent' }
            @{ Namespace = 'finance'; Name = 'rate 100%'; Escaped = 'finance/rate%20100%25' }
            @{ Namespace = 'finance'; Name = 'café-agent'; Escaped = 'finance/caf%C3%A9-agent' }
            @{ Namespace = 'finance'; Name = 'a#b&c=d+e'; Escaped = 'finance/a%23b%26c%3Dd%2Be' }
        ) {
            $agent = Get-RAAgent -Namespace $Namespace -Name $Name

            $agent.Name | Should -BeExactly $Name
            $agent.Namespace | Should -BeExactly $Namespace
            $requests = Get-ApiRequest $server
            $requests.Count | Should -Be 1
            # Written out here rather than taken from Get-TestPath, which escapes as the module does.
            $ns, $escapedName = $Escaped.Split('/')
            $requests[0].rawTarget | Should -BeExactly $(if ($api.ByName) { "$($api.Prefix)/agents/$escapedName" } else { "/api/agents/$ns/$escapedName" })
            $requests[0].rawTarget | Should -BeExactly (Get-TestPath $api Agent -Namespace $Namespace -Name $Name)
            $requests[0].segments | Should -Be $(if ($api.ByName) { @($api.Prefix.TrimStart('/').Split('/')) + @('agents', $Name) } else { @('api', 'agents', $Namespace, $Name) })
        }

        It 'deletes and invokes a name with a space through the escaped path too' {
            Invoke-RAAgent -Namespace 'team space' -Name 'my agent' -Message 'hi' | Should -Not -BeNullOrEmpty
            Remove-RAAgent -Namespace 'team space' -Name 'my agent' -Force

            $agent = Get-TestPath $api Agent -Namespace 'team space' -Name 'my agent'
            $invoke = Get-TestPath $api Invoke -Namespace 'team space' -Name 'my agent'
            # On v1 the namespace given is checked with a GET of the agent before each request that acts on it.
            Assert-Request $(if ($api.ByName) {
                    @("GET $agent", "POST $invoke", "GET $agent", "DELETE $agent")
                } else { @("POST $invoke", "DELETE $agent") })
            (Get-ApiRequest $server).status | Sort-Object -Unique | Should -Be 200
        }
    }
}
