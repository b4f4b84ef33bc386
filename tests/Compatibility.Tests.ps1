# The built module on other PowerShell 7 engines than the one running the suite: a PowerShell 7.5.4
# engine assembled from NuGet by the shared tools beside the repository (../shared/tools), once as
# released and once with the Microsoft.Bcl.AsyncInterfaces 5.0 that PowerShell 7.4.0 and 7.4.1 carry.
# Assembling an engine takes 10 to 20 seconds; they are kept under out/engines between runs.

BeforeDiscovery {
    $tools = Join-Path $PSScriptRoot '../../shared/tools'
    # The tools are bash scripts for Linux. Elsewhere the check is skipped, except in CI, where a missing
    # tool must fail rather than pass unnoticed.
    $skipEngines = -not $env:CI -and -not ($IsLinux -and (Test-Path (Join-Path $tools 'powershell-7.5')))
}

Describe 'RunAgents on PowerShell 7 engines that carry other assemblies' -Skip:$skipEngines {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $tools = Join-Path $PSScriptRoot '../../shared/tools'
        $engines = Join-Path $PSScriptRoot '../out/engines'

        function Initialize-Engine {
            # Runs a shared tool into out/engines/NAME unless an earlier run finished it there; returns the folder.
            param([string] $Name, [string[]] $Command)
            $folder = Join-Path $engines $Name
            $done = Join-Path $folder '.assembled'
            if (-not (Test-Path $done)) {
                $log = & env @Command $folder 2>&1
                if ($LASTEXITCODE -ne 0) { throw "'$($Command -join ' ') $folder' failed ($LASTEXITCODE): $($log -join [Environment]::NewLine)" }
                $null = New-Item -ItemType File -Path $done
            }
            $folder
        }

        function Invoke-Engine {
            # Runs the import script in a fresh 'pwsh -NoProfile' of an engine on .NET 9 and returns its report.
            param([string] $Engine)
            $info = [Diagnostics.ProcessStartInfo]::new((Join-Path $script:dotnet9 'dotnet'))
            foreach ($argument in (Join-Path $Engine 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $script:importScript) { $info.ArgumentList.Add($argument) }
            $info.Environment['DOTNET_ROOT'] = $script:dotnet9
            $info.Environment.Remove('DOTNET_ROLL_FORWARD') | Out-Null
            $info.Environment['RUNAGENTS_TEST_URI'] = "$($server.Uri)"
            $info.RedirectStandardOutput = $true
            $info.RedirectStandardError = $true
            $child = [Diagnostics.Process]::Start($info)
            $stdout = $child.StandardOutput.ReadToEndAsync()
            $stderr = $child.StandardError.ReadToEndAsync()
            $child.WaitForExit()
            if ($child.ExitCode -ne 0) { throw "The engine in $Engine failed ($($child.ExitCode)): $($stdout.Result) $($stderr.Result)" }
            $stdout.Result | ConvertFrom-Json
        }

        if (-not (Test-Path (Join-Path $tools 'powershell-7.5'))) { throw "The shared tools are not at $tools." }
        $script:dotnet9 = Initialize-Engine 'dotnet-9.0.23' @('bash', (Join-Path $tools 'private-dotnet-root'), '9.0.23')
        $script:released = Initialize-Engine 'pwsh-7.5.4' @('bash', (Join-Path $tools 'powershell-7.5'))
        $script:oldBcl = Initialize-Engine 'pwsh-7.5.4-bcl-5.0.0' @('BCL=5.0.0', 'bash', (Join-Path $tools 'powershell-7.5'))

        $server = Start-RAMockServer
        Connect-TestServer $server

        # Imports the module the way a user would, lists the agents, and reports what happened as JSON.
        $script:importScript = {
            $ErrorActionPreference = 'Stop'
            $tpa = [AppContext]::GetData('TRUSTED_PLATFORM_ASSEMBLIES') -split [IO.Path]::PathSeparator
            $bcl = $tpa | Where-Object { [IO.Path]::GetFileNameWithoutExtension($_) -eq 'Microsoft.Bcl.AsyncInterfaces' }
            $report = [ordered]@{ PSVersion = "$($PSVersionTable.PSVersion)"; Bcl = "$([Reflection.AssemblyName]::GetAssemblyName($bcl).Version)" }
            try {
                Import-Module $env:RUNAGENTS_TEST_MODULE
                Connect-RAService -Uri $env:RUNAGENTS_TEST_URI -ApiKey (ConvertTo-SecureString 'test-key' -AsPlainText -Force)
                $report.Agents = @(Get-RAAgent | ForEach-Object { "$($_.Namespace)/$($_.Name)" })
            }
            catch {
                $report.Message = $_.Exception.Message
                $report.ErrorId = $_.FullyQualifiedErrorId
                $report.Category = "$($_.CategoryInfo.Category)"
            }
            $report.Loaded = [bool](Get-Module RunAgents)
            $report.Commands = @(Get-Command -Module RunAgents -ErrorAction Ignore).Count
            $report | ConvertTo-Json -Compress
        }.ToString()
    }

    AfterAll {
        Disconnect-RAService
        if ($server) { $server | Stop-RAMockServer }
    }

    Context 'PowerShell 7.5.4 as released' {
        BeforeAll {
            $null = Invoke-RAMock $server POST reset
            $report = Invoke-Engine $script:released
        }

        It 'carries Microsoft.Bcl.AsyncInterfaces 8.0' {
            $report.PSVersion | Should -Be '7.5.4'
            $report.Bcl | Should -Be '8.0.0.0'
        }

        It 'imports the module and lists every agent' {
            $report.Message | Should -BeNullOrEmpty
            $report.Commands | Should -Be 14
            $report.Agents | Should -Be @(Get-RAAgent | ForEach-Object { "$($_.Namespace)/$($_.Name)" })
        }
    }

    Context 'PowerShell 7.5.4 with the Microsoft.Bcl.AsyncInterfaces 5.0 of PowerShell 7.4.0 and 7.4.1' {
        BeforeAll {
            $null = Invoke-RAMock $server POST reset
            $report = Invoke-Engine $script:oldBcl
            $requests = Get-ApiRequest $server
        }

        It 'carries Microsoft.Bcl.AsyncInterfaces 5.0' {
            $report.Bcl | Should -Be '5.0.0.0'
        }

        It 'refuses to import with one sentence that says why and what to do' {
            $report.Message | Should -BeExactly ('RunAgents cannot run in this PowerShell 7.5.4 host: it needs Microsoft.Bcl.AsyncInterfaces 8.0, ' +
                'which this host does not carry (it has 5.0). Run it in PowerShell 7.4.2 or later as released, or in Windows PowerShell 5.1.')
            $report.ErrorId | Should -Be 'UnsupportedPowerShell,Microsoft.PowerShell.Commands.ImportModuleCommand'
            $report.Category | Should -Be 'ResourceUnavailable'
        }

        It 'leaves no part of the module behind and sends nothing' {
            $report.Loaded | Should -BeFalse
            $report.Commands | Should -Be 0
            $report.Agents | Should -BeNullOrEmpty
            $requests | Should -BeNullOrEmpty
        }
    }
}
