# Deploy-RAAgent sends what was asked and nothing more: the regular files inside the folders given (links,
# FIFOs and devices refused, secrets and bulk left out by default), -Env secrets by value but never shown, and a
# deploy sent once unless the platform cannot have acted on it. The built module against the mock platform, on
# both generations of the API.

Describe 'Deploy-RAAgent sends only what was asked on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 200
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        $deployTarget = Get-TestPath $api Deploy
        $outsideKey = 'ra_outside_key_0123456789'

        function Get-Posted {
            # The deploys the platform received, always as an array.
            , @(Get-ApiRequest $server | Where-Object { $_.method -eq 'POST' -and $_.rawTarget -ceq $deployTarget })
        }

        function New-SourceTree {
            # An agent's folder with two files and what a folder brings along, beside a folder that holds a key.
            $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
            $files = @{
                'app/agent.py'             = "print('agent')"
                'app/lib/tools.py'         = 'def tool(): ...'
                'app/.git/config'          = '[core]'
                'app/.env'                 = "API_KEY=$outsideKey"
                'app/.venv/pyvenv.cfg'     = 'home = /usr/bin'
                'app/node_modules/x/i.js'  = 'module.exports = 1'
                'outside/config.json'      = "{`"api_key`":`"$outsideKey`"}"
            }
            foreach ($relative in $files.Keys) {
                $path = Join-Path $root $relative
                $null = New-Item -ItemType Directory -Force -Path (Split-Path $path)
                [System.IO.File]::WriteAllText($path, $files[$relative])
            }

            $root
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        Get-RAMockJournal $server -Clear
    }

    AfterEach {
        Get-ForeignRequest $server $api | Should -BeNullOrEmpty
    }

    Context '-Path' {
        It 'sends the folder''s files but git''s, .env files, virtual environments and packages, and -Verbose says so' {
            $root = New-SourceTree

            $result = Deploy-RAAgent src -Path (Join-Path $root app) -Verbose -WarningAction SilentlyContinue 4>&1

            $verbose = @($result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $verbose | Should -Contain "Source file 'agent.py' (14 bytes)."
            $verbose | Should -Contain "Left out '.env': a .env file, which holds secrets, left out by default."
            $verbose | Should -Contain "Left out '.venv/': a Python virtual environment, left out by default."
            $posted = Get-Posted
            $posted.Count | Should -Be 1
            @(($posted[0].body | ConvertFrom-Json).source_files.PSObject.Properties.Name) | Should -BeExactly @('agent.py', 'lib/tools.py')
            $posted[0].body | Should -Not -Match $outsideKey
        }

        It 'refuses a link out of the folder before any request, unless -Exclude leaves it out' {
            if ($IsWindows) { Set-ItResult -Skipped -Because 'a symbolic link needs a privilege on Windows' }
            $root = New-SourceTree
            $link = Join-Path $root 'app/settings.json'
            $null = New-Item -ItemType SymbolicLink -Path $link -Target (Join-Path $root 'outside/config.json')

            Deploy-RAAgent src -Path (Join-Path $root app) -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'SourceIsSymbolicLink,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'SecurityError'
            $errors[0].TargetObject | Should -BeExactly $link
            "$($errors[0])" | Should -Match ([regex]::Escape("-Exclude 'settings.json'"))
            (Get-ApiRequest $server).Count | Should -Be 0

            $null = Deploy-RAAgent src -Path (Join-Path $root app) -Exclude settings.json -WarningAction SilentlyContinue

            (Get-Posted).Count | Should -Be 1
            (Get-Posted)[0].body | Should -Not -Match $outsideKey
        }
    }

    Context '-Env' {
        It 'sends a SecureString''s value and shows it on no stream, not even the request body under -Debug' {
            $secret = ConvertTo-SecureString 's3cr3t-value-42' -AsPlainText -Force

            $streams = Deploy-RAAgent env-agent -Image registry.example/e:1 -Env @{ DB_PASSWORD = $secret; LEVEL = 3 } -Verbose -Debug -WarningAction SilentlyContinue *>&1 | Out-String

            $body = (Get-Posted)[0].body | ConvertFrom-Json
            ($body.env | Where-Object name -EQ DB_PASSWORD).value | Should -BeExactly 's3cr3t-value-42'
            ($body.env | Where-Object name -EQ LEVEL).value | Should -BeExactly '3'
            $streams | Should -Match 'request body'
            $streams | Should -Match ([regex]::Escape('{"name":"DB_PASSWORD","value":"********"}'))
            $streams | Should -Not -Match 's3cr3t'
        }

        It 'refuses a PSCredential, saying what to pass instead, before any request' {
            $credential = [pscredential]::new('app', (ConvertTo-SecureString 's3cr3t-value-42' -AsPlainText -Force))

            Deploy-RAAgent env-agent -Image registry.example/e:1 -Env @{ DB = $credential } -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidDeployment,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            "$($errors[0])" | Should -Match ([regex]::Escape('DB_PASSWORD = $credential.Password'))
            "$($errors[0])" | Should -Not -Match 's3cr3t'
            (Get-ApiRequest $server).Count | Should -Be 0
        }
    }

    Context 'retries' {
        It 'sends a deploy a gateway answered 504 once, and reports it' {
            Add-RAMockFault $server @{ method = 'POST'; status = 504; count = 5; body = '{"error":"upstream timed out"}' }

            Deploy-RAAgent once -Image registry.example/o:1 -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'ServiceUnavailable,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
            "$($errors[0])" | Should -Match 'upstream timed out'
            @((Get-ApiRequest $server).status) | Should -Be @(504)
        }

        It 'sends a deploy again after a 503 that says when to come back' {
            Add-RAMockFault $server @{ method = 'POST'; status = 503; body = '{"error":"busy"}'; headers = @{ 'Retry-After' = '0' } }

            $result = Deploy-RAAgent again -Image registry.example/a:1 -WarningAction SilentlyContinue

            $result | Should -BeOfType ([RunAgents.PowerShell.Models.DeployResult])
            @((Get-ApiRequest $server).status) | Should -Be @(503, 201)
        }
    }
}
