# The first contact a user has: Install-PSResource from a repository, then Import-Module by name in a clean session.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MockServer.psm1') -Force
    $moduleFolder = Split-Path -Parent $env:RUNAGENTS_TEST_MODULE

    function Invoke-CleanPwsh {
        # Runs a command in a new 'pwsh -NoProfile' with a throwaway HOME, and returns its output lines.
        param([string] $Command, [hashtable] $Environment = @{})
        $process = [Environment]::ProcessPath
        $info = [Diagnostics.ProcessStartInfo]::new($process)
        if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', $Command) { $info.ArgumentList.Add($argument) }
        # Publish-PSResource leaves a NuGet folder in the working folder: keep it in the test drive.
        $info.WorkingDirectory = $TestDrive
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.Environment['HOME'] = $script:tempHome
        $info.Environment.Remove('XDG_DATA_HOME') | Out-Null
        $info.Environment.Remove('XDG_CONFIG_HOME') | Out-Null
        foreach ($name in $Environment.Keys) { $info.Environment[$name] = $Environment[$name] }
        $child = [Diagnostics.Process]::Start($info)
        $stdout = $child.StandardOutput.ReadToEndAsync()
        $stderr = $child.StandardError.ReadToEndAsync()
        $child.WaitForExit()
        [pscustomobject]@{ ExitCode = $child.ExitCode; Output = $stdout.Result; Errors = $stderr.Result }
    }

    $script:tempHome = Join-Path $TestDrive 'home'
    $null = New-Item -ItemType Directory -Path $script:tempHome
    # The build's own Package step publishes; the user's side installs from the folder it filled.
    $packageOut = Join-Path $TestDrive 'out'
    $null = New-Item -ItemType Directory -Path $packageOut
    $repository = Join-Path $packageOut 'repository'
    $packageScript = Join-Path $PSScriptRoot '../build/Package.ps1'
    $script:install = Invoke-CleanPwsh -Command @"
`$ErrorActionPreference = 'Stop'
`$null = & '$packageScript' -ModuleFolder '$moduleFolder' -OutputFolder '$packageOut'
Register-PSResourceRepository -Name LocalTest -Uri '$repository' -Trusted
Install-PSResource -Name RunAgents -Repository LocalTest -Scope CurrentUser -TrustRepository
(Get-InstalledPSResource -Name RunAgents).InstalledLocation
"@
    $script:server = Start-RAMockServer -ApiKey 'install-test-key-0001' -Seed demo
}

AfterAll {
    if ($script:server) { $script:server | Stop-RAMockServer }
}

Describe 'Installing RunAgents from a repository' {
    It 'publishes and installs without an error' {
        $script:install.Errors | Should -BeNullOrEmpty
        $script:install.ExitCode | Should -Be 0
    }

    It 'leaves a .nupkg of the manifest version in the output folder and the repository' {
        $version = (Import-PowerShellDataFile $env:RUNAGENTS_TEST_MODULE).ModuleVersion
        Get-ChildItem (Join-Path $TestDrive 'out') -Filter "RunAgents.$version.nupkg" | Should -HaveCount 1
        Get-ChildItem (Join-Path $TestDrive 'out/repository') -Filter "RunAgents.$version.nupkg" | Should -HaveCount 1
    }

    It 'leaves no repository registered behind' {
        $script:install.Output | Should -Not -Match 'RunAgentsBuild-'
        $listed = Invoke-CleanPwsh -Command '(Get-PSResourceRepository).Name -join ","'
        $listed.Output | Should -Not -Match 'RunAgentsBuild-'
    }

    Context 'in a new session whose module path holds only the install folder and the built-in ones' {
        BeforeAll {
            $script:session = Invoke-CleanPwsh -Environment @{
                PSModulePath       = ''
                RUNAGENTS_API_KEY  = 'install-test-key-0001'
                RUNAGENTS_ENDPOINT = $script:server.Uri.AbsoluteUri
            } -Command @'
$ErrorActionPreference = 'Stop'
Import-Module RunAgents
[pscustomobject]@{
    Path     = (Get-Module RunAgents).ModuleBase
    Commands = @((Get-Command -Module RunAgents).Name | Sort-Object)
    Agents   = @(Get-RAAgent | ForEach-Object { "$($_.Namespace)/$($_.Name)" })
    Version  = (Get-Module RunAgents).Version.ToString()
} | ConvertTo-Json -Compress
'@
            $script:result = if ($script:session.ExitCode -eq 0) { $script:session.Output | ConvertFrom-Json }
        }

        It 'imports the module by name' {
            $script:session.Errors | Should -BeNullOrEmpty
            $script:session.ExitCode | Should -Be 0
            $script:result.Path | Should -BeLike "$($script:tempHome)*"
        }

        It 'exports exactly the intended cmdlets' {
            # The manifest's CmdletsToExport is the one hand-kept list of cmdlets.
            $intended = @((Import-PowerShellDataFile (Join-Path $PSScriptRoot '../RunAgents.psd1')).CmdletsToExport | Sort-Object)
            $intended.Count | Should -BeGreaterThan 14
            $script:result.Commands | Should -Be $intended
        }

        It 'lists the agents of the platform the environment points at' {
            $script:result.Agents | Should -Contain 'agent-system/payment-agent'
            $script:result.Agents | Should -HaveCount 9
        }

        It 'sends the manifest version in the User-Agent' {
            $request = Get-RAMockJournal $script:server | Where-Object method -EQ 'GET' | Select-Object -Last 1
            $request.headers.'User-Agent' | Should -Match "^RunAgents-PowerShell/$([regex]::Escape($script:result.Version)) PowerShell/7\."
        }
    }
}
