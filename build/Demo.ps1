<#
.SYNOPSIS
    Shows every cmdlet of the module at work against the mock platform, in the order of the README's tour.

.DESCRIPTION
    Connects, lists and inspects agents, talks to them, removes the failed ones (first with -WhatIf) and
    waits for a pending one; then an agent's life: a deploy, an invoke that pauses for approval, the
    approval, the run and its answer, a request denied; then the configuration agents depend on (a tool, a
    policy, model providers and their spend); the workspace's API keys and auth settings (a key made and
    connected with, its revocation refused, its rotation keeping the session); last, the same platform through its v1 workspace API with a
    workspace key, and the disconnect.

    Each step is a command as a user types it, run in one session as at a prompt, and shown as a console
    shows it: 120 columns, plain text, the mock's local address as the default platform's
    (https://api.runagents.io). The mock runs with the sample settings of build/Samples.psm1 (its clock
    stands still), so every run shows the same text. The steps of a section are the README block that
    follows '<!-- demo: section -->'; build.ps1 -Task Samples writes them there, and tests/Demo.Tests.ps1
    fails when they differ. The demo reads none of the user's own settings (RUNAGENTS_* variables,
    ~/.runagents/config.json).

.PARAMETER PassThru
    Also writes each step as an object (Section, Command, Text, Errors, Expected), for the Samples task
    and the tests.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $MockServerPath,
    [switch] $PassThru
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/MockServer.psm1')
Import-Module (Join-Path $PSScriptRoot 'Samples.psm1')

