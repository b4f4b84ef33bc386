<#
.SYNOPSIS
    Publishes a built module folder to a local folder repository and copies the .nupkg to the output folder.
.OUTPUTS
    System.IO.FileInfo of the .nupkg.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleFolder,
    [Parameter(Mandatory)] [string] $OutputFolder
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$manifest = Test-ModuleManifest -Path (Join-Path $ModuleFolder 'RunAgents.psd1')
$repository = Join-Path $OutputFolder 'repository'
if (Test-Path $repository) { Remove-Item $repository -Recurse -Force }
$null = New-Item -ItemType Directory -Path $repository
# A uniquely named, temporary registration: the user's own repositories are left as they were.
$name = "RunAgentsBuild-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
Register-PSResourceRepository -Name $name -Uri $repository -Trusted
# Publish-PSResource leaves a NuGet/NuGet.Config in the current folder: keep it out of the sources.
$work = Join-Path $OutputFolder 'publish-work'
$null = New-Item -ItemType Directory -Path $work -Force
Push-Location $work
try {
    Publish-PSResource -Path $ModuleFolder -Repository $name
}
finally {
    Pop-Location
    Unregister-PSResourceRepository -Name $name
}
$package = Get-ChildItem $repository -Filter "RunAgents.$($manifest.Version)*.nupkg" | Select-Object -First 1
if (-not $package) { throw "Publish-PSResource left no RunAgents $($manifest.Version) package in $repository." }
Copy-Item $package.FullName $OutputFolder -PassThru
