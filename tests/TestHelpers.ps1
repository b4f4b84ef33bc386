# What the Pester files share. Dot-source it in BeforeAll: it imports the built module as a user
# would, and the mock server helpers (Start-RAMockServer, Invoke-RAMock, Get-RAMockJournal).

if (-not $env:RUNAGENTS_TEST_MODULE -or -not (Test-Path $env:RUNAGENTS_TEST_MODULE)) {
    throw 'Set RUNAGENTS_TEST_MODULE to the built RunAgents.psd1 (see tests/Invoke-PesterSuite.ps1).'
}

Import-Module $env:RUNAGENTS_TEST_MODULE -Force
Import-Module (Join-Path $PSScriptRoot 'MockServer.psm1') -Force
# Invoke-SampleChild, which Invoke-ChildPwsh runs a fresh pwsh with.
Import-Module (Join-Path $PSScriptRoot '../build/Samples.psm1')

function Get-ManifestCmdlet {
    # The cmdlets the module exports, as its manifest lists them (the one hand-kept list), sorted.
    @((Import-PowerShellDataFile (Join-Path $PSScriptRoot '../RunAgents.psd1')).CmdletsToExport | Sort-Object)
}

# Every fully qualified error id ends with the cmdlet's class: read from the module, for every cmdlet it exports.
$script:CmdletClass = @{}
foreach ($name in Get-ManifestCmdlet) { $script:CmdletClass[$name] = (Get-Command $name).ImplementingType.FullName }

function ConvertTo-TestKey {
    # The SecureString a user would get from Read-Host -AsSecureString.
    param([Parameter(Mandatory)] [string] $Text)
    ConvertTo-SecureString -String $Text -AsPlainText -Force
}

function Connect-TestServer {
    # Connects the session to a mock server, or to one generation's API on it (an object of New-TestApi);
    # -Parameters adds parameters of Connect-RAService.
    param(
        [Parameter(Mandatory)] $Server,
        [string] $Key = 'test-key',
        [hashtable] $Parameters = @{},
        [switch] $PassThru
    )
    Connect-RAService -Uri $Server.Uri -ApiKey (ConvertTo-TestKey $Key) -PassThru:$PassThru @Parameters
}

# The paths of each operation on each generation, written out here apart from the module's own route table,
# so that a wrong row there fails the tests. {0} is the namespaced API, {1} v1 (below its base).
$script:TestRoutes = @{
    Agents         = '/api/agents', '/agents'
    Agent          = '/api/agents/{ns}/{name}', '/agents/{name}'
    Invoke         = '/api/agents/{ns}/{name}/invoke', '/agents/{name}/invoke'
    Deploy         = '/api/deploy', '/deploy'
    Requests       = '/governance/requests', '/approvals/requests'
    Request        = '/governance/requests/{id}', '/approvals/requests/{id}'
    Approve        = '/governance/requests/{id}/approve', '/approvals/requests/{id}/approve'
    Reject         = '/governance/requests/{id}/reject', '/approvals/requests/{id}/reject'
    Runs           = '/runs', '/runs'
    Run            = '/runs/{id}', '/runs/{id}'
    RunEvents      = '/runs/{id}/events', '/runs/{id}/events'
    Tools          = '/api/tools', '/tools'
    ModelProviders = '/api/model-providers', '/model-providers'
    Policies       = '/api/policies', '/policies'
    IdentityProviders = '/api/identity-providers', '/identity-providers'
}

function New-TestApi {
    # One generation of the API on a mock server: the base URI a user connects to, and the prefix of its paths.
    # The namespaced API lives at the server's root; v1 under /api/v1/workspaces/{workspace}.
    param(
        [Parameter(Mandatory, Position = 0)] [ValidateSet('Namespaced', 'V1')] [string] $Generation,
        [Parameter(Mandatory, Position = 1)] $Server,
        [string] $Workspace = 'revops'
    )
    $prefix = if ($Generation -eq 'V1') { "/api/v1/workspaces/$Workspace" } else { '' }
    [pscustomobject]@{
        PSTypeName = 'RunAgents.TestApi'
        Generation = $Generation
        Workspace  = if ($Generation -eq 'V1') { $Workspace } else { $null }
        Uri        = [Uri]::new($Server.Uri, $prefix)
        Prefix     = $prefix
        # True where an agent is found by its name alone, so that -Namespace may be left out.
        ByName     = $Generation -eq 'V1'
    }
}

