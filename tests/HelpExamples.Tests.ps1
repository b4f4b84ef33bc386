# Every example in the help of every exported cmdlet runs as written against a fresh mock platform
# (the demo agents), connected, and writes no error.
#
# The examples run in one child pwsh, each in a runspace of its own with the module imported, from an
# empty folder of its own, after the mock server has been reset. The child's HTTP_PROXY and HTTPS_PROXY
# point at a closed port on this machine: an example that would reach another host fails there, and
# nothing leaves the machine. A reader is taken to have two variables: $key (the API key as a
# SecureString) and $credential (a PSCredential holding it); RUNAGENTS_API_KEY and RUNAGENTS_ENDPOINT
# are set, as in a runbook.

BeforeDiscovery {
    Import-Module $env:RUNAGENTS_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../build/HelpCompiler.psm1') -Force
    $docs = Join-Path $PSScriptRoot '../docs'
    $exported = @((Get-Module RunAgents).ExportedCmdlets.Keys | Sort-Object)
    $examples = foreach ($cmdlet in $exported) {
        $page = Join-Path $docs "$cmdlet.md"
        if (-not (Test-Path $page)) { continue }
        foreach ($example in (Get-MarkdownHelpExample -Path $page)) {
            @{ Id = "$cmdlet/$($example.Title)"; Cmdlet = $cmdlet; Code = $example.Code }
        }
    }
}

