<#
.SYNOPSIS
    Builds, tests, documents, packages, benchmarks and demonstrates the RunAgents module.

.DESCRIPTION
    Every task starts from the sources in this repository and needs only the .NET SDK and the
    PowerShell tool pinned in .config/dotnet-tools.json (run 'dotnet tool restore' first).

    Build    Builds the module folder out/RunAgents: manifest, assembly, dependencies, formats, help.
    Test     Builds, then runs the xunit and Pester suites: failures in full, passing tests as counts per
             test class and per file, each skip with its reason; ends with 'Tests: N passed, N failed, N skipped'.
             out/test-results keeps the TRX and NUnit reports, which list every test.
    Docs     Compiles docs/*.md into MAML and about help inside out/RunAgents/en-US.
    Package  Builds, then publishes the module to the folder repository out/repository and keeps the .nupkg in out/.
    Bench    Builds, then runs the benchmark suite against the mock server and writes out/bench.json.
    Demo     Builds, starts the mock server with realistic agents, and shows every cmdlet at work as the README's tour.
    Samples  Builds, then rewrites the sample outputs of README.md and docs/*.md from real runs of the demo and the help examples.
    Mock     Builds the module and the mock server, starts the mock with the demo agents, prints the lines to paste, runs until Ctrl+C.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Bench', 'Demo', 'Samples', 'Mock')]
    [string[]] $Task = 'Test',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'RunAgents'
$ResultsOut = Join-Path $Out 'test-results'
$MockServerProject = Join-Path $Root 'tests/RunAgents.MockServer/RunAgents.MockServer.csproj'
$MockServerDll = Join-Path $Root "tests/RunAgents.MockServer/bin/$Configuration/net10.0/RunAgents.MockServer.dll"
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

# The files a module folder must hold; the build fails loudly when one is missing.
$ModuleFiles = @(
    'RunAgents.psd1'
    'RunAgents.PowerShell.dll'
    'RunAgents.Format.ps1xml'
    'System.Text.Json.dll'
    'en-US/RunAgents.PowerShell.dll-Help.xml'
    'en-US/about_RunAgents.help.txt'
)

function Invoke-Native {
    # Runs a native command and throws when it fails, so that no task goes on after a broken step.
    # A simple function on purpose: its arguments (-c, -o...) pass through untouched.
    $command, $arguments = $args
    & $command @arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$command $($arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Get-PinnedVersion {
    # Tool versions are pinned once, in Directory.Build.props.
    param([Parameter(Mandatory)] [string] $Name)
    $props = [xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))
    $node = $props.SelectSingleNode("/Project/PropertyGroup/$Name")
    if (-not $node) { throw "Directory.Build.props does not pin $Name." }
    $node.InnerText
}

function Get-PwshCommand {
    # The PowerShell this script runs in, started anew: the dotnet tool runs as 'dotnet pwsh.dll'.
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    @($process)
}

function Invoke-Pwsh {
    # Runs a script in a fresh 'pwsh -NoProfile' and returns its exit code.
    param([Parameter(Mandatory)] [string[]] $Arguments)
    $pwsh = @(Get-PwshCommand)
    [string[]] $rest = @($pwsh | Select-Object -Skip 1)
    # The child's output goes to the console; only its exit code is this function's output.
    & $pwsh[0] @rest -NoProfile -NonInteractive @Arguments | Out-Host
    $LASTEXITCODE
}

function Get-ReleaseNotes {
    # The release notes of a version: its section of CHANGELOG.md, word for word, a line on the changes
    # not released yet when the CHANGELOG has some, and where every change is.
    param([Parameter(Mandatory)] [string] $Version, [Parameter(Mandatory)] [string] $ProjectUri)
    $changelog = (Get-Content -Raw (Join-Path $Root 'CHANGELOG.md')) -replace '\r\n', "`n"
    $section = [regex]::Match($changelog, "(?ms)^## \[$([regex]::Escape($Version))\].*?(?=^## \[|\z)")
    if (-not $section.Success) { throw "CHANGELOG.md has no section '## [$Version]' for the manifest's ModuleVersion." }
    $notes = $section.Value.Trim()
    if ($changelog -match '(?ms)^## \[Unreleased\]\s*\n(?:(?!^## \[).)*?^- ') {
        $notes += "`n`nThis build also holds changes not yet released under a version of their own: see [Unreleased] in CHANGELOG.md."
    }
    $notes += "`n`nEvery change: $ProjectUri/blob/main/CHANGELOG.md"
    # The PowerShell Gallery refuses longer notes at publish time; better to know at build time.
    if ($notes.Length -gt 10000) { throw "The release notes of $Version are $($notes.Length) characters; the PowerShell Gallery takes 10,000 at most. Shorten its CHANGELOG.md section." }
    if ($notes -match "(?m)^'@") { throw "The release notes of $Version hold a line that starts with '@, which would end the manifest's here-string." }
    $notes
}

function Write-ReleaseNotes {
    # Fills ReleaseNotes in the module folder's manifest from CHANGELOG.md; the checked-in manifest keeps none.
    param([Parameter(Mandatory)] [string] $Path)
    $manifest = Import-PowerShellDataFile $Path
    $notes = Get-ReleaseNotes -Version $manifest.ModuleVersion -ProjectUri $manifest.PrivateData.PSData.ProjectUri
    $text = Get-Content -Raw $Path
    $pattern = "(?m)^(\s*ReleaseNotes\s*=\s*)''"
    if ($text -notmatch $pattern) { throw "$Path has no empty ReleaseNotes = '' for the build to fill." }
    $text = [regex]::Replace($text, $pattern, { param($m) "$($m.Groups[1].Value)@'`n$notes`n'@" })
    [IO.File]::WriteAllText($Path, $text, [Text.UTF8Encoding]::new($false))
}

function Invoke-BuildTask {
    Write-Host '==> Build' -ForegroundColor Cyan
    $publish = Join-Path $Out 'publish'
    Invoke-Native dotnet publish (Join-Path $Root 'src/RunAgents.PowerShell/RunAgents.PowerShell.csproj') -c $Configuration -o $publish --nologo -v quiet
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleOut
    # The dependencies .NET Framework needs ship beside the module; PowerShell 7 uses its own newer copies.
    Get-ChildItem $publish -Filter *.dll | Copy-Item -Destination $ModuleOut
    Copy-Item (Join-Path $Root 'RunAgents.psd1') $ModuleOut
    Write-ReleaseNotes -Path (Join-Path $ModuleOut 'RunAgents.psd1')
    # The format file is made from the views beside each resource: no list of views is kept by hand.
    Import-Module (Join-Path $Root 'build/ModuleFiles.psm1') -Force
    $null = Merge-FormatFile -SourcePath (Join-Path $Root 'src/RunAgents.PowerShell') -OutputPath (Join-Path $ModuleOut 'RunAgents.Format.ps1xml')
    foreach ($file in 'LICENSE', 'CHANGELOG.md', 'README.md') {
        if (Test-Path (Join-Path $Root $file)) { Copy-Item (Join-Path $Root $file) $ModuleOut }
    }
    Invoke-DocsTask
    $missing = $ModuleFiles | Where-Object { -not (Test-Path (Join-Path $ModuleOut $_)) }
    if ($missing) { throw "The module folder $ModuleOut lacks: $($missing -join ', ')." }
    Write-Host "Module folder: $ModuleOut"
}

function Invoke-DocsTask {
    Write-Host '==> Docs' -ForegroundColor Cyan
    Import-Module (Join-Path $Root 'build/HelpCompiler.psm1') -Force
    $help = Join-Path $ModuleOut 'en-US'
    $null = New-Item -ItemType Directory -Path $help -Force
    $null = ConvertTo-MamlHelp -Path (Join-Path $Root 'docs') -OutputPath (Join-Path $help 'RunAgents.PowerShell.dll-Help.xml')
    $null = ConvertTo-AboutHelp -Path (Join-Path $Root 'docs/about_RunAgents.help.md') -OutputPath (Join-Path $help 'about_RunAgents.help.txt')
}

function Build-MockServer {
    Invoke-Native dotnet build $MockServerProject -c $Configuration --nologo -v quiet
    if (-not (Test-Path $MockServerDll)) { throw "The mock server was not built to $MockServerDll." }
}

function Initialize-TestTools {
    # Pester is a NuGet package here: restoring this project puts it in the NuGet cache.
    Invoke-Native dotnet restore (Join-Path $Root 'tests/tools/tools.csproj') --nologo -v quiet
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $pester = Join-Path $packages "pester/$(Get-PinnedVersion PesterVersion)/tools/Pester.psd1"
    if (-not (Test-Path $pester)) { throw "Pester was not restored to $pester." }
    Build-MockServer
    $env:RUNAGENTS_TEST_MODULE = Join-Path $ModuleOut 'RunAgents.psd1'
    $env:RUNAGENTS_TEST_MOCKSERVER = $MockServerDll
    $env:RUNAGENTS_TEST_PESTER = $pester
}

function Read-XunitResult {
    # The outcome of each xunit test in a TRX report, with its class and, for a skip, the reason.
    param([Parameter(Mandatory)] [string] $Path)
    $trx = [xml](Get-Content -Raw $Path)
    $classes = @{}
    foreach ($test in $trx.TestRun.TestDefinitions.UnitTest) { $classes[$test.id] = $test.TestMethod.className }
    foreach ($result in $trx.TestRun.Results.UnitTestResult) {
        $message = $result.SelectSingleNode("*[local-name()='Output']/*[local-name()='ErrorInfo']/*[local-name()='Message']")
        [pscustomobject]@{
            Class   = $classes[$result.testId]
            Name    = $result.testName
            Outcome = switch ($result.outcome) { 'Passed' { 'Passed' } 'NotExecuted' { 'Skipped' } default { 'Failed' } }
            Message = if ($message) { $message.InnerText } else { '' }
        }
    }
}

function Write-XunitSummary {
    # One line per test class with its counts, then each skipped test and its reason. Returns the totals.
    param([object[]] $Results)
    $prefix = 'RunAgents.PowerShell.Tests.'
    $groups = @($Results | Group-Object Class | Sort-Object Name)
    $width = ($groups | ForEach-Object { $_.Name.Replace($prefix, '').Length } | Measure-Object -Maximum).Maximum
    Write-Host 'xunit, per test class:'
    foreach ($group in $groups) {
        $counts = @("$(@($group.Group | Where-Object Outcome -eq Passed).Count) passed")
        foreach ($outcome in 'Failed', 'Skipped') {
            $count = @($group.Group | Where-Object Outcome -eq $outcome).Count
            if ($count) { $counts += "$count $($outcome.ToLowerInvariant())" }
        }
        Write-Host ("  {0}  {1}" -f $group.Name.Replace($prefix, '').PadRight($width), ($counts -join ', '))
    }
    foreach ($test in @($Results | Where-Object Outcome -eq Skipped)) {
        Write-Host "Skipped: $($test.Name.Replace($prefix, '')): $(if ($test.Message) { $test.Message } else { 'no reason given' })"
    }
    foreach ($test in @($Results | Where-Object Outcome -eq Failed)) {
        Write-Host "Failed: $($test.Name.Replace($prefix, '')) (in full above)"
    }
    @{
        Passed  = @($Results | Where-Object Outcome -eq Passed).Count
        Failed  = @($Results | Where-Object Outcome -eq Failed).Count
        Skipped = @($Results | Where-Object Outcome -eq Skipped).Count
    }
}

function Invoke-TestTask {
    Invoke-BuildTask
    Write-Host '==> Test' -ForegroundColor Cyan
    Initialize-TestTools
    if (Test-Path $ResultsOut) { Remove-Item $ResultsOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ResultsOut

    Write-Host '--> xunit' -ForegroundColor Cyan
    # Minimal: each failure in full (message and stack) as it happens, and no line per passing test.
    & dotnet test (Join-Path $Root 'tests/RunAgents.PowerShell.Tests/RunAgents.PowerShell.Tests.csproj') -c $Configuration --nologo `
        --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=minimal' --results-directory $ResultsOut
    $xunitExit = $LASTEXITCODE
    $trx = Join-Path $ResultsOut 'xunit.trx'
    $xunit = if (Test-Path $trx) { Write-XunitSummary @(Read-XunitResult $trx) } else { @{ Passed = 0; Failed = 1; Skipped = 0 } }
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1 }

    Write-Host '--> Pester' -ForegroundColor Cyan
    $summary = Join-Path $ResultsOut 'pester-summary.json'
    $pesterExit = Invoke-Pwsh -Arguments @('-File', (Join-Path $Root 'tests/Invoke-PesterSuite.ps1'), '-SummaryPath', $summary, '-ResultPath', (Join-Path $ResultsOut 'pester.xml'))
    $pester = if (Test-Path $summary) { Get-Content -Raw $summary | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    $failedPester = [int]$pester.Failed
    if ($pesterExit -ne 0 -and $failedPester -eq 0) { $failedPester = 1 }

    $passed = $xunit.Passed + [int]$pester.Passed
    $failed = $xunit.Failed + $failedPester
    $skipped = $xunit.Skipped + [int]$pester.Skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; Pester: $($pester.Passed) passed, $failedPester failed, $([int]$pester.Skipped) skipped"
    Write-Host "Details of every test: $ResultsOut (xunit.trx, pester.xml)"
    Write-Host "Tests: $passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-DemoTask {
    Invoke-BuildTask
    Build-MockServer
    Write-Host '==> Demo' -ForegroundColor Cyan
    $code = Invoke-Pwsh -Arguments @('-File', (Join-Path $Root 'build/Demo.ps1'), '-ModulePath', (Join-Path $ModuleOut 'RunAgents.psd1'), '-MockServerPath', $MockServerDll)
    if ($code -ne 0) { throw "The demo failed with exit code $code." }
}

function Invoke-SamplesTask {
    Invoke-BuildTask
    Build-MockServer
    Write-Host '==> Samples' -ForegroundColor Cyan
    & (Join-Path $Root 'build/Samples.ps1') -ModulePath (Join-Path $ModuleOut 'RunAgents.psd1') -MockServerPath $MockServerDll
    # The module folder holds the README and the help the build made from the old samples.
    Copy-Item (Join-Path $Root 'README.md') $ModuleOut
    Invoke-DocsTask
}

function Invoke-MockTask {
    Invoke-BuildTask
    Build-MockServer
    Write-Host '==> Mock' -ForegroundColor Cyan
    # In this process, so that Ctrl+C reaches the script and its clean-up at once.
    & (Join-Path $Root 'build/Mock.ps1') -ModulePath (Join-Path $ModuleOut 'RunAgents.psd1') -MockServerPath $MockServerDll
}

function Invoke-PackageTask {
    Invoke-BuildTask
    Write-Host '==> Package' -ForegroundColor Cyan
    & (Join-Path $Root 'build/Package.ps1') -ModuleFolder $ModuleOut -OutputFolder $Out
}

function Invoke-BenchTask {
    Invoke-BuildTask
    Initialize-TestTools
    Write-Host '==> Bench' -ForegroundColor Cyan
    $bench = Join-Path $Root 'bench/RunAgents.Bench/RunAgents.Bench.csproj'
    Invoke-Native dotnet build $bench -c $Configuration --nologo -v quiet
    $baseline = Join-Path $Root "bench/RunAgents.Bench/bin/$Configuration/net10.0/RunAgents.Bench.dll"
    $code = Invoke-Pwsh -Arguments @('-File', (Join-Path $Root 'build/Bench.ps1'), '-ModulePath', (Join-Path $ModuleOut 'RunAgents.psd1'), '-MockServerPath', $MockServerDll, '-BaselinePath', $baseline, '-OutputPath', (Join-Path $Out 'bench.json'))
    if ($code -ne 0) { throw "The benchmarks failed with exit code $code." }
}

foreach ($name in $Task) {
    switch ($name) {
        'Build' { Invoke-BuildTask }
        'Docs' { Invoke-DocsTask }
        'Test' { Invoke-TestTask }
        'Package' { Invoke-PackageTask }
        'Bench' { Invoke-BenchTask }
        'Demo' { Invoke-DemoTask }
        'Samples' { Invoke-SamplesTask }
        'Mock' { Invoke-MockTask }
    }
}
