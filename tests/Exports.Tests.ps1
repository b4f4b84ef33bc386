# What a runbook keeps of the module's objects: Export-Csv writes each value as text (lists joined, the platform's
# JSON as compact JSON text), never a .NET type name or @{...}; ConvertTo-Json writes plain values at its default
# depth, names rather than enum numbers, and warns of nothing. Deploy results, run events, invoke answers and
# connections, as agents already are.

Describe 'Deploy results, events, answers and connections in CSV and JSON' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $key = 'exports-key-0123456789'
        $server = Start-RAMockServer -ApiKey $key -ResumeMs 0
        Connect-TestServer $server -Key $key

        $script:Answer = Invoke-RAAgent support support-triage ping
        $script:Paused = Invoke-RAAgent finance payment-approver 'Refund order 1042' -WarningAction SilentlyContinue
        $script:Events = @(Get-RARunEvent $Paused.RunId)
        $script:Deployed = Deploy-RAAgent -Name refund-helper -Namespace finance -Image registry.example/refund:1 -Confirm:$false `
            -NewTool @{ name = 'crm'; base_url = 'https://crm.example.com' }, @{ name = 'mailer'; base_url = 'https://mail.example.com' }
        $script:Connection = Get-RAConnection

        function ConvertTo-CsvRow {
            # The objects through Export-Csv and back, as another script reads the file.
            param([Parameter(Mandatory)] [object[]] $InputObject)
            $path = Join-Path $TestDrive "$([guid]::NewGuid()).csv"
            $InputObject | Export-Csv -LiteralPath $path
            $text = Get-Content -LiteralPath $path -Raw
            [pscustomobject]@{ Text = $text; Rows = @(Import-Csv -LiteralPath $path) }
        }

        function ConvertTo-JsonResult {
            # ConvertTo-Json at its default depth, with whatever it warned of.
            param([Parameter(Mandatory)] [object] $InputObject)
            $json = ConvertTo-Json -InputObject $InputObject -WarningVariable warned -WarningAction SilentlyContinue
            [pscustomobject]@{ Json = $json; Warnings = @($warned); Value = $json | ConvertFrom-Json }
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    It 'writes no .NET type name and no @{...} to a CSV of <Name>' -ForEach @(
        @{ Name = 'a deploy result'; Property = 'Deployed' }
        @{ Name = 'run events'; Property = 'Events' }
        @{ Name = 'invoke answers'; Property = 'Answer' }
        @{ Name = 'a paused answer'; Property = 'Paused' }
        @{ Name = 'a connection'; Property = 'Connection' }
    ) {
        $csv = ConvertTo-CsvRow (Get-Variable $Property -Scope Script -ValueOnly)

        $csv.Text | Should -Not -Match 'System\.|RunAgents\.PowerShell|@\{'
    }

    It 'writes the tools a deploy created as names in CSV and as an array in JSON' {
        $csv = ConvertTo-CsvRow $Deployed
        $json = ConvertTo-JsonResult $Deployed

        $Deployed.ToolsCreated | Should -Be @('crm', 'mailer')
        $csv.Rows[0].ToolsCreated | Should -BeExactly 'crm, mailer'
        $json.Warnings | Should -BeNullOrEmpty
        $json.Value.ToolsCreated | Should -Be @('crm', 'mailer')
        $json.Value.Name | Should -BeExactly 'refund-helper'
    }

    It 'writes an event''s data as its JSON text in CSV, and as an object in JSON' {
        $csv = ConvertTo-CsvRow $Events
        $json = ConvertTo-JsonResult $Events

        $required = $csv.Rows | Where-Object Type -EQ 'APPROVAL_REQUIRED'
        $required.Data | ConvertFrom-Json | Select-Object -ExpandProperty tool_id | Should -BeExactly 'stripe-api'
        $required.Summary | Should -BeExactly 'Approval required for stripe-api'
        $required.RunId | Should -BeExactly $Paused.RunId
        ($csv.Rows | Where-Object Type -EQ 'USER_MESSAGE').Data | Should -BeExactly '{"content":"Refund order 1042"}'
        $json.Warnings | Should -BeNullOrEmpty
        ($json.Value | Where-Object Type -EQ 'USER_MESSAGE').Data.content | Should -BeExactly 'Refund order 1042'
        # The data is still an object to the session: its properties, and its JSON as its text.
        ($Events | Where-Object Type -EQ 'USER_MESSAGE').Data.content | Should -BeExactly 'Refund order 1042'
        "$(($Events | Where-Object Type -EQ 'USER_MESSAGE').Data)" | Should -BeExactly '{"content":"Refund order 1042"}'
    }

    It 'writes an answer''s body and usage as JSON text in CSV, and as objects in JSON' {
        $csv = ConvertTo-CsvRow $Answer
        $json = ConvertTo-JsonResult $Answer

        ($csv.Rows[0].Body | ConvertFrom-Json).response | Should -BeExactly 'Echo: ping'
        ($csv.Rows[0].Usage | ConvertFrom-Json).prompt_tokens | Should -BeGreaterThan 0
        $csv.Rows[0].Response | Should -BeExactly 'Echo: ping'
        $json.Warnings | Should -BeNullOrEmpty
        $json.Value.Body.response | Should -BeExactly 'Echo: ping'
        $json.Value.Usage.prompt_tokens | Should -BeGreaterThan 0
        (ConvertTo-JsonResult $Paused).Warnings | Should -BeNullOrEmpty
    }

    It 'writes a connection''s generation and sources as names in CSV and JSON, never numbers, and never the key' {
        $csv = ConvertTo-CsvRow $Connection
        $json = ConvertTo-JsonResult $Connection

        foreach ($value in $csv.Rows[0], $json.Value) {
            $value.Generation | Should -BeExactly 'Namespaced'
            $value.UriSource | Should -BeExactly 'Parameter'
            $value.KeySource | Should -BeExactly 'Parameter'
        }
        $json.Warnings | Should -BeNullOrEmpty
        $json.Json | Should -Match '"Generation": "Namespaced"'
        $json.Json + $csv.Text | Should -Not -Match ([regex]::Escape($key.Substring(0, 8)))
    }
}
