# Case 8 of build/Bench.ps1 (dot-sourced there, after cases 6 and 7): configuration as code. Uses Bench.ps1's
# Add-Result, Measure-Contenders, $key, $secureKey, $MockServerPath and $Runs.

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

    # The cases before leave the runtime recompiling their hot code in the background (tiered JIT) for a few seconds,
    # which takes one of two cores from whichever contender runs then, the one running on both cores more: wait for
    # this process to go quiet (under 5% of a core over a quarter second, 10 s at most) before timing.
    $process = [Diagnostics.Process]::GetCurrentProcess()
    $quietBy = [Diagnostics.Stopwatch]::StartNew()
    do {
        $process.Refresh(); $before = $process.TotalProcessorTime
        Start-Sleep -Milliseconds 250
        $process.Refresh(); $busy = ($process.TotalProcessorTime - $before).TotalMilliseconds / 250
    } while ($busy -gt 0.05 -and $quietBy.Elapsed.TotalSeconds -lt 10)
    Write-Host ("  settled after {0:n1} s ({1:p0} of a core in the last quarter second)" -f $quietBy.Elapsed.TotalSeconds, $busy)

    $medians = Measure-Contenders 'compare 500 objects' ([ordered]@{
            'Compare-RAConfiguration' = { Compare-RAConfiguration -Path $configuration }
            'Get- of the same'        = { Get-RAIdentityProvider; Get-RATool; Get-RAModelProvider; Get-RAPolicy }
        })
    $ratio = $medians['Compare-RAConfiguration'] / $medians['Get- of the same']
    Add-Result '8 compare 500 objects' 'median ms' $medians['Compare-RAConfiguration'] 'Get- of the same' $medians['Get- of the same'] $ratio '<= 2x reading them' ($ratio -le 2)
}
finally {
    Disconnect-RAService
    $server | Stop-RAMockServer
    Remove-Item -LiteralPath $configuration -Recurse -Force -ErrorAction Ignore
}
