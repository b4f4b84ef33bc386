<#
.SYNOPSIS
    Starts the mock platform with the demo agents on a free port, prints the lines that connect another
    PowerShell to it, and runs until Ctrl+C.

.DESCRIPTION
    For trying the module by hand: build.ps1 -Task Mock builds the module and the mock, then runs this.
    The platform is the one the demo and the tests use (nine agents, the approval flow, both API
    generations, the demo's keys), with its real clock and its usual delays: a deployed agent takes a
    second to start, an approved run a moment to finish. As in the demo, the Pending agent
    (agent-system/policy-guard) starts at the second look at it, so that the tour's
    'Get-RAAgent -Phase Pending | Wait-RAAgent' ends. Ctrl+C (or the end of this process) stops it.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $MockServerPath
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/MockServer.psm1')
Import-Module (Join-Path $PSScriptRoot 'Samples.psm1')

$settings = Get-SampleSetting
$manifest = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$quote = { param($text) "'" + "$text".Replace("'", "''") + "'" }
$server = Start-RAMockServer -Path $MockServerPath -Seed demo -ApiKey $settings.ApiKey, $settings.WorkspaceKey
try {
    # The tour waits for the Pending agent; without this it would stay Pending and the wait would run out.
    $null = Invoke-RAMock $server POST phases @{ namespace = 'agent-system'; name = 'policy-guard'; steps = @(
            @{ phase = 'Pending'; message = 'pulling image' }, @{ phase = 'Running'; message = '' }) }
    $key = "(ConvertTo-SecureString $(& $quote $settings.ApiKey) -AsPlainText -Force)"
    $workspaceKey = "(ConvertTo-SecureString $(& $quote $settings.WorkspaceKey) -AsPlainText -Force)"
    Write-Host "Mock RunAgents platform listening on $($server.Uri) with the demo agents." -ForegroundColor Cyan
    Write-Host 'Paste these lines into another PowerShell (7.4.2 or later):'
    Write-Host ''
    # The module's folder on PSModulePath: runspaces of ForEach-Object -Parallel and thread jobs load modules by name.
    Write-Host "    `$env:PSModulePath = $(& $quote (Split-Path (Split-Path $manifest))) + [IO.Path]::PathSeparator + `$env:PSModulePath"
    Write-Host "    Import-Module $(& $quote $manifest)"
    Write-Host "    Connect-RAService -Uri $(& $quote $server.Uri) -ApiKey $key"
    Write-Host ''
    Write-Host 'The first line lets ForEach-Object -Parallel and thread jobs load the module too. Then try the'
    Write-Host "README's tour: Get-RAAgent, Invoke-RAAgent finance payment-approver 'Refund order 1042', ..."
    Write-Host "The v1 workspace API of the same platform: Connect-RAService -Uri $(& $quote "$($server.Uri)api/v1/workspaces/revops") -ApiKey $workspaceKey"
    Write-Host 'Press Ctrl+C to stop the mock platform.' -ForegroundColor Cyan
    while (-not $server.Process.WaitForExit(500)) { }
    # Ctrl+C in a terminal reaches the mock too, which then ends first.
    Write-Host "The mock platform ended (exit code $($server.Process.ExitCode))."
}
finally {
    $server | Stop-RAMockServer
    Write-Host 'Mock platform stopped.' -ForegroundColor Cyan
}
