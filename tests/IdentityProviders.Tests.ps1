# Identity providers: Get-, New-, Set- and Remove-RAIdentityProvider on both API generations. Each test reads what
# went over the wire in the mock's journal: the exact requests, nothing written by -WhatIf or an unchanged apply, no
# request after a bad input, and no delete while an agent (by its label or its config) uses the provider.

Describe 'Identity providers on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $longKey = 'ra_ws_Zq8xKv3Pw9LmT4nB7jR2'
        $server = Start-RAMockServer -DeployReadyMs 0 -ApiKey 'test-key', $longKey
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        $providers = Get-TestPath $api IdentityProviders
        $agents = Get-TestPath $api Agents
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Written { @(Get-RAMockJournal $server | Where-Object method -NE 'GET') }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        $folder = Join-Path $TestDrive $Generation
        $null = New-Item -ItemType Directory -Path $folder -Force
        $okta = @{ HostName = 'agents.acme.example'; Issuer = 'https://acme.okta.com'; JwksUri = 'https://acme.okta.com/oauth2/v1/keys'; UserIdClaim = 'email' }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    Context 'Get-RAIdentityProvider' {
        It 'lists every provider with one request, as typed objects' {
            $all = Get-RAIdentityProvider

            Get-Sent | Should -Be @("GET $providers")
            $all.Name | Should -Be @('google-oidc', 'azure-ad')
            $all[0] | Should -BeOfType RunAgents.PowerShell.Models.IdentityProvider
            $all[0].HostName | Should -BeExactly 'agents.acme.example'
            $all[0].Issuer | Should -BeExactly 'https://accounts.google.com'
            $all[0].JwksUri | Should -BeExactly 'https://www.googleapis.com/oauth2/v3/certs'
            $all[0].Audiences | Should -Be @('runagents')
            $all[0].UserIdClaim | Should -BeExactly 'email'
            $all[0].AllowedDomains | Should -Be @('acme.example')
            $all[0].AllowedDomains.ToString() | Should -BeExactly 'acme.example'
            $all[0].Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
        }

        It 'gets an exact name with one GET of that provider, and a pattern from the list' {
            (Get-RAIdentityProvider azure-ad).Name | Should -BeExactly 'azure-ad'
            (Get-RAIdentityProvider '*oidc').Name | Should -Be @('google-oidc')
            Get-Sent | Should -Be @("GET $providers/azure-ad", "GET $providers")
        }

        It 'reports an exact name that does not exist as IdentityProviderNotFound, and a pattern that matches nothing as nothing' {
            Get-RAIdentityProvider nope, 'nothing*' -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('IdentityProviderNotFound')
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
            "$($failed[0])" | Should -Match "Cannot find an identity provider named 'nope'"
        }

        It 'writes the server''s JSON with -Raw' {
            $raw = Get-RAIdentityProvider google-oidc -Raw
            $raw | Should -BeOfType string
            ($raw | ConvertFrom-Json).spec.userIDClaim | Should -BeExactly 'email'
        }

        It 'refuses a name that cannot be a path segment before any request' {
            Get-RAIdentityProvider '../agents' -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidName')
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'shows the name, host, claim and issuer in a table that fits 80 columns' {
            $lines = @(Get-RAIdentityProvider | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Name\s+HostName\s+Claim\s+Issuer\s*$'
            $lines | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
            $lines | Where-Object { $_ -match '^google-oidc\s+agents\.acme\.example\s+email\s+https://accounts\.google\.com\s*$' } | Should -HaveCount 1
        }

        It 'completes -Name from the platform''s identity providers' {
            foreach ($command in 'Get-RAIdentityProvider', 'Set-RAIdentityProvider', 'Remove-RAIdentityProvider') {
                $line = "$command -Name a"
                (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('azure-ad')
            }
        }
    }

    Context 'New-RAIdentityProvider' {
        It 'creates a provider from parameters with a GET that finds none, then one POST of the contract''s body' {
            $made = New-RAIdentityProvider okta @okta -Audience runagents, api://agents -AllowedDomain acme.example, acme.dev

            Get-Sent | Should -Be @("GET $providers/okta", "POST $providers")
            $body = (Get-Written)[0].body | ConvertFrom-Json -AsHashtable
            $body.Keys | Sort-Object | Should -Be @('name', 'spec')
            $body.name | Should -BeExactly 'okta'
            $body.spec.host | Should -BeExactly 'agents.acme.example'
            $body.spec.identityProvider.issuer | Should -BeExactly 'https://acme.okta.com'
            $body.spec.identityProvider.jwksUri | Should -BeExactly 'https://acme.okta.com/oauth2/v1/keys'
            $body.spec.identityProvider.audiences | Should -Be @('runagents', 'api://agents')
            $body.spec.userIDClaim | Should -BeExactly 'email'
            $body.spec.allowedDomains | Should -Be @('acme.example', 'acme.dev')
            $made | Should -BeOfType RunAgents.PowerShell.Models.IdentityProvider
            $made.HostName | Should -BeExactly 'agents.acme.example'
            # As in the contract, an identity provider has no status.
            (Get-RAIdentityProvider okta -Raw | ConvertFrom-Json).PSObject.Properties.Name | Should -Not -Contain 'status'
        }

        It 'refuses a name that exists with IdentityProviderExists before any write (the platform''s POST would replace it, answering 201)' {
            New-RAIdentityProvider google-oidc @okta -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('IdentityProviderExists')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            "$($failed[0])" | Should -Match "^An identity provider named 'google-oidc' exists already.*Set-RAIdentityProvider"
            Get-Sent | Should -Be @("GET $providers/google-oidc")
            (Get-RAIdentityProvider google-oidc).Issuer | Should -BeExactly 'https://accounts.google.com'
        }

        It 'sends nothing with -WhatIf, and says what it would create' {
            $said = Get-WhatIfMessage { New-RAIdentityProvider okta @okta -WhatIf }
            "$said" | Should -Match "Create identity provider.*identity provider 'okta'"
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses <Case> before any request' -ForEach @(
            @{ Case = 'a provider without a host'; Leave = 'HostName'; Message = 'lacks -HostName \(spec.host\)' }
            @{ Case = 'a provider without an issuer'; Leave = 'Issuer'; Message = 'lacks -Issuer \(spec.identityProvider.issuer\)' }
            @{ Case = 'a provider without a key set'; Leave = 'JwksUri'; Message = 'lacks -JwksUri \(spec.identityProvider.jwksUri\)' }
            @{ Case = 'a provider without the user''s claim'; Leave = 'UserIdClaim'; Message = 'lacks -UserIdClaim \(spec.userIDClaim\)' }
        ) {
            $given = $okta.Clone()
            $given.Remove($Leave)
            New-RAIdentityProvider okta @given -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('InvalidIdentityProvider')
            $failed[0].CategoryInfo.Category | Should -Be InvalidArgument
            "$($failed[0])" | Should -Match $Message
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'names every missing field at once' {
            New-RAIdentityProvider okta -HostName agents.acme.example -ErrorVariable failed -ErrorAction SilentlyContinue
            "$($failed[0])" | Should -Match '-Issuer.*-JwksUri.*-UserIdClaim'
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'refuses <Case> before any request' -ForEach @(
            @{ Case = 'an issuer over plain http'; Arguments = @{ Issuer = 'http://acme.okta.com' }; Message = '-Issuer .* must be an absolute https URL' }
            @{ Case = 'a relative key set address'; Arguments = @{ JwksUri = 'keys' }; Message = '-JwksUri .* must be an absolute https URL' }
            @{ Case = 'a host with a scheme'; Arguments = @{ HostName = 'https://agents.acme.example' }; Message = 'host name alone' }
            @{ Case = 'an empty audience'; Arguments = @{ Audience = @('runagents', '') }; Message = '-Audience cannot hold an empty value' }
        ) {
            $given = $okta.Clone()
            foreach ($key in $Arguments.Keys) { $given[$key] = $Arguments[$key] }
            New-RAIdentityProvider okta @given -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('InvalidIdentityProvider')
            "$($failed[0])" | Should -Match $Message
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'has -HostName and no -Host, which would hide the cmdlet''s host' {
            foreach ($command in 'New-RAIdentityProvider', 'Set-RAIdentityProvider') {
                (Get-Command $command).Parameters.Keys | Should -Contain 'HostName'
                (Get-Command $command).Parameters.Keys | Should -Not -Contain 'Host'
            }
        }

        It 'never shows the connection''s API key in any stream, request trace included' {
            $secret = $longKey
            Connect-TestServer $api -Key $secret
            try {
                $streams = & {
                    New-RAIdentityProvider okta @okta -Verbose -Debug -WarningAction Continue
                    Set-RAIdentityProvider okta -Audience runagents -Verbose -Debug -PassThru -WarningAction Continue
                    Set-RAIdentityProvider okta -AllowedDomain acme.example -WhatIf -Verbose -Debug -WarningAction Continue
                    Remove-RAIdentityProvider okta -Force -Verbose -Debug -WarningAction Continue
                    Remove-RAIdentityProvider azure-ad -Confirm:$false -Verbose -Debug -WarningAction Continue -ErrorAction SilentlyContinue
                } *>&1

                @(Get-Written).Count | Should -Be 3
                Find-KeyLeak -Text @(Get-EveryText $streams) -Secret $secret | Should -BeNullOrEmpty
            }
            finally {
                Connect-TestServer $api
            }
        }
    }

    Context 'documents: the shapes a file or the pipeline gives' {
        It 'reads the API body, a bare spec with -Name, a Kubernetes-style manifest, a hashtable and the flat shape into the same body' {
            $spec = @{ host = 'h.acme.example'; identityProvider = @{ issuer = 'https://idp.acme.example'; jwksUri = 'https://idp.acme.example/keys' }; userIDClaim = 'sub' }
            @{ name = 'one'; spec = $spec } | New-RAIdentityProvider
            $spec | ConvertTo-Json -Depth 5 | New-RAIdentityProvider -Name two
            @{ apiVersion = 'runagents.io/v1'; kind = 'IdentityProvider'; metadata = @{ name = 'three' }; spec = $spec } | ConvertTo-Json -Depth 5 | ConvertFrom-Json | New-RAIdentityProvider
            @{ name = 'four'; spec = @{ host = 'h.acme.example'; issuer = 'https://idp.acme.example'; jwksUri = 'https://idp.acme.example/keys'; userIDClaim = 'sub' } } | New-RAIdentityProvider

            $bodies = @(Get-Written | ForEach-Object { $_.body | ConvertFrom-Json })
            $bodies.name | Should -Be @('one', 'two', 'three', 'four')
            $bodies | ForEach-Object {
                $_.spec.identityProvider.issuer | Should -BeExactly 'https://idp.acme.example'
                $_.spec.identityProvider.jwksUri | Should -BeExactly 'https://idp.acme.example/keys'
                $_.spec.PSObject.Properties.Name | Sort-Object | Should -Be @('host', 'identityProvider', 'userIDClaim')
            }
        }

        It 'passes unknown fields through untouched' {
            @{ name = 'kept'; owner = 'team-a'; spec = @{ host = 'h'; identityProvider = @{ issuer = 'https://i.example'; jwksUri = 'https://i.example/k'; clockSkew = '30s' }; userIDClaim = 'sub' } } | New-RAIdentityProvider
            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.owner | Should -BeExactly 'team-a'
            $body.spec.identityProvider.clockSkew | Should -BeExactly '30s'
        }

        It 'refuses a misspelled known field, naming the one meant, before any request' {
            '{"name":"typo","spec":{"host":"h","identityProvider":{"issuer":"https://i.example","jwksUri":"https://i.example/k"},"userIdClaim":"sub"}}' | New-RAIdentityProvider -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidIdentityProvider')
            "$($failed[0])" | Should -Match "'userIdClaim'.*Did you mean 'userIDClaim'"
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'reads .json and .psd1 files, by -Path and from Get-ChildItem, and refuses YAML naming ConvertFrom-Yaml' {
            $json = Join-Path $folder 'json-idp.json'
            '{"name":"json-idp","spec":{"host":"h","identityProvider":{"issuer":"https://i.example","jwksUri":"https://i.example/k"},"userIDClaim":"sub"}}' | Set-Content -LiteralPath $json
            $psd1 = Join-Path $folder 'psd1-idp.psd1'
            "@{ name = 'psd1-idp'; spec = @{ host = 'h'; identityProvider = @{ issuer = 'https://i.example'; jwksUri = 'https://i.example/k' }; userIDClaim = 'sub' } }" | Set-Content -LiteralPath $psd1
            $yaml = Join-Path $folder 'yaml-idp.yaml'
            'name: yaml-idp' | Set-Content -LiteralPath $yaml

            New-RAIdentityProvider -Path $json
            Get-Item $psd1 | New-RAIdentityProvider
            New-RAIdentityProvider -Path $yaml -ErrorVariable failed -ErrorAction SilentlyContinue

            (Get-Written | ForEach-Object { ($_.body | ConvertFrom-Json).name }) | Should -Be @('json-idp', 'psd1-idp')
            "$($failed[0])" | Should -Match 'ConvertFrom-Yaml'
        }

        It 'refuses an object of another kind piped in, before any request' {
            $tool = Get-RATool stripe-api
            Get-RAMockJournal $server -Clear
            $tool | Set-RAIdentityProvider -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidInputObject')
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }
    }

    Context 'Set-RAIdentityProvider: apply' {
        It 'changes a field given alone and keeps the rest of the provider' {
            Set-RAIdentityProvider azure-ad -AllowedDomain acme.example, acme-finance.example

            Get-Sent | Should -Be @("GET $providers/azure-ad", "POST $providers")
            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.spec.allowedDomains | Should -Be @('acme.example', 'acme-finance.example')
            $body.spec.host | Should -BeExactly 'finance.acme.example'
            $body.spec.identityProvider.issuer | Should -BeExactly 'https://login.microsoftonline.com/acme/v2.0'
            $body.spec.identityProvider.audiences | Should -Be @('runagents')
            $body.PSObject.Properties.Name | Should -Not -Contain 'status'
        }

        It 'sends no write when nothing differs, and says so with -Verbose' {
            $said = Set-RAIdentityProvider azure-ad -UserIdClaim email -Verbose 4>&1
            Get-Written | Should -BeNullOrEmpty
            "$said" | Should -Match 'Unchanged'
        }

        It 'says create, update with the changed fields, or nothing with -WhatIf, and sends no write' {
            $said = Get-WhatIfMessage {
                Set-RAIdentityProvider okta @okta -WhatIf
                Set-RAIdentityProvider azure-ad -UserIdClaim sub -Audience runagents, portal -WhatIf
                Set-RAIdentityProvider azure-ad -UserIdClaim email -WhatIf
            }
            $said | Should -HaveCount 2
            $said[0] | Should -Match "Create identity provider.*'okta'"
            $said[1] | Should -Match 'Update identity provider \(changed: .*spec.identityProvider.audiences.*spec.userIDClaim|Update identity provider \(changed: .*spec.userIDClaim.*spec.identityProvider.audiences'
            Get-Written | Should -BeNullOrEmpty
        }

        It 'creates a provider that does not exist, and writes it with -PassThru' {
            $made = Set-RAIdentityProvider okta @okta -PassThru
            Get-Sent | Should -Be @("GET $providers/okta", "POST $providers")
            $made.Name | Should -BeExactly 'okta'
        }

        It 'refuses a change that leaves the provider without a required field, before any write' {
            '{"name":"azure-ad","spec":{"host":"finance.acme.example","userIDClaim":"email"}}' | Set-RAIdentityProvider -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidIdentityProvider')
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 're-applies objects from Get-RAIdentityProvider, a copy included, with no write' {
            $xml = Join-Path $folder 'idp.xml'
            Get-RAIdentityProvider azure-ad | Export-Clixml -LiteralPath $xml
            Get-RAIdentityProvider | Set-RAIdentityProvider
            Import-Clixml -LiteralPath $xml | Set-RAIdentityProvider
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses an object read before the platform''s copy changed (IdentityProviderChanged) unless -Force' {
            $read = Get-RAIdentityProvider azure-ad
            Set-RAIdentityProvider azure-ad -UserIdClaim sub
            Get-RAMockJournal $server -Clear

            $read | Set-RAIdentityProvider -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('IdentityProviderChanged')
            Get-Written | Should -BeNullOrEmpty

            $read | Set-RAIdentityProvider -Force
            ((Get-Written)[0].body | ConvertFrom-Json).spec.userIDClaim | Should -BeExactly 'email'
        }
    }

    Context 'Remove-RAIdentityProvider' {
        It 'refuses a provider agents sign their users in with (IdentityProviderInUse), sending no DELETE' {
            Remove-RAIdentityProvider azure-ad -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('IdentityProviderInUse')
            $failed[0].CategoryInfo.Category | Should -Be InvalidOperation
            "$($failed[0])" | Should -Match "agent 'finance/payment-approver' signs its users in with it"
            "$($failed[0])" | Should -Match "agent 'finance/fraud-detector'"
            "$($failed[0])" | Should -Match '-Force'
            Get-Sent | Where-Object { $_ -like 'DELETE *' } | Should -BeNullOrEmpty
        }

        It 'reads the configs of the agents whose label does not name it, and finds one that names it there' {
            New-RAIdentityProvider okta @okta
            # A config that names the provider while the label says otherwise (a platform that keeps them apart).
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Agent -Namespace support -Name kb-search-agent) + '/config'; status = 200; contentType = 'application/json'; body = '{"agent_name":"kb-search-agent","namespace":"support","image":"i","identity_provider":"okta"}' }
            Get-RAMockJournal $server -Clear

            Remove-RAIdentityProvider okta -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
            "$($failed[0])" | Should -Match "agent 'support/kb-search-agent' names it in its config"
            $sent = Get-Sent
            $sent[0] | Should -BeExactly "GET $agents"
            @($sent | Where-Object { $_ -like '*/config' }) | Should -HaveCount 9
            $sent | Where-Object { $_ -like 'DELETE *' } | Should -BeNullOrEmpty
        }

        It 'removes an unused provider piped from Get-RAIdentityProvider after reading the agents, and writes it with -PassThru' {
            New-RAIdentityProvider okta @okta
            Get-RAMockJournal $server -Clear
            $removed = Get-RAIdentityProvider okta | Remove-RAIdentityProvider -Confirm:$false -PassThru
            $removed.Name | Should -BeExactly 'okta'
            $sent = Get-Sent
            $sent[0..1] | Should -Be @("GET $providers/okta", "GET $agents")
            $sent[-1] | Should -BeExactly "DELETE $providers/okta"
            Get-RAIdentityProvider okta -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'removes a provider in use with -Force, with a warning saying what used it' {
            Remove-RAIdentityProvider google-oidc -Force -WarningVariable warned -WarningAction SilentlyContinue
            "$warned" | Should -Match "in use: agent 'agent-system/payment-agent'"
            Get-Sent | Select-Object -Last 1 | Should -BeExactly "DELETE $providers/google-oidc"
        }

        It 'sends no DELETE with -WhatIf' {
            New-RAIdentityProvider okta @okta
            Remove-RAIdentityProvider okta -WhatIf
            Get-Sent | Where-Object { $_ -like 'DELETE *' } | Should -BeNullOrEmpty
        }

        It 'is ConfirmImpact High, and New and Set Medium' {
            $impact = { param($c) (Get-Command $c).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact }
            & $impact Remove-RAIdentityProvider | Should -Be High
            & $impact New-RAIdentityProvider | Should -Be Medium
            & $impact Set-RAIdentityProvider | Should -Be Medium
        }

        It 'reports a provider that does not exist as IdentityProviderNotFound' {
            Remove-RAIdentityProvider nope -Force -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('IdentityProviderNotFound')
        }

        It 'refuses to remove while an agent''s config cannot be read, since it is not known to be unused' {
            New-RAIdentityProvider okta @okta
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Agent -Namespace support -Name kb-search-agent) + '/config'; status = 500; contentType = 'application/json'; body = '{"error":"boom"}' }
            Remove-RAIdentityProvider okta -Confirm:$false -MaxRetryCount 0 -ErrorVariable failed -ErrorAction SilentlyContinue
            "$($failed[0])" | Should -Match 'Cannot tell what depends on identity provider'
            Get-Sent | Where-Object { $_ -like 'DELETE *' } | Should -BeNullOrEmpty
        }
    }
}

Describe 'Identity providers on a root platform without the agent config route' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 0
        $api = New-TestApi Namespaced $server
        Connect-TestServer $api
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    It 'judges by the agents'' labels alone when the first config read answers 404, and removes an unused provider' {
        $null = Invoke-RAMock $server POST reset
        New-RAIdentityProvider okta -HostName h -Issuer https://i.example -JwksUri https://i.example/k -UserIdClaim sub
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = '/api/agents/'; count = 8; status = 404; contentType = 'text/plain'; body = '404 page not found' }
        Get-RAMockJournal $server -Clear

        Remove-RAIdentityProvider okta -Confirm:$false -Verbose 4>&1 | Out-String | Should -Match 'no agent config route'
        Get-Sent | Select-Object -Last 1 | Should -BeExactly 'DELETE /api/identity-providers/okta'
    }
}
