# Configuration as code: Export-, Compare- and Import-RAConfiguration over the tools, model providers, policies and
# identity providers, on both API generations. What a user relies on: the files' exact bytes (an unchanged platform
# exports byte-identical files), the journal of requests (an unchanged folder sends no write, one changed field one
# write, -WhatIf nothing, a bad folder no write, and no request at all when the listing already shows it), the records
# and their view, and secrets nowhere.

Describe 'Configuration as code on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 0
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        $kernel = 'IdentityProvider', 'Tool', 'ModelProvider', 'Policy'
        $lists = 'identity-providers', 'tools', 'model-providers', 'policies'
        $tools = Get-TestPath $api Tools
        $policies = Get-TestPath $api Policies
        $providers = Get-TestPath $api ModelProviders
        $identity = Get-TestPath $api IdentityProviders
        $reads = @("GET $identity", "GET $tools", "GET $providers", "GET $policies")
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Written { @(Get-RAMockJournal $server | Where-Object method -NE 'GET') }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        function Clear-Workspace { foreach ($list in $lists) { $null = Invoke-RAMock $server DELETE $list } }
        function Get-FolderBytes($Path) {
            # Every file below a folder, by its relative path, with its bytes as Base64: equal tables, equal folders.
            $files = [ordered]@{}
            Get-ChildItem -LiteralPath $Path -Recurse -File | Sort-Object FullName | ForEach-Object {
                $files[[IO.Path]::GetRelativePath($Path, $_.FullName).Replace('\', '/')] = [Convert]::ToBase64String([IO.File]::ReadAllBytes($_.FullName))
            }
            $files
        }
        function Write-Json($Path, $Text) { [IO.File]::WriteAllText($Path, $Text, [Text.UTF8Encoding]::new($false)) }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        $null = Invoke-RAMock $server DELETE faults
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
    }

    Context 'Export-RAConfiguration' {
        It 'writes one canonical file per object: API body shape, keys sorted, two-space indent, LF, no BOM, status left out' {
            Get-RAMockJournal $server -Clear
            $out = Export-RAConfiguration -Path $folder -Resource $kernel

            $out | Should -BeNullOrEmpty
            # The four lists are read side by side, in no set order.
            Get-Sent | Sort-Object | Should -Be ($reads | Sort-Object)
            (Get-FolderBytes $folder).Keys | Should -Be @(
                'identity-providers/azure-ad.json', 'identity-providers/google-oidc.json'
                'model-providers/anthropic.json', 'model-providers/ollama-local.json', 'model-providers/openai.json'
                'policies/payments-approval.json', 'policies/read-only.json'
                'tools/slack-notify.json', 'tools/stripe-api.json', 'tools/zendesk-api.json')
            $bytes = [IO.File]::ReadAllBytes((Join-Path $folder 'tools/slack-notify.json'))
            $bytes[0] | Should -Be ([byte][char]'{')
            $bytes[-1] | Should -Be 10
            $bytes | Should -Not -Contain 13
            # The flat shape the mock answers for this tool is written in the contract's shape.
            [Text.Encoding]::UTF8.GetString($bytes) | Should -BeExactly (@(
                    '{'
                    '  "name": "slack-notify",'
                    '  "spec": {'
                    '    "connection": {'
                    '      "authentication": {'
                    '        "type": "None"'
                    '      },'
                    '      "baseUrl": "https://hooks.slack.com",'
                    '      "port": 443,'
                    '      "scheme": "HTTPS"'
                    '    },'
                    '    "description": "Posts messages to Slack channels."'
                    '  }'
                    '}'
                    '') -join "`n")
            Get-Content -Raw (Join-Path $folder 'policies/payments-approval.json') | Should -Not -Match '"status"|"used_by"|"namespace"'
        }

        It 'writes byte-identical files when the platform has not changed, and writes no file again' {
            Export-RAConfiguration -Path $folder -Resource $kernel
            $first = Get-FolderBytes $folder
            $stamp = (Get-Item (Join-Path $folder 'tools/stripe-api.json')).LastWriteTimeUtc
            Start-Sleep -Milliseconds 20

            $verbose = Export-RAConfiguration -Path $folder -Resource $kernel -Verbose 4>&1

            ($first | ConvertTo-Json) | Should -BeExactly ((Get-FolderBytes $folder) | ConvertTo-Json)
            (Get-Item (Join-Path $folder 'tools/stripe-api.json')).LastWriteTimeUtc | Should -Be $stamp
            @($verbose | Where-Object { "$_" -like 'Unchanged*stripe-api.json*' }) | Should -HaveCount 1
        }

        It 'exports only the kinds -Resource names, reading only those' {
            Get-RAMockJournal $server -Clear
            Export-RAConfiguration -Path $folder -Resource Tool

            Get-Sent | Should -Be @("GET $tools")
            @(Get-ChildItem $folder -Directory).Name | Should -Be @('tools')
        }

        It 'writes the file of each object with -PassThru, and a folder for a kind with no objects' {
            $null = Invoke-RAMock $server DELETE identity-providers
            $files = Export-RAConfiguration -Path $folder -Resource Tool, IdentityProvider -PassThru

            $files | Should -HaveCount 3
            $files[0] | Should -BeOfType System.IO.FileInfo
            $files.Name | Should -Be @('slack-notify.json', 'stripe-api.json', 'zendesk-api.json')
            Join-Path $folder 'identity-providers' | Should -Exist
        }

        It 'leaves the file of an object the platform does not have, and a .psd1 of one it writes as .json, saying so; -Prune removes them' {
            Export-RAConfiguration -Path $folder -Resource Tool
            Write-Json (Join-Path $folder 'tools/gone.json') '{"name":"gone","spec":{}}'
            Set-Content (Join-Path $folder 'tools/stripe-api.psd1') "@{ name = 'stripe-api'; spec = @{} }"
            Set-Content (Join-Path $folder 'tools/notes.txt') 'kept'
            Set-Content (Join-Path $folder 'tools/.gitkeep') ''

            # A file a user wrote for a tool still to be created is not the export's to remove.
            $null = Export-RAConfiguration -Path $folder -Resource Tool -WarningVariable left
            Join-Path $folder 'tools/gone.json' | Should -Exist
            Join-Path $folder 'tools/stripe-api.psd1' | Should -Exist
            $left | Should -HaveCount 2
            "$($left[0])" | Should -BeLike "Left '*gone.json': the platform has no tool 'gone' (-Prune removes the file)."
            "$($left[1])" | Should -BeLike "Left '*stripe-api.psd1': the tool 'stripe-api' is written to stripe-api.json (-Prune removes the file)."

            $null = Export-RAConfiguration -Path $folder -Resource Tool -Prune -WhatIf
            Join-Path $folder 'tools/gone.json' | Should -Exist

            $null = Export-RAConfiguration -Path $folder -Resource Tool -Prune -WarningVariable warnings

            Join-Path $folder 'tools/gone.json' | Should -Not -Exist
            Join-Path $folder 'tools/stripe-api.psd1' | Should -Not -Exist
            Join-Path $folder 'tools/notes.txt' | Should -Exist
            Join-Path $folder 'tools/.gitkeep' | Should -Exist
            $warnings | Should -HaveCount 2
            "$($warnings[0])" | Should -BeLike "Removed '*gone.json': the platform has no tool 'gone'."
            "$($warnings[1])" | Should -BeLike "Removed '*stripe-api.psd1': the tool 'stripe-api' is written to stripe-api.json."
        }

        It 'writes nothing with -WhatIf' {
            $null = Export-RAConfiguration -Path $folder -Resource $kernel -WhatIf
            $folder | Should -Not -Exist
        }

        It 'refuses a platform name that cannot be a file name, and writes the others' {
            $null = Invoke-RAMock $server POST tools @(@{ name = '../escape'; spec = @{ description = 'x' } }, @{ name = 'con'; spec = @{ description = 'x' } })

            $null = Export-RAConfiguration -Path $folder -Resource Tool -ErrorVariable failures -ErrorAction SilentlyContinue

            Get-ErrorId $failures | Should -Be @('ConfigurationNameInvalid', 'ConfigurationNameInvalid')
            "$($failures[0])" | Should -BeLike "*'../escape' cannot be written to a file of its own: it holds a character a file name cannot*"
            "$($failures[1])" | Should -BeLike "*'con' cannot be written*device name on Windows*"
            @(Get-ChildItem -LiteralPath $TestDrive -Recurse -Filter 'escape*') | Should -BeNullOrEmpty
            (Get-ChildItem (Join-Path $folder 'tools')).Name | Should -Be @('slack-notify.json', 'stripe-api.json', 'zendesk-api.json')
        }

        It 'refuses the second of two names that differ only in case (one file on Windows and macOS)' {
            $null = Invoke-RAMock $server POST tools @{ name = 'Stripe-API'; spec = @{ description = 'x' } }

            $null = Export-RAConfiguration -Path $folder -Resource Tool -ErrorVariable failures -ErrorAction SilentlyContinue

            Get-ErrorId $failures | Should -Be @('ConfigurationNameCollision')
            "$($failures[0])" | Should -BeExactly "The tools 'Stripe-API' and 'stripe-api' differ only in case, so they cannot have a file each on every system; 'stripe-api' is not written. Rename one of them on the platform."
            $names = [string[]](Get-ChildItem (Join-Path $folder 'tools')).Name
            [Array]::Sort($names, [StringComparer]::Ordinal)
            $names | Should -BeExactly @('Stripe-API.json', 'slack-notify.json', 'zendesk-api.json')
        }

        It 'refuses a -Path that is a file, or not on the file system, alike for the three, before any request' {
            Set-Content (Join-Path $TestDrive 'a-file') 'x'
            Get-RAMockJournal $server -Clear
            foreach ($command in 'Export-RAConfiguration', 'Compare-RAConfiguration', 'Import-RAConfiguration') {
                { & $command -Path (Join-Path $TestDrive 'a-file') } | Should -Throw -ErrorId "ConfigurationFolderIsFile,*"
                { & $command -Path Env:\ } | Should -Throw -ErrorId 'ConfigurationFolderNotFileSystem,*'
                $failure = { & $command -Path 'https://example.com/cfg' } | Should -Throw -ErrorId 'ConfigurationFolderNotFileSystem,*' -PassThru
                "$failure" | Should -BeLike "-Path 'https://example.com/cfg' is no folder of the file system*a configuration folder is a local folder*"
            }
            Get-Sent | Should -BeNullOrEmpty
        }
    }

    Context 'Secrets' {
        It 'writes the placeholder for a tool''s credentials where the tool authenticates, nothing otherwise; -IncludeSecret warns' {
            Export-RAConfiguration -Path $folder -Resource Tool -WarningVariable quiet
            $quiet | Should -BeNullOrEmpty
            (Get-Content -Raw (Join-Path $folder 'tools/stripe-api.json') | ConvertFrom-Json).credentials | Should -BeExactly '<redacted>'
            (Get-Content -Raw (Join-Path $folder 'tools/zendesk-api.json') | ConvertFrom-Json).credentials | Should -BeExactly '<redacted>'
            Get-Content -Raw (Join-Path $folder 'tools/slack-notify.json') | Should -Not -Match 'credentials'

            $null = Export-RAConfiguration -Path $folder -Resource Tool -IncludeSecret -WarningVariable warned
            "$warned" | Should -BeLike '-IncludeSecret writes secrets in clear*Keep them out of source control*'
        }

        It 'gives Set-RATool a folder''s file as Import does: the placeholder keeps the credentials, never sent as them' {
            Export-RAConfiguration -Path $folder -Resource Tool
            $file = Join-Path $folder 'tools/stripe-api.json'
            Get-RAMockJournal $server -Clear

            Set-RATool -Path $file
            Get-Content -Raw $file | Set-RATool
            $unchanged = Get-Written
            Remove-RATool stripe-api -Force -Confirm:$false
            Get-RAMockJournal $server -Clear
            Set-RATool -Path $file -WarningVariable warned

            $unchanged | Should -BeNullOrEmpty
            $written = Get-Written
            $written | Should -HaveCount 1
            $written[0].body | Should -Not -Match 'redacted'
            ($written[0].body | ConvertFrom-Json).PSObject.Properties.Name | Should -Not -Contain 'credentials'
            "$warned" | Should -BeExactly "The tool 'stripe-api' was created without its credentials: the document has the placeholder <redacted>, and the platform had nothing to keep. Give them with Set-RATool."
        }

        It 'keeps what the platform has for a placeholder (no write), and sends credentials given in a file, shown nowhere' {
            $secret = 'sk_live_Q7xZ9vK2mW4pR8tY'
            Export-RAConfiguration -Path $folder -Resource Tool
            Get-RAMockJournal $server -Clear
            Import-RAConfiguration -Path $folder | Where-Object State -NE 'Unchanged' | Should -BeNullOrEmpty
            Get-Written | Should -BeNullOrEmpty

            $file = Join-Path $folder 'tools/stripe-api.json'
            $document = Get-Content -Raw $file | ConvertFrom-Json
            $document.credentials = @{ api_key = $secret }
            Write-Json $file ($document | ConvertTo-Json -Depth 20)

            $plan = Compare-RAConfiguration -Path $folder 6>&1 5>&1 4>&1 3>&1 2>&1
            $results = Import-RAConfiguration -Path $folder -Verbose -Debug 6>&1 5>&1 4>&1 3>&1 2>&1

            $changed = @($plan | Where-Object { $_ -is [RunAgents.PowerShell.Configuration.ConfigurationComparison] -and $_.State -eq 'Different' })
            $changed.Name | Should -Be @('stripe-api')
            $changed.Differences.Path | Should -Be @('credentials')
            $written = Get-Written
            $written | Should -HaveCount 1
            $written[0].rawTarget | Should -BeExactly $tools
            ($written[0].body | ConvertFrom-Json).credentials.api_key | Should -BeExactly $secret
            Find-KeyLeak -Text @(Get-EveryText $plan; Get-EveryText $results) -Secret $secret | Should -BeNullOrEmpty
        }

        It 'creates a tool whose file has the placeholder without credentials, and says so' {
            Export-RAConfiguration -Path $folder -Resource Tool
            Clear-Workspace
            Get-RAMockJournal $server -Clear

            $null = Import-RAConfiguration -Path $folder -WarningVariable warnings

            $posted = @(Get-Written | Where-Object { ($_.body | ConvertFrom-Json).name -eq 'stripe-api' })
            $posted | Should -HaveCount 1
            $posted[0].body | Should -Not -Match 'credentials|redacted'
            @($warnings | Where-Object { "$_" -like "The tool 'stripe-api' was created without its credentials*Set-RATool*" }) | Should -HaveCount 1
        }
    }

    Context 'Round trip and apply' {
        It 'exports, imports into an empty workspace, and exports again byte-identical' {
            Export-RAConfiguration -Path $folder -Resource $kernel
            $first = Get-FolderBytes $folder
            Clear-Workspace
            Get-RAMockJournal $server -Clear

            $results = Import-RAConfiguration -Path $folder

            $results | Should -HaveCount 10
            $results[0] | Should -BeOfType RunAgents.PowerShell.Configuration.ConfigurationResult
            @($results.State | Select-Object -Unique) | Should -Be @('Created')
            # Dependency order: identity providers, tools, model providers, policies.
            @($results.Resource | Select-Object -Unique) | Should -Be @('IdentityProvider', 'Tool', 'ModelProvider', 'Policy')
            $results[0].Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
            (Get-Sent | Select-Object -First 4 | Sort-Object) | Should -Be ($reads | Sort-Object)
            @(Get-Written).Count | Should -Be 10
            @(Get-Written | ForEach-Object { "$($_.method) $($_.rawTarget)" } | Select-Object -Unique) | Should -Be @("POST $identity", "POST $tools", "POST $providers", "POST $policies")

            $again = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
            Export-RAConfiguration -Path $again -Resource $kernel
            ((Get-FolderBytes $again) | ConvertTo-Json) | Should -BeExactly ($first | ConvertTo-Json)
        }

        It 'sends no write for an unchanged folder: only the four lists are read' {
            Export-RAConfiguration -Path $folder -Resource $kernel
            Get-RAMockJournal $server -Clear

            $results = Import-RAConfiguration -Path $folder

            Get-Sent | Sort-Object | Should -Be ($reads | Sort-Object)
            @($results.State | Select-Object -Unique) | Should -Be @('Unchanged')
            $results.Differences | Should -BeNullOrEmpty
        }

        It 'compares a file by its content when it is not as an export writes it: keys in another order, compact, CRLF, a BOM' {
            Export-RAConfiguration -Path $folder -Resource Tool
            $files = @(Get-ChildItem (Join-Path $folder 'tools') -Filter *.json | Sort-Object Name)
            $files | Should -HaveCount 3
            # Compact, keys in reverse order at the top: the same document.
            $document = Get-Content -Raw $files[0].FullName | ConvertFrom-Json -AsHashtable
            $reversed = [ordered]@{}; foreach ($key in @($document.Keys | Sort-Object -Descending)) { $reversed[$key] = $document[$key] }
            Write-Json $files[0].FullName ($reversed | ConvertTo-Json -Depth 32 -Compress)
            # CRLF line ends and a BOM: the same document.
            [IO.File]::WriteAllText($files[1].FullName, (Get-Content -Raw $files[1].FullName).Replace("`n", "`r`n"), [Text.UTF8Encoding]::new($true))
            # The form an export writes, but for one field: read, and found different.
            Write-Json $files[2].FullName ((Get-Content -Raw $files[2].FullName) -replace '"description": "[^"]*"', '"description": "Changed."')
            Get-RAMockJournal $server -Clear

            $plan = Compare-RAConfiguration -Path $folder

            ($plan | Where-Object State -NE 'Same').Name | Should -Be @($files[2].BaseName)
            ($plan | Where-Object Name -EQ $files[2].BaseName).Differences.Path | Should -Be @('spec.description')
            ($plan | Where-Object State -EQ 'Same').Name | Should -Be @($files[0].BaseName, $files[1].BaseName)
            Get-Written | Should -BeNullOrEmpty
        }

        It 'sends one write for one changed field, and says which field' {
            Export-RAConfiguration -Path $folder -Resource $kernel
            $file = Join-Path $folder 'tools/zendesk-api.json'
            (Get-Content -Raw $file) -replace 'Zendesk tickets and users.', 'Zendesk tickets.' | Set-Content -NoNewline $file
            Get-RAMockJournal $server -Clear

            $plan = Compare-RAConfiguration -Path $folder
            $results = Import-RAConfiguration -Path $folder

            $different = @($plan | Where-Object State -EQ 'Different')
            $different.Name | Should -Be @('zendesk-api')
            $different[0].Differences[0].Path | Should -BeExactly 'spec.description'
            $different[0].Differences[0].Folder | Should -BeExactly '"Zendesk tickets."'
            $different[0].Differences[0].Platform | Should -BeExactly '"Zendesk tickets and users."'
            $different[0].File | Should -BeExactly $file
            $different[0].Action | Should -BeExactly 'update'
            $written = Get-Written
            $written | Should -HaveCount 1
            "$($written[0].method) $($written[0].rawTarget)" | Should -BeExactly "POST $tools"
            ($written[0].body | ConvertFrom-Json).spec.description | Should -BeExactly 'Zendesk tickets.'
            $updated = @($results | Where-Object State -EQ 'Updated')
            $updated.Name | Should -Be @('zendesk-api')
            $updated[0].Differences.Path | Should -Be @('spec.description')
            @($results | Where-Object State -EQ 'Unchanged') | Should -HaveCount 9
        }

        It 'refuses the module''s objects piped in by mistake, naming what was given, before any request' {
            Export-RAConfiguration -Path $folder -Resource Tool
            $plan = @(Compare-RAConfiguration -Path $folder)
            Push-Location $TestDrive
            try {
                Get-RAMockJournal $server -Clear
                foreach ($case in @(
                        @{ Command = 'Export-RAConfiguration'; Given = @(Get-RAPolicy); Type = 'Policy' }
                        @{ Command = 'Compare-RAConfiguration'; Given = @(Get-RATool); Type = 'Tool' }
                        @{ Command = 'Import-RAConfiguration'; Given = $plan; Type = 'ConfigurationComparison' }
                        @{ Command = 'Compare-RAConfiguration'; Given = @(Get-RAConnection | Select-Object -First 1); Type = 'RAConnection' })) {
                    Get-RAMockJournal $server -Clear
                    $null = $case.Given | & $case.Command -ErrorVariable failures -ErrorAction SilentlyContinue
                    $failures | Should -HaveCount $case.Given.Count
                    Get-ErrorId $failures | Select-Object -Unique | Should -Be 'ParameterArgumentTransformationError'
                    "$($failures[0])" | Should -BeLike "*A $($case.Type) is not a configuration folder: -Path takes a folder, as a path or from Get-Item.*"
                    Get-Sent | Should -BeNullOrEmpty
                }
                # Nothing was written where the objects' names would have led.
                @(Get-ChildItem -LiteralPath $TestDrive -Name) | Should -Not -Contain 'read-only'
            }
            finally { Pop-Location }
        }

        It 'refuses a folder that holds none of the kinds'' folders, and points from a kind''s folder to the one above' {
            $null = New-Item -ItemType Directory (Join-Path $folder 'tools')
            $empty = New-Item -ItemType Directory (Join-Path $TestDrive 'empty')
            Get-RAMockJournal $server -Clear

            $null = Compare-RAConfiguration -Path $empty -ErrorVariable emptyErrors -ErrorAction SilentlyContinue
            $null = Import-RAConfiguration -Path (Join-Path $folder 'tools') -Prune -Force -ErrorVariable kindErrors -ErrorAction SilentlyContinue

            Get-ErrorId $emptyErrors | Should -Be @('ConfigurationFolderEmpty')
            $emptyErrors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            "$($emptyErrors[0])" | Should -BeLike "*holds none of the kinds' folders (identity-providers, approval-connectors, tools, model-providers, policies, agents)*give the folder Export-RAConfiguration wrote, or name the kinds with -Resource."
            Get-ErrorId $kindErrors | Should -Be @('ConfigurationFolderEmpty')
            "$($kindErrors[0])" | Should -BeLike "*is the folder of the tools itself: give the folder that holds it."
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'takes folders from the pipeline: from Get-Item by their PSPath, and as text, each on its own' {
            $second = Join-Path $TestDrive 'second'
            Export-RAConfiguration -Path $folder -Resource Tool
            Get-Item -LiteralPath $folder | Export-RAConfiguration -Resource Policy
            $second | Export-RAConfiguration -Resource ModelProvider
            Get-RAMockJournal $server -Clear

            $plan = @(Get-Item -LiteralPath $folder, $second | Compare-RAConfiguration)

            @(Get-ChildItem -LiteralPath $folder -Name) | Sort-Object | Should -Be @('policies', 'tools')
            @(Get-ChildItem -LiteralPath $second -Name) | Should -Be @('model-providers')
            # Each folder is compared with only its own kinds, and its records name their own files.
            ($plan | Where-Object Resource -EQ 'Tool').File | ForEach-Object { $_ | Should -BeLike (Join-Path $folder '*') }
            ($plan | Where-Object Resource -EQ 'ModelProvider').File | ForEach-Object { $_ | Should -BeLike (Join-Path $second '*') }
            @($plan.State | Select-Object -Unique) | Should -Be @('Same')
            ($plan.Resource | Select-Object -Unique | Sort-Object) | Should -Be @('ModelProvider', 'Policy', 'Tool')
            Get-Written | Should -BeNullOrEmpty
        }

        It 'keeps the differences readable in a CSV of the plan and of the results' {
            Export-RAConfiguration -Path $folder -Resource $kernel
            $file = Join-Path $folder 'tools/zendesk-api.json'
            (Get-Content -Raw $file) -replace 'Zendesk tickets and users.', 'Zendesk tickets.' | Set-Content -NoNewline $file
            $csv = Join-Path $TestDrive 'plan.csv'

            Compare-RAConfiguration -Path $folder | Where-Object State -EQ 'Different' | Export-Csv -LiteralPath $csv
            $row = Import-Csv -LiteralPath $csv
            Import-RAConfiguration -Path $folder | Where-Object State -EQ 'Updated' | Export-Csv -LiteralPath $csv
            $result = Import-Csv -LiteralPath $csv

            $row.Differences | Should -BeExactly 'spec.description: "Zendesk tickets and users." -> "Zendesk tickets."'
            $result.Differences | Should -BeExactly 'spec.description: "Zendesk tickets and users." -> "Zendesk tickets."'
            "$((Compare-RAConfiguration -Path $folder | Where-Object Name -EQ 'zendesk-api').Differences)" | Should -BeNullOrEmpty
        }

        It 'replaces a changed policy with its PUT, and empties a list the file leaves out (as Set-RAPolicy does)' {
            Export-RAConfiguration -Path $folder -Resource Policy
            $file = Join-Path $folder 'policies/payments-approval.json'
            $document = Get-Content -Raw $file | ConvertFrom-Json
            $document.spec.PSObject.Properties.Remove('approvals')
            Write-Json $file ($document | ConvertTo-Json -Depth 20)
            Get-RAMockJournal $server -Clear

            $results = Import-RAConfiguration -Path $folder -Resource Policy

            $written = Get-Written
            $written | Should -HaveCount 1
            "$($written[0].method) $($written[0].rawTarget)" | Should -BeExactly "PUT $policies/payments-approval"
            @(($written[0].body | ConvertFrom-Json).spec.approvals) | Should -HaveCount 0
            ($results | Where-Object Name -EQ 'payments-approval').State | Should -Be 'Updated'
        }

        It 'reads a .psd1 without touching the caller''s variables, in a script and in a function' {
            $null = New-Item -ItemType Directory (Join-Path $folder 'tools')
            Set-Content (Join-Path $folder 'tools/crm-api.psd1') "@{ name = 'crm-api'; spec = @{ description = 'The CRM.' } }"
            $p = 'mine'

            $plan = Compare-RAConfiguration -Path $folder -Resource Tool
            function Compare-InFunction([string] $Folder) { $p = 'local'; Compare-RAConfiguration -Path $Folder -Resource Tool; $p }
            $inFunction = @(Compare-InFunction $folder)

            $p | Should -BeExactly 'mine'
            ($plan | Where-Object Name -EQ 'crm-api').State | Should -Be 'Missing'
            ($inFunction | Where-Object { $_ -isnot [string] } | Where-Object Name -EQ 'crm-api').State | Should -Be 'Missing'
            $inFunction[-1] | Should -BeExactly 'local'
        }

        It 'accepts .psd1 files beside .json ones' {
            $null = New-Item -ItemType Directory (Join-Path $folder 'tools')
            Set-Content (Join-Path $folder 'tools/crm-api.psd1') "@{ name = 'crm-api'; spec = @{ description = 'The CRM.'; connection = @{ baseUrl = 'https://crm.example.com'; port = 443 } } }"
            Get-RAMockJournal $server -Clear

            $plan = Compare-RAConfiguration -Path $folder
            $results = Import-RAConfiguration -Path $folder

            ($plan | Where-Object Name -EQ 'crm-api').State | Should -Be 'Missing'
            ($results | Where-Object Name -EQ 'crm-api').State | Should -Be 'Created'
            $written = Get-Written
            $written | Should -HaveCount 1
            ($written[0].body | ConvertFrom-Json).spec.connection.baseUrl | Should -BeExactly 'https://crm.example.com'
        }

        It 'reads only the kinds whose folder the configuration has: the others are no Extra, and -Prune leaves them' {
            Export-RAConfiguration -Path $folder -Resource Tool
            Get-RAMockJournal $server -Clear

            $plan = Compare-RAConfiguration -Path $folder
            $results = Import-RAConfiguration -Path $folder -Prune -Force

            Get-Sent | Should -Be @("GET $tools", "GET $tools")
            @($plan.Resource | Select-Object -Unique) | Should -Be @('Tool')
            @($results.State | Select-Object -Unique) | Should -Be @('Unchanged')
        }

        It 'acts on the platform -Connection names: export from one, plan against another with -WhatIf, sending no write (promotion)' {
            $production = Start-RAMockServer -DeployReadyMs 0
            try {
                $staging = Connect-TestServer $api -PassThru -Parameters @{ KeepCurrent = $true }
                $prodApi = New-TestApi $Generation $production
                $prod = Connect-TestServer $prodApi -PassThru -Parameters @{ KeepCurrent = $true }
                $null = Invoke-RAMock $production DELETE tools
                Get-RAMockJournal $server -Clear

                Export-RAConfiguration -Connection $staging -Path $folder -Resource Tool
                $plan = Import-RAConfiguration -Connection $prod -Path $folder -WhatIf

                Get-Sent | Should -Be @("GET $tools")
                @(Get-RAMockJournal $production | Where-Object method -NE 'GET') | Should -BeNullOrEmpty
                $plan | Should -HaveCount 3
                $plan[0] | Should -BeOfType RunAgents.PowerShell.Configuration.ConfigurationComparison
                @($plan.State | Select-Object -Unique) | Should -Be @('Missing')
                @($plan.Platform | Select-Object -Unique) | Should -Be @($prod.Uri.AbsoluteUri)
            }
            finally {
                $production | Stop-RAMockServer
            }
        }
    }

    Context 'Import-RAConfiguration -Prune' {
        BeforeEach {
            Export-RAConfiguration -Path $folder -Resource $kernel
            Set-RATool -Name extra-tool -BaseUrl https://extra.example.com
            $null = Invoke-RAMock $server POST policies @{ name = 'extra-policy'; spec = @{ policies = @(@{ permission = 'allow'; operations = @('GET'); resource = 'https://extra.example.com/*' }) } }
            Get-RAMockJournal $server -Clear
        }

        It 'sends nothing with -WhatIf, and writes the plan Compare writes' {
            $plan = Compare-RAConfiguration -Path $folder
            Get-RAMockJournal $server -Clear
            $messages = Get-WhatIfMessage { Import-RAConfiguration -Path $folder -Prune -WhatIf }
            $whatIf = Import-RAConfiguration -Path $folder -Prune -WhatIf

            Get-Written | Should -BeNullOrEmpty
            ($whatIf | Select-Object Resource, Name, State, Path | ConvertTo-Json) | Should -BeExactly ($plan | Select-Object Resource, Name, State, Path | ConvertTo-Json)
            @($whatIf | Where-Object State -EQ 'Extra').Name | Should -Be @('extra-tool', 'extra-policy')
            $messages | Should -Be @(
                'What if: Performing the operation "Remove policy (not in the folder)" on target "policy ''extra-policy''".'
                'What if: Performing the operation "Remove tool (not in the folder)" on target "tool ''extra-tool''".')
        }

        It 'removes what the folder lacks, policies before the tools they could name, with -Force' {
            $results = Import-RAConfiguration -Path $folder -Prune -Force

            @(Get-Written | ForEach-Object { "$($_.method) $($_.rawTarget)" }) | Should -Be @("DELETE $policies/extra-policy", "DELETE $tools/extra-tool")
            $removed = @($results | Where-Object State -EQ 'Removed')
            $removed.Name | Should -Be @('extra-policy', 'extra-tool')
            $removed[0].File | Should -BeNullOrEmpty
        }

        It 'leaves what the folder lacks without -Prune' {
            $results = Import-RAConfiguration -Path $folder

            Get-Written | Should -BeNullOrEmpty
            $results.Name | Should -Not -Contain 'extra-tool'
        }

        It 'refuses to remove a tool a policy of the folder names, and removes the rest' {
            $file = Join-Path $folder 'policies/read-only.json'
            $document = Get-Content -Raw $file | ConvertFrom-Json
            $document.spec | Add-Member approvals @(@{ name = 'x'; toolIds = @('extra-tool'); approvers = @{ groups = @('ops') } })
            Write-Json $file ($document | ConvertTo-Json -Depth 20)

            $results = Import-RAConfiguration -Path $folder -Prune -Force -ErrorVariable failures -ErrorAction SilentlyContinue

            @(Get-Written | ForEach-Object { "$($_.method) $($_.rawTarget)" }) | Should -Be @("PUT $policies/read-only", "DELETE $policies/extra-policy")
            Get-ErrorId $failures | Should -Be @('ConfigurationPruneDependedOn')
            $failed = @($results | Where-Object State -EQ 'Failed')
            $failed.Name | Should -Be @('extra-tool')
            $failed[0].Reason | Should -BeLike "the folder's policy 'read-only' names it*"
        }

        It 'asks before each removal (ConfirmImpact High), before any write: a session that cannot ask is told to pass -Force, and nothing is written' {
            # A change to apply too: a session that cannot ask must stop before writing it, not after.
            $file = Join-Path $folder 'tools/stripe-api.json'
            Write-Json $file ((Get-Content -Raw $file) -replace '"description": "[^"]*"', '"description": "Changed."')
            $result = Invoke-ChildPwsh -Script "Connect-RAService -Uri '$($api.Uri)' -ApiKey (ConvertTo-SecureString 'test-key' -AsPlainText -Force); Import-RAConfiguration -Path '$folder' -Prune"

            "$($result.Output)$($result.Errors)" | Should -Match 'asks before each removal, and this session cannot ask.*Pass -Force'
            Get-Written | Should -BeNullOrEmpty
        }
    }

    Context 'Failures' {
        It 'goes on after a failed object, and does not apply what depends on it' {
            $null = New-Item -ItemType Directory (Join-Path $folder 'tools'), (Join-Path $folder 'policies'), (Join-Path $folder 'model-providers')
            Write-Json (Join-Path $folder 'tools/new-tool.json') '{"name":"new-tool","spec":{"connection":{"baseUrl":"https://new.example.com"}}}'
            Write-Json (Join-Path $folder 'policies/new-policy.json') '{"name":"new-policy","spec":{"policies":[{"permission":"allow","operations":["GET"],"resource":"*"}],"approvals":[{"name":"a","toolIds":["new-tool"],"approvers":{"groups":["ops"]}}]}}'
            Write-Json (Join-Path $folder 'model-providers/new-provider.json') '{"name":"new-provider","spec":{"provider":"ollama","endpoint":"http://o:11434","models":["m"],"auth":{"type":"None"}}}'
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $tools; status = 400; body = '{"error":"baseUrl is not allowed"}'; contentType = 'application/json' }

            $results = Import-RAConfiguration -Path $folder -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures | Should -HaveCount 1
            "$($failures[0])" | Should -BeLike "Cannot create tool 'new-tool'*baseUrl is not allowed*"
            @(Get-Written | ForEach-Object { "$($_.method) $($_.rawTarget)" }) | Should -Be @("POST $tools", "POST $providers")
            ($results | Where-Object Name -EQ 'new-tool').State | Should -Be 'Failed'
            ($results | Where-Object Name -EQ 'new-tool').Error | Should -Not -BeNullOrEmpty
            ($results | Where-Object Name -EQ 'new-provider').State | Should -Be 'Created'
            $skipped = $results | Where-Object Name -EQ 'new-policy'
            $skipped.State | Should -Be 'Failed'
            $skipped.Reason | Should -BeExactly "depends on tool 'new-tool', which failed"
            $skipped.Error | Should -BeNullOrEmpty
            $lines = @(($results | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() } | ForEach-Object TrimEnd)
            $lines[0] | Should -BeExactly 'State     Resource          Name                     Detail'
            $lines | Should -Contain 'Created   ModelProvider     new-provider'
            $lines | Should -Contain "Failed    Policy            new-policy               depends on tool 'new-tool'…"
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        }

        It 'stops at the first failure with -ErrorAction Stop, after writing its Failed record' {
            $null = New-Item -ItemType Directory (Join-Path $folder 'tools'), (Join-Path $folder 'model-providers')
            Write-Json (Join-Path $folder 'tools/new-tool.json') '{"name":"new-tool","spec":{"connection":{"baseUrl":"https://new.example.com"}}}'
            Write-Json (Join-Path $folder 'model-providers/new-provider.json') '{"name":"new-provider","spec":{"provider":"ollama","endpoint":"http://o:11434","models":["m"],"auth":{"type":"None"}}}'
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $tools; status = 400; body = '{"error":"no"}'; contentType = 'application/json' }
            $results = [Collections.Generic.List[object]]::new()

            { Import-RAConfiguration -Path $folder -ErrorAction Stop | ForEach-Object { $results.Add($_) } } | Should -Throw

            $results.State | Should -Be @('Failed')
            @(Get-Written | ForEach-Object { "$($_.method) $($_.rawTarget)" }) | Should -Be @("POST $tools")
        }

        It 'applies nothing when a kind cannot be read from the platform' {
            Export-RAConfiguration -Path $folder -Resource $kernel
            (Get-Content -Raw (Join-Path $folder 'tools/zendesk-api.json')) -creplace 'Zendesk tickets', 'Tickets' | Set-Content -NoNewline (Join-Path $folder 'tools/zendesk-api.json')
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $policies; status = 500; count = 10 }
            Get-RAMockJournal $server -Clear

            $results = Import-RAConfiguration -Path $folder -ErrorVariable failures -ErrorAction SilentlyContinue -MaxRetryCount 0

            $results | Should -BeNullOrEmpty
            Get-Written | Should -BeNullOrEmpty
            @(Get-ErrorId $failures)[-1] | Should -BeExactly 'ConfigurationNotApplied'
        }
    }

    # What the listing of the folder shows (a YAML file, a file or folder that does not belong) stops the command before
    # any request. A file's content is read while the platform is (GETs only, whose answers are then dropped): it
    # stops the command before anything is compared or written.
    Context 'A folder that cannot be read: a clear error, and no write' {
        It 'refuses <What>, naming the file, and sends <Sends>' -ForEach @(
            @{ What = 'a YAML file'; File = 'tools/a.yaml'; Text = 'name: a'; Id = 'ConfigurationFileYaml'; Message = "*is YAML*Convert it with ConvertFrom-Yaml (from the powershell-yaml module) and save it as .json*"; Sends = 'no request' }
            @{ What = 'a .yml file'; File = 'policies/b.yml'; Text = 'name: b'; Id = 'ConfigurationFileYaml'; Message = '*ConvertFrom-Yaml*'; Sends = 'no request' }
            @{ What = 'a file that is not JSON'; File = 'tools/a.json'; Text = '{"name": "a", '; Id = 'ConfigurationFileInvalid'; Message = "Cannot read '*a.json' as a tool: *is not JSON*"; Sends = 'no write' }
            @{ What = 'a document named other than its file'; File = 'tools/a.json'; Text = '{"name":"b","spec":{}}'; Id = 'ConfigurationFileInvalid'; Message = "*names the tool 'b', but a file is named after its object*"; Sends = 'no write' }
            @{ What = 'a misspelled field'; File = 'tools/a.json'; Text = '{"name":"a","spec":{"descripton":"x"}}'; Id = 'ConfigurationFileInvalid'; Message = "*Did you mean 'description'?*"; Sends = 'no write' }
            @{ What = 'a field given twice'; File = 'tools/a.json'; Text = '{"name":"a","name":"a","spec":{}}'; Id = 'ConfigurationFileInvalid'; Message = "*has the field 'name' twice*"; Sends = 'no write' }
            @{ What = 'a field given twice in a list''s object'; File = 'tools/a.json'; Text = '{"name":"a","spec":{"capabilities":[{"name":"r"},{"name":"w","Name":"x"}]}}'; Id = 'ConfigurationFileInvalid'; Message = '*has the field ''spec.capabilities`[1`].Name'' twice*'; Sends = 'no write' }
            @{ What = 'a file of another kind'; File = 'tools/notes.txt'; Text = 'x'; Id = 'ConfigurationFileUnknown'; Message = "*is not a configuration file*"; Sends = 'no request' }
            @{ What = 'a folder inside a kind''s folder'; File = 'tools/old/a.json'; Text = '{}'; Id = 'ConfigurationFolderNested'; Message = "*is a folder inside the tool folder*"; Sends = 'no request' }
            @{ What = 'a misspelled kind folder'; File = 'tool/a.json'; Text = '{}'; Id = 'ConfigurationFolderUnknown'; Message = "*The folder 'tool'*Did you mean 'tools'?*"; Sends = 'no request' }
            @{ What = 'a .psd1 that is no data file'; File = 'tools/a.psd1'; Text = 'Get-Date'; Id = 'ConfigurationFileInvalid'; Message = "Cannot read '*a.psd1' as a tool*"; Sends = 'no write' }
        ) {
            $path = Join-Path $folder $File
            $null = New-Item -ItemType Directory (Split-Path $path) -Force
            Set-Content -LiteralPath $path -Value $Text
            Get-RAMockJournal $server -Clear

            $compared = Compare-RAConfiguration -Path $folder -ErrorVariable compareErrors -ErrorAction SilentlyContinue
            $imported = Import-RAConfiguration -Path $folder -ErrorVariable importErrors -ErrorAction SilentlyContinue

            $compared | Should -BeNullOrEmpty
            $imported | Should -BeNullOrEmpty
            Get-ErrorId $compareErrors | Should -Be @($Id)
            Get-ErrorId $importErrors | Should -Be @($Id)
            "$($importErrors[0])" | Should -BeLike $Message
            if ($Sends -eq 'no request') { Get-Sent | Should -BeNullOrEmpty } else { Get-Written | Should -BeNullOrEmpty }
        }

        It 'refuses a FIFO named like a configuration file without opening it' -Skip:(-not (Get-Command mkfifo -ErrorAction Ignore)) {
            $null = New-Item -ItemType Directory (Join-Path $folder 'tools')
            mkfifo (Join-Path $folder 'tools/pipe.json')
            Get-RAMockJournal $server -Clear

            $null = Compare-RAConfiguration -Path $folder -ErrorVariable failures -ErrorAction SilentlyContinue

            Get-ErrorId $failures | Should -Be @('ConfigurationFileUnknown')
            "$($failures[0])" | Should -BeLike "*pipe.json' is a FIFO (named pipe), not a file*"
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses two files naming one object' {
            $null = New-Item -ItemType Directory (Join-Path $folder 'tools')
            Write-Json (Join-Path $folder 'tools/a.json') '{"name":"a","spec":{"description":"json"}}'
            Set-Content (Join-Path $folder 'tools/a.psd1') "@{ name = 'a'; spec = @{ description = 'psd1' } }"
            Get-RAMockJournal $server -Clear

            $null = Import-RAConfiguration -Path $folder -ErrorVariable failures -ErrorAction SilentlyContinue

            Get-ErrorId $failures | Should -Be @('ConfigurationObjectTwice')
            "$($failures[0])" | Should -BeExactly "The tool 'a' is in 2 files (a.json, a.psd1): keep one of them."
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses a folder that does not exist' {
            Get-RAMockJournal $server -Clear
            $null = Compare-RAConfiguration -Path $folder -Resource Tool -ErrorVariable failures -ErrorAction SilentlyContinue

            Get-ErrorId $failures | Should -Be @('ConfigurationFolderNotFound')
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'leaves alone hidden files and what stands beside the kinds'' folders' {
            Export-RAConfiguration -Path $folder -Resource Tool
            $null = New-Item -ItemType Directory (Join-Path $folder '.github'), (Join-Path $folder 'docs')
            Set-Content (Join-Path $folder 'README.md') '# configuration'
            Set-Content (Join-Path $folder 'tools/.gitkeep') ''

            $plan = Compare-RAConfiguration -Path $folder -ErrorVariable failures

            $failures | Should -BeNullOrEmpty
            @($plan.State | Select-Object -Unique) | Should -Be @('Same')
        }
    }

    Context 'The plan''s view' {
        It 'reads as a plan at 80 columns: + create, ~ update with the first difference, - remove, = same' {
            Export-RAConfiguration -Path $folder -Resource Tool
            Remove-Item (Join-Path $folder 'tools/slack-notify.json')
            (Get-Content -Raw (Join-Path $folder 'tools/zendesk-api.json')) -replace 'Zendesk tickets and users.', 'Tickets.' | Set-Content -NoNewline (Join-Path $folder 'tools/zendesk-api.json')
            Write-Json (Join-Path $folder 'tools/crm-api.json') '{"name":"crm-api","spec":{"connection":{"baseUrl":"https://crm.example.com"}}}'

            $plan = Compare-RAConfiguration -Path $folder
            $lines = @(($plan | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() } | ForEach-Object TrimEnd)

            # Each value of a difference is cut short on its own (from where the two part), the folder's on a line of
            # its own, so it shows at 80 columns.
            $expected = @(
                'Plan                Name                     Change'
                '----                ----                     ------'
                '+ Tool              crm-api                  create'
                '- Tool              slack-notify             remove with -Prune'
                '= Tool              stripe-api'
                '~ Tool              zendesk-api              spec.description: "Zendesk tick...'
                '                                             -> "Tickets."')
            $lines | Should -Be $expected
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }

            # A plan kept with Export-Clixml reads the same.
            $saved = Join-Path $TestDrive 'plan.xml'
            $plan | Export-Clixml -LiteralPath $saved
            @((Import-Clixml -LiteralPath $saved | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() } | ForEach-Object TrimEnd) | Should -Be $expected
        }
    }
}
