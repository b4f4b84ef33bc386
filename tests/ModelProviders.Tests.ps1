# Model providers and model spend: Get-, New-, Set- and Remove-RAModelProvider and Get-RAModelSpend on both API
# generations. Each test reads what went over the wire in the mock's journal: the exact requests, nothing written by
# -WhatIf or an unchanged apply, no write after a bad input, and the warning of a model two providers list.

Describe 'Model providers on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        # A second key the platform takes, for the test that no stream shows a long key.
        $longKey = 'ra_ws_Zq8xKv3Pw9LmT4nB7jR2'
        $server = Start-RAMockServer -DeployReadyMs 0 -ApiKey 'test-key', $longKey
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        $providers = Get-TestPath $api ModelProviders
        $agents = Get-TestPath $api Agents
        $spend = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/model-spend' } else { '/api/dashboard/model-spend' })
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Written { @(Get-RAMockJournal $server | Where-Object method -NE 'GET') }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        $folder = Join-Path $TestDrive $Generation
        $null = New-Item -ItemType Directory -Path $folder -Force
        $eu = @{ Provider = 'OpenAI'; Endpoint = 'https://eu.api.openai.com/v1'; SecretName = 'openai-eu-key' }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    Context 'Get-RAModelProvider' {
        It 'lists every provider with one request, reading the contract''s shape and the flat one alike' {
            $all = Get-RAModelProvider

            Get-Sent | Should -Be @("GET $providers")
            $all.Name | Should -Be @('openai', 'anthropic', 'ollama-local')
            $all[0] | Should -BeOfType RunAgents.PowerShell.Models.ModelProvider
            $all[0].Provider | Should -BeExactly 'openai'
            $all[0].Endpoint | Should -BeExactly 'https://api.openai.com/v1'
            $all[0].Models | Should -Be @('gpt-4o', 'gpt-4o-mini', 'gpt-4.1-mini')
            $all[0].Models.ToString() | Should -BeExactly 'gpt-4o, gpt-4o-mini, gpt-4.1-mini'
            $all[0].AuthType | Should -BeExactly 'APIKey'
            $all[0].SecretName | Should -BeExactly 'openai-key'
            $all[0].RequestsPerMinute | Should -Be 600
            $all[0].Phase | Should -BeExactly 'Available'
            $all[0].Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
            # The flat shape: provider, base_url and models beside the name, and a status that is a phase.
            $all[1].Provider | Should -BeExactly 'anthropic'
            $all[1].Endpoint | Should -BeExactly 'https://api.anthropic.com'
            $all[1].Models | Should -Be @('claude-3-5-sonnet-20241022', 'claude-3-5-haiku-20241022')
            $all[1].Phase | Should -BeExactly 'Available'
        }

        It 'gets an exact name with one GET of that provider, and a pattern from the list' {
            (Get-RAModelProvider openai).Name | Should -BeExactly 'openai'
            (Get-RAModelProvider '*a*').Name | Should -Be @('openai', 'anthropic', 'ollama-local')
            Get-Sent | Should -Be @("GET $providers/openai", "GET $providers")
        }

        It 'gets the providers that list a model, wildcards allowed' {
            (Get-RAModelProvider -Model gpt-4o).Name | Should -Be @('openai')
            (Get-RAModelProvider -Model 'claude-*', 'mistral').Name | Should -Be @('anthropic', 'ollama-local')
            Get-RAModelProvider openai -Model 'claude*' | Should -BeNullOrEmpty
            Get-RAModelProvider -Model 'nothing*' | Should -BeNullOrEmpty
        }

        It 'reports an exact name that does not exist as ModelProviderNotFound, an ItemNotFoundException, and a pattern that matches nothing as nothing' {
            $found = Get-RAModelProvider nope, 'nothing*' -ErrorVariable failed -ErrorAction SilentlyContinue

            $found | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('ModelProviderNotFound')
            $failed[0].FullyQualifiedErrorId | Should -BeExactly 'ModelProviderNotFound,RunAgents.PowerShell.Cmdlets.GetRAModelProviderCommand'
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
            $failed[0].CategoryInfo.Category | Should -Be ObjectNotFound
            "$($failed[0])" | Should -Match "Cannot find a model provider named 'nope'"
        }

        It 'writes the server''s JSON with -Raw' {
            $raw = Get-RAModelProvider anthropic -Raw
            $raw | Should -BeOfType string
            ($raw | ConvertFrom-Json).base_url | Should -BeExactly 'https://api.anthropic.com'
        }

        It 'refuses a name that cannot be a path segment before any request' {
            Get-RAModelProvider '../agents' -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidName')
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'shows the CLI''s columns in a table that fits 80 columns' {
            $lines = @(Get-RAModelProvider | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Name\s+Provider\s+Phase\s+Models\s*$'
            $lines | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
            $lines | Where-Object { $_ -match '^ollama-local\s+ollama\s+Available\s+llama3\.1, mistral\s*$' } | Should -HaveCount 1
        }

        It 'exports flat rows: models as text, the spec as JSON, no connection' {
            $csv = Join-Path $folder 'providers.csv'
            Get-RAModelProvider openai | Export-Csv -LiteralPath $csv
            $row = Import-Csv -LiteralPath $csv
            $row.Models | Should -BeExactly 'gpt-4o, gpt-4o-mini, gpt-4.1-mini'
            ($row.Spec | ConvertFrom-Json).auth.apiKeyConfig.secretRef.name | Should -BeExactly 'openai-key'
            $row.PSObject.Properties.Name | Should -Not -Contain 'Connection'
            $row.Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
        }

        It 'keeps the fields it does not model in AdditionalFields' {
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = "$providers/openai"; status = 200; contentType = 'application/json'; body = '{"name":"openai","spec":{"provider":"openai","models":["gpt-4o"]},"owner":"platform-team"}' }
            (Get-RAModelProvider openai).AdditionalFields.owner | Should -BeExactly 'platform-team'
        }
    }

    Context 'New-RAModelProvider' {
        It 'creates a provider from parameters with a GET that finds none, a GET of the list, then one POST of the contract''s body' {
            $made = New-RAModelProvider openai-eu -Provider OpenAI -Endpoint https://eu.api.openai.com/v1 -Model o3, o4-mini -SecretName openai-eu-key -RequestsPerMinute 300

            Get-Sent | Should -Be @("GET $providers/openai-eu", "GET $providers", "POST $providers")
            $body = (Get-Written)[0].body | ConvertFrom-Json -AsHashtable
            $body.Keys | Sort-Object | Should -Be @('name', 'spec')
            $body.name | Should -BeExactly 'openai-eu'
            $body.spec.provider | Should -BeExactly 'openai'
            $body.spec.endpoint | Should -BeExactly 'https://eu.api.openai.com/v1'
            $body.spec.models | Should -Be @('o3', 'o4-mini')
            $body.spec.auth.type | Should -BeExactly 'APIKey'
            $body.spec.auth.apiKeyConfig.in | Should -BeExactly 'Header'
            $body.spec.auth.apiKeyConfig.name | Should -BeExactly 'Authorization'
            $body.spec.auth.apiKeyConfig.valuePrefix | Should -BeExactly 'Bearer '
            $body.spec.auth.apiKeyConfig.secretRef.name | Should -BeExactly 'openai-eu-key'
            $body.spec.rateLimit.requestsPerMinute | Should -Be 300
            $made | Should -BeOfType RunAgents.PowerShell.Models.ModelProvider
            $made.Name | Should -BeExactly 'openai-eu'
            $made.Phase | Should -BeExactly 'Pending'
        }

        It 'sends the header and prefix given, Anthropic''s x-api-key without a prefix by default, and Bedrock''s AWS settings' {
            New-RAModelProvider azure -Provider OpenAI -Endpoint https://acme.openai.azure.com -Model gpt-4o-azure -SecretName azure-key -ApiKeyHeader api-key -ApiKeyPrefix ''
            New-RAModelProvider claude -Provider Anthropic -Endpoint https://api.anthropic.com -Model claude-opus-4 -SecretName anthropic-key
            New-RAModelProvider bedrock -Provider Bedrock -Endpoint https://bedrock-runtime.us-east-1.amazonaws.com -Model anthropic.claude-3-haiku -AwsRegion us-east-1 -AwsSecretName bedrock-aws
            New-RAModelProvider local -Provider Ollama -Endpoint http://ollama.lan:11434 -Model llama3.2 -AuthType None

            $bodies = @(Get-Written | ForEach-Object { $_.body | ConvertFrom-Json })
            $bodies[0].spec.auth.apiKeyConfig.name | Should -BeExactly 'api-key'
            $bodies[0].spec.auth.apiKeyConfig.valuePrefix | Should -BeExactly ''
            $bodies[1].spec.provider | Should -BeExactly 'anthropic'
            $bodies[1].spec.auth.apiKeyConfig.name | Should -BeExactly 'x-api-key'
            $bodies[1].spec.auth.apiKeyConfig.PSObject.Properties.Name | Should -Not -Contain 'valuePrefix'
            $bodies[2].spec.auth.type | Should -BeExactly 'AWSSignature'
            $bodies[2].spec.auth.awsConfig.region | Should -BeExactly 'us-east-1'
            $bodies[2].spec.auth.awsConfig.credentialsSecretRef.name | Should -BeExactly 'bedrock-aws'
            $bodies[3].spec.auth.type | Should -BeExactly 'None'
            $bodies[3].spec.auth.PSObject.Properties.Name | Should -Be @('type')
        }

        It 'refuses a name that exists with ModelProviderExists before any write (the platform''s POST would replace it)' {
            New-RAModelProvider openai @eu -Model o3 -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('ModelProviderExists')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            "$($failed[0])" | Should -Match 'Set-RAModelProvider'
            Get-Sent | Should -Be @("GET $providers/openai")
            (Get-RAModelProvider openai).Endpoint | Should -BeExactly 'https://api.openai.com/v1'
        }

        It 'sends nothing with -WhatIf, and says what it would create' {
            $said = Get-WhatIfMessage { New-RAModelProvider openai-eu @eu -Model o3 -WhatIf }
            "$said" | Should -Match "Create model provider.*model provider 'openai-eu'"
            Get-Written | Should -BeNullOrEmpty
        }

        It 'warns when another provider lists one of its models, since the gateway routes by model name, and still creates it' {
            $null = New-RAModelProvider openai-eu @eu -Model gpt-4o, gpt-4o-mini, o3 -WarningVariable warned -WarningAction SilentlyContinue

            @($warned) | Should -HaveCount 1
            "$($warned[0])" | Should -Match "model provider 'openai' lists the models 'gpt-4o', 'gpt-4o-mini' too"
            "$($warned[0])" | Should -Match 'routes|picks a provider by the model''s name'
            Get-Written | Should -HaveCount 1
        }

        It 'warns of the overlap under -WhatIf too, and writes nothing' {
            $null = New-RAModelProvider claude-eu -Provider Anthropic -Endpoint https://eu.anthropic.com -Model claude-3-5-haiku-20241022 -SecretName k -WhatIf -WarningVariable warned -WarningAction SilentlyContinue
            "$warned" | Should -Match "model provider 'anthropic' lists the model 'claude-3-5-haiku-20241022' too"
            Get-Written | Should -BeNullOrEmpty
        }

        It 'does not warn when no other provider lists its models' {
            $null = New-RAModelProvider openai-eu @eu -Model o3 -WarningVariable warned -WarningAction SilentlyContinue
            $warned | Should -BeNullOrEmpty
        }

        It 'refuses <Case> before any write' -ForEach @(
            @{ Case = 'a provider without a provider kind'; Arguments = @{ Endpoint = 'https://x.example'; Model = 'm' }; Message = 'has no provider: give -Provider' }
            @{ Case = 'a provider without an endpoint'; Arguments = @{ Provider = 'OpenAI'; Model = 'm' }; Message = 'has no endpoint: give -Endpoint' }
            @{ Case = 'an endpoint that is not http(s)'; Arguments = @{ Provider = 'OpenAI'; Endpoint = 'ftp://models.example'; Model = 'm' }; Message = 'absolute http or https' }
            @{ Case = 'a provider without models'; Arguments = @{ Provider = 'OpenAI'; Endpoint = 'https://x.example' }; Message = 'lists no models: give -Model' }
            @{ Case = 'an API key without the secret that holds it'; Arguments = @{ Provider = 'OpenAI'; Endpoint = 'https://x.example'; Model = 'm'; AuthType = 'APIKey' }; Message = 'names no secret.*-SecretName.*stored on the platform already' }
            @{ Case = 'a secret name with another kind of authentication'; Arguments = @{ Provider = 'Bedrock'; Endpoint = 'https://x.example'; Model = 'm'; AuthType = 'AWSSignature'; SecretName = 's' }; Message = '-SecretName.*are for -AuthType APIKey, not AWSSignature' }
            @{ Case = 'AWS settings with an API key'; Arguments = @{ Provider = 'Bedrock'; Endpoint = 'https://x.example'; Model = 'm'; AuthType = 'APIKey'; AwsRegion = 'us-east-1' }; Message = 'are for -AuthType AWSSignature, not APIKey' }
            @{ Case = 'both ways to authenticate at once'; Arguments = @{ Provider = 'Bedrock'; Endpoint = 'https://x.example'; Model = 'm'; SecretName = 's'; AwsRegion = 'us-east-1' }; Message = 'one way to authenticate' }
        ) {
            New-RAModelProvider bad @Arguments -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('InvalidModelProvider')
            $failed[0].CategoryInfo.Category | Should -Be InvalidArgument
            "$($failed[0])" | Should -Match $Message
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'refuses a provider kind and an authentication it does not know, by parameter validation' {
            { New-RAModelProvider bad -Provider Gemini -Endpoint https://x.example -Model m -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.NewRAModelProviderCommand'
            { New-RAModelProvider bad -Provider OpenAI -Endpoint https://x.example -Model m -AuthType Basic -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.NewRAModelProviderCommand'
            { New-RAModelProvider bad -Provider OpenAI -Endpoint https://x.example -Model m -RequestsPerMinute 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.NewRAModelProviderCommand'
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'takes no key: only the names of secrets stored on the platform, as the API does' {
            $parameters = (Get-Command New-RAModelProvider).Parameters.Values
            $parameters | Where-Object { $_.ParameterType -in [securestring], [pscredential] } | Should -BeNullOrEmpty
            $parameters.Name | Where-Object { $_ -match 'Key|Secret|Token|Password|Credential' } | Sort-Object | Should -Be @('ApiKeyHeader', 'ApiKeyPrefix', 'AwsSecretName', 'SecretName')
        }

        It 'never shows the connection''s API key in any stream, request trace included' {
            $secret = $longKey
            Connect-TestServer $api -Key $secret
            try {
                # -WarningAction Continue: with -Debug alone, a compiled cmdlet asks before each warning.
                $streams = & {
                    New-RAModelProvider openai-eu @eu -Model gpt-4o -Verbose -Debug -WarningAction Continue
                    Set-RAModelProvider openai-eu -RequestsPerMinute 10 -Verbose -Debug -PassThru -WarningAction Continue
                    Set-RAModelProvider openai-eu -Model o3 -WhatIf -Verbose -Debug -WarningAction Continue
                    Remove-RAModelProvider openai-eu -Force -Verbose -Debug -WarningAction Continue
                    Get-RAModelSpend -Verbose -Debug
                } *>&1

                @($streams | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -BeGreaterThan 0

                @(Get-Written).Count | Should -Be 3
                Find-KeyLeak -Text @(Get-EveryText $streams) -Secret $secret | Should -BeNullOrEmpty
            }
            finally {
                Connect-TestServer $api
            }
        }
    }

    Context 'documents: the shapes a file or the pipeline gives' {
        It 'reads the API body, a bare spec with -Name, a Kubernetes-style manifest and a hashtable into the same body' {
            $spec = @{ provider = 'ollama'; endpoint = 'http://gpu.lan:11434'; models = @('qwen2.5'); auth = @{ type = 'None' } }
            @{ name = 'one'; spec = $spec } | New-RAModelProvider
            $spec | ConvertTo-Json -Depth 5 | New-RAModelProvider -Name two
            @{ apiVersion = 'runagents.io/v1'; kind = 'ModelProvider'; metadata = @{ name = 'three' }; spec = $spec } | ConvertTo-Json -Depth 5 | ConvertFrom-Json | New-RAModelProvider -WarningAction SilentlyContinue

            $bodies = @(Get-Written | ForEach-Object { $_.body | ConvertFrom-Json })
            $bodies.name | Should -Be @('one', 'two', 'three')
            $bodies | ForEach-Object { $_.spec.endpoint | Should -BeExactly 'http://gpu.lan:11434' }
            $bodies | ForEach-Object { $_.PSObject.Properties.Name | Sort-Object | Should -Be @('name', 'spec') }
        }

        It 'reads the flat shape other clients write into the contract''s' {
            @{ name = 'flat'; provider = 'openai'; base_url = 'https://flat.example/v1'; models = @('flat-model') } | New-RAModelProvider

            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.spec.endpoint | Should -BeExactly 'https://flat.example/v1'
            $body.spec.provider | Should -BeExactly 'openai'
            $body.spec.models | Should -Be @('flat-model')
            $body.PSObject.Properties.Name | Should -Not -Contain 'base_url'
        }

        It 'passes unknown fields through untouched' {
            @{ name = 'kept'; owner = 'team-a'; spec = @{ provider = 'openai'; endpoint = 'https://kept.example'; models = @('kept-1'); timeoutSeconds = 30; auth = @{ type = 'OAuth2'; oauth2Config = @{ tokenUrl = 'https://idp.example/token' } } } } | New-RAModelProvider

            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.owner | Should -BeExactly 'team-a'
            $body.spec.timeoutSeconds | Should -Be 30
            $body.spec.auth.oauth2Config.tokenUrl | Should -BeExactly 'https://idp.example/token'
        }

        It 'refuses a misspelled known field, naming the one meant, and a field given twice, before any request' {
            '{"name":"typo","spec":{"provider":"openai","endpoint":"https://t.example","modles":["m"]}}' | New-RAModelProvider -ErrorVariable f1 -ErrorAction SilentlyContinue
            '{"name":"twice","spec":{"provider":"openai","provider":"anthropic"}}' | New-RAModelProvider -ErrorVariable f2 -ErrorAction SilentlyContinue

            Get-ErrorId ($f1 + $f2) | Should -Be @('InvalidModelProvider', 'InvalidModelProvider')
            "$($f1[0])" | Should -Match "'modles'.*Did you mean 'models'"
            "$($f2[0])" | Should -Match "field 'spec.provider' twice"
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'refuses a document and -Name that name different providers' {
            @{ name = 'a'; spec = @{ provider = 'openai'; endpoint = 'https://a.example'; models = @('a') } } | New-RAModelProvider -Name b -ErrorVariable failed -ErrorAction SilentlyContinue
            "$($failed[0])" | Should -Match "names the model provider 'a', and -Name 'b'"
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'reads .json and .psd1 files, by -Path and from Get-ChildItem, and refuses YAML naming ConvertFrom-Yaml' {
            $json = Join-Path $folder 'json-provider.json'
            '{"name":"json-provider","spec":{"provider":"openai","endpoint":"https://json.example","models":["json-1"]}}' | Set-Content -LiteralPath $json
            $psd1 = Join-Path $folder 'psd1-provider.psd1'
            "@{ name = 'psd1-provider'; spec = @{ provider = 'ollama'; endpoint = 'http://psd1.example'; models = @('psd1-1') } }" | Set-Content -LiteralPath $psd1
            $yaml = Join-Path $folder 'yaml-provider.yaml'
            'name: yaml-provider' | Set-Content -LiteralPath $yaml

            New-RAModelProvider -Path $json
            Get-Item $psd1 | New-RAModelProvider
            New-RAModelProvider -Path $yaml -ErrorVariable failed -ErrorAction SilentlyContinue

            (Get-Written | ForEach-Object { ($_.body | ConvertFrom-Json).name }) | Should -Be @('json-provider', 'psd1-provider')
            Get-ErrorId $failed | Should -Be @('InvalidModelProvider')
            "$($failed[0])" | Should -Match 'ConvertFrom-Yaml'
        }

        It 'refuses an object of another kind piped in, before any request' {
            $tool = Get-RATool stripe-api
            Get-RAMockJournal $server -Clear
            $tool | New-RAModelProvider -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidInputObject')
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }
    }

    Context 'Set-RAModelProvider: apply' {
        It 'changes a field given alone and keeps the rest of the provider' {
            Set-RAModelProvider openai -RequestsPerMinute 900

            Get-Sent | Should -Be @("GET $providers/openai", "GET $providers", "POST $providers")
            $body = (Get-Written)[0].body | ConvertFrom-Json
            $body.spec.rateLimit.requestsPerMinute | Should -Be 900
            $body.spec.models | Should -Be @('gpt-4o', 'gpt-4o-mini', 'gpt-4.1-mini')
            $body.spec.auth.apiKeyConfig.secretRef.name | Should -BeExactly 'openai-key'
            $body.PSObject.Properties.Name | Should -Not -Contain 'status'
        }

        It 'keeps the header and prefix of a provider when only its secret changes' {
            Set-RAModelProvider openai -SecretName openai-key-2026
            $config = ((Get-Written)[0].body | ConvertFrom-Json).spec.auth.apiKeyConfig
            $config.secretRef.name | Should -BeExactly 'openai-key-2026'
            $config.name | Should -BeExactly 'Authorization'
            $config.valuePrefix | Should -BeExactly 'Bearer '
        }

        It 'sends no write when nothing differs, and says so with -Verbose' {
            $said = Set-RAModelProvider openai -Endpoint https://api.openai.com/v1 -RequestsPerMinute 600 -Verbose 4>&1
            Get-Sent | Should -Be @("GET $providers/openai")
            "$said" | Should -Match "Unchanged model provider 'openai'"
        }

        It 'writes nothing without -PassThru, and the provider as the platform has it with it' {
            Set-RAModelProvider openai -RequestsPerMinute 1 | Should -BeNullOrEmpty
            $passed = Set-RAModelProvider openai -RequestsPerMinute 2 -PassThru
            $passed.RequestsPerMinute | Should -Be 2
            $passed.Name | Should -BeExactly 'openai'
        }

        It 'says create, update with the changed fields, or nothing with -WhatIf, and sends no write' {
            $create = Get-WhatIfMessage { Set-RAModelProvider brand-new @eu -Model o3 -WhatIf }
            $update = Get-WhatIfMessage { Set-RAModelProvider openai -Endpoint https://proxy.example/v1 -RequestsPerMinute 10 -WhatIf -WarningAction SilentlyContinue }
            $same = Get-WhatIfMessage { Set-RAModelProvider openai -RequestsPerMinute 600 -WhatIf }

            "$create" | Should -Match 'Create model provider'
            "$update" | Should -Match 'Update model provider \(changed: spec.endpoint, spec.rateLimit.requestsPerMinute\)'
            $same | Should -BeNullOrEmpty
            Get-Written | Should -BeNullOrEmpty
        }

        It 'creates a provider that does not exist' {
            Set-RAModelProvider brand-new @eu -Model o3
            Get-Sent | Should -Be @("GET $providers/brand-new", "GET $providers", "POST $providers")
        }

        It 'warns when a change gives it a model another provider lists' {
            Set-RAModelProvider ollama-local -Model llama3.1, gpt-4o-mini -WarningVariable warned -WarningAction SilentlyContinue
            "$warned" | Should -Match "model provider 'openai' lists the model 'gpt-4o-mini' too"
            Get-Written | Should -HaveCount 1
        }

        It 're-applying a folder of providers it applied before sends no write' {
            $dir = Join-Path $folder 'providers'
            $null = New-Item -ItemType Directory -Path $dir -Force
            '{"name":"alpha","spec":{"provider":"openai","endpoint":"https://alpha.example/v1","models":["alpha-1","alpha-2"],"auth":{"type":"APIKey","apiKeyConfig":{"in":"Header","name":"Authorization","valuePrefix":"Bearer ","secretRef":{"name":"alpha-key"}}},"rateLimit":{"requestsPerMinute":60}}}' | Set-Content (Join-Path $dir 'alpha.json')
            "@{ apiVersion = 'runagents.io/v1'; kind = 'ModelProvider'; metadata = @{ name = 'beta' }; spec = @{ provider = 'bedrock'; endpoint = 'https://bedrock-runtime.eu-west-1.amazonaws.com'; models = @('beta-1'); auth = @{ type = 'AWSSignature'; awsConfig = @{ region = 'eu-west-1'; credentialsSecretRef = @{ name = 'beta-aws' } } } } }" | Set-Content (Join-Path $dir 'beta.psd1')
            Get-ChildItem $dir | Set-RAModelProvider
            @(Get-Written).Count | Should -Be 2
            Get-RAMockJournal $server -Clear

            Get-ChildItem $dir | Set-RAModelProvider
            Set-RAModelProvider -Path (Join-Path $dir '*')

            Get-Written | Should -BeNullOrEmpty
            Get-Sent | Should -Be @("GET $providers/alpha", "GET $providers/beta", "GET $providers/alpha", "GET $providers/beta")
        }

        It 'applies an object from Get-RAModelProvider piped back, as it was read, with no write when unchanged' {
            Get-RAModelProvider | Set-RAModelProvider
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses an object read before the platform''s copy changed (ModelProviderChanged) unless -Force' {
            $read = Get-RAModelProvider openai
            Set-RAModelProvider openai -RequestsPerMinute 50
            Get-RAMockJournal $server -Clear

            $read | Set-RAModelProvider -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('ModelProviderChanged')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            Get-Written | Should -BeNullOrEmpty

            $read | Set-RAModelProvider -Force
            ((Get-Written)[0].body | ConvertFrom-Json).spec.rateLimit.requestsPerMinute | Should -Be 600
        }

        It 'reads a copy of a provider (Select-Object *, Import-Clixml) as its document' {
            $xml = Join-Path $folder 'openai.xml'
            Get-RAModelProvider openai | Export-Clixml -LiteralPath $xml
            Get-RAModelProvider openai | Select-Object * | Set-RAModelProvider
            Import-Clixml -LiteralPath $xml | Set-RAModelProvider
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses a change that leaves the provider without models, before any write' {
            '{"name":"openai","spec":{"provider":"openai","endpoint":"https://api.openai.com/v1","models":[]}}' | Set-RAModelProvider -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidModelProvider')
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }
    }

    Context 'Remove-RAModelProvider' {
        It 'refuses a provider whose models agents use (ModelProviderInUse), sending no DELETE' {
            Remove-RAModelProvider anthropic -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('ModelProviderInUse')
            $failed[0].CategoryInfo.Category | Should -Be InvalidOperation
            "$($failed[0])" | Should -Match "agent 'finance/invoice-processor'"
            "$($failed[0])" | Should -Match "agent 'support/support-triage'"
            "$($failed[0])" | Should -Match '-Force'
            Get-Sent | Should -Be @("GET $providers/anthropic", "GET $agents")
        }

        It 'finds an agent by the model it asks for, whatever the provider it names' {
            Set-RAModelProvider ollama-local -Model llama3.1, claude-3-5-haiku-20241022 -WarningAction SilentlyContinue
            Get-RAMockJournal $server -Clear
            Remove-RAModelProvider ollama-local -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
            "$($failed[0])" | Should -Match "agent 'finance/invoice-processor' uses its model 'claude-3-5-haiku-20241022'"
            Get-Sent | Where-Object { $_ -like 'DELETE *' } | Should -BeNullOrEmpty
        }

        It 'removes it with -Force, with a warning saying what used it' {
            Remove-RAModelProvider anthropic -Force -WarningVariable warned -WarningAction SilentlyContinue
            "$warned" | Should -Match 'in use'
            Get-Sent | Select-Object -Last 1 | Should -BeExactly "DELETE $providers/anthropic"
        }

        It 'removes an unused provider piped from Get-RAModelProvider, and writes it with -PassThru' {
            $removed = Get-RAModelProvider ollama-local | Remove-RAModelProvider -Confirm:$false -PassThru
            $removed.Name | Should -BeExactly 'ollama-local'
            Get-Sent | Should -Be @("GET $providers/ollama-local", "GET $providers/ollama-local", "GET $agents", "DELETE $providers/ollama-local")
            Get-RAModelProvider ollama-local -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'sends no DELETE with -WhatIf' {
            Remove-RAModelProvider ollama-local -WhatIf
            Get-Sent | Where-Object { $_ -like 'DELETE *' } | Should -BeNullOrEmpty
        }

        It 'is ConfirmImpact High' {
            (Get-Command Remove-RAModelProvider).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be High
        }

        It 'reports a provider that does not exist as ModelProviderNotFound' {
            Remove-RAModelProvider nope -Force -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('ModelProviderNotFound')
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
            Get-Sent | Should -Be @("GET $providers/nope", "DELETE $providers/nope")
        }

        It 'refuses a tool piped in, and a name that cannot be a path segment, before any request' {
            $tool = Get-RATool stripe-api
            Get-RAMockJournal $server -Clear
            $tool | Remove-RAModelProvider -Force -ErrorVariable f1 -ErrorAction SilentlyContinue
            { Remove-RAModelProvider '../agents' -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.RemoveRAModelProviderCommand'
            Get-ErrorId $f1 | Should -Be @('InvalidInputObject')
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }
    }

    Context 'Get-RAModelSpend' {
        It 'writes one summary with the totals, the warnings and the top models, from one request' {
            $summary = Get-RAModelSpend

            Get-Sent | Should -Be @("GET $spend")
            $summary | Should -HaveCount 1
            $summary | Should -BeOfType RunAgents.PowerShell.Models.ModelSpend
            $summary.TotalEstimatedSpendUsd | Should -Be 172.25
            $summary.TotalBudgetUsd | Should -Be 170
            $summary.RemainingBudgetUsd | Should -Be 72.75
            $summary.UncappedSpendUsd | Should -Be 75
            $summary.BudgetedModelCount | Should -Be 3
            $summary.NearBudgetCount | Should -Be 1
            $summary.BlockedCount | Should -Be 1
            $summary.PeriodStart | Should -Be ([DateTimeOffset]'2026-11-01T00:00:00Z')
            $summary.PeriodEnd | Should -Be ([DateTimeOffset]'2026-12-01T00:00:00Z')
            $summary.Warnings.Agent | Should -Be @('fraud-detector', 'payment-approver')
            $summary.TopModels | Should -HaveCount 5
            $summary.TopModels[0].Agent | Should -BeExactly 'payment-approver'
            $summary.Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
            $summary.TopModels[0].Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
        }

        It 'streams typed rows with the spec''s fields for -Item Warnings and TopModels' {
            $warnings = @(Get-RAModelSpend -Item Warnings)
            $top = @(Get-RAModelSpend TopModels)

            $warnings | Should -HaveCount 2
            $warnings[0] | Should -BeOfType RunAgents.PowerShell.Models.ModelSpendItem
            $near = $warnings | Where-Object Agent -EQ 'payment-approver'
            $near.Namespace | Should -BeExactly 'finance'
            $near.Label | Should -BeExactly 'default'
            $near.Role | Should -BeExactly 'chat'
            $near.ModelProvider | Should -BeExactly 'openai'
            $near.Provider | Should -BeExactly 'openai'
            $near.Model | Should -BeExactly 'gpt-4o'
            $near.MonthlyBudgetUsd | Should -Be 50
            $near.MonthlyBudgetUsd | Should -BeOfType decimal
            $near.EstimatedSpendUsd | Should -Be 46
            $near.RemainingBudgetUsd | Should -Be 4
            $near.Status | Should -BeExactly 'Near budget'
            $near.PeriodStart | Should -Be ([DateTimeOffset]'2026-11-01T00:00:00Z')
            $top.Agent | Should -Be @('payment-approver', 'invoice-processor', 'fraud-detector', 'payment-agent', 'policy-guard')
            $top[3].MonthlyBudgetUsd | Should -BeNullOrEmpty
            $top[3].Status | Should -BeExactly 'Uncapped'
            (@($top.PSObject.Properties.Name) + @($top[0].PSObject.Properties.Name)) | Should -Contain 'AdditionalFields'
        }

        It 'keeps the rows of the agents -Agent names, by name or namespace/name, with wildcards' {
            (Get-RAModelSpend TopModels -Agent 'payment-*').Agent | Should -Be @('payment-approver', 'payment-agent')
            (Get-RAModelSpend Warnings -Agent 'finance/fraud*').Agent | Should -Be @('fraud-detector')
            $summary = Get-RAModelSpend -Agent invoice-processor
            $summary.Warnings | Should -BeNullOrEmpty
            $summary.TopModels.Agent | Should -Be @('invoice-processor')
            $summary.TotalEstimatedSpendUsd | Should -Be 172.25
            Get-RAModelSpend TopModels -Agent nobody | Should -BeNullOrEmpty
        }

        It 'writes the server''s JSON with -Raw' {
            $raw = Get-RAModelSpend -Raw
            $raw | Should -BeOfType string
            ($raw | ConvertFrom-Json).summary.blocked_count | Should -Be 1
        }

        It 'refuses an -Item it does not know and -Raw with -Item, before any request' {
            { Get-RAModelSpend -Item Totals -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.GetRAModelSpendCommand'
            { Get-RAModelSpend -Item Warnings -Raw -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,RunAgents.PowerShell.Cmdlets.GetRAModelSpendCommand'
            Get-RAMockJournal $server | Should -BeNullOrEmpty
        }

        It 'shows the CLI''s columns in a table that fits 80 columns, a missing budget as uncapped' {
            $lines = @(Get-RAModelSpend TopModels | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^Agent\s+Label\s+Model\s+Spend\s+Budget\s+Left\s+Status\s*$'
            $lines | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
            $lines | Where-Object { $_ -match '^payment-approver\s+default\s+gpt-4o\s+\$46\.00\s+\$50\.00\s+\$4\.00\s+Near budget\s*$' } | Should -HaveCount 1
            $lines | Where-Object { $_ -match '^fraud-detector\s+default\s+gpt-4o\s+\$20\.00\s+\$20\.00\s+\$0\.00\s+Budget reached\s*$' } | Should -HaveCount 1
            $lines | Where-Object { $_ -match '^payment-agent\s+default\s+gpt-4o-mini\s+\$12\.50\s+uncapped\s+uncapped\s+Uncapped\s*$' } | Should -HaveCount 1
        }

        It 'shows the summary as a list of the totals, and exports rows as flat CSV' {
            $text = Get-RAModelSpend | Out-String -Width 80
            $text | Should -Match 'TotalEstimatedSpendUsd\s+: \$172\.25'
            $text | Should -Match 'BlockedCount\s+: 1'
            $text | Should -Match 'Warnings\s+: finance/fraud-detector gpt-4o: Budget reached; finance/'

            $csv = Join-Path $folder 'spend.csv'
            Get-RAModelSpend TopModels | Export-Csv -LiteralPath $csv
            $rows = Import-Csv -LiteralPath $csv
            $rows[0].Agent | Should -BeExactly 'payment-approver'
            $rows[0].MonthlyBudgetUsd | Should -Be '50'
            $rows[0].PSObject.Properties.Name | Should -Not -Contain 'Connection'
        }

        It 'reads the rows of the flat shape too (agent, namespace)' {
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $spend; status = 200; contentType = 'application/json'; body = '{"summary":{"total_estimated_spend_usd":1.5},"warnings":[],"top_models":[{"agent":"a1","namespace":"ns1","model":"m1","estimated_spend_usd":1.5,"status":"Uncapped","cost_center":"cc-9"}]}' }
            $row = Get-RAModelSpend TopModels
            $row.Agent | Should -BeExactly 'a1'
            $row.Namespace | Should -BeExactly 'ns1'
            $row.AdditionalFields.cost_center | Should -BeExactly 'cc-9'
        }

        It 'reports a platform without the route as <Expected>' -ForEach @(
            @{ Status = 404; Expected = 'NotSupportedOnGeneration on the root API, EndpointNotFound on v1' }
            @{ Status = 405; Expected = 'NotSupportedOnGeneration on the root API, MethodNotAllowed on v1' }
        ) {
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $spend; status = $Status; contentType = 'application/json'; body = '{"error":"not found"}' }
            Get-RAModelSpend -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            if ($Generation -eq 'V1') {
                Get-ErrorId $failed | Should -Be @($(if ($Status -eq 404) { 'EndpointNotFound' } else { 'MethodNotAllowed' }))
            }
            else {
                Get-ErrorId $failed | Should -Be @('NotSupportedOnGeneration')
                $failed[0].CategoryInfo.Category | Should -Be InvalidOperation
                "$($failed[0])" | Should -Match '/api/v1'
            }
        }
    }

    Context 'completion and the platform each provider came from' {
        It 'completes -Name of every model provider cmdlet from the platform''s providers' {
            foreach ($command in 'Get-RAModelProvider', 'Set-RAModelProvider', 'Remove-RAModelProvider') {
                $line = "$command -Name o"
                (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('ollama-local', 'openai')
            }
        }

        It 'acts on the platform a provider was read from, not the current one' {
            $other = if ($Generation -eq 'V1') { New-TestApi Namespaced $server } else { New-TestApi V1 $server }
            $read = Get-RAModelProvider ollama-local
            Connect-TestServer $other
            try {
                Get-RAMockJournal $server -Clear
                $read | Remove-RAModelProvider -Force
                Get-Sent | Select-Object -Last 1 | Should -BeExactly "DELETE $providers/ollama-local"
            }
            finally {
                Connect-TestServer $api
            }
        }
    }
}
