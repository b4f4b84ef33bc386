# Agent config: Get- and Set-RAAgentConfig on both API generations. Each test reads what went over the wire in the
# mock's journal: one GET of the config, then at most one PUT of the fields that change (whole), nothing written by
# -WhatIf or an unchanged config, and no request at all after a bad input.

Describe 'Agent config on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $longKey = 'ra_ws_Zq8xKv3Pw9LmT4nB7jR2'
        $server = Start-RAMockServer -DeployReadyMs 0 -ApiKey 'test-key', $longKey
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        $approver = (Get-TestPath $api Agent -Namespace finance -Name payment-approver) + '/config'
        $auditor = (Get-TestPath $api Agent -Namespace finance -Name expense-auditor) + '/config'
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Written { @(Get-RAMockJournal $server | Where-Object method -NE 'GET') }
        function Get-Body { (Get-Written)[0].body | ConvertFrom-Json -AsHashtable }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        $folder = Join-Path $TestDrive $Generation
        $null = New-Item -ItemType Directory -Path $folder -Force
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    Context 'Get-RAAgentConfig' {
        It 'reads one agent''s config with one GET, as a typed object' {
            $config = Get-RAAgentConfig finance/payment-approver

            Get-Sent | Should -Be @("GET $approver")
            $config | Should -BeOfType RunAgents.PowerShell.Models.AgentConfig
            $config.Agent | Should -BeExactly 'payment-approver'
            $config.Namespace | Should -BeExactly 'finance'
            $config.Image | Should -BeExactly 'registry.runagents.io/payment-approver:5e6f7a8'
            $config.SystemPrompt | Should -Match '^You handle refund requests'
            $config.IdentityProvider | Should -BeExactly 'azure-ad'
            $config.Models | Should -HaveCount 1
            $config.Models[0].Role | Should -BeExactly 'chat'
            $config.Models[0].ModelProvider | Should -BeExactly 'openai'
            $config.Models[0].Provider | Should -BeExactly 'openai'
            $config.Models[0].Model | Should -BeExactly 'gpt-4o'
            $config.Models[0].MonthlyBudgetUsd | Should -Be 50
            $config.Models[0].MonthlyBudgetUsd | Should -BeOfType decimal
            $config.Models.ToString() | Should -BeExactly 'chat=openai/gpt-4o'
            $config.ModelUsage[0] | Should -BeOfType RunAgents.PowerShell.Models.ModelSpendItem
            $config.ModelUsage[0].Agent | Should -BeExactly 'payment-approver'
            $config.ModelUsage[0].EstimatedSpendUsd | Should -Be 46
            $config.ModelUsage[0].Status | Should -BeExactly 'Near budget'
            $config.Tools | Should -Be @('stripe-api')
            $config.Policies | Should -Be @('payments-approval')
            $config.Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
            "$config" | Should -BeExactly 'finance/payment-approver'
        }

        It 'takes -Namespace and -Name, agents piped from Get-RAAgent, names piped in, and configs piped back' {
            $null = Get-RAAgentConfig -Namespace finance -Name payment-approver
            $null = Get-RAAgent finance/expense-auditor | Get-RAAgentConfig
            $null = 'finance/expense-auditor' | Get-RAAgentConfig
            $again = Get-RAAgentConfig finance/payment-approver | Get-RAAgentConfig
            $again.Agent | Should -BeExactly 'payment-approver'
            Get-Sent | Where-Object { $_ -like '*/config' } | Should -Be @("GET $approver", "GET $auditor", "GET $auditor", "GET $approver", "GET $approver")
        }

        It 'reads a copy of a config (Import-Clixml, Select-Object) as its agent' {
            $xml = Join-Path $folder 'config.xml'
            Get-RAAgentConfig finance/payment-approver | Export-Clixml -LiteralPath $xml
            (Import-Clixml -LiteralPath $xml | Get-RAAgentConfig).Agent | Should -BeExactly 'payment-approver'
            Get-RAAgentConfig finance/payment-approver | Select-Object * | Set-RAAgentConfig -AddTool ledger-api
            Import-Clixml -LiteralPath $xml | Set-RAAgentConfig -AddPolicy read-only
            @(Get-Written | ForEach-Object { $_.rawTarget }) | Should -Be @($approver, $approver)
        }

        It 'writes the server''s JSON with -Raw' {
            $raw = Get-RAAgentConfig finance/payment-approver -Raw
            $raw | Should -BeOfType string
            ($raw | ConvertFrom-Json).llm_configs[0].monthly_budget_usd | Should -Be 50
        }

        It 'keeps the fields it does not model in AdditionalFields' {
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $approver; status = 200; contentType = 'application/json'; body = '{"agent_name":"payment-approver","namespace":"finance","image":"i","runtime":"langgraph","env_profile":"prod"}' }
            $config = Get-RAAgentConfig finance/payment-approver
            $config.Runtime | Should -BeExactly 'langgraph'
            $config.AdditionalFields.env_profile | Should -BeExactly 'prod'
            $config.Tools | Should -BeNullOrEmpty
        }

        It 'reports an agent that does not exist as AgentNotFound' {
            Get-RAAgentConfig finance/nope -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('AgentNotFound')
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
        }

        It 'checks the namespace given against the agent''s' {
            Get-RAAgentConfig support/payment-approver -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('AgentNotFound')
            if ($Generation -eq 'V1') { "$($failed[0])" | Should -Match "in namespace 'finance'" }
        }

        It 'reads an agent by its name alone where the platform finds agents by name, and asks for a namespace elsewhere' {
            if ($Generation -eq 'V1') {
                (Get-RAAgentConfig -Name payment-approver).Namespace | Should -BeExactly 'finance'
            }
            else {
                { Get-RAAgentConfig -Name payment-approver } | Should -Throw -ErrorId 'NamespaceRequired,RunAgents.PowerShell.Cmdlets.GetRAAgentConfigCommand'
                Get-Sent | Should -BeNullOrEmpty
            }
        }

        It 'refuses wildcards and names that cannot be one, before any request' {
            { Get-RAAgentConfig 'finance/pay*' } | Should -Throw -ErrorId 'WildcardNotSupported,RunAgents.PowerShell.Cmdlets.GetRAAgentConfigCommand'
            { Get-RAAgentConfig 'finance/../x' } | Should -Throw
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'reports a platform without the route as <Expected>' -ForEach @(
            @{ Status = 404; Expected = 'NotSupportedOnGeneration on the root API, EndpointNotFound on v1' }
            @{ Status = 405; Expected = 'NotSupportedOnGeneration on the root API, MethodNotAllowed on v1' }
        ) {
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $approver; status = $Status; contentType = 'text/plain'; body = '404 page not found' }
            Get-RAAgentConfig finance/payment-approver -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            if ($Generation -eq 'V1') {
                Get-ErrorId $failed | Should -Be @($(if ($Status -eq 404) { 'EndpointNotFound' } else { 'MethodNotAllowed' }))
            }
            else {
                Get-ErrorId $failed | Should -Be @('NotSupportedOnGeneration')
                $failed[0].CategoryInfo.Category | Should -Be InvalidOperation
                $failed[0].Exception | Should -Not -BeOfType System.Management.Automation.ItemNotFoundException
                "$($failed[0])" | Should -Match '/api/v1'
            }
        }

        It 'shows one config as a list, and many as a table that fits 80 columns' {
            $list = Get-RAAgentConfig finance/payment-approver | Out-String -Width 80
            $list | Should -Match 'Models\s+: chat=openai/gpt-4o \(\$50\.00/month\)'
            $list | Should -Match 'Policies\s+: payments-approval'
            $lines = @(Get-RAAgent -Namespace finance | Get-RAAgentConfig | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Agent\s+IdentityProvider\s+Models\s+Tools\s*$'
            $lines | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
            $lines | Where-Object { $_ -match '^payment-approver\s+azure-ad\s+chat=openai/gpt-4o\s+stripe-api\s*$' } | Should -HaveCount 1
        }
    }

    Context 'Set-RAAgentConfig: what it changes' {
        It 'adds a tool with a GET then one PUT of the whole list, and nothing else' {
            Set-RAAgentConfig finance/payment-approver -AddTool ledger-api

            Get-Sent | Should -Be @("GET $approver", "PUT $approver")
            $body = Get-Body
            $body.Keys | Should -Be @('required_tools')
            $body.required_tools | Should -Be @('stripe-api', 'ledger-api')
            (Get-RAAgent finance/payment-approver).Tools | Should -Be @('stripe-api', 'ledger-api')
        }

        It 'removes a tool, replaces the tools, and does set arithmetic on the policies' {
            Set-RAAgentConfig finance/expense-auditor -RemoveTool policy-engine
            Set-RAAgentConfig finance/payment-approver -Tool kb-search, stripe-api
            Set-RAAgentConfig finance/payment-approver -AddPolicy finance-read -RemovePolicy payments-approval

            $bodies = @(Get-Written | ForEach-Object { $_.body | ConvertFrom-Json -AsHashtable })
            $bodies[0].required_tools | Should -Be @('expense-reports')
            $bodies[1].required_tools | Should -Be @('kb-search', 'stripe-api')
            $bodies[2].Keys | Should -Be @('policies')
            $bodies[2].policies | Should -Be @('finance-read')
        }

        It 'sets the system prompt and the identity provider' {
            Set-RAAgentConfig finance/payment-approver -SystemPrompt 'Refunds only.' -IdentityProvider google-oidc
            $body = Get-Body
            $body.Keys | Sort-Object | Should -Be @('identity_provider', 'system_prompt')
            $body.system_prompt | Should -BeExactly 'Refunds only.'
            $body.identity_provider | Should -BeExactly 'google-oidc'
            (Get-RAAgent finance/payment-approver).Labels['platform.ai/identity-provider'] | Should -BeExactly 'google-oidc'
        }

        It 'changes one role''s model and another role''s budget, keeping the other roles and fields of each' {
            $two = @{ llm_configs = @(
                    @{ role = 'chat'; model_provider = 'openai'; provider = 'openai'; model = 'gpt-4o'; monthly_budget_usd = 50 }
                    @{ role = 'embedding'; model_provider = 'openai'; provider = 'openai'; model = 'text-embedding-3-small'; monthly_budget_usd = 5 }
                ) }
            Set-RAAgentConfig finance/payment-approver -InputObject $two
            Get-RAMockJournal $server -Clear

            Set-RAAgentConfig finance/payment-approver -MonthlyBudgetUsd 12.5 -Role embedding
            Set-RAAgentConfig finance/payment-approver -Model 'chat=anthropic/claude-3-5-sonnet-20241022'

            $bodies = @(Get-Written | ForEach-Object { $_.body | ConvertFrom-Json -AsHashtable })
            $bodies[0].Keys | Should -Be @('llm_configs')
            $bodies[0].llm_configs[0].monthly_budget_usd | Should -Be 50
            $bodies[0].llm_configs[0].model | Should -BeExactly 'gpt-4o'
            $bodies[0].llm_configs[1].monthly_budget_usd | Should -Be 12.5
            $bodies[0].llm_configs[1].model | Should -BeExactly 'text-embedding-3-small'
            # A new provider for chat: its name, its model, its budget kept, and no stale type.
            $bodies[1].llm_configs[0].model_provider | Should -BeExactly 'anthropic'
            $bodies[1].llm_configs[0].model | Should -BeExactly 'claude-3-5-sonnet-20241022'
            $bodies[1].llm_configs[0].monthly_budget_usd | Should -Be 50
            $bodies[1].llm_configs[0].Keys | Should -Not -Contain 'provider'
            $bodies[1].llm_configs[1].monthly_budget_usd | Should -Be 12.5
            (Get-RAAgentConfig finance/payment-approver).Models.ToString() | Should -BeExactly 'chat=anthropic/claude-3-5-sonnet-20241022, embedding=openai/text-embedding-3-small'
        }

        It 'adds a model in a role the agent does not have yet' {
            Set-RAAgentConfig finance/payment-approver -Model 'classify=openai/gpt-4o-mini'
            $body = Get-Body
            $body.llm_configs | Should -HaveCount 2
            $body.llm_configs[1].role | Should -BeExactly 'classify'
            $body.llm_configs[1].model | Should -BeExactly 'gpt-4o-mini'
        }

        It 'sends no PUT when nothing changes, and says so with -Verbose' {
            $said = & {
                Set-RAAgentConfig finance/payment-approver -AddTool stripe-api -RemoveTool nothing-here -Verbose
                Set-RAAgentConfig finance/payment-approver -Tool stripe-api -Policy payments-approval -Verbose
                Set-RAAgentConfig finance/payment-approver -MonthlyBudgetUsd 50 -Role chat -Verbose
                Set-RAAgentConfig finance/payment-approver -Model chat=openai/gpt-4o -Verbose
            } 4>&1
            Get-Written | Should -BeNullOrEmpty
            @($said | Where-Object { "$_" -match '^Unchanged config' }) | Should -HaveCount 4
        }

        It 'says what would change with -WhatIf, and sends no PUT' {
            $said = @(Get-WhatIfMessage {
                Set-RAAgentConfig finance/payment-approver -AddTool ledger-api -RemovePolicy payments-approval -MonthlyBudgetUsd 75 -Role chat -WhatIf
                Set-RAAgentConfig finance/payment-approver -AddTool stripe-api -WhatIf
            })
            $said | Should -HaveCount 1
            $said[0] | Should -Match "Update agent config \(changed: llm_configs chat=openai/gpt-4o \`$75; required_tools \+ledger-api; policies -payments-approval\).*agent 'finance/payment-approver'"
            Get-Written | Should -BeNullOrEmpty
            Get-Sent | Should -Be @("GET $approver", "GET $approver")
        }

        It 'writes the config as the platform has it afterwards with -PassThru, changed or not' {
            $after = Set-RAAgentConfig finance/payment-approver -AddPolicy finance-read -PassThru
            $after | Should -BeOfType RunAgents.PowerShell.Models.AgentConfig
            $after.Policies | Should -Be @('payments-approval', 'finance-read')
            (Set-RAAgentConfig finance/payment-approver -AddPolicy finance-read -PassThru).Policies | Should -Be @('payments-approval', 'finance-read')
            Set-RAAgentConfig finance/payment-approver -AddPolicy other | Should -BeNullOrEmpty
        }

        It 'changes every agent piped from Get-RAAgent' {
            Get-RAAgent -Namespace finance | Set-RAAgentConfig -AddPolicy finance-read
            $puts = @(Get-Written)
            $puts | Should -HaveCount 4
            $puts | ForEach-Object { ($_.body | ConvertFrom-Json).policies | Should -Contain 'finance-read' }
        }

        It 'retries the PUT on a transient failure: the same fields twice leave the same config' {
            Add-RAMockFault $server @{ method = 'PUT'; pathPrefix = $approver; status = 503; headers = @{ 'Retry-After' = '0' } }
            Set-RAAgentConfig finance/payment-approver -AddTool ledger-api
            Get-Sent | Should -Be @("GET $approver", "PUT $approver", "PUT $approver")
            (Get-RAAgentConfig finance/payment-approver).Tools | Should -Be @('stripe-api', 'ledger-api')
        }

        It 'is ConfirmImpact Medium' {
            (Get-Command Set-RAAgentConfig).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be Medium
        }
    }

    Context 'Set-RAAgentConfig: documents and configs piped back' {
        It 'applies a document''s fields (a hashtable, JSON text, ConvertFrom-Json) and keeps the others' {
            Set-RAAgentConfig finance/payment-approver -InputObject @{ policies = @('finance-read') }
            '{"required_tools":["ledger-api"]}' | Set-RAAgentConfig finance/payment-approver
            '{"system_prompt":"Be brief."}' | ConvertFrom-Json | Set-RAAgentConfig -Namespace finance -Name payment-approver

            $bodies = @(Get-Written | ForEach-Object { $_.body | ConvertFrom-Json -AsHashtable })
            $bodies[0].Keys | Should -Be @('policies')
            $bodies[1].Keys | Should -Be @('required_tools')
            $bodies[2].Keys | Should -Be @('system_prompt')
            $config = Get-RAAgentConfig finance/payment-approver
            $config.Policies | Should -Be @('finance-read')
            $config.Tools | Should -Be @('ledger-api')
            $config.SystemPrompt | Should -BeExactly 'Be brief.'
        }

        It 'takes the agent from a document''s own agent_name and namespace' {
            @{ agent_name = 'payment-approver'; namespace = 'finance'; policies = @() } | Set-RAAgentConfig
            Get-Sent | Should -Be @("GET $approver", "PUT $approver")
            (Get-Body).policies | Should -HaveCount 0
        }

        It 'applies the parameters on top of a document' {
            Set-RAAgentConfig finance/payment-approver -InputObject @{ policies = @('finance-read') } -AddPolicy audit
            (Get-Body).policies | Should -Be @('finance-read', 'audit')
        }

        It 'applies a config piped back as it was read: no PUT when unchanged, the edits when given' {
            Get-RAAgentConfig finance/payment-approver | Set-RAAgentConfig
            Get-Written | Should -BeNullOrEmpty
            Get-RAAgentConfig finance/payment-approver | Set-RAAgentConfig -AddTool ledger-api
            (Get-Body).Keys | Should -Be @('required_tools')
        }

        It 'refuses a config read before the platform''s copy changed (AgentConfigChanged) unless -Force' {
            $read = Get-RAAgentConfig finance/payment-approver
            Set-RAAgentConfig finance/payment-approver -AddTool ledger-api
            Get-RAMockJournal $server -Clear

            $read | Set-RAAgentConfig -SystemPrompt 'x' -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('AgentConfigChanged')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            Get-Written | Should -BeNullOrEmpty

            $read | Set-RAAgentConfig -Force
            (Get-Body).required_tools | Should -Be @('stripe-api')
        }

        It 'refuses a document field of the wrong shape, before any request' {
            Set-RAAgentConfig finance/payment-approver -InputObject @{ required_tools = 'ledger-api' } -ErrorVariable f1 -ErrorAction SilentlyContinue
            Set-RAAgentConfig finance/payment-approver -InputObject '{"llm_configs":[{"role":"chat","model":"m","monthly_budget_usd":-1}]}' -ErrorVariable f2 -ErrorAction SilentlyContinue
            Set-RAAgentConfig finance/payment-approver -InputObject '{"llm_configs":[{"role":"chat"}]}' -ErrorVariable f3 -ErrorAction SilentlyContinue
            Get-ErrorId ($f1 + $f2 + $f3) | Should -Be @('InvalidAgentConfig', 'InvalidAgentConfig', 'InvalidAgentConfig')
            "$($f1[0])" | Should -Match 'required_tools must be a list of names'
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'refuses a document with no field of a config, and an object that is neither agent nor document' {
            Set-RAAgentConfig finance/payment-approver -InputObject @{ colour = 'blue' } -ErrorVariable f1 -ErrorAction SilentlyContinue
            [pscustomobject]@{ Colour = 'blue' } | Set-RAAgentConfig -ErrorVariable f2 -ErrorAction SilentlyContinue
            Get-ErrorId ($f1 + $f2) | Should -Be @('InvalidInputObject', 'InvalidInputObject')
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }
    }

    Context 'Set-RAAgentConfig: bad input, refused before any request' {
        It 'refuses <Case>' -ForEach @(
            @{ Case = 'a budget without a role'; Arguments = @{ MonthlyBudgetUsd = 10 }; Id = 'RoleRequired'; Message = 'give -Role too' }
            @{ Case = 'a role without a budget'; Arguments = @{ Role = 'chat' }; Id = 'InvalidArgument'; Message = 'give -MonthlyBudgetUsd too' }
            @{ Case = 'an unknown role for the budget'; Arguments = @{ MonthlyBudgetUsd = 10; Role = 'writer' }; Id = 'InvalidRole'; Message = "-Role 'writer' is not a role" }
            @{ Case = 'a negative budget'; Arguments = @{ MonthlyBudgetUsd = -1; Role = 'chat' }; Id = 'InvalidBudget'; Message = 'is negative' }
            @{ Case = 'a model without a role'; Arguments = @{ Model = 'openai/gpt-4o' }; Id = 'InvalidModel'; Message = "must be 'role=provider/model'" }
            @{ Case = 'a model without a provider'; Arguments = @{ Model = 'chat=gpt-4o' }; Id = 'InvalidModel'; Message = "must be 'role=provider/model'" }
            @{ Case = 'a model with an empty model'; Arguments = @{ Model = 'chat=openai/' }; Id = 'InvalidModel'; Message = "must be 'role=provider/model'" }
            @{ Case = 'a model in an unknown role'; Arguments = @{ Model = 'writer=openai/gpt-4o' }; Id = 'InvalidModel'; Message = "role 'writer'" }
            @{ Case = 'two models in one role'; Arguments = @{ Model = 'chat=openai/gpt-4o', 'chat=openai/o3' }; Id = 'InvalidModel'; Message = "role 'chat' twice" }
            @{ Case = '-AddTool with -Tool'; Arguments = @{ Tool = 'a'; AddTool = 'b' }; Id = 'ConflictingParameters'; Message = '-Tool replaces' }
            @{ Case = '-RemoveTool with -Tool'; Arguments = @{ Tool = 'a'; RemoveTool = 'b' }; Id = 'ConflictingParameters'; Message = '-Tool replaces' }
            @{ Case = '-AddPolicy with -Policy'; Arguments = @{ Policy = 'a'; AddPolicy = 'b' }; Id = 'ConflictingParameters'; Message = '-Policy replaces' }
            @{ Case = 'one tool both added and removed'; Arguments = @{ AddTool = 'a'; RemoveTool = 'a' }; Id = 'ConflictingParameters'; Message = "'a' is given to both -AddTool and -RemoveTool" }
            @{ Case = 'a tool name that cannot be one'; Arguments = @{ AddTool = '../x' }; Id = 'InvalidName'; Message = 'cannot be the name of a tool' }
            @{ Case = 'nothing to change'; Arguments = @{}; Id = 'NothingToChange'; Message = 'Say what to change' }
        ) {
            $failed = { Set-RAAgentConfig finance/payment-approver @Arguments } | Should -Throw -PassThru
            $failed.FullyQualifiedErrorId | Should -BeExactly "$Id,RunAgents.PowerShell.Cmdlets.SetRAAgentConfigCommand"
            $failed.CategoryInfo.Category | Should -Be InvalidArgument
            "$failed" | Should -Match $Message
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'refuses a budget for a role the agent has no model in, after reading it and before any write' {
            Set-RAAgentConfig finance/payment-approver -MonthlyBudgetUsd 5 -Role embedding -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidAgentConfig')
            "$($failed[0])" | Should -Match "no model in the role 'embedding'.*its roles are chat"
            Get-Sent | Should -Be @("GET $approver")
        }

        It 'takes a budget of 0 (the model blocked), and a decimal one exactly' {
            Set-RAAgentConfig finance/payment-approver -MonthlyBudgetUsd 0 -Role chat
            Set-RAAgentConfig finance/payment-approver -MonthlyBudgetUsd 19.99 -Role CHAT
            $bodies = @(Get-Written | ForEach-Object { $_.body })
            $bodies[0] | Should -Match '"monthly_budget_usd":0[,}]'
            $bodies[1] | Should -Match '"monthly_budget_usd":19.99[,}]'
        }
    }

    Context 'Set-RAAgentConfig: the platform' {
        It 'reports a root platform that refuses the PUT as NotSupportedOnGeneration, and v1''s 405 as MethodNotAllowed' {
            Add-RAMockFault $server @{ method = 'PUT'; pathPrefix = $approver; status = 405; contentType = 'text/plain'; body = 'method not allowed' }
            Set-RAAgentConfig finance/payment-approver -AddTool ledger-api -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @($(if ($Generation -eq 'V1') { 'MethodNotAllowed' } else { 'NotSupportedOnGeneration' }))
        }

        It 'reports an agent that does not exist as AgentNotFound, with no PUT' {
            Set-RAAgentConfig finance/nope -AddTool ledger-api -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('AgentNotFound')
            Get-Written | Should -BeNullOrEmpty
        }

        It 'never shows the connection''s API key in any stream, request trace included' {
            $secret = $longKey
            Connect-TestServer $api -Key $secret
            try {
                $streams = & {
                    Get-RAAgentConfig finance/payment-approver -Verbose -Debug
                    Set-RAAgentConfig finance/payment-approver -AddTool ledger-api -Verbose -Debug -PassThru -WarningAction Continue
                    Set-RAAgentConfig finance/payment-approver -MonthlyBudgetUsd 1 -Role chat -WhatIf -Verbose -Debug -WarningAction Continue
                    Set-RAAgentConfig finance/nope -AddTool x -Verbose -Debug -ErrorAction SilentlyContinue
                } *>&1

                @(Get-Written).Count | Should -Be 1
                Find-KeyLeak -Text @(Get-EveryText $streams) -Secret $secret | Should -BeNullOrEmpty
            }
            finally {
                Connect-TestServer $api
            }
        }

        It 'completes -IdentityProvider, -Tool and -Policy from the platform' {
            $line = 'Set-RAAgentConfig finance/payment-approver -IdentityProvider az'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('azure-ad')
            $line = 'Set-RAAgentConfig finance/payment-approver -AddTool stripe'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'stripe-api'
            $line = 'Set-RAAgentConfig finance/payment-approver -Model ch'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @("'chat='")
            $line = 'Set-RAAgentConfig finance/payment-approver -Model chat=openai/gpt-4o'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @("'chat=openai/gpt-4o'", "'chat=openai/gpt-4o-mini'")
            $line = 'Set-RAAgentConfig finance/payment-approver -Policy payments'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'payments-approval'
        }
    }
}
