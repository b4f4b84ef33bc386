@{
    # The one place the version is written: the build reads it into the assembly, the package and the User-Agent.
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0c8a52-3a5e-4d1b-9b7e-2f4c1d8e7a90'
    RootModule           = 'RunAgents.PowerShell.dll'
    Author               = 'RunAgents PowerShell contributors'
    CompanyName          = 'RunAgents PowerShell contributors'
    Copyright            = '(c) 2026 RunAgents PowerShell contributors. MIT licence.'
    Description          = 'Manage the AI agents deployed on a RunAgents platform: deploy them, list and inspect them, wait for them, delete them safely (-WhatIf you can trust), talk to them, approve the tool calls they wait on, and follow their runs. Typed objects, tab completion, retries, and an API key that never leaks. Needs PowerShell 7.4.2 or later, or Windows PowerShell 5.1.'
    # Windows PowerShell's minimum. A manifest has no minimum per edition: PowerShell 7's (7.4.2) is checked at import.
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('RunAgents.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-RAService'
        'Disconnect-RAService'
        'Get-RAConnection'
        'Get-RAAgent'
        'Invoke-RAAgent'
        'Remove-RAAgent'
        'Wait-RAAgent'
        'Deploy-RAAgent'
        'Get-RAAccessRequest'
        'Approve-RAAccessRequest'
        'Deny-RAAccessRequest'
        'Get-RARun'
        'Get-RARunEvent'
        'Wait-RARun'
        'Get-RATool'
        'New-RATool'
        'Set-RATool'
        'Remove-RATool'
        'Test-RATool'
        'Test-RAToolEndpoint'
        'Get-RAModelProvider'
        'New-RAModelProvider'
        'Set-RAModelProvider'
        'Remove-RAModelProvider'
        'Get-RAModelSpend'
        'Get-RAPolicy'
        'New-RAPolicy'
        'Set-RAPolicy'
        'Remove-RAPolicy'
        'ConvertTo-RAPolicyRule'
        'New-RAPolicyRule'
        'New-RAPolicyApproval'
        'Get-RAAgentConfig'
        'Set-RAAgentConfig'
        'Get-RAIdentityProvider'
        'New-RAIdentityProvider'
        'Set-RAIdentityProvider'
        'Remove-RAIdentityProvider'
        'Get-RAApprovalConnector'
        'New-RAApprovalConnector'
        'Set-RAApprovalConnector'
        'Remove-RAApprovalConnector'
        'Test-RAApprovalConnector'
        'Get-RAApprovalConnectorDefault'
        'Set-RAApprovalConnectorDefault'
        'Get-RAApprovalConnectorActivity'
        'Get-RAApiKey'
        'New-RAApiKey'
        'Reset-RAApiKey'
        'Remove-RAApiKey'
        'Get-RAAuthSetting'
        'Set-RAAuthSetting'
        'Find-RACatalogAgent'
        'Get-RACatalogAgent'
        'Get-RACatalogAgentVersion'
        'Save-RACatalogAgent'
        'Export-RARun'
        'Stop-RARun'
        'Get-RABlockedAction'
        'Test-RAActionPlan'
        'Invoke-RAActionPlan'
        'ConvertTo-RAActionPlan'
        'Export-RAConfiguration'
        'Compare-RAConfiguration'
        'Import-RAConfiguration'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('RunAgents', 'AI', 'Agents', 'LLM', 'REST', 'API', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/runagents/runagents-powershell'
            LicenseUri   = 'https://github.com/runagents/runagents-powershell/blob/main/LICENSE'
            # The build writes the CHANGELOG.md section of ModuleVersion here, in the module folder's copy, so
            # that the notes have one source and cannot go stale (build.ps1, Write-ReleaseNotes).
            ReleaseNotes = ''
        }
    }
}
