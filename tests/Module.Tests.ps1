# The module as a user installs it: the manifest, what it exports, and how its objects look.

Describe 'RunAgents module' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        Connect-TestServer $server

        # Every cmdlet the module exports, as the manifest (the one hand-kept list) names them, sorted.
        $script:Exported = Get-ManifestCmdlet

        function Invoke-FreshPwsh {
            # Runs a command in a new 'pwsh -NoProfile' (the dotnet tool runs as 'dotnet pwsh.dll').
            param([Parameter(Mandatory)] [string] $Command)
            $process = [Environment]::ProcessPath
            [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
            $output = & $process @prefix -NoProfile -NonInteractive -Command $Command 2>&1
            [pscustomobject]@{ Output = @($output); ExitCode = $LASTEXITCODE }
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    Context 'as installed' {
        It 'imports in a fresh pwsh -NoProfile from its folder and exports exactly its cmdlets' {
            $folder = (Split-Path $env:RUNAGENTS_TEST_MODULE).Replace("'", "''")
            $run = Invoke-FreshPwsh "`$ErrorActionPreference = 'Stop'; Import-Module '$folder'; (Get-Command -Module RunAgents | Sort-Object Name).Name -join ','"

            $run.ExitCode | Should -Be 0 -Because ($run.Output -join [Environment]::NewLine)
            ($run.Output | Select-Object -Last 1) | Should -BeExactly ($Exported -join ',')
        }

        It 'lists exactly its cmdlets with Get-Command -Module RunAgents' {
            $names = (Get-Command -Module RunAgents).Name | Sort-Object
            $names | Should -Be $Exported
            (Get-Command -Module RunAgents).CommandType | Sort-Object -Unique | Should -Be 'Cmdlet'
        }

        It 'passes Test-ModuleManifest on the built manifest' {
            $manifest = Test-ModuleManifest -Path $env:RUNAGENTS_TEST_MODULE -ErrorAction Stop
            $manifest.Name | Should -Be 'RunAgents'
            $manifest.RootModule | Should -Be 'RunAgents.PowerShell.dll'
            $manifest.ExportedCmdlets.Keys | Sort-Object | Should -Be $Exported
            (Get-Module RunAgents).Version | Should -Be $manifest.Version
        }

        It 'ships its format data and help beside the manifest' {
            $folder = Split-Path $env:RUNAGENTS_TEST_MODULE
            Join-Path $folder 'RunAgents.Format.ps1xml' | Should -Exist
            Join-Path $folder 'en-US/RunAgents.PowerShell.dll-Help.xml' | Should -Exist
            Join-Path $folder 'en-US/about_RunAgents.help.txt' | Should -Exist
        }
    }

    Context 'default views' {
        It 'shows Namespace, Name, Phase, Model and ImageName in the default table of Get-RAAgent' {
            $table = Get-RAAgent | Out-String -Width 120
            $lines = $table -split '\r?\n' | Where-Object { $_.Trim() }

            $lines[0] | Should -Match '^Namespace\s+Name\s+Phase\s+Model\s+ImageName\s*$'
            $table | Should -Match 'finance\s+fraud-detector\s+\S*Failed\S*\s+gpt-4o\s+fraud-detector:7c4d2e9'
            $table | Should -Match 'agent-system\s+payment-agent\s+\S*Running\S*\s+gpt-4o-mini'
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 120 }
        }

        It 'shows failed agents in red where the host renders colour' {
            $rendering = $PSStyle.OutputRendering
            try {
                $PSStyle.OutputRendering = 'Ansi'
                $table = Get-RAAgent -Namespace finance | Out-String -Width 120
            }
            finally { $PSStyle.OutputRendering = $rendering }

            $table | Should -Match "fraud-detector\s+$([char]27)\[91mFailed$([char]27)\[0m"
            $table | Should -Match "invoice-processor\s+Running\s"
        }

        It 'shows plain phases when the output is plain text' {
            $rendering = $PSStyle.OutputRendering
            try {
                $PSStyle.OutputRendering = 'PlainText'
                $table = Get-RAAgent -Namespace finance | Out-String -Width 120
            }
            finally { $PSStyle.OutputRendering = $rendering }

            $table | Should -Not -Match ([char]27)
            $table | Should -Match 'fraud-detector\s+Failed\s'
        }

        It 'shows the status message, system prompt, tools and environment in Format-List' {
            $list = Get-RAAgent -Namespace finance -Name fraud-detector | Format-List | Out-String -Width 200

            $list | Should -Match 'Phase\s+: Failed'
            $list | Should -Match 'StatusMessage\s+: ImagePullBackOff'
            $list | Should -Match 'SystemPrompt\s+: You score card transactions for fraud risk'
            $list | Should -Match 'Tools\s+: transaction-history, risk-rules'
            $list | Should -Match 'Env\s+: LLM_MODEL=gpt-4o'
            $list | Should -Match 'LLM_PROVIDER=openai'
            $list | Should -Match 'Labels\s+: platform\.ai/identity-provider=azure-ad'
        }

        It 'shows the key hint, not the key, in the connection view' {
            $key = 'view-test-key-K3Y9'
            $second = Start-RAMockServer -ApiKey $key -Seed none
            try {
                $connection = Connect-TestServer $second -Key $key -PassThru
                $text = $connection | Out-String

                $text | Should -Match 'KeyHint\s+: \*{4}K3Y9'
                $text | Should -Match 'KeySource\s+: Parameter'
                $text | Should -Match "Uri\s+: $([regex]::Escape($second.Uri.AbsoluteUri))"
                $text | Should -Not -Match ([regex]::Escape($key))
                (Get-RAConnection | Out-String) | Should -Not -Match ([regex]::Escape($key))
            }
            finally {
                Connect-TestServer $server
                $second | Stop-RAMockServer
            }
        }

        It 'shows which agent answered, its status and its answer in the table of Invoke-RAAgent' {
            $table = Invoke-RAAgent -Namespace finance -Name invoice-processor -Message 'hello' | Format-Table | Out-String -Width 120

            $table | Should -Match 'Agent\s+Status\s+Response'
            $table | Should -Match 'finance/invoice-processor\s+200\s+Echo: hello'
        }
    }
}
