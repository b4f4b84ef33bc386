# Agents as objects: tables that fit any width, a property behind every column, flat output that keeps
# its values, the server's fields and documents, and objects that survive Export-Clixml.

Describe 'Agent objects and their views' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        Connect-TestServer $server

        function Get-TextLine {
            # The non-blank lines of rendered output, without the colour sequences a host may add.
            param([Parameter(Mandatory, ValueFromPipeline)] [AllowEmptyString()] [string] $Text)
            process { $Text -replace "$([char]27)\[[0-9;]*m", '' -split '\r?\n' | Where-Object { $_.Trim() } }
        }

        function Get-ServerBody {
            # The body the mock server sends for an /api path, as text, exactly as it sent it.
            param([Parameter(Mandatory)] [string] $Path)
            (Invoke-WebRequest -Uri ([Uri]::new($server.Uri, $Path)) -Headers @{ Authorization = 'Bearer test-key' }).Content
        }

        # An agent with fields the module does not model, and none of the optional ones it does.
        $extra = [ordered]@{
            namespace   = 'ops'; name = 'extra-fields'; labels = $null
            createdAt   = '2026-11-29T10:00:00Z'
            annotations = @{ 'runagents.io/owner' = 'team-ops' }
            spec        = @{ image = 'registry.example/extra:1'; replicas = 2 }
            status      = @{ phase = 'Running'; message = ''; observedGeneration = 3 }
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    Context 'the agent table at any width' {
        It 'fits <Width> columns with each header on one line and every agent whole' -ForEach @(
            @{ Width = 120; Header = '^Namespace\s+Name\s+Phase\s+Model\s+ImageName$' }
            @{ Width = 80; Header = '^Namespace\s+Name\s+Phase\s+Model\s+ImageName$' }
            @{ Width = 57; Header = '^Namespace\s+Name\s+Phase\s+Model$' }
        ) {
            $lines = Get-RAAgent | Format-Table | Out-String -Width $Width | Get-TextLine

            $lines[0].TrimEnd() | Should -Match $Header
            $lines[1].TrimEnd() | Should -Match '^-+(\s+-+)+$'
            $lines.Count | Should -Be 11
            $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $Width }
            $lines -join "`n" | Should -Match '(?m)^agent-system\s+workflow-orchestrator\s+Running\s'
            $lines -join "`n" | Should -Match '(?m)^finance\s+fraud-detector\s+Failed\s+gpt-4o\s'
        }

        It 'shows the name and tag of every image at 120 columns, and the whole image in the list view' {
            $text = Get-RAAgent | Format-Table | Out-String -Width 120 | Get-TextLine | Join-String -Separator "`n"

            $text | Should -Match '(?m)^agent-system\s+payment-agent\s+Running\s+gpt-4o-mini\s+payment-agent:a1b2c3$'
            $text | Should -Match '(?m)^agent-system\s+workflow-orchestrator\s+Running\s+claude-3-5-\S+\s+workflow-orchestrator:9f8e7d1$'
            Get-RAAgent agent-system/payment-agent | Format-List | Out-String -Width 120 | Should -Match '(?m)^Image\s+: registry\.runagents\.io/payment-agent:a1b2c3$'
        }

        It 'keeps what tells images apart at 80 columns: their name and tag, never the registry they share' {
            $lines = Get-RAAgent | Format-Table | Out-String -Width 80 | Get-TextLine

            $rows = $lines | Select-Object -Skip 2
            $rows | Should -Not -Match 'registry\.'
            foreach ($agent in Get-RAAgent) {
                $row = $rows | Where-Object { $_ -match "^$($agent.Namespace)\s+$($agent.Name)\s" }
                # The image's name starts the last column; a name and tag of up to 23 characters stands whole.
                $row | Should -Match "\s$([regex]::Escape($agent.Name)):"
                if ($agent.ImageName.Length -le 23) { $row | Should -Match "\s$([regex]::Escape($agent.ImageName))$" }
            }
            ($rows | Where-Object { $_ -match '^finance\s+fraud-detector' }) | Should -Match '\sFailed\s+gpt-4o\s+fraud-detector:7c4d2e9$'
            ($rows | Where-Object { $_ -match '^finance\s+invoice-processor' }) | Should -Match '\sclaude-3-5-h…\s'
        }

        It 'fits the width of a runbook whose output is redirected' {
            $run = Invoke-ChildPwsh -Environment @{ RUNAGENTS_API_KEY = 'test-key'; RUNAGENTS_ENDPOINT = $server.Uri.AbsoluteUri } -Script @'
"width=$($Host.UI.RawUI.BufferSize.Width)"
Get-RAAgent
'@

            $run.Errors | Should -BeNullOrEmpty
            $lines = $run.Output | Get-TextLine
            $lines[0] | Should -Match '^width=\d+$'
            $width = [int]($lines[0] -replace 'width=')
            $table = $lines | Select-Object -Skip 1
            $table[0].TrimEnd() | Should -Match '^Namespace\s+Name\s+Phase\s+Model(\s+ImageName)?$'
            if ($width -ge 80) { $table[0] | Should -Match 'ImageName' }
            $table | Should -Not -Match 'registry\.'
            $table[1].TrimEnd() | Should -Match '^-+(\s+-+)+$'
            $table.Count | Should -Be 11
            $table | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $width }
        }

        It 'keeps failed agents red where the host renders colour' {
            $rendering = $PSStyle.OutputRendering
            try {
                $PSStyle.OutputRendering = 'Ansi'
                $table = Get-RAAgent -Namespace finance | Format-Table | Out-String -Width 80
            }
            finally { $PSStyle.OutputRendering = $rendering }

            $table | Should -Match "fraud-detector\s+$([char]27)\[91mFailed$([char]27)\[0m"
        }
    }

    Context 'the connection table' {
        It 'fits 80 columns with each header on one line' {
            $lines = Get-RAConnection | Format-Table | Out-String -Width 80 | Get-TextLine

            $lines[0].TrimEnd() | Should -Match '^KeyHint\s+KeySource\s+Generation\s+Workspace\s+Uri$'
            $lines[1].TrimEnd() | Should -Match '^-+(\s+-+)+$'
            $lines[2] | Should -Match "^\*{4}\S*\s+Parameter\s+Namespaced\s+$([regex]::Escape($server.Uri.AbsoluteUri))$"
            $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
        }

        It 'still shows a connection as a list by default' {
            Get-RAConnection | Out-String | Should -Match 'KeyHint\s+: \*{4}'
        }
    }

    Context 'a property behind every column' {
        It 'has a property for each column of the <View> view, read by name where it can be' -ForEach @(
            @{ View = 'table' }
            @{ View = 'list' }
        ) {
            $agent = Get-RAAgent -Namespace finance -Name fraud-detector
            $definition = (Get-FormatData -TypeName RunAgents.PowerShell.Models.Agent -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition |
                Where-Object { $_.Control.GetType().Name -eq $(if ($View -eq 'table') { 'TableControl' } else { 'ListControl' }) }
            $columns = if ($View -eq 'table') {
                $control = $definition.Control
                for ($i = 0; $i -lt $control.Headers.Count; $i++) {
                    $entry = $control.Rows[0].Columns[$i].DisplayEntry
                    [pscustomobject]@{ Name = if ($control.Headers[$i].Label) { $control.Headers[$i].Label } else { $entry.Value }; Entry = $entry }
                }
            }
            else {
                $definition.Control.Entries[0].Items | ForEach-Object { [pscustomobject]@{ Name = if ($_.Label) { $_.Label } else { $_.DisplayEntry.Value }; Entry = $_.DisplayEntry } }
            }

            $columns.Count | Should -BeGreaterThan 4
            foreach ($column in $columns) {
                $agent.PSObject.Properties[$column.Name].MemberType | Should -Be 'Property' -Because "the $View view shows $($column.Name)"
                # Only what needs colour or joins a collection into lines may be a script block.
                if ($column.Name -notin 'Phase', 'Tools', 'Env', 'Labels') {
                    $column.Entry.ValueType | Should -Be 'Property' -Because "$($column.Name) needs no script block"
                }
            }
        }

        It 'selects, filters and sorts agents by what the views show, in strict mode too' {
            Set-StrictMode -Version Latest

            (Get-RAAgent -Namespace finance -Name fraud-detector | Select-Object Image).Image | Should -Be 'registry.runagents.io/fraud-detector:7c4d2e9'
            (Get-RAAgent | Where-Object Image -Like '*/kb-search-agent:*').Name | Should -Be 'kb-search-agent'
            (Get-RAAgent | Where-Object Provider -EQ 'anthropic').Name | Sort-Object | Should -Be @('invoice-processor', 'support-triage', 'workflow-orchestrator')
            (Get-RAAgent | Where-Object Tools -Contains 'stripe-api').Name | Sort-Object | Should -Be @('payment-agent', 'payment-approver')
            (Get-RAAgent | Where-Object StatusMessage -Match 'ImagePullBackOff').Name | Should -Be 'fraud-detector'
            (Get-RAAgent | Where-Object SystemPrompt -Match 'fraud risk').Name | Should -Be 'fraud-detector'
            $sorted = Get-RAAgent | Sort-Object Image
            $sorted.Image | Should -Be ($sorted.Image | Sort-Object)
            $sorted[0].Name | Should -Be 'expense-auditor'
        }

        It 'gives each agent labels, never null, even when the server sends null' {
            $null = Invoke-RAMock $server POST agents $extra
            Set-StrictMode -Version Latest

            $agent = Get-RAAgent -Namespace ops -Name extra-fields
            $null -eq $agent.Labels | Should -BeFalse
            $agent.Labels.Count | Should -Be 0
            $risky = Get-RAAgent | Where-Object { $_.Labels['team'] -eq 'risk' }
            $risky.Name | Should -Be 'fraud-detector'
        }
    }

    Context 'flat output' {
        It 'writes the image, model, phase, labels, tools and environment of an agent as text in a CSV' {
            $csv = Get-RAAgent -Namespace finance -Name fraud-detector | ConvertTo-Csv
            $row = $csv | ConvertFrom-Csv

            $row.Image | Should -BeExactly 'registry.runagents.io/fraud-detector:7c4d2e9'
            $row.Model | Should -BeExactly 'gpt-4o'
            $row.Provider | Should -BeExactly 'openai'
            $row.Phase | Should -BeExactly 'Failed'
            $row.StatusMessage | Should -Match '^ImagePullBackOff'
            $row.Labels | Should -BeExactly 'platform.ai/identity-provider=azure-ad; team=risk'
            $row.Tools | Should -BeExactly 'transaction-history, risk-rules'
            $row.Env | Should -BeExactly 'LLM_MODEL=gpt-4o; LLM_PROVIDER=openai'
            $row.Spec | Should -BeExactly 'registry.runagents.io/fraud-detector:7c4d2e9'
            $row.Status | Should -BeExactly 'Failed'
            $row.AdditionalFields | Should -BeExactly ''
            $csv -join "`n" | Should -Not -Match 'System\.|RunAgents\.PowerShell'
        }

        It 'writes no .NET type name for any agent to Export-Csv, nor for those Remove-RAAgent -PassThru writes' {
            $path = Join-Path $TestDrive 'agents.csv'
            $removed = Join-Path $TestDrive 'removed.csv'

            Get-RAAgent | Export-Csv -LiteralPath $path
            Get-RAAgent -Phase Failed | Remove-RAAgent -Force -PassThru | Export-Csv -LiteralPath $removed

            Get-Content -Raw -LiteralPath $path | Should -Not -Match 'System\.|RunAgents\.PowerShell|\[\]'
            Get-Content -Raw -LiteralPath $removed | Should -Not -Match 'System\.|RunAgents\.PowerShell|\[\]'
            (Import-Csv -LiteralPath $path).Count | Should -Be 9
            (Import-Csv -LiteralPath $removed | Sort-Object Name).Image | Should -Be @('registry.runagents.io/fraud-detector:7c4d2e9', 'registry.runagents.io/kb-search-agent:0a9b8c7')
            (Import-Csv -LiteralPath $path | Where-Object Name -EQ 'payment-approver').Spec | Should -BeExactly 'registry.runagents.io/payment-approver:5e6f7a8'
        }

        It 'keeps labels an object, and tools and environment arrays, in ConvertTo-Json' {
            $json = Get-RAAgent -Namespace finance -Name fraud-detector | ConvertTo-Json -Depth 5 | ConvertFrom-Json

            $json.Labels.team | Should -BeExactly 'risk'
            $json.Tools | Should -Be @('transaction-history', 'risk-rules')
            $json.Env.Name | Should -Be @('LLM_MODEL', 'LLM_PROVIDER')
            $json.Spec.LlmConfig.Model | Should -BeExactly 'gpt-4o'
            $json.Image | Should -BeExactly 'registry.runagents.io/fraud-detector:7c4d2e9'
        }
    }

    Context 'fields the module does not model' {
        It 'keeps them as plain values in AdditionalFields, from a list and from a single get' {
            $null = Invoke-RAMock $server POST agents $extra

            foreach ($agent in (Get-RAAgent -Namespace ops), (Get-RAAgent -Namespace ops -Name extra-fields)) {
                $agent.AdditionalFields.createdAt | Should -BeExactly '2026-11-29T10:00:00Z'
                $agent.AdditionalFields.createdAt | Should -BeOfType [string]
                $agent.AdditionalFields.annotations.'runagents.io/owner' | Should -BeExactly 'team-ops'
                $agent.Spec.AdditionalFields.replicas | Should -Be 2
                $agent.Spec.AdditionalFields.replicas | Should -BeOfType [long]
                $agent.Status.AdditionalFields.observedGeneration | Should -Be 3
            }
        }

        It 'writes them to a CSV as JSON text and to ConvertTo-Json as an object' {
            $null = Invoke-RAMock $server POST agents $extra
            $agent = Get-RAAgent -Namespace ops -Name extra-fields

            ($agent | ConvertTo-Csv | ConvertFrom-Csv).AdditionalFields |
                Should -BeExactly '{"createdAt":"2026-11-29T10:00:00Z","annotations":{"runagents.io/owner":"team-ops"}}'
            ($agent | ConvertTo-Json -Depth 5 | ConvertFrom-Json -AsHashtable).AdditionalFields.annotations['runagents.io/owner'] | Should -BeExactly 'team-ops'
        }
    }

    Context 'the server''s own document (-Raw)' {
        It 'writes the JSON text of one agent exactly as the server sent it' {
            $null = Invoke-RAMock $server POST agents $extra
            $sent = Get-ServerBody 'api/agents/ops/extra-fields'

            $raw = Get-RAAgent -Namespace ops -Name extra-fields -Raw

            $raw | Should -BeOfType [string]
            $raw | Should -BeExactly $sent
            ($raw | ConvertFrom-Json).spec.replicas | Should -Be 2
        }

        It 'writes one JSON text per agent of a list, each exactly as it stands in the list' {
            $null = Invoke-RAMock $server POST agents $extra
            $sent = Get-ServerBody 'api/agents'

            $raw = Get-RAAgent -Raw

            $raw.Count | Should -Be 10
            $raw | ForEach-Object { $_ | Should -BeOfType [string]; $sent.Contains($_) | Should -BeTrue }
            ($raw | ForEach-Object { ConvertFrom-Json $_ }).name | Should -Be (Get-RAAgent).Name
        }

        It 'filters by namespace, name and phase before writing the JSON text' {
            $raw = Get-RAAgent -Namespace fin* -Phase Running -Raw

            ($raw | ForEach-Object { ConvertFrom-Json $_ }).name | Sort-Object | Should -Be @('expense-auditor', 'invoice-processor', 'payment-approver')
            Get-RAAgent -Namespace finance -Name fraud-detector -Phase Running -Raw | Should -BeNullOrEmpty
        }
    }

    Context 'missing values and deserialized agents' {
        It 'shows nothing, not "=" or "()", for what an agent lacks' {
            $null = Invoke-RAMock $server POST agents @{ namespace = 'ops'; name = 'bare'; status = @{ phase = 'Pending' } }

            $list = Get-RAAgent -Namespace ops -Name bare | Format-List | Out-String -Width 120

            $list | Should -Match '(?m)^Env\s+:\s*$'
            $list | Should -Match '(?m)^Model\s+:\s*$'
            $list | Should -Match '(?m)^Tools\s+:\s*$'
            $list | Should -Match '(?m)^Labels\s+:\s*$'
            $list | Should -Not -Match '=|\(\)'
        }

        It 'shows an agent read back from Export-Clixml as it showed the agent in the <View> view' -ForEach @(
            @{ View = 'list'; Format = { $input | Format-List }; Expected = @(
                    '(?m)^Phase\s+: Failed$', '(?m)^Image\s+: registry\.runagents\.io/fraud-detector:7c4d2e9$', '(?m)^Model\s+: gpt-4o$',
                    '(?m)^Provider\s+: openai$', '(?m)^Tools\s+: transaction-history, risk-rules$', '(?m)^Env\s+: LLM_MODEL=gpt-4o$',
                    '(?m)^\s+LLM_PROVIDER=openai$', '(?m)^Labels\s+: platform\.ai/identity-provider=azure-ad$') }
            @{ View = 'table'; Format = { $input | Format-Table }; Expected = @(
                    '(?m)^finance\s+fraud-detector\s+Failed\s+gpt-4o\s+fraud-detector:7c4d2e9$') }
        ) {
            $path = Join-Path $TestDrive 'agents.xml'
            Get-RAAgent -Namespace finance -Name fraud-detector | Export-Clixml -LiteralPath $path
            $back = Import-Clixml -LiteralPath $path

            $back.PSObject.TypeNames[0] | Should -Be 'Deserialized.RunAgents.PowerShell.Models.Agent'
            $text = ($back | & $Format | Out-String -Width 120) -replace "$([char]27)\[[0-9;]*m", ''
            foreach ($pattern in $Expected) { $text | Should -Match $pattern }
            $text | Should -Not -Match '\(\)'
        }
    }
}
