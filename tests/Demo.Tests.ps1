# The demo (build.ps1 -Task Demo, build/Demo.ps1): it runs every cmdlet the manifest exports, as it says,
# each step writes only the errors it shows on purpose, and the README's tour shows exactly what the demo
# shows, block by block (build.ps1 -Task Samples writes them).

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../build/Samples.psm1') -Force
    $blocks = @(Get-ReadmeSample -Path (Join-Path $PSScriptRoot '../README.md') | Where-Object Kind -EQ 'Demo' |
            ForEach-Object { @{ Name = $_.Name; Text = $_.Text; Line = $_.Line } })
}

Describe 'The demo' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Import-Module (Join-Path $PSScriptRoot '../build/Samples.psm1') -Force
        $readme = Join-Path $PSScriptRoot '../README.md'
        $demo = Invoke-DemoRun -ModulePath $env:RUNAGENTS_TEST_MODULE -MockServerPath $env:RUNAGENTS_TEST_MOCKSERVER -WorkFolder (Join-Path $TestDrive 'demo') -TimeoutSec 300
        $script:Run = $demo.Run
        $script:Steps = @($demo.Steps)
        $script:Sections = Get-DemoSampleText -Step $Steps
        # The manifest's list is the one hand-kept list of cmdlets.
        $script:Exported = @((Import-PowerShellDataFile (Join-Path $PSScriptRoot '../RunAgents.psd1')).CmdletsToExport)

        function Get-StepCommand {
            # The names of the commands a step's code calls.
            param([string] $Code)
            [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $null, [ref] $null).FindAll(
                { param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() }
        }

        function Test-ExpectedError {
            # Whether an error ('Id,Class: message') is one the step shows on purpose.
            param([string] $Failure, [string[]] $Expected)
            [bool]($Expected | Where-Object { $Failure -like "$_,*" })
        }
    }

    It 'runs to its end' {
        $Run.TimedOut | Should -BeFalse
        $Run.ExitCode | Should -Be 0 -Because $Run.Errors
        $Steps.Count | Should -BeGreaterThan 10
    }

    It 'runs every cmdlet the manifest exports, each in a step that writes no error' {
        $clean = @($Steps | Where-Object { -not @($_.Errors) -and -not $_.TimedOut } | ForEach-Object { Get-StepCommand $_.Command } | Sort-Object -Unique)

        @($Exported | Where-Object { $_ -notin $clean }) | Should -BeNullOrEmpty -Because 'build/Demo.ps1 says it shows every cmdlet at work'
    }

    It 'writes only the errors its steps show on purpose, and each of those' {
        foreach ($step in $Steps) {
            $unexpected = @(@($step.Errors) | Where-Object { -not (Test-ExpectedError $_ @($step.Expected)) })
            $unexpected | Should -BeNullOrEmpty -Because "the step '$($step.Command)' should run as written"
            foreach ($id in @($step.Expected)) {
                @(@($step.Errors) | Where-Object { $_ -like "$id,*" }) | Should -Not -BeNullOrEmpty -Because "the step '$($step.Command)' shows the error $id"
            }
        }
    }

    It 'puts each section of the demo in a README block, and each README block is a section' {
        $named = @(Get-ReadmeSample -Path $readme | Where-Object Kind -EQ 'Demo' | ForEach-Object Name)

        @($Sections.Keys | Where-Object { $_ -notin $named }) | Should -BeNullOrEmpty -Because 'every section of the demo is shown in README.md after <!-- demo: section -->'
        @($named | Where-Object { $_ -notin $Sections.Keys }) | Should -BeNullOrEmpty -Because 'every <!-- demo: section --> of README.md names a section of build/Demo.ps1'
        @($named | Group-Object | Where-Object Count -GT 1 | ForEach-Object Name) | Should -BeNullOrEmpty
    }

    It 'marks every README block that shows a prompt as a demo section or an illustration' {
        $unmarked = @(Get-ReadmeSample -Path $readme | Where-Object Kind -EQ 'Unmarked' | ForEach-Object { "line $($_.Line)" })

        $unmarked | Should -BeNullOrEmpty -Because 'a sample of the README comes from the demo (<!-- demo: section -->) or says why it cannot (<!-- illustration: reason -->)'
    }

    It 'shows in the README block ''<Name>'' (line <Line>) what the demo shows' -ForEach $blocks {
        $Sections.Contains($Name) | Should -BeTrue -Because "build/Demo.ps1 should have a section '$Name'"
        $shown = $Sections[$Name]
        if ($shown -cne $Text) {
            $old = @($Text -split "`n")
            $new = @($shown -split "`n")
            $at = 0
            while ($at -lt [Math]::Min($old.Count, $new.Count) -and $old[$at] -ceq $new[$at]) { $at++ }
            $page = if ($at -lt $old.Count) { $old[$at] } else { '(the block ends)' }
            $demoLine = if ($at -lt $new.Count) { $new[$at] } else { '(nothing more)' }
            throw ("README.md, the '$Name' block (line $Line) differs from the demo at line $($Line + $at):`n  README: $page`n  demo:   $demoLine`n" +
                "Run 'build.ps1 -Task Samples' to write the new output.`n--- what the demo shows:`n$shown`n---")
        }
    }
}
