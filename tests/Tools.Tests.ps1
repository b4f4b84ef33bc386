# Tools: Get-, New-, Set-, Remove- and Test-RATool and Test-RAToolEndpoint on both API generations. Each test reads
# what went over the wire in the mock's journal: the exact requests, nothing written by -WhatIf or an unchanged
# apply, and a tool's credentials nowhere but in the body of the one write that sets them.

Describe 'Tools on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 0
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        $tools = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/tools' } else { '/api/tools' })
        $policies = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/policies' } else { '/api/policies' })
        $agents = Get-TestPath $api Agents
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Written { @(Get-RAMockJournal $server | Where-Object method -NE 'GET') }
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

    Context 'Get-RATool' {
        It 'lists every tool with one request, reading the contract''s shape and the flat one alike' {
            $all = Get-RATool

            Get-Sent | Should -Be @("GET $tools")
            $all.Name | Should -Be @('stripe-api', 'zendesk-api', 'slack-notify')
            $all[0] | Should -BeOfType RunAgents.PowerShell.Models.Tool
            $all[0].BaseUrl | Should -BeExactly 'https://api.stripe.com'
            $all[0].AuthType | Should -BeExactly 'APIKey'
            $all[0].AccessMode | Should -BeExactly 'Restricted'
            $all[0].Capabilities.ToString() | Should -BeExactly 'refund, payout, read-charges'
            $all[0].RiskTags.ToString() | Should -BeExactly 'payments, pii'
            $all[0].Phase | Should -BeExactly 'Available'
            $all[0].LastProbeTime | Should -Be ([DateTimeOffset]'2026-11-29T04:00:00Z')
            $all[0].Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
            # The flat shape: base_url, auth_type and a status that is a phase.
            $all[2].BaseUrl | Should -BeExactly 'https://hooks.slack.com'
            $all[2].AuthType | Should -BeExactly 'None'
            $all[2].Phase | Should -BeExactly 'Available'
        }

        It 'gets an exact name with one GET of that tool, and a pattern from the list' {
            (Get-RATool stripe-api).Name | Should -BeExactly 'stripe-api'
            (Get-RATool '*-api').Name | Should -Be @('stripe-api', 'zendesk-api')
            Get-Sent | Should -Be @("GET $tools/stripe-api", "GET $tools")
        }

        It 'writes each tool once when names overlap' {
            (Get-RATool stripe-api, 'stripe*', '*').Name | Should -Be @('stripe-api', 'zendesk-api', 'slack-notify')
        }

        It 'reports an exact name that does not exist as ToolNotFound, an ItemNotFoundException, and a pattern that matches nothing as nothing' {
            $found = Get-RATool nope, 'nothing*' -ErrorVariable failed -ErrorAction SilentlyContinue

            $found | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('ToolNotFound')
            $failed[0].FullyQualifiedErrorId | Should -BeExactly 'ToolNotFound,RunAgents.PowerShell.Cmdlets.GetRAToolCommand'
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
            $failed[0].CategoryInfo.Category | Should -Be ObjectNotFound
            "$($failed[0])" | Should -Match "Cannot find a tool named 'nope'"
        }

        It 'names the tool once in the error of a request that failed' {
            $wrongKey = Connect-RAService -Uri $api.Uri -ApiKey (ConvertTo-SecureString 'not-the-key' -AsPlainText -Force) -KeepCurrent

            $null = Get-RATool stripe-api -Connection $wrongKey -ErrorVariable failed -ErrorAction SilentlyContinue

            "$($failed[0])" | Should -BeLike "Cannot get tool 'stripe-api': *"
            $failed[0].TargetObject | Should -BeExactly 'stripe-api'
        }

        It 'filters by -Phase' {
            $null = Test-RATool zendesk-api -ErrorAction Stop
            $null = Set-RATool zendesk-api -BaseUrl https://tickets.unreachable.example
            $null = Test-RATool zendesk-api
            (Get-RATool -Phase Unreachable).Name | Should -Be @('zendesk-api')
            (Get-RATool -Phase Avail*).Name | Should -Be @('stripe-api', 'slack-notify')
        }

        It 'writes the server''s JSON with -Raw' {
            $raw = Get-RATool slack-notify -Raw
            $raw | Should -BeOfType string
            ($raw | ConvertFrom-Json).base_url | Should -BeExactly 'https://hooks.slack.com'
        }

        It 'refuses a name that cannot be a path segment before any request' {
            Get-RATool '../agents' -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidName')
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'shows the CLI''s columns in a table that fits 80 columns' {
            $lines = @(Get-RATool | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Name\s+Topology\s+Access\s+Phase\s+BaseUrl'
            $lines | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
            $lines | Where-Object { $_ -match 'stripe-api\s+External\s+Restricted\s+Available\s+https://api.stripe.com' } | Should -HaveCount 1
        }

        It 'exports flat rows: lists as text, the spec as JSON, no connection' {
            $csv = Join-Path $folder 'tools.csv'
            Get-RATool stripe-api | Export-Csv -LiteralPath $csv
            $row = Import-Csv -LiteralPath $csv
            $row.Capabilities | Should -BeExactly 'refund, payout, read-charges'
            ($row.Spec | ConvertFrom-Json).connection.baseUrl | Should -BeExactly 'https://api.stripe.com'
            $row.PSObject.Properties.Name | Should -Not -Contain 'Connection'
            $row.Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
        }

        It 'keeps the fields it does not model in AdditionalFields' {
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = "$tools/stripe-api"; status = 200; contentType = 'application/json'; body = '{"name":"stripe-api","spec":{"connection":{"baseUrl":"https://api.stripe.com"}},"owner":"payments-team"}' }
            (Get-RATool stripe-api).AdditionalFields.owner | Should -BeExactly 'payments-team'
        }
    }

    Context 'New-RATool' {
        It 'creates a tool from parameters with a GET that finds no tool, then one POST of the contract''s body' {
            $made = New-RATool github-api -BaseUrl https://api.github.com -Description 'GitHub' -Topology External -AuthType APIKey -ApiKeyIn Header -ApiKeyName Authorization -ApiKeyPrefix 'token ' -AccessMode Critical -Capability @{ name = 'issues'; method = 'GET'; path = '/repos/*'; riskTags = 'read' } -RiskTag code

            Get-Sent | Should -Be @("GET $tools/github-api", "POST $tools")
            $body = (Get-Written)[0].body | ConvertFrom-Json -AsHashtable
            $body.name | Should -BeExactly 'github-api'
            $body.spec.connection.baseUrl | Should -BeExactly 'https://api.github.com'
            $body.spec.connection.port | Should -Be 443
            $body.spec.connection.scheme | Should -BeExactly 'HTTPS'
            $body.spec.connection.topology | Should -BeExactly 'External'
            $body.spec.connection.authentication.type | Should -BeExactly 'APIKey'
            $body.spec.connection.authentication.apiKeyConfig.valuePrefix | Should -BeExactly 'token '
            $body.spec.governance.accessControl.mode | Should -BeExactly 'Critical'
            $body.spec.capabilities[0].name | Should -BeExactly 'issues'
            $body.spec.capabilities[0].riskTags | Should -Be @('read')
            $body.spec.riskTags | Should -Be @('code')
            $body.ContainsKey('credentials') | Should -BeFalse
            $made.Name | Should -BeExactly 'github-api'
            $made.Phase | Should -BeExactly 'Pending'
        }

        It 'refuses a name that exists with ToolExists before any write (the platform''s POST would replace it)' {
            New-RATool stripe-api -BaseUrl https://evil.example -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('ToolExists')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            Get-Written | Should -BeNullOrEmpty
            (Get-RATool stripe-api).BaseUrl | Should -BeExactly 'https://api.stripe.com'
        }

        It 'sends nothing with -WhatIf, and says what it would create' {
            $said = Get-WhatIfMessage { New-RATool github-api -BaseUrl https://api.github.com -WhatIf }
            "$said" | Should -Match "Create tool.*tool 'github-api'"
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses a tool without a base URL, a base URL that is not http(s), and a capability field it does not know, before any write' {
            New-RATool a -Description x -ErrorVariable f1 -ErrorAction SilentlyContinue
            New-RATool b -BaseUrl ftp://files.example -ErrorVariable f2 -ErrorAction SilentlyContinue
            New-RATool c -BaseUrl https://c.example -Capability @{ name = 'x'; methd = 'GET' } -ErrorVariable f3 -ErrorAction SilentlyContinue

            Get-ErrorId ($f1 + $f2 + $f3) | Should -Be @('InvalidTool', 'InvalidTool', 'InvalidTool')
            "$($f1[0])" | Should -Match 'no base URL'
            "$($f2[0])" | Should -Match 'absolute http or https'
            "$($f3[0])" | Should -Match "Did you mean 'method'"
            Get-Written | Should -BeNullOrEmpty
        }

        It 'takes an API key as a SecureString into credentials.api_key only, and never shows it' {
            $secret = 'sk_live_TOOLSECRET_4242'
            $streams = New-RATool billing-api -BaseUrl https://billing.example -AuthType APIKey -ApiKey (ConvertTo-TestKey $secret) -Verbose -Debug *>&1

            $written = Get-Written
            $written | Should -HaveCount 1
            ($written[0].body | ConvertFrom-Json).credentials.api_key | Should -BeExactly $secret
            Find-KeyLeak -Text @(Get-EveryText $streams) -Secret $secret | Should -BeNullOrEmpty
            Find-KeyLeak -Text @(Get-EveryText (Get-RATool billing-api)) -Secret $secret | Should -BeNullOrEmpty
            (Get-RATool billing-api -Raw) | Should -Not -Match 'TOOLSECRET'
        }

        It 'takes OAuth2 client credentials as a PSCredential into client_id and client_secret' {
            $credential = [pscredential]::new('client-7', (ConvertTo-TestKey 'oauth_SECRET_998877'))
            $streams = New-RATool drive-api -BaseUrl https://drive.example -AuthType OAuth2 -OAuthClient $credential -AuthUrl https://auth.example/authorize -TokenUrl https://auth.example/token -Scope files.read -Debug *>&1

            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.credentials.client_id | Should -BeExactly 'client-7'
            $body.credentials.client_secret | Should -BeExactly 'oauth_SECRET_998877'
            $body.spec.connection.authentication.oauth2Config.tokenUrl | Should -BeExactly 'https://auth.example/token'
            $body.spec.connection.authentication.oauth2Config.scopes | Should -Be @('files.read')
            Find-KeyLeak -Text @(Get-EveryText $streams) -Secret 'oauth_SECRET_998877' | Should -BeNullOrEmpty
        }
    }

    Context 'documents: the shapes a file or the pipeline gives' {
        It 'reads the API body, a bare spec with -Name, a Kubernetes-style manifest and a hashtable into the same body' {
            $spec = @{ description = 'Docs'; connection = @{ baseUrl = 'https://docs.example'; topology = 'External' } }
            @{ name = 'one'; spec = $spec } | New-RATool
            $spec | ConvertTo-Json -Depth 5 | New-RATool -Name two
            @{ apiVersion = 'runagents.io/v1'; kind = 'Tool'; metadata = @{ name = 'three' }; spec = $spec } | ConvertTo-Json -Depth 5 | ConvertFrom-Json | New-RATool

            $bodies = @(Get-Written | ForEach-Object { $_.body | ConvertFrom-Json })
            $bodies.name | Should -Be @('one', 'two', 'three')
            $bodies | ForEach-Object { $_.spec.connection.baseUrl | Should -BeExactly 'https://docs.example' }
            $bodies | ForEach-Object { $_.PSObject.Properties.Name | Should -Not -Contain 'metadata' }
        }

        It 'reads the flat shape other clients write into the contract''s' {
            @{ name = 'flat'; base_url = 'https://flat.example'; auth_type = 'None'; port = 8443; scheme = 'HTTPS'; description = 'Flat' } | New-RATool

            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.spec.connection.baseUrl | Should -BeExactly 'https://flat.example'
            $body.spec.connection.port | Should -Be 8443
            $body.spec.connection.authentication.type | Should -BeExactly 'None'
            $body.spec.description | Should -BeExactly 'Flat'
            $body.PSObject.Properties.Name | Should -Not -Contain 'base_url'
        }

        It 'passes unknown fields through untouched' {
            @{ name = 'kept'; owner = 'team-a'; spec = @{ connection = @{ baseUrl = 'https://kept.example'; tls = @{ insecureSkipVerify = $false } }; futureField = @{ x = 1 } } } | New-RATool

            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.owner | Should -BeExactly 'team-a'
            $body.spec.futureField.x | Should -Be 1
            $body.spec.connection.tls.insecureSkipVerify | Should -BeFalse
        }

        It 'refuses a misspelled known field, naming the one meant, and a field given twice, before any request' {
            '{"name":"typo","spec":{"descripton":"x","connection":{"baseUrl":"https://t.example"}}}' | New-RATool -ErrorVariable f1 -ErrorAction SilentlyContinue
            '{"name":"twice","name":"again","spec":{}}' | New-RATool -ErrorVariable f2 -ErrorAction SilentlyContinue

            Get-ErrorId ($f1 + $f2) | Should -Be @('InvalidTool', 'InvalidTool')
            "$($f1[0])" | Should -Match "'descripton'.*Did you mean 'description'"
            "$($f2[0])" | Should -Match "field 'name' twice"
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'refuses a document and -Name that name different tools' {
            @{ name = 'a'; spec = @{ connection = @{ baseUrl = 'https://a.example' } } } | New-RATool -Name b -ErrorVariable failed -ErrorAction SilentlyContinue
            "$($failed[0])" | Should -Match "names the tool 'a', and -Name 'b'"
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'reads .json and .psd1 files, by -Path and from Get-ChildItem, and refuses YAML naming ConvertFrom-Yaml' {
            $json = Join-Path $folder 'json-tool.json'
            '{"name":"json-tool","spec":{"connection":{"baseUrl":"https://json.example"}}}' | Set-Content -LiteralPath $json
            $psd1 = Join-Path $folder 'psd1-tool.psd1'
            "@{ name = 'psd1-tool'; spec = @{ connection = @{ baseUrl = 'https://psd1.example' } } }" | Set-Content -LiteralPath $psd1
            $yaml = Join-Path $folder 'yaml-tool.yaml'
            'name: yaml-tool' | Set-Content -LiteralPath $yaml

            New-RATool -Path $json
            Get-Item $psd1 | New-RATool
            New-RATool -Path $yaml -ErrorVariable failed -ErrorAction SilentlyContinue

            (Get-Written | ForEach-Object { ($_.body | ConvertFrom-Json).name }) | Should -Be @('json-tool', 'psd1-tool')
            Get-ErrorId $failed | Should -Be @('InvalidTool')
            "$($failed[0])" | Should -Match 'ConvertFrom-Yaml'
        }

        It 'refuses an object of another kind piped in, before any request' {
            $agent = Get-RAAgent -Name payment-approver -Namespace $(if ($api.ByName) { $null } else { 'finance' }) | Select-Object -First 1
            Get-RAMockJournal $server -Clear
            $agent | New-RATool -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidInputObject')
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }
    }

    Context 'Set-RATool: apply' {
        It 'changes a field given alone and keeps the rest of the tool' {
            Set-RATool stripe-api -Description 'Stripe, the payments API'

            Get-Sent | Should -Be @("GET $tools/stripe-api", "POST $tools")
            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.spec.description | Should -BeExactly 'Stripe, the payments API'
            $body.spec.connection.authentication.apiKeyConfig.secretRef.name | Should -BeExactly 'stripe-api-key'
            $body.spec.capabilities.name | Should -Be @('refund', 'payout', 'read-charges')
            $body.PSObject.Properties.Name | Should -Not -Contain 'status'
        }

        It 'sends no write when nothing differs, and says so with -Verbose' {
            $said = Set-RATool stripe-api -Description 'Stripe payments: charges, refunds and payouts.' -Verbose 4>&1
            Get-Written | Should -BeNullOrEmpty
            "$said" | Should -Match "Unchanged tool 'stripe-api'"
        }

        It 'writes nothing without -PassThru, and the tool as the platform has it with it' {
            Set-RATool stripe-api -Description 'x' | Should -BeNullOrEmpty
            (Set-RATool stripe-api -Description 'y' -PassThru).Spec.description | Should -BeExactly 'y'
            (Set-RATool stripe-api -Description 'y' -PassThru).Name | Should -BeExactly 'stripe-api'
        }

        It 'says create, update with the changed fields, or nothing with -WhatIf, and sends no write' {
            $create = Get-WhatIfMessage { Set-RATool new-tool -BaseUrl https://new.example -WhatIf }
            $update = Get-WhatIfMessage { Set-RATool stripe-api -Description 'changed' -AccessMode Critical -WhatIf }
            $same = Get-WhatIfMessage { Set-RATool stripe-api -Description 'Stripe payments: charges, refunds and payouts.' -WhatIf }

            "$create" | Should -Match 'Create tool'
            "$update" | Should -Match 'Update tool \(changed: spec.description, spec.governance.accessControl.mode\)'
            $same | Should -BeNullOrEmpty
            Get-Written | Should -BeNullOrEmpty
        }

        It 'creates a tool that does not exist' {
            Set-RATool brand-new -BaseUrl https://brand.example
            Get-Sent | Should -Be @("GET $tools/brand-new", "POST $tools")
        }

        It 're-applying a folder of tools it applied before sends no write' {
            $dir = Join-Path $folder 'tools'
            $null = New-Item -ItemType Directory -Path $dir -Force
            '{"name":"alpha","spec":{"description":"A","connection":{"baseUrl":"https://alpha.example","topology":"External"},"capabilities":[{"name":"read","method":"GET","path":"/*"}]}}' | Set-Content (Join-Path $dir 'alpha.json')
            "@{ name = 'beta'; spec = @{ connection = @{ baseUrl = 'https://beta.example:8443' }; riskTags = @('pii') } }" | Set-Content (Join-Path $dir 'beta.psd1')
            Get-ChildItem $dir | Set-RATool
            @(Get-Written).Count | Should -Be 2
            Get-RAMockJournal $server -Clear

            Get-ChildItem $dir | Set-RATool
            Set-RATool -Path (Join-Path $dir '*')

            Get-Written | Should -BeNullOrEmpty
            Get-Sent | Should -Be @("GET $tools/alpha", "GET $tools/beta", "GET $tools/alpha", "GET $tools/beta")
        }

        It 'applies an object from Get-RATool piped back, as it was read, with no write when unchanged' {
            Get-RATool stripe-api | Set-RATool
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses an object read before the platform''s copy changed (ToolChanged) unless -Force' {
            $read = Get-RATool stripe-api
            Set-RATool stripe-api -Description 'changed by someone else'
            Get-RAMockJournal $server -Clear

            $read | Set-RATool -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('ToolChanged')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            Get-Written | Should -BeNullOrEmpty

            $read | Set-RATool -Force
            ((Get-Written)[0].body | ConvertFrom-Json).spec.description | Should -BeExactly 'Stripe payments: charges, refunds and payouts.'
        }

        It 'reads a copy of a tool (Select-Object *, Import-Clixml) as its document' {
            $xml = Join-Path $folder 'stripe.xml'
            Get-RATool stripe-api | Export-Clixml -LiteralPath $xml
            Get-RATool stripe-api | Select-Object * | Set-RATool
            Import-Clixml -LiteralPath $xml | Set-RATool
            Get-Written | Should -BeNullOrEmpty
        }

        It 'reads a row of Export-Csv read back by Import-Csv as its document: its name and its spec' {
            $csv = Join-Path $folder 'tools.csv'
            Get-RATool | Export-Csv -LiteralPath $csv
            Import-Csv -LiteralPath $csv | Set-RATool
            Get-Written | Should -BeNullOrEmpty
        }

        It 'always sends a key given, since the platform never shows the stored one, and never shows it' {
            $secret = 'sk_rotated_SECRET_5151'
            $said = Get-WhatIfMessage { Set-RATool stripe-api -ApiKey (ConvertTo-TestKey $secret) -WhatIf }
            "$said" | Should -Match 'credentials \(a secret, always sent when given\)'
            Find-KeyLeak -Text @($said) -Secret $secret | Should -BeNullOrEmpty
            Get-Written | Should -BeNullOrEmpty

            $streams = Set-RATool stripe-api -ApiKey (ConvertTo-TestKey $secret) -Verbose -Debug -PassThru *>&1
            ((Get-Written)[0].body | ConvertFrom-Json).credentials.api_key | Should -BeExactly $secret
            Find-KeyLeak -Text @(Get-EveryText $streams) -Secret $secret | Should -BeNullOrEmpty
        }
    }

    Context 'Remove-RATool' {
        It 'refuses a tool an agent requires or a policy names (ToolInUse), sending no DELETE' {
            Remove-RATool stripe-api -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('ToolInUse')
            "$($failed[0])" | Should -Match "agent '.*payment-approver' requires it"
            "$($failed[0])" | Should -Match "policy 'payments-approval' names it"
            Get-Sent | Should -Be @("GET $agents", "GET $policies")
        }

        It 'removes it with -Force, with a warning saying what used it' {
            Remove-RATool stripe-api -Force -WarningVariable warned -WarningAction SilentlyContinue
            "$warned" | Should -Match 'in use'
            Get-Sent | Select-Object -Last 1 | Should -BeExactly "DELETE $tools/stripe-api"
        }

        It 'removes an unused tool piped from Get-RATool, and writes it with -PassThru' {
            $removed = Get-RATool slack-notify | Remove-RATool -Confirm:$false -PassThru
            $removed.Name | Should -BeExactly 'slack-notify'
            Get-Sent | Select-Object -Last 1 | Should -BeExactly "DELETE $tools/slack-notify"
        }

        It 'sends no DELETE with -WhatIf' {
            Remove-RATool slack-notify -WhatIf
            Get-Sent | Where-Object { $_ -like 'DELETE *' } | Should -BeNullOrEmpty
        }

        It 'is ConfirmImpact High' {
            (Get-Command Remove-RATool).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be High
        }

        It 'reports a tool that does not exist as ToolNotFound' {
            Remove-RATool nope -Force -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('ToolNotFound')
        }

        It 'refuses an agent piped in, before any request' {
            $agent = Get-RAAgent | Select-Object -First 1
            Get-RAMockJournal $server -Clear
            $agent | Remove-RATool -Force -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidInputObject')
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }
    }

    Context 'Test-RATool and Test-RAToolEndpoint' {
        It 'tests a tool with one POST, writes the probe, and refreshes the tool''s status' {
            $probe = Test-RATool stripe-api

            Get-Sent | Should -Be @("POST $tools/stripe-api/test")
            $probe.Reachable | Should -BeTrue
            $probe.StatusCode | Should -Be 200
            $probe.Name | Should -BeExactly 'stripe-api'
            (Get-RATool stripe-api).LastProbeTime | Should -Not -BeNullOrEmpty
        }

        It 'writes $true or $false with -Quiet, for tools piped from Get-RATool' {
            $null = Set-RATool zendesk-api -BaseUrl https://down.invalid
            (Get-RATool stripe-api, zendesk-api | Test-RATool -Quiet) | Should -Be @($true, $false)
        }

        It 'reports a tool that does not exist as ToolNotFound' {
            Test-RATool nope -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('ToolNotFound')
        }

        It 'probes URLs, given or piped as text, and a tool''s base URL' {
            $probes = @(Test-RAToolEndpoint https://example.com) + @('https://secure.example/secure' | Test-RAToolEndpoint) + @(Get-RATool slack-notify | Test-RAToolEndpoint)

            $probes.Uri | Should -Be @('https://example.com', 'https://secure.example/secure', 'https://hooks.slack.com')
            $probes.StatusCode | Should -Be @(200, 401, 200)
            $probes[2].Name | Should -BeExactly 'slack-notify'
            @(Get-RAMockJournal $server | Where-Object method -EQ POST).body | ForEach-Object { ($_ | ConvertFrom-Json).url } | Should -Be @('https://example.com', 'https://secure.example/secure', 'https://hooks.slack.com')
        }

        It 'refuses a URL that is not absolute http(s) before any request' {
            'not a url', 'ftp://x.example' | Test-RAToolEndpoint -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidUri', 'InvalidUri')
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }
    }

    Context 'the platform each tool came from' {
        It 'acts on the platform a tool was read from, not the current one' {
            $other = if ($Generation -eq 'V1') { New-TestApi Namespaced $server } else { New-TestApi V1 $server }
            $read = Get-RATool slack-notify
            Connect-TestServer $other
            try {
                Get-RAMockJournal $server -Clear
                $read | Remove-RATool -Force
                Get-Sent | Select-Object -Last 1 | Should -BeExactly "DELETE $tools/slack-notify"
            }
            finally {
                Connect-TestServer $api
            }
        }
    }
}
