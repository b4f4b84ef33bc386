# Every example in the help of every exported cmdlet runs as written against a fresh mock platform
# (the demo agents), connected, and writes no error; and every Output block shows what its example writes.
#
# The examples run as build.ps1 -Task Samples runs them (build/Samples.psm1, Invoke-HelpSampleRun): in
# one child pwsh, each in a runspace of its own with the module imported, from an empty folder of its
# own, after the mock server has been reset, rendered as a console shows them at the samples' width. The
# child's HTTP_PROXY and HTTPS_PROXY point at a closed port on this machine: an example that would reach
# another host fails there, and nothing leaves the machine. A reader is taken to have two variables:
# $key (the API key as a SecureString) and $credential (a PSCredential holding it); RUNAGENTS_API_KEY and
# RUNAGENTS_ENDPOINT are set, as in a runbook. What cannot run unattended, the illustrations and what an
# example needs first are in build/HelpExamples.ps1.

BeforeDiscovery {
    Import-Module $env:RUNAGENTS_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../build/HelpCompiler.psm1') -Force
    $docs = Join-Path $PSScriptRoot '../docs'
    $exported = @((Get-Module RunAgents).ExportedCmdlets.Keys | Sort-Object)
    $examples = foreach ($cmdlet in $exported) {
        $page = Join-Path $docs "$cmdlet.md"
        if (-not (Test-Path $page)) { continue }
        foreach ($example in (Get-MarkdownHelpExample -Path $page)) {
            @{ Id = "$cmdlet/$($example.Title)"; Cmdlet = $cmdlet; Number = $example.Number; Code = $example.Code; Output = $example.Output }
        }
    }
    $samples = @($examples | Where-Object { $null -ne $_.Output })
}

Describe 'The help examples' -ForEach @{ All = @($examples); Exported = $exported } {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Import-Module (Join-Path $PSScriptRoot '../build/Samples.psm1') -Force
        $setup = & (Join-Path $PSScriptRoot '../build/HelpExamples.ps1')
        $script:Unattended = $setup.Unattended
        $script:Illustrations = $setup.Illustrations
        $script:Arrange = $setup.Arrange

        $server = Start-SampleServer -Path $env:RUNAGENTS_TEST_MOCKSERVER
        $runnable = @($All | Where-Object { -not $Unattended.ContainsKey($_.Id) } |
                ForEach-Object { [pscustomobject]@{ Id = $_.Id; Code = $_.Code; Arrange = $Arrange[$_.Id] } })
        $sampleRun = Invoke-HelpSampleRun -ModulePath $env:RUNAGENTS_TEST_MODULE -Server $server -WorkFolder (Join-Path $TestDrive 'examples') -Example $runnable -TimeoutSec 540
        $script:Run = $sampleRun.Run
        $script:Results = $sampleRun.Results

        function Format-SampleDifference {
            # The first line where a page's Output block and what its example wrote part, with both texts.
            param([string] $Page, [string] $Expected, [string] $Actual)
            $old = @($Expected -split "`n")
            $new = @($Actual -split "`n")
            $line = 0
            while ($line -lt [Math]::Min($old.Count, $new.Count) -and $old[$line] -ceq $new[$line]) { $line++ }
            $first = if ($line -lt $old.Count) { $old[$line] } else { '(the block ends)' }
            $written = if ($line -lt $new.Count) { $new[$line] } else { '(nothing more)' }
            "$Page differs from what the example writes at line $($line + 1) of its Output block:`n  page:    $first`n  example: $written`n" +
            "Run 'build.ps1 -Task Samples' to write the new output.`n--- what the example writes:`n$Actual`n---"
        }
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

    It 'skips, arranges and illustrates only examples that exist' {
        $ids = @($All | ForEach-Object Id)
        @($Unattended.Keys + $Arrange.Keys + $Illustrations.Keys | Where-Object { $_ -notin $ids }) | Should -BeNullOrEmpty -Because 'an entry for an example that was renamed or removed must go'
    }

    It 'marks as illustrations only examples that show an Output block' {
        $shown = @($All | Where-Object { $null -ne $_.Output } | ForEach-Object Id)
        @($Illustrations.Keys | Where-Object { $_ -notin $shown }) | Should -BeNullOrEmpty
    }

    It '<Id> runs as written' -ForEach $examples {
        if ($Unattended.ContainsKey($Id)) {
            Set-ItResult -Skipped -Because $Unattended[$Id]
            return
        }
        $Results.ContainsKey($Id) | Should -BeTrue -Because 'the child session runs every example that is not skipped'
        $Results[$Id].Failures | Should -BeNullOrEmpty -Because "this example should run against the demo platform as written:`n$Code`n"
    }

    It '<Id> shows in docs/<Cmdlet>.md what it writes' -ForEach $samples {
        if ($Illustrations.ContainsKey($Id)) {
            Set-ItResult -Skipped -Because "its Output block is an illustration: $($Illustrations[$Id])"
            return
        }
        $Unattended.ContainsKey($Id) | Should -BeFalse -Because "it cannot run unattended ($($Unattended[$Id])), so its Output block must be marked as an illustration in build/HelpExamples.ps1"
        $Results.ContainsKey($Id) | Should -BeTrue -Because 'the child session runs every example that is not skipped'
        $written = $Results[$Id].Text
        if ($written -cne $Output) {
            throw (Format-SampleDifference -Page "docs/$Cmdlet.md, $Id" -Expected $Output -Actual $written)
        }
    }
}
