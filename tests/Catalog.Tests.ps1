# The agent catalog: Find-, Get-, Save-RACatalogAgent, Get-RACatalogAgentVersion and Deploy-RAAgent -CatalogId on both
# API generations. Each test reads what went over the wire in the mock's journal: the filters and paging sent, the one
# GET a manifest takes, nothing written by -WhatIf or a refusal, and the deploy body built from the template with the
# parameters on top. Saving checks the disk: a file name that resolves outside the folder writes nothing at all.

Describe 'The agent catalog on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $api = New-TestApi $Generation $server
        $catalog = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/catalog' } else { '/api/catalog' })
        $deploy = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/deploy' } else { '/api/deploy' })
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Posted { @(Get-RAMockJournal $server | Where-Object method -EQ 'POST') }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        function New-Folder { $path = Join-Path ([IO.Path]::GetTempPath()) "ra-catalog-$([guid]::NewGuid())"; $path }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        Connect-TestServer $api
    }

    Context 'Find-RACatalogAgent' {
        It 'lists the catalog in pages of 100 with one GET, as typed objects that remember their platform' {
            $all = Find-RACatalogAgent

            Get-Sent | Should -Be @("GET ${catalog}?page=1&page_size=100")
            $all.Id | Should -Be @('docs-writer', 'hostile-template', 'invoice-approver', 'sales-researcher', 'support-triage')
            $all[0] | Should -BeOfType RunAgents.PowerShell.Models.CatalogAgent
            $triage = $all | Where-Object Id -EQ 'support-triage'
            $triage.Name | Should -BeExactly 'Support Triage'
            $triage.LatestVersion | Should -BeExactly '1.2.0'
            $triage.RequiredIntegrations | Should -Be @('zendesk', 'slack')
            $triage.GovernanceTraits | Should -Be @('approval-required')
            $triage.AdditionalFields['metadata'].publisher | Should -BeExactly 'runagents'
            $triage.Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
        }

        It 'maps -First and -Skip onto page and page_size, and -IncludeTotalCount onto total' {
            $page = Find-RACatalogAgent -First 2 -Skip 2 -IncludeTotalCount

            Get-Sent | Should -Be @("GET ${catalog}?page=2&page_size=2")
            $page[0].ToString() | Should -Match 'Total count: 5'
            $page[1..2].Id | Should -Be @('invoice-approver', 'sales-researcher')
        }

        It 'reads pages of 100 from the right offset when -Skip is not a multiple of -First' {
            (Find-RACatalogAgent -First 2 -Skip 3).Id | Should -Be @('sales-researcher', 'support-triage')
            Get-Sent | Should -Be @("GET ${catalog}?page=1&page_size=100")
        }

        It 'sends nothing for -First 0' {
            Find-RACatalogAgent -First 0 | Should -BeNullOrEmpty
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'sends the filters as repeated keys, and -Search as search' {
            (Find-RACatalogAgent -Category support, finance -Tag approvals, slack -Integration stripe, zendesk -Governance approval-required).Id | Should -Be @('invoice-approver', 'support-triage')
            (Find-RACatalogAgent -Search 'purchase orders').Id | Should -Be @('invoice-approver')

            Get-Sent | Should -Be @(
                "GET ${catalog}?category=support&category=finance&tag=approvals&tag=slack&integration=stripe&integration=zendesk&governance=approval-required&page=1&page_size=100"
                "GET ${catalog}?search=purchase%20orders&page=1&page_size=100")
        }

        It 'matches -Name by wildcard against ids and names, searching for its longest literal part' {
            (Find-RACatalogAgent '*-approv*').Id | Should -Be @('invoice-approver')
            (Find-RACatalogAgent 'Support Triage').Id | Should -Be @('support-triage')
            Get-Sent | Should -Be @("GET ${catalog}?search=-approv&page=1&page_size=100", "GET ${catalog}?search=Support%20Triage&page=1&page_size=100")
        }

        It 'reports an exact name that matches nothing as CatalogAgentNotFound, and a pattern that matches nothing as nothing' {
            $found = Find-RACatalogAgent nope -ErrorVariable failed -ErrorAction SilentlyContinue
            Find-RACatalogAgent 'nothing*' | Should -BeNullOrEmpty

            $found | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('CatalogAgentNotFound')
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
            "$($failed[0])" | Should -Match "'nope'"
        }

        It 'counts -First, -Skip and -IncludeTotalCount over the matches of -Name' {
            $page = Find-RACatalogAgent '*e*' -Skip 1 -First 2 -IncludeTotalCount
            $page[0].ToString() | Should -Match 'Total count: 5'
            $page[1..2].Id | Should -Be @('hostile-template', 'invoice-approver')
        }

        It 'writes each entry''s JSON with -Raw' {
            $raw = Find-RACatalogAgent support-triage -Raw
            $raw | Should -BeOfType string
            ($raw | ConvertFrom-Json).latest_version | Should -BeExactly '1.2.0'
        }

        It 'refuses -Name beside -Search before any request' {
            { Find-RACatalogAgent -Name x -Search y } | Should -Throw -ErrorId 'AmbiguousParameterSet,RunAgents.PowerShell.Cmdlets.FindRACatalogAgentCommand'
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'shows the list at 80 columns' {
            $text = Find-RACatalogAgent | Out-String -Width 80
            $text | Should -Match 'Id\s+Name\s+Category\s+Latest\s+Integrations'
            $text | Should -Match 'support-triage\s+Support Triage\s+support\s+1\.2\.0\s+zendesk,slack'
            ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        }
    }

    Context 'Get-RACatalogAgent and Get-RACatalogAgentVersion' {
        It 'reads the latest manifest with one GET, the camelCase fields as properties' {
            $manifest = Get-RACatalogAgent support-triage

            Get-Sent | Should -Be @("GET $catalog/support-triage")
            $manifest | Should -BeOfType RunAgents.PowerShell.Models.CatalogAgentManifest
            $manifest.Version | Should -BeExactly '1.2.0'
            $manifest.DefaultModel | Should -BeExactly 'gpt-4o-mini'
            $manifest.RequiredIntegrations | Should -Be @('zendesk', 'slack')
            $manifest.GovernanceTraits | Should -Be @('approval-required')
            $manifest.Published | Should -Be ([datetimeoffset]'2026-11-20T09:00:00Z')
            $manifest.DeploymentTemplate.AgentName | Should -BeExactly 'support-triage'
            $manifest.DeploymentTemplate.RequiredTools | Should -Be @('zendesk-api')
            $manifest.DeploymentTemplate.IdentityProvider | Should -BeExactly 'okta'
            $manifest.SourceFiles | Should -Be @('agent.py', 'prompts/triage.md', 'requirements.txt')
            $manifest.AdditionalFields['prompts'][0].title | Should -BeExactly 'Try it'
            $manifest.DeploymentTemplate.AdditionalFields['accessMode'] | Should -BeExactly 'restricted'
            $manifest.Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
        }

        It 'reads a version with -Version, and takes ids and versions from the pipeline' {
            (Get-RACatalogAgent support-triage -Version 1.0.0).DeploymentTemplate.SystemPrompt | Should -Match 'version 1\.0\.0'
            (Get-RACatalogAgentVersion support-triage | Select-Object -Last 1 | Get-RACatalogAgent).Version | Should -BeExactly '1.0.0'
            (Find-RACatalogAgent invoice-approver | Get-RACatalogAgent).Version | Should -BeExactly '2.0.0'

            Get-Sent | Should -Contain "GET $catalog/support-triage?version=1.0.0"
            Get-Sent | Should -Contain "GET $catalog/invoice-approver"
        }

        It 'reports an unknown id or version as CatalogAgentNotFound, and an id the platform refuses as such' {
            Get-RACatalogAgent nope -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-RACatalogAgent support-triage -Version 9.9.9 -ErrorVariable failed2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-RACatalogAgent 'Bad_Id' -ErrorVariable failed3 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            Get-ErrorId $failed | Should -Be @('CatalogAgentNotFound')
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
            "$($failed2[0])" | Should -Match "version '9\.9\.9' of catalog agent 'support-triage'.*catalog entry not found"
            "$($failed3[0])" | Should -Match 'invalid catalog path'
        }

        It 'refuses an id that cannot be a path segment before any request' {
            Get-RACatalogAgent '../x' -ErrorAction SilentlyContinue -ErrorVariable failed
            Get-RACatalogAgentVersion 'a/b' -ErrorAction SilentlyContinue -ErrorVariable failed2
            Save-RACatalogAgent '..' -Path (New-Folder) -ErrorAction SilentlyContinue -ErrorVariable failed3
            Deploy-RAAgent -CatalogId 'x/../y' -ErrorAction SilentlyContinue -ErrorVariable failed4

            Get-ErrorId (@($failed) + @($failed2) + @($failed3) + @($failed4)) | Should -Be @('InvalidCatalogId', 'InvalidCatalogId', 'InvalidCatalogId', 'InvalidCatalogId')
            $failed[0].CategoryInfo.Category | Should -Be InvalidArgument
            "$($failed[0])" | Should -Match "'\.\./x' cannot be a catalog id"
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'writes the manifest''s JSON with -Raw' {
            $raw = Get-RACatalogAgent support-triage -Raw
            $raw | Should -BeOfType string
            ($raw | ConvertFrom-Json).deploymentTemplate.sourceFiles.'agent.py' | Should -Match 'Agent\(\)'
        }

        It 'lists versions newest first with one GET, each a typed object' {
            $versions = Get-RACatalogAgentVersion support-triage

            Get-Sent | Should -Be @("GET $catalog/support-triage/versions")
            $versions.Version | Should -Be @('1.2.0', '1.1.0', '1.0.0')
            $versions[0] | Should -BeOfType RunAgents.PowerShell.Models.CatalogAgentVersion
            $versions[0].Id | Should -BeExactly 'support-triage'
            $versions[0].Changelog | Should -Match 'language'
            (Get-RACatalogAgentVersion support-triage -Raw)[0] | ConvertFrom-Json | ForEach-Object published_at | Should -Not -BeNullOrEmpty
        }

        It 'reports the versions of an unknown id as CatalogAgentNotFound' {
            Get-RACatalogAgentVersion nope -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('CatalogAgentNotFound')
        }

        It 'shows a manifest and versions at 80 columns, source files by name and never their text' {
            $text = Get-RACatalogAgent support-triage | Out-String -Width 80
            $text | Should -Match 'SourceFiles\s+: agent.py, prompts/triage.md, requirements.txt'
            $text | Should -Not -Match 'import|Agent\(\)'
            $versions = Get-RACatalogAgentVersion support-triage | Out-String -Width 80
            $versions | Should -Match 'support-triage\s+1\.2\.0\s+2026-11-20 Replies'
            ($text, $versions -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        }
    }

    Context 'Save-RACatalogAgent' {
        BeforeEach { $folder = New-Folder }
        AfterEach { if (Test-Path -LiteralPath $folder) { Remove-Item -LiteralPath $folder -Recurse -Force } }

        It 'writes the source files and runagents.catalog.json, and writes out what it wrote' {
            $written = Save-RACatalogAgent support-triage -Path $folder

            Get-Sent | Should -Be @("GET $catalog/support-triage")
            $written | Should -BeOfType System.IO.FileInfo
            @($written.FullName | ForEach-Object { [IO.Path]::GetRelativePath($folder, $_) -replace '\\', '/' }) | Should -Be @('agent.py', 'prompts/triage.md', 'requirements.txt', 'runagents.catalog.json')
            Get-Content -Raw -LiteralPath (Join-Path $folder 'agent.py') | Should -BeExactly "from runagents import Agent`n`nagent = Agent()`n"
            $manifest = Get-Content -Raw -LiteralPath (Join-Path $folder 'runagents.catalog.json') | ConvertFrom-Json
            $manifest.id | Should -BeExactly 'support-triage'
            $manifest.version | Should -BeExactly '1.2.0'
            $manifest.useCases | Should -Not -BeNullOrEmpty
        }

        It 'saves the version -Version names' {
            $null = Save-RACatalogAgent support-triage -Version 1.1.0 -Path $folder
            (Get-Content -Raw -LiteralPath (Join-Path $folder 'runagents.catalog.json') | ConvertFrom-Json).version | Should -BeExactly '1.1.0'
            Get-Sent | Should -Be @("GET $catalog/support-triage?version=1.1.0")
        }

        It 'refuses to overwrite without -Force, writing nothing, and overwrites with it' {
            $null = New-Item -ItemType Directory -Path $folder
            Set-Content -LiteralPath (Join-Path $folder 'agent.py') -Value 'mine'
            Save-RACatalogAgent support-triage -Path $folder -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            Get-ErrorId $failed | Should -Be @('CatalogFileExists')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            "$($failed[0])" | Should -Match '-Force'
            @(Get-ChildItem -LiteralPath $folder -Recurse -File).Name | Should -Be @('agent.py')
            (Get-Content -Raw -LiteralPath (Join-Path $folder 'agent.py')).Trim() | Should -BeExactly 'mine'

            $null = Save-RACatalogAgent support-triage -Path $folder -Force
            Get-Content -Raw -LiteralPath (Join-Path $folder 'agent.py') | Should -Match 'Agent\(\)'
        }

        It 'refuses a template whose file names resolve outside the folder, and writes nothing at all' {
            Save-RACatalogAgent hostile-template -Path $folder -Force -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            Get-ErrorId $failed | Should -Be @('UnsafeCatalogFileName')
            $failed[0].CategoryInfo.Category | Should -Be SecurityError
            "$($failed[0])" | Should -Match "'\.\./evil\.py'.*Nothing was written"
            Test-Path -LiteralPath $folder | Should -BeFalse
            Test-Path -LiteralPath (Join-Path (Split-Path $folder) 'evil.py') | Should -BeFalse
        }

        It 'refuses to write through a folder that is a symbolic link, writing nothing' {
            $elsewhere = New-Folder
            $null = New-Item -ItemType Directory -Path $folder, $elsewhere
            try {
                $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'prompts') -Target $elsewhere
                Save-RACatalogAgent support-triage -Path $folder -Force -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

                Get-ErrorId $failed | Should -Be @('UnsafeCatalogFileName')
                "$($failed[0])" | Should -Match 'symbolic link'
                Get-ChildItem -LiteralPath $elsewhere | Should -BeNullOrEmpty
                Test-Path -LiteralPath (Join-Path $folder 'agent.py') | Should -BeFalse
            }
            finally {
                Remove-Item -LiteralPath $elsewhere -Recurse -Force
            }
        }

        It 'refuses a template without source files' {
            Save-RACatalogAgent docs-writer -Path $folder -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('CatalogAgentHasNoSourceFiles')
            # It points at what works, not at a deploy that has nothing to run either.
            $failed[0].ToString() | Should -BeExactly "Catalog agent 'docs-writer@1.0.0' has no source files to write (its deploymentTemplate.sourceFiles is empty). Look at what it has with Get-RACatalogAgent 'docs-writer'."
            Test-Path -LiteralPath $folder | Should -BeFalse
        }

        It 'writes nothing with -WhatIf, and says where it would write' {
            $messages = @(Get-WhatIfMessage { Save-RACatalogAgent support-triage -Path $folder -WhatIf })

            $messages | Should -HaveCount 1
            $messages[0] | Should -Match "Save catalog agent 'support-triage@1\.2\.0': 3 source files and runagents\.catalog\.json"
            Test-Path -LiteralPath $folder | Should -BeFalse
        }

        It 'refuses a -Path on another provider before any request' {
            Save-RACatalogAgent support-triage -Path 'Env:\x' -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidPath')
            Get-Sent | Should -BeNullOrEmpty
        }
    }

    Context 'the platform each catalog object came from' {
        BeforeAll {
            $other = Start-RAMockServer
            $otherApi = New-TestApi $Generation $other
        }

        AfterAll {
            $other | Stop-RAMockServer
        }

        It 'reads, lists the versions of and saves a piped catalog agent on its own platform, not the current one' {
            $found = Find-RACatalogAgent support-triage
            Connect-TestServer $otherApi
            $null = Invoke-RAMock $server POST reset
            $null = Invoke-RAMock $other POST reset

            ($found | Get-RACatalogAgent).Platform | Should -BeExactly $found.Platform
            @($found | Get-RACatalogAgentVersion).Count | Should -BeGreaterThan 0
            $folder = New-Folder
            try { $null = $found | Save-RACatalogAgent -Path $folder } finally { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }

            @(Get-Sent).Count | Should -Be 3
            Get-RAMockJournal $other | Should -BeNullOrEmpty
        }

        It 'refuses the module''s other objects, which have ids too, before any request' {
            $connector = [pscustomobject]@{ Id = 'ac_1'; Name = 'slack-finance'; Platform = $api.Uri.AbsoluteUri }
            $connector.PSObject.TypeNames.Insert(0, 'RunAgents.PowerShell.Models.ApprovalConnector')
            $null = Invoke-RAMock $server POST reset
            $connector | Get-RACatalogAgent -ErrorVariable failed -ErrorAction SilentlyContinue
            $connector | Get-RACatalogAgentVersion -ErrorVariable +failed -ErrorAction SilentlyContinue
            $connector | Save-RACatalogAgent -Path (New-Folder) -ErrorVariable +failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidInputObject', 'InvalidInputObject', 'InvalidInputObject')
            "$($failed[0])" | Should -BeLike "Approval connector 'slack-finance' is not a catalog agent*"
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'refuses a copy from another platform than the current one, sending nothing' {
            $copy = Find-RACatalogAgent support-triage | Select-Object *
            Connect-TestServer $otherApi
            $null = Invoke-RAMock $server POST reset
            $null = Invoke-RAMock $other POST reset

            $copy | Get-RACatalogAgent -ErrorVariable failed -ErrorAction SilentlyContinue
            $copy | Get-RACatalogAgentVersion -ErrorVariable +failed -ErrorAction SilentlyContinue
            $copy | Save-RACatalogAgent -Path (New-Folder) -ErrorVariable +failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('PlatformMismatch', 'PlatformMismatch', 'PlatformMismatch')
            Get-Sent | Should -BeNullOrEmpty
            Get-RAMockJournal $other | Should -BeNullOrEmpty
        }
    }

    Context 'Tab completion' {
        BeforeAll {
            function Get-Completion([string] $Line) { @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches) }
        }

        It 'completes catalog ids with their names as tooltips, on every catalog cmdlet and -CatalogId' {
            $offered = Get-Completion 'Get-RACatalogAgent sup'
            $offered.CompletionText | Should -Be @('support-triage')
            $offered[0].ToolTip | Should -BeExactly 'Support Triage'
            (Get-Completion 'Save-RACatalogAgent inv').CompletionText | Should -Be @('invoice-approver')
            (Get-Completion 'Get-RACatalogAgentVersion sal').CompletionText | Should -Be @('sales-researcher')
            (Get-Completion 'Deploy-RAAgent -CatalogId doc').CompletionText | Should -Be @('docs-writer')
            Get-Sent | Should -Not -Contain "GET $catalog/support-triage"
        }

        It 'completes catalog ids from every page of a catalog longer than one page' {
            foreach ($range in @(1..100), @(101..105)) {
                $page = @{ items = @($range | ForEach-Object { @{ id = 'bulk-{0:d3}' -f $_; name = "Bulk $_" } }); total = 105 } | ConvertTo-Json -Depth 4 -Compress
                Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $catalog; status = 200; body = $page }
            }

            $offered = Get-Completion 'Get-RACatalogAgent bulk-'

            $offered.CompletionText | Should -Be @(1..105 | ForEach-Object { 'bulk-{0:d3}' -f $_ })
            Get-Sent | Should -Be @("GET ${catalog}?page=1&page_size=100", "GET ${catalog}?page=2&page_size=100")
        }

        It 'completes versions of the id on the line, newest first, with their summaries' {
            $offered = Get-Completion 'Get-RACatalogAgent support-triage -Version '
            # Quoted, as the completer quotes anything that could read as a number.
            $offered.CompletionText -replace "'" | Should -Be @('1.2.0', '1.1.0', '1.0.0')
            $offered[0].ToolTip | Should -Match "1\.2\.0: Replies in the customer's language"
            (Get-Completion 'Deploy-RAAgent -CatalogId invoice-approver -CatalogVersion 1').CompletionText -replace "'" | Should -Be @('1.0.0')
        }

        It 'completes nothing, quietly, for a version of an unknown id or with no id' {
            Get-Completion 'Get-RACatalogAgent nope -Version ' | Where-Object ResultType -EQ ParameterValue | Should -BeNullOrEmpty
            Get-Completion 'Get-RACatalogAgent -Version ' | Where-Object ResultType -EQ ParameterValue | Should -BeNullOrEmpty
        }
    }

    Context 'Deploy-RAAgent -CatalogId' {
        It 'deploys the body catalog deploy sends: the template''s name, files, prompt, tools, policies, identity provider and model' {
            $result = Deploy-RAAgent -CatalogId support-triage

            Get-Sent | Should -Be @("GET $catalog/support-triage", "POST $deploy")
            $body = (Get-Posted)[0].body | ConvertFrom-Json
            $body.agent_name | Should -BeExactly 'support-triage'
            @($body.source_files.PSObject.Properties.Name) | Should -Be @('agent.py', 'prompts/triage.md', 'requirements.txt')
            $body.system_prompt | Should -BeExactly 'You triage support tickets. Be brief.'
            $body.required_tools | Should -Be @('zendesk-api')
            $body.policies | Should -Be @('support-read')
            $body.identity_provider | Should -BeExactly 'okta'
            # A bare default model is an OpenAI one, as the CLI reads it; no role is sent.
            $body.llm_configs[0].provider | Should -BeExactly 'openai'
            $body.llm_configs[0].model | Should -BeExactly 'gpt-4o-mini'
            $body.llm_configs[0].PSObject.Properties.Name | Should -Not -Contain 'role'
            $result.Name | Should -BeExactly 'support-triage'
        }

        It 'names the agent by its id when the template has no agent name, and reads -CatalogVersion' {
            $null = Deploy-RAAgent -CatalogId invoice-approver -CatalogVersion 1.0.0

            Get-Sent | Should -Be @("GET $catalog/invoice-approver?version=1.0.0", "POST $deploy")
            $body = (Get-Posted)[0].body | ConvertFrom-Json
            $body.agent_name | Should -BeExactly 'invoice-approver'
            $body.system_prompt | Should -Match 'version 1\.0\.0'
            $body.llm_configs[0].provider | Should -BeExactly 'anthropic'
        }

        It 'overrides the template with -Name, -Tool, -Model, -Policy, -IdentityProvider and -SystemPrompt' {
            $null = Deploy-RAAgent -CatalogId support-triage -Name my-triage -Tool jira-api -Model 'anthropic/claude-3-5-haiku' -Policy strict -IdentityProvider google -SystemPrompt 'Be kind.'

            $body = (Get-Posted)[0].body | ConvertFrom-Json
            $body.agent_name | Should -BeExactly 'my-triage'
            $body.required_tools | Should -Be @('jira-api')
            $body.llm_configs[0].provider | Should -BeExactly 'anthropic'
            $body.llm_configs[0].model | Should -BeExactly 'claude-3-5-haiku'
            $body.policies | Should -Be @('strict')
            $body.identity_provider | Should -BeExactly 'google'
            $body.system_prompt | Should -BeExactly 'Be kind.'
        }

        It 'deploys from a copy of a catalog agent (<Case>), reading its manifest again, and follows the copy''s platform' -ForEach @(
            @{ Case = 'Select-Object * of an entry'; Make = { Find-RACatalogAgent support-triage | Select-Object * }; Version = $null }
            @{ Case = 'Select-Object * of a manifest'; Make = { Get-RACatalogAgent support-triage -Version 1.1.0 | Select-Object * }; Version = '1.1.0' }
            @{ Case = 'Export-Clixml of a version'; Make = { $xml = Join-Path $TestDrive 'v.xml'; Get-RACatalogAgentVersion support-triage | Select-Object -Last 1 | Export-Clixml -LiteralPath $xml; Import-Clixml -LiteralPath $xml }; Version = '1.0.0' }
        ) {
            $copy = & $Make
            Invoke-RAMock $server POST reset

            $result = $copy | Deploy-RAAgent -Name from-copy

            $read = if ($Version) { "GET $catalog/support-triage?version=$Version" } else { "GET $catalog/support-triage" }
            Get-Sent | Should -Be @($read, "POST $deploy")
            ((Get-Posted)[0].body | ConvertFrom-Json).agent_name | Should -BeExactly 'from-copy'
            $result.Name | Should -BeExactly 'from-copy'

            # The same copy said to come from another platform is refused before any request.
            Invoke-RAMock $server POST reset
            $copy.Platform = 'https://elsewhere.example.com/'
            $copy | Deploy-RAAgent -Name from-copy -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('PlatformMismatch')
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'refuses a catalog agent without source files as the catalog''s lack, with or without -WhatIf, and sends no deploy' {
            Deploy-RAAgent -CatalogId docs-writer -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-RACatalogAgent docs-writer | Deploy-RAAgent -WhatIf -ErrorVariable failed2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            foreach ($e in @($failed) + @($failed2)) {
                $e.FullyQualifiedErrorId | Should -BeLike 'CatalogAgentHasNoSourceFiles,*'
                $e.CategoryInfo.Category | Should -Be 'InvalidData'
                $e.TargetObject | Should -BeExactly 'docs-writer'
                $e.ToString() | Should -BeExactly "Catalog agent 'docs-writer@1.0.0' has no source files (its deploymentTemplate.sourceFiles is empty), so a deploy of it has nothing for the agent to run. Deploy an image or files of your own with its settings instead (Get-RACatalogAgent 'docs-writer' shows them)."
            }
            Get-Sent | Should -Be @("GET $catalog/docs-writer", "GET $catalog/docs-writer")
        }

        It 'deploys a catalog agent piped in from Find- or Get-RACatalogAgent' {
            $null = Find-RACatalogAgent sales-researcher | Deploy-RAAgent -Name researcher
            $null = Get-RACatalogAgent invoice-approver | Deploy-RAAgent

            Get-Sent | Should -Be @(
                "GET ${catalog}?search=sales-researcher&page=1&page_size=100"
                "GET $catalog/sales-researcher"
                "POST $deploy"
                "GET $catalog/invoice-approver"
                "POST $deploy")
            ((Get-Posted)[0].body | ConvertFrom-Json).agent_name | Should -BeExactly 'researcher'
            ((Get-Posted)[1].body | ConvertFrom-Json).agent_name | Should -BeExactly 'invoice-approver'
        }

        It 'sends nothing with -WhatIf and shows the body, environment values masked' {
            $messages = Get-WhatIfMessage { Deploy-RAAgent -CatalogId support-triage -Name t1 -Env @{ API_TOKEN = 'tok-123-secret'; PASS = (ConvertTo-SecureString 'pw-456-secret' -AsPlainText -Force) } -WhatIf }

            Get-Sent | Should -Be @("GET $catalog/support-triage")
            $text = $messages -join "`n"
            $text | Should -Match "Deploy agent from catalog agent 'support-triage@1\.2\.0' \(3 source files\) with this body"
            $shown = Get-WhatIfMessage { Deploy-RAAgent -CatalogId support-triage -Name t1 -WhatIf }
            $shown | Should -Not -BeNullOrEmpty
            $text | Should -Not -Match 'tok-123-secret|pw-456-secret'
        }

        It 'shows the whole body under -WhatIf, in JSON' {
            $path = Join-Path ([IO.Path]::GetTempPath()) "whatif-$([guid]::NewGuid()).txt"
            $null = Start-Transcript -LiteralPath $path
            try { Deploy-RAAgent -CatalogId support-triage -Env @{ API_TOKEN = 'tok-123-secret' } -WhatIf } finally { $null = Stop-Transcript }
            $text = Get-Content -Raw -LiteralPath $path
            Remove-Item -LiteralPath $path

            $text | Should -Match '"agent_name": "support-triage"'
            $text | Should -Match '"agent.py": "from runagents import Agent\\n\\nagent = Agent\(\)\\n"'
            $text | Should -Match '"identity_provider": "okta"'
            $text | Should -Match '"value": "\*\*\*\*\*\*\*\*"'
            $text | Should -Not -Match 'tok-123-secret'
            @(Get-RAMockJournal $server | Where-Object method -NE 'GET') | Should -BeNullOrEmpty
        }

        It 'reports an unknown catalog id as CatalogAgentNotFound and deploys nothing' {
            Deploy-RAAgent -CatalogId nope -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('CatalogAgentNotFound')
            Get-Posted | Should -BeNullOrEmpty
        }

        It 'refuses a bad override before the deploy: a malformed -Model, an invalid -Name' {
            Deploy-RAAgent -CatalogId support-triage -Model 'gpt-4o' -ErrorVariable failed -ErrorAction SilentlyContinue
            "$($failed[0])" | Should -Match "provider/model"
            Deploy-RAAgent -CatalogId support-triage -Name 'Bad Name!' -ErrorVariable failed2 -ErrorAction SilentlyContinue
            Get-ErrorId $failed2 | Should -Be @('InvalidAgentName')
            Get-Posted | Should -BeNullOrEmpty
        }

        It 'refuses -CatalogVersion without a catalog agent, before any request' {
            @{ agent_name = 'x'; image = 'y' } | Deploy-RAAgent -CatalogVersion 1.0.0 -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('CatalogVersionWithoutCatalogAgent')
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'refuses -CatalogId beside -Image or -Path before any request' {
            { Deploy-RAAgent -CatalogId support-triage -Image 'x' } | Should -Throw -ErrorId 'AmbiguousParameterSet,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            Get-Sent | Should -BeNullOrEmpty
        }
    }
}
