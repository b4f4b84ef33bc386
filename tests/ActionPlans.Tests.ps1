# Action plans: ConvertTo-RAActionPlan, Test-RAActionPlan and Invoke-RAActionPlan on both API generations. Each test
# reads what went over the wire in the mock's journal: one POST per plan with only the actions confirmed, nothing
# under -WhatIf or for a bad plan, the 400 of a plan that fails validation read as per-action results, retries that
# the idempotency keys make safe, and a plan made from one platform's objects applied to another.

Describe 'Action plans on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $api = New-TestApi $Generation $server
        $base = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/actions' } else { '/api/actions' })
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Body([int] $Index = 0) { @(Get-RAMockJournal $server | Where-Object method -EQ 'POST')[$Index].body | ConvertFrom-Json }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        function New-Plan {
            @{
                plan_id = 'p-1'
                actions = @(
                    @{ id = 'a1'; type = 'tool.upsert'; idempotency_key = 'k-tool'; params = @{ name = 'ledger-api'; spec = @{ connection = @{ baseUrl = 'https://ledger.example.com' } } } }
                    @{ id = 'a2'; type = 'policy.upsert'; idempotency_key = 'k-policy'; params = @{ name = 'ledger-read'; spec = @{ policies = @() } } }
                )
            }
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        Connect-TestServer $api
    }

    Context 'ConvertTo-RAActionPlan' {
        It 'makes one plan of the tools piped in, an upsert each, with keys that do not change from one run to the next' {
            $plan = Get-RATool | ConvertTo-RAActionPlan -PlanId promote
            $again = Get-RATool | ConvertTo-RAActionPlan -PlanId promote

            $plan | Should -BeOfType RunAgents.PowerShell.Models.ActionPlan
            $plan.PlanId | Should -BeExactly 'promote'
            $plan.Actions.Type | Select-Object -Unique | Should -BeExactly 'tool.upsert'
            $plan.Actions[0].IdempotencyKey | Should -Match '^tool\.upsert/[^/]+/[0-9a-f]{12}$'
            $again.Actions.IdempotencyKey | Should -Be $plan.Actions.IdempotencyKey
            $plan.ToJson() | Should -BeExactly $again.ToJson()
            # What the platform writes (status, namespace) is not part of the plan.
            $plan.Actions[0].Params.PSObject.Properties.Name | Should -Be @('name', 'spec')
        }

        It 'gives another key when the content changes, and takes policies, model providers and documents with -Kind' {
            $one = @{ name = 'ledger-api'; spec = @{ connection = @{ baseUrl = 'https://a.example.com' } } } | ConvertTo-RAActionPlan -Kind Tool
            $two = @{ name = 'ledger-api'; spec = @{ connection = @{ baseUrl = 'https://b.example.com' } } } | ConvertTo-RAActionPlan -Kind Tool
            $one.Actions[0].IdempotencyKey | Should -Not -Be $two.Actions[0].IdempotencyKey

            $mixed = @(Get-RAPolicy | Select-Object -First 1) + @(Get-RAModelProvider | Select-Object -First 1) | ConvertTo-RAActionPlan
            $mixed.Actions.Type | Should -Be @('policy.upsert', 'model_provider.upsert')
        }

        It 'leaves a tool''s credentials out of the plan, saying so' {
            $doc = @{ name = 'ledger-api'; spec = @{ connection = @{ baseUrl = 'https://ledger.example.com' } }; credentials = @{ api_key = 'sk-ledger-secret-0001' } }
            $plan = $doc | ConvertTo-RAActionPlan -Kind Tool -WarningVariable warned -WarningAction SilentlyContinue

            $plan.ToJson() | Should -Not -BeLike '*sk-ledger-secret-0001*'
            $plan.Actions[0].Params.PSObject.Properties.Name | Sort-Object | Should -Be @('name', 'spec')
            "$warned" | Should -BeLike "*'ledger-api' has credentials, which are left out of the plan*"
        }

        It 'refuses what no upsert action writes, and an object given twice, with no request' {
            Get-RAMockJournal $server -Clear
            $plan = @(Get-RAIdentityProvider)[0], 'text', (Get-RATool stripe-api), (Get-RATool stripe-api) | ConvertTo-RAActionPlan -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('InvalidInputObject', 'InvalidInputObject', 'DuplicateAction')
            $failed[0].Exception.Message | Should -BeLike '*tools, model providers and policies only*'
            $plan.Actions | Should -HaveCount 1
            Get-Sent | Where-Object { $_ -like 'POST *' } | Should -BeNullOrEmpty
        }
    }

    Context 'Test-RAActionPlan' {
        It 'sends the plan once to validate and writes a result per action, with warnings' {
            $results = New-Plan | Test-RAActionPlan

            Get-Sent | Should -Be @("POST $base/validate")
            (Get-Body).actions.idempotency_key | Should -Be @('k-tool', 'k-policy')
            $results | Should -HaveCount 2
            $results[0] | Should -BeOfType RunAgents.PowerShell.Models.ActionPlanResult
            $results.Valid | Should -Be @($true, $true)
            $results[0].ResourceRef | Should -BeExactly '/tools/ledger-api'
            $results[0].ResourceName | Should -BeExactly 'ledger-api'
            $results[0].Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
            (New-Plan | Test-RAActionPlan -Quiet) | Should -BeTrue
            Get-RATool ledger-api -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'writes an invalid action as a result and an ActionInvalid error; -Quiet says $false' {
            $plan = New-Plan
            $plan.actions[0].params.spec = @{}
            $results = $plan | Test-RAActionPlan -ErrorVariable failed -ErrorAction SilentlyContinue

            $results.Valid | Should -Be @($false, $true)
            $results[0].Errors | Should -Contain 'params.spec.connection.baseUrl is required'
            Get-ErrorId $failed | Should -Be @('ActionInvalid')
            ($plan | Test-RAActionPlan -Quiet) | Should -BeFalse
        }

        It 'reads plans from JSON text and from files, -Path and piped' {
            $file = Join-Path $TestDrive 'plan.json'
            (New-Plan | ConvertTo-Json -Depth 10) | Set-Content -LiteralPath $file
            @(Test-RAActionPlan -Path $file).Count | Should -Be 2
            @(Get-Item $file | Test-RAActionPlan).Count | Should -Be 2
            @((Get-Content $file -Raw) | Test-RAActionPlan).Count | Should -Be 2
            @(Get-Sent).Count | Should -Be 3
        }

        It 'reads every copy of a plan object exactly: Export-Clixml, Select-Object *, Export-Csv and ConvertTo-Json' {
            $plan = Get-RATool stripe-api | ConvertTo-RAActionPlan -WarningAction SilentlyContinue
            $sent = $plan.ToJson() | ConvertFrom-Json | ConvertTo-Json -Depth 20 -Compress
            $xml = Join-Path $TestDrive 'plan.xml'
            $csv = Join-Path $TestDrive 'plan.csv'
            $plan | Export-Clixml -LiteralPath $xml
            $plan | Export-Csv -LiteralPath $csv
            $copies = @(
                Import-Clixml -LiteralPath $xml
                $plan | Select-Object *
                Import-Csv -LiteralPath $csv
                $plan | ConvertTo-Json | ConvertFrom-Json
            )
            Invoke-RAMock $server POST reset

            foreach ($copy in $copies) { $null = $copy | Test-RAActionPlan }

            $posted = @(Get-RAMockJournal $server | Where-Object method -EQ 'POST')
            $posted | Should -HaveCount 4
            # Each copy sends the plan itself, params and all, as the object would.
            $posted | ForEach-Object { $_.body | ConvertFrom-Json | ConvertTo-Json -Depth 20 -Compress } | Should -Be @($sent, $sent, $sent, $sent)
        }

        It 'refuses <Case> before any request' -ForEach @(
            @{ Case = 'a plan without actions'; Plan = @{ actions = @() }; Message = '*has no actions*' }
            @{ Case = 'an unknown field'; Plan = @{ actions = @(@{ type = 'tool.upsert'; idempotency_key = 'k' }); dry_run = $true }; Message = "*'dry_run'*" }
            @{ Case = 'an unknown type'; Plan = @{ actions = @(@{ type = 'tool.delete'; idempotency_key = 'k' }) }; Message = "*'tool.delete'*tool.upsert*" }
            @{ Case = 'an action without a key'; Plan = @{ actions = @(@{ type = 'tool.upsert' }) }; Message = '*no idempotency_key*' }
            @{ Case = 'two actions with one key'; Plan = @{ actions = @(@{ type = 'tool.upsert'; idempotency_key = 'k' }, @{ type = 'policy.upsert'; idempotency_key = 'k' }) }; Message = "*idempotency key 'k' of an earlier action*" }
            @{ Case = 'params that are not an object'; Plan = @{ actions = @(@{ type = 'tool.upsert'; idempotency_key = 'k'; params = 'x' }) }; Message = '*must be an object*' }
            @{ Case = 'JSON text that is no JSON'; Plan = '{"actions": ['; Message = '*not JSON*' }
            @{ Case = 'a number'; Plan = 42; Message = '*is not an action plan*' }
        ) {
            Get-RAMockJournal $server -Clear
            Test-RAActionPlan -InputObject $Plan -ErrorVariable failed -ErrorAction SilentlyContinue
            Invoke-RAActionPlan -InputObject $Plan -Force -ErrorVariable +failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('InvalidActionPlan', 'InvalidActionPlan')
            $failed[0].Exception.Message | Should -BeLike $Message
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'reports a plan file that does not exist as PlanFileNotFound, with no request' {
            Test-RAActionPlan -LiteralPath (Join-Path $TestDrive 'nope.json') -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('PlanFileNotFound')
            Get-Sent | Should -BeNullOrEmpty
        }
    }

    Context 'Invoke-RAActionPlan' {
        It 'applies the plan with one POST and writes an applied result per action' {
            $results = New-Plan | Invoke-RAActionPlan -Force

            Get-Sent | Should -Be @("POST $base/apply")
            (Get-Body).plan_id | Should -BeExactly 'p-1'
            $results.Status | Should -Be @('applied', 'applied')
            $results.ResourceName | Should -Be @('ledger-api', 'ledger-read')
            (Get-RATool ledger-api).Spec.connection.baseUrl | Should -BeExactly 'https://ledger.example.com'
        }

        It '-WhatIf names each action on its own and sends nothing' {
            $lines = @(Get-WhatIfMessage { New-Plan | Invoke-RAActionPlan -WhatIf })
            $lines | Should -HaveCount 2
            $lines[0] | Should -BeLike "*Apply action-plan action*tool.upsert 'ledger-api'*"
            $lines[1] | Should -BeLike "*policy.upsert 'ledger-read'*"
            Get-Sent | Should -BeNullOrEmpty
            # Answering No to one action and Yes to another is in ActionPlanConfirmationTests (xunit, a host that answers).
        }

        It 'reads a 400 with per-action results as results: the invalid action is an error, the rest skipped, nothing applied' {
            $plan = New-Plan
            $plan.actions[1].params.Remove('spec')
            $results = $plan | Invoke-RAActionPlan -Force -ErrorVariable failed -ErrorAction SilentlyContinue

            (Get-RAMockJournal $server | Where-Object method -EQ 'POST').status | Should -Be @(400)
            $results.Status | Should -Be @('skipped', 'invalid')
            $results[1].Error | Should -BeLike '*params.spec is required*'
            Get-ErrorId $failed | Should -Be @('ActionInvalid')
            $failed[0].CategoryInfo.Category | Should -Be InvalidData
            Get-RATool ledger-api -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'reports a failed action as ActionFailed and the actions after it as skipped, unless -ContinueOnError' {
            $plan = New-Plan
            $plan.actions = @(@{ id = 'a0'; type = 'tool.upsert'; idempotency_key = 'k-fail'; params = @{ name = 'fail-api'; spec = @{ connection = @{ baseUrl = 'https://x.example.com' } } } }) + $plan.actions
            $results = $plan | Invoke-RAActionPlan -Force -ErrorVariable failed -ErrorAction SilentlyContinue
            $results.Status | Should -Be @('failed', 'skipped', 'skipped')
            Get-ErrorId $failed | Should -Be @('ActionFailed')

            $results = $plan | Invoke-RAActionPlan -Force -ContinueOnError -ErrorAction SilentlyContinue
            (Get-Body 1).continue_on_error | Should -BeTrue
            $results.Status | Should -Be @('failed', 'applied', 'applied')
        }

        It 'refuses a malformed plan the platform answers 400 {"error"} to as one error' {
            Add-RAMockFault $server @{ method = 'POST'; status = 400; body = '{"error":"Malformed request body or empty actions list"}' }
            $results = New-Plan | Invoke-RAActionPlan -Force -ErrorVariable failed -ErrorAction SilentlyContinue

            $results | Should -BeNullOrEmpty
            $failed | Should -HaveCount 1
            $failed[0].Exception.Message | Should -BeLike '*Malformed request body or empty actions list*'
        }

        It 'sends the plan again after a 503, and a replay of applied keys writes nothing twice' {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = "$base/apply"; status = 503; body = '{"error":"busy"}'; headers = @{ 'Retry-After' = '0' } }
            $results = New-Plan | Invoke-RAActionPlan -Force

            Get-Sent | Should -Be @("POST $base/apply", "POST $base/apply")
            $results.Status | Should -Be @('applied', 'applied')
            $replay = New-Plan | Invoke-RAActionPlan -Force
            $replay.Status | Should -Be @('applied', 'applied')
            $replay[0].Output.replayed | Should -BeTrue
        }

        It 'says a 405 in text/plain is a platform without action plans' {
            Add-RAMockFault $server @{ method = 'POST'; status = 405; body = 'method not allowed'; contentType = 'text/plain' }
            New-Plan | Invoke-RAActionPlan -Force -ErrorVariable failed -ErrorAction SilentlyContinue

            $expected = if ($api.Generation -eq 'V1') { 'ActionPlansNotSupported' } else { 'NotSupportedOnGeneration' }
            Get-ErrorId $failed | Should -Be @($expected)
            $failed[0].CategoryInfo.Category | Should -Be InvalidOperation
        }
    }
}

Describe 'Promoting configuration between two platforms with an action plan on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $production = Start-RAMockServer -ApiKey 'prod-key-0123456789'
        $stagingServer = Start-RAMockServer -ApiKey 'staging-key-0123456789'
        $prodApi = New-TestApi $Generation $production
        $stagingApi = New-TestApi $Generation $stagingServer
        function Get-Sent($Server) { @(Get-RAMockJournal $Server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
    }

    AfterAll {
        Disconnect-RAService
        $production, $stagingServer | Stop-RAMockServer
    }

    BeforeEach {
        foreach ($s in $production, $stagingServer) { $null = Invoke-RAMock $s POST reset }
        $staging = Connect-TestServer $stagingApi -Key 'staging-key-0123456789' -PassThru
        $prod = Connect-TestServer $prodApi -Key 'prod-key-0123456789' -PassThru
        New-RATool -Connection $staging -Name ledger-api -BaseUrl https://ledger.example.com
        foreach ($s in $production, $stagingServer) { Get-RAMockJournal $s -Clear }
    }

    It 'applies staging''s tools to production, sending the plan to production only' {
        $results = Get-RATool -Connection $staging | ConvertTo-RAActionPlan | Invoke-RAActionPlan -Connection $prod -Force

        Get-Sent $stagingServer | Where-Object { $_ -notlike 'GET *' } | Should -BeNullOrEmpty
        $prodPath = $prodApi.Prefix + $(if ($Generation -eq 'V1') { '/actions/apply' } else { '/api/actions/apply' })
        Get-Sent $production | Should -Be @("POST $prodPath")
        $results.Status | Select-Object -Unique | Should -BeExactly 'applied'
        $results[0].Platform | Should -BeExactly $prod.Uri.AbsoluteUri
        (Get-RATool -Connection $prod ledger-api).Spec.connection.baseUrl | Should -BeExactly 'https://ledger.example.com'
    }

    It 'makes the same plan from either platform once they agree, so a second promotion is a replay' {
        $null = Get-RATool -Connection $staging | ConvertTo-RAActionPlan | Invoke-RAActionPlan -Connection $prod -Force
        $fromStaging = Get-RATool -Connection $staging | ConvertTo-RAActionPlan
        $fromProd = Get-RATool -Connection $prod | ConvertTo-RAActionPlan
        $fromProd.Actions.IdempotencyKey | Should -Be $fromStaging.Actions.IdempotencyKey
        ($fromStaging | Invoke-RAActionPlan -Connection $prod -Force).Output.replayed | Select-Object -Unique | Should -BeTrue
    }
}
