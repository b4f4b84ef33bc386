# Approval connectors and agent config in a configuration folder, through Export-, Compare- and Import-RAConfiguration on
# both API generations. Each test reads what went over the wire in the mock's journal; the connectors' header values
# (secrets) must be in no file written without -IncludeSecret and in no stream of any of the cmdlets.

Describe 'Approval connectors and agent config as code on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 0
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        $slackSecret = 'slk-sign-4a7c9e2f1b3d8e6a'
        $pagerSecret = 'pd-route-9b8c7d6e5f4a3b2c'
        # An agent's file: <namespace>.<name> on the namespaced API, the name alone on v1 (which finds agents by name).
        $approver = if ($api.ByName) { 'payment-approver' } else { 'finance.payment-approver' }
        $ghost = if ($api.ByName) { 'ghost-agent' } else { 'finance.ghost-agent' }
        function Get-Written { @(Get-RAMockJournal $server | Where-Object method -NE 'GET') }
        function Get-Sent { @(Get-Written | ForEach-Object { "$($_.method) $($_.rawTarget.Substring($api.Prefix.Length)) $($_.body)" }) }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        function Read-Json([string] $Path) { Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json -AsHashtable }
        function Write-Json([string] $Path, $Document) { [IO.File]::WriteAllText($Path, (ConvertTo-Json -InputObject $Document -Depth 20) + "`n") }
        function Get-FolderBytes([string] $Root) {
            $all = [ordered]@{}
            foreach ($file in Get-ChildItem -LiteralPath $Root -Recurse -File | Sort-Object FullName) {
                $all[$file.FullName.Substring($Root.Length)] = [Convert]::ToBase64String([IO.File]::ReadAllBytes($file.FullName))
            }
            $all
        }
        $script:folders = 0
        function New-Folder { Join-Path $TestDrive "$Generation-$((++$script:folders))" }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        $cfg = New-Folder
    }

    Context 'Export' {
        It 'writes connectors by name in their body shape, without ids or times, each secret as the placeholder' {
            Export-RAConfiguration -Path $cfg -Resource ApprovalConnector

            (Get-ChildItem "$cfg/approval-connectors").Name | Should -Be @('pagerduty-sre.json', 'slack-finance.json')
            $slack = Read-Json "$cfg/approval-connectors/slack-finance.json"
            @($slack.Keys | Sort-Object) | Should -Be @('enabled', 'endpoint', 'headers', 'name', 'slack_security_mode', 'timeout_seconds', 'type')
            $slack.headers['X-Slack-Signing-Secret'] | Should -BeExactly '<redacted>'
            Get-Written | Should -BeNullOrEmpty
        }

        It 'writes each agent''s config as its update body, one file an agent' {
            Export-RAConfiguration -Path $cfg -Resource AgentConfig

            @(Get-ChildItem "$cfg/agents").Count | Should -Be 9
            $config = Read-Json "$cfg/agents/$approver.json"
            @($config.Keys | Sort-Object) | Should -Be @('identity_provider', 'llm_configs', 'policies', 'required_tools', 'system_prompt')
            $config.policies | Should -Be @('payments-approval')
            $config.required_tools | Should -Be @('stripe-api')
        }

        It 'keeps the secrets out of every file and every stream unless -IncludeSecret, and writes them with it' {
            $shown = Export-RAConfiguration -Path $cfg -PassThru -Verbose *>&1 | Out-String
            $files = Get-ChildItem $cfg -Recurse -File | Get-Content -Raw | Out-String

            foreach ($secret in $slackSecret, $pagerSecret) {
                $files | Should -Not -Match $secret
                $shown | Should -Not -Match $secret
            }

            $clear = New-Folder
            $warned = Export-RAConfiguration -Path $clear -Resource ApprovalConnector -IncludeSecret 3>&1
            (Read-Json "$clear/approval-connectors/slack-finance.json").headers['X-Slack-Signing-Secret'] | Should -BeExactly $slackSecret
            "$warned" | Should -Match 'secrets in clear'
        }
    }

    Context 'Round trip' {
        It 'exports, imports into an emptied workspace, and exports again byte for byte' {
            Export-RAConfiguration -Path $cfg -IncludeSecret -WarningAction SilentlyContinue
            $null = Invoke-RAMock $server POST clear-configuration
            @(Get-RAApprovalConnector).Count | Should -Be 0
            $null = Get-RAMockJournal $server -Clear

            $results = Import-RAConfiguration -Path $cfg -ErrorVariable failures -WarningAction SilentlyContinue
            $failures | Should -BeNullOrEmpty
            @($results | Where-Object Resource -EQ ApprovalConnector | ForEach-Object State) | Should -Be @('Created', 'Created')
            @($results | Where-Object Resource -EQ AgentConfig | Where-Object State -NE Updated) | Should -BeNullOrEmpty
            # Connector creates are never retried: one POST each.
            @(Get-Written | Where-Object { $_.method -eq 'POST' -and $_.rawTarget -like '*approval-connectors' }).Count | Should -Be 2

            $again = New-Folder
            Export-RAConfiguration -Path $again -IncludeSecret -WarningAction SilentlyContinue
            $after = Get-FolderBytes $again
            $before = Get-FolderBytes $cfg
            @($after.Keys) | Should -Be @($before.Keys)
            foreach ($file in $before.Keys) { $after[$file] | Should -BeExactly $before[$file] -Because $file }
        }

        It 'sends no write for a folder the platform already matches, and says each is unchanged' {
            Export-RAConfiguration -Path $cfg
            $null = Get-RAMockJournal $server -Clear

            $results = Import-RAConfiguration -Path $cfg

            Get-Written | Should -BeNullOrEmpty
            @($results | Where-Object Resource -In ApprovalConnector, AgentConfig | Where-Object State -NE Unchanged) | Should -BeNullOrEmpty
            @(Compare-RAConfiguration -Path $cfg | Where-Object State -NE Same) | Should -BeNullOrEmpty
        }
    }

    Context 'Changes' {
        It 'sends one changed connector field as one PATCH of that field alone, enabled:false included' {
            Export-RAConfiguration -Path $cfg -Resource ApprovalConnector
            $file = "$cfg/approval-connectors/slack-finance.json"
            $slack = Read-Json $file
            $slack.enabled = $false
            Write-Json $file $slack
            $null = Get-RAMockJournal $server -Clear

            $plan = Compare-RAConfiguration -Path $cfg | Where-Object State -NE Same
            $plan.Name | Should -Be 'slack-finance'
            $plan.Differences.Path | Should -Be 'enabled'
            $result = Import-RAConfiguration -Path $cfg | Where-Object Name -EQ slack-finance

            $result.State | Should -Be 'Updated'
            $id = (Get-RAApprovalConnector slack-finance).Id
            Get-Sent | Should -Be @("PATCH $(if ($api.ByName) { '/approval-connectors' } else { '/api/settings/approval-connectors' })/$id {`"enabled`":false}")
            (Get-RAApprovalConnector slack-finance -IncludeSecret).Headers['X-Slack-Signing-Secret'] | Should -BeExactly $slackSecret
        }

        It 'keeps a secret the file holds as the placeholder, and patches a new one without showing either' {
            Export-RAConfiguration -Path $cfg -Resource ApprovalConnector
            $file = "$cfg/approval-connectors/pagerduty-sre.json"
            $pager = Read-Json $file
            $pager.headers['X-Routing-Key'] = 'pd-route-new-0123456789abcdef'
            Write-Json $file $pager
            $null = Get-RAMockJournal $server -Clear

            # Every stream, the request and answer bodies of -Debug included.
            $shown = & { $DebugPreference = 'Continue'; Compare-RAConfiguration -Path $cfg | Format-List * | Out-String; Import-RAConfiguration -Path $cfg -Verbose | Format-List * | Out-String } *>&1 | Out-String

            $shown | Should -Match 'headers\.X-Routing-Key'
            $shown | Should -Match 'PATCH'
            $shown | Should -Not -Match 'pd-route-new-0123456789abcdef'
            $shown | Should -Not -Match $pagerSecret
            $patch = @(Get-Written)
            $patch.Count | Should -Be 1
            $patch[0].body | Should -BeExactly '{"headers":{"X-Routing-Key":"pd-route-new-0123456789abcdef"}}'
            (Get-RAApprovalConnector slack-finance -IncludeSecret).Headers['X-Slack-Signing-Secret'] | Should -BeExactly $slackSecret
        }

        It 'gives Set-RAApprovalConnector a folder''s file as Import does: the placeholder keeps the secret; New- refuses it' {
            Export-RAConfiguration -Path $cfg -Resource ApprovalConnector
            $file = "$cfg/approval-connectors/slack-finance.json"
            $null = Invoke-RAMock $server POST reset

            Get-Content -Raw $file | Set-RAApprovalConnector
            Get-Written | Should -BeNullOrEmpty

            (Get-Content -Raw $file) -replace 'slack-finance', 'slack-copy' | New-RAApprovalConnector -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidApprovalConnector')
            "$($failed[0])" | Should -BeLike "The value of the header 'X-Slack-Signing-Secret' is the placeholder of a configuration file ('<redacted>'), and there is no connector to take it from*"
            Get-Written | Should -BeNullOrEmpty
            (Get-RAApprovalConnector slack-finance -IncludeSecret).Headers['X-Slack-Signing-Secret'] | Should -BeExactly $slackSecret
        }

        It 'reads a mask as Get-RAApprovalConnector shows it as the value it masks, and refuses a mask of another value' {
            Export-RAConfiguration -Path $cfg -Resource ApprovalConnector
            $file = "$cfg/approval-connectors/slack-finance.json"
            $slack = Read-Json $file
            $slack.headers['X-Slack-Signing-Secret'] = (Get-RAApprovalConnector slack-finance).Headers['X-Slack-Signing-Secret']
            Write-Json $file $slack
            $null = Get-RAMockJournal $server -Clear

            @(Compare-RAConfiguration -Path $cfg | Where-Object State -NE Same) | Should -BeNullOrEmpty
            $null = Import-RAConfiguration -Path $cfg
            Get-Written | Should -BeNullOrEmpty

            $slack.headers['X-Slack-Signing-Secret'] = '****abcd'
            Write-Json $file $slack
            $result = Import-RAConfiguration -Path $cfg -ErrorVariable failures -ErrorAction SilentlyContinue | Where-Object Name -EQ slack-finance
            $result.State | Should -Be 'Failed'
            $result.Reason | Should -Match "'X-Slack-Signing-Secret' holds '\*\*\*\*abcd' in place of its value, and the approval connector 'slack-finance' has no value that it masks"
            Get-ErrorId $failures | Should -Be @('InvalidApprovalConnector')
            Get-Written | Should -BeNullOrEmpty
        }

        It 'sends one changed agent config field as one PUT of that field' {
            Export-RAConfiguration -Path $cfg -Resource AgentConfig
            $file = "$cfg/agents/$approver.json"
            $config = Read-Json $file
            $config.system_prompt = 'Refunds under $100 only.'
            Write-Json $file $config
            $null = Get-RAMockJournal $server -Clear

            $result = Import-RAConfiguration -Path $cfg | Where-Object State -NE Unchanged

            $result.Name | Should -Be $approver
            $result.State | Should -Be 'Updated'
            $put = @(Get-Written)
            $put.Count | Should -Be 1
            $put[0].method | Should -Be 'PUT'
            $put[0].body | Should -BeExactly '{"system_prompt":"Refunds under $100 only."}'
            (Get-RAAgentConfig finance/payment-approver).SystemPrompt | Should -BeExactly 'Refunds under $100 only.'
        }
    }

    Context 'Prune' {
        It 'never touches agent config, and -WhatIf sends nothing' {
            Export-RAConfiguration -Path $cfg -Resource ApprovalConnector, AgentConfig
            Remove-Item "$cfg/agents/$approver.json"
            Remove-Item "$cfg/approval-connectors/pagerduty-sre.json"
            $null = Get-RAMockJournal $server -Clear

            # The plan says what Import will do: the connector is removed with -Prune, the agent config is kept.
            $plan = Compare-RAConfiguration -Path $cfg | Where-Object State -EQ Extra
            ($plan | Where-Object Resource -EQ ApprovalConnector).Action | Should -BeExactly 'remove with -Prune'
            ($plan | Where-Object Resource -EQ AgentConfig).Action | Should -BeExactly 'keep: cannot be removed'

            $null = Import-RAConfiguration -Path $cfg -Prune -WhatIf 6>$null
            Get-Written | Should -BeNullOrEmpty

            $results = Import-RAConfiguration -Path $cfg -Prune -Force
            @(Get-Written | ForEach-Object method) | Should -Be @('DELETE')
            ($results | Where-Object State -EQ Removed).Name | Should -Be 'pagerduty-sre'
            @($results | Where-Object Name -EQ $approver) | Should -BeNullOrEmpty
            (Get-RAAgentConfig finance/payment-approver).Policies.ToString() | Should -Be 'payments-approval'
        }
    }

    Context 'Failures' {
        It 'skips a policy that names a connector that failed, and the agent config that names the policy' {
            Export-RAConfiguration -Path $cfg
            $file = "$cfg/policies/payments-approval.json"
            $policy = Read-Json $file
            $policy.spec.approvals[0].delivery.connectors = @('slack-finance')
            Write-Json $file $policy
            # Without -IncludeSecret the files hold placeholders: in an empty workspace there is no secret to keep.
            $null = Invoke-RAMock $server POST clear-configuration
            $null = Get-RAMockJournal $server -Clear

            $results = Import-RAConfiguration -Path $cfg -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $slack = $results | Where-Object Name -EQ slack-finance
            $slack.State | Should -Be 'Failed'
            $slack.Reason | Should -Match "'X-Slack-Signing-Secret' holds '<redacted>'"
            $payments = $results | Where-Object Name -EQ payments-approval
            $payments.State | Should -Be 'Failed'
            $payments.Reason | Should -Be "depends on approval connector 'slack-finance', which failed"
            ($results | Where-Object Name -EQ $approver).Reason | Should -Be "depends on policy 'payments-approval', which failed"
            ($results | Where-Object Name -EQ read-only).State | Should -Be 'Created'
            @(Get-Written | Where-Object rawTarget -Like '*payments-approval*') | Should -BeNullOrEmpty
            @(Get-Written | Where-Object { $_.rawTarget -like '*approval-connectors' -and $_.body -match 'slack-finance' }) | Should -BeNullOrEmpty
            Get-ErrorId $failures | Should -Contain 'InvalidApprovalConnector'
        }

        It 'fails the config of an agent the platform does not run, with a reason, and goes on' {
            Export-RAConfiguration -Path $cfg -Resource AgentConfig
            Copy-Item "$cfg/agents/$approver.json" "$cfg/agents/$ghost.json"
            $null = Get-RAMockJournal $server -Clear

            $plan = Compare-RAConfiguration -Path $cfg | Where-Object Name -EQ $ghost
            $results = Import-RAConfiguration -Path $cfg -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            # The plan says it will fail: configuring an agent does not deploy it.
            $plan.State | Should -Be 'Missing'
            $plan.Action | Should -BeExactly 'fail: no such agent (deploy it first)'
            $missing = $results | Where-Object Name -EQ $ghost
            $missing.State | Should -Be 'Failed'
            $missing.Reason | Should -Match '^No agent ''(finance/)?ghost-agent'' runs on .*it does not deploy them'
            Get-ErrorId $failures | Should -Be @('AgentNotFound')
            @($results | Where-Object State -EQ Unchanged).Count | Should -Be 9
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses a name two connectors share, naming both ids, and applies nothing' {
            Export-RAConfiguration -Path $cfg -Resource ApprovalConnector, AgentConfig
            $body = @{ name = 'slack-finance'; type = 'webhook'; endpoint = 'https://dup.example.com/hook' } | ConvertTo-Json
            $null = Invoke-RestMethod -Method Post -Uri ("$($api.Uri)".TrimEnd('/') + $(if ($api.ByName) { '/approval-connectors' } else { '/api/settings/approval-connectors' })) -Body $body -ContentType 'application/json' -Headers @{ 'X-RunAgents-API-Key' = 'test-key' }
            $null = Get-RAMockJournal $server -Clear

            $null = Import-RAConfiguration -Path $cfg -ErrorVariable failures -ErrorAction SilentlyContinue

            Get-ErrorId $failures | Should -Be @('AmbiguousConnectorName', 'ConfigurationNotApplied')
            "$($failures[0])" | Should -Match "2 approval connectors on .* are named 'slack-finance' \(ac_\w+, ac_\w+\)"
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses a connector file with a misspelled field, naming the one meant, before any write' {
            Export-RAConfiguration -Path $cfg -Resource ApprovalConnector
            $file = "$cfg/approval-connectors/slack-finance.json"
            $slack = Read-Json $file
            $slack.Remove('enabled')
            $slack['enabeld'] = $false
            Write-Json $file $slack
            $null = Get-RAMockJournal $server -Clear

            $null = Import-RAConfiguration -Path $cfg -ErrorVariable failures -ErrorAction SilentlyContinue

            Get-ErrorId $failures | Should -Be @('ConfigurationFileInvalid')
            "$($failures[0])" | Should -BeLike "*slack-finance.json' as an approval connector: The connector has the field 'enabeld', which the platform does not know. Did you mean 'enabled'?"
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses an agent file that is not an update body before any write' {
            $null = New-Item -ItemType Directory "$cfg/agents"
            Set-Content "$cfg/agents/$approver.json" '{"systemPrompt":"x"}'
            $null = Get-RAMockJournal $server -Clear

            $null = Import-RAConfiguration -Path $cfg -ErrorVariable failures -ErrorAction SilentlyContinue

            Get-ErrorId $failures | Should -Be @('ConfigurationFileInvalid')
            "$($failures[0])" | Should -Match "'systemPrompt' is not a field of an agent's config"
            @(Get-RAMockJournal $server | Where-Object method -NE 'GET') | Should -BeNullOrEmpty
        }
    }
}
