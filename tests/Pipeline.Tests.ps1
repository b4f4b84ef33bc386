# Every kind of object the module writes, piped into every cmdlet that takes pipeline input, on both API
# generations: each cell acts on exactly the objects related to what was piped, or fails before any request.
# An object that names nothing a cmdlet can act on must never widen into the cmdlet's unfiltered default.

BeforeDiscovery {
    $types = 'Agent', 'PausedAnswer', 'Answer', 'DeployResult', 'AccessRequest', 'PausedRun', 'Run', 'RunEvent', 'Connection', 'RawText'
    $cmdlets = 'Get-RAAgent', 'Remove-RAAgent', 'Invoke-RAAgent', 'Wait-RAAgent', 'Deploy-RAAgent', 'Get-RAAccessRequest',
        'Approve-RAAccessRequest', 'Deny-RAAccessRequest', 'Get-RARun', 'Get-RARunEvent', 'Wait-RARun'
    $script:cells = foreach ($type in $types) { foreach ($cmdlet in $cmdlets) { @{ Type = $type; Cmdlet = $cmdlet } } }
}

Describe 'Objects piped into cmdlets on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 0 -ResumeMs 60000
        $api = New-TestApi $Generation $server
        Connect-TestServer $api

        function Initialize-Platform {
            # The same platform before every cell, so that the ids of the objects below stay valid: a paused invoke
            # (run, pending request, action), a completed one, and a deployed agent.
            $null = Invoke-RAMock $server POST reset
            $paused = Invoke-RAAgent finance/payment-approver 'Refund order 1042' -WarningAction SilentlyContinue
            $answer = Invoke-RAAgent finance/payment-approver 'What is the status of order 7?'
            # Another agent's pending request and run, which nothing piped for payment-approver may touch.
            $null = Invoke-RAAgent finance/invoice-processor 'approval:pay invoice 12' -WarningAction SilentlyContinue
            $deployed = Deploy-RAAgent -Name pipeline-probe -Image registry.example/probe:1
            Get-RAMockJournal $server -Clear
            @{ PausedAnswer = $paused; Answer = $answer; DeployResult = $deployed }
        }

        $made = Initialize-Platform
        $objects = @{
            Agent         = Get-RAAgent finance/payment-approver
            PausedAnswer  = $made.PausedAnswer
            Answer        = $made.Answer
            DeployResult  = $made.DeployResult
            AccessRequest = Get-RAAccessRequest | Where-Object Agent -EQ 'payment-approver'
            PausedRun     = Get-RARun -Id $made.PausedAnswer.RunId
            Run           = Get-RARun -Id $made.Answer.RunId
            RunEvent      = Get-RARunEvent -RunId $made.Answer.RunId | Select-Object -First 1
            Connection    = Get-RAConnection
            RawText       = Get-RAAgent finance/payment-approver -Raw
        }
        $objects.AccessRequest | Should -HaveCount 1
        $paused = $made.PausedAnswer.RunId
        $done = $made.Answer.RunId
        $request = $objects.AccessRequest.Id

        $commands = @{
            'Get-RAAgent'             = { $input | Get-RAAgent }
            'Remove-RAAgent'          = { $input | Remove-RAAgent -Force }
            'Invoke-RAAgent'          = { $input | Invoke-RAAgent -Message 'ping' }
            'Wait-RAAgent'            = { $input | Wait-RAAgent -Timeout 5 -PollIntervalSec 1 }
            'Deploy-RAAgent'          = { $input | Deploy-RAAgent -WhatIf }
            'Get-RAAccessRequest'     = { $input | Get-RAAccessRequest }
            'Approve-RAAccessRequest' = { $input | Approve-RAAccessRequest -Force }
            'Deny-RAAccessRequest'    = { $input | Deny-RAAccessRequest -Force }
            'Get-RARun'               = { $input | Get-RARun }
            'Get-RARunEvent'          = { $input | Get-RARunEvent }
            'Wait-RARun'              = { $input | Wait-RARun -Timeout 1 -PollIntervalSec 1 }
        }

        # What each cell sends, as 'METHOD path' (each once, sorted: polls repeat), the error it writes, and the
        # identities of what it writes (ids, or namespace/name).
        function P([string] $Operation, [string] $Namespace, [string] $Name, [string] $Id) { Get-TestPath $api $Operation -Namespace $Namespace -Name $Name -Id $Id }
        $agent = if ($api.ByName) { P Agent -Name payment-approver } else { P Agent -Namespace finance -Name payment-approver }
        $probe = if ($api.ByName) { P Agent -Name pipeline-probe } else { P Agent -Namespace default -Name pipeline-probe }
        $invoke = if ($api.ByName) { P Invoke -Name payment-approver } else { P Invoke -Namespace finance -Name payment-approver }
        $probeInvoke = if ($api.ByName) { P Invoke -Name pipeline-probe } else { P Invoke -Namespace default -Name pipeline-probe }
        # v1 reads an agent before it deletes or invokes it, to check its namespace; the namespaced API has it in the path.
        $check = if ($api.ByName) { "GET $agent" } else { @() }
        $probeCheck = if ($api.ByName) { "GET $probe" } else { @() }
        $pending = "GET $(P Requests)?status=PENDING"
        # A paused run is polled, and its pending request looked up once to name it in the warning.
        $waitPaused = @("GET $(P Run -Id $paused)", $pending)
        $invalid = @{ Error = 'InvalidInputObject'; Sent = @() }
        # The requests written read their runs' message: pending ones from the list of paused runs, one by id from its
        # run. v1's runs carry no message, so nothing is read there.
        $messages = if ($api.ByName) { @() } else { "GET $(P Runs)?status=PAUSED_APPROVAL" }
        $requestRun = if ($api.ByName) { @() } else { "GET $(P Run -Id $paused)" }
        # A run read by id reads its events too for what it lacks: the answer of a completed run, and on v1 its message.
        $doneEvents = "GET $(P RunEvents -Id $done)?limit=500"
        $pausedEvents = if ($api.ByName) { "GET $(P RunEvents -Id $paused)?limit=500" } else { @() }
        $notPaused = @{ Error = 'NotPaused'; Sent = @() }

        $expected = @{
            'Agent|Get-RAAgent'                     = @{ Sent = "GET $agent"; Out = 'finance/payment-approver' }
            'Agent|Remove-RAAgent'                  = @{ Sent = @($check) + "DELETE $agent" }
            'Agent|Invoke-RAAgent'                  = @{ Sent = @($check) + "POST $invoke"; Out = 'finance/payment-approver' }
            'Agent|Wait-RAAgent'                    = @{ Sent = "GET $agent"; Out = 'finance/payment-approver' }
            # An agent is deployed again as it is (-WhatIf here); from this platform, on v1 it needs no look first.
            'Agent|Deploy-RAAgent'                  = @{ Sent = @(); Out = @() }
            'Agent|Get-RAAccessRequest'             = @{ Sent = @("GET $(P Requests)") + $messages; Out = $request }
            'Agent|Approve-RAAccessRequest'         = $invalid
            'Agent|Deny-RAAccessRequest'            = $invalid
            'Agent|Get-RARun'                       = @{ Sent = "GET $(P Runs)?agent_id=payment-approver"; Out = $done, $paused }
            'Agent|Get-RARunEvent'                  = $invalid
            'Agent|Wait-RARun'                      = $invalid

            'PausedAnswer|Get-RAAgent'              = @{ Sent = "GET $agent"; Out = 'finance/payment-approver' }
            'PausedAnswer|Remove-RAAgent'           = @{ Sent = @($check) + "DELETE $agent" }
            'PausedAnswer|Invoke-RAAgent'           = @{ Sent = @($check) + "POST $invoke"; Out = 'finance/payment-approver' }
            'PausedAnswer|Wait-RAAgent'             = @{ Sent = "GET $agent"; Out = 'finance/payment-approver' }
            'PausedAnswer|Deploy-RAAgent'           = $invalid
            'PausedAnswer|Get-RAAccessRequest'      = @{ Sent = @("GET $(P Requests)") + $messages; Out = $request }
            'PausedAnswer|Approve-RAAccessRequest'  = @{ Sent = $pending, "POST $(P Approve -Id $request)"; Out = $request }
            'PausedAnswer|Deny-RAAccessRequest'     = @{ Sent = $pending, "POST $(P Reject -Id $request)"; Out = $request }
            'PausedAnswer|Get-RARun'                = @{ Sent = @("GET $(P Run -Id $paused)") + $pausedEvents; Out = $paused }
            'PausedAnswer|Get-RARunEvent'           = @{ Sent = "GET $(P RunEvents -Id $paused)?limit=500" }
            'PausedAnswer|Wait-RARun'               = @{ Sent = $waitPaused; Error = 'WaitTimeout' }

            'Answer|Get-RAAgent'                    = @{ Sent = "GET $agent"; Out = 'finance/payment-approver' }
            'Answer|Remove-RAAgent'                 = @{ Sent = @($check) + "DELETE $agent" }
            'Answer|Invoke-RAAgent'                 = @{ Sent = @($check) + "POST $invoke"; Out = 'finance/payment-approver' }
            'Answer|Wait-RAAgent'                   = @{ Sent = "GET $agent"; Out = 'finance/payment-approver' }
            'Answer|Deploy-RAAgent'                 = $invalid
            'Answer|Get-RAAccessRequest'            = @{ Sent = "GET $(P Requests)"; Error = 'AccessRequestNotFound' }
            'Answer|Approve-RAAccessRequest'        = $notPaused
            'Answer|Deny-RAAccessRequest'           = $notPaused
            'Answer|Get-RARun'                      = @{ Sent = "GET $(P Run -Id $done)", $doneEvents; Out = $done }
            'Answer|Get-RARunEvent'                 = @{ Sent = "GET $(P RunEvents -Id $done)?limit=500" }
            'Answer|Wait-RARun'                     = @{ Sent = "GET $(P Run -Id $done)", $doneEvents; Out = $done }

            'DeployResult|Get-RAAgent'              = @{ Sent = "GET $probe"; Out = 'default/pipeline-probe' }
            'DeployResult|Remove-RAAgent'           = @{ Sent = @($probeCheck) + "DELETE $probe" }
            'DeployResult|Invoke-RAAgent'           = @{ Sent = @($probeCheck) + "POST $probeInvoke"; Out = 'default/pipeline-probe' }
            'DeployResult|Wait-RAAgent'             = @{ Sent = "GET $probe"; Out = 'default/pipeline-probe' }
            'DeployResult|Deploy-RAAgent'           = $invalid
            'DeployResult|Get-RAAccessRequest'      = @{ Sent = "GET $(P Requests)" }
            'DeployResult|Approve-RAAccessRequest'  = $invalid
            'DeployResult|Deny-RAAccessRequest'     = $invalid
            'DeployResult|Get-RARun'                = @{ Sent = "GET $(P Runs)?agent_id=pipeline-probe" }
            'DeployResult|Get-RARunEvent'           = $invalid
            'DeployResult|Wait-RARun'               = $invalid

            # An access request names its agent but not the namespace: its run says it, where paths need it.
            'AccessRequest|Get-RAAgent'             = @{ Sent = @(if (-not $api.ByName) { "GET $(P Run -Id $paused)" }) + "GET $agent"; Out = 'finance/payment-approver' }
            'AccessRequest|Remove-RAAgent'          = $invalid
            'AccessRequest|Invoke-RAAgent'          = $invalid
            'AccessRequest|Wait-RAAgent'            = $invalid
            'AccessRequest|Deploy-RAAgent'          = $invalid
            'AccessRequest|Get-RAAccessRequest'     = @{ Sent = @("GET $(P Request -Id $request)") + $requestRun; Out = $request }
            'AccessRequest|Approve-RAAccessRequest' = @{ Sent = "POST $(P Approve -Id $request)"; Out = $request }
            'AccessRequest|Deny-RAAccessRequest'    = @{ Sent = "POST $(P Reject -Id $request)"; Out = $request }
            'AccessRequest|Get-RARun'               = @{ Sent = @("GET $(P Run -Id $paused)") + $pausedEvents; Out = $paused }
            'AccessRequest|Get-RARunEvent'          = @{ Sent = "GET $(P RunEvents -Id $paused)?limit=500" }
            'AccessRequest|Wait-RARun'              = @{ Sent = $waitPaused; Error = 'WaitTimeout' }

            'PausedRun|Get-RAAgent'                 = @{ Sent = "GET $agent"; Out = 'finance/payment-approver' }
            'PausedRun|Remove-RAAgent'              = $invalid
            'PausedRun|Invoke-RAAgent'              = $invalid
            'PausedRun|Wait-RAAgent'                = $invalid
            'PausedRun|Deploy-RAAgent'              = $invalid
            'PausedRun|Get-RAAccessRequest'         = @{ Sent = @("GET $(P Requests)") + $messages; Out = $request }
            'PausedRun|Approve-RAAccessRequest'     = @{ Sent = $pending, "POST $(P Approve -Id $request)"; Out = $request }
            'PausedRun|Deny-RAAccessRequest'        = @{ Sent = $pending, "POST $(P Reject -Id $request)"; Out = $request }
            'PausedRun|Get-RARun'                   = @{ Sent = @("GET $(P Run -Id $paused)") + $pausedEvents; Out = $paused }
            'PausedRun|Get-RARunEvent'              = @{ Sent = "GET $(P RunEvents -Id $paused)?limit=500" }
            'PausedRun|Wait-RARun'                  = @{ Sent = $waitPaused; Error = 'WaitTimeout' }

            'Run|Get-RAAgent'                       = @{ Sent = "GET $agent"; Out = 'finance/payment-approver' }
            'Run|Remove-RAAgent'                    = $invalid
            'Run|Invoke-RAAgent'                    = $invalid
            'Run|Wait-RAAgent'                      = $invalid
            'Run|Deploy-RAAgent'                    = $invalid
            'Run|Get-RAAccessRequest'               = @{ Sent = "GET $(P Requests)"; Error = 'AccessRequestNotFound' }
            'Run|Approve-RAAccessRequest'           = $notPaused
            'Run|Deny-RAAccessRequest'              = $notPaused
            'Run|Get-RARun'                         = @{ Sent = "GET $(P Run -Id $done)", $doneEvents; Out = $done }
            'Run|Get-RARunEvent'                    = @{ Sent = "GET $(P RunEvents -Id $done)?limit=500" }
            'Run|Wait-RARun'                        = @{ Sent = "GET $(P Run -Id $done)", $doneEvents; Out = $done }

            'RunEvent|Get-RAAgent'                  = $invalid
            'RunEvent|Remove-RAAgent'               = $invalid
            'RunEvent|Invoke-RAAgent'               = $invalid
            'RunEvent|Wait-RAAgent'                 = $invalid
            'RunEvent|Deploy-RAAgent'               = $invalid
            'RunEvent|Get-RAAccessRequest'          = @{ Sent = "GET $(P Requests)"; Error = 'AccessRequestNotFound' }
            'RunEvent|Approve-RAAccessRequest'      = $invalid
            'RunEvent|Deny-RAAccessRequest'         = $invalid
            'RunEvent|Get-RARun'                    = @{ Sent = "GET $(P Run -Id $done)", $doneEvents; Out = $done }
            'RunEvent|Get-RARunEvent'               = @{ Sent = "GET $(P RunEvents -Id $done)?limit=500" }
            'RunEvent|Wait-RARun'                   = @{ Sent = "GET $(P Run -Id $done)", $doneEvents; Out = $done }

            # The -Raw JSON text of an agent deploys that agent again (-WhatIf here); text names no platform, so v1 checks its namespace.
            'RawText|Deploy-RAAgent'                = @{ Sent = @($check); Out = @() }
        }
        foreach ($cmdlet in $commands.Keys) {
            $expected["Connection|$cmdlet"] = $invalid
            if (-not $expected.ContainsKey("RawText|$cmdlet")) { $expected["RawText|$cmdlet"] = $invalid }
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    It '<Type> piped to <Cmdlet>' -ForEach $cells {
        $cell = $expected["$Type|$Cmdlet"]
        $cell | Should -Not -BeNullOrEmpty -Because "the matrix must say what $Type | $Cmdlet does"
        $null = Initialize-Platform

        $all = try { @($objects[$Type] | & $commands[$Cmdlet] 2>&1 3>$null) } catch { @($_) }
        $failed = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })

        # Compared as text, one item a line, so that "nothing" is an empty text on both sides.
        $sent = (Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" } | Sort-Object -Unique) -join "`n"
        $sent | Should -BeExactly (($cell.Sent | Sort-Object -Unique) -join "`n") -Because "$Type | $Cmdlet must send exactly these requests"
        $ids = ($failed | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] } | Sort-Object -Unique) -join "`n"
        $ids | Should -BeExactly ($cell.Error -join "`n") -Because "$Type | $Cmdlet must fail with exactly these errors: $($failed -join '; ')"
        if ($cell.ContainsKey('Out')) {
            $written = ($output | ForEach-Object { if ($_.PSObject.Properties['Id']) { $_.Id } else { "$($_.Namespace)/$($_.Name)" } }) -join "`n"
            $written | Should -BeExactly ($cell.Out -join "`n") -Because "$Type | $Cmdlet must write exactly these, each once"
        }
    }
}
