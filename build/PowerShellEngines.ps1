<#
.SYNOPSIS
    Assembles the PowerShell 7.5.4 engines of the compatibility tests into out/engines, or finds them there.

.DESCRIPTION
    tests/Compatibility.Tests.ps1 imports the built module on PowerShell engines other than the one that runs the
    suite: PowerShell 7.5.4 as released, and the same engine with the Microsoft.Bcl.AsyncInterfaces 5.0 that
    PowerShell 7.4.0 and 7.4.1 carry. No package serves those releases as such, so this script builds them from
    packages (build/engine/pwsh.csproj, versions pinned in Directory.Build.props) and lays out a .NET 9 root of
    their own from the .NET runtime pack: they run on the .NET they were made for, and cannot roll forward to a
    newer one. Every package restores through the machine's own NuGet configuration.

    Each engine and the .NET root are kept under -Path with a stamp of what they were made from; a later run
    reuses them unless that changed. The first run takes under a minute.

    Writes one object per engine: Name, PowerShellVersion, BclVersion, Path, Pwsh (its executable) and DotnetRoot.
    Start Pwsh with DOTNET_ROOT set to DotnetRoot, and without DOTNET_ROLL_FORWARD.

    The engines are made for Linux (x64 or arm64, glibc). -Reason writes why they cannot be made here, or nothing.

.EXAMPLE
    dotnet pwsh -NoProfile ./build/PowerShellEngines.ps1

.EXAMPLE
    $reason = & ./build/PowerShellEngines.ps1 -Reason
#>
[CmdletBinding()]
param(
    # Where the engines are kept.
    [string] $Path = (Join-Path (Split-Path $PSScriptRoot) 'out/engines'),

    # Writes why the engines cannot be made on this machine, or nothing when they can; makes nothing.
    [switch] $Reason
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$root = Split-Path $PSScriptRoot
$project = Join-Path $PSScriptRoot 'engine/pwsh.csproj'
$architecture = [Runtime.InteropServices.RuntimeInformation]::OSArchitecture
$rid = "linux-$("$architecture".ToLowerInvariant())"

# The tool package carries PowerShell's native helper for glibc Linux only; its .NET root is a Linux layout.
$unsupported = if (-not $IsLinux) { "the engines are made for Linux, and this is $([Runtime.InteropServices.RuntimeInformation]::OSDescription)" }
elseif ($architecture -notin 'X64', 'Arm64') { "the engines are made for x64 and arm64, and this is $architecture" }
elseif ([Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier -like '*musl*') { 'the engines are made for glibc Linux, and this is musl' }
if ($Reason) { return $unsupported }
if ($unsupported) { throw "Cannot assemble the PowerShell engines: $unsupported." }

function Get-PinnedVersion {
    # Versions are pinned once, in Directory.Build.props.
    param([Parameter(Mandatory)] [string] $Name)
    $node = ([xml](Get-Content -Raw (Join-Path $root 'Directory.Build.props'))).SelectSingleNode("/Project/PropertyGroup/$Name")
    if (-not $node) { throw "Directory.Build.props does not pin $Name." }
    $node.InnerText
}

function Invoke-Dotnet {
    # Runs dotnet quietly; its output is shown only when it fails.
    $output = & dotnet @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw "'dotnet $($args -join ' ')' failed with exit code $($LASTEXITCODE):$([Environment]::NewLine)$($output -join [Environment]::NewLine)" }
}

function Test-Stamp {
    # True when a folder was finished from the inputs that the stamp names.
    param([string] $Folder, [string] $Stamp)
    $file = Join-Path $Folder '.stamp'
    (Test-Path $file) -and (Get-Content -Raw $file) -ceq $Stamp
}

function Set-Stamp {
    param([string] $Folder, [string] $Stamp)
    Set-Content -LiteralPath (Join-Path $Folder '.stamp') -Value $Stamp -NoNewline
}

function Invoke-Engine {
    # Runs a command in an engine and returns its output; the engine finds .NET in the root given, and only there.
    param([string] $Pwsh, [string] $DotnetRoot, [string] $Command)
    $info = [Diagnostics.ProcessStartInfo]::new($Pwsh)
    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', $Command) { $info.ArgumentList.Add($argument) }
    $info.Environment['DOTNET_ROOT'] = $DotnetRoot
    foreach ($name in 'DOTNET_ROLL_FORWARD', 'DOTNET_ROLL_FORWARD_TO_PRERELEASE', "DOTNET_ROOT_$("$architecture".ToUpperInvariant())") { $null = $info.Environment.Remove($name) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($info)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $process.WaitForExit()
    if ($process.ExitCode -ne 0) { throw "$Pwsh failed with exit code $($process.ExitCode): $($stdout.Result) $($stderr.Result)" }
    $stdout.Result.Trim()
}

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$package = Get-PinnedVersion EnginePackageVersion
$runtime = Get-PinnedVersion EngineRuntimeVersion
$powerShell = '7.5.4'
$null = New-Item -ItemType Directory -Path $Path -Force
$Path = (Resolve-Path $Path).ProviderPath

# What an engine is made from: a change to any of it makes the engines anew.
$inputs = @(
    Get-Content -Raw $project
    Get-Content -Raw (Join-Path $PSScriptRoot 'engine/Program.cs')
    "package $package, runtime $runtime, $rid"
) -join "`n"
$hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($inputs)))

