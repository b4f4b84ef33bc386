# Export-RARun, Stop-RARun and Get-RABlockedAction on both API generations. Each test reads what went over the wire in
# the mock's journal: the exact requests, nothing written by -WhatIf or a bad input, a retried PATCH reconciled by
# reading the run again, and export files in the official CLI's shape (UTF-8, no BOM, never overwritten silently).

Describe 'Run operations on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $api = New-TestApi $Generation $server
        $runs = $api.Prefix + '/runs'
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Written { @(Get-RAMockJournal $server | Where-Object method -NE 'GET') }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        function Add-Run($Run) { $null = Invoke-RAMock $server POST runs $Run }
        $stamp = '2026-05-01T10:00:00Z'
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        Connect-TestServer $api
        Add-Run @(
            @{ id = 'r-run'; agent_id = 'refunds'; namespace = 'finance'; user_id = 'ana'; status = 'RUNNING'; created_at = $stamp; updated_at = $stamp
               events = @(@{ type = 'USER_MESSAGE'; actor = 'user'; data = @{ content = 'Refund order 7' } }, @{ type = 'TOOL_REQUEST'; actor = 'agent'; data = @{ tool_id = 'stripe' } }) }
            @{ id = 'r-paused'; agent_id = 'refunds'; namespace = 'finance'; user_id = 'ana'; status = 'PAUSED_APPROVAL'; blocked_action_id = 'act-1'; created_at = $stamp; updated_at = $stamp
               events = @(@{ type = 'APPROVAL_REQUIRED'; actor = 'platform'; data = @{ tool_id = 'stripe'; capability = 'refunds.create' } }) }
            @{ id = 'r-done'; agent_id = 'refunds'; namespace = 'finance'; status = 'COMPLETED'; created_at = $stamp; updated_at = $stamp }
        )
        Get-RAMockJournal $server -Clear
    }

    Context 'Stop-RARun' {
        It 'reads the run, then sends one PATCH {"status":"FAILED"}, and writes the run with -PassThru' {
            $run = Stop-RARun r-run -Force -PassThru

            Get-Sent | Should -Be @("GET $runs/r-run", "PATCH $runs/r-run")
            (Get-Written)[0].body | ConvertFrom-Json | ForEach-Object { $_.status } | Should -BeExactly 'FAILED'
            $run | Should -BeOfType RunAgents.PowerShell.Models.Run
            $run.Id | Should -BeExactly 'r-run'
            $run.Status | Should -BeExactly 'FAILED'
            # Both generations show the whole run, though the namespaced one answers only a few of its fields.
            $run.UserId | Should -BeExactly 'ana'
            $run.Namespace | Should -BeExactly 'finance'
            $run.Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
            (Get-RARun r-run).Status | Should -BeExactly 'FAILED'
        }

        It 'writes nothing without -PassThru, and marks paused runs piped from Get-RARun' {
            $out = Get-RARun r-paused | Stop-RARun -Force

            $out | Should -BeNullOrEmpty
            Get-Written | ForEach-Object { "$($_.method) $($_.rawTarget)" } | Should -Be @("PATCH $runs/r-paused")
            (Get-RARun r-paused).Status | Should -BeExactly 'FAILED'
        }

        It 'says under -WhatIf that it records the run as failed and does not stop in-flight work, and sends no write' {
            $lines = @(Get-WhatIfMessage { Stop-RARun r-run -WhatIf })

            $lines | Should -HaveCount 1
            $lines[0] | Should -BeLike "*Mark the run FAILED (records it as failed; work the agent has in flight is not stopped)*r-run (agent 'refunds', status RUNNING)*"
            Get-Written | Should -BeNullOrEmpty
        }

        It 'is ConfirmImpact High' {
            (Get-Command Stop-RARun).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be High
        }

        It 'refuses a run that has ended as RunNotStoppable, with no write' {
            Stop-RARun r-done -Force -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('RunNotStoppable')
            $failed[0].CategoryInfo.Category | Should -Be InvalidOperation
            $failed[0].Exception.Message | Should -BeLike "*'r-done' has already ended: it is COMPLETED*"
            Get-Written | Should -BeNullOrEmpty
        }

        It 'reports a run that does not exist as RunNotFound, with no write' {
            Stop-RARun r-nope -Force -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('RunNotFound')
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses a bad run id and an object that names no run before any request' {
            { Stop-RARun 'a/b' -Force } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.StopRARunCommand'
            [pscustomobject]@{ Name = 'x' } | Stop-RARun -Force -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('InvalidInputObject')
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'sends the PATCH again after a 503, as marking a run failed twice asks for the same state' {
            Add-RAMockFault $server @{ method = 'PATCH'; status = 503; body = '{"error":"busy"}'; headers = @{ 'Retry-After' = '0' } }

            Stop-RARun r-run -Force

            Get-Sent | Should -Be @("GET $runs/r-run", "PATCH $runs/r-run", "PATCH $runs/r-run")
            (Get-RARun r-run).Status | Should -BeExactly 'FAILED'
        }

        It 'reconciles a 409 by reading the run again: a run now FAILED was marked by an earlier copy' {
            # The run is FAILED already, but the first read still says RUNNING, as when a first PATCH landed unanswered.
            $null = Stop-RARun r-run -Force
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = "$runs/r-run"; status = 200; body = '{"id":"r-run","agent_id":"refunds","status":"RUNNING"}' }
            Get-RAMockJournal $server -Clear

            $run = Stop-RARun r-run -Force -PassThru -ErrorVariable failed

            $failed | Should -BeNullOrEmpty
            $run.Status | Should -BeExactly 'FAILED'
            Get-Sent | Should -Be @("GET $runs/r-run", "PATCH $runs/r-run", "GET $runs/r-run")
        }

        It 'reports a 409 on a run that is still not FAILED as RunNotStoppable, naming its status' {
            Add-RAMockFault $server @{ method = 'PATCH'; status = 409; body = '{"error":"invalid transition from RUNNING to FAILED"}' }

            Stop-RARun r-run -Force -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('RunNotStoppable')
            $failed[0].Exception.Message | Should -BeLike '*it is RUNNING (*invalid transition from RUNNING to FAILED*'
        }
    }

    Context 'Get-RABlockedAction' {
        It 'reads the action a paused run waits on, piped from Get-RARun, with one GET' {
            $action = Get-RARun r-paused | Get-RABlockedAction

            # Get-RARun reads the run's events too; the action is one GET.
            Get-Sent | Should -Be @("GET $runs/r-paused", "GET $runs/r-paused/events?limit=500", "GET $runs/r-paused/actions/act-1")
            $action | Should -BeOfType RunAgents.PowerShell.Models.BlockedAction
            $action.ActionId | Should -BeExactly 'act-1'
            $action.RunId | Should -BeExactly 'r-paused'
            $action.Tool | Should -BeExactly 'stripe'
            $action.Capability | Should -BeExactly 'refunds.create'
            $action.Status | Should -BeExactly 'BLOCKED'
            $action.Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
        }

        It 'reads an action by -RunId and -ActionId, and filters by -Status' {
            (Get-RABlockedAction -RunId r-paused -ActionId act-1).Status | Should -BeExactly 'BLOCKED'
            Get-RABlockedAction -RunId r-paused -ActionId act-1 -Status APPROVED | Should -BeNullOrEmpty
            Get-RABlockedAction -RunId r-paused -ActionId act-1 -Status 'BLOCK*' | Should -Not -BeNullOrEmpty
        }

        It 'shows the action decided once the run is marked failed' {
            Stop-RARun r-paused -Force
            (Get-RABlockedAction r-paused act-1).Status | Should -BeExactly 'FAILED'
        }

        It 'reports an action or run that does not exist as BlockedActionNotFound' {
            Get-RABlockedAction r-paused act-9 -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-RABlockedAction r-nope act-1 -ErrorVariable +failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('BlockedActionNotFound', 'BlockedActionNotFound')
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
        }

        It 'refuses a run that waits on nothing and bad ids before any request' {
            Get-RAMockJournal $server -Clear
            [pscustomobject]@{ RunId = 'r-1' } | Get-RABlockedAction -ErrorVariable failed -ErrorAction SilentlyContinue
            [pscustomobject]@{ RunId = 'r-1'; ActionId = 'a/b' } | Get-RABlockedAction -ErrorVariable +failed -ErrorAction SilentlyContinue
            { Get-RABlockedAction r-1 '..' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.GetRABlockedActionCommand'

            Get-ErrorId $failed | Should -Be @('NoBlockedAction', 'InvalidInputObject')
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'tells a running run piped in waits on no blocked action, with no request for the action' {
            $run = Get-RARun r-run
            Get-RAMockJournal $server -Clear
            $run | Get-RABlockedAction -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('NoBlockedAction')
            $failed[0].Exception.Message | Should -BeLike '*waits on no blocked action: it is RUNNING*'
            Get-Sent | Should -BeNullOrEmpty
        }
    }

    Context 'Export-RARun' {
        BeforeEach {
            $folder = Join-Path $TestDrive ([guid]::NewGuid())
            $null = New-Item -ItemType Directory $folder
        }

        It 'writes a run, its events and its timeline in the CLI export shape, UTF-8 without a BOM' {
            $file = Join-Path $folder 'r-run.json'
            Export-RARun r-run -Path $file

            Get-Sent | Should -Be @("GET $runs/r-run", "GET $runs/r-run/events?limit=500")
            $bytes = [IO.File]::ReadAllBytes($file)
            $bytes[0] | Should -Be ([byte][char]'{')
            $doc = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json
            $doc.PSObject.Properties.Name | Should -Be @('run', 'events', 'timeline')
            $doc.run.PSObject.Properties.Name | Should -Be @('id', 'conversation_id', 'agent_id', 'namespace', 'user_id', 'status', 'created_at', 'updated_at')
            $doc.run.id | Should -BeExactly 'r-run'
            $doc.run.status | Should -BeExactly 'RUNNING'
            $doc.events.seq | Should -Be @(1, 2)
            $doc.events[0].PSObject.Properties.Name | Should -Be @('event_id', 'run_id', 'seq', 'type', 'payload_hash', 'actor', 'data', 'timestamp')
            $doc.timeline.type | Should -Be @('USER_MESSAGE', 'TOOL_REQUEST')
            $doc.timeline[0].PSObject.Properties.Name | Should -Be @('seq', 'type', 'actor', 'summary', 'timestamp', 'data')
            $doc.timeline[0].summary | Should -BeExactly 'Refund order 7'
            (Get-Content -LiteralPath $file -Raw) | Should -Match '^\{\n  "run": \{\n    "id": "r-run",'
        }

        It 'writes one timeline entry that says the status of a run without events' {
            $doc = Export-RARun r-done
            $doc.run.id | Should -BeExactly 'r-done'
            @($doc.events) | Should -BeNullOrEmpty
            $doc.timeline | Should -HaveCount 1
            $doc.timeline[0].summary | Should -BeExactly 'Run is currently COMPLETED'
        }

        It 'writes one file per run piped in, named after the run, in a folder' {
            Get-RARun -Status * | Export-RARun -Path $folder
            (Get-ChildItem $folder).Name | Sort-Object | Should -Be @('r-done.json', 'r-paused.json', 'r-run.json')
            (Get-Content (Join-Path $folder 'r-paused.json') -Raw | ConvertFrom-Json).run.blocked_action_id | Should -BeExactly 'act-1'
        }

        It 'refuses to overwrite a file without -Force, before any request, and replaces it with -Force' {
            $file = Join-Path $folder 'x.json'
            Set-Content -LiteralPath $file -Value 'keep'
            Export-RARun r-run -LiteralPath $file -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('ExportFileExists')
            $failed[0].CategoryInfo.Category | Should -Be ResourceExists
            Get-Content -LiteralPath $file | Should -Be 'keep'
            Get-Sent | Should -BeNullOrEmpty

            $written = Export-RARun r-run -LiteralPath $file -Force -PassThru
            $written | Should -BeOfType System.IO.FileInfo
            (Get-Content -LiteralPath $file -Raw | ConvertFrom-Json).run.id | Should -BeExactly 'r-run'
        }

        It 'refuses a second run into the same file, and a folder that does not exist, before any request for them' {
            $file = Join-Path $folder 'one.json'
            Export-RARun r-run, r-done -Path $file -ErrorVariable failed -ErrorAction SilentlyContinue

            Get-ErrorId $failed | Should -Be @('ExportFileTaken')
            Get-Sent | Should -Be @("GET $runs/r-run", "GET $runs/r-run/events?limit=500")
            Get-RAMockJournal $server -Clear
            { Export-RARun r-run -Path (Join-Path $folder 'no/such/x.json') } | Should -Throw -ErrorId 'ExportFolderNotFound,RunAgents.PowerShell.Cmdlets.ExportRARunCommand'
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'reports a run that does not exist as RunNotFound and writes no file' {
            Export-RARun r-nope -Path $folder -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('RunNotFound')
            Get-ChildItem $folder | Should -BeNullOrEmpty
        }
    }
}
