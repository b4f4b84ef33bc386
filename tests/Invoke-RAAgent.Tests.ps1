# Invoke-RAAgent: what goes over the wire, what comes back, and in parallel, on both API generations.

BeforeDiscovery {
    # The ways a user names one agent with its namespace: each is called as & $Invoke <namespace> <message>.
    $namings = @(
        @{ Form = 'positional namespace and name'; Invoke = { param($Ns, $Text) Invoke-RAAgent $Ns invoice-processor $Text } }
        @{ Form = '-Namespace and -Name'; Invoke = { param($Ns, $Text) Invoke-RAAgent -Namespace $Ns -Name invoice-processor -Message $Text } }
        @{ Form = 'positional namespace/name'; Invoke = { param($Ns, $Text) Invoke-RAAgent "$Ns/invoice-processor" $Text } }
        @{ Form = '-Name namespace/name'; Invoke = { param($Ns, $Text) Invoke-RAAgent -Name "$Ns/invoice-processor" -Message $Text } }
        @{ Form = 'a hand-made object piped in'; Invoke = { param($Ns, $Text) [pscustomobject]@{ Namespace = $Ns; Name = 'invoice-processor' } | Invoke-RAAgent -Message $Text } }
    )
}

Describe 'Invoke-RAAgent on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $api = New-TestApi $Generation $server
        Connect-TestServer $api

        $invokeError = 'RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'

        function Get-Post {
            @((Get-ApiRequest $server) | Where-Object method -EQ 'POST')
        }

        function Get-Sent {
            # Every request the server received, as 'METHOD rawTarget', oldest first.
            param($Server = $server)
            @(Get-RAMockJournal $Server | ForEach-Object { '{0} {1}' -f $_.method, $_.rawTarget })
        }

        function Get-Expected {
            # 'METHOD rawTarget' of an operation on this test's API, as Get-Sent shows it.
            param([string] $Method, [string] $Operation, [string] $Namespace, [string] $Name, [string] $Id, $Api = $api)
            '{0} {1}' -f $Method, (Get-TestPath $Api $Operation -Namespace $Namespace -Name $Name -Id $Id)
        }

        function Get-Checked {
            # What invoking a named agent sends: on v1, where no path carries the namespace, the agent is read
            # first to check the namespace that was given; on the namespaced API only the invoke.
            param([string] $Namespace, [string] $Name)
            if ($api.ByName) { Get-Expected GET Agent -Namespace $Namespace -Name $Name }
            Get-Expected POST Invoke -Namespace $Namespace -Name $Name
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    AfterEach {
        # No request of any test went to a path of the other generation.
        Get-ForeignRequest $server $api | Should -BeNullOrEmpty
    }

    Context 'messages' {
        It 'sends the message and conversation id as JSON to .../invoke' {
            $answer = Invoke-RAAgent -Namespace finance -Name invoice-processor -Message 'What is due?' -ConversationId 'conv-123'

            Get-Sent | Should -BeExactly @(Get-Checked finance invoice-processor)
            $post = Get-Post
            $post.Count | Should -Be 1
            $post[0].rawTarget | Should -BeExactly (Get-TestPath $api Invoke -Namespace finance -Name invoice-processor)
            $post[0].headers.'Content-Type' | Should -Match '^application/json'
            $post[0].headers.Authorization | Should -BeExactly 'Bearer <redacted>'
            Get-HeaderName $post[0] | Should -Not -Contain 'X-RunAgents-API-Key'
            $body = $post[0].body | ConvertFrom-Json
            $body.message | Should -BeExactly 'What is due?'
            $body.conversation_id | Should -BeExactly 'conv-123'
            $answer.ConversationId | Should -Be 'conv-123'
        }

        It 'sends only the message when no conversation id is given' {
            $null = Invoke-RAAgent finance invoice-processor 'hello'

            $body = (Get-Post)[0].body | ConvertFrom-Json -AsHashtable
            $body.Keys | Should -Be 'message'
            $body.message | Should -BeExactly 'hello'
        }

        It 'sends the text of a file piped in as the message' {
            $prompt = Join-Path $TestDrive 'prompt.txt'
            Set-Content -LiteralPath $prompt -Value "First line.`nSecond line." -NoNewline

            $answer = Get-Content -LiteralPath $prompt -Raw | Invoke-RAAgent finance invoice-processor

            Get-Sent | Should -BeExactly @(Get-Checked finance invoice-processor)
            $post = Get-Post
            $post.Count | Should -Be 1
            ($post[0].body | ConvertFrom-Json).message | Should -BeExactly "First line.`nSecond line."
            $answer.Response | Should -BeExactly "Echo: First line.`nSecond line."
        }

        It 'continues a conversation when an answer is piped back, or its ConversationId passed on' {
            $first = Invoke-RAAgent finance invoice-processor 'text:no id in this answer' -NewConversation
            $second = $first | Invoke-RAAgent -Message 'And then?'
            $null = Invoke-RAAgent finance invoice-processor -Message 'Last.' -ConversationId $second.ConversationId

            $ids = (Get-Post).body | ConvertFrom-Json | ForEach-Object conversation_id
            $ids.Count | Should -Be 3
            $ids[0] | Should -Not -BeNullOrEmpty
            $ids | Should -Be @($ids[0], $ids[0], $ids[0])
            $first.ConversationId | Should -Be $ids[0]
            $second.Agent | Should -BeExactly 'finance/invoice-processor'
            (Get-Post).rawTarget | Should -BeExactly (@(Get-TestPath $api Invoke -Namespace finance -Name invoice-processor) * 3)
            # On v1 the namespace of an answer piped back is checked like a typed one: two agents may share the name.
            Get-Sent | Should -BeExactly @(
                Get-Checked finance invoice-processor
                Get-Checked finance invoice-processor
                Get-Checked finance invoice-processor
            )
        }

        It 'returns an answer that says which agent answered, with what status' {
            $answer = Invoke-RAAgent finance invoice-processor 'hello'

            $answer | Should -BeOfType ([RunAgents.PowerShell.Models.AgentResponse])
            $answer.Agent | Should -Be 'finance/invoice-processor'
            $answer.Namespace | Should -Be 'finance'
            $answer.Name | Should -Be 'invoice-processor'
            $answer.StatusCode | Should -Be 200
            $answer.Response | Should -BeExactly 'Echo: hello'
            $answer.Model | Should -Be 'claude-3-5-haiku-20241022'
            $answer.RequestId | Should -Match '^req-\d+$'
            $answer.RunId | Should -Match '^run-\d+$'
            $answer.Usage.prompt_tokens | Should -BeGreaterThan 0
            $answer.Body.agent | Should -Be 'finance/invoice-processor'
            $answer.ToString() | Should -BeExactly 'Echo: hello'
        }

        It 'keeps a plain-text answer as text' {
            $answer = Invoke-RAAgent finance invoice-processor 'text:just words'

            $answer.Response | Should -BeExactly 'just words'
            $answer.ContentType | Should -Match 'text/plain'
        }
    }

    Context 'naming the agent' {
        It 'invokes finance/invoice-processor named as <Form>' -ForEach $namings {
            $answer = & $Invoke finance 'hello'

            # On v1 a namespace that was given is checked by reading the agent first: a hand-made object's too.
            Get-Sent | Should -BeExactly @(Get-Checked finance invoice-processor)
            ((Get-Post)[0].body | ConvertFrom-Json).message | Should -BeExactly 'hello'
            $answer.Agent | Should -BeExactly 'finance/invoice-processor'
            $answer.Response | Should -BeExactly 'Echo: hello'
        }

        It 'invokes nothing for support/invoice-processor named as <Form>, as the agent lives in finance' -ForEach $namings {
            $output = & $Invoke support 'hi' 2>&1

            $errors = @($output | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
            @($output | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly "AgentNotFound,$invokeError"
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'support/invoice-processor'
            if ($api.ByName) {
                # v1 finds invoice-processor by name (in finance): it is read, found elsewhere, and never invoked.
                Get-Sent | Should -BeExactly @(Get-Expected GET Agent -Name invoice-processor)
                $errors[0].ToString() | Should -Match "in namespace 'finance'"
            }
            else {
                Get-Sent | Should -BeExactly @(Get-Expected POST Invoke -Namespace support -Name invoice-processor)
            }
        }

        It 'invokes an agent by its name alone where the platform addresses agents by name, and needs a namespace elsewhere' {
            if ($api.ByName) {
                $answer = Invoke-RAAgent -Name invoice-processor -Message 'hi'

                Get-Sent | Should -BeExactly @(Get-Expected POST Invoke -Name invoice-processor)
                ((Get-Post)[0].body | ConvertFrom-Json).message | Should -BeExactly 'hi'
                $answer.Response | Should -BeExactly 'Echo: hi'
                # It was named alone, so it answers as the name alone.
                $answer.Agent | Should -BeExactly 'invoice-processor'
                $answer.Name | Should -BeExactly 'invoice-processor'
                $answer.Namespace | Should -BeNullOrEmpty
            }
            else {
                { Invoke-RAAgent -Name invoice-processor -Message 'hi' } | Should -Throw -ErrorId "NamespaceRequired,$invokeError"
                Get-Sent | Should -BeNullOrEmpty
            }
        }

        It 'continues a conversation with an agent named alone when its answer is piped back (namespaced: NamespaceRequired)' {
            if ($api.ByName) {
                $first = Invoke-RAAgent -Name invoice-processor -Message 'Open the ledger.' -NewConversation
                $second = $first | Invoke-RAAgent -Message 'And close it.'

                Get-Sent | Should -BeExactly (@(Get-Expected POST Invoke -Name invoice-processor) * 2)
                $ids = (Get-Post).body | ConvertFrom-Json | ForEach-Object conversation_id
                $ids[0] | Should -Not -BeNullOrEmpty
                $ids[1] | Should -BeExactly $ids[0]
                $second.ConversationId | Should -BeExactly $ids[0]
                $second.Agent | Should -BeExactly 'invoice-processor'
                $second.Response | Should -BeExactly 'Echo: And close it.'
            }
            else {
                { Invoke-RAAgent -Name invoice-processor -Message 'Open the ledger.' -NewConversation } | Should -Throw -ErrorId "NamespaceRequired,$invokeError"
                Get-Sent | Should -BeNullOrEmpty
            }
        }

        It 'says how to name the agent alone when a positional agent and message bind as namespace and name, and sends nothing' {
            # Positions are Namespace, Name, Message on both generations, so the message is missing here.
            $caught = { Invoke-RAAgent invoice-processor 'hi' } | Should -Throw -ErrorId "MessageRequired,$invokeError" -PassThru
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
            if ($api.ByName) {
                $caught.Exception.Message | Should -BeLike "*if 'invoice-processor' is the agent and 'hi' the message, write Invoke-RAAgent -Name 'invoice-processor' -Message 'hi'."
            }
            else {
                $caught.Exception.Message | Should -Not -BeLike '*name alone*'
            }
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'quotes the values of the command it suggests so that it runs as written (namespaced: suggests none)' {
            $caught = { Invoke-RAAgent invoice-processor "it's due" } | Should -Throw -ErrorId "MessageRequired,$invokeError" -PassThru
            if ($api.ByName) {
                $caught.Exception.Message | Should -BeLike "*write Invoke-RAAgent -Name 'invoice-processor' -Message 'it''s due'."
            }
            else {
                $caught.Exception.Message | Should -Not -BeLike '*name alone*'
            }
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'gives no such hint for namespace/name without a message' {
            $caught = { Invoke-RAAgent finance/invoice-processor } | Should -Throw -ErrorId "MessageRequired,$invokeError" -PassThru
            $caught.Exception.Message | Should -Not -BeLike '*name alone*'
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'fails with AgentNotFound for an agent named alone that does not exist (namespaced: NamespaceRequired)' {
            if ($api.ByName) {
                $null = Invoke-RAAgent -Name ghost -Message 'hi' -ErrorVariable errors -ErrorAction SilentlyContinue

                $errors.Count | Should -Be 1
                $errors[0].FullyQualifiedErrorId | Should -BeExactly "AgentNotFound,$invokeError"
                $errors[0].TargetObject | Should -Be 'ghost'
                Get-Sent | Should -BeExactly @(Get-Expected POST Invoke -Name ghost)
            }
            else {
                { Invoke-RAAgent -Name ghost -Message 'hi' } | Should -Throw -ErrorId "NamespaceRequired,$invokeError"
                Get-Sent | Should -BeNullOrEmpty
            }
        }
    }

    Context '-Body' {
        It 'sends a hashtable as JSON' {
            $answer = Invoke-RAAgent finance invoice-processor -Body @{ message = 'from a hashtable'; options = @{ depth = 2; tags = @('a', 'b') } }

            $body = (Get-Post)[0].body | ConvertFrom-Json
            $body.message | Should -BeExactly 'from a hashtable'
            $body.options.depth | Should -Be 2
            $body.options.tags | Should -Be @('a', 'b')
            $answer.Response | Should -BeExactly 'Echo: from a hashtable'
            $answer.Body.received.options.depth | Should -Be 2
        }

        It 'sends a PSCustomObject as JSON' {
            $null = Invoke-RAAgent finance invoice-processor -Body ([pscustomobject]@{ message = 'from an object'; conversation_id = 'c-9'; flag = $true })

            $body = (Get-Post)[0].body | ConvertFrom-Json
            $body.message | Should -BeExactly 'from an object'
            $body.conversation_id | Should -BeExactly 'c-9'
            $body.flag | Should -BeTrue
        }

        It 'sends a JSON string as it is' {
            $json = '{"message":"from a string","n":2,"nested":{"ok":true}}'

            $answer = Invoke-RAAgent finance invoice-processor -Body $json

            Get-Sent | Should -BeExactly @(Get-Checked finance invoice-processor)
            (Get-Post)[0].body | Should -BeExactly $json
            $answer.Response | Should -BeExactly 'Echo: from a string'
        }

        It 'refuses a string that is not JSON with InvalidBody and sends nothing' {
            { Invoke-RAAgent finance invoice-processor -Body '{"message": ' } |
                Should -Throw -ErrorId "InvalidBody,$invokeError"

            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'says what is wrong with the body in the InvalidBody error' {
            $record = $null
            try { Invoke-RAAgent finance invoice-processor -Body 'plain words' } catch { $record = $_ }

            $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $record.Exception.Message | Should -Match '-Body'
            $record.Exception.Message | Should -Match 'JSON'
            (Get-ApiRequest $server).Count | Should -Be 0
        }
    }

    Context '-Raw' {
        It 'returns the body text the agent sent' {
            $raw = Invoke-RAAgent finance invoice-processor 'hello' -Raw

            $raw | Should -BeOfType ([string])
            $parsed = $raw | ConvertFrom-Json
            $parsed.response | Should -BeExactly 'Echo: hello'
            $parsed.agent | Should -Be 'finance/invoice-processor'
        }
    }

    Context 'pipelines' {
        It 'invokes each agent from the pipeline' {
            $answers = Get-RAAgent -Namespace finance -Phase Running | Invoke-RAAgent -Message 'status?'

            $answers.Agent | Sort-Object | Should -Be @('finance/expense-auditor', 'finance/invoice-processor', 'finance/payment-approver')
            (Get-Post).rawTarget | Sort-Object | Should -BeExactly @(
                Get-TestPath $api Invoke -Namespace finance -Name expense-auditor
                Get-TestPath $api Invoke -Namespace finance -Name invoice-processor
                Get-TestPath $api Invoke -Namespace finance -Name payment-approver
            )
            # On v1, where two namespaces may hold one name, each piped agent is read again to check its namespace.
            $sent = Get-Sent
            $sent.Count | Should -Be $(if ($api.ByName) { 7 } else { 4 })
            $sent[0] | Should -BeExactly (Get-Expected GET Agents)
        }

        It 'sends only the invokes for agents piped from an earlier Get-RAAgent' {
            $agents = Get-RAAgent -Namespace finance -Phase Running
            Get-RAMockJournal $server -Clear

            $answers = $agents | Invoke-RAAgent -Message 'status?'

            @($answers).Count | Should -Be 3
            Get-Sent | Sort-Object | Should -BeExactly (@(
                    Get-Checked finance expense-auditor
                    Get-Checked finance invoice-processor
                    Get-Checked finance payment-approver
                ) | Sort-Object)
        }

        It 'answers 40 agents with -ThrottleLimit 20, each answer naming its agent' {
            $null = Invoke-RAMock $server POST seed @{ count = 40 }
            $notRunning = @(Get-RAAgent | Where-Object Phase -NE 'Running' | ForEach-Object {
                    @{ namespace = $_.Namespace; name = $_.Name; spec = @{ image = 'x'; llmConfig = @{ provider = 'openai'; model = 'gpt-4o' } }; status = @{ phase = 'Running'; message = '' } }
                })
            if ($notRunning) { $null = Invoke-RAMock $server POST agents $notRunning }
            $agents = Get-RAAgent
            $agents.Count | Should -Be 40
            # Each answer waits 300 ms at the server: one at a time, 40 answers take 12 s.
            Add-RAMockFault $server @{ method = 'POST'; count = 40; delayMs = 300 }
            Get-RAMockJournal $server -Clear

            $answers = @($agents | Invoke-RAAgent -Message 'ping' -ThrottleLimit 20)

            $answers.Count | Should -Be 40
            $answers | ForEach-Object {
                $_.StatusCode | Should -Be 200
                $_.Body.agent | Should -BeExactly $_.Agent
                $_.Body.received.message | Should -BeExactly 'ping'
            }
            ($answers.Agent | Sort-Object) | Should -Be ($agents | ForEach-Object ToString | Sort-Object)
            (Get-Post).Count | Should -Be 40
            # Forty invokes and nothing else (on v1, each after one read that checks the agent's namespace).
            Get-Sent | Sort-Object | Should -BeExactly @($agents | ForEach-Object { Get-Checked $_.Namespace $_.Name } | Sort-Object)
        }

        It 'invokes agents of another platform there, with that platform''s key' {
            $staging = Start-RAMockServer -ApiKey 'ra_ws_staging-key-5555'
            try {
                $stagingApi = New-TestApi $Generation $staging
                $other = Connect-TestServer $stagingApi -Key 'ra_ws_staging-key-5555' -PassThru
                Connect-TestServer $api
                $agents = Get-RAAgent -Connection $other -Namespace finance -Name invoice-processor
                Get-RAMockJournal $staging -Clear

                $piped = $agents | Invoke-RAAgent -Message 'piped'
                $named = Invoke-RAAgent -Connection $other finance invoice-processor 'named'

                $piped.Response | Should -BeExactly 'Echo: piped'
                $named.Response | Should -BeExactly 'Echo: named'
                Get-Sent | Should -BeNullOrEmpty
                Get-Sent -Server $staging | Should -BeExactly @(
                    if ($stagingApi.ByName) { Get-Expected GET Agent -Name invoice-processor -Api $stagingApi }
                    Get-Expected POST Invoke -Namespace finance -Name invoice-processor -Api $stagingApi
                    if ($stagingApi.ByName) { Get-Expected GET Agent -Name invoice-processor -Api $stagingApi }
                    Get-Expected POST Invoke -Namespace finance -Name invoice-processor -Api $stagingApi
                )
                foreach ($entry in Get-RAMockJournal $staging) {
                    $entry.headers.'X-RunAgents-API-Key' | Should -BeExactly '<redacted>'
                    Get-HeaderName $entry | Should -Not -Contain 'Authorization'
                }
                Get-ForeignRequest $staging $stagingApi | Should -BeNullOrEmpty
            }
            finally {
                $staging | Stop-RAMockServer
                Connect-TestServer $api
            }
        }
    }

    Context 'answers that need attention' {
        It 'fails with AgentUnreachable (ConnectionError) and the platform''s words for a 502' {
            $answer = Invoke-RAAgent finance fraud-detector 'hello' -ErrorVariable errors -ErrorAction SilentlyContinue

            $answer | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly "AgentUnreachable,$invokeError"
            $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $errors[0].TargetObject | Should -Be 'finance/fraud-detector'
            $errors[0].ToString() | Should -Match "Cannot invoke agent 'finance/fraud-detector'"
            $errors[0].ToString() | Should -Match 'failed to reach agent'
            (Get-Post).Count | Should -Be 1
            Get-Sent | Should -BeExactly @(Get-Checked finance fraud-detector)
        }

        It 'goes on with the other agents of the pipeline after an unreachable one' {
            $answers = Get-RAAgent -Namespace finance | Invoke-RAAgent -Message 'hi' -ErrorVariable errors -ErrorAction SilentlyContinue

            @($answers).Count | Should -Be 3
            $errors.TargetObject | Should -Be 'finance/fraud-detector'
            (Get-Post).Count | Should -Be 4
        }

        It 'fails with AgentNotFound for an agent that does not exist, and invokes nothing on v1' {
            $null = Invoke-RAAgent finance ghost 'hi' -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly "AgentNotFound,$invokeError"
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'finance/ghost'
            $expected = if ($api.ByName) { Get-Expected GET Agent -Name ghost } else { Get-Expected POST Invoke -Namespace finance -Name ghost }
            Get-Sent | Should -BeExactly @($expected)
        }

        It 'reports an error status from the agent itself with the agent''s words' {
            $null = Invoke-RAAgent finance invoice-processor 'status:422 the invoice number is missing' -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly "AgentError,$invokeError"
            $errors[0].ToString() | Should -Match 'the invoice number is missing'
            $errors[0].Exception.StatusCode | Should -Be 422
        }

        It 'warns when an action waits for approval and returns ApprovalRequired with the ActionId' {
            $answer = Invoke-RAAgent finance invoice-processor 'approval: pay invoice 42' -WarningVariable warnings -WarningAction SilentlyContinue

            $answer.ApprovalRequired | Should -BeTrue
            $answer.ConsentRequired | Should -BeFalse
            $answer.ActionId | Should -Match '^act-\d+$'
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -Match 'approval'
            $warnings[0].Message | Should -Match 'finance/invoice-processor'
            $warnings[0].Message | Should -Match ([regex]::Escape($answer.ActionId))
        }

        It 'pauses a refund to finance/payment-approver for approval, with the access request and run the answer names' {
            $answer = Invoke-RAAgent finance payment-approver 'Refund order 1042' -WarningVariable warnings -WarningAction SilentlyContinue

            $answer.Agent | Should -BeExactly 'finance/payment-approver'
            $answer.StatusCode | Should -Be 200
            $answer.ApprovalRequired | Should -BeTrue
            $answer.ConsentRequired | Should -BeFalse
            $answer.Tool | Should -BeExactly 'stripe-api'
            $answer.ActionId | Should -Match '^act-\d+$'
            $answer.RunId | Should -Match '^run-\d+$'
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -Match 'finance/payment-approver'
            $warnings[0].Message | Should -Match "'stripe-api'"
            $warnings[0].Message | Should -Match ([regex]::Escape("'$($answer.ActionId)'"))
            $warnings[0].Message | Should -Match ([regex]::Escape("'$($answer.RunId)'"))

            # What the warning tells the user to do: pipe the answer on to find the request and the run.
            $requests = @($answer | Get-RAAccessRequest)
            $run = $answer | Get-RARun

            $requests.Count | Should -Be 1
            $requests[0].Id | Should -Match '^ar-\d+$'
            $requests[0].Status | Should -BeExactly 'PENDING'
            $requests[0].ActionId | Should -BeExactly $answer.ActionId
            $requests[0].RunId | Should -BeExactly $answer.RunId
            $requests[0].Agent | Should -BeExactly 'payment-approver'
            $requests[0].Tool | Should -BeExactly 'stripe-api'
            $run.Id | Should -BeExactly $answer.RunId
            $run.Status | Should -BeExactly 'PAUSED_APPROVAL'
            $run.BlockedActionId | Should -BeExactly $answer.ActionId
            $run.Namespace | Should -BeExactly 'finance'
            $run.Agent | Should -BeExactly 'payment-approver'
            Get-Sent | Should -BeExactly @(
                Get-Checked finance payment-approver
                Get-Expected GET Requests
                # The request's message, from the paused runs (v1's runs carry none; there one run reads its events for it).
                if (-not $api.ByName) { "$(Get-Expected GET Runs)?status=PAUSED_APPROVAL" }
                Get-Expected GET Run -Id $answer.RunId
                if ($api.ByName) { "$(Get-Expected GET RunEvents -Id $answer.RunId)?limit=500" }
            )
        }

        It 'lets finance/payment-approver answer at once when the message names no action its policy guards' {
            $answer = Invoke-RAAgent finance payment-approver 'What is the status of order 1042?' -WarningVariable warnings

            $answer.ApprovalRequired | Should -BeFalse
            $answer.ActionId | Should -BeNullOrEmpty
            $answer.Response | Should -BeExactly 'Echo: What is the status of order 1042?'
            $warnings | Should -BeNullOrEmpty
            @(Invoke-RAMock $server GET requests) | Should -BeNullOrEmpty
        }

        It 'warns when an action waits for consent and returns ConsentRequired' {
            $answer = Invoke-RAAgent finance invoice-processor 'consent: read my calendar' -WarningVariable warnings -WarningAction SilentlyContinue

            $answer.ConsentRequired | Should -BeTrue
            $answer.ActionId | Should -Match '^act-\d+$'
            $warnings[0].Message | Should -Match 'consent'
        }

        It 'writes no warning for an ordinary answer' {
            $null = Invoke-RAAgent finance invoice-processor 'hello' -WarningVariable warnings

            $warnings | Should -BeNullOrEmpty
        }
    }
}
