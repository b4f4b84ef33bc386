<#
.SYNOPSIS
    Shows each RunAgents cmdlet at work against the mock server: list, get one, invoke, remove with -WhatIf, then for
    real, then an agent's life: deploy, an invoke that pauses for approval, the approval, the run and its answer;
    then model providers and their spend; last, the same platform through its v1 workspace API, with a workspace key.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $MockServerPath
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/MockServer.psm1')
Import-Module (Resolve-Path -LiteralPath $ModulePath).ProviderPath

function Show-Step([string] $Command) {
    # Runs one command as a user would type it: its errors are shown, and the demo goes on.
    Write-Host ''
    Write-Host "PS> $Command" -ForegroundColor Green
    $ErrorActionPreference = 'Continue'
    & ([scriptblock]::Create($Command)) 2>&1 | Out-String -Width 120 | Write-Host
}

$server = Start-RAMockServer -Path $MockServerPath -ApiKey 'demo-key-0123456789', 'ra_ws_demo-key-9876543210' -Seed demo
try {
    Write-Host "Mock RunAgents platform listening on $($server.Uri)" -ForegroundColor Cyan
    $env:RUNAGENTS_DEMO_URI = $server.Uri
    Show-Step 'Connect-RAService -Uri $env:RUNAGENTS_DEMO_URI -ApiKey (ConvertTo-SecureString "demo-key-0123456789" -AsPlainText -Force) -PassThru'
    Show-Step 'Get-RAConnection'
    Show-Step 'Get-RAAgent'
    Show-Step 'Get-RAAgent -Phase Failed'
    Show-Step 'Get-RAAgent -Namespace agent-system -Name payment-agent | Format-List'
    Show-Step 'Invoke-RAAgent agent-system payment-agent -Message "What are the recent charges?" -ConversationId conv-123'
    Show-Step 'Get-RAAgent -Namespace support | Invoke-RAAgent -Message ping'
    # The platform brings the pending agent up after two more polls.
    $null = Invoke-RAMock $server POST phases @{ namespace = 'agent-system'; name = 'policy-guard'; steps = @(
            @{ phase = 'Pending'; message = 'pulling image' }, @{ phase = 'Running'; message = '' }) }
    Show-Step 'Get-RAAgent -Phase Pending | Wait-RAAgent -PollIntervalSec 1'
    Show-Step 'Get-RAAgent -Phase Failed | Remove-RAAgent -WhatIf'
    Show-Step 'Get-RAAgent -Phase Failed | Remove-RAAgent -Force -PassThru'
    Show-Step 'Get-RAAgent -Phase Failed'
    Show-Step 'Get-RAAgent | Group-Object Namespace -NoElement'
    # The agent's life: deploy, a pause for approval, the approval, the run and its answer. Run at this
    # scope, so that $a lives from one step to the next as at a prompt.
    $ErrorActionPreference = 'Continue'
    foreach ($command in @(
            'Deploy-RAAgent -Name refund-helper -Namespace finance -Image registry.runagents.io/refund-helper:1.0 -Model openai/gpt-4o-mini -Tool stripe-api -Policy payments-approval -Wait -PollIntervalSec 1'
            '$a = Invoke-RAAgent finance payment-approver ''Refund order 1042'''
            '$a | Format-List Agent, Response, Tool, ActionId, RunId'
            '$a | Get-RAAccessRequest'
            '$a | Get-RAAccessRequest | Approve-RAAccessRequest -Scope Run -Confirm:$false'
            '$a | Wait-RARun -PollIntervalSec 1'
            'Get-RARunEvent -RunId $a.RunId -Type AGENT_MESSAGE'
            'Get-RARun -Status *'
        )) {
        Write-Host ''
        Write-Host "PS> $command" -ForegroundColor Green
        . ([scriptblock]::Create($command)) 2>&1 | Out-String -Width 120 | Write-Host
    }
    $ErrorActionPreference = 'Stop'
    # Model providers: the gateway routes by model name, so a second provider of a model draws a warning; then spend.
    Show-Step 'Get-RAModelProvider'
    Show-Step 'New-RAModelProvider -Name openai-eu -Provider OpenAI -Endpoint https://eu.api.openai.com/v1 -Model gpt-4o, o3 -SecretName openai-eu-key'
    Show-Step 'Get-RAModelSpend -Item TopModels'
    # The v1 workspace API: selected by the URI's path; agents are found by name, and a workspace key goes in its own header.
    Show-Step 'Connect-RAService -Uri "$($env:RUNAGENTS_DEMO_URI)api/v1/workspaces/revops" -ApiKey (ConvertTo-SecureString "ra_ws_demo-key-9876543210" -AsPlainText -Force)'
    Show-Step 'Get-RAConnection | Format-Table'
    Show-Step 'Get-RAAgent -Name support-triage'
    Show-Step 'Invoke-RAAgent -Name support-triage -Message "Where is order 1041?" | Format-List Agent, Response'
    Show-Step 'Remove-RAAgent finance/support-triage -Force'
    Show-Step 'Disconnect-RAService'
}
finally {
    $server | Stop-RAMockServer
}
Write-Host ''
Write-Host 'Demo finished.' -ForegroundColor Cyan
