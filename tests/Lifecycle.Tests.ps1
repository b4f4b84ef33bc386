# Deploy, approve, follow the run: the built module against the mock platform, as a user runs it, on both
# generations of the API. Every test runs once per generation and asserts the exact requests the platform got.

Describe 'The agent''s life on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 200 -ResumeMs 100
        $api = New-TestApi $Generation $server
        Connect-TestServer $api

        function Get-Call {
            # The requests the platform received, oldest first, each as 'METHOD rawTarget'.
            (Get-ApiRequest $server) | ForEach-Object { "$($_.method) $($_.rawTarget)" }
        }

        function Get-Posted([string] $Target) {
            # The POSTs the platform received to exactly $Target.
            (Get-ApiRequest $server) | Where-Object { $_.method -eq 'POST' -and $_.rawTarget -ceq $Target }
        }

        function Add-AccessRequest {
            # Puts access requests on the platform (snake_case, as the API has them); returns their ids.
            param([Parameter(Mandatory)] [hashtable[]] $Request)
            $template = @{ subject = 'user@example.com'; agent_id = 'payment-approver'; tool_id = 'stripe-api' }
            $items = foreach ($item in $Request) { $copy = $template.Clone(); foreach ($key in $item.Keys) { $copy[$key] = $item[$key] }; $copy }
            @((Invoke-RAMock $server POST requests @($items)).ids)
        }

        function Start-PausedRun([string] $Message) {
            # An invoke of the demo's finance/payment-approver that its payments-approval policy pauses
            # (the message mentions a refund): the answer, with ActionId and RunId.
            Invoke-RAAgent finance payment-approver $Message -WarningAction SilentlyContinue
        }

        function Get-Completion([string] $Line) {
            # What Tab offers at the end of the line.
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
        }

        # Where an agent deployed with -Namespace finance is polled: by name alone on v1.
        function Get-AgentTarget([string] $Namespace, [string] $Name) {
            if ($api.ByName) { Get-TestPath $api Agent -Name $Name } else { Get-TestPath $api Agent -Namespace $Namespace -Name $Name }
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
        # No request of any test went to a path of the other generation.
        Get-ForeignRequest $server $api | Should -BeNullOrEmpty
        # Every request carried the (non-workspace) key as a bearer token, and only so.
        foreach ($entry in (Get-ApiRequest $server)) {
            $entry.headers.Authorization | Should -BeExactly 'Bearer <redacted>' -Because "$($entry.method) $($entry.rawTarget) must carry the key"
            Get-HeaderName $entry | Should -Not -Contain 'X-RunAgents-API-Key'
        }
    }

    Context 'Deploy-RAAgent' {
        It 'sends the API''s body and writes the agent once it runs with -Wait' {
            # Pending long enough that -Wait has to poll more than once. On v1 a new agent has no namespace to give:
            # the platform puts it where it chooses ('default' here).
            $null = Invoke-RAMock $server POST delays @{ deployReadyMs = 1500 }
            $where = if ($api.ByName) { @{} } else { @{ Namespace = 'finance' } }

            $agent = Deploy-RAAgent -Name refund-helper @where -Image registry.example/refund:1 -Model openai/gpt-4o-mini -Tool stripe-api -Wait -PollIntervalSec 1 -WarningVariable warned

            $warned | Should -BeNullOrEmpty
            $agent | Should -BeOfType ([RunAgents.PowerShell.Models.Agent])
            $agent.Name | Should -BeExactly 'refund-helper'
            $agent.Phase | Should -Be 'Running'
            $requests = Get-ApiRequest $server
            $requests[0].method | Should -Be 'POST'
            $requests[0].rawTarget | Should -BeExactly (Get-TestPath $api Deploy)
            $requests[0].headers.'Content-Type' | Should -Match '^application/json'
            $namespace = if ($api.ByName) { '' } else { '"namespace":"finance",' }
            $requests[0].body | Should -BeExactly ('{"agent_name":"refund-helper",' + $namespace + '"image":"registry.example/refund:1","required_tools":["stripe-api"],"llm_configs":[{"provider":"openai","model":"gpt-4o-mini"}]}')
            # -Wait polls the agent (by name alone on v1) until it runs.
            $polls = @($requests | Select-Object -Skip 1)
            $polls.Count | Should -BeGreaterOrEqual 2
            $polls.method | Select-Object -Unique | Should -BeExactly 'GET'
            $polls.rawTarget | Select-Object -Unique | Should -BeExactly (Get-AgentTarget finance refund-helper)
            $agent.Namespace | Should -BeExactly $(if ($api.ByName) { 'default' } else { 'finance' })
        }

        It 'deploys a JSON document kept in a file as it is, and writes where the platform put it' {
            $file = Join-Path $TestDrive 'agent.json'
            $namespace = if ($api.ByName) { '' } else { '"namespace":"support",' }
            ('{"agent_name":"from-file",' + $namespace + '"image":"registry.example/f:1","policies":["read-only"]}') | Set-Content -LiteralPath $file

            $result = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json | Deploy-RAAgent -WarningVariable warned

            $result | Should -BeOfType ([RunAgents.PowerShell.Models.DeployResult])
            $warned | Should -BeNullOrEmpty
            (Get-Call) | Should -BeExactly @("POST $(Get-TestPath $api Deploy)")
            (Get-Posted (Get-TestPath $api Deploy))[0].body | Should -BeExactly (Get-Content -LiteralPath $file -Raw).Trim()
            $result.ToString() | Should -Be $(if ($api.ByName) { 'default/from-file' } else { 'support/from-file' })
        }

        It 'sends no namespace and warns of none when none is given' {
            $result = Deploy-RAAgent refund-helper -Image registry.example/refund:1 -Policy read-only -WarningVariable warned

            $warned | Should -BeNullOrEmpty
            (Get-Call) | Should -BeExactly @("POST $(Get-TestPath $api Deploy)")
            (Get-Posted (Get-TestPath $api Deploy))[0].body | Should -BeExactly '{"agent_name":"refund-helper","image":"registry.example/refund:1","policies":["read-only"]}'
            $result.ToString() | Should -Be 'default/refund-helper'
        }

        It '-Wait follows the agent deployed, in the namespace given' {
            # On v1 the namespace is checked (the agent is read first) and left out of the body: the deploy updates
            # finance/payment-approver where it lives. On the namespaced API it is sent and creates support/payment-approver.
            $namespace = if ($api.ByName) { 'finance' } else { 'support' }
            $agent = Deploy-RAAgent payment-approver -Namespace $namespace -Image registry.example/pay:2 -Wait -PollIntervalSec 1 -WarningVariable warned -ErrorVariable errors

            $errors | Should -BeNullOrEmpty
            $warned | Should -BeNullOrEmpty
            $agent.Phase | Should -Be 'Running'
            $agent.Name | Should -BeExactly 'payment-approver'
            $agent.Namespace | Should -BeExactly $namespace
            $calls = @(Get-Call)
            $body = if ($api.ByName) { '{"agent_name":"payment-approver","image":"registry.example/pay:2"}' } else { '{"agent_name":"payment-approver","namespace":"support","image":"registry.example/pay:2"}' }
            (Get-Posted (Get-TestPath $api Deploy)).body | Should -BeExactly $body
            $check = @(if ($api.ByName) { "GET $(Get-AgentTarget finance payment-approver)" })
            $calls | Select-Object -First ($check.Count + 1) | Should -BeExactly @($check + "POST $(Get-TestPath $api Deploy)")
            $calls | Select-Object -Skip ($check.Count + 1) | Select-Object -Unique | Should -BeExactly "GET $(Get-AgentTarget $namespace payment-approver)"
        }

        It 'refuses on v1 a namespace the agent is not in, or a new agent''s namespace, before any deploy' {
            if (-not $api.ByName) { Set-ItResult -Skipped -Because 'only v1 deploys by name alone; the namespaced API puts the namespace in the path' }
            # v1 deploys by name alone: payment-approver is in finance, so -Namespace support would overwrite it there.
            Deploy-RAAgent payment-approver -Namespace support -Image registry.example/pay:2 -ErrorVariable errors -ErrorAction SilentlyContinue
            '{"agent_name":"brand-new","namespace":"support","image":"registry.example/n:1"}' | Deploy-RAAgent -ErrorVariable +errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 2
            $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeExactly 'NamespaceMismatch,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand' }
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            "$($errors[0])" | Should -Match "the agent named 'payment-approver' is in namespace 'finance', not 'support'"
            "$($errors[1])" | Should -Match "cannot put a new agent in a namespace"
            (Get-Call) | Should -BeExactly @("GET $(Get-AgentTarget finance payment-approver)", "GET $(Get-AgentTarget support brand-new)")
            (Get-RAAgent finance/payment-approver).Image | Should -Not -Be 'registry.example/pay:2'
        }

        It 'reports AgentFailed with the platform''s message when the agent does not start' {
            $where = if ($api.ByName) { @{} } else { @{ Namespace = 'finance' } }
            Deploy-RAAgent bad-image @where -Image registry.example/fail:1 -Wait -PollIntervalSec 1 -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentFailed,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            "$($errors[0])" | Should -Match ([regex]::Escape('Back-off pulling image "registry.example/fail:1"'))
            $calls = @(Get-Call)
            $calls[0] | Should -BeExactly "POST $(Get-TestPath $api Deploy)"
            $calls.Count | Should -BeGreaterOrEqual 2
            $calls | Select-Object -Skip 1 | Select-Object -Unique | Should -BeExactly "GET $(Get-AgentTarget finance bad-image)"
        }

        It 'sends nothing under -WhatIf' {
            $where = if ($api.ByName) { @{} } else { @{ Namespace = 'finance' } }
            Deploy-RAAgent -Name refund-helper @where -Image registry.example/refund:1 -Wait -WhatIf -WarningVariable warned
            '{"agent_name":"from-file","image":"registry.example/f:1"}' | Deploy-RAAgent -WhatIf

            @(Get-Call).Count | Should -Be 0
            $warned | Should -BeNullOrEmpty
            Get-RAAgent -Name refund-helper -Namespace default -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'refuses a source path that does not exist before any request' {
            Deploy-RAAgent -Name x -Namespace finance -Path (Join-Path $TestDrive 'nowhere') -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidSourcePath,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            @(Get-Call).Count | Should -Be 0
        }

        It 'completes -Tool, -Model and -Policy from the platform''s lists, and -Namespace from its agents' {
            (Get-Completion 'Deploy-RAAgent x -Image i -Tool ').CompletionText | Should -BeExactly @('slack-notify', 'stripe-api', 'zendesk-api')
            (Get-Completion 'Deploy-RAAgent x -Image i -Model openai/gpt-4o').CompletionText | Should -BeExactly @('openai/gpt-4o', 'openai/gpt-4o-mini')
            (Get-Completion 'Deploy-RAAgent x -Image i -Policy pay').CompletionText | Should -BeExactly @('payments-approval')
            (Get-Completion 'Deploy-RAAgent x -Image i -Namespace fin').CompletionText | Should -BeExactly @('finance')

            Get-Call | Should -BeExactly @(
                "GET $(Get-TestPath $api Tools)"
                "GET $(Get-TestPath $api ModelProviders)"
                "GET $(Get-TestPath $api Policies)"
                "GET $(Get-TestPath $api Agents)"
            )
        }
    }

    Context 'access requests' {
        It 'lists the pending requests without -Status, and asks once per status with it' {
            $ids = Add-AccessRequest @{ status = 'PENDING' }, @{ status = 'APPROVED' }, @{ status = 'REJECTED' }

            $pending = Get-RAAccessRequest
            $decided = Get-RAAccessRequest -Status APPROVED, rejected
            $every = Get-RAAccessRequest -Status *

            $pending.Id | Should -BeExactly @($ids[0])
            $decided.Id | Should -BeExactly @($ids[1], $ids[2])
            @($every).Count | Should -Be 3
            $list = Get-TestPath $api Requests
            Get-Call | Should -BeExactly @(
                "GET $list"
                "GET $list`?status=APPROVED"
                "GET $list`?status=REJECTED"
                "GET $list`?status=PENDING"
                "GET $list`?status=APPROVED"
                "GET $list`?status=REJECTED"
                "GET $list`?status=EXPIRED"
            )
        }

        It 'gets requests by id whatever their status, and reports one that does not exist' {
            $ids = Add-AccessRequest @{ status = 'APPROVED' }, @{ status = 'PENDING' }

            $found = Get-RAAccessRequest -Id $ids[0], ar-none, $ids[1] -ErrorVariable errors -ErrorAction SilentlyContinue

            $found.Id | Should -BeExactly @($ids[0], $ids[1])
            $found.Status | Should -Be @('APPROVED', 'PENDING')
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AccessRequestNotFound,RunAgents.PowerShell.Cmdlets.GetRAAccessRequestCommand'
            Get-Call | Should -BeExactly @(
                "GET $(Get-TestPath $api Request -Id $ids[0])"
                "GET $(Get-TestPath $api Request -Id ar-none)"
                "GET $(Get-TestPath $api Request -Id $ids[1])"
            )
            (Get-ApiRequest $server).status | Should -Be @(200, 404, 200)
        }

        It 'Get-RAAccessRequest takes two request ids by position or as -Id, and two runs or actions as filters' {
            $ids = Add-AccessRequest @{ status = 'PENDING'; run_id = 'run-a'; action_id = 'act-a' }, @{ status = 'PENDING'; run_id = 'run-b'; action_id = 'act-b' }, @{ status = 'PENDING'; run_id = 'run-c'; action_id = 'act-c' }

            $byPosition = Get-RAAccessRequest $ids[0], $ids[1]
            $byId = Get-RAAccessRequest -Id $ids[1], $ids[2]
            $byRun = Get-RAAccessRequest -RunId run-a, run-c
            $byAction = Get-RAAccessRequest -ActionId act-b, act-none -ErrorVariable errors -ErrorAction SilentlyContinue

            $byPosition.Id | Should -BeExactly @($ids[0], $ids[1])
            $byId.Id | Should -BeExactly @($ids[1], $ids[2])
            $byRun.Id | Should -BeExactly @($ids[0], $ids[2])
            $byAction.Id | Should -BeExactly @($ids[1])
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AccessRequestNotFound,RunAgents.PowerShell.Cmdlets.GetRAAccessRequestCommand'
            "$($errors[0])" | Should -Match "action 'act-none'"
            # The reads of the requests' runs, for their messages, are the subject of tests of their own.
            Get-Call | Where-Object { $_ -notmatch '/runs' } | Should -BeExactly @(
                "GET $(Get-TestPath $api Request -Id $ids[0])"
                "GET $(Get-TestPath $api Request -Id $ids[1])"
                "GET $(Get-TestPath $api Request -Id $ids[1])"
                "GET $(Get-TestPath $api Request -Id $ids[2])"
                "GET $(Get-TestPath $api Requests)"
                "GET $(Get-TestPath $api Requests)"
            )
        }

        It '<Command> takes two request ids by position and as -Id, and decides both' -ForEach @(
            @{ Command = 'Approve-RAAccessRequest'; Route = 'Approve'; Status = 'APPROVED' }
            @{ Command = 'Deny-RAAccessRequest'; Route = 'Reject'; Status = 'REJECTED' }
        ) {
            $ids = Add-AccessRequest @{ status = 'PENDING' }, @{ status = 'PENDING' }, @{ status = 'PENDING' }, @{ status = 'PENDING' }

            $byPosition = & $Command $ids[0], $ids[1] -Force
            $byId = & $Command -Id $ids[2], $ids[3] -Force

            $byPosition.Id | Should -BeExactly @($ids[0], $ids[1])
            $byId.Id | Should -BeExactly @($ids[2], $ids[3])
            @($byPosition) + @($byId) | ForEach-Object { $_.Status | Should -Be $Status }
            Get-Call | Should -BeExactly @(foreach ($id in $ids) {
                    "GET $(Get-TestPath $api Request -Id $id)"
                    "POST $(Get-TestPath $api $Route -Id $id)"
                })
        }

        It 'finds the request an invoke waits for, and points to -Status * once it is decided' {
            $a = Start-PausedRun 'Refund order 11'
            Get-RAMockJournal $server -Clear

            $request = $a | Get-RAAccessRequest
            $null = Approve-RAAccessRequest -Id $request.Id -Confirm:$false
            $a | Get-RAAccessRequest -ErrorVariable errors -ErrorAction SilentlyContinue
            $again = $a | Get-RAAccessRequest -Status *

            $request.ActionId | Should -BeExactly $a.ActionId
            $request.RunId | Should -BeExactly $a.RunId
            $request.Tool | Should -BeExactly 'stripe-api'
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AccessRequestNotFound,RunAgents.PowerShell.Cmdlets.GetRAAccessRequestCommand'
            "$($errors[0])" | Should -Match '-Status \*'
            $again.Id | Should -BeExactly $request.Id
            $again.Status | Should -Be 'APPROVED'
            $request.Message | Should -BeExactly $(if ($api.ByName) { $null } else { 'Refund order 11' })
            $request.Subject | Should -BeExactly 'user@example.com'
            # The message is the run's: one list of the runs in each status the written requests' runs can be in, not one
            # request per run, and none when no request is written; v1's runs carry no message, so none is read there.
            $list = Get-TestPath $api Requests
            $runs = Get-TestPath $api Runs
            $messages = -not $api.ByName
            Get-Call | Should -BeExactly @(
                "GET $list"
                if ($messages) { "GET $runs`?status=PAUSED_APPROVAL" }
                "GET $(Get-TestPath $api Request -Id $request.Id)"
                "POST $(Get-TestPath $api Approve -Id $request.Id)"
                "GET $list"
                "GET $list`?status=PENDING"
                "GET $list`?status=APPROVED"
                "GET $list`?status=REJECTED"
                "GET $list`?status=EXPIRED"
                if ($messages) { foreach ($status in 'PAUSED_APPROVAL', 'RUNNING', 'COMPLETED', 'FAILED') { "GET $runs`?status=$status" } }
            )
        }

        It 'approves by id with <Label>: reads the request, then posts <Shown>' -ForEach @(
            @{ Label = 'no scope'; Parameters = @{}; Body = ''; Shown = 'no body' }
            @{ Label = '-Scope Once'; Parameters = @{ Scope = 'Once' }; Body = '{"scope":"once"}'; Shown = '{"scope":"once"}' }
            @{ Label = '-Scope Run -Reason'; Parameters = @{ Scope = 'Run'; Reason = 'order 1042' }; Body = '{"scope":"run","reason":"order 1042"}'; Shown = '{"scope":"run","reason":"order 1042"}' }
            @{ Label = '-Scope Window -Duration'; Parameters = @{ Scope = 'Window'; Duration = '01:30:00' }; Body = '{"scope":"agent_user_ttl","duration":"1h30m"}'; Shown = '{"scope":"agent_user_ttl","duration":"1h30m"}' }
        ) {
            $id = Add-AccessRequest @{ status = 'PENDING' }

            $approved = Approve-RAAccessRequest $id @Parameters -Confirm:$false

            $approved.Id | Should -BeExactly $id
            $approved.Status | Should -Be 'APPROVED'
            Get-Call | Should -BeExactly @("GET $(Get-TestPath $api Request -Id $id)", "POST $(Get-TestPath $api Approve -Id $id)")
            $post = (Get-Posted (Get-TestPath $api Approve -Id $id))[0]
            if ($Body) {
                $post.body | Should -BeExactly $Body
                $post.headers.'Content-Type' | Should -Match '^application/json'
            }
            else {
                # As the RunAgents CLI does: no scope asked for, no body sent.
                $post.body | Should -BeNullOrEmpty
            }
            if ($Parameters.Scope -eq 'Window') { $approved.ExpiresAt | Should -Not -BeNullOrEmpty }
        }

        It 'approves for a window given as <Given>, sending <Sent>' -ForEach @(
            @{ Given = '4h'; Duration = '4h'; Sent = '4h' }
            @{ Given = '90m'; Duration = '90m'; Sent = '1h30m' }
            @{ Given = '1h30m'; Duration = '1h30m'; Sent = '1h30m' }
            @{ Given = '45s'; Duration = '45s'; Sent = '45s' }
            @{ Given = 'the Go text the platform writes back'; Duration = '4h0m0s'; Sent = '4h' }
            @{ Given = 'TimeSpan text'; Duration = '04:00:00'; Sent = '4h' }
            @{ Given = 'a TimeSpan'; Duration = (New-TimeSpan -Minutes 90); Sent = '1h30m' }
            @{ Given = '30 days, the longest window'; Duration = '720h'; Sent = '720h' }
        ) {
            $id = Add-AccessRequest @{ status = 'PENDING' }

            $approved = Approve-RAAccessRequest $id -Scope Window -Duration $Duration -Force

            (Get-Posted (Get-TestPath $api Approve -Id $id))[0].body | Should -BeExactly "{`"scope`":`"agent_user_ttl`",`"duration`":`"$Sent`"}"
            $approved.Scope | Should -BeExactly 'Window'
            $approved.Duration | Should -BeOfType ([TimeSpan])
        }

        It 'refuses -Duration <Given> at binding, saying what to write, and sends nothing' -ForEach @(
            @{ Given = "'4', a number without a unit (four days as a TimeSpan)"; Duration = '4'; Words = "'4' is a number without a unit", '4h, 4m or 4s' }
            @{ Given = '4, a number'; Duration = 4; Words = '4 is a number without a unit' }
            @{ Given = "'2d', days"; Duration = '2d'; Words = 'no unit for days: write 48h' }
            @{ Given = "'soon'"; Duration = 'soon'; Words = "'soon' is not a duration", '1h30m' }
            @{ Given = 'over 30 days'; Duration = '721h'; Words = 'longer than 30 days (720h)' }
            @{ Given = 'a TimeSpan over 30 days'; Duration = (New-TimeSpan -Days 31); Words = '744h', 'longer than 30 days' }
            @{ Given = 'under a second'; Duration = '500ms'; Words = 'shorter than one second' }
        ) {
            $id = Add-AccessRequest @{ status = 'PENDING' }
            Get-RAMockJournal $server -Clear

            $refused = try { Approve-RAAccessRequest $id -Scope Window -Duration $Duration -Force } catch { $_ }

            $refused.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentTransformationError,RunAgents.PowerShell.Cmdlets.ApproveRAAccessRequestCommand'
            "$refused" | Should -Match "on parameter 'Duration'"
            foreach ($word in $Words) { "$refused" | Should -Match ([regex]::Escape($word)) }
            Get-Call | Should -BeNullOrEmpty
        }

        It 'reads Scope and Duration as -Scope and -Duration take them, so that Select-Object and CSV carry a decision to another request' {
            $ids = Add-AccessRequest @{ status = 'APPROVED'; scope = 'agent_user_ttl'; duration = '4h0m0s' }, @{ status = 'APPROVED'; scope = 'once' }, @{ status = 'PENDING' }, @{ status = 'PENDING' }, @{ status = 'PENDING' }, @{ status = 'PENDING' }
            $csv = Join-Path $TestDrive 'decisions.csv'

            $decided = Get-RAAccessRequest -Id $ids[0], $ids[1]
            $decided | Select-Object Scope, Duration | Export-Csv -LiteralPath $csv
            $i = 2
            Get-RAAccessRequest -Id $ids[0], $ids[1] | Select-Object Scope, Duration | ForEach-Object { Approve-RAAccessRequest $ids[$i++] -Scope $_.Scope -Duration $_.Duration -Force } | Out-Null
            Import-Csv -LiteralPath $csv | ForEach-Object { Approve-RAAccessRequest $ids[$i++] -Scope $_.Scope -Duration $_.Duration -Force } | Out-Null

            $decided[0].Scope | Should -BeExactly 'Window'
            $decided[0].Duration | Should -Be ([TimeSpan]::FromHours(4))
            $decided[0].DurationText | Should -BeNullOrEmpty
            $decided[1].Scope | Should -BeExactly 'Once'
            $decided[1].Duration | Should -BeNullOrEmpty
            (Import-Csv -LiteralPath $csv)[0].Duration | Should -BeExactly '04:00:00'
            foreach ($pair in @(@(2, 4), @(3, 5))) {
                $first, $second = $pair
                (Get-Posted (Get-TestPath $api Approve -Id $ids[$first]))[0].body | Should -BeExactly (Get-Posted (Get-TestPath $api Approve -Id $ids[$second]))[0].body
            }
            (Get-Posted (Get-TestPath $api Approve -Id $ids[2]))[0].body | Should -BeExactly '{"scope":"agent_user_ttl","duration":"4h"}'
            (Get-Posted (Get-TestPath $api Approve -Id $ids[3]))[0].body | Should -BeExactly '{"scope":"once"}'
        }

        It 'takes durations typed without quotes that PowerShell reads as numbers: 45s as seconds, 2d refused as days' {
            $ids = Add-AccessRequest @{ status = 'PENDING' }, @{ status = 'PENDING' }
            Get-RAMockJournal $server -Clear

            $approved = Approve-RAAccessRequest $ids[0] -Scope Window -Duration 45s -Force
            $refused = try { Approve-RAAccessRequest $ids[1] -Scope Window -Duration 2d -Force } catch { $_ }

            (Get-Posted (Get-TestPath $api Approve -Id $ids[0]))[0].body | Should -BeExactly '{"scope":"agent_user_ttl","duration":"45s"}'
            $approved.Duration | Should -Be ([TimeSpan]::FromSeconds(45))
            $refused.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentTransformationError,RunAgents.PowerShell.Cmdlets.ApproveRAAccessRequestCommand'
            "$refused" | Should -Match 'PowerShell reads 2d as the decimal 2\)\. Durations have no unit for days: write 48h'
            Get-Posted (Get-TestPath $api Approve -Id $ids[1]) | Should -BeNullOrEmpty
        }

        It 'refuses a bad -Duration under -WhatIf too, before any request' {
            $id = Add-AccessRequest @{ status = 'PENDING' }
            Get-RAMockJournal $server -Clear

            $refused = try { Approve-RAAccessRequest $id -Scope Window -Duration '4' -WhatIf } catch { $_ }

            $refused.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentTransformationError,RunAgents.PowerShell.Cmdlets.ApproveRAAccessRequestCommand'
            Get-Call | Should -BeNullOrEmpty
        }

        It 'keeps a duration it cannot read as the platform''s text, reads a scope it does not know as its text, and approves with neither' {
            $ids = Add-AccessRequest @{ status = 'APPROVED'; scope = 'agent_session'; duration = 'until revoked' }, @{ status = 'PENDING' }
            $odd = Get-RAAccessRequest -Id $ids[0]
            Get-RAMockJournal $server -Clear

            $refused = try { Approve-RAAccessRequest $ids[1] -Scope $odd.Scope -Force } catch { $_ }

            $odd.Scope | Should -BeExactly 'agent_session'
            $odd.Duration | Should -BeNullOrEmpty
            $odd.DurationText | Should -BeExactly 'until revoked'
            ($odd | Format-List | Out-String -Width 80) | Should -Match 'Duration\s+: until revoked'
            $refused.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentTransformationError,RunAgents.PowerShell.Cmdlets.ApproveRAAccessRequestCommand'
            "$refused" | Should -Match "'agent_session' is not a scope this module can approve with: -Scope takes Once, Run or Window"
            Get-Call | Should -BeNullOrEmpty
        }

        It 'denies by id, with a reason or none' {
            $ids = Add-AccessRequest @{ status = 'PENDING' }, @{ status = 'PENDING' }

            $plain = Deny-RAAccessRequest $ids[0] -Confirm:$false
            $reasoned = Deny-RAAccessRequest -Id $ids[1] -Reason 'not today' -Confirm:$false

            $plain.Status, $reasoned.Status | Should -Be @('REJECTED', 'REJECTED')
            Get-Call | Should -BeExactly @(
                "GET $(Get-TestPath $api Request -Id $ids[0])"
                "POST $(Get-TestPath $api Reject -Id $ids[0])"
                "GET $(Get-TestPath $api Request -Id $ids[1])"
                "POST $(Get-TestPath $api Reject -Id $ids[1])"
            )
            (Get-Posted (Get-TestPath $api Reject -Id $ids[0]))[0].body | Should -BeNullOrEmpty
            (Get-Posted (Get-TestPath $api Reject -Id $ids[1]))[0].body | Should -BeExactly '{"reason":"not today"}'
        }

        It 'decides a piped request on its own path without reading it again' {
            $ids = Add-AccessRequest @{ status = 'PENDING' }, @{ status = 'PENDING' }
            $first, $second = Get-RAAccessRequest -Id $ids
            Get-RAMockJournal $server -Clear

            $approved = $first | Approve-RAAccessRequest -Scope Once -Confirm:$false
            $denied = $second | Deny-RAAccessRequest -Reason 'no' -Confirm:$false

            $approved.Status | Should -Be 'APPROVED'
            $denied.Status | Should -Be 'REJECTED'
            Get-Call | Should -BeExactly @("POST $(Get-TestPath $api Approve -Id $ids[0])", "POST $(Get-TestPath $api Reject -Id $ids[1])")
        }

        It 'approves and denies nothing under -WhatIf' {
            $request = Start-PausedRun 'Refund order 2' | Get-RAAccessRequest
            Get-RAMockJournal $server -Clear

            $request | Approve-RAAccessRequest -WhatIf
            $request | Deny-RAAccessRequest -WhatIf
            Approve-RAAccessRequest $request.Id -Scope Run -WhatIf
            Deny-RAAccessRequest -Id $request.Id -Reason 'no' -WhatIf

            # Nothing for the piped request; for the one given by id, only the read that names its agent and
            # tool in the question. No decision.
            Get-Call | Should -BeExactly @("GET $(Get-TestPath $api Request -Id $request.Id)", "GET $(Get-TestPath $api Request -Id $request.Id)")
            (Get-RAAccessRequest -Id $request.Id).Status | Should -Be 'PENDING'
        }

        It 'refuses a request that is not pending in the platform''s words, and goes on with the next' {
            $ids = Add-AccessRequest @{ status = 'APPROVED' }, @{ status = 'PENDING' }, @{ status = 'REJECTED' }

            $approved = $ids[0], $ids[1] | ForEach-Object { [pscustomobject]@{ Id = $_ } } | Approve-RAAccessRequest -Confirm:$false -ErrorVariable approveErrors -ErrorAction SilentlyContinue
            Deny-RAAccessRequest $ids[2] -Confirm:$false -ErrorVariable denyErrors -ErrorAction SilentlyContinue

            $approved.Id | Should -BeExactly @($ids[1])
            $approveErrors.Count | Should -Be 1
            $approveErrors[0].FullyQualifiedErrorId | Should -BeExactly 'Conflict,RunAgents.PowerShell.Cmdlets.ApproveRAAccessRequestCommand'
            $approveErrors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            "$($approveErrors[0])" | Should -Match 'request is not pending'
            $denyErrors[0].FullyQualifiedErrorId | Should -BeExactly 'Conflict,RunAgents.PowerShell.Cmdlets.DenyRAAccessRequestCommand'
            "$($denyErrors[0])" | Should -Match 'request is not pending'
            Get-Call | Should -BeExactly @(
                "GET $(Get-TestPath $api Request -Id $ids[0])"
                "POST $(Get-TestPath $api Approve -Id $ids[0])"
                "GET $(Get-TestPath $api Request -Id $ids[1])"
                "POST $(Get-TestPath $api Approve -Id $ids[1])"
                "GET $(Get-TestPath $api Request -Id $ids[2])"
                "POST $(Get-TestPath $api Reject -Id $ids[2])"
            )
            (Get-ApiRequest $server).status | Should -Be @(200, 409, 200, 200, 200, 409)
        }

        It 'reports a request that does not exist and decides nothing' {
            Approve-RAAccessRequest ar-none -Confirm:$false -ErrorVariable approveErrors -ErrorAction SilentlyContinue
            Deny-RAAccessRequest ar-none -Confirm:$false -ErrorVariable denyErrors -ErrorAction SilentlyContinue

            $approveErrors[0].FullyQualifiedErrorId | Should -BeExactly 'AccessRequestNotFound,RunAgents.PowerShell.Cmdlets.ApproveRAAccessRequestCommand'
            $denyErrors[0].FullyQualifiedErrorId | Should -BeExactly 'AccessRequestNotFound,RunAgents.PowerShell.Cmdlets.DenyRAAccessRequestCommand'
            $approveErrors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Get-Call | Should -BeExactly @("GET $(Get-TestPath $api Request -Id ar-none)", "GET $(Get-TestPath $api Request -Id ar-none)")
        }
    }

    Context 'runs' {
        It 'runs the loop: a paused invoke, its request approved, the run completed, its answer read' {
            $a = Invoke-RAAgent finance payment-approver 'Refund order 1042' -WarningVariable warned -WarningAction SilentlyContinue
            $approved = $a | Get-RAAccessRequest | Approve-RAAccessRequest -Scope Run -Confirm:$false
            $run = $a | Wait-RARun -PollIntervalSec 1
            $answer = Get-RARunEvent -RunId $a.RunId -Type AGENT_MESSAGE

            $warned | Should -Match 'stripe-api'
            $approved.Status | Should -Be 'APPROVED'
            $approved.RunId | Should -BeExactly $a.RunId
            $run.Id | Should -BeExactly $a.RunId
            $run.Status | Should -Be 'COMPLETED'
            $answer.Summary | Should -Be 'Refund issued for: Refund order 1042'
            (Get-Posted (Get-TestPath $api Approve -Id $approved.Id))[0].body | Should -BeExactly '{"scope":"run"}'

            $calls = @(Get-Call)
            $start = @(
                # On v1 the namespace typed is checked first: payment-approver lives in finance.
                if ($api.ByName) { "GET $(Get-TestPath $api Agent -Name payment-approver)" }
                "POST $(Get-TestPath $api Invoke -Namespace finance -Name payment-approver)"
                "GET $(Get-TestPath $api Requests)"
                if (-not $api.ByName) { "GET $(Get-TestPath $api Runs)?status=PAUSED_APPROVAL" }
                "POST $(Get-TestPath $api Approve -Id $approved.Id)"
            )
            $run.Message | Should -BeExactly 'Refund order 1042'
            $run.Answer | Should -BeExactly 'Refund issued for: Refund order 1042'
            $calls | Select-Object -First $start.Count | Should -BeExactly $start
            $events = "GET $(Get-TestPath $api RunEvents -Id $a.RunId)?limit=500"
            $calls[-1] | Should -BeExactly $events
            # Wait-RARun polls the run (and, while it still reads paused, looks up its request) until it completes,
            # then reads its events once for the answer.
            $waiting = @($calls | Select-Object -Skip $start.Count | Select-Object -SkipLast 2)
            $runPath = "GET $(Get-TestPath $api Run -Id $a.RunId)"
            $calls[-2] | Should -BeExactly $events
            $waiting[0] | Should -BeExactly $runPath
            $waiting[-1] | Should -BeExactly $runPath
            $list = Get-TestPath $api Requests
            $waiting | Where-Object { $_ -cne $runPath -and $_ -cne "GET $list`?status=PENDING" -and $_ -cne "GET $list`?status=APPROVED" } | Should -BeNullOrEmpty
        }

        It 'pauses for approval from namespace/name, from a piped agent, and from the name alone where v1 allows it' {
            $a = Invoke-RAAgent finance/payment-approver -Message 'Refund order 21' -WarningAction SilentlyContinue
            $agent = Get-RAAgent finance payment-approver
            $b = $agent | Invoke-RAAgent -Message 'Refund order 22' -WarningAction SilentlyContinue
            $refused = $null
            $c = try { Invoke-RAAgent -Name payment-approver -Message 'Refund order 23' -WarningAction SilentlyContinue -ErrorAction Stop } catch { $refused = $_ }
            $requests = Get-RAAccessRequest

            $invoke = "POST $(Get-TestPath $api Invoke -Namespace finance -Name payment-approver)"
            if ($api.ByName) {
                $refused | Should -BeNullOrEmpty
                $requests.RunId | Should -BeExactly @($a.RunId, $b.RunId, $c.RunId)
                # The typed namespace and the piped agent's are each checked with one GET; the name alone needs none.
                Get-Call | Should -BeExactly @(
                    "GET $(Get-TestPath $api Agent -Name payment-approver)", $invoke
                    "GET $(Get-TestPath $api Agent -Name payment-approver)"
                    "GET $(Get-TestPath $api Agent -Name payment-approver)", $invoke
                    $invoke
                    "GET $(Get-TestPath $api Requests)"
                )
            }
            else {
                # Refused before any request.
                $refused.FullyQualifiedErrorId | Should -BeExactly 'NamespaceRequired,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'
                $requests.RunId | Should -BeExactly @($a.RunId, $b.RunId)
                Get-Call | Should -BeExactly @(
                    $invoke
                    "GET $(Get-TestPath $api Agent -Namespace finance -Name payment-approver)", $invoke
                    "GET $(Get-TestPath $api Requests)"
                    "GET $(Get-TestPath $api Runs)?status=PAUSED_APPROVAL"
                )
            }
        }

        It 'opens no access request and starts no run for an agent that is not in the namespace given' {
            Invoke-RAAgent support payment-approver 'Refund order 24' -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'
            if ($api.ByName) {
                # v1 finds payment-approver by name in finance, and says so; no invoke is sent.
                "$($errors[0])" | Should -Match "namespace 'finance'"
                Get-Call | Should -BeExactly @("GET $(Get-TestPath $api Agent -Name payment-approver)")
            }
            else {
                Get-Call | Should -BeExactly @("POST $(Get-TestPath $api Invoke -Namespace support -Name payment-approver)")
            }
            Get-RAAccessRequest -Status * | Should -BeNullOrEmpty
            Get-RARun -Agent payment-approver | Should -BeNullOrEmpty
        }

        It 'denies with a reason, and Wait-RARun reports the failed run with why' {
            $a = Start-PausedRun 'Refund order 3'
            $request = $a | Get-RAAccessRequest
            $null = $request | Deny-RAAccessRequest -Reason 'Order 3 was refunded last week.' -Confirm:$false
            Get-RAMockJournal $server -Clear

            $a | Wait-RARun -PollIntervalSec 1 -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'RunFailed,RunAgents.PowerShell.Cmdlets.WaitRARunCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            "$($errors[0])" | Should -BeExactly "Run '$($a.RunId)' of agent 'payment-approver' failed: admin@example.com denied its call of stripe-api: Order 3 was refunded last week."
            # One look at the run, then its events for the reason.
            Get-Call | Select-Object -First 2 | Should -BeExactly @("GET $(Get-TestPath $api Run -Id $a.RunId)", "GET $(Get-TestPath $api RunEvents -Id $a.RunId)?limit=500")
            Get-Call | Select-Object -Skip 1 | Select-Object -Unique | Should -BeExactly "GET $(Get-TestPath $api RunEvents -Id $a.RunId)?limit=500"
        }

        It 'says at once that a run waits for approval, naming the request, and times out while nobody approves' {
            $a = Start-PausedRun 'Refund order 7'
            $request = $a | Get-RAAccessRequest
            Get-RAMockJournal $server -Clear

            $a | Wait-RARun -Timeout 1 -PollIntervalSec 1 -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable errors -ErrorAction SilentlyContinue

            $warned.Count | Should -Be 1
            "$warned" | Should -Match ([regex]::Escape("To let it go on: Approve-RAAccessRequest -Id $($request.Id)."))
            "$warned" | Should -Match "tool 'stripe-api'"
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'WaitTimeout,RunAgents.PowerShell.Cmdlets.WaitRARunCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $calls = @(Get-Call)
            $calls | Select-Object -First 2 | Should -BeExactly @("GET $(Get-TestPath $api Run -Id $a.RunId)", "GET $(Get-TestPath $api Requests)?status=PENDING")
            $calls | Select-Object -Skip 2 | Where-Object { $_ -cne "GET $(Get-TestPath $api Run -Id $a.RunId)" } | Should -BeNullOrEmpty
        }

        It 'says the run''s status at each poll under -Verbose' {
            $a = Start-PausedRun 'Refund order 12'
            Get-RAMockJournal $server -Clear
            $said = "^Run '$([regex]::Escape($a.RunId))' is (\w+) after [\d.]+ s\.$"

            $paused = @($a | Wait-RARun -Timeout 2 -PollIntervalSec 1 -Verbose -WarningAction SilentlyContinue -ErrorAction SilentlyContinue 4>&1 |
                    ForEach-Object Message | Where-Object { $_ -match $said } | ForEach-Object { $_ -replace $said, '$1' })
            $polls = @(Get-Call | Where-Object { $_ -ceq "GET $(Get-TestPath $api Run -Id $a.RunId)" }).Count
            $null = $a | Get-RAAccessRequest | Approve-RAAccessRequest -Force
            $resumed = @($a | Wait-RARun -PollIntervalSec 1 -Verbose 4>&1 |
                    Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } |
                    ForEach-Object Message | Where-Object { $_ -match $said } | ForEach-Object { $_ -replace $said, '$1' })

            $polls | Should -BeGreaterOrEqual 2
            $paused | Should -BeExactly (@('PAUSED_APPROVAL') * $polls)
            $resumed[-1] | Should -BeExactly 'COMPLETED'
        }

        It 'writes a completed run after one look, and reports a run that does not exist' {
            $a = Invoke-RAAgent support support-triage ping
            Get-RAMockJournal $server -Clear

            $run = $a | Wait-RARun
            Wait-RARun run-none -ErrorVariable errors -ErrorAction SilentlyContinue

            $run.Id | Should -BeExactly $a.RunId
            $run.Status | Should -Be 'COMPLETED'
            $run.Answer | Should -BeExactly 'Echo: ping'
            $run.Message | Should -BeExactly 'ping'
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'RunNotFound,RunAgents.PowerShell.Cmdlets.WaitRARunCommand'
            # The completed run, then its events once for the answer.
            Get-Call | Should -BeExactly @(
                "GET $(Get-TestPath $api Run -Id $a.RunId)"
                "GET $(Get-TestPath $api RunEvents -Id $a.RunId)?limit=500"
                "GET $(Get-TestPath $api Run -Id run-none)"
            )
        }

        It 'lists only running runs without -Status, every status with -Status *, and an agent''s runs with -Agent' {
            $null = Invoke-RAAgent support support-triage ping
            Get-RAMockJournal $server -Clear

            @(Get-RARun).Count | Should -Be 0
            @(Get-RARun -Status *).Status | Should -Contain 'COMPLETED'
            (Get-RARun -Agent support-triage).Status | Should -Be 'COMPLETED'
            Get-RARun -Agent support-triage -Status FAILED | Should -BeNullOrEmpty

            # -Agent finds the agent in the platform's list first, so that one that does not exist is an error.
            $runs = Get-TestPath $api Runs
            Get-Call | Should -BeExactly @(
                "GET $runs"
                "GET $runs`?status=RUNNING"
                "GET $runs`?status=PAUSED_APPROVAL"
                "GET $runs`?status=PAUSED_CONSENT"
                "GET $runs`?status=COMPLETED"
                "GET $runs`?status=FAILED"
                "GET $(Get-TestPath $api Agents)"
                "GET $runs`?agent_id=support-triage"
                "GET $(Get-TestPath $api Agents)"
                "GET $runs`?agent_id=support-triage&status=FAILED"
            )
        }

        It 'gets the runs of the agents that wildcards, namespace/name and names select, newest first, each agent asked for once' {
            $triage = Invoke-RAAgent support support-triage ping
            $invoices = Invoke-RAAgent finance invoice-processor ping
            $expenses = Invoke-RAAgent finance expense-auditor ping
            $null = Invoke-RAAgent finance payment-approver 'What is the status of order 7?'
            Get-RAMockJournal $server -Clear

            $found = Get-RARun -Agent 'invoice*', finance/expense-auditor, support-triage, 'INVOICE-*' -ErrorVariable errors

            $errors | Should -BeNullOrEmpty
            $found.Id | Should -BeExactly @($expenses.RunId, $invoices.RunId, $triage.RunId)
            $found | ForEach-Object { $_ | Should -BeOfType ([RunAgents.PowerShell.Models.Run]) }
            $runs = Get-TestPath $api Runs
            Get-Call | Should -BeExactly @(
                "GET $(Get-TestPath $api Agents)"
                "GET $runs`?agent_id=expense-auditor"
                "GET $runs`?agent_id=invoice-processor"
                "GET $runs`?agent_id=support-triage"
            )
        }

        It 'lists runs newest first, and pages through them with -First and -Skip' {
            $now = [DateTimeOffset]::UtcNow
            $null = Invoke-RAMock $server POST runs @(
                foreach ($i in 1..5) {
                    @{ id = "run-p$i"; agent_id = 'payment-approver'; namespace = 'finance'; status = 'COMPLETED'; created_at = $now.AddMinutes($i - 10).ToString('o') }
                }
            )
            Get-RAMockJournal $server -Clear

            (Get-RARun -Status COMPLETED).Id | Should -BeExactly @('run-p5', 'run-p4', 'run-p3', 'run-p2', 'run-p1')
            (Get-RARun -Status COMPLETED -First 2).Id | Should -BeExactly @('run-p5', 'run-p4')
            (Get-RARun -Status COMPLETED -Skip 3).Id | Should -BeExactly @('run-p2', 'run-p1')
            (Get-RARun -Status COMPLETED -Skip 1 -First 2).Id | Should -BeExactly @('run-p4', 'run-p3')
            @(Get-RARun -Status COMPLETED -Skip 5) | Should -BeNullOrEmpty
            # The platform's list has no pages: each listing is one request.
            Get-Call | Select-Object -Unique | Should -BeExactly "GET $(Get-TestPath $api Runs)?status=COMPLETED"
            @(Get-Call).Count | Should -Be 5
        }

        It 'refuses -First <First> and -Skip <Skip> before any request' -ForEach @(
            @{ First = 0; Skip = 0; Parameter = 'First' }
            @{ First = 1; Skip = -1; Parameter = 'Skip' }
        ) {
            Get-RAMockJournal $server -Clear

            { Get-RARun -Status * -First $First -Skip $Skip } | Should -Throw -ErrorId "ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.GetRARunCommand" -ExpectedMessage "*'$Parameter'*"
            Get-Call | Should -BeNullOrEmpty
        }

        It 'shows who asked what in the tables of runs and requests, from the list alone, at 80 columns' {
            $a = Start-PausedRun 'Refund order 1042'
            Get-RAMockJournal $server -Clear

            $runs = Get-RARun -Status * | Format-Table | Out-String -Width 80
            $requests = Get-RAAccessRequest | Format-Table | Out-String -Width 80

            # The namespaced API gives a run's message in its lists; v1's runs do not carry it, so the lists leave it empty.
            $message, $cut = if ($api.ByName) { '', '' } else { 'Refund order 1042', 'Refund order…' }
            $runs | Should -Match "(?m)^$($a.RunId)\s+PAUSED_APPROVAL user@example\.com payment-approver\s+$([regex]::Escape($message))\s*$"
            $requests | Should -Match "(?m)^ar-\d+\s+PENDING  user@example\.com payment-approver stripe-api\s+$([regex]::Escape($cut))\s*$"
            ($runs + $requests) -split '\r?\n' | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            Get-Call | Should -BeExactly @(
                foreach ($status in 'RUNNING', 'PAUSED_APPROVAL', 'PAUSED_CONSENT', 'COMPLETED', 'FAILED') { "GET $(Get-TestPath $api Runs)?status=$status" }
                "GET $(Get-TestPath $api Requests)"
                if (-not $api.ByName) { "GET $(Get-TestPath $api Runs)?status=PAUSED_APPROVAL" }
            )
        }

        It 'reads the message of one run from its events where the platform does not give it' {
            $a = Start-PausedRun 'Refund order 1042'
            Get-RAMockJournal $server -Clear

            $run = Get-RARun -Id $a.RunId

            $run.Message | Should -BeExactly 'Refund order 1042'
            $run.Answer | Should -BeNullOrEmpty
            Get-Call | Should -BeExactly @(
                "GET $(Get-TestPath $api Run -Id $a.RunId)"
                if ($api.ByName) { "GET $(Get-TestPath $api RunEvents -Id $a.RunId)?limit=500" }
            )
        }

        It '-Namespace keeps the runs of the agents in it, with -Agent or alone' {
            $null = Invoke-RAAgent support support-triage ping
            $invoices = Invoke-RAAgent finance invoice-processor ping
            Get-RAMockJournal $server -Clear

            $finance = Get-RARun -Namespace finance
            $wildcard = Get-RARun -Namespace 'sup*' -Agent '*invoice*'

            $finance.Id | Should -BeExactly @($invoices.RunId)
            $wildcard | Should -BeNullOrEmpty
            $runs = Get-TestPath $api Runs
            Get-Call | Should -BeExactly @(
                "GET $(Get-TestPath $api Agents)"
                "GET $runs`?agent_id=expense-auditor"
                "GET $runs`?agent_id=fraud-detector"
                "GET $runs`?agent_id=invoice-processor"
                "GET $runs`?agent_id=payment-approver"
                "GET $(Get-TestPath $api Agents)"
            )
        }

        It 'reports an exact agent that does not exist, or is not in the namespace given, as AgentNotFound, and a wildcard that matches nothing not at all' {
            $null = Invoke-RAAgent finance payment-approver 'What is the status of order 7?'
            Get-RAMockJournal $server -Clear

            $found = Get-RARun -Agent ledger-agent, 'ledger*' -ErrorVariable errors -ErrorAction SilentlyContinue
            Get-RARun -Agent payment-approver -Namespace support -ErrorVariable +errors -ErrorAction SilentlyContinue
            Get-RARun -Agent support/payment-approver -ErrorVariable +errors -ErrorAction SilentlyContinue
            $caught = try { Get-RARun -Agent ledger-agent -ErrorAction Stop } catch [System.Management.Automation.ItemNotFoundException] { $_ }

            $found | Should -BeNullOrEmpty
            $errors.Count | Should -Be 3
            $errors | ForEach-Object {
                $_.FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRARunCommand'
                $_.CategoryInfo.Category | Should -Be 'ObjectNotFound'
                $_.Exception | Should -BeOfType ([System.Management.Automation.ItemNotFoundException])
            }
            "$($errors[0])" | Should -BeExactly "Cannot find an agent named 'ledger-agent', so it has no runs."
            $errors[0].TargetObject | Should -BeExactly 'ledger-agent'
            "$($errors[1])" | Should -BeExactly "Cannot find an agent named 'payment-approver' in namespace 'support', so it has no runs."
            $errors[2].TargetObject | Should -BeExactly 'support/payment-approver'
            $caught.FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.GetRARunCommand'
            # Only the list of agents: no runs of an agent that is not there.
            Get-Call | Select-Object -Unique | Should -BeExactly "GET $(Get-TestPath $api Agents)"
        }

        It 'writes nothing and no error for a wildcard agent in an exact namespace without agents, and NamespaceNotFound for that namespace alone' {
            $found = Get-RARun -Namespace ci -Agent 'pr-*' -Status * -ErrorVariable quiet
            Get-RARun -Namespace ci -ErrorVariable errors -ErrorAction SilentlyContinue

            $found | Should -BeNullOrEmpty
            $quiet | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'NamespaceNotFound,RunAgents.PowerShell.Cmdlets.GetRARunCommand'
            $errors[0].TargetObject | Should -BeExactly 'ci'
            Get-Call | Should -BeExactly @("GET $(Get-TestPath $api Agents)", "GET $(Get-TestPath $api Agents)")
        }

        It 'refuses a value that cannot be a name, and -Agent beside piped objects, before any request' {
            $refused = try { Get-RARun -Agent "bad`e[31mname" } catch { $_ }
            $twice = try { Get-RAAgent finance/payment-approver | Get-RARun -Namespace finance } catch { $_ }

            $refused.FullyQualifiedErrorId | Should -BeExactly 'InvalidAgentName,RunAgents.PowerShell.Cmdlets.GetRARunCommand'
            "$refused" | Should -Match ([regex]::Escape("-Agent 'bad\u001b[31mname' cannot be a name"))
            $twice.FullyQualifiedErrorId | Should -BeExactly 'InputNamedTwice,RunAgents.PowerShell.Cmdlets.GetRARunCommand'
            @(Get-Call | Where-Object { $_ -notlike "GET $(Get-TestPath $api Agent -Namespace finance -Name payment-approver)" }) | Should -BeNullOrEmpty
        }

        It 'completes -Agent from the platform''s agents within -Namespace, and -Namespace from its namespaces' {
            (Get-Completion 'Get-RARun -Namespace finance -Agent ').CompletionText | Should -BeExactly @('expense-auditor', 'fraud-detector', 'invoice-processor', 'payment-approver')
            (Get-Completion 'Get-RARun -Agent pay').CompletionText | Should -BeExactly @('payment-agent', 'payment-approver')
            (Get-Completion 'Get-RARun -Namespace su').CompletionText | Should -BeExactly @('support')

            # The agents' list at most, which completion keeps for a few seconds.
            @(Get-Call | Where-Object { $_ -cne "GET $(Get-TestPath $api Agents)" }) | Should -BeNullOrEmpty
        }

        It 'gets the run of a piped invoke answer, and reports a run that does not exist' {
            $a = Invoke-RAAgent support support-triage ping
            Get-RAMockJournal $server -Clear

            $run = $a | Get-RARun
            Get-RARun -RunId run-none -ErrorVariable errors -ErrorAction SilentlyContinue

            $run.Id | Should -BeExactly $a.RunId
            $run.Agent | Should -BeExactly 'support-triage'
            $run.Namespace | Should -BeExactly 'support'
            $run.Message | Should -BeExactly 'ping'
            $run.Answer | Should -BeExactly 'Echo: ping'
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'RunNotFound,RunAgents.PowerShell.Cmdlets.GetRARunCommand'
            # A completed run read by itself: its events too, for the answer.
            Get-Call | Should -BeExactly @(
                "GET $(Get-TestPath $api Run -Id $a.RunId)"
                "GET $(Get-TestPath $api RunEvents -Id $a.RunId)?limit=500"
                "GET $(Get-TestPath $api Run -Id run-none)"
            )
            (Get-ApiRequest $server).status | Should -Be @(200, 200, 404)
        }

        It '<Command> takes two run ids by position and as -Id, and asks for both' -ForEach @(
            @{ Command = 'Get-RARun'; Route = 'Run'; Query = '' }
            @{ Command = 'Get-RARunEvent'; Route = 'RunEvents'; Query = '?limit=500' }
            @{ Command = 'Wait-RARun'; Route = 'Run'; Query = '' }
        ) {
            $a = Invoke-RAAgent support support-triage ping
            $b = Invoke-RAAgent support support-triage pong
            Get-RAMockJournal $server -Clear

            $byPosition = & $Command $a.RunId, $b.RunId
            $byId = & $Command -Id $b.RunId, $a.RunId

            if ($Command -eq 'Get-RARunEvent') {
                ($byPosition | Where-Object Type -EQ AGENT_MESSAGE).Data.content | Should -BeExactly @('Echo: ping', 'Echo: pong')
                ($byId | Where-Object Type -EQ AGENT_MESSAGE).Data.content | Should -BeExactly @('Echo: pong', 'Echo: ping')
            }
            else {
                $byPosition.Id | Should -BeExactly @($a.RunId, $b.RunId)
                $byId.Id | Should -BeExactly @($b.RunId, $a.RunId)
            }
            # A completed run read by id is read with its events, for its answer: tested on their own.
            Get-Call | Where-Object { $Command -eq 'Get-RARunEvent' -or $_ -notmatch '/events' } | Should -BeExactly @(
                "GET $(Get-TestPath $api $Route -Id $a.RunId)$Query"
                "GET $(Get-TestPath $api $Route -Id $b.RunId)$Query"
                "GET $(Get-TestPath $api $Route -Id $b.RunId)$Query"
                "GET $(Get-TestPath $api $Route -Id $a.RunId)$Query"
            )
        }

        It 'reads a run''s events in order, keeps those -Type and -Last ask for, and reports a run that does not exist' {
            $a = Invoke-RAAgent support support-triage ping
            Get-RAMockJournal $server -Clear

            $events = Get-RARunEvent $a.RunId
            $last = Get-RARunEvent -RunId $a.RunId -Type *_MESSAGE -Last 1
            Get-RARunEvent run-none -ErrorVariable errors -ErrorAction SilentlyContinue

            $events.Type | Should -BeExactly @('RUN_CREATED', 'USER_MESSAGE', 'INVOKE_REQUESTED', 'AGENT_MESSAGE', 'COMPLETED')
            $events.Sequence | Should -Be @(1, 2, 3, 4, 5)
            $last.Type | Should -BeExactly 'AGENT_MESSAGE'
            $last.Data.content | Should -BeExactly 'Echo: ping'
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'RunNotFound,RunAgents.PowerShell.Cmdlets.GetRARunEventCommand'
            Get-Call | Should -BeExactly @(
                "GET $(Get-TestPath $api RunEvents -Id $a.RunId)?limit=500"
                "GET $(Get-TestPath $api RunEvents -Id $a.RunId)?limit=500"
                "GET $(Get-TestPath $api RunEvents -Id run-none)?limit=500"
            )
        }

        It 'gives the events of several runs their RunId, and shows them run by run in sentences at 80 columns' {
            $first = Invoke-RAAgent support support-triage ping
            $second = Start-PausedRun 'Refund order 1042'
            Get-RAMockJournal $server -Clear

            $events = Get-RARunEvent $first.RunId, $second.RunId
            $lines = @(($events | Out-String -Width 80) -replace "$([char]27)\[[0-9;]*m" -split '\r?\n' | Where-Object { $_.Trim() })

            $events | Select-Object -ExpandProperty RunId -Unique | Should -BeExactly @($first.RunId, $second.RunId)
            ($lines -match '^\s*Run: ') | ForEach-Object { $_.Trim() } | Should -BeExactly @("Run: $($first.RunId)", "Run: $($second.RunId)")
            $at = [array]::IndexOf($lines, ($lines -match "^\s*Run: $($second.RunId)$")[0])
            @($lines[0..($at - 1)] -match '\sCOMPLETED\s+Run completed$') | Should -HaveCount 1
            @($lines[$at..($lines.Count - 1)] -match '\sAPPROVAL_REQUIRED\s+Approval required for stripe-api$') | Should -HaveCount 1
            # Today's events show the time alone.
            @($lines[$at..($lines.Count - 1)] -match '^\s+1 \d\d:\d\d:\d\d\s+RUN_CREATED\s') | Should -HaveCount 1
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            $lines -join "`n" | Should -Not -Match 'tool id|tool_id'
        }
    }
}
