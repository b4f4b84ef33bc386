<#
.SYNOPSIS
    How the help examples run unattended: the few that cannot, the samples that stay illustrations, and
    what an example needs on the platform or in its folder first. Returns a hashtable.

.DESCRIPTION
    Examples are named '<Cmdlet>/<Example title>'. tests/HelpExamples.Tests.ps1 runs every example but the
    Unattended ones and compares each Output block, but the Illustrations', with what the example writes;
    build.ps1 -Task Samples writes those Output blocks from the same run. Keep both lists short: prefer
    making an example runnable with an Arrange script. An Arrange script runs in the example's runspace,
    connected, in its folder, before the example, and shows nothing; it finds $key, $credential and
    $workspaceKey (a workspace key of the mock) set.
#>

# What several examples need.
$pending = "1..2 | ForEach-Object { Invoke-RAAgent finance payment-approver ""Refund order 104`$_"" -WarningAction SilentlyContinue } | Out-Null"
$approved = "Invoke-RAAgent finance payment-approver 'Refund order 1042' -WarningAction SilentlyContinue | Get-RAAccessRequest | Approve-RAAccessRequest -Force | Out-Null"
$denied = "Invoke-RAAgent finance payment-approver 'Refund order 1043' -WarningAction SilentlyContinue | Deny-RAAccessRequest -Reason 'Not refundable.' -Force | Out-Null"
$sources = "`$null = New-Item -ItemType Directory ./refund-bot; Set-Content ./refund-bot/agent.py 'print(1)'; Set-Content ./agent.json '{""agent_name"":""refund-bot"",""namespace"":""finance"",""image"":""registry.runagents.io/refund-bot:1.4.0""}'"
# A source folder as a project keeps it: git's files, secrets, a virtual environment, a log and tests beside the agent.
$project = @'
foreach ($folder in 'refund-bot/.git', 'refund-bot/.venv', 'refund-bot/lib', 'refund-bot/tests') { $null = New-Item -ItemType Directory $folder }
Set-Content ./refund-bot/.git/HEAD 'ref: refs/heads/main'
Set-Content ./refund-bot/.env 'STRIPE_KEY=sk_test_0000'
Set-Content ./refund-bot/.venv/pyvenv.cfg 'home = /usr/bin'
Set-Content ./refund-bot/agent.py "from lib.stripe import refund`n`ndef handle(message):`n    return refund(message)"
Set-Content ./refund-bot/lib/stripe.py "def refund(order):`n    return f'Refund issued for: {order}'"
Set-Content ./refund-bot/requirements.txt 'stripe==9.0.0'
Set-Content ./refund-bot/build.log 'built'
Set-Content ./refund-bot/tests/test_agent.py 'def test_refund(): pass'
'@
$ciAgents = "`$null = Invoke-RestMethod -NoProxy -Method Post -Uri ""`$((Get-RAConnection).Uri)_mock/agents"" -ContentType application/json -Body '[{""name"":""pr-101"",""namespace"":""ci"",""status"":{""phase"":""Failed""}},{""name"":""pr-102"",""namespace"":""ci"",""status"":{""phase"":""Running""}}]'"
# Runs, blocked actions and action plans: two connections to one mock platform stand for staging and production.
$promote = "`$staging = Get-RAConnection; `$prod = Connect-RAService -Uri ""`$(`$staging.Uri)api/v1/workspaces/prod"" -ApiKey `$key -PassThru -KeepCurrent"
$drifted = "Export-RAConfiguration -Path ./platform -Resource Tool; Set-RATool -Name zendesk-api -Description 'Zendesk tickets only.'"
$planFile = 'Get-RATool | ConvertTo-RAActionPlan -PlanId tools | ForEach-Object ToJson | Set-Content ./plan.json'
# The examples about the v1 API connect to it on the same mock platform.
$v1 = "Connect-RAService -Uri ""`$((Get-RAConnection).Uri)api/v1/workspaces/revops"" -ApiKey `$key"

