# -Verbose and -Debug as a runbook sees them: a child 'pwsh -NonInteractive', which fails on any prompt.

Describe 'Tracing in a non-interactive session' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $emptyHome = Join-Path $TestDrive 'home'
        $null = New-Item -ItemType Directory -Path $emptyHome
        # The runbook's settings: the key and the endpoint from the environment, no Connect-RAService.
        $runbook = @{ RUNAGENTS_API_KEY = 'test-key'; RUNAGENTS_ENDPOINT = "$($server.Uri)"; HOME = $emptyHome }
    }

    AfterAll {
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    It 'lists the agents with -Debug, writes the request and the body as debug lines, and exits 0' {
        $run = Invoke-ChildPwsh -TimeoutSec 60 -Environment $runbook -Script @'
Get-RAAgent -Debug | ForEach-Object { "AGENT: $($_.Namespace)/$($_.Name)" }
'@

        $run.TimedOut | Should -BeFalse
        $run.Errors | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        ([regex]::Matches($run.Output, '(?m)^AGENT: ')).Count | Should -Be 9
        $run.Output | Should -Match 'AGENT: finance/fraud-detector'
        $run.Output | Should -Match 'DEBUG: GET \S+/api/agents -> 200 OK'
        $run.Output | Should -Match 'DEBUG: GET \S+/api/agents response body \(\d+ bytes\): \[\{'
        $run.Output | Should -Not -Match 'NonInteractive|NotSupported'
    }

    It 'invokes an agent with -Debug and shows both bodies' {
        $run = Invoke-ChildPwsh -TimeoutSec 60 -Environment $runbook -Script @'
(Invoke-RAAgent -Namespace support -Name support-triage -Message 'hello' -Debug).Response
'@

        $run.Errors | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match '(?m)^Echo: hello'
        $run.Output | Should -Match 'DEBUG: POST \S+ request body: \{"message":"hello"\}'
        $run.Output | Should -Match 'DEBUG: POST \S+ response body'
    }

    It 'writes a warning under -Debug as a debug line and asks nothing, and as a warning with -WarningAction' {
        $run = Invoke-ChildPwsh -TimeoutSec 60 -Environment $runbook -Script @'
(New-RAModelProvider -Name openai-eu -Provider OpenAI -Endpoint https://eu.api.openai.com/v1 -Model gpt-4o -SecretName k -Debug).Name
Set-RAModelProvider -Name openai-eu -Model gpt-4o, o3 -Debug -WarningAction Continue -WarningVariable warned 5>$null
"WARNED: $($warned.Count)"
'@

        $run.Errors | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match '(?m)^openai-eu'
        $run.Output | Should -Match "DEBUG: WARNING: The model provider 'openai' lists the model 'gpt-4o' too"
        $run.Output | Should -Match '(?m)^WARNED: 1'
        $run.Output | Should -Not -Match 'NonInteractive'
    }
}
