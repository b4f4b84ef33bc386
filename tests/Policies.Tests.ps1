# Policies: Get-, New-, Set- and Remove-RAPolicy, ConvertTo-RAPolicyRule and the local builders New-RAPolicyRule and
# New-RAPolicyApproval, on both API generations. Each test reads what went over the wire in the mock's journal: the
# exact requests, nothing written by -WhatIf, by a bad input or by an unchanged apply, and no DELETE of a policy an
# agent is bound to.

Describe 'Policies on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 0
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        $policies = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/policies' } else { '/api/policies' })
        $connectors = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/approval-connectors' } else { '/api/settings/approval-connectors' })
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Written { @(Get-RAMockJournal $server | Where-Object method -NE 'GET') }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        function Get-Completion([string] $Line) { @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches) }
        # The seeded policy's one rule, as a document gives it.
        $stripeRule = @{ permission = 'allow'; operations = @('GET'); resource = 'https://api.stripe.com/v1/*' }
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

    Context 'Get-RAPolicy' {
        It 'lists every policy with one request, typed, with its rules, approvals and the agents bound to it' {
            $all = Get-RAPolicy

            Get-Sent | Should -Be @("GET $policies")
            $all.Name | Should -Be @('payments-approval', 'read-only')
            $all[0] | Should -BeOfType RunAgents.PowerShell.Models.Policy
            $all[0].Ready | Should -BeTrue
            $all[0].RuleCount | Should -Be 1
            $all[0].ApprovalCount | Should -Be 1
            $all[0].UsedBy | Should -Be @('finance/payment-approver')
            $all[0].Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
            $rule = $all[0].Rules[0]
            $rule | Should -BeOfType RunAgents.PowerShell.Models.PolicyRule
            $rule.Permission | Should -BeExactly 'allow'
            $rule.Operations | Should -Be @('GET')
            $rule.Resource | Should -BeExactly 'https://api.stripe.com/v1/*'
            $approval = $all[0].Approvals[0]
            $approval | Should -BeOfType RunAgents.PowerShell.Models.PolicyApproval
            $approval.Name | Should -BeExactly 'refunds-and-payouts'
            $approval.ToolIds | Should -Be @('stripe-api')
            $approval.Capabilities | Should -Be @('refund', 'payout')
            $approval.Groups | Should -Be @('finance-approvers')
            $approval.Match | Should -BeExactly 'any'
            $approval.DefaultDuration | Should -BeExactly '4h'
            $approval.DeliveryMode | Should -BeExactly 'first_success'
            $approval.FallbackToUI | Should -BeTrue
            $all[1].UsedBy | Should -BeNullOrEmpty
        }

        It 'gets an exact name with one GET of that policy, and a pattern from the list' {
            (Get-RAPolicy read-only).Name | Should -BeExactly 'read-only'
            (Get-RAPolicy 'pay*').Name | Should -Be @('payments-approval')
            Get-Sent | Should -Be @("GET $policies/read-only", "GET $policies")
        }

        It 'reports an exact name that does not exist as PolicyNotFound, an ItemNotFoundException, and a pattern that matches nothing as nothing' {
            $found = Get-RAPolicy nope, 'nothing*' -ErrorVariable failed -ErrorAction SilentlyContinue

            $found | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('PolicyNotFound')
            $failed[0].FullyQualifiedErrorId | Should -BeExactly 'PolicyNotFound,RunAgents.PowerShell.Cmdlets.GetRAPolicyCommand'
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
            $failed[0].CategoryInfo.Category | Should -Be ObjectNotFound
            "$($failed[0])" | Should -Match "Cannot find a policy named 'nope'"
        }

        It 'keeps the policies bound to an agent with -UsedBy, by name, by namespace/name or by a pattern' {
            (Get-RAPolicy -UsedBy payment-approver).Name | Should -Be @('payments-approval')
            (Get-RAPolicy -UsedBy 'finance/payment-approver').Name | Should -Be @('payments-approval')
            (Get-RAPolicy -UsedBy 'payment-*').Name | Should -Be @('payments-approval')
            Get-RAPolicy -UsedBy support-triage | Should -BeNullOrEmpty
            Get-RAPolicy read-only -UsedBy payment-approver | Should -BeNullOrEmpty
        }

        It 'writes the server''s JSON with -Raw' {
            $raw = Get-RAPolicy payments-approval -Raw
            $raw | Should -BeOfType string
            ($raw | ConvertFrom-Json).used_by[0].name | Should -BeExactly 'payment-approver'
        }

        It 'reads a policy a server writes flat, its spec''s fields beside its name' {
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = "$policies/flat"; status = 200; contentType = 'application/json'; body = '{"name":"flat","policies":[{"permission":"deny","resource":"*"}],"status":{"ready":false,"message":"compiling"},"owner":"sec-team"}' }
            $flat = Get-RAPolicy flat
            $flat.RuleCount | Should -Be 1
            $flat.Rules[0].Permission | Should -BeExactly 'deny'
            $flat.Ready | Should -BeFalse
            $flat.StatusMessage | Should -BeExactly 'compiling'
            $flat.AdditionalFields.owner | Should -BeExactly 'sec-team'
        }

        It 'refuses a name that cannot be a path segment before any request' {
            Get-RAPolicy '../agents' -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidName')
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'shows the CLI''s columns in a table that fits 80 columns' {
            $lines = @(Get-RAPolicy | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Name\s+Ready\s+Rules\s+Approvals\s+UsedBy'
            $lines | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
            $lines | Where-Object { $_ -match '^payments-approval\s+True\s+1\s+1\s+finance/payment-approver' } | Should -HaveCount 1
            $lines | Where-Object { $_ -match '^read-only\s+True\s+1\s+0\s*$' } | Should -HaveCount 1
        }

        It 'shows rules and approvals in tables that fit 80 columns' {
            $policy = Get-RAPolicy payments-approval
            $rules = @($policy.Rules | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
            $rules[0] | Should -Match '^Permission\s+Operations\s+Resource\s+Tags'
            $rules[2] | Should -Match '^allow\s+GET\s+https://api.stripe.com/v1/\*'
            $approvals = @($policy.Approvals | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
            $approvals[0] | Should -Match '^Name\s+Tools\s+Groups\s+Duration\s+Delivery'
            $approvals[2] | Should -Match '^refunds-and-payouts\s+stripe-api\s+finance-approvers \(any\)\s+4h\s+first_success'
            ($rules + $approvals) | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
        }

        It 'exports flat rows: rules, approvals and agents as text, the spec as JSON, no connection' {
            $csv = Join-Path $folder 'policies.csv'
            Get-RAPolicy payments-approval | Export-Csv -LiteralPath $csv
            $row = Import-Csv -LiteralPath $csv
            $row.Rules | Should -BeExactly 'allow GET https://api.stripe.com/v1/*'
            $row.Approvals | Should -BeExactly 'refunds-and-payouts'
            $row.UsedBy | Should -BeExactly 'finance/payment-approver'
            ($row.Spec | ConvertFrom-Json).approvals[0].defaultDuration | Should -BeExactly '4h'
            $row.PSObject.Properties.Name | Should -Not -Contain 'Connection'
            $row.Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
        }

        It 'completes -Name with the platform''s policies' {
            (Get-Completion 'Get-RAPolicy -Name p').CompletionText | Should -Be @('payments-approval')
            (Get-Completion 'Remove-RAPolicy -Name r').CompletionText | Should -Be @('read-only')
            (Get-Completion 'Set-RAPolicy -Name ').CompletionText | Should -Be @('payments-approval', 'read-only')
        }
    }

    Context 'New-RAPolicy' {
        It 'creates a policy from -Rule and -Approval with a GET that finds none, then one POST of the contract''s body' {
            $rules = @(
                New-RAPolicyRule -Permission Allow -Resource 'https://api.github.com/*' -Operation GET, post
                New-RAPolicyRule -Permission ApprovalRequired -Resource 'https://api.github.com/repos/*' -Operation DELETE -Tag code
            )
            $approval = New-RAPolicyApproval -Name deletes -ToolId github-api -Operation DELETE -Group platform-leads, sre -Match All -DefaultDuration 1h30m -Connector slack-platform -DeliveryMode FirstSuccess -FallbackToUI
            $made = New-RAPolicy github-access -Rule $rules -Approval $approval

            Get-Sent | Should -Be @("GET $policies/github-access", "POST $policies")
            (Get-Written)[0].body | Should -BeExactly ('{"name":"github-access","spec":{"policies":[' +
                '{"permission":"allow","operations":["GET","POST"],"resource":"https://api.github.com/*"},' +
                '{"permission":"approval_required","operations":["DELETE"],"resource":"https://api.github.com/repos/*","tags":["code"]}],' +
                '"approvals":[{"name":"deletes","toolIds":["github-api"],"operations":["DELETE"],"approvers":{"groups":["platform-leads","sre"],"match":"all"},' +
                '"defaultDuration":"1h30m","delivery":{"connectors":["slack-platform"],"mode":"first_success","fallbackToUI":true}}]}}')
            $made | Should -BeOfType RunAgents.PowerShell.Models.Policy
            $made.Name | Should -BeExactly 'github-access'
            $made.RuleCount | Should -Be 2
            $made.Ready | Should -BeTrue
        }

        It 'takes rules as hashtables in the API''s shape' {
            New-RAPolicy hashed -Rule @{ permission = 'deny'; operations = 'DELETE'; resource = '*' }
            ((Get-Written)[0].body | ConvertFrom-Json).spec.policies[0].permission | Should -BeExactly 'deny'
        }

        It 'makes one policy of the rules and approvals piped to it with -Name' {
            @(
                New-RAPolicyRule Allow 'https://api.github.com/*' -Operation GET
                New-RAPolicyRule Deny '*' -Operation DELETE
                New-RAPolicyApproval merges github-api -Group leads
            ) | New-RAPolicy -Name piped

            Get-Sent | Should -Be @("GET $policies/piped", "POST $policies")
            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.spec.policies.permission | Should -Be @('allow', 'deny')
            $body.spec.approvals.name | Should -Be @('merges')
        }

        It 'refuses rules piped without -Name, before any request' {
            New-RAPolicyRule Allow '*' | New-RAPolicy -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidPolicy')
            "$($failed[0])" | Should -Match 'give -Name'
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'refuses a name that exists with PolicyExists before any write' {
            New-RAPolicy read-only -Rule (New-RAPolicyRule Allow '*') -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('PolicyExists')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            Get-Sent | Should -Be @("GET $policies/read-only")
        }

        It 'refuses a policy with no rule, a rule with no permission or that covers nothing, and an approval with no name, before any request' {
            New-RAPolicy empty -ErrorVariable f1 -ErrorAction SilentlyContinue
            New-RAPolicy only-approvals -Approval (New-RAPolicyApproval a stripe-api) -ErrorVariable f2 -ErrorAction SilentlyContinue
            New-RAPolicy no-permission -Rule @{ resource = '*' } -ErrorVariable f3 -ErrorAction SilentlyContinue
            New-RAPolicy covers-nothing -Rule @{ permission = 'allow' } -ErrorVariable f4 -ErrorAction SilentlyContinue
            New-RAPolicy bad-permission -Rule @{ permission = 'maybe'; resource = '*' } -ErrorVariable f5 -ErrorAction SilentlyContinue
            New-RAPolicy unnamed -Rule (New-RAPolicyRule Allow '*') -Approval @{ ToolIds = 'x' } -ErrorVariable f6 -ErrorAction SilentlyContinue

            Get-ErrorId ($f1 + $f2 + $f3 + $f4 + $f5 + $f6) | Should -Be @('InvalidPolicy', 'InvalidPolicy', 'InvalidPolicy', 'InvalidPolicy', 'InvalidPolicy', 'InvalidPolicy')
            "$($f1[0])" | Should -Match "The policy 'empty' has no rule"
            "$($f2[0])" | Should -Match 'has no rule'
            "$($f3[0])" | Should -Match 'permission is missing'
            "$($f4[0])" | Should -Match 'names no resource and no tags'
            "$($f5[0])" | Should -Match "permission is 'maybe'"
            "$($f6[0])" | Should -Match 'no name'
            $f1[0].CategoryInfo.Category | Should -Be InvalidArgument
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'takes approval bindings as hashtables, in the API''s shape or with the properties'' names' {
            New-RAPolicy hashed -Rule @{ permission = 'allow'; resource = '*' } -Approval @(
                @{ name = 'api-shape'; toolIds = @('stripe-api'); approvers = @{ groups = @('finance'); match = 'any' }; delivery = @{ mode = 'all' } }
                @{ Name = 'property-shape'; ToolId = 'stripe-api'; Groups = 'finance'; Match = 'All'; DeliveryMode = 'FirstSuccess'; FallbackToUI = $true }
            )
            $approvals = ((Get-Written)[0].body | ConvertFrom-Json).spec.approvals
            $approvals[0].approvers.groups | Should -Be @('finance')
            $approvals[0].delivery.mode | Should -BeExactly 'all'
            $approvals[1].toolIds | Should -Be @('stripe-api')
            $approvals[1].approvers.match | Should -BeExactly 'all'
            $approvals[1].delivery.mode | Should -BeExactly 'first_success'
            $approvals[1].delivery.fallbackToUI | Should -BeTrue
        }

        It 'refuses a rule or approval hashtable with a misspelled key, naming the one meant, before any request' {
            { New-RAPolicy typo -Rule @{ permision = 'allow'; resource = '*' } -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,RunAgents.PowerShell.Cmdlets.NewRAPolicyCommand'
            { New-RAPolicy typo -Rule @{ permision = 'allow'; resource = '*' } -ErrorAction Stop } | Should -Throw "*'permision'*Did you mean 'permission'*"
            { New-RAPolicy typo -Rule @{ permission = 'allow'; resource = '*' } -Approval @{ name = 'a'; toolIDz = 'x' } -ErrorAction Stop } | Should -Throw "*Did you mean 'toolIds'*"
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'sends nothing with -WhatIf, and says what it would create' {
            $said = Get-WhatIfMessage { New-RAPolicy audit -Rule (New-RAPolicyRule Allow '*' -Operation GET) -WhatIf }
            "$said" | Should -Match "Create policy.*policy 'audit'"
            Get-Sent | Should -Be @("GET $policies/audit")
        }
    }

    Context 'documents: the shapes a file or the pipeline gives' {
        It 'reads the API body, a bare spec with -Name, a Kubernetes-style manifest and a hashtable into the same body' {
            $spec = @{ policies = @($stripeRule) }
            @{ name = 'one'; spec = $spec } | New-RAPolicy
            $spec | ConvertTo-Json -Depth 5 | New-RAPolicy -Name two
            @{ apiVersion = 'runagents.io/v1'; kind = 'Policy'; metadata = @{ name = 'three' }; spec = $spec } | ConvertTo-Json -Depth 5 | ConvertFrom-Json | New-RAPolicy

            $bodies = @(Get-Written | ForEach-Object { $_.body | ConvertFrom-Json })
            $bodies.name | Should -Be @('one', 'two', 'three')
            $bodies | ForEach-Object { $_.spec.policies[0].resource | Should -BeExactly 'https://api.stripe.com/v1/*' }
            $bodies | ForEach-Object { $_.PSObject.Properties.Name | Sort-Object | Should -Be @('name', 'spec') }
        }

        It 'passes unknown fields through untouched, in the body, the spec, a rule and an approval' {
            @{
                name  = 'kept'; owner = 'sec-team'
                spec  = @{
                    policies   = @(@{ permission = 'allow'; resource = '*'; priority = 10 })
                    approvals  = @(@{ name = 'a'; toolIds = @('stripe-api'); approvers = @{ groups = @('g'); users = @('ann') }; escalateAfter = '1h' })
                    futureField = @{ x = 1 }
                }
            } | New-RAPolicy

            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.owner | Should -BeExactly 'sec-team'
            $body.spec.futureField.x | Should -Be 1
            $body.spec.policies[0].priority | Should -Be 10
            $body.spec.approvals[0].escalateAfter | Should -BeExactly '1h'
            $body.spec.approvals[0].approvers.users | Should -Be @('ann')
        }

        It 'refuses a misspelled known field, naming the one meant, in the spec, a rule, an approval and its delivery, before any request' {
            '{"name":"t1","spec":{"policies":[{"permission":"allow","resource":"*"}],"aprovals":[]}}' | New-RAPolicy -ErrorVariable f1 -ErrorAction SilentlyContinue
            '{"name":"t2","spec":{"policies":[{"permision":"allow","resource":"*"}]}}' | New-RAPolicy -ErrorVariable f2 -ErrorAction SilentlyContinue
            '{"name":"t3","spec":{"policies":[{"permission":"allow","resource":"*"}],"approvals":[{"name":"a","tool_ids":["x"]}]}}' | New-RAPolicy -ErrorVariable f3 -ErrorAction SilentlyContinue
            '{"name":"t4","spec":{"policies":[{"permission":"allow","resource":"*"}],"approvals":[{"name":"a","delivery":{"fallbackToUi":true,"mode":"all"}}]}}' | New-RAPolicy -ErrorVariable f4 -ErrorAction SilentlyContinue
            '{"name":"twice","name":"again","spec":{}}' | New-RAPolicy -ErrorVariable f5 -ErrorAction SilentlyContinue

            Get-ErrorId ($f1 + $f2 + $f3 + $f4 + $f5) | Should -Be @('InvalidPolicy', 'InvalidPolicy', 'InvalidPolicy', 'InvalidPolicy', 'InvalidPolicy')
            "$($f1[0])" | Should -Match "'aprovals'.*Did you mean 'approvals'"
            "$($f2[0])" | Should -Match "Rule 1 of the policy 't2' has the field 'permision'.*Did you mean 'permission'"
            "$($f3[0])" | Should -Match "Approval 1 .* 'tool_ids'.*Did you mean 'toolIds'"
            "$($f4[0])" | Should -Match "under delivery.*'fallbackToUi'.*Did you mean 'fallbackToUI'"
            "$($f5[0])" | Should -Match "field 'name' twice"
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'refuses a document and -Name that name different policies' {
            @{ name = 'a'; spec = @{ policies = @($stripeRule) } } | New-RAPolicy -Name b -ErrorVariable failed -ErrorAction SilentlyContinue
            "$($failed[0])" | Should -Match "names the policy 'a', and -Name 'b'"
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'reads .json and .psd1 files, by -Path and from Get-ChildItem, and refuses YAML naming ConvertFrom-Yaml' {
            $json = Join-Path $folder 'json-policy.json'
            '{"name":"json-policy","spec":{"policies":[{"permission":"allow","operations":["GET"],"resource":"*"}]}}' | Set-Content -LiteralPath $json
            $psd1 = Join-Path $folder 'psd1-policy.psd1'
            "@{ name = 'psd1-policy'; spec = @{ policies = @(@{ permission = 'deny'; resource = '*' }) } }" | Set-Content -LiteralPath $psd1
            $yaml = Join-Path $folder 'yaml-policy.yaml'
            'name: yaml-policy' | Set-Content -LiteralPath $yaml

            New-RAPolicy -Path $json
            Get-Item $psd1 | New-RAPolicy
            New-RAPolicy -Path $yaml -ErrorVariable failed -ErrorAction SilentlyContinue

            (Get-Written | ForEach-Object { ($_.body | ConvertFrom-Json).name }) | Should -Be @('json-policy', 'psd1-policy')
            Get-ErrorId $failed | Should -Be @('InvalidPolicy')
            "$($failed[0])" | Should -Match 'ConvertFrom-Yaml'
        }

        It 'refuses an object of another kind piped in, before any request' {
            $tool = Get-RATool stripe-api
            Get-RAMockJournal $server -Clear
            $tool | New-RAPolicy -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidInputObject')
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }
    }

    Context 'Set-RAPolicy: apply' {
        It 'adds a rule with -AddRule: one GET, then one PUT of the whole policy without what the platform writes' {
            Set-RAPolicy payments-approval -AddRule (New-RAPolicyRule Deny 'https://api.stripe.com/v1/payouts*' -Operation POST)

            Get-Sent | Should -Be @("GET $policies/payments-approval", "PUT $policies/payments-approval")
            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.name | Should -BeExactly 'payments-approval'
            $body.spec.policies.permission | Should -Be @('allow', 'deny')
            $body.spec.policies[1].resource | Should -BeExactly 'https://api.stripe.com/v1/payouts*'
            $body.spec.approvals[0].name | Should -BeExactly 'refunds-and-payouts'
            $body.PSObject.Properties.Name | Sort-Object | Should -Be @('name', 'spec')
        }

        It 'sends no write for a rule the policy has already, and says so with -Verbose' {
            $said = Set-RAPolicy payments-approval -AddRule (New-RAPolicyRule Allow 'https://api.stripe.com/v1/*' -Operation get) -Verbose 4>&1
            Get-Written | Should -BeNullOrEmpty
            "$said" | Should -Match "has the rule 'allow GET https://api.stripe.com/v1/\*' already"
            "$said" | Should -Match "Unchanged policy 'payments-approval'"
        }

        It 'takes a rule out with -RemoveRule, and refuses to leave a policy with no rule' {
            Set-RAPolicy payments-approval -AddRule (New-RAPolicyRule Deny '*' -Operation DELETE)
            Get-RAMockJournal $server -Clear

            Set-RAPolicy payments-approval -RemoveRule (New-RAPolicyRule Allow 'https://api.stripe.com/v1/*' -Operation GET)
            ((Get-Written)[0].body | ConvertFrom-Json).spec.policies.permission | Should -Be @('deny')
            Get-RAMockJournal $server -Clear

            Set-RAPolicy payments-approval -RemoveRule (New-RAPolicyRule Deny '*' -Operation DELETE) -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidPolicy')
            "$($failed[0])" | Should -Match 'has no rule'
            Get-Written | Should -BeNullOrEmpty
        }

        It 'replaces the rules with -Rule and keeps the approvals' {
            Set-RAPolicy payments-approval -Rule (New-RAPolicyRule Allow '*' -Operation GET, HEAD)
            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.spec.policies | Should -HaveCount 1
            $body.spec.policies[0].operations | Should -Be @('GET', 'HEAD')
            $body.spec.approvals | Should -HaveCount 1
        }

        It 'writes nothing without -PassThru, and the policy as the platform has it with it' {
            Set-RAPolicy read-only -Rule (New-RAPolicyRule Allow '*' -Operation GET, HEAD) | Should -BeNullOrEmpty
            $after = Set-RAPolicy read-only -Rule (New-RAPolicyRule Allow '*' -Operation GET) -PassThru
            $after | Should -BeOfType RunAgents.PowerShell.Models.Policy
            $after.Rules[0].Operations | Should -Be @('GET')
        }

        It 'says create, update with the changed fields, or nothing with -WhatIf, and sends no write' {
            $create = Get-WhatIfMessage { Set-RAPolicy new-policy -Rule (New-RAPolicyRule Allow '*') -WhatIf }
            $update = Get-WhatIfMessage { Set-RAPolicy read-only -AddRule (New-RAPolicyRule Deny '*' -Operation DELETE) -WhatIf }
            $same = Get-WhatIfMessage { Set-RAPolicy read-only -Rule (New-RAPolicyRule Allow '*' -Operation GET) -WhatIf }

            "$create" | Should -Match "Create policy.*policy 'new-policy'"
            "$update" | Should -Match "Update policy \(changed: spec.policies\).*policy 'read-only'"
            $same | Should -BeNullOrEmpty
            Get-Written | Should -BeNullOrEmpty
        }

        It 'creates a policy that does not exist with a POST (the platform''s PUT does not create)' {
            Set-RAPolicy brand-new -Rule (New-RAPolicyRule Allow '*')
            Get-Sent | Should -Be @("GET $policies/brand-new", "POST $policies")
        }

        It 'applies rules translated from text, piped with -Name' {
            ConvertTo-RAPolicyRule 'Deny DELETE on https://api.stripe.com/v1/*' | Set-RAPolicy -Name stripe-deletes

            Get-Sent | Should -Be @("POST $policies/translate", "GET $policies/stripe-deletes", "POST $policies")
            ((Get-Written)[1].body | ConvertFrom-Json).spec.policies[0].permission | Should -BeExactly 'deny'
        }

        It 're-applying a folder of policies it applied before sends no write' {
            $dir = Join-Path $folder 'policies'
            $null = New-Item -ItemType Directory -Path $dir -Force
            '{"name":"alpha","spec":{"policies":[{"permission":"allow","operations":["GET"],"resource":"https://alpha.example/*"}],"approvals":[{"name":"writes","toolIds":["stripe-api"],"operations":["POST"],"approvers":{"groups":["ops"],"match":"any"},"defaultDuration":"2h"}]}}' | Set-Content (Join-Path $dir 'alpha.json')
            "@{ apiVersion = 'runagents.io/v1'; kind = 'Policy'; metadata = @{ name = 'beta' }; spec = @{ policies = @(@{ permission = 'deny'; resource = '*'; tags = @('pii') }) } }" | Set-Content (Join-Path $dir 'beta.psd1')
            Get-ChildItem $dir | Set-RAPolicy
            @(Get-Written).Count | Should -Be 2
            Get-RAMockJournal $server -Clear

            Get-ChildItem $dir | Set-RAPolicy
            Set-RAPolicy -Path (Join-Path $dir '*')

            Get-Written | Should -BeNullOrEmpty
            Get-Sent | Should -Be @("GET $policies/alpha", "GET $policies/beta", "GET $policies/alpha", "GET $policies/beta")
        }

        It 'applies an object from Get-RAPolicy piped back, as it was read, with no write when unchanged' {
            Get-RAPolicy | Set-RAPolicy
            Get-Written | Should -BeNullOrEmpty
        }

        It 'takes a list the document leaves out as empty when the platform''s has items, so that applying it removes them' {
            $said = Get-WhatIfMessage { @{ name = 'payments-approval'; spec = @{ policies = @($stripeRule) } } | Set-RAPolicy -WhatIf }
            "$said" | Should -Match 'Update policy \(changed: spec.approvals\)'

            @{ name = 'payments-approval'; spec = @{ policies = @($stripeRule) } } | Set-RAPolicy
            ((Get-Written)[0].body | ConvertFrom-Json).spec.approvals.Count | Should -Be 0
            (Get-RAPolicy payments-approval).ApprovalCount | Should -Be 0
            Get-RAMockJournal $server -Clear

            # Leaving out a list the platform has empty too is no change.
            @{ name = 'read-only'; spec = @{ policies = @(@{ permission = 'allow'; operations = @('GET'); resource = '*' }) } } | Set-RAPolicy
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses an object read before the platform''s copy changed (PolicyChanged) unless -Force' {
            $read = Get-RAPolicy read-only
            Set-RAPolicy read-only -AddRule (New-RAPolicyRule Deny '*' -Operation DELETE)
            Get-RAMockJournal $server -Clear

            $read | Set-RAPolicy -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('PolicyChanged')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            Get-Written | Should -BeNullOrEmpty

            $read | Set-RAPolicy -Force
            ((Get-Written)[0].body | ConvertFrom-Json).spec.policies | Should -HaveCount 1
        }

        It 'reads a copy of a policy (Select-Object *, Import-Clixml) as its document' {
            $xml = Join-Path $folder 'policy.xml'
            Get-RAPolicy payments-approval | Export-Clixml -LiteralPath $xml
            Get-RAPolicy payments-approval | Select-Object * | Set-RAPolicy
            Import-Clixml -LiteralPath $xml | Set-RAPolicy
            Get-Written | Should -BeNullOrEmpty
        }

        It 'reports a PUT the platform answers 404 (the policy went away between the read and the write) as PolicyNotFound' {
            Add-RAMockFault $server @{ method = 'PUT'; pathPrefix = "$policies/read-only"; status = 404; body = '{"error":"policy \"read-only\" not found"}' }
            Set-RAPolicy read-only -AddRule (New-RAPolicyRule Deny '*') -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('PolicyNotFound')
            "$($failed[0])" | Should -Match 'Cannot update policy'
        }
    }

    Context 'Remove-RAPolicy' {
        It 'refuses a policy an agent is bound to (PolicyInUse), reading only the policy and sending no DELETE' {
            Remove-RAPolicy payments-approval -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('PolicyInUse')
            $failed[0].CategoryInfo.Category | Should -Be InvalidOperation
            "$($failed[0])" | Should -Match "agent 'finance/payment-approver' is bound to it"
            Get-Sent | Should -Be @("GET $policies/payments-approval")
        }

        It 'removes it with -Force, with a warning saying what is bound to it' {
            Remove-RAPolicy payments-approval -Force -WarningVariable warned -WarningAction SilentlyContinue
            "$warned" | Should -Match "in use: agent 'finance/payment-approver'"
            Get-Sent | Should -Be @("GET $policies/payments-approval", "DELETE $policies/payments-approval")
            Get-RAPolicy payments-approval -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'reads what is bound to a piped policy now, not from the copy piped' {
            $read = Get-RAPolicy read-only
            $null = Invoke-RAMock $server POST agents @(@{ name = 'auditor'; namespace = 'finance'; spec = @{ policies = @('read-only') }; status = @{ phase = 'Running' } })
            Get-RAMockJournal $server -Clear
            $read | Remove-RAPolicy -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('PolicyInUse')
            "$($failed[0])" | Should -Match "finance/auditor"
        }

        It 'removes an unused policy piped from Get-RAPolicy, and writes it with -PassThru' {
            $removed = Get-RAPolicy read-only | Remove-RAPolicy -Confirm:$false -PassThru
            $removed.Name | Should -BeExactly 'read-only'
            Get-Sent | Select-Object -Last 1 | Should -BeExactly "DELETE $policies/read-only"
        }

        It 'sends no DELETE with -WhatIf' {
            $said = Get-WhatIfMessage { Remove-RAPolicy read-only -WhatIf }
            "$said" | Should -Match "Remove policy.*policy 'read-only'"
            Get-Sent | Where-Object { $_ -like 'DELETE *' } | Should -BeNullOrEmpty
        }

        It 'is ConfirmImpact High' {
            (Get-Command Remove-RAPolicy).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be High
        }

        It 'reports a policy that does not exist as PolicyNotFound, sending no DELETE' {
            Remove-RAPolicy nope -Force -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('PolicyNotFound')
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
            Get-Sent | Should -Be @("GET $policies/nope")
        }

        It 'refuses a tool piped in, before any request' {
            $tool = Get-RATool slack-notify
            Get-RAMockJournal $server -Clear
            $tool | Remove-RAPolicy -Force -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidInputObject')
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }
    }

    Context 'ConvertTo-RAPolicyRule' {
        It 'sends each text in one POST of {text} and writes the rules the platform answers' {
            $rules = @(ConvertTo-RAPolicyRule 'Allow GET and POST on https://api.github.com/repos/*') + @('Deny DELETE everywhere' | ConvertTo-RAPolicyRule)

            Get-Sent | Should -Be @("POST $policies/translate", "POST $policies/translate")
            (Get-Written).body | ForEach-Object { ($_ | ConvertFrom-Json).text } | Should -Be @('Allow GET and POST on https://api.github.com/repos/*', 'Deny DELETE everywhere')
            $rules[0] | Should -BeOfType RunAgents.PowerShell.Models.PolicyRule
            $rules[0].Permission | Should -BeExactly 'allow'
            $rules[0].Operations | Should -Be @('GET', 'POST')
            $rules[0].Resource | Should -BeExactly 'https://api.github.com/repos/*'
            $rules[1].Permission | Should -BeExactly 'deny'
            $rules[1].Resource | Should -BeExactly '*'
        }

        It 'refuses blank text before any request' {
            ' ' | ConvertTo-RAPolicyRule -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidText')
            { ConvertTo-RAPolicyRule -Text '' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.ConvertToRAPolicyRuleCommand'
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'never sends a translation twice by itself, each being a billed model call: a 502 is reported after one request' {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = "$policies/translate"; status = 502; count = 3 }
            ConvertTo-RAPolicyRule 'Allow GET on *' -MaxRetryCount 3 -ErrorVariable failed -ErrorAction SilentlyContinue
            @(Get-Sent) | Should -Be @("POST $policies/translate")
            $failed | Should -HaveCount 1
        }

        It 'reports a 429 with the wait the platform asks for, after one request' {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = "$policies/translate"; status = 429; headers = @{ 'Retry-After' = '30' }; count = 3 }
            ConvertTo-RAPolicyRule 'Allow GET on *' -MaxRetryCount 3 -ErrorVariable failed -ErrorAction SilentlyContinue
            @(Get-Sent) | Should -Be @("POST $policies/translate")
            "$($failed[0])" | Should -Match 'asks to wait 30 s'
            "$($failed[0])" | Should -Match 'not retried'
        }

        It 'shows the CLI''s translate columns at 80 columns' {
            $lines = @(ConvertTo-RAPolicyRule 'Allow GET on https://api.github.com/*' | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Permission\s+Operations\s+Resource\s+Tags'
            $lines[2] | Should -Match '^allow\s+GET\s+https://api.github.com/\*'
        }
    }

    Context 'New-RAPolicyRule and New-RAPolicyApproval: local builders' {
        It 'makes a rule in the API''s spelling and sends nothing' {
            $rule = New-RAPolicyRule -Permission ApprovalRequired -Resource 'https://api.stripe.com/v1/refunds*' -Operation post, POST, delete -Tag payments
            $rule | Should -BeOfType RunAgents.PowerShell.Models.PolicyRule
            $rule.Permission | Should -BeExactly 'approval_required'
            $rule.Operations | Should -Be @('POST', 'DELETE')
            $rule.Tags | Should -Be @('payments')
            "$rule" | Should -BeExactly 'approval_required POST,DELETE https://api.stripe.com/v1/refunds* tags:payments'
            (New-RAPolicyRule Deny -Tag pii).Resource | Should -BeNullOrEmpty
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'refuses a rule that covers nothing, a resource that is no URL, and * inside one' {
            { New-RAPolicyRule Allow } | Should -Throw -ErrorId 'InvalidPolicyRule,RunAgents.PowerShell.Cmdlets.NewRAPolicyRuleCommand'
            { New-RAPolicyRule Allow 'api.github.com' } | Should -Throw '*not an absolute http or https URL*'
            { New-RAPolicyRule Allow 'https://*.github.com/x' } | Should -Throw '*before its end*'
            { New-RAPolicyRule Maybe '*' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.NewRAPolicyRuleCommand'
        }

        It 'makes an approval binding, taking the default duration as the platform writes durations or as a TimeSpan' {
            $approval = New-RAPolicyApproval -Name refunds -ToolId stripe-api -Capability refund -Group finance -Match All -DefaultDuration 4h -Connector slack-finance -DeliveryMode All -FallbackToUI:$false
            $approval | Should -BeOfType RunAgents.PowerShell.Models.PolicyApproval
            $approval.Match | Should -BeExactly 'all'
            $approval.DefaultDuration | Should -BeExactly '4h'
            $approval.DeliveryMode | Should -BeExactly 'all'
            $approval.FallbackToUI | Should -BeFalse
            (New-RAPolicyApproval a stripe-api -DefaultDuration 1h30m).DefaultDuration | Should -BeExactly '1h30m'
            (New-RAPolicyApproval a stripe-api -DefaultDuration 1.5h).DefaultDuration | Should -BeExactly '1h30m'
            (New-RAPolicyApproval a stripe-api -DefaultDuration (New-TimeSpan -Minutes 90)).DefaultDuration | Should -BeExactly '1h30m'
            (New-RAPolicyApproval a stripe-api -DefaultDuration '00:45:00').DefaultDuration | Should -BeExactly '45m'
            (New-RAPolicyApproval a stripe-api -DefaultDuration '90s').DefaultDuration | Should -BeExactly '1m30s'
            # Unquoted, PowerShell reads 90s as the short 90: read as seconds, as Approve-RAAccessRequest -Duration does.
            (New-RAPolicyApproval a stripe-api -DefaultDuration 90s).DefaultDuration | Should -BeExactly '1m30s'
            (New-RAPolicyApproval a stripe-api).FallbackToUI | Should -BeNullOrEmpty
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'refuses a binding that covers nothing, and a duration that is not one or is under a second' {
            { New-RAPolicyApproval a } | Should -Throw -ErrorId 'InvalidPolicyApproval,RunAgents.PowerShell.Cmdlets.NewRAPolicyApprovalCommand'
            { New-RAPolicyApproval a stripe-api -DefaultDuration '4 hours' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,RunAgents.PowerShell.Cmdlets.NewRAPolicyApprovalCommand'
            { New-RAPolicyApproval a stripe-api -DefaultDuration '4 hours' } | Should -Throw "*'4 hours' is not a duration*"
            { New-RAPolicyApproval a stripe-api -DefaultDuration 90 } | Should -Throw '*90 is a number without a unit*'
            { New-RAPolicyApproval a stripe-api -DefaultDuration '4' } | Should -Throw "*'4' is a number without a unit*"
            { New-RAPolicyApproval a stripe-api -DefaultDuration 2d } | Should -Throw '*Durations have no unit for days: write 48h*'
            { New-RAPolicyApproval a stripe-api -DefaultDuration 500ms } | Should -Throw '*0.5s is shorter than one second, the least an approval can last*'
            { New-RAPolicyApproval a stripe-api -DefaultDuration '1.5s' -ErrorAction Stop } | Should -Throw '*whole seconds, at least one*'
            Get-RAMockJournal $server | Should -BeNullOrEmpty
            { New-RAPolicyApproval a -Resource 'ftp://x' } | Should -Throw '*not an absolute http or https URL*'
        }

        It 'completes -ToolId with the platform''s tools and -Connector with its approval connectors' {
            (Get-Completion 'New-RAPolicyApproval -Name a -ToolId s').CompletionText | Should -Be @('slack-notify', 'stripe-api')
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $connectors; status = 200; contentType = 'application/json'; body = '[{"id":"ac_1","name":"slack-finance","type":"slack"},{"id":"ac_2","name":"pagerduty-sre","type":"pagerduty"}]' }
            (Get-Completion 'New-RAPolicyApproval -Name a -Connector sl').CompletionText | Should -Be @('slack-finance')
            Get-Sent | Should -Contain "GET $connectors"
        }
    }

    Context 'the mock platform''s policy routes, as the contract has them' {
        BeforeAll {
            function Send-Api([string] $Method, [string] $Path, $Body) {
                $request = @{ Method = $Method; Uri = "$($server.Uri.AbsoluteUri.TrimEnd('/'))$Path"; Headers = @{ 'X-RunAgents-API-Key' = 'test-key' }; NoProxy = $true; SkipHttpErrorCheck = $true }
                if ($null -ne $Body) { $request.Body = ($Body | ConvertTo-Json -Depth 6 -Compress); $request.ContentType = 'application/json' }
                $answer = Invoke-WebRequest @request
                [pscustomobject]@{ Status = [int]$answer.StatusCode; Json = $answer.Content | ConvertFrom-Json }
            }
        }

        It 'answers a create with 201, a create of a taken name with 409, a replace with 200 and a replace of a missing policy with 404' {
            $policy = @{ name = 'routes'; spec = @{ policies = @(@{ permission = 'allow'; resource = '*' }) } }
            (Send-Api POST $policies $policy).Status | Should -Be 201
            (Send-Api POST $policies $policy).Status | Should -Be 409
            (Send-Api PUT "$policies/routes" $policy).Status | Should -Be 200
            $missing = Send-Api PUT "$policies/missing" @{ name = 'missing'; spec = @{ policies = @() } }
            $missing.Status | Should -Be 404
            $missing.Json.error | Should -BeExactly 'policy "missing" not found'
        }

        It 'answers a delete with {"status":"deleted"}, and one of a missing policy with 404' {
            $deleted = Send-Api DELETE "$policies/read-only"
            $deleted.Status | Should -Be 200
            $deleted.Json.status | Should -BeExactly 'deleted'
            (Send-Api DELETE "$policies/read-only").Status | Should -Be 404
        }

        It 'translates text into {"rules": [...]}, and refuses a body with no text with 400' {
            $answer = Send-Api POST "$policies/translate" @{ text = 'Deny DELETE on https://api.example.com/*' }
            $answer.Status | Should -Be 200
            $answer.Json.rules[0].permission | Should -BeExactly 'deny'
            $answer.Json.rules[0].operations | Should -Be @('DELETE')
            (Send-Api POST "$policies/translate" @{ }).Status | Should -Be 400
        }
    }

    Context 'the platform each policy came from' {
        It 'acts on the platform a policy was read from, not the current one' {
            $other = if ($Generation -eq 'V1') { New-TestApi Namespaced $server } else { New-TestApi V1 $server }
            $read = Get-RAPolicy read-only
            Connect-TestServer $other
            try {
                Get-RAMockJournal $server -Clear
                $read | Remove-RAPolicy -Force
                Get-Sent | Should -Be @("GET $policies/read-only", "DELETE $policies/read-only")
            }
            finally {
                Connect-TestServer $api
            }
        }
    }
}
