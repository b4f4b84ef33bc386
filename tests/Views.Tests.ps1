# The default views of the lifecycle objects: access requests, runs, events and deploy results.
# They are rendered from objects built here, so no platform is needed.

Describe 'Views of the lifecycle objects' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

        $created = [DateTimeOffset]::new(2026, 11, 29, 4, 44, 13, [TimeSpan]::Zero)
        $today = [DateTimeOffset]::new([DateTime]::UtcNow.Date.AddHours(5).AddMinutes(15).AddSeconds(49), [TimeSpan]::Zero)
        $longId = '6f0c8a52-3a5e-4d1b-9b7e-2f4c1d8e7a90'
        $script:Requests = @(
            [RunAgents.PowerShell.Models.AccessRequest]@{
                Id = 'ar-0001'; Status = 'PENDING'; Agent = 'payment-approver'; Tool = 'stripe-api'
                ActionId = 'act-1'; RunId = 'run-0001'; Subject = 'user@example.com'; Message = 'Refund order 1042'; CreatedAt = $created
            }
            [RunAgents.PowerShell.Models.AccessRequest]@{
                Id = $longId; Status = 'APPROVED'; Agent = 'an-agent-with-a-very-long-name'; Tool = 'a-tool-with-a-long-name'
                Subject = 'someone.with.a.long.address@example.com'; Message = 'Refund every order of last week, then tell each customer by mail.'
                RunId = "run-$longId"; Scope = 'agent_user_ttl'; Duration = [TimeSpan]::FromHours(4); CreatedAt = $created
            }
        )
        $script:Runs = @(
            [RunAgents.PowerShell.Models.Run]@{
                Id = 'run-0001'; Status = 'PAUSED_APPROVAL'; Namespace = 'finance'; Agent = 'payment-approver'; UserId = 'user@example.com'
                Message = 'Refund order 1042'; BlockedActionId = 'act-1'; CreatedAt = $created
            }
            [RunAgents.PowerShell.Models.Run]@{
                Id = "run-$longId"; Status = 'COMPLETED'; Namespace = 'a-long-namespace-name'; Agent = 'an-agent-with-a-very-long-name'
                UserId = 'someone.with.a.long.address@example.com'; Message = 'Refund every order of last week, then tell each customer by mail.'
                Answer = 'Done: 14 refunds.'; CreatedAt = $created
            }
        )
        $script:Events = @(
            [RunAgents.PowerShell.Models.RunEvent]@{ RunId = 'run-0001'; Sequence = 1; Type = 'RUN_CREATED'; Timestamp = $created; Summary = 'Run started for finance/payment-approver' }
            [RunAgents.PowerShell.Models.RunEvent]@{
                RunId = 'run-0001'; Sequence = 4; Type = 'APPROVAL_REQUIRED'; Timestamp = $created; Summary = 'Approval required for stripe-api'
            }
            [RunAgents.PowerShell.Models.RunEvent]@{ RunId = 'run-0002'; Sequence = 1; Type = 'RUN_CREATED'; Timestamp = $today; Summary = 'Run started' }
            [RunAgents.PowerShell.Models.RunEvent]@{
                RunId = 'run-0002'; Sequence = 8; Type = 'AGENT_MESSAGE'; Timestamp = $today
                Summary = 'Refund issued for order 1042; the customer sees the money back within five working days.'
            }
        )
        $script:Deploy = [System.Text.Json.JsonSerializer]::Deserialize(
            '{"agent":"refund-bot","namespace":"finance","build_id":"build-1","image_uri":"registry.runagents.io/refund-bot:build-1","execution_mode":"FAST_OVERLAY","build_profile":"python","tools_created":["crm","mailer"]}',
            [RunAgents.PowerShell.Models.DeployResult])

        function Get-RenderedLine {
            # The non-blank lines of objects as the host would show them at a width.
            param([object[]] $InputObject, [int] $Width)
            , @(($InputObject | Out-String -Width $Width) -split '\r?\n' | Where-Object { $_.Trim() })
        }
    }

    It 'shows access requests as a table of who asked which agent for which tool, and what, that fits <Width> columns' -ForEach @(
        @{ Width = 80; Message = 'Refund order…' }
        @{ Width = 120; Message = 'Refund order 1042' }
    ) {
        $lines = Get-RenderedLine $Requests $Width

        $lines[0] | Should -Match '^Id\s+Status\s+User\s+Agent\s+Tool\s+Message\s*$'
        @($lines -match "^ar-0001\s+PENDING\s+user@example\.com\s+payment-approver\s+stripe-api\s+$([regex]::Escape($Message))\s*$") | Should -HaveCount 1
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width -Because "'$_' is one line of the table" }
    }

    It 'shows runs as a table of who asked which agent what that fits <Width> columns' -ForEach @(
        @{ Width = 80; Long = 'Refund every ord…' }
        @{ Width = 120; Long = 'Refund every order of last week, then tell each customer…' }
    ) {
        $lines = Get-RenderedLine $Runs $Width

        $lines[0] | Should -Match '^Id\s+Status\s+User\s+Agent\s+Message\s*$'
        @($lines -match '^run-0001\s+PAUSED_APPROVAL\s+user@example\.com\s+payment-approver\s+Refund order 1042\s*$') | Should -HaveCount 1
        @($lines -match "^run-6f0c8… COMPLETED\s+someone\.with\.a\.… an-agent-with-a-v… $([regex]::Escape($Long))$") | Should -HaveCount 1
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width -Because "'$_' is one line of the table" }
    }

    It 'shows events grouped by run, with the time alone today and the date before it on other days, in 80 columns' {
        $lines = Get-RenderedLine $Events 80

        $lines[0] | Should -Match '^\s*Run: run-0001$'
        $lines[1] | Should -Match '^\s*Seq\s+Time UTC\s+Type\s+Summary\s*$'
        @($lines -match '^\s+4 2026-11-29 04:44:13 APPROVAL_REQUIRED Approval required for stripe-api$') | Should -HaveCount 1
        @($lines -match '^\s*Run: run-0002$') | Should -HaveCount 1
        @($lines -match '^\s+1 05:15:49\s+RUN_CREATED\s+Run started$') | Should -HaveCount 1
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_' is one line of the table" }
    }

    It 'shows the same UTC times for <Name> read back from Export-Clixml, as a remote session or a job hands them over' -ForEach @(
        @{ Name = 'access requests'; Property = 'Requests'; Pattern = '^ar-0001\s+PENDING\s+user@example\.com\s' }
        @{ Name = 'runs'; Property = 'Runs'; Pattern = '^run-0001\s+PAUSED_APPROVAL\s+user@example\.com\s' }
        @{ Name = 'events'; Property = 'Events'; Pattern = '^\s+4 2026-11-29 04:44:13 APPROVAL_REQUIRED' }
    ) {
        $path = Join-Path $TestDrive "$Property.xml"
        (Get-Variable $Property -Scope Script -ValueOnly) | Export-Clixml -Path $path
        $copies = Import-Clixml -Path $path

        $lines = Get-RenderedLine $copies 80

        @($lines -match $Pattern) | Should -HaveCount 1
    }

    It 'gives the summary of an event the rest of a wide line' {
        $lines = Get-RenderedLine $Events 120

        $line = @($lines -match 'AGENT_MESSAGE')
        $line | Should -HaveCount 1
        $line[0] | Should -Match 'AGENT_MESSAGE     Refund issued for order 1042; the customer sees the money back within five w…$'
        $line[0].Length | Should -Be 120
    }

    It 'shows the decision and its times in the list view of an access request' {
        $lines = Get-RenderedLine ($Requests[1] | Format-List) 80

        ($lines | Where-Object { $_ -match '^\w+\s+:' } | ForEach-Object { ($_ -split '\s+:')[0] }) |
            Should -Be 'Id', 'Status', 'Agent', 'Tool', 'Subject', 'Message', 'ActionId', 'RunId', 'Scope', 'Duration', 'Reason', 'ApproverId', 'CreatedAt', 'UpdatedAt', 'ExpiresAt'
        $lines | Should -Contain "Id         : $longId"
        $lines | Should -Contain 'Scope      : Window'
        $lines | Should -Contain 'Duration   : 04:00:00'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
    }

    It 'shows a duration the module cannot read as the platform wrote it in the list view of an access request' {
        $odd = [RunAgents.PowerShell.Models.AccessRequest]@{ Id = 'ar-0002'; Status = 'APPROVED'; Scope = 'agent_user_ttl'; DurationText = 'until revoked' }

        $lines = Get-RenderedLine ($odd | Format-List) 80

        $lines | Should -Contain 'Duration   : until revoked'
    }

    It 'writes the scope and duration of access requests to CSV as -Scope and -Duration take them back' {
        $csv = $Requests | ConvertTo-Csv | ConvertFrom-Csv

        $csv[1].Scope | Should -BeExactly 'Window'
        $csv[1].Duration | Should -BeExactly '04:00:00'
        $csv[0].Scope | Should -BeNullOrEmpty
        $csv[0].Duration | Should -BeNullOrEmpty
    }

    It 'shows who asked what, the answer and what a paused run waits on in the list view of a run' {
        $lines = Get-RenderedLine ($Runs[0] | Format-List) 80
        $answered = Get-RenderedLine ($Runs[1] | Format-List) 80

        $lines | Should -Contain 'BlockedActionId : act-1'
        $lines | Should -Contain 'UserId          : user@example.com'
        $lines | Should -Contain 'Message         : Refund order 1042'
        $answered | Should -Contain 'Answer          : Done: 14 refunds.'
        $lines | Should -Not -Match '^(AdditionalFields|RunId|IsFinished|IsPaused)\s+:'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
    }

    It 'shows a deploy result as a list with the build and the tools it created' {
        $lines = Get-RenderedLine $Deploy 80

        $lines[0] | Should -Be 'Name           : refund-bot'
        $lines | Should -Contain 'Image          : registry.runagents.io/refund-bot:build-1'
        $lines | Should -Contain 'BuildId        : build-1'
        $lines | Should -Contain 'ExecutionMode  : FAST_OVERLAY'
        $lines | Should -Contain 'ToolsCreated   : crm, mailer'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
    }
}

Describe 'The views file' {
    It 'names in its script blocks only types PowerShell knows by a short name (accelerators), which cost nothing to find at import' {
        # PowerShell checks every script block of a format file when the module is imported; a type name that is not an
        # accelerator ([Environment]) is looked up through the loaded assemblies there, which cost tens of ms of the import.
        $views = [xml](Get-Content -Raw (Join-Path (Split-Path $env:RUNAGENTS_TEST_MODULE) 'RunAgents.Format.ps1xml'))
        $accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')::Get.Keys
        $named = foreach ($block in $views.SelectNodes('//ScriptBlock')) {
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($block.InnerText, [ref] $null, [ref] $null)
            $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.TypeExpressionAst] -or $a -is [System.Management.Automation.Language.TypeConstraintAst] }, $true).TypeName.FullName
        }

        $views.SelectNodes('//ScriptBlock').Count | Should -BeGreaterThan 0
        $named | Where-Object { $_ -notin $accelerators } | Sort-Object -Unique | Should -BeNullOrEmpty
    }
}
