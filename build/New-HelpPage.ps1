<#
.SYNOPSIS
    Writes a cmdlet's help page (docs/<Cmdlet>.md) from the built module and a file of its prose.

.DESCRIPTION
    The yaml block of every parameter, set by set, and the syntax come from the cmdlet itself, so that they
    cannot disagree with it; the prose (synopsis, description, examples, each parameter's text, inputs,
    outputs, notes, links) comes from a PowerShell data file kept beside nothing: the page written is the
    source from then on, edited by hand like every other page. Use it when adding a cmdlet (see the README's
    "Adding a resource"), then read the page and edit it.

    The data file holds: Synopsis, Description, Examples (@{ Title; Code; Output; Text }), Parameters
    (@{ Name = 'text' }; -Connection, -TimeoutSec, -MaxRetryCount, -WhatIf and -Confirm have a default text),
    Inputs and Outputs (@{ Type; Text }), Notes, Links (cmdlet names).

.EXAMPLE
    dotnet pwsh -NoProfile ./build/New-HelpPage.ps1 -Name Get-RATool -Prose ./prose/Get-RATool.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Name,
    [Parameter(Mandatory)] [string] $Prose,
    [string] $Module = (Join-Path $PSScriptRoot '../out/RunAgents/RunAgents.psd1'),
    [string] $OutputPath = (Join-Path $PSScriptRoot "../docs/$Name.md")
)

$ErrorActionPreference = 'Stop'
Import-Module $Module -Force
$command = Get-Command $Name
$text = Import-PowerShellDataFile -LiteralPath $Prose
$common = [System.Management.Automation.PSCmdlet]::CommonParameters
$noun = ($Name -split '-', 2)[1] -replace '^RA', ''

$defaults = @{
    Connection    = @'
The connection to use, as written by `Connect-RAService -PassThru` or `Get-RAConnection`. Without it, an
object given to the cmdlet is acted on where it came from (its `Platform`), and names given on the
command line use the current connection. A connection given here wins over the objects' own platforms.
It is never bound from a piped object.
'@
    TimeoutSec    = @'
How long each request may wait for the platform, in seconds (1 to 86400), for this call only: the wait
for the answer to begin and every wait for more of its body, added up. It overrides the `TimeoutSec` of
the connection.
'@
    MaxRetryCount = @'
How many times, from 0 to 10, to retry a request that fails with 429, 502, 503 or 504 or with a
connection failure, for this call only, where a retry is safe. It overrides the `MaxRetryCount` of the
connection; `0` turns retries off.
'@
}

function Get-Wrapped([string] $Line, [int] $Width = 110) {
    # The syntax line wrapped as PlatyPS wraps it: continuation lines start with a space.
    $out = [System.Collections.Generic.List[string]]::new()
    $current = ''
    foreach ($word in [regex]::Matches($Line, '\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]|\S+').Value) {
        if ($current.Length -and ($current.Length + 1 + $word.Length) -gt $Width) { $out.Add($current); $current = ' ' + $word }
        elseif ($current.Length) { $current += ' ' + $word }
        else { $current = $word }
    }
    if ($current) { $out.Add($current) }
    $out -join "`n"
}

