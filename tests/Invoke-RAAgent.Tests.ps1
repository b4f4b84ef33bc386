# Invoke-RAAgent: what goes over the wire, what comes back, and in parallel.

Describe 'Invoke-RAAgent' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        Connect-TestServer $server

        function Get-Post {
            @((Get-ApiRequest $server) | Where-Object method -EQ 'POST')
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    Context 'messages' {
        It 'sends the message and conversation id as JSON to .../invoke' {
            $answer = Invoke-RAAgent -Namespace finance -Name invoice-processor -Message 'What is due?' -ConversationId 'conv-123'

            $post = Get-Post
            $post.Count | Should -Be 1
            $post[0].rawTarget | Should -BeExactly '/api/agents/finance/invoice-processor/invoke'
            $post[0].headers.'Content-Type' | Should -Match '^application/json'
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
            (Get-Post).rawTarget | Should -Be (@('/api/agents/finance/invoice-processor/invoke') * 3)
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

            (Get-Post)[0].body | Should -BeExactly $json
            $answer.Response | Should -BeExactly 'Echo: from a string'
        }

        It 'refuses a string that is not JSON with InvalidBody and sends nothing' {
            { Invoke-RAAgent finance invoice-processor -Body '{"message": ' } |
                Should -Throw -ErrorId 'InvalidBody,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'

            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'says what is wrong with the body in the InvalidBody error' {
            $record = $null
            try { Invoke-RAAgent finance invoice-processor -Body 'plain words' } catch { $record = $_ }

            $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $record.Exception.Message | Should -Match '-Body'
            $record.Exception.Message | Should -Match 'JSON'
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
            (Get-Post).rawTarget | Sort-Object | Should -Be @(
                '/api/agents/finance/expense-auditor/invoke'
                '/api/agents/finance/invoice-processor/invoke'
                '/api/agents/finance/payment-approver/invoke'
            )
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
        }
    }

    Context 'answers that need attention' {
        It 'fails with AgentUnreachable (ConnectionError) and the platform''s words for a 502' {
            $answer = Invoke-RAAgent finance fraud-detector 'hello' -ErrorVariable errors -ErrorAction SilentlyContinue

            $answer | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentUnreachable,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $errors[0].TargetObject | Should -Be 'finance/fraud-detector'
            $errors[0].ToString() | Should -Match "Cannot invoke agent 'finance/fraud-detector'"
            $errors[0].ToString() | Should -Match 'failed to reach agent'
            (Get-Post).Count | Should -Be 1
        }

        It 'goes on with the other agents of the pipeline after an unreachable one' {
            $answers = Get-RAAgent -Namespace finance | Invoke-RAAgent -Message 'hi' -ErrorVariable errors -ErrorAction SilentlyContinue

            @($answers).Count | Should -Be 3
            $errors.TargetObject | Should -Be 'finance/fraud-detector'
        }

        It 'fails with AgentNotFound for an agent that does not exist' {
            $null = Invoke-RAAgent finance ghost 'hi' -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentNotFound,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'reports an error status from the agent itself with the agent''s words' {
            $null = Invoke-RAAgent finance invoice-processor 'status:422 the invoice number is missing' -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentError,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'
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
