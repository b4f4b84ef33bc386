<#
    Samples: the sample outputs of the README's tour and of the help pages, made by running the code they
    show against the mock platform and kept as a console shows them.

    One set of settings makes every sample: the mock's clock stands still at one instant, its ids start
    again at each reset, the text is rendered 120 columns wide as plain text (no colour), by a host that
    also keeps what ShouldProcess writes ("What if: ...") and what a console shows of warnings, verbose
    lines and errors, and the mock's local address reads as the default platform's. So a run gives the
    same text on every machine: build.ps1 -Task Samples writes it into README.md and docs/*.md, and the
    tests regenerate it in memory and fail on any difference.
#>

Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot '../tests/MockServer.psm1')

# The settings every sample is made with; the tests and build.ps1 -Task Samples read them from here.
$script:Settings = [pscustomobject]@{
    # Wide enough that a table's last column (an image, a URI) is rarely cut; the help and the tour alike.
    Width           = 120
    # The mock's clock stands still here, so times read the same in every run.
    Clock           = '2026-11-29T04:50:16Z'
    # The keys the reader is taken to have: $key, and a workspace key for the v1 examples.
    ApiKey          = 'demo-key-0123456789'
    WorkspaceKey    = 'ra_ws_demo-key-9876543210'
    # A deploy is Running and an approval has resumed its run before the platform answers, so what a
    # wait sees, and how many requests it takes (action ids count them), does not depend on timing;
    # an invoke takes a fixed time, which its DurationMs reports.
    ResumeMs        = 0
    DeployReadyMs   = 0
    InvokeLatencyMs = 150
    # What the mock's local address is shown as.
    DefaultUri      = 'https://api.runagents.io'
}

function Get-SampleSetting {
    <#
    .SYNOPSIS
    The settings every sample is made with: width, clock, keys, delays, and the address shown for the mock.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param()
    $script:Settings.PSObject.Copy()
}

function Start-SampleServer {
    <#
    .SYNOPSIS
    Starts the mock platform with the demo agents and the sample settings; stop it with Stop-RAMockServer.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    Start-RAMockServer -Path $Path -Seed demo -ApiKey $script:Settings.ApiKey, $script:Settings.WorkspaceKey `
        -Clock $script:Settings.Clock -ResumeMs $script:Settings.ResumeMs -DeployReadyMs $script:Settings.DeployReadyMs `
        -InvokeLatencyMs $script:Settings.InvokeLatencyMs
}

function New-SampleSession {
    <#
    .SYNOPSIS
    A runspace with the module imported, on a host that keeps what a console would show.

    .DESCRIPTION
    Returns an object with the Runspace and its Host (RunAgents.Build.SampleHost). Run code in it with
    Invoke-SampleCode; dispose of the Runspace when done. Output renders as plain text: the PSStyle
    setting is the process's, so call this only in a process of its own (the demo, or a child pwsh).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        # Variables the code finds already set, as a reader's session would have them.
        [hashtable] $Variable = @{}
    )
    if (-not ('RunAgents.Build.SampleHost' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot 'SampleHost.cs')
    }
    $PSStyle.OutputRendering = 'PlainText'
    $sampleHost = [RunAgents.Build.SampleHost]::new($script:Settings.Width)
    $state = [initialsessionstate]::CreateDefault2()
    $state.ImportPSModule($ModulePath)
    $runspace = [runspacefactory]::CreateRunspace($sampleHost, $state)
    $runspace.Open()
    foreach ($name in $Variable.Keys) { $runspace.SessionStateProxy.SetVariable($name, $Variable[$name]) }
    [pscustomobject]@{ Runspace = $runspace; Host = $sampleHost }
}

function Invoke-SampleCode {
    <#
    .SYNOPSIS
    Runs code in a sample session as if typed at a console's prompt line by line, and returns what it showed.

    .DESCRIPTION
    Each statement of the code runs on its own, as a console runs each line typed at its prompt: in the
    session's global scope, so its variables stay for the next, with its errors merged into its output and
    the whole sent to Out-Default, as the console host does. So each statement's output is formatted on
    its own (a table of runs after a table of requests gets its own header), and an error stops only its
    statement. Returns Text (the host's text: output, errors, warnings, verbose lines, "What if:" lines,
    in the order written), Errors (each error written or thrown, as 'FullyQualifiedErrorId: message') and
    TimedOut (the code took longer than -TimeoutSec in all).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] $Session,
        [Parameter(Mandatory)] [AllowEmptyString()] [string] $Code,
        [int] $TimeoutSec = 60
    )
    $errors = [System.Collections.Generic.List[object]]::new()
    $null = $Session.Host.TakeText()
    $Session.Runspace.SessionStateProxy.SetVariable('RunAgentsSampleErrors', $errors)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $timedOut = $false
    foreach ($statement in (Split-SampleStatement -Code $Code)) {
        $ps = [powershell]::Create()
        $ps.Runspace = $Session.Runspace
        try {
            $null = $ps.AddScript($statement, $false)
            $ps.Commands.Commands[0].MergeMyResults([System.Management.Automation.Runspaces.PipelineResultTypes]::Error, [System.Management.Automation.Runspaces.PipelineResultTypes]::Output)
            # Notes the errors on their way to Out-Default, which shows them as the console does.
            $null = $ps.AddScript('process { if ($_ -is [System.Management.Automation.ErrorRecord]) { $RunAgentsSampleErrors.Add($_) }; $_ }')
            $null = $ps.AddCommand('Out-Default')
            $running = $ps.BeginInvoke()
            $left = [Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
            if (-not $running.AsyncWaitHandle.WaitOne([TimeSpan]::FromMilliseconds($left))) {
                $timedOut = $true
                $ps.Stop()
            }
            try {
                $null = $ps.EndInvoke($running)
            }
            catch {
                # A terminating error: the console shows it like any other, and goes on to the next line.
                $thrown = $_.Exception
                while ($thrown -is [System.Management.Automation.MethodInvocationException] -and $thrown.InnerException) { $thrown = $thrown.InnerException }
                $record = if ($thrown -is [System.Management.Automation.IContainsErrorRecord]) { $thrown.ErrorRecord } else { [System.Management.Automation.ErrorRecord]::new($thrown, 'SampleStopped', 'NotSpecified', $null) }
                $errors.Add($record)
                $show = [powershell]::Create()
                $show.Runspace = $Session.Runspace
                try { $null = $show.AddCommand('Out-Default').Invoke(@(, $record)) } finally { $show.Dispose() }
            }
        }
        finally {
            $ps.Dispose()
        }
        if ($timedOut) { break }
    }
    [pscustomobject]@{
        Text     = $Session.Host.TakeText()
        Errors   = @($errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
        TimedOut = $timedOut
    }
}

function Split-SampleStatement {
    # The statements of code, each as its text, as a console would get them typed one by one. Code that
    # does not parse, or has a param block or named blocks, is one piece: running it shows what is wrong.
    param([AllowEmptyString()] [string] $Code)
    $tokens = $null
    $problems = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $tokens, [ref] $problems)
    if ($problems -or $ast.ParamBlock -or $ast.BeginBlock -or $ast.ProcessBlock -or $ast.DynamicParamBlock -or -not $ast.EndBlock -or -not $ast.EndBlock.Unnamed) {
        return , $Code
    }
    foreach ($statement in $ast.EndBlock.Statements) { $statement.Extent.Text }
}

function ConvertTo-SampleText {
    <#
    .SYNOPSIS
    What a sample shows, as kept in the docs: the mock's address as the default platform's, no trailing
    blanks on a line, one blank line where the console showed several (a table's end and the next one's
    start), none at the end (nor, with -TrimStart, at the start).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [AllowEmptyString()] [string] $Text,
        [Parameter(Mandatory)] [Uri] $MockUri,
        [switch] $TrimStart
    )
    $mock = $MockUri.GetLeftPart([UriPartial]::Authority)
    $lines = @(($Text.Replace($mock, $script:Settings.DefaultUri) -split '\r?\n') | ForEach-Object { $_.TrimEnd() })
    $text = ($lines -join "`n") -replace '\n{3,}', "`n`n"
    $text = $text.TrimEnd("`n")
    if ($TrimStart) { $text = $text.TrimStart("`n") }
    $text
}

function ConvertTo-SampleCommand {
    <#
    .SYNOPSIS
    A command as a sample shows it, made runnable: the default platform's address becomes the mock's.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] [Uri] $MockUri)
    $Command.Replace($script:Settings.DefaultUri, $MockUri.GetLeftPart([UriPartial]::Authority))
}

function Invoke-HelpExample {
    <#
    .SYNOPSIS
    Runs help examples one by one in fresh sessions against a mock platform reset before each; returns,
    by Id, the text each showed and its failures.

    .DESCRIPTION
    Each example runs in a runspace of its own with the module imported, from an empty folder of its own,
    connected to the mock, with $key (the sample key as a SecureString), $credential (a PSCredential
    holding it) and $workspaceKey (the mock's workspace key) set; its Arrange code runs first, in the
    same runspace, and shows nothing. An example's
    failures are the errors it writes and a run longer than 60 seconds. The environment variables the
    module reads, and HOME, are put back after each example. Runs in the calling process, whose PSStyle
    it changes: Invoke-HelpSampleRun calls it in a child pwsh.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [Parameter(Mandatory)] [Uri] $MockUri,
        [Parameter(Mandatory)] [string] $WorkFolder,
        # Objects with Id, Code and Arrange.
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Example
    )
    $key = ConvertTo-SecureString $script:Settings.ApiKey -AsPlainText -Force
    $environment = [Environment]::GetEnvironmentVariables()
    $results = [ordered]@{}
    $index = 0
    foreach ($item in $Example) {
        $index++
        $null = Invoke-RestMethod -NoProxy -Method Post -Uri ([Uri]::new($MockUri, '_mock/reset'))
        $folder = Join-Path $WorkFolder "example-$index"
        $null = New-Item -ItemType Directory -Path $folder -Force
        $failures = [System.Collections.Generic.List[string]]::new()
        $session = New-SampleSession -ModulePath $ModulePath -Variable @{
            key          = $key
            credential   = [pscredential]::new('runagents', $key)
            workspaceKey = ConvertTo-SecureString $script:Settings.WorkspaceKey -AsPlainText -Force
        }
        try {
            $setup = "Set-Location -LiteralPath '$($folder.Replace("'", "''"))'; Connect-RAService -Uri '$MockUri' -ApiKey `$key`n$($item.Arrange)"
            $arranged = Invoke-SampleCode -Session $session -Code $setup
            foreach ($failure in $arranged.Errors) { $failures.Add("while arranging: $failure") }
            $ran = Invoke-SampleCode -Session $session -Code $item.Code
            if ($ran.TimedOut) { $failures.Add('it did not end within 60 s') }
            foreach ($failure in $ran.Errors) { $failures.Add($failure) }
            $results[$item.Id] = [pscustomobject]@{ Failures = @($failures); Text = ConvertTo-SampleText -Text $ran.Text -MockUri $MockUri -TrimStart }
        }
        finally {
            $session.Runspace.Dispose()
            # An example may set the module's variables or HOME: the next one starts as this one did.
            foreach ($name in 'RUNAGENTS_API_KEY', 'RUNAGENTS_ENDPOINT', 'HOME') { [Environment]::SetEnvironmentVariable($name, $environment[$name]) }
        }
    }
    $results
}

function Invoke-HelpSampleRun {
    <#
    .SYNOPSIS
    Runs help examples in a child pwsh, as a reader of the help would in a runbook, and returns by Id
    what each showed (Text) and its failures (Failures).

    .DESCRIPTION
    The child has RUNAGENTS_API_KEY and RUNAGENTS_ENDPOINT set to the mock, HOME in the work folder, the
    module's folder on PSModulePath (so that ForEach-Object -Parallel finds it) and HTTP_PROXY,
    HTTPS_PROXY and ALL_PROXY pointing at a closed port on this machine: an example that would reach
    another host fails there, and nothing leaves the machine. The tests and build.ps1 -Task Samples both
    run the examples through here, so what the tests compare is what the task writes.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [Parameter(Mandatory)] $Server,
        [Parameter(Mandatory)] [string] $WorkFolder,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Example,
        [int] $TimeoutSec = 900
    )
    $null = New-Item -ItemType Directory -Path (Join-Path $WorkFolder 'home') -Force
    $inputPath = Join-Path $WorkFolder 'examples.json'
    $outputPath = Join-Path $WorkFolder 'results.json'
    ConvertTo-Json -InputObject @($Example | Select-Object Id, Code, Arrange) -Depth 3 | Set-Content -LiteralPath $inputPath -Encoding utf8NoBOM
    Remove-Item -LiteralPath $outputPath -ErrorAction Ignore
    $quote = { param($text) "'" + "$text".Replace("'", "''") + "'" }
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module $(& $quote (Join-Path $PSScriptRoot 'Samples.psm1'))
`$examples = @(Get-Content -Raw -LiteralPath $(& $quote $inputPath) | ConvertFrom-Json)
`$results = Invoke-HelpExample -ModulePath $(& $quote $ModulePath) -MockUri $(& $quote $Server.Uri) -WorkFolder $(& $quote $WorkFolder) -Example `$examples
ConvertTo-Json -InputObject `$results -Depth 4 | Set-Content -LiteralPath $(& $quote $outputPath) -Encoding utf8NoBOM
"@
    $run = Invoke-SampleChild -Script $script -TimeoutSec $TimeoutSec -Environment @{
        RUNAGENTS_API_KEY  = $script:Settings.ApiKey
        RUNAGENTS_ENDPOINT = "$($Server.Uri)"
        HOME               = Join-Path $WorkFolder 'home'
        HTTP_PROXY         = 'http://127.0.0.1:9'
        HTTPS_PROXY        = 'http://127.0.0.1:9'
        ALL_PROXY          = 'http://127.0.0.1:9'
        NO_PROXY           = $null
        PSModulePath       = (Split-Path (Split-Path $ModulePath)) + [IO.Path]::PathSeparator + $env:PSModulePath
    }
    [pscustomobject]@{
        Run     = $run
        Results = if (Test-Path -LiteralPath $outputPath) { Get-Content -Raw -LiteralPath $outputPath | ConvertFrom-Json -AsHashtable } else { @{} }
    }
}

function Invoke-DemoRun {
    <#
    .SYNOPSIS
    Runs build/Demo.ps1 in a child pwsh and returns its steps: Section, Command, Text, Errors, Expected.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [Parameter(Mandatory)] [string] $MockServerPath,
        [Parameter(Mandatory)] [string] $WorkFolder,
        [int] $TimeoutSec = 600
    )
    $null = New-Item -ItemType Directory -Path $WorkFolder -Force
    $outputPath = Join-Path $WorkFolder 'demo.json'
    Remove-Item -LiteralPath $outputPath -ErrorAction Ignore
    $quote = { param($text) "'" + "$text".Replace("'", "''") + "'" }
    $script = "`$ErrorActionPreference = 'Stop'; & $(& $quote (Join-Path $PSScriptRoot 'Demo.ps1')) -ModulePath $(& $quote $ModulePath) -MockServerPath $(& $quote $MockServerPath) -PassThru | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $(& $quote $outputPath) -Encoding utf8NoBOM"
    $run = Invoke-SampleChild -Script $script -TimeoutSec $TimeoutSec
    [pscustomobject]@{
        Run   = $run
        Steps = if (Test-Path -LiteralPath $outputPath) { @(Get-Content -Raw -LiteralPath $outputPath | ConvertFrom-Json) } else { @() }
    }
}

function Invoke-SampleChild {
    # Runs a script in a new 'pwsh -NoProfile -NonInteractive' (the dotnet tool runs as 'dotnet pwsh.dll');
    # -Environment sets variables for it, a $null value removes one. A child still running after
    # -TimeoutSec is killed and reported as TimedOut.
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{}, [int] $TimeoutSec = 600)
    $process = [Environment]::ProcessPath
    $info = [Diagnostics.ProcessStartInfo]::new($process)
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', $Script) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { $null = $info.Environment.Remove($name) } else { $info.Environment[$name] = [string]$Environment[$name] }
    }
    $child = [Diagnostics.Process]::Start($info)
    try {
        $stdout = $child.StandardOutput.ReadToEndAsync()
        $stderr = $child.StandardError.ReadToEndAsync()
        $exited = $child.WaitForExit($TimeoutSec * 1000)
        if (-not $exited) {
            $child.Kill($true)
            $child.WaitForExit()
        }
        [pscustomobject]@{ TimedOut = -not $exited; ExitCode = $child.ExitCode; Output = $stdout.Result; Errors = $stderr.Result }
    }
    finally {
        $child.Dispose()
    }
}

#region Reading and writing the samples in markdown

function Get-ReadmeSample {
    <#
    .SYNOPSIS
    The samples of a README: each fenced block that follows a '<!-- demo: name -->' or
    '<!-- illustration: reason -->' line, and each block that shows a prompt ('PS> ') without one.

    .OUTPUTS
    Objects with Kind (Demo, Illustration or Unmarked), Name (the section, or the reason), Text and Line
    (the line number of the block's first line of text).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    $lines = [IO.File]::ReadAllLines($Path)
    $marker = $null
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -match '^<!--\s*(?<kind>demo|illustration):\s*(?<name>.*?)\s*-->\s*$') {
            $marker = $Matches
            continue
        }
        if ($lines[$i] -match '^(?<fence>`{3,})') {
            $fence = $Matches['fence']
            $start = $i + 1
            $end = $start
            while ($end -lt $lines.Count -and $lines[$end] -notmatch "^$fence\s*$") { $end++ }
            $text = if ($end -gt $start) { $lines[$start..($end - 1)] -join "`n" } else { '' }
            if ($marker) {
                [pscustomobject]@{ Kind = (Get-Culture).TextInfo.ToTitleCase($marker['kind']); Name = $marker['name']; Text = $text; Line = $start + 1 }
            }
            elseif ($text -match '(?m)^PS> ') {
                [pscustomobject]@{ Kind = 'Unmarked'; Name = ''; Text = $text; Line = $start + 1 }
            }
            $marker = $null
            $i = $end
            continue
        }
        if ($lines[$i].Trim()) { $marker = $null }
    }
}

function Set-ReadmeSample {
    <#
    .SYNOPSIS
    Rewrites the blocks after '<!-- demo: name -->' lines with the texts given by name; returns the names
    of the blocks whose text changed.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [hashtable] $Text)
    $lines = [System.Collections.Generic.List[string]]::new([IO.File]::ReadAllLines($Path))
    $changed = [System.Collections.Generic.List[string]]::new()
    $name = $null
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -match '^<!--\s*demo:\s*(?<name>.*?)\s*-->\s*$') { $name = $Matches['name']; continue }
        if ($lines[$i] -match '^(?<fence>`{3,})') {
            $fence = $Matches['fence']
            $end = $i + 1
            while ($end -lt $lines.Count -and $lines[$end] -notmatch "^$fence\s*$") { $end++ }
            if ($name -and $Text.ContainsKey($name)) {
                $old = if ($end -gt $i + 1) { $lines.GetRange($i + 1, $end - $i - 1) -join "`n" } else { '' }
                if ($old -cne $Text[$name]) {
                    $lines.RemoveRange($i + 1, $end - $i - 1)
                    $new = @($Text[$name] -split "`n")
                    $lines.InsertRange($i + 1, [string[]]$new)
                    $end = $i + 1 + $new.Count
                    $changed.Add($name)
                }
            }
            $name = $null
            $i = $end
        }
    }
    if ($changed.Count -and $PSCmdlet.ShouldProcess($Path, 'Rewrite samples')) {
        [IO.File]::WriteAllText($Path, ($lines -join "`n") + "`n", [Text.UTF8Encoding]::new($false))
    }
    $changed
}

function Set-HelpSample {
    <#
    .SYNOPSIS
    Rewrites the Output blocks of a help page's examples with the texts given by example number (from 1,
    as Get-MarkdownHelpExample numbers them); returns the numbers whose text changed.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [hashtable] $Text)
    $lines = [System.Collections.Generic.List[string]]::new([IO.File]::ReadAllLines($Path))
    $changed = [System.Collections.Generic.List[int]]::new()
    $inExamples = $false
    $number = 0
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -match '^##\s+(?<section>.*?)\s*$') { $inExamples = $Matches['section'] -eq 'EXAMPLES'; continue }
        if ($inExamples -and $lines[$i] -match '^###\s') { $number++; continue }
        if ($lines[$i] -match '^(?<fence>`{3,})(?<lang>\S*)') {
            $fence = $Matches['fence']
            $language = $Matches['lang']
            $end = $i + 1
            while ($end -lt $lines.Count -and $lines[$end] -notmatch "^$fence\s*$") { $end++ }
            if ($inExamples -and $language -eq 'Output' -and $Text.ContainsKey($number)) {
                $old = if ($end -gt $i + 1) { $lines.GetRange($i + 1, $end - $i - 1) -join "`n" } else { '' }
                if ($old -cne $Text[$number]) {
                    $lines.RemoveRange($i + 1, $end - $i - 1)
                    $new = @($Text[$number] -split "`n")
                    $lines.InsertRange($i + 1, [string[]]$new)
                    $end = $i + 1 + $new.Count
                    $changed.Add($number)
                }
            }
            $i = $end
        }
    }
    if ($changed.Count -and $PSCmdlet.ShouldProcess($Path, 'Rewrite samples')) {
        [IO.File]::WriteAllText($Path, ($lines -join "`n") + "`n", [Text.UTF8Encoding]::new($false))
    }
    $changed
}

function Get-DemoSampleText {
    <#
    .SYNOPSIS
    The README text of each section of the demo, by name: each step as its prompt line and what it showed.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Step)
    $sections = [ordered]@{}
    foreach ($item in $Step) {
        if (-not $item.Section) { continue }
        $shown = "PS> $($item.Command)"
        if ($item.Text) { $shown += "`n" + $item.Text }
        if ($sections.Contains($item.Section)) { $sections[$item.Section] += "`n`n" + $shown } else { $sections[$item.Section] = $shown }
    }
    $sections
}

#endregion

Export-ModuleMember -Function Get-SampleSetting, Start-SampleServer, New-SampleSession, Invoke-SampleCode, ConvertTo-SampleText,
    ConvertTo-SampleCommand, Invoke-HelpExample, Invoke-HelpSampleRun, Invoke-DemoRun, Get-ReadmeSample, Set-ReadmeSample,
    Set-HelpSample, Get-DemoSampleText, Invoke-SampleChild
