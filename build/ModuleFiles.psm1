# The module's format file, made by the build from the sources, so that no list of views is kept by hand:
# RunAgents.Format.ps1xml is every view file beside its resource (src/RunAgents.PowerShell/**/*.Format.ps1xml),
# merged into one. (The module has no type data file: every object remembers its platform in itself, a Platform
# property and a live link the cmdlets read, so no member needs adding to any type.)

Set-StrictMode -Version Latest

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

Export-ModuleMember -Function Merge-FormatFile