@{
    # Examples that cannot run unattended, each with the reason.
    Unattended    = @{
        'Connect-RAService/Example 1: Connect with a key typed at a prompt'          = 'it reads the key at a prompt (Read-Host)'
        'Connect-RAService/Example 3: Connect with a credential'                     = 'it asks for the credential (Get-Credential)'
        'Connect-RAService/Example 4: Work with two platforms at once'               = 'it needs a second platform'
        'Remove-RAAgent/Example 1: Remove an agent'                                  = 'it asks for confirmation, which is what it shows'
        'Remove-RAAgent/Example 5: Remove the failed agents of a second platform'    = 'it needs a second platform'
        'Wait-RARun/Example 4: Wait in a runbook and tell the outcomes apart'        = 'it waits for a person to approve the request'
        'Deploy-RAAgent/Example 8: Give the agent a secret'                          = 'it reads the secret at a prompt (Read-Host)'
    }

    # Output blocks that show what no unattended run can, each with the reason.
    Illustrations = @{
        'Approve-RAAccessRequest/Example 3: Go through the pending requests one by one' = 'it shows the prompt a person answers'
    }

    # What an example needs before it runs.
    Arrange       = @{
        'Get-RAAgent/Example 10: Get an agent by its name alone on a v1 platform'       = $v1
        'Remove-RAAgent/Example 6: Remove an agent by its name alone on a v1 platform'  = $v1
        'Invoke-RAAgent/Example 8: Ask an agent by its name alone on a v1 platform'     = $v1
        'Disconnect-RAService/Example 3: Connect only for the duration of a script'     = $ciAgents
        'Connect-RAService/Example 5: Pass a key held as text'                        = "`$env:STAGING_KEY = 'test-key'"
        'Remove-RAAgent/Example 3: Remove the pull request agents that are not running, without prompts' = $ciAgents
        'Get-RAAgent/Example 6: Get the agents listed in a file'                        = "Set-Content -Path ./agents.csv -Value 'Namespace,Name', 'finance,invoice-processor', 'support,support-triage'"
        # A platform that sends fields the module does not model.
        'Get-RAAgent/Example 8: Read the fields the module does not model'              = @'
$agent = Get-RAAgent support/support-triage -Raw | ConvertFrom-Json -AsHashtable
$agent.createdAt = '2026-11-29T04:50:16Z'
$agent.annotations = @{ 'runagents.io/owner' = 'team-support' }
$agent.spec.replicas = 2
$null = Invoke-RestMethod -NoProxy -Method Post -Uri "$((Get-RAConnection).Uri)_mock/agents" -ContentType application/json -Body (ConvertTo-Json $agent -Depth 10)
'@
        'Approve-RAAccessRequest/Example 2: Approve a request by its ID for four hours' = $pending
        'Approve-RAAccessRequest/Example 4: See what would be approved'                 = $pending
        'Deny-RAAccessRequest/Example 1: Deny a request and say why'                    = $pending
        'Deny-RAAccessRequest/Example 3: Deny every pending request of an agent'        = $pending
        'Get-RAAccessRequest/Example 1: List the requests that wait for a decision'     = $pending
        'Get-RAAccessRequest/Example 4: Get requests by their IDs'                      = $pending
        'Get-RARun/Example 1: List the runs that wait for someone'                      = $pending
        'Get-RARun/Example 2: List every run of an agent'                               = "$approved`n$denied"
        'Get-RARunEvent/Example 1: Show what happened in a run'                         = $approved
        'Get-RARunEvent/Example 3: Look at the tool calls of a run'                     = $approved
        # Someone approves in another session a second after the wait begins.
        'Wait-RARun/Example 1: Wait for a run that needs an approval'                   = "Invoke-RAAgent finance payment-approver 'Refund order 1042' -WarningAction SilentlyContinue | Out-Null`n`$null = Start-ThreadJob { Start-Sleep -Seconds 1; Approve-RAAccessRequest ar-0001 -Force }"
        # The key comes from the environment and no endpoint is set anywhere.
        'Get-RAConnection/Example 1: See where the settings came from'                  = 'Disconnect-RAService; Remove-Item env:RUNAGENTS_ENDPOINT'
        'Get-RAConnection/Example 3: Check which header carries the key'                = 'Connect-RAService -Uri (Get-RAConnection).Uri -ApiKey $workspaceKey'
        # The RunAgents CLI's config file holds the key, as after 'runagents login'.
        'Disconnect-RAService/Example 1: Disconnect and see what the cmdlets use now'   = @'
$config = @{ endpoint = "$((Get-RAConnection).Uri)"; api_key = [Net.NetworkCredential]::new('', $key).Password }
$env:HOME = Join-Path $PWD 'home'
$null = New-Item -ItemType Directory -Path "$env:HOME/.runagents" -Force
ConvertTo-Json $config | Set-Content "$env:HOME/.runagents/config.json"
Remove-Item env:RUNAGENTS_API_KEY, env:RUNAGENTS_ENDPOINT
'@
        'Deploy-RAAgent/Example 2: Build an agent from a source folder'                 = $sources
        'Deploy-RAAgent/Example 3: Deploy from a file kept in git'                      = $sources
        'Deploy-RAAgent/Example 4: See what a deploy would do'                          = $sources
        'Deploy-RAAgent/Example 6: Deploy from a pipeline job and stop on failure'      = $sources
        'Deploy-RAAgent/Example 7: See which files a source deploy would send'          = $project
        'Deploy-RAAgent/Example 10: Send the requirements kept in a file'               = "Set-Content ./requirements.txt 'stripe==9.0.0'"
        # Approval connectors: their header secrets as a user holds them, and connectors kept as files.
        'New-RAApprovalConnector/Example 1: Create a Slack connector that accepts signed requests only' = "`$signingSecret = ConvertTo-SecureString 'slk-sign-0b1c2d3e4f5a6b7c' -AsPlainText -Force"
        'New-RAApprovalConnector/Example 3: Create connectors kept as files'            = "`$null = New-Item -ItemType Directory ./connectors; Set-Content ./connectors/jira-approvals.json '{""name"":""jira-approvals"",""type"":""jira"",""endpoint"":""https://acme.atlassian.net/rest/approvals""}'"
        'New-RAApprovalConnector/Example 4: See what would be created'                  = "`$routingKey = ConvertTo-SecureString 'pd-route-1a2b3c4d5e6f7a8b' -AsPlainText -Force"
        'Set-RAApprovalConnector/Example 2: Rotate a signing secret'                    = "`$newSecret = ConvertTo-SecureString 'slk-sign-rotated-5e6f7a8b' -AsPlainText -Force"
        # The session sends the mock's workspace key, which the platform lists as 'bootstrap' (key-1).
        'Get-RAApiKey/Example 3: See which key this session sends'                      = 'Connect-RAService -Uri (Get-RAConnection).Uri -ApiKey $workspaceKey'
        'Reset-RAApiKey/Example 2: Rotate the key this session sends, and keep working'  = 'Connect-RAService -Uri (Get-RAConnection).Uri -ApiKey $workspaceKey'
        'Remove-RAApiKey/Example 3: Try to revoke the key this session sends'           = 'Connect-RAService -Uri (Get-RAConnection).Uri -ApiKey $workspaceKey'
        'Stop-RARun/Example 1: Mark a stuck run failed'                                 = $pending
        'Stop-RARun/Example 2: See which runs would be marked, without changing anything' = $pending
        'Stop-RARun/Example 3: Mark the runs paused for more than a day failed'         = $pending
        'Get-RABlockedAction/Example 1: See what the paused runs wait on'               = $pending
        'Get-RABlockedAction/Example 2: Get an action by its run and its id'            = $pending
        'Export-RARun/Example 1: Export a run to a file'                                = $approved
        'Export-RARun/Example 2: Export every run of an agent, one file each'           = "$approved`n$denied"
        'Export-RARun/Example 3: Read the timeline of a run without a file'             = $approved
        'ConvertTo-RAActionPlan/Example 3: Promote the tools of staging to production'  = $promote
        'Invoke-RAActionPlan/Example 3: Promote the tools of staging to production'     = $promote
        'Test-RAActionPlan/Example 2: Stop a pipeline job on a plan that is not valid'  = $planFile
        'Invoke-RAActionPlan/Example 1: Apply a plan file'                              = $planFile
        'Invoke-RAActionPlan/Example 4: Go on past a failed action'                     = $planFile
        # Configuration as code: a folder exported, then a platform that drifted from it.
        'Compare-RAConfiguration/Example 2: Fail a pull request''s check when the platform differs' = $drifted
        'Compare-RAConfiguration/Example 3: Read every difference with both values'    = $drifted
        'Import-RAConfiguration/Example 3: Promote staging''s configuration to production' = $promote
    }
}
