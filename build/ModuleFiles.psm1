# The module's type and format files, made by the build from the sources, so that no list of types is kept by hand:
# - RunAgents.Types.ps1xml gives every type that remembers its platform (every class deriving, at any depth, from
#   PlatformObject) the hidden Connection member;
# - RunAgents.Format.ps1xml is every view file beside its resource (src/RunAgents.PowerShell/**/*.Format.ps1xml),
#   merged into one.

Set-StrictMode -Version Latest

function Get-PlatformObjectType {
    <#
    .SYNOPSIS
    The full names of the classes that derive from PlatformObject, read from the C# sources.
    .DESCRIPTION
    A class counts when it is not abstract; its namespace is the file's file-scoped namespace. The sources are
    read rather than the built assembly so that the build never loads the module into its own process.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $Path
    )

    $classes = @{}
    foreach ($file in Get-ChildItem -LiteralPath $Path -Recurse -Filter *.cs | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }) {
        $text = Get-Content -LiteralPath $file.FullName -Raw
        $namespace = if ($text -match '(?m)^namespace\s+([\w.]+)\s*;') { $Matches[1] } else { continue }
        foreach ($match in [regex]::Matches($text, '(?m)^\s*public\s+(?<mods>(?:(?:sealed|abstract|partial)\s+)*)class\s+(?<name>\w+)(?:<[^>]+>)?\s*:\s*(?<base>\w+)')) {
            $classes[$match.Groups['name'].Value] = [pscustomobject]@{
                Name     = $match.Groups['name'].Value
                FullName = "$namespace.$($match.Groups['name'].Value)"
                Base     = $match.Groups['base'].Value
                Abstract = $match.Groups['mods'].Value -match 'abstract'
            }
        }
    }

    foreach ($class in $classes.Values) {
        $base = $class.Base
        $seen = 0
        while ($base -and $base -ne 'PlatformObject' -and $classes.ContainsKey($base) -and $seen++ -lt 20) {
            $base = $classes[$base].Base
        }

        if ($base -eq 'PlatformObject' -and -not $class.Abstract) {
            $class.FullName
        }
    }
}

function New-TypesFile {
    <#
    .SYNOPSIS
    Writes RunAgents.Types.ps1xml: the hidden Connection member of every type that remembers its platform.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $SourcePath,
        [Parameter(Mandatory)] [string] $OutputPath
    )

    $types = @(Get-PlatformObjectType -Path $SourcePath | Sort-Object)
    if ($types.Count -eq 0) {
        throw "No class deriving from PlatformObject was found under $SourcePath."
    }

    $builder = [System.Text.StringBuilder]::new()
    $null = $builder.AppendLine('<?xml version="1.0" encoding="utf-8"?>')
    $null = $builder.AppendLine('<!--')
    $null = $builder.AppendLine('  Made by the build (build/ModuleFiles.psm1) from the classes deriving from PlatformObject; not kept by hand.')
    $null = $builder.AppendLine('  The platform each object came from, as a hidden property: it shows in no view, Select-Object *,')
    $null = $builder.AppendLine('  Export-Csv or ConvertTo-Json.')
    $null = $builder.AppendLine('-->')
    $null = $builder.AppendLine('<Types>')
    foreach ($type in $types) {
        $null = $builder.AppendLine('  <Type>')
        $null = $builder.AppendLine("    <Name>$type</Name>")
        $null = $builder.AppendLine('    <Members>')
        $null = $builder.AppendLine('      <CodeProperty IsHidden="true">')
        $null = $builder.AppendLine('        <Name>Connection</Name>')
        $null = $builder.AppendLine('        <GetCodeReference>')
        $null = $builder.AppendLine('          <TypeName>RunAgents.PowerShell.Cmdlets.ObjectConnection</TypeName>')
        $null = $builder.AppendLine('          <MethodName>Get</MethodName>')
        $null = $builder.AppendLine('        </GetCodeReference>')
        $null = $builder.AppendLine('      </CodeProperty>')
        $null = $builder.AppendLine('    </Members>')
        $null = $builder.AppendLine('  </Type>')
    }

    $null = $builder.AppendLine('</Types>')
    [System.IO.File]::WriteAllText($OutputPath, $builder.ToString(), [System.Text.UTF8Encoding]::new($false))
    $types
}

function Merge-FormatFile {
    <#
    .SYNOPSIS
    Writes RunAgents.Format.ps1xml: the views of every *.Format.ps1xml under the sources, in one file.
    .DESCRIPTION
    Two views of one name are refused: PowerShell would keep one silently.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $SourcePath,
        [Parameter(Mandatory)] [string] $OutputPath
    )

    $merged = [xml]'<?xml version="1.0" encoding="utf-8"?><Configuration><ViewDefinitions/></Configuration>'
    $definitions = $merged.SelectSingleNode('/Configuration/ViewDefinitions')
    $names = @{}
    $files = Get-ChildItem -LiteralPath $SourcePath -Recurse -Filter *.Format.ps1xml | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } | Sort-Object FullName
    foreach ($file in $files) {
        $xml = [xml](Get-Content -LiteralPath $file.FullName -Raw)
        foreach ($view in $xml.SelectNodes('/Configuration/ViewDefinitions/View')) {
            $name = $view.SelectSingleNode('Name').InnerText
            if ($names.ContainsKey($name)) {
                throw "The view '$name' is in $($names[$name]) and $($file.FullName); give each view its own name."
            }

            $names[$name] = $file.FullName
            $null = $definitions.AppendChild($merged.ImportNode($view, $true))
        }
    }

    $merged.InsertBefore($merged.CreateComment(' Made by the build (build/ModuleFiles.psm1) from the views beside each resource; not kept by hand. '), $merged.DocumentElement) | Out-Null
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
    try { $merged.Save($writer) } finally { $writer.Dispose() }
    $names.Keys
}

Export-ModuleMember -Function Get-PlatformObjectType, New-TypesFile, Merge-FormatFile
