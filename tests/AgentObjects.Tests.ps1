# Agents as objects: tables that fit any width.

Describe 'Agent objects and their views' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        Connect-TestServer $server

        function Get-TextLine {
            # The non-blank lines of rendered output, without the colour sequences a host may add.
            param([Parameter(Mandatory, ValueFromPipeline)] [AllowEmptyString()] [string] $Text)
            process { $Text -replace "$([char]27)\[[0-9;]*m", '' -split '\r?\n' | Where-Object { $_.Trim() } }
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    Context 'the agent table at any width' {
        It 'fits <Width> columns with each header on one line and every agent whole' -ForEach @(
            @{ Width = 120; Header = '^Namespace\s+Name\s+Phase\s+Model\s+Image$' }
            @{ Width = 80; Header = '^Namespace\s+Name\s+Phase\s+Model\s+Image$' }
            @{ Width = 60; Header = '^Namespace\s+Name\s+Phase\s+Model$' }
        ) {
            $lines = Get-RAAgent | Format-Table | Out-String -Width $Width | Get-TextLine

            $lines[0].TrimEnd() | Should -Match $Header
            $lines[1].TrimEnd() | Should -Match '^-+(\s+-+)+$'
            $lines.Count | Should -Be 11
            $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $Width }
            $lines -join "`n" | Should -Match '(?m)^agent-system\s+workflow-orchestrator\s+Running\s'
            $lines -join "`n" | Should -Match '(?m)^finance\s+fraud-detector\s+Failed\s+gpt-4o\s'
        }

        It 'shows whole images at 120 columns' {
            $text = Get-RAAgent | Format-Table | Out-String -Width 120 | Get-TextLine | Join-String -Separator "`n"

            $text | Should -Match '(?m)^agent-system\s+payment-agent\s+Running\s+gpt-4o-mini\s+registry\.runagents\.io/payment-agent:a1b2c3$'
            $text | Should -Match '(?m)^agent-system\s+workflow-orchestrator\s+Running\s+claude-3-5-\S+\s+registry\.runagents\.io/workflow-orchestrator:9f8e7d1$'
        }

        It 'cuts the model and the image short with an ellipsis at 80 columns' {
            $lines = Get-RAAgent | Format-Table | Out-String -Width 80 | Get-TextLine

            $row = $lines | Where-Object { $_ -match '^agent-system\s+workflow-orchestrator' }
            $row | Should -Match '\sRunning\s+claude-3-5-\S*… registry\.run\S*…$'
            $lines | Select-Object -Skip 2 | ForEach-Object { $_ | Should -Match '\sregistry\.\S+$' }
        }

        It 'fits the width of a runbook whose output is redirected' {
            $run = Invoke-ChildPwsh -Environment @{ RUNAGENTS_API_KEY = 'test-key'; RUNAGENTS_ENDPOINT = $server.Uri.AbsoluteUri } -Script @'
"width=$($Host.UI.RawUI.BufferSize.Width)"
Get-RAAgent
'@

            $run.Errors | Should -BeNullOrEmpty
            $lines = $run.Output | Get-TextLine
            $lines[0] | Should -Match '^width=\d+$'
            $width = [int]($lines[0] -replace 'width=')
            $table = $lines | Select-Object -Skip 1
            $table[0].TrimEnd() | Should -Match '^Namespace\s+Name\s+Phase\s+Model(\s+Image)?$'
            if ($width -ge 80) { $table[0] | Should -Match 'Image' }
            $table[1].TrimEnd() | Should -Match '^-+(\s+-+)+$'
            $table.Count | Should -Be 11
            $table | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $width }
        }

        It 'keeps failed agents red where the host renders colour' {
            $rendering = $PSStyle.OutputRendering
            try {
                $PSStyle.OutputRendering = 'Ansi'
                $table = Get-RAAgent -Namespace finance | Format-Table | Out-String -Width 80
            }
            finally { $PSStyle.OutputRendering = $rendering }

            $table | Should -Match "fraud-detector\s+$([char]27)\[91mFailed$([char]27)\[0m"
        }
    }

    Context 'the connection table' {
        It 'fits 80 columns with each header on one line' {
            $lines = Get-RAConnection | Format-Table | Out-String -Width 80 | Get-TextLine

            $lines[0].TrimEnd() | Should -Match '^KeyHint\s+KeySource\s+UriSource\s+Generation\s+Uri$'
            $lines[1].TrimEnd() | Should -Match '^-+(\s+-+)+$'
            $lines[2] | Should -Match "^\*{4}\S*\s+Parameter\s+Parameter\s+Namespaced\s+$([regex]::Escape($server.Uri.AbsoluteUri))$"
            $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
        }

        It 'still shows a connection as a list by default' {
            Get-RAConnection | Out-String | Should -Match 'KeyHint\s+: \*{4}'
        }
    }
}
