<#
.SYNOPSIS
    Runs every tests/*.Tests.ps1 Pester file against the built module and the mock server.

.DESCRIPTION
    build.ps1 -Task Test runs this script in a fresh pwsh after it has built the module and the mock
    server. The tests find what they need through three environment variables:

        RUNAGENTS_TEST_MODULE      the built manifest, out/RunAgents/RunAgents.psd1
        RUNAGENTS_TEST_MOCKSERVER  the mock server, tests/RunAgents.MockServer/bin/Release/net10.0/RunAgents.MockServer.dll
        RUNAGENTS_TEST_PESTER      Pester 5.7.1's manifest in the NuGet cache, ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1

    To run it by hand, build the three first: 'dotnet pwsh ./build.ps1 -Task Build' for the module,
    'dotnet build tests/RunAgents.MockServer -c Release' for the mock server and
    'dotnet restore tests/tools/tools.csproj' for Pester (or run the Test task once, which does all
    three). Then start it in a new pwsh. Unset variables default to the places above, so from the
    repository root this is enough:

        dotnet pwsh -NoProfile -File ./tests/Invoke-PesterSuite.ps1

    or, with the variables set explicitly (to test another build of the module, say):

        $env:RUNAGENTS_TEST_MODULE = "$PWD/out/RunAgents/RunAgents.psd1"
        $env:RUNAGENTS_TEST_MOCKSERVER = "$PWD/tests/RunAgents.MockServer/bin/Release/net10.0/RunAgents.MockServer.dll"
        $env:RUNAGENTS_TEST_PESTER = "$HOME/.nuget/packages/pester/5.7.1/tools/Pester.psd1"
        dotnet pwsh -NoProfile -File ./tests/Invoke-PesterSuite.ps1

    Pass -Path to run some files only, e.g. -Path ./tests/Faults.Tests.ps1.

    Pester shows each failure in full as it happens; passing tests are not listed one by one. At the end
    the script writes one line per file with its counts, and each skipped test with the reason it gives
    (Set-ItResult -Skipped -Because). It writes {"Passed":N,"Failed":N,"Skipped":N} to -SummaryPath
    (failed tests plus failed blocks and containers) and an NUnit XML report, which lists every test, to
    -ResultPath, and exits 1 when anything failed, 0 otherwise.

.EXAMPLE
    dotnet pwsh -NoProfile -File ./tests/Invoke-PesterSuite.ps1 -SummaryPath ./out/pester.json -ResultPath ./out/pester.xml
#>
[CmdletBinding()]
param(
    # Where to write {"Passed":N,"Failed":N,"Skipped":N}; nothing is written when it is not given.
    [string] $SummaryPath,

    # Where to write the NUnit XML report; no report when it is not given.
    [string] $ResultPath,

    # The test files to run; every *.Tests.ps1 beside this script by default.
    [string[]] $Path = @(Join-Path $PSScriptRoot '*.Tests.ps1')
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# Run by hand, the variables may be unset: use where the build puts things.
$root = Split-Path $PSScriptRoot
if (-not $env:RUNAGENTS_TEST_MODULE) {
    $env:RUNAGENTS_TEST_MODULE = Join-Path $root 'out/RunAgents/RunAgents.psd1'
}
if (-not $env:RUNAGENTS_TEST_MOCKSERVER) {
    $env:RUNAGENTS_TEST_MOCKSERVER = Join-Path $root 'tests/RunAgents.MockServer/bin/Release/net10.0/RunAgents.MockServer.dll'
}
if (-not $env:RUNAGENTS_TEST_PESTER) {
    $props = Get-Content -Raw (Join-Path $root 'Directory.Build.props')
    $version = [regex]::Match($props, '<PesterVersion>([^<]+)</PesterVersion>').Groups[1].Value
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $env:RUNAGENTS_TEST_PESTER = Join-Path $packages "pester/$version/tools/Pester.psd1"
}

$missing = 'RUNAGENTS_TEST_MODULE', 'RUNAGENTS_TEST_MOCKSERVER', 'RUNAGENTS_TEST_PESTER' |
    Where-Object { -not [Environment]::GetEnvironmentVariable($_) -or -not (Test-Path ([Environment]::GetEnvironmentVariable($_))) }
if ($missing) {
    Write-Error "Set $($missing -join ', ') to existing paths (see Get-Help $PSCommandPath), or run build.ps1 -Task Test." -ErrorAction Continue
    if ($SummaryPath) { '{"Passed":0,"Failed":1,"Skipped":0}' | Set-Content -LiteralPath $SummaryPath -Encoding utf8NoBOM }
    exit 1
}

Import-Module $env:RUNAGENTS_TEST_PESTER -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = @(Resolve-Path $Path | ForEach-Object ProviderPath)
$configuration.Run.PassThru = $true
# Failures in full as they happen, a line per file that passed; the counts per file and the skips follow below.
$configuration.Output.Verbosity = 'Normal'
if ($ResultPath) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $ResultPath
}

# The tests run with the preferences a user has; only this script's own steps stop on errors.
$ErrorActionPreference = 'Continue'
try {
    $result = Invoke-Pester -Configuration $configuration
    $passed = $result.PassedCount
    $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    $skipped = $result.SkippedCount
    if ($failed -eq 0 -and $result.Result -ne 'Passed') { $failed = 1 }

    Write-Host 'Pester, per file:'
    $width = ($result.Containers | ForEach-Object { (Split-Path -Leaf "$($_.Item)").Length } | Measure-Object -Maximum).Maximum
    foreach ($container in $result.Containers) {
        $counts = @("$($container.PassedCount) passed")
        if ($container.FailedCount) { $counts += "$($container.FailedCount) failed" }
        if ($container.SkippedCount) { $counts += "$($container.SkippedCount) skipped" }
        if ($container.Result -eq 'Failed' -and -not $container.FailedCount) { $counts += 'a setup block failed' }
        Write-Host ("  {0}  {1}" -f (Split-Path -Leaf "$($container.Item)").PadRight($width), ($counts -join ', '))
    }
    foreach ($test in $result.Skipped) {
        # Set-ItResult -Skipped -Because records its reason as the test's error: 'is skipped, because <reason>'.
        $because = @($test.ErrorRecord | ForEach-Object { $_.Exception.Message -replace '^is skipped,?\s*(because\s*)?', '' }) -join ' '
        if (-not $because) { $because = 'no reason given (use Set-ItResult -Skipped -Because)' }
        Write-Host "Skipped: $(Split-Path -Leaf "$($test.Block.BlockContainer.Item)"): $($test.ExpandedPath): $because"
    }
}
catch {
    Write-Error "Pester could not run the suite: $_" -ErrorAction Continue
    $passed = 0
    $failed = 1
    $skipped = 0
}

if ($SummaryPath) {
    [ordered]@{ Passed = $passed; Failed = $failed; Skipped = $skipped } | ConvertTo-Json -Compress | Set-Content -LiteralPath $SummaryPath -Encoding utf8NoBOM
}

exit $(if ($failed -gt 0) { 1 } else { 0 })
