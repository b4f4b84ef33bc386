# Starts and drives the mock RunAgents server as a real process, for Pester tests, the demo and the benchmarks.
Set-StrictMode -Version Latest

function Start-RAMockServer {
    <#
    .SYNOPSIS
        Starts the mock server on 127.0.0.1 and a free port; returns an object with its Uri and Process.
    #>
    [CmdletBinding()]
    param(
        [string] $Path = $env:RUNAGENTS_TEST_MOCKSERVER,
        [string[]] $ApiKey = @('test-key'),
        [string] $Seed = 'demo',
        [int] $InvokeLatencyMs = 0,
        # How long a deployed agent stays Pending, and each step of resuming an approved run takes.
        [int] $DeployReadyMs = 1000,
        [int] $ResumeMs = 300,
        # An instant such as '2026-11-29T04:50:16Z': the platform's clock stands still there (see the mock's README).
        [string] $Clock,
        [int] $StartTimeoutSec = 30
    )
    if (-not $Path -or -not (Test-Path $Path)) { throw "The mock server was not found at '$Path'; run build.ps1 -Task Test." }
    $arguments = [Collections.Generic.List[string]]::new()
    foreach ($item in @($Path, '--port', '0', '--seed', $Seed, '--invoke-latency-ms', "$InvokeLatencyMs", '--deploy-ready-ms', "$DeployReadyMs", '--resume-ms', "$ResumeMs")) { $arguments.Add($item) }
    foreach ($key in $ApiKey) { $arguments.Add('--key'); $arguments.Add($key) }
    if ($Clock) { $arguments.Add('--clock'); $arguments.Add($Clock) }
    $info = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($item in $arguments) { $info.ArgumentList.Add($item) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([TimeSpan]::FromSeconds($StartTimeoutSec)) -or $null -eq $line.Result -or $line.Result -notmatch 'Listening on (\S+)') {
        $process.Kill($true)
        throw "The mock server did not start: $($process.StandardError.ReadToEnd())"
    }
    [pscustomobject]@{
        PSTypeName = 'RunAgents.MockServer'
        Uri        = [Uri]$Matches[1]
        Process    = $process
    }
}

function Stop-RAMockServer {
    <# .SYNOPSIS Stops a mock server started by Start-RAMockServer. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process {
        if (-not $Server.Process.HasExited) {
            $Server.Process.Kill($true)
            $null = $Server.Process.WaitForExit(10000)
        }
        $Server.Process.Dispose()
    }
}

function Invoke-RAMock {
    <#
    .SYNOPSIS
        Calls the mock server's control API (/_mock/...), which needs no key.
    .EXAMPLE
        Invoke-RAMock $server POST faults @{ status = 503; headers = @{ 'Retry-After' = '0' } }
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] $Server,
        [Parameter(Mandatory, Position = 1)] [ValidateSet('GET', 'POST', 'DELETE')] [string] $Method,
        [Parameter(Mandatory, Position = 2)] [string] $Path,
        [Parameter(Position = 3)] $Body
    )
    $parameters = @{ Uri = [Uri]::new($Server.Uri, "_mock/$Path"); Method = $Method }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $parameters.Body = if ($Body -is [string]) { $Body } else { ConvertTo-Json -InputObject $Body -Depth 20 -Compress }
        $parameters.ContentType = 'application/json'
    }
    Invoke-RestMethod @parameters
}

function Get-RAMockJournal {
    <# .SYNOPSIS The requests the mock server received, oldest first; -Clear empties the journal. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] $Server, [switch] $Clear)
    if ($Clear) { $null = Invoke-RAMock $Server DELETE journal; return }
    $entries = Invoke-RAMock $Server GET journal
    # Invoke-RestMethod enumerates a JSON array; write each entry as its own object.
    $entries | ForEach-Object { $_ }
}

Export-ModuleMember -Function Start-RAMockServer, Stop-RAMockServer, Invoke-RAMock, Get-RAMockJournal