Describe 'The help examples' -ForEach @{ All = @($examples); Exported = $exported } {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

        # Examples that cannot run unattended, each with the reason. Keep this short: prefer making an
        # example runnable (a file it reads is made by $Arrange below).
        $script:Unattended = @{
            'Connect-RAService/Example 1: Connect with a key typed at a prompt' = 'it reads the key at a prompt (Read-Host)'
            'Connect-RAService/Example 3: Connect with a credential'            = 'it asks for the credential (Get-Credential)'
            'Connect-RAService/Example 4: Work with two platforms at once'      = 'it needs a second platform'
            'Remove-RAAgent/Example 1: Remove an agent'                         = 'it asks for confirmation, which is what it shows'
            'Remove-RAAgent/Example 5: Remove the failed agents of a second platform' = 'it needs a second platform'
            'Wait-RARun/Example 4: Wait in a runbook and tell the outcomes apart' = 'it waits for a person to approve the request'
            'Deploy-RAAgent/Example 8: Give the agent a secret'                  = 'it reads the secret at a prompt (Read-Host)'
        }

        # What an example needs in its folder before it runs, as a script run there.
        $pending = "1..2 | ForEach-Object { Invoke-RAAgent finance payment-approver ""Refund order 104`$_"" -WarningAction SilentlyContinue } | Out-Null"
        $approved = "Invoke-RAAgent finance payment-approver 'Refund order 1041' -WarningAction SilentlyContinue | Get-RAAccessRequest | Approve-RAAccessRequest -Force | Out-Null"
        $sources = "`$null = New-Item -ItemType Directory ./refund-bot; Set-Content ./refund-bot/agent.py 'print(1)'; Set-Content ./agent.json '{""agent_name"":""refund-bot"",""namespace"":""finance"",""image"":""registry.runagents.io/refund-bot:1""}'"
        $ciAgents = "`$null = Invoke-RestMethod -NoProxy -Method Post -Uri ""`$((Get-RAConnection).Uri)_mock/agents"" -ContentType application/json -Body '[{""name"":""pr-101"",""namespace"":""ci"",""status"":{""phase"":""Failed""}},{""name"":""pr-102"",""namespace"":""ci"",""status"":{""phase"":""Running""}}]'"
        # The examples about the v1 API connect to it on the same mock platform.
        $v1 = "Connect-RAService -Uri ""`$((Get-RAConnection).Uri)api/v1/workspaces/revops"" -ApiKey `$key"
        $script:Arrange = @{
            'Get-RAAgent/Example 10: Get an agent by its name alone on a v1 platform' = $v1
            'Remove-RAAgent/Example 6: Remove an agent by its name alone on a v1 platform' = $v1
            'Invoke-RAAgent/Example 8: Ask an agent by its name alone on a v1 platform' = $v1
            'Disconnect-RAService/Example 3: Connect only for the duration of a script' = $ciAgents
            'Connect-RAService/Example 5: Pass a key held as text'                   = "`$env:STAGING_KEY = 'test-key'"
            'Remove-RAAgent/Example 3: Remove the pull request agents that are not running, without prompts' = $ciAgents
            'Get-RAAgent/Example 6: Get the agents listed in a file'                 = "Set-Content -Path ./agents.csv -Value 'Namespace,Name', 'finance,invoice-processor', 'support,support-triage'"
            'Approve-RAAccessRequest/Example 2: Approve a request by its ID for four hours' = $pending
            'Deny-RAAccessRequest/Example 1: Deny a request and say why'             = $pending
            'Get-RAAccessRequest/Example 4: Get requests by their IDs'               = $pending
            'Get-RARunEvent/Example 1: Show what happened in a run'                  = $approved
            'Get-RARunEvent/Example 3: Look at the tool calls of a run'              = $approved
            'Wait-RARun/Example 1: Wait for a run that needs an approval'            = $approved
            'Deploy-RAAgent/Example 2: Build an agent from a source folder'          = $sources
            'Deploy-RAAgent/Example 3: Deploy from a file kept in git'               = $sources
            'Deploy-RAAgent/Example 4: See what a deploy would do'                   = $sources
            'Deploy-RAAgent/Example 6: Deploy from a pipeline job and stop on failure' = $sources
            'Deploy-RAAgent/Example 7: See which files a source deploy would send' = $sources
            'Deploy-RAAgent/Example 10: Send the requirements kept in a file'        = "Set-Content ./requirements.txt 'stripe==9.0.0'"
        }

        $server = Start-RAMockServer
        $work = Join-Path $TestDrive 'examples'
        $null = New-Item -ItemType Directory -Path (Join-Path $work 'home') -Force
        $runnable = @($All | Where-Object { -not $Unattended.ContainsKey($_.Id) } |
                ForEach-Object { [pscustomobject]@{ Id = $_.Id; Code = $_.Code; Arrange = $Arrange[$_.Id] } })
        $inputPath = Join-Path $work 'examples.json'
        $outputPath = Join-Path $work 'results.json'
        ConvertTo-Json -InputObject $runnable -Depth 3 | Set-Content -LiteralPath $inputPath -Encoding utf8NoBOM

        $runner = {
            param($InputPath, $OutputPath, $Work, $Mock)
            $ErrorActionPreference = 'Stop'
            $key = ConvertTo-SecureString 'test-key' -AsPlainText -Force
            $state = [initialsessionstate]::CreateDefault2()
            $state.ImportPSModule($env:RUNAGENTS_TEST_MODULE)
            $environment = [Environment]::GetEnvironmentVariables()
            $results = [ordered]@{}
            $index = 0
            foreach ($example in (Get-Content -Raw -LiteralPath $InputPath | ConvertFrom-Json)) {
                $index++
                $null = Invoke-RestMethod -NoProxy -Method Post -Uri "$($Mock)_mock/reset"
                $folder = Join-Path $Work "example-$index"
                $null = New-Item -ItemType Directory -Path $folder
                $failures = [Collections.Generic.List[string]]::new()
                $runspace = [runspacefactory]::CreateRunspace($state)
                $runspace.Open()
                $runspace.SessionStateProxy.SetVariable('key', $key)
                $runspace.SessionStateProxy.SetVariable('credential', [pscredential]::new('runagents', $key))
                $ps = [powershell]::Create($runspace)
                try {
                    $setup = "Set-Location -LiteralPath '$($folder.Replace("'", "''"))'; Connect-RAService -Uri '$Mock' -ApiKey `$key`n$($example.Arrange)"
                    $null = $ps.AddScript($setup).Invoke()
                    foreach ($record in $ps.Streams.Error) { $failures.Add("while arranging: $($record.FullyQualifiedErrorId): $record") }
                    $ps.Commands.Clear()
                    $ps.Streams.ClearStreams()
                    $null = $ps.AddScript($example.Code)
                    $running = $ps.BeginInvoke()
                    if (-not $running.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60))) {
                        $failures.Add('it did not end within 60 s')
                        $ps.Stop()
                    }
                    try { $null = $ps.EndInvoke($running) }
                    catch { $failures.Add("it stopped: $($_.Exception.InnerException.Message)") }
                    foreach ($record in $ps.Streams.Error) { $failures.Add("$($record.FullyQualifiedErrorId): $record") }
                }
                finally {
                    $ps.Dispose()
                    $runspace.Dispose()
                    # An example may set the module's variables or HOME: the next one starts as this one did.
                    foreach ($name in 'RUNAGENTS_API_KEY', 'RUNAGENTS_ENDPOINT', 'HOME') { [Environment]::SetEnvironmentVariable($name, $environment[$name]) }
                }
                $results[$example.Id] = @($failures)
            }
            ConvertTo-Json -InputObject $results -Depth 3 | Set-Content -LiteralPath $OutputPath -Encoding utf8NoBOM
        }

        $quote = { param($text) "'" + "$text".Replace("'", "''") + "'" }
        $script:Run = Invoke-ChildPwsh -TimeoutSec 540 -Script "& { $runner } $(& $quote $inputPath) $(& $quote $outputPath) $(& $quote $work) $(& $quote $server.Uri)" -Environment @{
            RUNAGENTS_API_KEY  = 'test-key'
            RUNAGENTS_ENDPOINT = "$($server.Uri)"
            HOME               = Join-Path $work 'home'
            HTTP_PROXY         = 'http://127.0.0.1:9'
            HTTPS_PROXY        = 'http://127.0.0.1:9'
            ALL_PROXY          = 'http://127.0.0.1:9'
            NO_PROXY           = $null
            # As installed: found on PSModulePath, so that runspaces of ForEach-Object -Parallel load it too.
            PSModulePath       = (Split-Path (Split-Path $env:RUNAGENTS_TEST_MODULE)) + [IO.Path]::PathSeparator + $env:PSModulePath
        }
        $script:Results = if (Test-Path $outputPath) { Get-Content -Raw -LiteralPath $outputPath | ConvertFrom-Json -AsHashtable } else { @{} }
    }

    AfterAll {
        $server | Stop-RAMockServer
    }

    It 'ran them all in the child session' {
        $Run.TimedOut | Should -BeFalse
        $Run.ExitCode | Should -Be 0 -Because $Run.Errors
    }

    It 'finds examples for every exported cmdlet in docs/' {
        @($Exported | Where-Object { $_ -notin @($All | ForEach-Object Cmdlet) }) | Should -BeNullOrEmpty -Because 'each cmdlet needs docs/<name>.md with examples'
    }

    It 'skips only examples that exist' {
        $ids = @($All | ForEach-Object Id)
        @($Unattended.Keys + $Arrange.Keys | Where-Object { $_ -notin $ids }) | Should -BeNullOrEmpty -Because 'an entry for an example that was renamed or removed must go'
    }

    It '<Id> runs as written' -ForEach $examples {
        if ($Unattended.ContainsKey($Id)) {
            Set-ItResult -Skipped -Because $Unattended[$Id]
            return
        }
        $Results.ContainsKey($Id) | Should -BeTrue -Because 'the child session runs every example that is not skipped'
        $Results[$Id] | Should -BeNullOrEmpty -Because "this example should run against the demo platform as written:`n$Code`n"
    }
}