function Get-Variant($Parameter) {
    # One yaml block per distinct way the parameter is declared across the sets.
    $byShape = [ordered]@{}
    foreach ($set in $command.ParameterSets) {
        $p = $set.Parameters | Where-Object Name -EQ $Parameter.Name
        if (-not $p) { continue }
        $kinds = @(if ($p.ValueFromPipeline) { 'ByValue' }; if ($p.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
        $shape = [ordered]@{
            Required = "$($p.IsMandatory)"
            Position = if ($p.Position -lt 0) { 'Named' } else { "$($p.Position)" }
            Pipeline = if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
        }
        $key = $shape.Values -join '|'
        if (-not $byShape.Contains($key)) { $byShape[$key] = @{ Shape = $shape; Sets = [System.Collections.Generic.List[string]]::new() } }
        $byShape[$key].Sets.Add($set.Name)
    }
    $all = @($command.ParameterSets | Where-Object { $_.Parameters.Name -contains $Parameter.Name }).Count -eq $command.ParameterSets.Count
    foreach ($variant in $byShape.Values) {
        $variant.Sets = if ($byShape.Count -eq 1 -and $all) { '(All)' } else { $variant.Sets -join ', ' }
        $variant
    }
}

$sb = [System.Text.StringBuilder]::new()
function Add([string] $Line = '') { $null = $sb.Append($Line).Append("`n") }

Add '---'
Add 'external help file: RunAgents.PowerShell.dll-Help.xml'
Add 'Module Name: RunAgents'
Add "online version: $($command.HelpUri)"
Add 'schema: 2.0.0'
Add '---'
Add
Add "# $Name"
Add
Add '## SYNOPSIS'
Add $text.Synopsis.Trim()
Add
Add '## SYNTAX'
foreach ($set in $command.ParameterSets) {
    Add
    if ($command.ParameterSets.Count -gt 1) {
        Add "### $($set.Name)$(if ($set.IsDefault) { ' (Default)' })"
    }
    Add '```'
    # PowerShell writes the types of its own keywords in lower case (<string>); the pages write .NET's names.
    $syntax = [regex]::Replace(($set.ToString() -replace '\s+', ' ').Trim(), '-(\w+)(\]?) <[^>]+>', {
            param($m)
            $type = $command.Parameters[$m.Groups[1].Value].ParameterType
            $type = [Nullable]::GetUnderlyingType($type) ?? $type
            "-$($m.Groups[1].Value)$($m.Groups[2].Value) <$($type.Name)>"
        })
    Add (Get-Wrapped "$Name $syntax")
    Add '```'
}
Add
Add '## DESCRIPTION'
Add $text.Description.Trim()
Add
Add '## EXAMPLES'
$i = 0
foreach ($example in $text.Examples) {
    $i++
    Add
    Add "### Example ${i}: $($example.Title)"
    Add '```powershell'
    Add $example.Code.Trim()
    Add '```'
    if ($example.Output) {
        Add
        Add '```Output'
        Add $example.Output.Trim()
        Add '```'
    }
    Add
    Add $example.Text.Trim()
}
Add
Add '## PARAMETERS'
$parameters = $command.Parameters.Values | Where-Object Name -NotIn $common
$order = @($parameters | Where-Object Name -NotIn 'WhatIf', 'Confirm' | Sort-Object Name) + @($parameters | Where-Object Name -In 'Confirm', 'WhatIf' | Sort-Object Name)
foreach ($parameter in $order) {
    $description = if ($text.Parameters -and $text.Parameters.ContainsKey($parameter.Name)) { $text.Parameters[$parameter.Name] } else { $defaults[$parameter.Name] }
    if (-not $description) { throw "The prose gives no text for -$($parameter.Name)." }
    $type = [Nullable]::GetUnderlyingType($parameter.ParameterType) ?? $parameter.ParameterType
    $wildcards = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $aliases = @($parameter.Aliases | Sort-Object) -join ', '
    Add
    Add "### -$($parameter.Name)"
    Add $description.Trim()
    foreach ($variant in Get-Variant $parameter) {
        Add
        Add '```yaml'
        Add "Type: $($type.Name)"
        Add "Parameter Sets: $($variant.Sets)"
        Add "Aliases: $aliases"
        if ($type.IsEnum) { Add "Accepted values: $([Enum]::GetNames($type) -join ', ')" }
        Add
        Add "Required: $($variant.Shape.Required)"
        Add "Position: $($variant.Shape.Position)"
        Add "Default value: $(if ($type -eq [switch]) { 'False' } else { 'None' })"
        Add "Accept pipeline input: $($variant.Shape.Pipeline)"
        Add "Accept wildcard characters: $wildcards"
        Add '```'
    }
}
Add
Add '### CommonParameters'
Add 'This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).'
foreach ($section in 'Inputs', 'Outputs') {
    Add
    Add "## $($section.ToUpperInvariant())"
    foreach ($item in $text[$section]) {
        Add
        Add "### $($item.Type)"
        Add $item.Text.Trim()
    }
}
Add
Add '## NOTES'
Add $text.Notes.Trim()
Add
Add '## RELATED LINKS'
foreach ($link in $text.Links) {
    Add
    Add "[$link]($link.md)"
}
[System.IO.File]::WriteAllText($OutputPath, $sb.ToString(), [System.Text.UTF8Encoding]::new($false))