# Each step: the section of the README it belongs to, the command, what the platform must do first
# (Arrange, run here against the mock), and the errors it shows on purpose (Expected: their ids).
$steps = @(
    @{ Section = 'connect'; Command = 'Connect-RAService -Uri https://api.runagents.io -ApiKey $key -PassThru' }

    @{ Section = 'list'; Command = 'Get-RAAgent' }
    @{ Section = 'list'; Command = 'Get-RAAgent -Namespace agent-system -Name payment-agent | Format-List' }

    @{ Section = 'talk'; Command = 'Invoke-RAAgent agent-system payment-agent -Message ''What are the recent charges?'' -ConversationId conv-123' }
    @{ Section = 'talk'; Command = 'Get-RAAgent -Namespace support | Invoke-RAAgent -Message ping'; Expected = 'AgentUnreachable' }

    @{ Section = 'remove'; Command = 'Get-RAAgent -Phase Failed | Remove-RAAgent -WhatIf' }
    @{ Section = 'remove'; Command = 'Get-RAAgent -Phase Failed | Remove-RAAgent -Force' }
    # The platform brings the pending agent up after two more looks at it.
    @{
        Section = 'remove'; Command = 'Get-RAAgent -Phase Pending | Wait-RAAgent -PollIntervalSec 1'
        Arrange = { Invoke-RAMock $server POST phases @{ namespace = 'agent-system'; name = 'policy-guard'; steps = @(
                    @{ phase = 'Pending'; message = 'pulling image' }, @{ phase = 'Running'; message = '' }) } }
    }

    @{ Section = 'lifecycle'; Command = 'Deploy-RAAgent -Name refund-helper -Namespace finance -Image registry.runagents.io/refund-helper:1.0 -Model openai/gpt-4o-mini -Tool stripe-api -Policy payments-approval -Wait -PollIntervalSec 1' }
    @{ Section = 'lifecycle'; Command = '$a = Invoke-RAAgent finance payment-approver ''Refund order 1042''' }
    @{ Section = 'lifecycle'; Command = '$a | Get-RAAccessRequest | Approve-RAAccessRequest -Scope Run -Confirm:$false' }
    @{ Section = 'lifecycle'; Command = '$a | Wait-RARun -PollIntervalSec 1' }
    @{ Section = 'lifecycle'; Command = 'Get-RARunEvent -RunId $a.RunId -Type AGENT_MESSAGE' }
    @{ Section = 'lifecycle'; Command = '$b = Invoke-RAAgent finance payment-approver ''Refund order 1043''' }
    @{ Section = 'lifecycle'; Command = '$b | Deny-RAAccessRequest -Reason ''Refunded last week.'' -Confirm:$false' }
    @{ Section = 'lifecycle'; Command = 'Get-RARun -Agent payment-approver -Status *' }

    @{ Section = 'configuration'; Command = 'Get-RATool' }
    @{ Section = 'configuration'; Command = 'New-RATool -Name github-api -BaseUrl https://api.github.com -AuthType APIKey -ApiKeyIn Header -ApiKeyName Authorization -ApiKeyPrefix ''token '' -ApiKey $githubToken -AccessMode Restricted' }
    @{ Section = 'configuration'; Command = 'Set-RATool -Name github-api -Description ''Repositories and issues'' -WhatIf' }
    @{ Section = 'configuration'; Command = 'Set-RATool -Name github-api -Description ''Repositories and issues''' }
    @{ Section = 'configuration'; Command = 'Test-RATool -Name stripe-api' }
    @{ Section = 'configuration'; Command = 'Test-RAToolEndpoint -Uri https://api.example.com' }
    @{ Section = 'configuration'; Command = 'Remove-RATool -Name slack-notify -Confirm:$false' }
    @{ Section = 'configuration'; Command = 'Get-RAPolicy' }
    @{ Section = 'configuration'; Command = '$rule = New-RAPolicyRule -Permission ApprovalRequired -Resource ''https://api.stripe.com/v1/refunds*'' -Operation POST' }
    @{ Section = 'configuration'; Command = '$approval = New-RAPolicyApproval -Name refunds -ToolId stripe-api -Capability refund -Group finance-approvers -DefaultDuration 4h' }
    @{ Section = 'configuration'; Command = 'New-RAPolicy -Name refunds-need-approval -Rule $rule -Approval $approval' }
    @{ Section = 'configuration'; Command = 'ConvertTo-RAPolicyRule -Text ''Allow GET and POST on https://api.github.com/repos/*''' }
    @{ Section = 'configuration'; Command = 'Set-RAPolicy -Name read-only -AddRule (New-RAPolicyRule Deny ''*'' -Operation DELETE) -WhatIf' }
    @{ Section = 'configuration'; Command = 'Remove-RAPolicy payments-approval -Confirm:$false'; Expected = 'PolicyInUse' }
    @{ Section = 'configuration'; Command = 'Remove-RAPolicy read-only -Confirm:$false' }
    @{ Section = 'configuration'; Command = 'Get-RAModelProvider' }
    @{ Section = 'configuration'; Command = 'New-RAModelProvider -Name openai-eu -Provider OpenAI -Endpoint https://eu.api.openai.com/v1 -Model gpt-4o, o3 -SecretName openai-eu-key' }
    @{ Section = 'configuration'; Command = 'Set-RAModelProvider -Name openai-eu -Model o3' }
    @{ Section = 'configuration'; Command = 'Remove-RAModelProvider -Name ollama-local -Confirm:$false' }
    @{ Section = 'configuration'; Command = 'Get-RAModelSpend -Item TopModels' }
    # Approval connectors: where approval requests are delivered, their header secrets masked.
    @{ Section = 'governance-connectors'; Command = 'Get-RAApprovalConnector' }
    @{ Section = 'governance-connectors'; Command = 'New-RAApprovalConnector -Name slack-payments -Type Slack -Endpoint https://hooks.slack.com/services/T0001/B0002/payments -SlackSecurityMode Strict -Header @{ ''X-Slack-Signing-Secret'' = $slackSecret } | Format-List' }
    @{ Section = 'governance-connectors'; Command = 'New-RAApprovalConnector -Name audit-hook -Endpoint http://audit.example.com/approvals'; Expected = 'InvalidApprovalConnector' }
    @{ Section = 'governance-connectors'; Command = 'Set-RAApprovalConnector -Name pagerduty-sre -Enabled -WhatIf' }
    @{ Section = 'governance-connectors'; Command = 'Set-RAApprovalConnector -Name pagerduty-sre -Enabled -PassThru' }
    @{ Section = 'governance-connectors'; Command = 'Test-RAApprovalConnector -Name slack-finance' }
    @{ Section = 'governance-connectors'; Command = 'Test-RAApprovalConnector -Type Webhook -Endpoint https://unreachable.example.com/approvals | Select-Object -ExpandProperty Checks' }
    @{ Section = 'governance-connectors'; Command = 'Get-RAApprovalConnectorDefault' }
    @{ Section = 'governance-connectors'; Command = 'Set-RAApprovalConnectorDefault -DeliveryMode All -DeliveryTimeoutSec 30 -PassThru' }
    @{ Section = 'governance-connectors'; Command = 'Get-RAApprovalConnectorActivity -Limit 5' }
    @{ Section = 'governance-connectors'; Command = 'Remove-RAApprovalConnector -Name slack-payments -Confirm:$false' }

    @{ Section = 'governance-agents'; Command = 'Get-RAAgentConfig finance/payment-approver' }
    @{ Section = 'governance-agents'; Command = 'Set-RAAgentConfig finance/payment-approver -AddPolicy refunds-need-approval -MonthlyBudgetUsd 75 -Role chat -WhatIf' }
    @{ Section = 'governance-agents'; Command = 'Set-RAAgentConfig finance/payment-approver -AddTool github-api -Model ''chat=openai/gpt-4o-mini'' -PassThru' }
    @{ Section = 'governance-agents'; Command = 'Get-RAIdentityProvider' }
    @{ Section = 'governance-agents'; Command = 'New-RAIdentityProvider -Name okta -HostName agents.acme.example -Issuer https://acme.okta.com -JwksUri https://acme.okta.com/oauth2/v1/keys -UserIdClaim email -AllowedDomain acme.example' }
    @{ Section = 'governance-agents'; Command = 'Set-RAIdentityProvider -Name okta -Audience runagents -PassThru | Format-List' }
    @{ Section = 'governance-agents'; Command = 'Remove-RAIdentityProvider azure-ad -Confirm:$false'; Expected = 'IdentityProviderInUse' }
    @{ Section = 'governance-agents'; Command = 'Remove-RAIdentityProvider okta -Confirm:$false' }

    # Workspace keys and auth settings: a key made and connected with, refused revocation, rotated with the session kept.
    @{ Section = 'governance-keys'; Command = 'Get-RAAuthSetting' }
    @{ Section = 'governance-keys'; Command = 'Set-RAAuthSetting -SessionIdleTimeout 00:30:00 -WhatIf' }
    @{ Section = 'governance-keys'; Command = 'Set-RAAuthSetting -SessionIdleTimeout 00:30:00' }
    @{ Section = 'governance-keys'; Command = 'Get-RAApiKey -ExpiringWithin (New-TimeSpan -Days 30)' }
    @{ Section = 'governance-keys'; Command = '$ops = New-RAApiKey -Name ops-laptop -ExpiresInDays 30 -Connect; $ops' }
    @{ Section = 'governance-keys'; Command = 'Get-RAApiKey' }
    @{ Section = 'governance-keys'; Command = 'Remove-RAApiKey -Id $ops.Id -Confirm:$false'; Expected = 'ApiKeyInUse' }
    @{ Section = 'governance-keys'; Command = 'Reset-RAApiKey -Id $ops.Id -UpdateConnection -Confirm:$false' }
    @{ Section = 'governance-keys'; Command = 'Get-RAApiKey -Name grafana-* | Remove-RAApiKey -Confirm:$false; (Get-RAApiKey).Name' }

    # The agent catalog: found, read, saved (a hostile template refused) and deployed from, the body shown first.
    @{ Section = 'operations-catalog'; Command = 'Find-RACatalogAgent -Category support, finance, sales' }
    @{ Section = 'operations-catalog'; Command = 'Get-RACatalogAgentVersion support-triage' }
    @{ Section = 'operations-catalog'; Command = 'Get-RACatalogAgent support-triage' }
    @{ Section = 'operations-catalog'; Command = '(Save-RACatalogAgent support-triage -Path ./my-triage).Name' }
    @{ Section = 'operations-catalog'; Command = 'Save-RACatalogAgent hostile-template -Path ./hostile'; Expected = 'UnsafeCatalogFileName' }
    @{ Section = 'operations-catalog'; Command = 'Deploy-RAAgent researcher -CatalogId sales-researcher -Tool hubspot-api -WhatIf' }
    @{ Section = 'operations-catalog'; Command = 'Find-RACatalogAgent invoice-approver | Deploy-RAAgent -Policy payments-approval' }
    # Runs and action plans: what a paused run waits on, a stuck run marked failed, an export, a plan of the tools.
    @{ Section = 'operations-runs'; Command = '$p = Invoke-RAAgent finance payment-approver ''Refund order 1044'' -WarningAction SilentlyContinue; $p | Get-RABlockedAction' }
    @{ Section = 'operations-runs'; Command = 'Get-RARun -Status PAUSED | Stop-RARun -WhatIf' }
    @{ Section = 'operations-runs'; Command = 'Get-RARun -Status PAUSED | Stop-RARun -Confirm:$false -PassThru' }
    @{ Section = 'operations-runs'; Command = '(Export-RARun $p.RunId).timeline | Format-Table seq, type, summary' }
    @{ Section = 'operations-runs'; Command = '$plan = Get-RATool | ConvertTo-RAActionPlan -PlanId tools-sync; $plan.Actions' }
    @{ Section = 'operations-runs'; Command = '$plan | Test-RAActionPlan' }
    @{ Section = 'operations-runs'; Command = '$plan | Invoke-RAActionPlan -WhatIf' }
    @{ Section = 'operations-runs'; Command = '$plan | Invoke-RAActionPlan -Confirm:$false' }
    @{ Section = 'operations-runs'; Command = '@{ actions = @(@{ id = ''a1''; type = ''tool.upsert''; idempotency_key = ''ledger-1''; params = @{ name = ''ledger-api''; spec = @{} } }) } | Invoke-RAActionPlan -Confirm:$false'; Expected = 'ActionInvalid' }
    # Streaming: an answer as the agent writes it, a pause in a stream, and a run followed to its end.
    @{ Section = 'operations-stream'; Command = 'Invoke-RAAgent support support-triage ''Summarize ticket 4512 in two sentences.'' -Stream' }
    @{ Section = 'operations-stream'; Command = '$s = Invoke-RAAgent finance payment-approver ''Refund order 1044'' -Stream' }
    @{ Section = 'operations-stream'; Command = '$s | Get-RAAccessRequest | Approve-RAAccessRequest -Confirm:$false' }
    @{ Section = 'operations-stream'; Command = '$s | Get-RARunEvent -Follow -PollIntervalSec 1' }

    # The platform as code: the workspace exported to a folder, a change on each side, the plan, the apply.
    @{ Section = 'platform-as-code'; Command = 'Export-RAConfiguration -Path ./cfg; Get-ChildItem ./cfg -Name' }
    @{ Section = 'platform-as-code'; Command = 'Get-Content ./cfg/approval-connectors/slack-finance.json' }
    @{ Section = 'platform-as-code'; Command = '$c = Get-Content ./cfg/agents/finance.payment-approver.json | ConvertFrom-Json; $c.system_prompt = ''Refunds under $100 only.''; $c | ConvertTo-Json -Depth 5 | Set-Content ./cfg/agents/finance.payment-approver.json' }
    @{ Section = 'platform-as-code'; Command = 'Set-RAApprovalConnector -Name slack-finance -DeliveryTimeoutSec 30' }
    @{ Section = 'platform-as-code'; Command = 'Compare-RAConfiguration -Path ./cfg | Where-Object State -ne Same' }
    @{ Section = 'platform-as-code'; Command = 'Import-RAConfiguration -Path ./cfg -WhatIf | Where-Object State -ne Same' }
    @{ Section = 'platform-as-code'; Command = 'Import-RAConfiguration -Path ./cfg | Where-Object State -ne Unchanged' }

    @{ Section = 'generations'; Command = 'Connect-RAService -Uri https://api.runagents.io/api/v1/workspaces/revops -ApiKey $workspaceKey' }
    @{ Section = 'generations'; Command = 'Get-RAConnection | Format-Table' }
    @{ Section = 'generations'; Command = 'Get-RAAgent -Name support-triage' }
    @{ Section = 'generations'; Command = 'Invoke-RAAgent -Name support-triage -Message ''Where is order 1041?'' | Format-List Agent, Response' }
    @{ Section = 'generations'; Command = 'Remove-RAAgent finance/support-triage -Force'; Expected = 'AgentNotFound' }
    @{ Section = 'generations'; Command = 'Disconnect-RAService' }
)

