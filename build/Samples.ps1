<#
.SYNOPSIS
    Rewrites the sample outputs of README.md and docs/*.md from real runs: the demo's steps for the README's
    tour, the help examples for the Output blocks of the cmdlet pages.

.DESCRIPTION
    build.ps1 -Task Samples runs this after building the module and the mock. The runs are the ones the
    tests make (build/Samples.psm1): tests/Demo.Tests.ps1 and tests/HelpExamples.Tests.ps1 fail when a
    sample differs from what this writes. Nothing is written from a run that went wrong: an example that
    writes an error keeps its old Output, and a demo step with an error it does not expect stops the
    task before the README is touched. Illustrations (build/HelpExamples.ps1) are left as they are.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $MockServerPath
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/MockServer.psm1')
Import-Module (Join-Path $PSScriptRoot 'Samples.psm1')
Import-Module (Join-Path $PSScriptRoot 'HelpCompiler.psm1')

$root = Split-Path $PSScriptRoot
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$work = Join-Path ([IO.Path]::GetTempPath()) "runagents-samples-$PID"
$problems = [System.Collections.Generic.List[string]]::new()
try {
    Write-Host 'Running the demo...'
    $demo = Invoke-DemoRun -ModulePath $ModulePath -MockServerPath $MockServerPath -WorkFolder (Join-Path $work 'demo')
    if ($demo.Run.TimedOut -or $demo.Run.ExitCode -ne 0 -or -not $demo.Steps) {
        throw "The demo did not run (exit code $($demo.Run.ExitCode)): $($demo.Run.Errors)"
    }
    foreach ($step in $demo.Steps) {
        foreach ($failure in @($step.Errors)) {
            if (-not (@($step.Expected) | Where-Object { $failure -like "$_,*" })) { $problems.Add("demo, $($step.Command): $failure") }
        }
        if ($step.TimedOut) { $problems.Add("demo, $($step.Command): it did not end") }
    }
    if ($problems.Count) { throw "The demo went wrong, so README.md is left as it was:`n$($problems -join "`n")" }
    $readme = Join-Path $root 'README.md'
    foreach ($name in (Set-ReadmeSample -Path $readme -Text (Get-DemoSampleText -Step $demo.Steps))) { Write-Host "README.md: rewrote the '$name' block" }

    $setup = & (Join-Path $PSScriptRoot 'HelpExamples.ps1')
    $exported = (Import-PowerShellDataFile (Join-Path $root 'RunAgents.psd1')).CmdletsToExport
    $examples = foreach ($cmdlet in $exported) {
        $page = Join-Path $root "docs/$cmdlet.md"
        if (-not (Test-Path -LiteralPath $page)) { continue }
        foreach ($example in (Get-MarkdownHelpExample -Path $page)) {
            $id = "$cmdlet/$($example.Title)"
            if ($setup.Unattended.ContainsKey($id)) { continue }
            [pscustomobject]@{ Id = $id; Page = $page; Number = $example.Number; Code = $example.Code; Output = $example.Output; Arrange = $setup.Arrange[$id] }
        }
    }
    Write-Host "Running $(@($examples).Count) help examples..."
    $server = Start-SampleServer -Path $MockServerPath
    try {
        $run = Invoke-HelpSampleRun -ModulePath $ModulePath -Server $server -WorkFolder (Join-Path $work 'examples') -Example @($examples)
    }
    finally {
        $server | Stop-RAMockServer
    }
    if ($run.Run.TimedOut -or $run.Run.ExitCode -ne 0) { throw "The help examples did not run (exit code $($run.Run.ExitCode)): $($run.Run.Errors)" }
    foreach ($page in ($examples | Group-Object Page)) {
        $texts = @{}
        foreach ($example in $page.Group) {
            if ($null -eq $example.Output -or $setup.Illustrations.ContainsKey($example.Id)) { continue }
            $result = $run.Results[$example.Id]
            if (-not $result) { $problems.Add("$($example.Id): it did not run"); continue }
            if ($result.Failures) { $problems.Add("$($example.Id): $($result.Failures -join '; ')"); continue }
            $texts[$example.Number] = $result.Text
        }
        foreach ($number in (Set-HelpSample -Path $page.Name -Text $texts)) {
            Write-Host "docs/$(Split-Path -Leaf $page.Name): rewrote the output of example $number"
        }
    }
    if ($problems.Count) { throw "These examples went wrong and keep their old output:`n$($problems -join "`n")" }
    Write-Host 'Samples are up to date.'
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