function Get-TestPath {
    # The path of an operation on a generation's API, as the mock's journal shows it (rawTarget):
    # Get-TestPath $api Agent -Namespace finance -Name fraud-detector
    param(
        [Parameter(Mandatory, Position = 0)] $Api,
        [Parameter(Mandatory, Position = 1)] [string] $Operation,
        [string] $Namespace,
        [string] $Name,
        [string] $Id
    )
    if (-not $script:TestRoutes.ContainsKey($Operation)) { throw "No test route '$Operation'." }
    $template = $script:TestRoutes[$Operation][[int]($Api.Generation -eq 'V1')]
    $path = $template.Replace('{ns}', [Uri]::EscapeDataString($Namespace)).Replace('{name}', [Uri]::EscapeDataString($Name)).Replace('{id}', [Uri]::EscapeDataString($Id))
    $Api.Prefix + $path
}

function Get-ForeignRequest {
    # The requests the server received on paths of the other generation than $Api's: there must be none.
    param([Parameter(Mandatory, Position = 0)] $Server, [Parameter(Mandatory, Position = 1)] $Api)
    @(Get-RAMockJournal $Server | Where-Object {
        if ($Api.Generation -eq 'V1') { -not $_.rawTarget.StartsWith($Api.Prefix + '/', [StringComparison]::Ordinal) }
        else { $_.rawTarget -like '/api/v1*' }
    })
}

function Get-ApiRequest {
    # The /api requests the mock server received, oldest first, always as an array.
    param([Parameter(Mandatory)] $Server)
    , @(Get-RAMockJournal $Server)
}

function Get-EveryText {
    # Every string that can be read out of a value: its text, its JSON, its formatted views; for an error
    # record its message, details, exception and Get-Error view.
    param($Value)
    # Whole, so that the Format-List objects of a captured battery render in their order.
    $Value | Out-String -Width 500
    foreach ($item in @($Value)) {
        if ($null -eq $item -or $item.GetType().FullName -like 'Microsoft.PowerShell.Commands.Internal.Format.*') { continue }
        $item.ToString()
        $item | Out-String -Width 500
        $item | Format-List * -Force | Out-String -Width 500
        if ($item -is [System.Management.Automation.ErrorRecord]) {
            $item.Exception.Message
            $item.Exception.ToString()
            $item.ErrorDetails | Out-String
            $item.ErrorDetails.Message
            $item.ErrorDetails.RecommendedAction
            $item.ScriptStackTrace
            $item.InvocationInfo.Line
            $item.TargetObject | Out-String
            $item.CategoryInfo.ToString()
            $item.Exception | Format-List * -Force | Out-String -Width 500
            $item | Get-Error | Out-String -Width 500
        }
        elseif ($item -is [System.Management.Automation.InformationalRecord]) {
            $item.Message
        }
        else {
            ConvertTo-Json -InputObject $item -Depth 5 -WarningAction SilentlyContinue
        }
    }
}

function ConvertFrom-EscapedText {
    # Text with JSON escapes (\u0073, \/, \", \\) and percent escapes (%73) decoded, twice over, so that a
    # key written in any of those forms reads as itself.
    param([AllowNull()] [AllowEmptyString()] [string] $Text)
    if (-not $Text) { return $Text }
    foreach ($pass in 1, 2) {
        $Text = [regex]::Replace($Text, '\\u([0-9a-fA-F]{4})|\\([/"\\])|%([0-9a-fA-F]{2})', {
                param($m)
                if ($m.Groups[1].Success) { [string][char][Convert]::ToInt32($m.Groups[1].Value, 16) }
                elseif ($m.Groups[2].Success) { $m.Groups[2].Value }
                else { [string][char][Convert]::ToInt32($m.Groups[3].Value, 16) }
            })
    }
    $Text
}

