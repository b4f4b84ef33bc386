# Approval connectors: Get-, New-, Set-, Remove- and Test-RAApprovalConnector, Get-/Set-RAApprovalConnectorDefault and
# Get-RAApprovalConnectorActivity on both API generations. Each test reads what went over the wire in the mock's
# journal; the connectors' header values (secrets the platform echoes in clear) must be in no stream of any cmdlet.

Describe 'Approval connectors on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 0
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        $base = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/approval-connectors' } else { '/api/settings/approval-connectors' })
        $policies = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/policies' } else { '/api/policies' })
        $slackSecret = 'slk-sign-4a7c9e2f1b3d8e6a'
        $pagerSecret = 'pd-route-9b8c7d6e5f4a3b2c'
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Written { @(Get-RAMockJournal $server | Where-Object method -NE 'GET') }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        function Get-SeedId([string] $Name) { (Get-RAApprovalConnector $Name).Id }
        function Add-Duplicate([string] $Name) {
            # The platform lets two connectors share a name; the module's New- refuses to, so the test posts directly.
            $body = @{ name = $Name; type = 'webhook'; endpoint = 'https://dup.example.com/hook'; headers = @{ Authorization = 'dup-secret-0123456789' } } | ConvertTo-Json
            $null = Invoke-RestMethod -Method Post -Uri ("$($api.Uri)".TrimEnd('/') + ($base.Substring($api.Prefix.Length))) -Body $body -ContentType 'application/json' -Headers @{ 'X-RunAgents-API-Key' = 'test-key' }
        }
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

    Context 'Get-RAApprovalConnector' {
        It 'lists every connector with one request, its header values masked' {
            $all = Get-RAApprovalConnector

            Get-Sent | Should -Be @("GET $base")
            $all.Name | Should -Be @('slack-finance', 'pagerduty-sre')
            $all[0] | Should -BeOfType RunAgents.PowerShell.Models.ApprovalConnector
            $all[0].Id | Should -BeLike 'ac_*'
            $all[0].Type | Should -BeExactly 'slack'
            $all[0].Endpoint | Should -BeExactly 'https://hooks.slack.com/services/T0001/B0001/finance'
            $all[0].Enabled | Should -BeTrue
            $all[0].TimeoutSec | Should -Be 10
            $all[0].SlackSecurityMode | Should -BeExactly 'strict'
            $all[0].HeaderNames.ToString() | Should -BeExactly 'X-Slack-Signing-Secret'
            $all[0].Headers['X-Slack-Signing-Secret'] | Should -BeExactly '****8e6a'
            $all[0].Created | Should -Be ([DateTimeOffset]'2026-11-20T09:00:00Z')
            $all[0].Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
            $all[1].Enabled | Should -BeFalse
            $all[1].SlackSecurityMode | Should -BeNullOrEmpty
        }

        It 'filters by name (wildcards), type and enabled, from the one list' {
            (Get-RAApprovalConnector 'slack*').Name | Should -Be @('slack-finance')
            (Get-RAApprovalConnector -Type PagerDuty).Name | Should -Be @('pagerduty-sre')
            (Get-RAApprovalConnector -Enabled).Name | Should -Be @('slack-finance')
            (Get-RAApprovalConnector -Enabled:$false).Name | Should -Be @('pagerduty-sre')
            Get-Sent | Should -Be (@("GET $base") * 4)
        }

        It 'gets ids with one GET each' {
            $id = Get-SeedId slack-finance
            $null = Invoke-RAMock $server POST reset

            (Get-RAApprovalConnector -Id $id).Name | Should -BeExactly 'slack-finance'
            Get-Sent | Should -Be @("GET $base/$id")
        }

        It 'reports an exact name or an id that does not exist as ApprovalConnectorNotFound, and a pattern that matches nothing as nothing' {
            $found = Get-RAApprovalConnector nope, 'nothing*' -ErrorVariable failed -ErrorAction SilentlyContinue
            $found | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('ApprovalConnectorNotFound')
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
            "$($failed[0])" | Should -Match "Cannot find an approval connector named 'nope'"

            $null = Get-RAApprovalConnector -Id ac_missing -ErrorVariable byId -ErrorAction SilentlyContinue
            Get-ErrorId $byId | Should -Be @('ApprovalConnectorNotFound')
            $byId[0].CategoryInfo.Category | Should -Be ObjectNotFound
        }

        It 'refuses an id that cannot be one, sending nothing' {
            $null = Get-RAApprovalConnector -Id defaults, 'a/b' -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidApprovalConnectorId', 'InvalidApprovalConnectorId')
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'writes both connectors that share a name' {
            Add-Duplicate slack-finance
            $null = Invoke-RAMock $server DELETE journal -ErrorAction SilentlyContinue

            $both = Get-RAApprovalConnector slack-finance
            $both | Should -HaveCount 2
            $both[0].Id | Should -Not -Be $both[1].Id
        }

        It 'shows header values in clear only with -IncludeSecret; -Raw is masked the same way' {
            (Get-RAApprovalConnector slack-finance -IncludeSecret).Headers['X-Slack-Signing-Secret'] | Should -BeExactly $slackSecret
            $raw = Get-RAApprovalConnector slack-finance -Raw
            $raw | Should -BeOfType string
            ($raw | ConvertFrom-Json).headers.'X-Slack-Signing-Secret' | Should -BeExactly '****8e6a'
            (Get-RAApprovalConnector slack-finance -Raw -IncludeSecret | ConvertFrom-Json).headers.'X-Slack-Signing-Secret' | Should -BeExactly $slackSecret
        }

        It 'masks a short header value whole' {
            $null = New-RAApprovalConnector short-one https://hooks.example.com/a -Header @{ Authorization = 'abc12345' }
            (Get-RAApprovalConnector short-one).Headers['Authorization'] | Should -BeExactly '****'
        }

        It 'shows a table of 80 columns with no header value' {
            $lines = Get-RAApprovalConnector | Format-Table | Out-String -Width 80 -Stream | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Id\s+Name\s+Type\s+Enabled\s+Endpoint'
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            "$lines" | Should -Not -Match '8e6a'
        }

        It 'completes -Id with ids, the names as tooltips, and New-RAPolicyApproval -Connector with names' {
            $id = Get-SeedId slack-finance
            $ids = (TabExpansion2 -inputScript 'Get-RAApprovalConnector -Id ac_' -cursorColumn 31).CompletionMatches
            $ids.CompletionText | Should -Contain $id
            ($ids | Where-Object CompletionText -EQ $id).ToolTip | Should -BeExactly "slack-finance ($id)"
            $names = (TabExpansion2 -inputScript 'New-RAPolicyApproval x -Connector sl' -cursorColumn 36).CompletionMatches
            $names.CompletionText | Should -Be @('slack-finance')
        }
    }

    Context 'New-RAApprovalConnector' {
        It 'checks the name is free, then posts the connector once, its header values given as SecureString or string' {
            $created = New-RAApprovalConnector ops-hook https://hooks.example.com/approvals -Header @{ Authorization = (ConvertTo-TestKey 'Bearer ops-token-123456'); 'X-Team' = 'platform-team-x' } -DeliveryTimeoutSec 30

            Get-Sent | Should -Be @("GET $base", "POST $base")
            $body = (Get-Written)[0].body | ConvertFrom-Json -AsHashtable
            $body.name | Should -BeExactly 'ops-hook'
            $body.type | Should -BeExactly 'webhook'
            $body.endpoint | Should -BeExactly 'https://hooks.example.com/approvals'
            $body.headers.Authorization | Should -BeExactly 'Bearer ops-token-123456'
            $body.headers.'X-Team' | Should -BeExactly 'platform-team-x'
            $body.timeout_seconds | Should -Be 30
            $body.ContainsKey('enabled') | Should -BeFalse
            $created.Id | Should -BeLike 'ac_*'
            $created.Headers['Authorization'] | Should -BeExactly '****3456'
        }

        It 'creates a disabled strict Slack connector' {
            $null = New-RAApprovalConnector slack-sre https://hooks.slack.com/services/T/B/sre -Type Slack -SlackSecurityMode Strict -Header @{ 'X-Slack-Signing-Secret' = (ConvertTo-TestKey 'slack-signing-abcdef012345') } -Disabled
            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.type | Should -BeExactly 'slack'
            $body.slack_security_mode | Should -BeExactly 'strict'
            $body.enabled | Should -BeFalse
        }

        It 'refuses a name that is taken as ApprovalConnectorExists, naming its id, after one GET' {
            $id = Get-SeedId slack-finance
            $null = Invoke-RAMock $server POST reset
            $null = New-RAApprovalConnector slack-finance https://hooks.example.com/x -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-Sent | Should -Be @("GET $base")
            Get-ErrorId $failed | Should -Be @('ApprovalConnectorExists')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            "$($failed[0])" | Should -Match ([regex]::Escape($id))
        }

        It 'refuses what the platform documents it refuses, before any request: <Why>' -ForEach @(
            @{ Why = 'a webhook over http'; Arguments = @{ Name = 'w'; Endpoint = 'http://hooks.example.com/a' }; Message = 'must use https' }
            @{ Why = 'strict Slack without a signing secret'; Arguments = @{ Name = 's'; Endpoint = 'https://hooks.slack.com/x'; Type = 'Slack'; SlackSecurityMode = 'Strict' }; Message = 'X-Slack-Signing-Secret' }
            @{ Why = 'PagerDuty without a routing key'; Arguments = @{ Name = 'p'; Endpoint = 'https://events.pagerduty.com/v2/enqueue'; Type = 'PagerDuty'; Header = @{ Authorization = 'x-123456789012' } }; Message = 'routing-key' }
            @{ Why = 'an endpoint that is not a URL'; Arguments = @{ Name = 'u'; Endpoint = 'hooks.example.com' }; Message = 'not an absolute' }
            @{ Why = 'an empty header value'; Arguments = @{ Name = 'e'; Endpoint = 'https://hooks.example.com/a'; Header = @{ Authorization = '' } }; Message = 'is empty' }
            @{ Why = 'a header value that is not text'; Arguments = @{ Name = 'n'; Endpoint = 'https://hooks.example.com/a'; Header = @{ Authorization = 42 } }; Message = 'give a string or a SecureString' }
            @{ Why = 'a masked header value'; Arguments = @{ Name = 'm'; Endpoint = 'https://hooks.example.com/a'; Header = @{ Authorization = '****abcd' } }; Message = 'masked value' }
        ) {
            $null = New-RAApprovalConnector @Arguments -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-Sent | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('InvalidApprovalConnector')
            $failed[0].CategoryInfo.Category | Should -Be InvalidArgument
            "$($failed[0])" | Should -Match $Message
        }

        It 'refuses a delivery timeout outside 1..120 and an unknown type at binding' {
            { New-RAApprovalConnector t https://hooks.example.com/a -DeliveryTimeoutSec 121 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.NewRAApprovalConnectorCommand'
            { New-RAApprovalConnector t https://hooks.example.com/a -Type Email } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.NewRAApprovalConnectorCommand'
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'sends nothing that writes under -WhatIf, and says what it would create' {
            $said = Get-WhatIfMessage { New-RAApprovalConnector ops-hook https://hooks.example.com/a -WhatIf }
            Get-Written | Should -BeNullOrEmpty
            "$said" | Should -Match "Create approval connector.*approval connector 'ops-hook'"
        }

        It 'never sends the create twice, whatever -MaxRetryCount says, and says the connector may have been created' {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $base; status = 504; count = 3 }
            $null = New-RAApprovalConnector ops-hook https://hooks.example.com/a -MaxRetryCount 3 -ErrorVariable failed -ErrorAction SilentlyContinue

            @(Get-Written) | Should -HaveCount 1
            $failed | Should -HaveCount 1
            "$($failed[0])" | Should -Match 'may have been created'
            "$($failed[0])" | Should -Match "Get-RAApprovalConnector -Name 'ops-hook'"
        }

        It 'reports a create whose answer was lost as one that may have landed, without sending it again' {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $base; drop = $true; count = 3 }
            $null = New-RAApprovalConnector ops-hook https://hooks.example.com/a -MaxRetryCount 3 -ErrorVariable failed -ErrorAction SilentlyContinue

            @(Get-Written) | Should -HaveCount 1
            "$($failed[0])" | Should -Match 'may have been created'
        }

        It 'reads documents: a hashtable, JSON text, a manifest, and a file' {
            @{ name = 'from-hash'; endpoint = 'https://hooks.example.com/h'; headers = @{ Authorization = 'hash-secret-12345' } } | New-RAApprovalConnector | Out-Null
            '{"name":"from-json","type":"teams","endpoint":"https://teams.example.com/h","timeout_seconds":20}' | New-RAApprovalConnector | Out-Null
            @{ apiVersion = 'runagents.io/v1'; kind = 'ApprovalConnector'; metadata = @{ name = 'from-manifest' }; spec = @{ type = 'jira'; endpoint = 'https://jira.example.com/h' } } | New-RAApprovalConnector | Out-Null
            $file = Join-Path $folder 'connector.json'
            Set-Content -LiteralPath $file -Value '{"name":"from-file","endpoint":"https://hooks.example.com/f","x_extra":"kept"}'
            $null = New-RAApprovalConnector -Path $file

            $bodies = @(Get-Written | ForEach-Object { $_.body | ConvertFrom-Json })
            $bodies.name | Should -Be @('from-hash', 'from-json', 'from-manifest', 'from-file')
            $bodies[1].type | Should -BeExactly 'teams'
            $bodies[1].timeout_seconds | Should -Be 20
            $bodies[2].type | Should -BeExactly 'jira'
            $bodies[3].x_extra | Should -BeExactly 'kept'
        }
    }

    Context 'Set-RAApprovalConnector' {
        It 'applies its own copies unchanged with no write: Select-Object *, Import-Clixml, Export-Csv/Import-Csv' {
            $xml = Join-Path $TestDrive 'connectors.xml'
            $csv = Join-Path $TestDrive 'connectors.csv'
            Get-RAApprovalConnector | Export-Clixml -LiteralPath $xml
            Get-RAApprovalConnector | Export-Csv -LiteralPath $csv
            # pagerduty-sre has no slack_security_mode: a copy's null for it is no change.
            Get-RAApprovalConnector | Select-Object * | Set-RAApprovalConnector
            Import-Clixml -LiteralPath $xml | Set-RAApprovalConnector
            Import-Csv -LiteralPath $csv | Set-RAApprovalConnector
            Get-Written | Should -BeNullOrEmpty
        }

        It 'reads a CSV row''s text as the fields it stands for: an edited row PATCHes what was edited' {
            $csv = Join-Path $TestDrive 'edited.csv'
            $id = Get-SeedId pagerduty-sre
            Get-RAApprovalConnector pagerduty-sre | Export-Csv -LiteralPath $csv
            $row = Import-Csv -LiteralPath $csv
            $row.Enabled = 'True'
            $row.TimeoutSec = '30'
            $row | Set-RAApprovalConnector
            @(Get-Written).Count | Should -Be 1
            (Get-Written)[0].method | Should -Be 'PATCH'
            (Get-Written)[0].rawTarget | Should -BeLike "*/$id"
            (Get-Written)[0].body | Should -BeExactly '{"enabled":true,"timeout_seconds":30}'
        }

        It 'PATCHes only what was given: -Enabled:$false is sent, the rest untouched' {
            $id = Get-SeedId slack-finance
            $null = Invoke-RAMock $server POST reset

            Set-RAApprovalConnector slack-finance -Enabled:$false

            Get-Sent | Should -Be @("GET $base", "PATCH $base/$id")
            (Get-Written)[0].body | Should -BeExactly '{"enabled":false}'
            (Get-RAApprovalConnector slack-finance -IncludeSecret).Headers['X-Slack-Signing-Secret'] | Should -BeExactly $slackSecret
        }

        It 'sends no write when nothing changes, by parameters or piped from Get-' {
            Set-RAApprovalConnector slack-finance -Enabled -DeliveryTimeoutSec 10 -Verbose 4>&1 | Out-String | Should -Match 'Unchanged'
            Get-RAApprovalConnector | Set-RAApprovalConnector
            Get-Written | Should -BeNullOrEmpty
        }

        It 'applies a change to a piped connector, keeping its masked headers as they are' {
            $id = Get-SeedId pagerduty-sre
            Get-RAApprovalConnector pagerduty-sre | Set-RAApprovalConnector -Enabled -PassThru | ForEach-Object Enabled | Should -BeTrue

            @(Get-Written) | Should -HaveCount 1
            (Get-Written)[0].rawTarget | Should -BeExactly "$base/$id"
            (Get-Written)[0].body | Should -BeExactly '{"enabled":true}'
        }

        It 'refuses a piped connector that changed since it was read as ApprovalConnectorChanged, unless -Force' {
            $read = Get-RAApprovalConnector slack-finance
            Set-RAApprovalConnector slack-finance -Endpoint https://hooks.slack.com/services/T0001/B0001/moved
            $null = Invoke-RAMock $server DELETE journal -ErrorAction SilentlyContinue
            $before = @(Get-Written).Count

            $null = $read | Set-RAApprovalConnector -Enabled:$false -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('ApprovalConnectorChanged')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            @(Get-Written).Count | Should -Be $before

            $read | Set-RAApprovalConnector -Enabled:$false -Force
            ((Get-Written)[-1].body | ConvertFrom-Json).endpoint | Should -BeExactly 'https://hooks.slack.com/services/T0001/B0001/finance'
        }

        It 'replaces the headers when -Header is given, and -WhatIf names the change without a value' {
            $said = Get-WhatIfMessage { Set-RAApprovalConnector slack-finance -Header @{ 'X-Slack-Signing-Secret' = (ConvertTo-TestKey 'new-signing-secret-778899') } -WhatIf }
            Get-Written | Should -BeNullOrEmpty
            "$said" | Should -Match 'changed: headers \(secrets\)'
            "$said" | Should -Not -Match '778899'

            Set-RAApprovalConnector slack-finance -Header @{ 'X-Slack-Signing-Secret' = (ConvertTo-TestKey 'new-signing-secret-778899') }
            ((Get-Written)[0].body | ConvertFrom-Json).headers.'X-Slack-Signing-Secret' | Should -BeExactly 'new-signing-secret-778899'
        }

        It 'renames a connector by id' {
            $id = Get-SeedId pagerduty-sre
            Set-RAApprovalConnector -Id $id -Name pagerduty-oncall
            (Get-Written)[0].body | Should -BeExactly '{"name":"pagerduty-oncall"}'
            (Get-RAApprovalConnector -Id $id).Name | Should -BeExactly 'pagerduty-oncall'
        }

        It 'refuses a name two connectors share as AmbiguousConnectorName, naming both ids, before any write' {
            Add-Duplicate slack-finance
            $ids = (Get-RAApprovalConnector slack-finance).Id
            $null = Set-RAApprovalConnector slack-finance -Enabled:$false -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('AmbiguousConnectorName')
            foreach ($id in $ids) { "$($failed[0])" | Should -Match ([regex]::Escape($id)) }
            @(Get-Written | Where-Object method -EQ 'PATCH') | Should -BeNullOrEmpty
        }

        It 'creates a connector no connector is named, with one POST' {
            Set-RAApprovalConnector new-hook -Endpoint https://hooks.example.com/new -PassThru | ForEach-Object Name | Should -BeExactly 'new-hook'
            Get-Sent | Should -Be @("GET $base", "POST $base")
        }

        It 'refuses an id that does not exist, and a change the platform would refuse, writing nothing' {
            $null = Set-RAApprovalConnector -Id ac_missing -Enabled -ErrorVariable missing -ErrorAction SilentlyContinue
            Get-ErrorId $missing | Should -Be @('ApprovalConnectorNotFound')
            $null = Set-RAApprovalConnector slack-finance -Header @{ Authorization = 'x-1234567890123' } -ErrorVariable refused -ErrorAction SilentlyContinue
            Get-ErrorId $refused | Should -Be @('InvalidApprovalConnector')
            "$($refused[0])" | Should -Match 'X-Slack-Signing-Secret'
            $null = Set-RAApprovalConnector nope -Enabled -ErrorVariable noEndpoint -ErrorAction SilentlyContinue
            "$($noEndpoint[0])" | Should -Match 'needs an endpoint'
            Get-Written | Should -BeNullOrEmpty
        }
    }

    Context 'Remove-RAApprovalConnector' {
        It 'removes by name or id, checking the policies first' {
            $ids = (Get-RAApprovalConnector).Id
            $null = Invoke-RAMock $server POST reset

            Remove-RAApprovalConnector pagerduty-sre -Confirm:$false
            Remove-RAApprovalConnector -Id $ids[0] -Force

            Get-Sent | Should -Be @("GET $base", "GET $policies", "DELETE $base/$($ids[1])", "GET $base", "GET $policies", "DELETE $base/$($ids[0])")
        }

        It 'refuses, with a warning, while a policy delivers to it; -Force removes it anyway' {
            $approval = New-RAPolicyApproval refunds -ToolId stripe-api -Group finance -Connector slack-finance
            New-RAPolicy slack-bound -Rule (New-RAPolicyRule -Permission Allow -Resource 'https://api.stripe.com/*' -Operation GET) -Approval $approval
            $null = Invoke-RAMock $server DELETE journal -ErrorAction SilentlyContinue
            $before = @(Get-Written).Count

            $null = Remove-RAApprovalConnector slack-finance -Confirm:$false -WarningVariable warned -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('ApprovalConnectorInUse')
            "$warned" | Should -Match "policy 'slack-bound' delivers its approval 'refunds' to it"
            @(Get-Written | Where-Object method -EQ 'DELETE') | Should -BeNullOrEmpty

            Remove-RAApprovalConnector slack-finance -Force -WarningAction SilentlyContinue
            @(Get-Written | Where-Object method -EQ 'DELETE') | Should -HaveCount 1
        }

        It 'refuses an ambiguous name and a missing one, deleting nothing' {
            Add-Duplicate pagerduty-sre
            $null = Remove-RAApprovalConnector pagerduty-sre, nope -Force -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('AmbiguousConnectorName', 'ApprovalConnectorNotFound')
            @(Get-Written | Where-Object method -EQ 'DELETE') | Should -BeNullOrEmpty
        }

        It 'deletes nothing under -WhatIf, and takes connectors from the pipeline' {
            Get-RAApprovalConnector | Remove-RAApprovalConnector -WhatIf
            @(Get-Written) | Should -BeNullOrEmpty
            Get-RAApprovalConnector | Remove-RAApprovalConnector -Force -PassThru | ForEach-Object Name | Should -Be @('slack-finance', 'pagerduty-sre')
            Get-RAApprovalConnector | Should -BeNullOrEmpty
        }

        It 'declares ConfirmImpact High' {
            $type = (Get-Command Remove-RAApprovalConnector).ImplementingType
            $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact | Should -Be High
        }
    }

    Context 'Test-RAApprovalConnector' {
        It 'tests a saved connector by name: its configuration, secrets included, posted to the test' {
            $result = Test-RAApprovalConnector slack-finance

            Get-Sent | Should -Be @("GET $base", "POST $base/test")
            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.endpoint | Should -BeExactly 'https://hooks.slack.com/services/T0001/B0001/finance'
            $body.headers.'X-Slack-Signing-Secret' | Should -BeExactly $slackSecret
            $result | Should -BeOfType RunAgents.PowerShell.Models.ApprovalConnectorTestResult
            $result.Status | Should -BeExactly 'healthy'
            $result.Healthy | Should -BeTrue
            $result.Name | Should -BeExactly 'slack-finance'
            $result.Checks.Id | Should -Be @('config', 'auth', 'delivery')
        }

        It 'tests by id with one GET of the connector' {
            $id = Get-SeedId pagerduty-sre
            $null = Invoke-RAMock $server POST reset
            (Test-RAApprovalConnector -Id $id).Id | Should -BeExactly $id
            Get-Sent | Should -Be @("GET $base/$id", "POST $base/test")
        }

        It 'reports an unhealthy configuration as a result with its checks, not an error; -Quiet says $false' {
            $result = Test-RAApprovalConnector -Endpoint https://unreachable.example.com/hook -ErrorVariable failed
            $failed | Should -BeNullOrEmpty
            $result.Status | Should -BeExactly 'unhealthy'
            $result.Healthy | Should -BeFalse
            ($result.Checks | Where-Object Status -EQ 'fail').Id | Should -Be @('delivery')
            $result.FailedChecks | Should -Match 'no answer from unreachable.example.com'
            Test-RAApprovalConnector -Endpoint https://unreachable.example.com/hook -Quiet | Should -BeFalse
            Test-RAApprovalConnector slack-finance -Quiet | Should -BeTrue
        }

        It 'sends no test under -WhatIf, and says it sends a real message' {
            $said = Get-WhatIfMessage { Test-RAApprovalConnector slack-finance -WhatIf }
            @(Get-Written) | Should -BeNullOrEmpty
            "$said" | Should -Match 'real test message'
        }

        It 'never sends the test twice' {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = "$base/test"; status = 503; count = 3; headers = @{ 'Retry-After' = '0' } }
            $null = Test-RAApprovalConnector -Endpoint https://hooks.example.com/a -MaxRetryCount 3 -ErrorVariable failed -ErrorAction SilentlyContinue
            @(Get-Written) | Should -HaveCount 1
            $failed | Should -HaveCount 1
        }

        It 'takes connectors from the pipeline, and refuses other objects' {
            (Get-RAApprovalConnector | Test-RAApprovalConnector).Name | Should -Be @('slack-finance', 'pagerduty-sre')
            $null = Get-RATool stripe-api | Test-RAApprovalConnector -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidInputObject')
        }

        It 'declares ConfirmImpact Low' {
            $type = (Get-Command Test-RAApprovalConnector).ImplementingType
            $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact | Should -Be Low
        }
    }

    Context 'Get-/Set-RAApprovalConnectorDefault' {
        It 'gets the defaults with one GET' {
            $defaults = Get-RAApprovalConnectorDefault
            Get-Sent | Should -Be @("GET $base/defaults")
            $defaults.DeliveryMode | Should -BeExactly 'first_success'
            $defaults.FallbackToUI | Should -BeTrue
            $defaults.DeliveryTimeoutSec | Should -Be 10
            $defaults.MinTimeoutSec | Should -Be 1
            $defaults.MaxTimeoutSec | Should -Be 120
        }

        It 'sends only the parameters given: <Body>' -ForEach @(
            @{ Arguments = @{ DeliveryMode = 'All' }; Body = '{"default_delivery_mode":"all"}' }
            @{ Arguments = @{ FallbackToUI = $false }; Body = '{"default_fallback_to_ui":false}' }
            @{ Arguments = @{ DeliveryTimeoutSec = 45; DeliveryMode = 'FirstSuccess' }; Body = '{"default_delivery_mode":"first_success","default_timeout_seconds":45}' }
        ) {
            Set-RAApprovalConnectorDefault @Arguments
            Get-Sent | Should -Be @("GET $base/defaults", "PUT $base/defaults")
            (Get-Written)[0].body | Should -BeExactly $Body
        }

        It 'refuses no parameter before any request, and a timeout outside the platform''s bounds after reading them' {
            { Set-RAApprovalConnectorDefault } | Should -Throw -ErrorId 'NoApprovalConnectorDefaultGiven,RunAgents.PowerShell.Cmdlets.SetRAApprovalConnectorDefaultCommand'
            Get-Sent | Should -BeNullOrEmpty
            $null = Set-RAApprovalConnectorDefault -DeliveryTimeoutSec 121 -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidApprovalConnectorDefault')
            "$($failed[0])" | Should -Match '1 to 120 seconds'
            Get-Sent | Should -Be @("GET $base/defaults")
        }

        It 'sends no write when nothing changes, nor under -WhatIf' {
            Set-RAApprovalConnectorDefault -DeliveryMode FirstSuccess -FallbackToUI
            $said = Get-WhatIfMessage { Set-RAApprovalConnectorDefault -DeliveryMode All -WhatIf }
            Get-Written | Should -BeNullOrEmpty
            "$said" | Should -Match 'changed: default_delivery_mode'
        }
    }

    Context 'Get-RAApprovalConnectorActivity' {
        It 'reads the newest 50 rows by default, with -Limit as the platform''s limit' {
            $rows = Get-RAApprovalConnectorActivity
            $null = Get-RAApprovalConnectorActivity -Limit 2
            Get-Sent | Should -Be @("GET $base/activity?limit=50", "GET $base/activity?limit=2")
            $rows[0] | Should -BeOfType RunAgents.PowerShell.Models.ApprovalConnectorActivity
            $rows.Event | Should -Be @('failed', 'decision', 'delivered')
            $rows[0].ConnectorName | Should -BeExactly 'pagerduty-sre'
            $rows[0].StatusCode | Should -Be 503
            $rows[0].Time | Should -Be ([DateTimeOffset]'2026-11-29T03:15:03Z')
        }

        It 'filters by connector name or id, by request and by run' {
            $id = Get-SeedId pagerduty-sre
            (Get-RAApprovalConnectorActivity -Connector slack-*).Event | Should -Be @('decision', 'delivered')
            (Get-RAApprovalConnectorActivity -Connector $id).Event | Should -Be @('failed')
            (Get-RAApprovalConnectorActivity -RequestId ar-seed-1).Event | Should -Be @('decision', 'delivered')
            (Get-RAApprovalConnectorActivity -RunId run-seed-2).Event | Should -Be @('failed')
        }

        It 'takes access requests from the pipeline: their ids filter the rows' {
            $null = Invoke-RAMock $server POST requests @(@{ subject = 'a@example.com'; agent_id = 'payment-approver'; tool_id = 'stripe-api' }, @{ subject = 'b@example.com'; agent_id = 'payment-approver'; tool_id = 'stripe-api' })
            $requests = @(Get-RAAccessRequest)
            $rows = $requests[0] | Get-RAApprovalConnectorActivity
            $rows | Should -HaveCount 1
            $rows[0].RequestId | Should -BeExactly $requests[0].Id
            $rows[0].Event | Should -BeExactly 'delivered'
            $null = Get-RATool stripe-api | Get-RAApprovalConnectorActivity -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidInputObject')
        }

        It 'shows a table of 80 columns' {
            $lines = Get-RAApprovalConnectorActivity | Format-Table | Out-String -Width 80 -Stream | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Time\s+Event\s+Connector\s+Status\s+Message'
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        }
    }

    Context 'Secrets' {
        It 'keeps every header value out of every stream of every connector cmdlet, the platform echoing them in clear' {
            $newSecret = 'zq81XK55ww09pp77'
            $setSecret = 'mv44TT90hh12rr56'
            $testSecret = 'yy03LL27kk88nn41'
            $secrets = $slackSecret, $pagerSecret, $newSecret, $setSecret, $testSecret
            $id = Get-SeedId slack-finance
            $streams = & {
                # Every cmdlet with -Verbose and -Debug (bodies of requests and answers), and information shown.
                $PSDefaultParameterValues = @{ '*-RA*:Verbose' = $true; '*-RA*:Debug' = $true; '*-RA*:InformationAction' = 'Continue' }
                Get-RAApprovalConnector
                Get-RAApprovalConnector -Raw
                Get-RAApprovalConnector -Id $id
                Get-RAApprovalConnector slack-finance | Format-List | Out-String
                New-RAApprovalConnector leak-check https://hooks.example.com/l -Header @{ Authorization = (ConvertTo-TestKey $newSecret) }
                New-RAApprovalConnector leak-plain https://hooks.example.com/p -Header @{ Authorization = $newSecret } -WhatIf
                Set-RAApprovalConnector slack-finance -Header @{ 'X-Slack-Signing-Secret' = (ConvertTo-TestKey $setSecret) } -PassThru
                Get-RAApprovalConnector | Set-RAApprovalConnector -PassThru
                Test-RAApprovalConnector slack-finance
                Test-RAApprovalConnector -Id $id
                Test-RAApprovalConnector -Type PagerDuty -Endpoint https://events.pagerduty.com/v2/enqueue -Header @{ 'X-Routing-Key' = (ConvertTo-TestKey $testSecret) }
                Get-RAApprovalConnectorDefault
                Set-RAApprovalConnectorDefault -DeliveryMode All -PassThru
                Get-RAApprovalConnectorActivity
                Remove-RAApprovalConnector leak-check -Force -PassThru
                Get-RAApprovalConnector nope -ErrorAction Continue
                New-RAApprovalConnector leak-bad http://hooks.example.com/l -Header @{ Authorization = $newSecret } -ErrorAction Continue
            } *>&1

            @($streams | Where-Object { $_ -is [System.Management.Automation.DebugRecord] -and $_.Message -match 'response body' }) | Should -Not -BeNullOrEmpty
            @($streams | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -Not -BeNullOrEmpty
            # The journal shows the secrets did go where they belong: in the writes' bodies.
            (Get-Written | Where-Object method -EQ 'POST')[0].body | Should -Match 'zq81XK55'
            foreach ($secret in $secrets) {
                Find-KeyLeak -Text @(Get-EveryText $streams) -Secret $secret | Should -BeNullOrEmpty -Because "'$secret' is a header value"
            }
        }

        It 'keeps header values out of debug traces of every request and answer' {
            $streams = & {
                $DebugPreference = 'Continue'
                Get-RAApprovalConnector -Debug
                New-RAApprovalConnector trace-check https://hooks.example.com/t -Header @{ Authorization = (ConvertTo-TestKey 'qp72WW13zz90uu65') } -Debug
                Test-RAApprovalConnector slack-finance -Debug
            } 5>&1
            $debug = @($streams | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
            $debug | Where-Object { $_ -match 'response body' } | Should -Not -BeNullOrEmpty
            $debug | Where-Object { $_ -match 'request body' } | Should -Not -BeNullOrEmpty
            foreach ($secret in $slackSecret, $pagerSecret, 'qp72WW13zz90uu65') {
                Find-KeyLeak -Text $debug -Secret $secret | Should -BeNullOrEmpty
            }
        }

        It 'keeps a header value the platform echoes in an error out of the error' {
            $secret = 'hx59RR04mm37ll82'
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $base; status = 400; body = "{`"error`":`"header Authorization value $secret is not accepted`"}" }
            $null = New-RAApprovalConnector echo-check https://hooks.example.com/e -Header @{ Authorization = (ConvertTo-TestKey $secret) } -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed | Should -HaveCount 1
            Find-KeyLeak -Text @(Get-EveryText $failed) -Secret $secret | Should -BeNullOrEmpty
        }

        It 'keeps header values out of the excerpt of a list that is not JSON' {
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $base; status = 200; body = "[{`"id`":`"ac_1`",`"headers`":{`"X-Routing-Key`":`"$pagerSecret`"}" }
            $null = Get-RAApprovalConnector -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed | Should -HaveCount 1
            Find-KeyLeak -Text @(Get-EveryText $failed) -Secret $pagerSecret | Should -BeNullOrEmpty
        }

        It 'keeps header values out of exports: Export-Clixml, ConvertTo-Json, Export-Csv' {
            $file = Join-Path $folder 'connectors.xml'
            Get-RAApprovalConnector | Export-Clixml -LiteralPath $file
            $csv = Join-Path $folder 'connectors.csv'
            Get-RAApprovalConnector | Export-Csv -LiteralPath $csv
            $texts = (Get-Content -LiteralPath $file -Raw), (Get-Content -LiteralPath $csv -Raw), (Get-RAApprovalConnector | ConvertTo-Json -Depth 5)
            foreach ($secret in $slackSecret, $pagerSecret) {
                Find-KeyLeak -Text $texts -Secret $secret | Should -BeNullOrEmpty
            }
        }

        It 'applies an imported copy of a connector without writing its masked values' {
            $file = Join-Path $folder 'copy.xml'
            Get-RAApprovalConnector slack-finance | Export-Clixml -LiteralPath $file
            Import-Clixml -LiteralPath $file | Set-RAApprovalConnector
            Get-Written | Should -BeNullOrEmpty
        }
    }
}
