# The CI examples of README.md's "The platform as code": the PowerShell lines of the GitHub Actions and the Azure
# Pipelines YAML, run as written in a fresh pwsh against the mock (the module imported where the YAML installs it), so
# that the examples cannot rot. On a pull request the job fails while the workspace differs from the folder; on a
# merge it imports the folder; the key, given as a CI secret, is never in what the job writes.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $readme = [IO.File]::ReadAllText((Join-Path $PSScriptRoot '../README.md'))
    $start = $readme.IndexOf("`n### The platform as code`n")
    $end = @($readme.IndexOf("`n### ", $start + 10), $readme.IndexOf("`n## ", $start + 10)) | Where-Object { $_ -gt 0 } | Sort-Object | Select-Object -First 1
    $section = $readme.Substring($start, $end - $start)
    $yamls = [regex]::Matches($section, '(?ms)^```yaml\n(?<text>.*?)^```') | ForEach-Object { $_.Groups['text'].Value }

    # The scripts of a YAML's steps: 'run:' (GitHub Actions) and 'pwsh:' (Azure Pipelines), a line or a '|' block.
    function Get-StepScript([string] $Yaml) {
        $lines = $Yaml -split "`n"
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -notmatch '^(?<key>\s*(-\s+)?)(run|pwsh):\s*(?<value>.*)$') { continue }
            if ($Matches['value'] -ne '|') { $Matches['value']; continue }
            # The block is the lines indented deeper than the key.
            $column = $Matches['key'].Length
            $block = [Collections.Generic.List[string]]::new()
            while ($i + 1 -lt $lines.Count -and ($lines[$i + 1] -match "^\s{$($column + 1),}\S" -or $lines[$i + 1] -eq '')) {
                $block.Add($lines[++$i])
            }
            $cut = ($block | Where-Object { $_ } | ForEach-Object { ($_ -replace '^(\s*).*', '$1').Length } | Measure-Object -Minimum).Minimum
            ($block | ForEach-Object { if ($_.Length -ge $cut) { $_.Substring($cut) } else { $_ } }) -join "`n"
        }
    }

    # Each example against one generation (a child pwsh a step is slow): between them, both generations.
    $examples = foreach ($ci in @(@{ Name = 'GitHub Actions'; Marker = 'on:'; Generation = 'Namespaced' }, @{ Name = 'Azure Pipelines'; Marker = 'trigger:'; Generation = 'V1' })) {
        $yaml = $yamls | Where-Object { $_ -match "(?m)^$($ci.Marker)" } | Select-Object -First 1
        $scripts = @(Get-StepScript $yaml)
        @{
            CI         = $ci.Name
            Generation = $ci.Generation
            Install    = @($scripts | Where-Object { $_ -match 'Install-Module' })
            Compare    = @($scripts | Where-Object { $_ -match 'Compare-RAConfiguration' })
            Import     = @($scripts | Where-Object { $_ -match 'Import-RAConfiguration' })
        }
    }
}

Describe 'The <CI> example of README.md on the <Generation> API' -ForEach $examples {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $key = 'ra_ci-secret-7f3a9c2e5b1d4086'
        $server = Start-RAMockServer -DeployReadyMs 0 -ApiKey $key
        $api = New-TestApi $Generation $server
        Connect-TestServer $api -Key $key
        $repository = Join-Path $TestDrive "$($CI -replace ' ')-$Generation"
        $null = New-Item -ItemType Directory -Path $repository
        function Invoke-Step([string] $Script) {
            # The job's checkout is the working folder; the secret and the endpoint come in as the YAML maps them.
            $ran = Invoke-ChildPwsh -Script ("Set-Location -LiteralPath '$($repository.Replace("'", "''"))'`n" + $Script) -Environment @{
                RUNAGENTS_ENDPOINT = "$($api.Uri)"
                RA_API_KEY         = $key
                RUNAGENTS_API_KEY  = $null
                HOME               = $repository
            }
            $ran.TimedOut | Should -BeFalse
            "$($ran.Output)$($ran.Errors)" | Should -Not -Match ([regex]::Escape($key)) -Because 'the key is never written to the log'
            $ran
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    It 'has one install step, one step that compares and one that imports' {
        $Install | Should -Be @('Install-Module RunAgents -Scope CurrentUser -Force')
        $Compare.Count | Should -Be 1
        $Import.Count | Should -Be 1
        $Compare[0] | Should -Match 'ConvertTo-SecureString \$env:RA_API_KEY -AsPlainText -Force'
        $Import[0] | Should -Match 'ConvertTo-SecureString \$env:RA_API_KEY -AsPlainText -Force'
    }

    It 'passes a pull request while the workspace matches the folder, fails it on drift, and a merge imports the folder' {
        Export-RAConfiguration -Path (Join-Path $repository 'cfg')

        $clean = Invoke-Step $Compare[0]
        $clean.ExitCode | Should -Be 0 -Because "$($clean.Output)$($clean.Errors)"

        # Someone changes the workspace by hand: the next pull request shows it, and fails.
        Set-RAApprovalConnector -Name pagerduty-sre -Enabled
        $drift = Invoke-Step $Compare[0]
        $drift.ExitCode | Should -Be 1
        $drift.Output | Should -Match 'pagerduty-sre'
        $drift.Output | Should -Match 'enabled'

        $null = Get-RAMockJournal $server -Clear
        $merge = Invoke-Step $Import[0]
        $merge.ExitCode | Should -Be 0 -Because "$($merge.Output)$($merge.Errors)"
        $merge.Output | Should -Match 'Updated\s+ApprovalConnector\s+pagerduty-sre'
        @(Get-RAMockJournal $server | Where-Object method -NE 'GET' | ForEach-Object { "$($_.method) $($_.body)" }) | Should -Be @('PATCH {"enabled":false}')

        (Invoke-Step $Compare[0]).ExitCode | Should -Be 0
    }

    It 'fails a merge whose import fails' {
        $cfg = Join-Path $repository 'cfg'
        Export-RAConfiguration -Path $cfg
        Set-Content -LiteralPath (Join-Path $cfg 'agents/ghost.json') -Value '{"system_prompt":"x"}'
        if (-not $api.ByName) { Move-Item (Join-Path $cfg 'agents/ghost.json') (Join-Path $cfg 'agents/finance.ghost.json') }

        $merge = Invoke-Step $Import[0]

        $merge.ExitCode | Should -Be 1
        "$($merge.Output)$($merge.Errors)" | Should -Match 'ghost'
        Remove-Item -LiteralPath $cfg -Recurse
    }
}
