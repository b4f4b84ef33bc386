# build.ps1 -Task Mock, for trying the module by hand: build/Mock.ps1 (what the task runs once the module and
# the mock are built) starts the mock platform, prints lines that work when pasted into another PowerShell,
# ForEach-Object -Parallel and thread jobs included, and stops cleanly at Ctrl+C.

Describe 'The mock platform for trying the module by hand' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

        function Start-Pwsh {
            # A new 'pwsh -NoProfile -NonInteractive' (the dotnet tool runs as 'dotnet pwsh.dll') with its
            # output redirected, without the module: what a user opens. -Environment sets variables, $null removes one.
            param([string[]] $Argument, [hashtable] $Environment = @{})
            $process = [Environment]::ProcessPath
            $info = [Diagnostics.ProcessStartInfo]::new($process)
            if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
            foreach ($item in @('-NoProfile', '-NonInteractive') + $Argument) { $info.ArgumentList.Add($item) }
            $info.RedirectStandardOutput = $true
            $info.RedirectStandardError = $true
            foreach ($name in $Environment.Keys) {
                if ($null -eq $Environment[$name]) { $null = $info.Environment.Remove($name) } else { $info.Environment[$name] = [string]$Environment[$name] }
            }
            [Diagnostics.Process]::Start($info)
        }

        function Invoke-Pasted {
            # Runs what a user pastes into a fresh PowerShell that has none of the RunAgents settings; returns its output.
            param([string] $Script)
            $emptyHome = Join-Path $TestDrive 'home'
            $null = New-Item -ItemType Directory -Path $emptyHome -Force
            $child = Start-Pwsh -Argument '-Command', $Script -Environment @{ HOME = $emptyHome; RUNAGENTS_API_KEY = $null; RUNAGENTS_ENDPOINT = $null }
            try {
                $stdout = $child.StandardOutput.ReadToEndAsync()
                $stderr = $child.StandardError.ReadToEndAsync()
                if (-not $child.WaitForExit(120000)) { $child.Kill($true); throw 'The pasted lines did not end within 120 s.' }
                [pscustomobject]@{ ExitCode = $child.ExitCode; Output = $stdout.Result; Errors = $stderr.Result }
            }
            finally {
                $child.Dispose()
            }
        }

        $script:Task = Start-Pwsh -Argument '-File', (Join-Path $PSScriptRoot '../build/Mock.ps1'), '-ModulePath', $env:RUNAGENTS_TEST_MODULE, '-MockServerPath', $env:RUNAGENTS_TEST_MOCKSERVER
        $script:Printed = [System.Collections.Generic.List[string]]::new()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline) {
            $line = $Task.StandardOutput.ReadLineAsync()
            if (-not $line.Wait($deadline - [DateTime]::UtcNow) -or $null -eq $line.Result) { break }
            $Printed.Add($line.Result)
            if ($line.Result -like 'Press Ctrl+C*') { break }
        }
        # The lines to paste are the indented ones after 'Paste these lines'.
        $start = [Math]::Max(0, $Printed.FindIndex({ param($l) $l -like 'Paste these lines*' }))
        $script:Pasted = @($Printed | Select-Object -Skip $start | Where-Object { $_ -match '^    \S' } | ForEach-Object Trim)
        $script:MockUri = if (($Printed -join "`n") -match 'listening on (\S+)') { [Uri]$Matches[1] }
    }

    AfterAll {
        if (-not $Task.HasExited) { $Task.Kill($true); $null = $Task.WaitForExit(10000) }
        $Task.Dispose()
    }

    It 'starts the mock and prints the lines to paste: the module on PSModulePath, its import, the connection' {
        $Printed[-1] | Should -BeLike 'Press Ctrl+C*' -Because ($Printed -join "`n")
        $MockUri.Host | Should -Be '127.0.0.1'
        $Pasted | Should -HaveCount 3
        $Pasted[0] | Should -BeLike '$env:PSModulePath = *'
        $Pasted[1] | Should -BeExactly "Import-Module '$($env:RUNAGENTS_TEST_MODULE.Replace("'", "''"))'"
        $Pasted[2] | Should -BeLike "Connect-RAService -Uri '$MockUri' -ApiKey *"
    }

    It 'connects another PowerShell where the lines are pasted, ForEach-Object -Parallel and thread jobs included' {
        $run = Invoke-Pasted -Script (($Pasted -join "`n") + "`n" + @'
$ErrorActionPreference = 'Stop'
[pscustomobject]@{
    Agents   = @(Get-RAAgent).Count
    Answer   = (Invoke-RAAgent support support-triage 'hello').Response
    Parallel = 'payment-agent' | ForEach-Object -Parallel { (Get-RAAgent -Name $_).Namespace }
    Job      = Start-ThreadJob { (Get-RAConnection).KeyHint } | Receive-Job -Wait -AutoRemoveJob
} | ConvertTo-Json -Compress
'@)

        $run.Errors | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $result = $run.Output | ConvertFrom-Json
        $result.Agents | Should -Be 9
        $result.Answer | Should -BeExactly 'Echo: hello'
        $result.Parallel | Should -BeExactly 'agent-system'
        $result.Job | Should -BeExactly '****6789'
    }

    It 'needs the module on PSModulePath for ForEach-Object -Parallel, as the README says' {
        $run = Invoke-Pasted -Script ((($Pasted | Select-Object -Skip 1) -join "`n") + "`n" + @'
'payment-agent' | ForEach-Object -Parallel { Get-RAAgent -Name $_ } -ErrorVariable failed 2>$null
$failed[0].FullyQualifiedErrorId
'@)

        $run.Output.Trim() | Should -BeExactly 'CommandNotFoundException' -Because $run.Errors
    }

    It 'runs the commands of the README''s tour from Get-RAAgent on where the lines are pasted, as the README says' {
        Import-Module (Join-Path $PSScriptRoot '../build/Samples.psm1') -Force
        $sections = 'list', 'talk', 'remove', 'lifecycle'
        $commands = @(Get-ReadmeSample -Path (Join-Path $PSScriptRoot '../README.md') |
                Where-Object { $_.Kind -eq 'Demo' -and $_.Name -in $sections } |
                ForEach-Object { [regex]::Matches($_.Text, '(?m)^PS> (.+)$') } | ForEach-Object { $_.Groups[1].Value })
        $commands.Count | Should -BeGreaterThan 10
        $commands | Should -Contain 'Get-RAAgent -Phase Pending | Wait-RAAgent -PollIntervalSec 1'

        # Each command as typed at a prompt; what a user would see at the end: the errors, and the runs.
        $run = Invoke-Pasted -Script (($Pasted -join "`n") + "`n" + ($commands -join "`n") + "`n" + @'
$ids = @($Error | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] })
[pscustomobject]@{
    Errors  = @($ids | Sort-Object)
    Waited  = (Get-RAAgent agent-system/policy-guard).Phase
    Runs    = @(Get-RARun -Agent payment-approver -Status * | ForEach-Object { "$($_.Status)" })
} | ConvertTo-Json -Compress
'@)

        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $result = $run.Output.Trim().Split("`n")[-1] | ConvertFrom-Json
        $result.Errors | Should -Be @('AgentUnreachable') -Because "the tour shows one error on purpose:`n$($run.Errors)"
        $result.Waited | Should -BeExactly 'Running'
        # Newest first: the denied run after the approved one.
        $result.Runs | Should -Be @('FAILED', 'COMPLETED')
    }

    It 'stops the mock and ends at Ctrl+C' {
        if ($IsWindows) {
            Set-ItResult -Skipped -Because 'Ctrl+C is sent here with kill -s INT, which Windows lacks'
            return
        }
        # A process started in the background by a shell without job control ('cmd &' in a script)
        # ignores SIGINT, and its children inherit that: the task then cannot see Ctrl+C here, though it
        # does in a terminal. Linux lists what a process ignores in /proc/<pid>/status (SIGINT is bit 2).
        $status = "/proc/$($Task.Id)/status"
        $ignored = if (Test-Path -LiteralPath $status) {
            Get-Content -LiteralPath $status | Where-Object { $_ -like 'SigIgn:*' } | ForEach-Object { [Convert]::ToUInt64(($_ -split '\s+')[1], 16) }
        }
        if ($ignored -band 2) {
            Set-ItResult -Skipped -Because 'this test run ignores SIGINT (it was started in the background without job control), and so does the task it starts'
            return
        }
        $kill = (Get-Command kill -CommandType Application | Select-Object -First 1).Source
        & $kill -s INT $Task.Id
        $rest = $Task.StandardOutput.ReadToEndAsync()

        $Task.WaitForExit(30000) | Should -BeTrue
        $rest.Result | Should -Match 'Mock platform stopped\.'
        { Invoke-RestMethod -NoProxy -Uri ([Uri]::new($MockUri, '_mock/health')) -TimeoutSec 5 } | Should -Throw
        $Task.StandardError.ReadToEnd() | Should -BeNullOrEmpty
    }
}
