# Tab completion of namespaces, names, phases, tools, models, policies, identity providers, access requests,
# runs and event types from the connected platform, on both API generations.

Describe 'Tab completion on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $api = New-TestApi $Generation $server

        function Get-Completion {
            # What Tab offers at the end of the line.
            param([Parameter(Mandatory)] [string] $Line)
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        # A new connection each time, so that no list cached by an earlier test is reused.
        Connect-TestServer $api
    }

    AfterEach {
        Get-ForeignRequest $server $api | Should -BeNullOrEmpty
    }

    It 'completes -Namespace fin to finance' {
        $offered = Get-Completion 'Get-RAAgent -Namespace fin'

        $offered.CompletionText | Should -Be @('finance')
        $offered[0].ResultType | Should -Be 'ParameterValue'
        $offered[0].ToolTip | Should -Match '4 agents'
    }

    It 'offers every namespace for an empty word' {
        (Get-Completion 'Get-RAAgent -Namespace ').CompletionText | Should -Be @('agent-system', 'finance', 'support')
    }

    It 'completes -Name with the agents of the -Namespace on the line only' {
        (Get-Completion 'Get-RAAgent -Namespace support -Name ').CompletionText | Should -Be @('kb-search-agent', 'support-triage')
    }

    It 'completes -Name from what was typed across all namespaces' {
        (Get-Completion 'Get-RAAgent -Name p').CompletionText | Should -Be @('payment-agent', 'payment-approver', 'policy-guard')
    }

    It 'completes -Name for Invoke-RAAgent, Remove-RAAgent and Wait-RAAgent too' {
        (Get-Completion 'Invoke-RAAgent -Namespace finance -Name inv').CompletionText | Should -Be @('invoice-processor')
        (Get-Completion 'Remove-RAAgent -Namespace finance -Name fr').CompletionText | Should -Be @('fraud-detector')
        (Get-Completion 'Wait-RAAgent -Namespace agent-system -Name pol').CompletionText | Should -Be @('policy-guard')
    }

    It 'completes -Phase F to Failed' {
        (Get-Completion 'Get-RAAgent -Phase F').CompletionText | Should -Be @('Failed')
    }

    It 'offers every documented phase for an empty word' {
        (Get-Completion 'Get-RAAgent -Phase ').CompletionText | Should -Be @('Pending', 'Running', 'Failed')
    }

    It 'quotes a name with a space' {
        $null = Invoke-RAMock $server POST agents @{ namespace = 'support'; name = 'night shift'; spec = @{ image = 'x' }; status = @{ phase = 'Running'; message = '' } }

        $offered = Get-Completion 'Get-RAAgent -Namespace support -Name ni'

        $offered.CompletionText | Should -Be @("'night shift'")
        $offered[0].ListItemText | Should -Be 'night shift'
    }

    It 'quotes a <What> named with <Case> so that the completed line parses to that very name and nothing more' -TestCases @(
        foreach ($case in @(
                @{ Case = 'a right single quotation mark (U+2019)'; Name = "evil$([char]0x2019); Remove-Item ./x; $([char]0x2019)" }
                @{ Case = 'left and low single quotation marks (U+2018, U+201A, U+201B)'; Name = "evil$([char]0x2018)$([char]0x201A)$([char]0x201B)x" }
                @{ Case = 'curly double quotation marks (U+201C, U+201D, U+201E)'; Name = "evil$([char]0x201C)x$([char]0x201D)$([char]0x201E)" }
                @{ Case = 'a subexpression'; Name = 'evil$(Remove-Item ./x)' }
                @{ Case = 'a backtick'; Name = 'evil`; x' }
                @{ Case = 'a semicolon'; Name = 'evil;Remove-Item' }
                @{ Case = 'a hash'; Name = 'evil#x' }
            )) {
            foreach ($what in 'agent', 'tool', 'policy') { @{ What = $what; Case = $case.Case; Name = $case.Name } }
        }
    ) {
        $line, $command = switch ($What) {
            'agent' {
                $null = Invoke-RAMock $server POST agents @{ namespace = 'support'; name = $Name; spec = @{ image = 'x' }; status = @{ phase = 'Running'; message = '' } }
                'Get-RAAgent -Namespace support -Name evi', 'Get-RAAgent'
            }
            'tool' {
                $null = Invoke-RAMock $server POST tools @{ name = $Name; base_url = 'https://tools.example' }
                'Deploy-RAAgent -Name x -Image y -Tool evi', 'Deploy-RAAgent'
            }
            'policy' {
                $null = Invoke-RAMock $server POST policies @{ name = $Name; spec = @{ rules = @() } }
                'Deploy-RAAgent -Name x -Image y -Policy evi', 'Deploy-RAAgent'
            }
        }

        $offered = @(Get-Completion $line)

        $offered | Should -HaveCount 1
        $offered[0].ListItemText | Should -BeExactly $Name
        $completed = $line.Substring(0, $line.Length - 3) + $offered[0].CompletionText
        $tokens = $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($completed, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty
        $commands = @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true))
        $commands | Should -HaveCount 1 -Because 'the completed line runs only the command typed'
        $commands[0].GetCommandName() | Should -BeExactly $command
        $argument = $commands[0].CommandElements[-1]
        $argument | Should -BeOfType ([System.Management.Automation.Language.StringConstantExpressionAst])
        $argument.Value | Should -BeExactly $Name
        @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.SubExpressionAst] -or $node -is [System.Management.Automation.Language.ExpandableStringExpressionAst] }, $true)) | Should -BeNullOrEmpty
    }

    It 'quotes a name that would read as a number or a parameter bare: <Name>' -TestCases @(
        @{ Name = '1e3' }
        @{ Name = '0x10' }
        @{ Name = '-evil' }
        @{ Name = "$([char]0x2013)evil" }
    ) {
        $null = Invoke-RAMock $server POST agents @{ namespace = 'support'; name = $Name; spec = @{ image = 'x' }; status = @{ phase = 'Running'; message = '' } }
        $line = 'Get-RAAgent -Namespace support -Name '

        $offered = @(Get-Completion $line | Where-Object ListItemText -EQ $Name)

        $offered | Should -HaveCount 1
        $offered[0].CompletionText | Should -BeExactly "'$Name'"
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($line + $offered[0].CompletionText, [ref] $null, [ref] $null)
        $ast.EndBlock.Statements[0].PipelineElements[0].CommandElements[-1].Value | Should -BeExactly $Name
    }

    It 'sends one list request for several completions in a row' {
        $null = Get-Completion 'Get-RAAgent -Namespace '
        $null = Get-Completion 'Get-RAAgent -Namespace finance -Name '
        $null = Get-Completion 'Get-RAAgent -Namespace support -Name '

        $requests = Get-ApiRequest $server
        $requests.Count | Should -Be 1
        $requests[0].rawTarget | Should -BeExactly (Get-TestPath $api Agents)
    }

    # Every completer that asks the platform goes through the one cache: one request for several completions in a
    # row on one connection, a short time budget, and nothing at all (no error) when the platform fails.
    It 'sends one request for several completions in a row, and nothing but silence when the platform fails: <Line>' -TestCases @(
        @{ Line = 'Get-RAApiKey -Id key-'; Requests = 1 }
        @{ Line = 'Get-RACatalogAgent sup'; Requests = 1 }
        @{ Line = 'Get-RACatalogAgent support-triage -Version '; Requests = 1 }
        @{ Line = 'Get-RAApprovalConnector -Id ac_'; Requests = 1 }
        @{ Line = 'Get-RATool -Name s'; Requests = 1 }
        @{ Line = 'Remove-RAPolicy -Name r'; Requests = 1 }
        @{ Line = 'Deploy-RAAgent -Name x -Image y -Tool s'; Requests = 1 }
        # One request a status: the platform filters runs by one status at a time.
        @{ Line = 'Get-RARun -Id '; Requests = 4 }
    ) {
        $null = Invoke-RAAgent support/support-triage 'hello'
        Get-RAMockJournal $server -Clear
        $first = Get-Completion $Line
        $again = Get-Completion $Line

        $first | Should -Not -BeNullOrEmpty
        $again.CompletionText | Should -Be $first.CompletionText
        (Get-ApiRequest $server).Count | Should -Be $Requests

        Connect-TestServer $api
        $null = Invoke-RAMock $server POST reset
        Add-RAMockFault $server @{ method = 'GET'; status = 500; count = 10 }
        $before = $Error.Count
        Get-Completion $Line | Where-Object ResultType -EQ ParameterValue | Should -BeNullOrEmpty
        $Error.Count | Should -Be $before
    }

    It 'completes -Name alone for the cmdlets that act on one agent, from every namespace' {
        (Get-Completion 'Remove-RAAgent -Name kb').CompletionText | Should -Be @('kb-search-agent')
        (Get-Completion 'Invoke-RAAgent -Name support-').CompletionText | Should -Be @('support-triage')
    }

    It 'completes -Tool, -Model and -Policy of Deploy-RAAgent from the catalog''s own paths' {
        (Get-Completion 'Deploy-RAAgent -Name x -Image y -Tool s').CompletionText | Should -Be @('slack-notify', 'stripe-api')
        (Get-Completion 'Deploy-RAAgent -Name x -Image y -Model anthropic/').CompletionText | Should -Be @('anthropic/claude-3-5-haiku-20241022', 'anthropic/claude-3-5-sonnet-20241022')
        (Get-Completion 'Deploy-RAAgent -Name x -Image y -Policy r').CompletionText | Should -Be @('read-only')

        (Get-ApiRequest $server).rawTarget | Should -Be @(
            Get-TestPath $api Tools
            Get-TestPath $api ModelProviders
            Get-TestPath $api Policies
        )
    }

    It 'completes -IdentityProvider of Deploy-RAAgent from the platform''s identity providers' {
        $offered = Get-Completion 'Deploy-RAAgent -Name x -Image y -IdentityProvider g'

        $offered.CompletionText | Should -Be @('google-oidc')
        (Get-ApiRequest $server).rawTarget | Should -Be @(Get-TestPath $api IdentityProviders)
    }

    It 'completes a namespace and a slash with the agents of that namespace' {
        (Get-Completion 'Get-RAAgent finance/').CompletionText |
            Should -Be @('finance/expense-auditor', 'finance/fraud-detector', 'finance/invoice-processor', 'finance/payment-approver')
        $offered = Get-Completion 'Invoke-RAAgent support/su'
        $offered.CompletionText | Should -Be @('support/support-triage')
        $offered[0].ToolTip | Should -Be 'support/support-triage (Running)'
    }

    It 'completes the pending requests after Approve- and Deny-RAAccessRequest, with the agent and tool as the tooltip' {
        $answer = Invoke-RAAgent finance/payment-approver 'Refund order 1042' -WarningAction SilentlyContinue
        $request = Get-RAAccessRequest -RunId $answer.RunId

        foreach ($line in 'Approve-RAAccessRequest ', 'Deny-RAAccessRequest -Id ar') {
            $offered = Get-Completion $line
            $offered.CompletionText | Should -Be @($request.Id)
            $offered[0].ToolTip | Should -Be 'payment-approver: stripe-api'
        }
    }

    It 'completes the runs after Get-RARunEvent, newest first, and only those not ended after Wait-RARun' {
        $done = Invoke-RAAgent support/support-triage 'hello'
        Start-Sleep -Milliseconds 20
        $paused = Invoke-RAAgent finance/payment-approver 'Refund order 1042' -WarningAction SilentlyContinue

        (Get-Completion 'Get-RARunEvent ').CompletionText | Should -Be @($paused.RunId, $done.RunId)
        (Get-Completion 'Wait-RARun ').CompletionText | Should -Be @($paused.RunId)
        (Get-Completion 'Get-RARun -Id ')[1].ToolTip | Should -Match '^support/support-triage, COMPLETED, \d{4}-\d\d-\d\d \d\d:\d\d UTC'
    }

    It 'completes -Type of Get-RARunEvent with the documented event types, asking nothing' {
        (Get-Completion 'Get-RARunEvent run-1 -Type AGENT').CompletionText | Should -Be @('AGENT_MESSAGE')
        Get-ApiRequest $server | Should -BeNullOrEmpty
    }

    It 'offers Platform and not the link to the connection after Select-Object' {
        $offered = (Get-Completion 'Get-RARun | Select-Object ').CompletionText

        $offered | Should -Contain 'Platform'
        $offered | Should -Not -Contain 'Connection'
    }

    It 'returns nothing and writes no error when not connected' {
        Save-RAEnvironment -EmptyHome (Join-Path $TestDrive 'empty-home')
        try {
            Disconnect-RAService
            $before = $Error.Count

            $namespaces = Get-Completion 'Get-RAAgent -Namespace fin'
            $names = Get-Completion 'Get-RAAgent -Namespace finance -Name '

            $namespaces | Should -BeNullOrEmpty
            $names | Should -BeNullOrEmpty
            $Error.Count | Should -Be $before
            (Get-ApiRequest $server).Count | Should -Be 0
        }
        finally {
            Restore-RAEnvironment
        }
    }

    It 'returns nothing and writes no error when the service fails' {
        Add-RAMockFault $server @{ method = 'GET'; status = 500; count = 5 }
        $before = $Error.Count

        $namespaces = Get-Completion 'Get-RAAgent -Namespace fin'

        $namespaces | Should -BeNullOrEmpty
        $Error.Count | Should -Be $before
    }
}
