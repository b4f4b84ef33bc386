# Deploy-RAAgent sends what was asked and nothing more: the regular files inside the folders given (links,
# FIFOs and devices refused, secrets and bulk left out by default), -Env secrets by value but never shown, and a
# deploy sent once unless the platform cannot have acted on it. The built module against the mock platform, on
# both generations of the API.

Describe 'Deploy-RAAgent sends only what was asked on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 200
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        $deployTarget = Get-TestPath $api Deploy
        $outsideKey = 'ra_outside_key_0123456789'

        function Get-Posted {
            # The deploys the platform received, always as an array.
            , @((Get-ApiRequest $server) | Where-Object { $_.method -eq 'POST' -and $_.rawTarget -ceq $deployTarget })
        }

        function New-SourceTree {
            # An agent's folder with two files and what a folder brings along, beside a folder that holds a key.
            $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
            $files = @{
                'app/agent.py'             = "print('agent')"
                'app/lib/tools.py'         = 'def tool(): ...'
                'app/.git/config'          = '[core]'
                'app/.env'                 = "API_KEY=$outsideKey"
                'app/.venv/pyvenv.cfg'     = 'home = /usr/bin'
                'app/node_modules/x/i.js'  = 'module.exports = 1'
                'outside/config.json'      = "{`"api_key`":`"$outsideKey`"}"
            }
            foreach ($relative in $files.Keys) {
                $path = Join-Path $root $relative
                $null = New-Item -ItemType Directory -Force -Path (Split-Path $path)
                [System.IO.File]::WriteAllText($path, $files[$relative])
            }

            $root
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        Get-RAMockJournal $server -Clear
    }

    AfterEach {
        Get-ForeignRequest $server $api | Should -BeNullOrEmpty
    }

    Context '-Path' {
        It 'sends the folder''s files but git''s, .env files, virtual environments and packages, and -Verbose says so' {
            $root = New-SourceTree

            $result = Deploy-RAAgent src -Path (Join-Path $root app) -Verbose -WarningAction SilentlyContinue 4>&1

            $verbose = @($result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $verbose | Should -Contain "Source file 'agent.py' (14 bytes)."
            $verbose | Should -Contain "Left out '.env': a .env file, which holds secrets, left out by default."
            $verbose | Should -Contain "Left out '.venv/': a Python virtual environment, left out by default."
            $posted = Get-Posted
            $posted.Count | Should -Be 1
            @(($posted[0].body | ConvertFrom-Json).source_files.PSObject.Properties.Name) | Should -BeExactly @('agent.py', 'lib/tools.py')
            $posted[0].body | Should -Not -Match $outsideKey
        }

        It 'refuses a link out of the folder before any request, unless -Exclude leaves it out' {
            if ($IsWindows) { Set-ItResult -Skipped -Because 'a symbolic link needs a privilege on Windows' }
            $root = New-SourceTree
            $link = Join-Path $root 'app/settings.json'
            $null = New-Item -ItemType SymbolicLink -Path $link -Target (Join-Path $root 'outside/config.json')

            Deploy-RAAgent src -Path (Join-Path $root app) -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'SourceIsSymbolicLink,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'SecurityError'
            $errors[0].TargetObject | Should -BeExactly $link
            "$($errors[0])" | Should -Match ([regex]::Escape("-Exclude 'settings.json'"))
            (Get-ApiRequest $server).Count | Should -Be 0

            $null = Deploy-RAAgent src -Path (Join-Path $root app) -Exclude settings.json -WarningAction SilentlyContinue

            (Get-Posted).Count | Should -Be 1
            (Get-Posted)[0].body | Should -Not -Match $outsideKey
        }
    }

    Context '-Env' {
        It 'sends a SecureString''s value and shows it on no stream, not even the request body under -Debug' {
            $secret = ConvertTo-SecureString 's3cr3t-value-42' -AsPlainText -Force

            $streams = Deploy-RAAgent env-agent -Image registry.example/e:1 -Env @{ DB_PASSWORD = $secret; LEVEL = 3 } -Verbose -Debug -WarningAction SilentlyContinue *>&1 | Out-String

            $body = (Get-Posted)[0].body | ConvertFrom-Json
            ($body.env | Where-Object name -EQ DB_PASSWORD).value | Should -BeExactly 's3cr3t-value-42'
            ($body.env | Where-Object name -EQ LEVEL).value | Should -BeExactly '3'
            $streams | Should -Match 'request body'
            $streams | Should -Match ([regex]::Escape('{"name":"DB_PASSWORD","value":"********"}'))
            $streams | Should -Not -Match 's3cr3t'
        }

        It 'refuses a PSCredential, saying what to pass instead, before any request' {
            $credential = [pscredential]::new('app', (ConvertTo-SecureString 's3cr3t-value-42' -AsPlainText -Force))

            Deploy-RAAgent env-agent -Image registry.example/e:1 -Env @{ DB = $credential } -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidDeployment,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            "$($errors[0])" | Should -Match ([regex]::Escape('DB_PASSWORD = $credential.Password'))
            "$($errors[0])" | Should -Not -Match 's3cr3t'
            (Get-ApiRequest $server).Count | Should -Be 0
        }
    }

    Context 'documents' {
        It 'refuses a field the API does not know, naming the one meant, before any request' {
            '{"agent_name":"ledger","image":"registry.example/l:1","requiredTools":["stripe-api"]}' | Deploy-RAAgent -ErrorVariable errors -ErrorAction SilentlyContinue
            @{ agent_name = 'ledger'; image = 'registry.example/l:1'; Policies = @('read-only') } | Deploy-RAAgent -WhatIf -ErrorVariable +errors -ErrorAction SilentlyContinue
            [pscustomobject]@{ agent_name = 'ledger'; image = 'registry.example/l:1'; llm_configs = @(@{ provider = 'openai'; modle = 'gpt-4o' }) } | Deploy-RAAgent -ErrorVariable +errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 3
            $errors | ForEach-Object {
                $_.FullyQualifiedErrorId | Should -BeExactly 'InvalidDeployment,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
                $_.CategoryInfo.Category | Should -Be 'InvalidArgument'
            }
            "$($errors[0])" | Should -Match ([regex]::Escape("a field the Deploy API does not know, 'requiredTools', which the platform would ignore without a word. Did you mean 'required_tools'?"))
            "$($errors[1])" | Should -Match ([regex]::Escape("'Policies'"))
            "$($errors[1])" | Should -Match ([regex]::Escape("Did you mean 'policies'?"))
            "$($errors[2])" | Should -Match ([regex]::Escape("llm_configs[0] has a field the Deploy API does not know, 'modle'"))
            "$($errors[2])" | Should -Match ([regex]::Escape("Did you mean 'model'?"))
            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'refuses a field given twice in JSON text, at any depth' {
            '{"agent_name":"ledger","image":"registry.example/l:1","image":"registry.example/l:2"}' | Deploy-RAAgent -WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue
            '{"agent_name":"ledger","image":"registry.example/l:1","env":[{"name":"A","value":"1","Value":"2"}]}' | Deploy-RAAgent -ErrorVariable +errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 2
            $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeExactly 'InvalidDeployment,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand' }
            "$($errors[0])" | Should -Match ([regex]::Escape("The deploy document has the field 'image' twice"))
            "$($errors[1])" | Should -Match ([regex]::Escape("env[0] has the field 'Value' twice"))
            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'refuses <Label> as an agent name or a namespace before any request, showing it escaped' -ForEach @(
            @{ Label = 'a path'; Value = '../../etc'; Shown = "'../../etc'" }
            @{ Label = 'a name with a space'; Value = 'Payment Agent'; Shown = "'Payment Agent'"; Hint = "Perhaps 'payment-agent'?" }
            @{ Label = 'a name with ESC'; Value = "pay`e[31mment"; Shown = "'pay\u001b[31mment'" }
            @{ Label = 'a name with a line break'; Value = "pay`nment"; Shown = "'pay\u000ament'" }
        ) {
            @{ agent_name = $Value; image = 'registry.example/l:1' } | Deploy-RAAgent -WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue
            @{ agent_name = 'ledger'; namespace = $Value; image = 'registry.example/l:1' } | Deploy-RAAgent -ErrorVariable +errors -ErrorAction SilentlyContinue
            (ConvertTo-Json -Compress @{ agent_name = $Value; image = 'registry.example/l:1' }) | Deploy-RAAgent -ErrorVariable +errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 3
            $errors | ForEach-Object {
                $_.FullyQualifiedErrorId | Should -BeExactly 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
                $_.CategoryInfo.Category | Should -Be 'InvalidArgument'
                "$_" | Should -Match ([regex]::Escape("$Shown cannot be the"))
                "$_" | Should -Match 'DNS labels'
                if ($Hint) { "$_" | Should -Match ([regex]::Escape($Hint)) }
                Find-ControlCharacter @("$_") | Should -BeNullOrEmpty
            }
            "$($errors[1])" | Should -Match 'cannot be the namespace of a deploy'
            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'refuses a name the platform cannot hold given as -Name or -Namespace' {
            Deploy-RAAgent 'Payment_Agent' -Image registry.example/l:1 -ErrorVariable errors -ErrorAction SilentlyContinue
            Deploy-RAAgent ledger -Namespace 'Finance' -Image registry.example/l:1 -WhatIf -ErrorVariable +errors -ErrorAction SilentlyContinue

            $errors.FullyQualifiedErrorId | Should -BeExactly @('InvalidAgentName,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand', 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand')
            "$($errors[0])" | Should -Match ([regex]::Escape("Perhaps 'payment-agent'?"))
            "$($errors[1])" | Should -Match ([regex]::Escape("Perhaps 'finance'?"))
            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'writes a non-terminating error for a document nested too deep, and goes on with the next' {
            $deep = @{ level = 0 }
            foreach ($level in 1..100) { $deep = @{ level = $deep } }
            $loop = @{ name = 'crm'; base_url = 'https://crm.example.com' }
            $loop.description = $loop
            $deepJson = '{"agent_name":"ledger","image":"registry.example/l:1","system_prompt":' + ('[' * 100) + (']' * 100) + '}'

            $result = @(
                @{ agent_name = 'ledger'; image = 'registry.example/l:1'; system_prompt = $deep }
                @{ agent_name = 'ledger'; image = 'registry.example/l:1'; tools_to_create = @($loop) }
                $deepJson
                @{ agent_name = 'ledger'; image = 'registry.example/l:1' }
            ) | Deploy-RAAgent -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $errors.Count | Should -Be 3
            $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeExactly 'InvalidDeployment,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand' }
            "$($errors[0])" | Should -BeExactly 'system_prompt must be text, not a hashtable.'
            "$($errors[1])" | Should -BeExactly 'tools_to_create[0].description must be text, not a hashtable.'
            "$($errors[2])" | Should -Match 'depth'
            @($result).Count | Should -Be 1
            (Get-Posted).Count | Should -Be 1
        }

        It '-WhatIf refuses what the platform would: <Label>' -ForEach @(
            @{ Label = 'no agent name'; Document = '{"image":"registry.example/l:1"}'; Words = 'names no agent' }
            @{ Label = 'nothing to run'; Document = '{"agent_name":"ledger","image":""}'; Words = 'nothing for the agent to run' }
            @{ Label = 'a new tool without base_url'; Document = '{"agent_name":"ledger","image":"registry.example/l:1","tools_to_create":[{"name":"crm"}]}'; Words = 'tools_to_create[0] has no base_url' }
            @{ Label = 'a model without provider'; Document = '{"agent_name":"ledger","image":"registry.example/l:1","llm_configs":[{"model":"gpt-4o"}]}'; Words = 'llm_configs[0] has no provider' }
            @{ Label = 'tools as text'; Document = '{"agent_name":"ledger","image":"registry.example/l:1","required_tools":"stripe-api"}'; Words = 'required_tools must be a list of names' }
            @{ Label = 'an env value that is a number'; Document = '{"agent_name":"ledger","image":"registry.example/l:1","env":[{"name":"N","value":3}]}'; Words = 'env[0].value must be text, not a number' }
        ) {
            $Document | Deploy-RAAgent -WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidDeployment,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            "$($errors[0])" | Should -Match ([regex]::Escape($Words))
            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'takes -Name beside a piped document, in its place' {
            '{"agent_name":"ledger","image":"registry.example/l:1"}' | Deploy-RAAgent -Name ledger-canary -WhatIf -ErrorVariable errors

            $errors | Should -BeNullOrEmpty
            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'sends a document whose every field the API knows as it is' {
            $document = '{"agent_name":"ledger","image":"registry.example/l:1","system_prompt":"Hi","required_tools":["stripe-api"],"tool_url_mappings":{"https://api.stripe.com":"stripe-api"},"llm_configs":[{"provider":"openai","model":"gpt-4o","role":"chat"}],"env":[{"name":"A","value":"1"}],"requirements":"stripe==9","entry_point":"agent.py","framework":"langchain","identity_provider":"google-oidc","policies":["read-only"]}'

            $null = $document | Deploy-RAAgent -WarningAction SilentlyContinue

            (Get-Posted)[0].body | Should -BeExactly $document
        }
    }

    Context 'agents' {
        BeforeAll {
            # What Get-RAAgent finance/payment-approver holds, as the deploy body that gives it back (on v1 without its namespace).
            function Get-ApproverBody([string] $Image) {
                $namespace = if ($api.ByName) { '' } else { '"namespace":"finance",' }
                '{"agent_name":"payment-approver",' + $namespace + '"image":"' + $Image + '","system_prompt":"You handle refund requests: check the order, then issue the refund through Stripe once a human has approved it.",' +
                '"required_tools":["stripe-api"],"llm_configs":[{"provider":"openai","model":"gpt-4o"}],"env":[{"name":"LLM_MODEL","value":"gpt-4o"},{"name":"LLM_PROVIDER","value":"openai"}],' +
                '"identity_provider":"azure-ad","policies":["payments-approval"]}'
            }
        }

        It 'updates a piped agent with a new image on its own platform, keeping its tools, policies, model, prompt, environment and identity provider' {
            $agent = Get-RAAgent finance/payment-approver
            # The current connection goes nowhere: the agent knows its own platform.
            $null = Connect-RAService -Uri 'http://127.0.0.1:9/' -ApiKey (ConvertTo-TestKey 'elsewhere-key')
            Get-RAMockJournal $server -Clear
            try {
                $result = $agent | Deploy-RAAgent -Image registry.example/pay:2 -WarningVariable warned
            }
            finally {
                Connect-TestServer $api
            }

            $warned | Should -BeNullOrEmpty
            $result.ToString() | Should -BeExactly 'finance/payment-approver'
            # On v1 too, no read first: the agent came from this platform, in its own namespace.
            (Get-ApiRequest $server).Count | Should -Be 1
            (Get-Posted)[0].body | Should -BeExactly (Get-ApproverBody registry.example/pay:2)
            $after = Get-RAAgent finance/payment-approver
            $after.Image | Should -BeExactly 'registry.example/pay:2'
            "$($after.Tools)" | Should -BeExactly "$($agent.Tools)"
            $after.Spec.AdditionalFields.policies | Should -BeExactly @('payments-approval')
        }

        It 'deploys an agent''s -Raw JSON the same way, as it is or through ConvertFrom-Json' {
            $raw = Get-RAAgent finance/payment-approver -Raw
            Get-RAMockJournal $server -Clear

            $null = $raw | Deploy-RAAgent -Image registry.example/pay:3
            $null = $raw | ConvertFrom-Json | Deploy-RAAgent -Image registry.example/pay:4

            $posted = Get-Posted
            $posted.Count | Should -Be 2
            $posted[0].body | Should -BeExactly (Get-ApproverBody registry.example/pay:3)
            $posted[1].body | Should -BeExactly (Get-ApproverBody registry.example/pay:4)
            # Text names no platform of its own: on v1 its namespace is checked by reading the agent, as a document's is.
            $reads = @((Get-ApiRequest $server) | Where-Object method -EQ 'GET')
            $reads.Count | Should -Be $(if ($api.ByName) { 2 } else { 0 })
        }

        It 'says under -WhatIf which agent would be deployed from what, and sends nothing' {
            $agent = Get-RAAgent finance/payment-approver
            Get-RAMockJournal $server -Clear

            $agent | Deploy-RAAgent -WhatIf -ErrorVariable errors
            $agent | Deploy-RAAgent -Image registry.example/pay:5 -WhatIf -ErrorVariable +errors

            $errors | Should -BeNullOrEmpty
            (Get-ApiRequest $server).Count | Should -Be 0
            (Get-RAAgent finance/payment-approver).Image | Should -BeExactly $agent.Image
        }

        It 'refuses an agent without its spec, and warns of spec fields the Deploy API cannot carry' {
            $null = Invoke-RAMock $server POST agents @(@{ name = 'scaled'; namespace = 'ops'; spec = @{ image = 'registry.example/s:1'; replicas = 3 }; status = @{ phase = 'Running' } })
            $agent = Get-RAAgent ops/scaled
            Get-RAMockJournal $server -Clear

            $agent | Select-Object Name, Namespace, Platform | Deploy-RAAgent -Image registry.example/s:2 -ErrorVariable errors -ErrorAction SilentlyContinue
            $agent | Deploy-RAAgent -Image registry.example/s:2 -WarningVariable warned -WarningAction SilentlyContinue -WhatIf

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidDeployment,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            "$($errors[0])" | Should -Match 'has no Spec'
            "$warned" | Should -BeExactly "Agent 'ops/scaled' has 'replicas' in its spec, which the Deploy API has no field for: it is not sent, and the platform decides what becomes of it."
            (Get-ApiRequest $server).Count | Should -Be 0
        }
    }

    Context 'documents from files' {
        It 'writes one error that says to use -Raw for a document that arrives line by line, and deploys none of it' {
            $file = Join-Path $TestDrive 'agent.json'
            Set-Content -LiteralPath $file -Value '{', '  "agent_name": "ledger",', '  "image": "registry.example/l:1",', '  "env": [', '    {"name": "A", "value": "1"}', '  ]', '}'

            Get-Content -LiteralPath $file | Deploy-RAAgent -ErrorVariable errors -ErrorAction SilentlyContinue
            $null = Get-Content -LiteralPath $file -Raw | Deploy-RAAgent -WarningAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'DocumentInLines,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $errors[0].TargetObject | Should -BeExactly $file
            "$($errors[0])" | Should -Match ([regex]::Escape("its first line '{' is not a whole JSON object. Read the file whole: Get-Content -Raw -LiteralPath '$file' | Deploy-RAAgent."))
            # Only the document read whole was sent.
            (Get-Posted).Count | Should -Be 1
            ((Get-Posted)[0].body | ConvertFrom-Json).env[0].name | Should -BeExactly 'A'
        }

        It 'still deploys each line of a file of one-line documents, and says of text that is no JSON just that' {
            $file = Join-Path $TestDrive 'agents.jsonl'
            Set-Content -LiteralPath $file -Value '{"agent_name":"one","image":"registry.example/o:1"}', '{"agent_name":"two","image":"registry.example/t:1"}'

            $null = Get-Content -LiteralPath $file | Deploy-RAAgent -WarningAction SilentlyContinue
            'not json' | Deploy-RAAgent -ErrorVariable errors -ErrorAction SilentlyContinue

            (Get-Posted).Count | Should -Be 2
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidDeployment,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            "$($errors[0])" | Should -Match 'is a string but not JSON'
        }

        It '-RequirementsPath sends the text of the file' {
            $file = Join-Path $TestDrive 'requirements.txt'
            [System.IO.File]::WriteAllText($file, "stripe==9.0.0`nrequests>=2.31`n")

            $null = Deploy-RAAgent ledger -Image registry.example/l:1 -RequirementsPath $file -WarningAction SilentlyContinue

            ((Get-Posted)[0].body | ConvertFrom-Json).requirements | Should -BeExactly "stripe==9.0.0`nrequests>=2.31`n"
        }

        It 'refuses a path given to -Requirements that is a file, pointing to -RequirementsPath, before any request' {
            $file = Join-Path $TestDrive 'requirements.txt'
            Set-Content -LiteralPath $file -Value 'stripe==9.0.0'
            Push-Location $TestDrive
            try {
                $relative = try { Deploy-RAAgent ledger -Image registry.example/l:1 -Requirements ./requirements.txt } catch { $_ }
                $absolute = try { Deploy-RAAgent ledger -Image registry.example/l:1 -Requirements $file } catch { $_ }
                $null = Deploy-RAAgent ledger -Image registry.example/l:1 -Requirements 'stripe==9.0.0' -WarningAction SilentlyContinue
            }
            finally {
                Pop-Location
            }

            foreach ($refused in $relative, $absolute) {
                $refused.FullyQualifiedErrorId | Should -BeExactly 'RequirementsIsPath,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
                $refused.CategoryInfo.Category | Should -Be 'InvalidArgument'
            }
            "$relative" | Should -Match ([regex]::Escape("give -RequirementsPath './requirements.txt'"))
            # Text that names no file is requirements, as before.
            (Get-Posted).Count | Should -Be 1
            ((Get-Posted)[0].body | ConvertFrom-Json).requirements | Should -BeExactly 'stripe==9.0.0'
        }

        It 'refuses a -RequirementsPath that is missing or a folder, and both requirements parameters at once, before any request' {
            Deploy-RAAgent ledger -Image registry.example/l:1 -RequirementsPath (Join-Path $TestDrive 'none.txt') -ErrorVariable errors -ErrorAction SilentlyContinue
            Deploy-RAAgent ledger -Image registry.example/l:1 -RequirementsPath $TestDrive -ErrorVariable +errors -ErrorAction SilentlyContinue
            $twice = try { Deploy-RAAgent ledger -Image registry.example/l:1 -RequirementsPath $TestDrive -Requirements 'stripe' } catch { $_ }

            $errors.FullyQualifiedErrorId | Should -BeExactly @('InvalidSourcePath,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand', 'SourceNotRegularFile,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand')
            "$($errors[0])" | Should -Match 'Cannot find the requirements file'
            $twice.FullyQualifiedErrorId | Should -BeExactly 'RequirementsConflict,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            (Get-ApiRequest $server).Count | Should -Be 0
        }
    }

    Context 'retries' {
        It 'sends a deploy a gateway answered 504 once, and reports it' {
            Add-RAMockFault $server @{ method = 'POST'; status = 504; count = 5; body = '{"error":"upstream timed out"}' }

            Deploy-RAAgent once -Image registry.example/o:1 -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'ServiceUnavailable,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            "$($errors[0])" | Should -Match 'upstream timed out'
            @((Get-ApiRequest $server).status) | Should -Be @(504)
        }

        It 'sends a deploy again after a 503 that says when to come back' {
            Add-RAMockFault $server @{ method = 'POST'; status = 503; body = '{"error":"busy"}'; headers = @{ 'Retry-After' = '0' } }

            $result = Deploy-RAAgent again -Image registry.example/a:1 -WarningAction SilentlyContinue

            $result | Should -BeOfType ([RunAgents.PowerShell.Models.DeployResult])
            @((Get-ApiRequest $server).status) | Should -Be @(503, 201)
        }
    }
}
