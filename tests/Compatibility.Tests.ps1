# The built module on other PowerShell 7 engines than the one running the suite: PowerShell 7.5.4, once as
# released and once with the Microsoft.Bcl.AsyncInterfaces 5.0 that PowerShell 7.4.0 and 7.4.1 carry, each on the
# .NET 9 it was made for. build/PowerShellEngines.ps1 assembles them from NuGet packages into out/engines (under a
# minute the first time) and keeps them there for later runs.

BeforeDiscovery {
    # The engines are made for Linux; elsewhere the check is skipped, and says why.
    $unavailable = & (Join-Path $PSScriptRoot '../build/PowerShellEngines.ps1') -Reason
}

Describe 'RunAgents on PowerShell 7 engines that carry other assemblies' -ForEach @(@{ Unavailable = $unavailable }) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

        function Invoke-Engine {
            # Runs the import script in a fresh 'pwsh -NoProfile' of an engine, on its own .NET root only, and returns its report.
            param($Engine)
            $info = [Diagnostics.ProcessStartInfo]::new($Engine.Pwsh)
            foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', $script:importScript) { $info.ArgumentList.Add($argument) }
            $info.Environment['DOTNET_ROOT'] = $Engine.DotnetRoot
            foreach ($name in @($info.Environment.Keys) -match '^DOTNET_(ROLL_FORWARD|ROOT_)') { $null = $info.Environment.Remove($name) }
            $info.Environment['RUNAGENTS_TEST_URI'] = "$($server.Uri)"
            $info.RedirectStandardOutput = $true
            $info.RedirectStandardError = $true
            $child = [Diagnostics.Process]::Start($info)
            $stdout = $child.StandardOutput.ReadToEndAsync()
            $stderr = $child.StandardError.ReadToEndAsync()
            $child.WaitForExit()
            if ($child.ExitCode -ne 0) { throw "The engine in $($Engine.Path) failed ($($child.ExitCode)): $($stdout.Result) $($stderr.Result)" }
            $stdout.Result | ConvertFrom-Json
        }

        $script:commandCount = @((Import-PowerShellDataFile $env:RUNAGENTS_TEST_MODULE).CmdletsToExport).Count
        if (-not $Unavailable) {
            $engines = & (Join-Path $PSScriptRoot '../build/PowerShellEngines.ps1')
            $script:released = $engines | Where-Object BclVersion -eq '8.0.0'
            $script:oldBcl = $engines | Where-Object BclVersion -eq '5.0.0'
            $server = Start-RAMockServer
            Connect-TestServer $server
        }

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

    BeforeEach {
        if ($Unavailable) { Set-ItResult -Skipped -Because $Unavailable }
    }

    AfterAll {
        Disconnect-RAService
        if ($server) { $server | Stop-RAMockServer }
    }

    Context 'PowerShell 7.5.4 as released' {
        BeforeAll {
            if ($Unavailable) { return }
            $null = Invoke-RAMock $server POST reset
            $report = Invoke-Engine $script:released
        }

        It 'carries Microsoft.Bcl.AsyncInterfaces 8.0' {
            $report.PSVersion | Should -Be '7.5.4'
            $report.Bcl | Should -Be '8.0.0.0'
        }

        It 'imports the module and lists every agent' {
            $report.Message | Should -BeNullOrEmpty
            $report.Commands | Should -Be $commandCount
            $report.Agents | Should -Be @(Get-RAAgent | ForEach-Object { "$($_.Namespace)/$($_.Name)" })
        }
    }

    Context 'PowerShell 7.5.4 with the Microsoft.Bcl.AsyncInterfaces 5.0 of PowerShell 7.4.0 and 7.4.1' {
        BeforeAll {
            if ($Unavailable) { return }
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
