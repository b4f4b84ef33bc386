# Tab completion of namespaces, names, phases, tools, models and policies from the connected platform,
# on both API generations.

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

    It 'sends one list request for several completions in a row' {
        $null = Get-Completion 'Get-RAAgent -Namespace '
        $null = Get-Completion 'Get-RAAgent -Namespace finance -Name '
        $null = Get-Completion 'Get-RAAgent -Namespace support -Name '

        $requests = Get-ApiRequest $server
        $requests.Count | Should -Be 1
        $requests[0].rawTarget | Should -BeExactly (Get-TestPath $api Agents)
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