# None of the user's own settings: the demo shows what a new machine shows.
foreach ($name in 'RUNAGENTS_API_KEY', 'RUNAGENTS_ENDPOINT') { [Environment]::SetEnvironmentVariable($name, $null) }
$demoHome = Join-Path ([IO.Path]::GetTempPath()) "runagents-demo-$PID"
$null = New-Item -ItemType Directory -Path $demoHome -Force
$env:HOME = $demoHome

$settings = Get-SampleSetting
$server = Start-SampleServer -Path $MockServerPath
$session = $null
$unexpected = [System.Collections.Generic.List[string]]::new()
try {
    Write-Host "Mock RunAgents platform listening on $($server.Uri), shown as $($settings.DefaultUri)/" -ForegroundColor Cyan
    Write-Host '$key and $workspaceKey hold its keys, and $githubToken the one a tool is registered with, as SecureStrings, as Read-Host -AsSecureString would.' -ForegroundColor Cyan
    $session = New-SampleSession -ModulePath (Resolve-Path -LiteralPath $ModulePath).ProviderPath -Variable @{
        key          = ConvertTo-SecureString $settings.ApiKey -AsPlainText -Force
        workspaceKey = ConvertTo-SecureString $settings.WorkspaceKey -AsPlainText -Force
        # The GitHub token a tool is registered with, as a SecureString too.
        githubToken  = ConvertTo-SecureString 'ghp_demo-token-0123456789' -AsPlainText -Force
        # The signing secret of a Slack approval connector, as a SecureString too.
        slackSecret  = ConvertTo-SecureString 'slk-sign-demo-0123456789' -AsPlainText -Force
    }
    # The steps that write files (Save-RACatalogAgent) write them in the demo's own folder, removed at the end.
    $session.Runspace.SessionStateProxy.Path.SetLocation([System.Management.Automation.WildcardPattern]::Escape($demoHome)) | Out-Null
    foreach ($step in $steps) {
        if ($step.ContainsKey('Arrange')) { $null = & $step.Arrange }
        Write-Host ''
        Write-Host "PS> $($step.Command)" -ForegroundColor Green
        $ran = Invoke-SampleCode -Session $session -Code (ConvertTo-SampleCommand -Command $step.Command -MockUri $server.Uri) -TimeoutSec 120
        $text = ConvertTo-SampleText -Text $ran.Text -MockUri $server.Uri
        if ($text) { Write-Host $text.TrimStart("`n") }
        $expected = @(if ($step.ContainsKey('Expected')) { $step.Expected })
        foreach ($failure in $ran.Errors) {
            if (-not ($expected | Where-Object { $failure -like "$_,*" })) { $unexpected.Add("$($step.Command): $failure") }
        }
        if ($ran.TimedOut) { $unexpected.Add("$($step.Command): it did not end within 120 s") }
        if ($PassThru) {
            [pscustomobject]@{ Section = $step.Section; Command = $step.Command; Text = $text; Errors = $ran.Errors; Expected = $expected; TimedOut = $ran.TimedOut }
        }
    }
}
finally {
    if ($session) { $session.Runspace.Dispose() }
    $server | Stop-RAMockServer
    Remove-Item -LiteralPath $demoHome -Recurse -Force -ErrorAction Ignore
}
Write-Host ''
if ($unexpected.Count -and -not $PassThru) {
    throw "The demo went wrong: $($unexpected -join '; ')"
}
Write-Host 'Demo finished.' -ForegroundColor Cyan