$engines = @(
    @{ Name = "pwsh-$powerShell"; Bcl = '8.0.0' }
    @{ Name = "pwsh-$powerShell-bcl-5.0.0"; Bcl = '5.0.0' }
)
foreach ($engine in $engines) {
    $engine.Path = Join-Path $Path $engine.Name
    $engine.Stamp = "$hash bcl $($engine.Bcl)"
    if (Test-Stamp $engine.Path $engine.Stamp) { continue }
    Write-Verbose "Building $($engine.Name) into $($engine.Path)."
    if (Test-Path $engine.Path) { Remove-Item $engine.Path -Recurse -Force }
    # Each variant restores into its own obj folder: they differ in a package version.
    $intermediate = Join-Path $Path ".obj/$($engine.Name)/"
    Invoke-Dotnet build $project -c Release -o $engine.Path --nologo -v quiet "-p:BaseIntermediateOutputPath=$intermediate" "-p:EngineRid=$rid" "-p:BclVersion=$($engine.Bcl)"
}

# The .NET root: the runtime pack, which the builds above restored, laid out as an installation of .NET is.
$dotnet = Join-Path $Path "dotnet-$runtime"
$rootStamp = "runtime $runtime $rid"
if (-not (Test-Stamp $dotnet $rootStamp)) {
    Write-Verbose "Laying out .NET $runtime in $dotnet."
    $packages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    $pack = Join-Path $packages "microsoft.netcore.app.runtime.$rid/$runtime/runtimes/$rid"
    if (-not (Test-Path $pack)) {
        # The engines were kept from an earlier run, but the NuGet cache was emptied since.
        Invoke-Dotnet restore $project --nologo -v quiet "-p:BaseIntermediateOutputPath=$(Join-Path $Path '.obj/restore/')" "-p:EngineRid=$rid"
    }
    if (-not (Test-Path $pack)) { throw "The .NET runtime pack was not restored to $pack." }
    if (Test-Path $dotnet) { Remove-Item $dotnet -Recurse -Force }
    $framework = Join-Path $dotnet "shared/Microsoft.NETCore.App/$runtime"
    $fxr = Join-Path $dotnet "host/fxr/$runtime"
    $null = New-Item -ItemType Directory -Path $framework, $fxr
    Copy-Item (Join-Path $pack "lib/net$($runtime.Split('.')[0]).0/*"), (Join-Path $pack 'native/*') -Destination $framework
    Copy-Item (Join-Path $pack 'native/libhostfxr.so') -Destination $fxr
    Set-Stamp $dotnet $rootStamp
}

foreach ($engine in $engines) {
    $pwsh = Join-Path $engine.Path 'pwsh'
    if (-not (Test-Stamp $engine.Path $engine.Stamp)) {
        # Kept only once it starts, as the release it stands for, on the .NET it was made for.
        $started = Invoke-Engine -Pwsh $pwsh -DotnetRoot $dotnet -Command '"$($PSVersionTable.PSVersion) $([Environment]::Version)"'
        if ($started -ne "$powerShell $runtime") { throw "$pwsh started as '$started', not as PowerShell $powerShell on .NET $runtime." }
        Set-Stamp $engine.Path $engine.Stamp
    }
    [pscustomobject]@{
        Name              = $engine.Name
        PowerShellVersion = $powerShell
        BclVersion        = $engine.Bcl
        Path              = $engine.Path
        Pwsh              = $pwsh
        DotnetRoot        = $dotnet
    }
}
