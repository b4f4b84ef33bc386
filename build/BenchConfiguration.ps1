# Case 8 of build/Bench.ps1 (dot-sourced there, before the other cases): configuration as code. Uses Bench.ps1's
# Add-Result, Measure-Contenders, Get-Median, Invoke-Child, $key, $secureKey, $ModulePath, $MockServerPath and $Runs.

# Case 8: Compare-RAConfiguration of a folder of 500 objects (200 tools, 100 model providers, 150 policies, 50
# identity providers), exported from the platform and unchanged, against reading the same 500 objects with the
# Get- cmdlets, in the same run. Both read the four lists; Compare also reads and compares the 500 files.
Write-Host 'Case 8: Compare-RAConfiguration of 500 objects against Get-RATool, -RAModelProvider, -RAPolicy, -RAIdentityProvider of the same'
$server = Start-RAMockServer -Path $MockServerPath -ApiKey $key -Seed none
$configuration = Join-Path ([IO.Path]::GetTempPath()) "runagents-bench-configuration-$PID"
try {
    Connect-RAService -Uri $server.Uri -ApiKey $secureKey
    foreach ($list in 'tools', 'model-providers', 'policies', 'identity-providers') { $null = Invoke-RAMock $server DELETE $list }
    # The seed's approval connectors too: the 500 objects are the only ones (the seed 'none' has no agents).
    $null = Invoke-RAMock $server POST clear-configuration
    $null = Invoke-RAMock $server POST tools @(1..200 | ForEach-Object {
            @{ name = "tool-$_"; spec = @{ description = "Tool $_"; connection = @{ topology = 'External'; baseUrl = "https://tool-$_.example.com"; port = 443; scheme = 'HTTPS'; authentication = @{ type = 'None' } }
                    governance = @{ accessControl = @{ mode = 'Restricted' } }; capabilities = @(@{ name = 'read'; method = 'GET'; path = '/v1/*' }, @{ name = 'write'; method = 'POST'; path = '/v1/items' }) }
                status = @{ phase = 'Available' } } })
    $null = Invoke-RAMock $server POST model-providers @(1..100 | ForEach-Object {
            @{ name = "provider-$_"; spec = @{ provider = 'openai'; endpoint = "https://llm-$_.example.com/v1"; models = @("model-$_-a", "model-$_-b"); auth = @{ type = 'None' } }; status = @{ phase = 'Available' } } })
    $null = Invoke-RAMock $server POST policies @(1..150 | ForEach-Object {
            @{ name = "policy-$_"; spec = @{ policies = @(@{ permission = 'allow'; operations = @('GET'); resource = "https://tool-$_.example.com/*" })
                    approvals = @(@{ name = 'writes'; toolIds = @("tool-$_"); operations = @('POST'); approvers = @{ groups = @('ops'); match = 'any' }; defaultDuration = '4h' }) } } })
    $null = Invoke-RAMock $server POST identity-providers @(1..50 | ForEach-Object {
            @{ name = "idp-$_"; spec = @{ host = "idp-$_.example.com"; identityProvider = @{ issuer = "https://issuer-$_.example.com"; jwksUri = "https://issuer-$_.example.com/keys"; audiences = @('runagents') }; userIDClaim = 'email' } } })
    # The folder holds the four kinds, so Compare reads the four lists the Get- cmdlets read (an export of every kind
    # would add the approval connectors' and the agents' folders, and two more lists for Compare to read).
    Export-RAConfiguration -Path $configuration -Resource IdentityProvider, Tool, ModelProvider, Policy
    $count = @(Compare-RAConfiguration -Path $configuration).Count
    $same = @(Compare-RAConfiguration -Path $configuration | Where-Object State -EQ Same).Count
    if ($count -ne 500 -or $same -ne 500) { throw "Compare-RAConfiguration wrote $count records, $same of them Same, not 500." }

    # First, as a CI job runs it: one call in a fresh pwsh, which compiles each contender's code as it goes. Whole
    # processes, alternating; only the call itself is timed (not starting pwsh, importing the module or connecting).
    $firstCall = {
        param($Module, $Uri, $Key, $Folder, $What)
        $ErrorActionPreference = 'Stop'
        Import-Module $Module
        Connect-RAService -Uri $Uri -ApiKey (ConvertTo-SecureString $Key -AsPlainText -Force)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $count = if ($What -eq 'compare') { @(Compare-RAConfiguration -Path $Folder).Count } else { @(Get-RAIdentityProvider; Get-RATool; Get-RAModelProvider; Get-RAPolicy).Count }
        @{ Ms = $clock.Elapsed.TotalMilliseconds; Count = $count } | ConvertTo-Json -Compress
    }
    $firsts = @{ compare = [Collections.Generic.List[double]]::new(); get = [Collections.Generic.List[double]]::new() }
    for ($run = 0; $run -lt 5; $run++) {
        foreach ($what in 'compare', 'get') {
            $child = Invoke-Child -Script "& { $firstCall } -Module '$ModulePath' -Uri '$($server.Uri)' -Key '$key' -Folder '$configuration' -What $what"
            if ($child.Count -ne 500) { throw "The first $what in a fresh pwsh wrote $($child.Count) objects, not 500." }
            $firsts[$what].Add($child.Ms)
        }
    }
    $firstCompare = Get-Median $firsts.compare.ToArray()
    $firstGet = Get-Median $firsts.get.ToArray()
    Write-Host ("  the first call in a fresh pwsh: Compare-RAConfiguration {0:n1} ms; Get- of the same {1:n1} ms" -f $firstCompare, $firstGet)

    # Then each contender is timed as it runs once the runtime has compiled its code at its final tier: the runtime
    # recompiles hot code in bursts, a tenth of a second after it last compiled anything, for hundreds of runs, and a
    # contender timed before that ends pays for it (or the other does, if it has run more). So both are run, alternating,
    # in windows of a second until one window compiles next to nothing (under 3 methods; 3 windows at least, 30 s at
    # most), then this process is left to go quiet (under 5% of a core over a quarter second, 10 s at most).
    $contenders = [ordered]@{
        'Compare-RAConfiguration' = { Compare-RAConfiguration -Path $configuration }
        'Get- of the same'        = { Get-RAIdentityProvider; Get-RATool; Get-RAModelProvider; Get-RAPolicy }
    }
    $warmedBy = [Diagnostics.Stopwatch]::StartNew()
    $warmRuns = 0
    $windows = 0
    do {
        $compiled = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
        $window = [Diagnostics.Stopwatch]::StartNew()
        while ($window.Elapsed.TotalSeconds -lt 1) {
            foreach ($contender in $contenders.Values) { $null = & $contender }
            $warmRuns++
        }
        $windows++
        $added = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $compiled
    } while (($windows -lt 3 -or $added -ge 3) -and $warmedBy.Elapsed.TotalSeconds -lt 30)
    $process = [Diagnostics.Process]::GetCurrentProcess()
    $quietBy = [Diagnostics.Stopwatch]::StartNew()
    do {
        $process.Refresh(); $before = $process.TotalProcessorTime
        Start-Sleep -Milliseconds 250
        $process.Refresh(); $busy = ($process.TotalProcessorTime - $before).TotalMilliseconds / 250
    } while ($busy -gt 0.05 -and $quietBy.Elapsed.TotalSeconds -lt 10)
    Write-Host ("  warmed with {0} runs of each in {1:n1} s ({2} methods compiled in the last second), settled after {3:n1} s ({4:p0} of a core in the last quarter second)" -f $warmRuns, $warmedBy.Elapsed.TotalSeconds, $added, $quietBy.Elapsed.TotalSeconds, $busy)

    $medians = Measure-Contenders 'compare 500 objects' $contenders -Count ([Math]::Max($Runs, 15))
    $ratio = $medians['Compare-RAConfiguration'] / $medians['Get- of the same']
    Add-Result '8 compare 500 objects' 'median ms' $medians['Compare-RAConfiguration'] 'Get- of the same' $medians['Get- of the same'] $ratio '<= 2x reading them' ($ratio -le 2)
    Add-Result '8 compare 500 objects' 'first call ms' $firstCompare 'Get- of the same' $firstGet ($firstCompare / $firstGet) 'report (a fresh pwsh, as in CI)' $true
}
finally {
    Disconnect-RAService
    $server | Stop-RAMockServer
    Remove-Item -LiteralPath $configuration -Recurse -Force -ErrorAction Ignore
}