function Find-KeyLeak {
    # The texts among -Text that hold a piece of the key, written as itself, JSON-escaped or percent-encoded:
    # any run of -Window characters of -Secret, the part of the key that no masked hint shows.
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [AllowNull()] [object[]] $Text,
        [Parameter(Mandatory)] [string] $Secret,
        [int] $Window = 6
    )
    $pieces = for ($i = 0; $i + $Window -le $Secret.Length; $i++) { $Secret.Substring($i, $Window) }
    foreach ($item in $Text) {
        if ($null -eq $item) { continue }
        $raw = [string]$item
        $decoded = ConvertFrom-EscapedText $raw
        foreach ($piece in $pieces) {
            if ($raw.Contains($piece, [StringComparison]::Ordinal) -or $decoded.Contains($piece, [StringComparison]::Ordinal)) {
                $raw
                break
            }
        }
    }
}

function Find-ControlCharacter {
    # The texts among -Text that hold a character a terminal may obey: C0 controls but tab and line feed, a
    # carriage return not before a line feed, DEL, and the C1 controls (U+0080 to U+009F).
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [AllowNull()] [object[]] $Text)
    foreach ($item in $Text) {
        if ($null -ne $item -and [string]$item -match '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]|\r(?!\n)') { [string]$item }
    }
}

function Get-WhatIfMessage {
    # The "What if:" lines a script block writes to the host, read from a transcript (the host is the only place
    # PowerShell writes them).
    param([Parameter(Mandatory)] [scriptblock] $Script)
    $path = Join-Path ([IO.Path]::GetTempPath()) "whatif-$([guid]::NewGuid()).txt"
    $null = Start-Transcript -LiteralPath $path
    try { $null = & $Script } finally { $null = Stop-Transcript }
    @(Get-Content -LiteralPath $path | Where-Object { $_ -like 'What if:*' })
    Remove-Item -LiteralPath $path
}

function Add-RAMockFault {
    # Queues one or more fault rules on the mock server.
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)] $Rule)
    $null = Invoke-RAMock $Server POST faults $Rule
}

function Get-HeaderName {
    # The names of the headers of a journal entry.
    param([Parameter(Mandatory)] $Entry)
    @($Entry.headers.PSObject.Properties.Name)
}

function Save-RAEnvironment {
    # Remembers HOME and the RunAgents variables, then clears the variables and points HOME at an
    # empty folder, so that neither the developer's key nor their ~/.runagents/config.json is used.
    param([Parameter(Mandatory)] [string] $EmptyHome)
    $script:SavedEnvironment = @{
        HOME               = $env:HOME
        RUNAGENTS_API_KEY  = $env:RUNAGENTS_API_KEY
        RUNAGENTS_ENDPOINT = $env:RUNAGENTS_ENDPOINT
    }
    $null = New-Item -ItemType Directory -Path $EmptyHome -Force
    $env:HOME = $EmptyHome
    Remove-Item env:RUNAGENTS_API_KEY, env:RUNAGENTS_ENDPOINT -ErrorAction Ignore
}

function Restore-RAEnvironment {
    # Puts back what Save-RAEnvironment changed.
    if (-not (Get-Variable SavedEnvironment -Scope Script -ErrorAction Ignore)) { return }
    foreach ($name in $script:SavedEnvironment.Keys) {
        [Environment]::SetEnvironmentVariable($name, $script:SavedEnvironment[$name])
    }
}

function Write-CliConfig {
    # Writes the RunAgents CLI's config file under HOME, as 'runagents login' would.
    param([Parameter(Mandatory)] [string] $Text)
    $folder = Join-Path $env:HOME '.runagents'
    $null = New-Item -ItemType Directory -Path $folder -Force
    Set-Content -LiteralPath (Join-Path $folder 'config.json') -Value $Text -Encoding utf8NoBOM
}

function Invoke-ChildPwsh {
    # Runs a script in a new 'pwsh -NoProfile' (the dotnet tool runs as 'dotnet pwsh.dll') with the built
    # module imported, for what only a fresh process shows: environment read once per process, a hang.
    # -Environment sets variables for the child; a $null value removes one. A child still running after
    # -TimeoutSec is killed and reported as TimedOut, so that a hang fails the test instead of the run.
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        [int] $TimeoutSec = 120
    )
    $import = "Import-Module '$($env:RUNAGENTS_TEST_MODULE.Replace("'", "''"))'"
    Invoke-SampleChild -Script ($import + [Environment]::NewLine + $Script) -Environment $Environment -TimeoutSec $TimeoutSec
}
