# Where the endpoint and key come from, which header carries the key, and who sees the connection.

Describe 'Connections' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $keys = @{
            Explicit    = 'explicit-key-1111'
            Environment = 'environment-key-2222'
            ConfigFile  = 'config-file-key-3333'
            Workspace   = 'ra_ws_workspace-key-4444'
        }
        $server = Start-RAMockServer -ApiKey (@('test-key') + $keys.Values)
        $module = $env:RUNAGENTS_TEST_MODULE
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        Save-RAEnvironment -EmptyHome (Join-Path $TestDrive ([guid]::NewGuid()))
        Disconnect-RAService
    }

    AfterEach {
        Restore-RAEnvironment
        Disconnect-RAService
    }

    Context 'Connect-RAService' {
        It 'connects with -Uri and -ApiKey and returns the connection with -PassThru' {
            $connection = Connect-RAService -Uri $server.Uri -ApiKey (ConvertTo-TestKey $keys.Explicit) -PassThru

            $connection | Should -BeOfType ([RunAgents.PowerShell.Client.RAConnection])
            $connection.Uri | Should -Be $server.Uri
            $connection.UriSource | Should -Be 'Parameter'
            $connection.KeySource | Should -Be 'Parameter'
            $connection.KeyHint | Should -BeExactly '****1111'
            $connection.AuthenticationHeader | Should -Be 'Authorization'
            @(Get-RAAgent).Count | Should -Be 9
            $request = (Get-ApiRequest $server)[0]
            $request.headers.Authorization | Should -BeExactly 'Bearer <redacted>'
        }

        It 'sends no request when connecting' {
            Connect-RAService -Uri $server.Uri -ApiKey (ConvertTo-TestKey $keys.Explicit)

            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'writes nothing without -PassThru' {
            $output = Connect-RAService -Uri $server.Uri -ApiKey (ConvertTo-TestKey $keys.Explicit)

            $output | Should -BeNullOrEmpty
        }

        It 'takes the key from the password of -Credential' {
            $credential = [pscredential]::new('ignored-user', (ConvertTo-TestKey $keys.Explicit))
            Connect-RAService -Uri $server.Uri -Credential $credential

            @(Get-RAAgent).Count | Should -Be 9
            (Get-RAConnection).KeyHint | Should -BeExactly '****1111'
            (Get-ApiRequest $server)[0].status | Should -Be 200
        }

        It 'refuses an empty key with EmptyApiKey' {
            { Connect-RAService -Uri $server.Uri -ApiKey ([securestring]::new()) } |
                Should -Throw -ErrorId 'EmptyApiKey,RunAgents.PowerShell.Cmdlets.ConnectRAServiceCommand'
        }

        It 'refuses a key given as text, saying how to pass it, and never shows it, also in the rendered error at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 200 }) {
            Connect-TestServer $server
            $plain = $keys.Explicit

            $refused = try { Connect-RAService -Uri 'https://elsewhere.example' -ApiKey $plain -PassThru } catch { $_ }

            $refused.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentTransformationError,RunAgents.PowerShell.Cmdlets.ConnectRAServiceCommand'
            "$refused" | Should -Match ([regex]::Escape("-ApiKey takes a SecureString, not text"))
            "$refused" | Should -Match ([regex]::Escape("Read-Host -Prompt 'RunAgents API key' -AsSecureString"))
            "$refused" | Should -Match ([regex]::Escape('ConvertTo-SecureString -String $text -AsPlainText -Force'))
            "$refused" | Should -Match 'RUNAGENTS_API_KEY'
            $rendered = $refused | Out-String -Width $Width
            $rendered | Should -Not -Match 'explicit-key'
            $rendered | Should -Not -Match '1111'
            ($refused.Exception | Out-String) | Should -Not -Match 'explicit-key'
            (Get-RAConnection).Uri | Should -Be $server.Uri -Because 'the connection made before stays'
            Get-ApiRequest $server | Should -BeNullOrEmpty
        }

        It 'refuses a URI that is not http or https with InvalidUri' {
            { Connect-RAService -Uri 'ftp://127.0.0.1/' -ApiKey (ConvertTo-TestKey $keys.Explicit) } |
                Should -Throw -ErrorId 'InvalidUri,RunAgents.PowerShell.Cmdlets.ConnectRAServiceCommand'
        }

        It 'fails with NoApiKey when no key is given, set or saved' {
            { Connect-RAService -Uri $server.Uri } | Should -Throw -ErrorId 'NoApiKey,RunAgents.PowerShell.Cmdlets.ConnectRAServiceCommand'
        }
    }

    Context 'settings from the environment and the CLI config file' {
        It 'uses RUNAGENTS_API_KEY and RUNAGENTS_ENDPOINT without Connect-RAService' {
            $env:RUNAGENTS_API_KEY = $keys.Environment
            $env:RUNAGENTS_ENDPOINT = $server.Uri.AbsoluteUri

            @(Get-RAAgent).Count | Should -Be 9
            $connection = Get-RAConnection
            $connection.KeySource | Should -Be 'Environment'
            $connection.UriSource | Should -Be 'Environment'
            $connection.KeyHint | Should -BeExactly '****2222'
            (Get-ApiRequest $server)[0].status | Should -Be 200
        }

        It 'uses ~/.runagents/config.json without Connect-RAService' {
            Write-CliConfig (@{ endpoint = $server.Uri.AbsoluteUri; api_key = $keys.ConfigFile } | ConvertTo-Json)

            @(Get-RAAgent).Count | Should -Be 9
            $connection = Get-RAConnection
            $connection.KeySource | Should -Be 'ConfigFile'
            $connection.UriSource | Should -Be 'ConfigFile'
            $connection.KeyHint | Should -BeExactly '****3333'
        }

        It 'prefers the environment to the config file' {
            Write-CliConfig (@{ endpoint = 'https://config-file.invalid/'; api_key = $keys.ConfigFile } | ConvertTo-Json)
            $env:RUNAGENTS_API_KEY = $keys.Environment
            $env:RUNAGENTS_ENDPOINT = $server.Uri.AbsoluteUri

            @(Get-RAAgent).Count | Should -Be 9
            $connection = Get-RAConnection
            $connection.KeySource | Should -Be 'Environment'
            $connection.KeyHint | Should -BeExactly '****2222'
            $connection.UriSource | Should -Be 'Environment'
            $connection.Uri | Should -Be $server.Uri
        }

        It 'takes each setting from where it is found: the key from the environment, the endpoint from the file' {
            Write-CliConfig (@{ endpoint = $server.Uri.AbsoluteUri; api_key = $keys.ConfigFile } | ConvertTo-Json)
            $env:RUNAGENTS_API_KEY = $keys.Environment

            $connection = Get-RAConnection
            $connection.KeySource | Should -Be 'Environment'
            $connection.UriSource | Should -Be 'ConfigFile'
            $connection.Uri | Should -Be $server.Uri
        }

        It 'prefers explicit parameters to the environment and the config file' {
            Write-CliConfig (@{ endpoint = 'https://config-file.invalid/'; api_key = $keys.ConfigFile } | ConvertTo-Json)
            $env:RUNAGENTS_API_KEY = $keys.Environment
            $env:RUNAGENTS_ENDPOINT = 'https://environment.invalid/'

            $connection = Connect-RAService -Uri $server.Uri -ApiKey (ConvertTo-TestKey $keys.Explicit) -PassThru

            $connection.KeySource | Should -Be 'Parameter'
            $connection.UriSource | Should -Be 'Parameter'
            $connection.KeyHint | Should -BeExactly '****1111'
            (Get-RAConnection).KeyHint | Should -BeExactly '****1111'
            @(Get-RAAgent).Count | Should -Be 9
        }

        It 'lets Connect-RAService without -ApiKey fall back to the environment' {
            $env:RUNAGENTS_API_KEY = $keys.Environment

            $connection = Connect-RAService -Uri $server.Uri -PassThru

            $connection.KeySource | Should -Be 'Environment'
            $connection.UriSource | Should -Be 'Parameter'
            @(Get-RAAgent).Count | Should -Be 9
        }

        It 'warns about a malformed config file instead of failing, and never shows its text' {
            Write-CliConfig '{ "endpoint": "https://x.invalid/", "api_key": "config-file-key-3333" '
            $env:RUNAGENTS_API_KEY = $keys.Environment

            $connection = Get-RAConnection -WarningVariable warnings -WarningAction SilentlyContinue

            $connection.KeySource | Should -Be 'Environment'
            $connection.UriSource | Should -Be 'Default'
            $connection.Uri | Should -Be 'https://api.runagents.io/'
            $warnings.Count | Should -BeGreaterThan 0
            $warnings[0].Message | Should -Match 'config\.json'
            $warnings[0].Message | Should -Match 'not valid JSON'
            $warnings[0].Message | Should -Not -Match 'config-file-key-3333'
        }

        It 'does not read the config file when the environment gives both settings' {
            Write-CliConfig '{ not json'
            $env:RUNAGENTS_API_KEY = $keys.Environment
            $env:RUNAGENTS_ENDPOINT = $server.Uri.AbsoluteUri

            $agents = Get-RAAgent -WarningVariable warnings

            @($agents).Count | Should -Be 9
            $warnings | Should -BeNullOrEmpty
        }

        It 'warns about a config file whose api_key is not a string' {
            Write-CliConfig '{ "endpoint": 42, "api_key": true }'

            $connection = Get-RAConnection -WarningVariable warnings -WarningAction SilentlyContinue

            $connection | Should -BeNullOrEmpty
            $warnings.Message | Should -Match 'not a string'
        }

        # Not on Windows, which has no FIFOs or device files at a file path. In a child process, so that a
        # regression hangs or eats memory there, where the test can kill it, and not in the test run.
        It 'warns about a <Case> in place of the config file and goes on at once' -TestCases @(
            @{ Case = 'FIFO (opening one blocks until something writes to it)'; Make = { param($path) & mkfifo $path } }
            @{ Case = 'symbolic link to /dev/zero (a device that never ends)'; Make = { param($path) $null = New-Item -ItemType SymbolicLink -Path $path -Target /dev/zero } }
        ) {
            param($Case, $Make)
            if ($IsWindows) { Set-ItResult -Skipped -Because 'Windows has no FIFOs or device files at a file path' }
            $null = New-Item -ItemType Directory -Path (Join-Path $env:HOME '.runagents')
            $path = Join-Path $env:HOME '.runagents/config.json'
            & $Make $path

            $run = Invoke-ChildPwsh -TimeoutSec 60 -Environment @{ HOME = $env:HOME } -Script @'
try { Get-RAAgent -WarningVariable warnings -WarningAction SilentlyContinue } catch { "ERROR: $($_.FullyQualifiedErrorId)" }
$warnings | ForEach-Object { "WARNING: $_" }
'@

            $run.TimedOut | Should -BeFalse -Because 'reading the config file must not block'
            $run.Output | Should -Match "WARNING: Ignoring the RunAgents CLI config file '$([regex]::Escape($path))': it is empty or is not a regular file"
            $run.Output | Should -Match 'ERROR: NotConnected,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        }

        It 'fails with NotConnected when there is no key anywhere' {
            { Get-RAAgent } | Should -Throw -ErrorId 'NotConnected,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            { Remove-RAAgent finance fraud-detector -Force } | Should -Throw -ErrorId 'NotConnected,RunAgents.PowerShell.Cmdlets.RemoveRAAgentCommand'
            { Invoke-RAAgent finance invoice-processor 'hi' } | Should -Throw -ErrorId 'NotConnected,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'
            { Wait-RAAgent finance invoice-processor } | Should -Throw -ErrorId 'NotConnected,RunAgents.PowerShell.Cmdlets.WaitRAAgentCommand'
            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'says how to connect in the NotConnected error' {
            $record = $null
            try { Get-RAAgent } catch { $record = $_ }

            $record.CategoryInfo.Category | Should -Be 'InvalidOperation'
            $record.Exception.Message | Should -Match 'Connect-RAService'
            $record.Exception.Message | Should -Match 'RUNAGENTS_API_KEY'
        }

        It 'fails with InvalidUri when RUNAGENTS_ENDPOINT is not a URI' {
            $env:RUNAGENTS_API_KEY = $keys.Environment
            $env:RUNAGENTS_ENDPOINT = 'not a uri'

            { Get-RAAgent } | Should -Throw -ErrorId 'InvalidUri,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            { Get-RAConnection } | Should -Throw -ErrorId 'InvalidUri,RunAgents.PowerShell.Cmdlets.GetRAConnectionCommand'
        }

        It 'refuses to send the key from RUNAGENTS_API_KEY over http to another host' {
            $env:RUNAGENTS_API_KEY = $keys.Environment
            $env:RUNAGENTS_ENDPOINT = 'http://agents.example.invalid/'

            { Get-RAAgent } | Should -Throw -ErrorId 'UnencryptedAuthentication,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        }
    }

    Context 'workspace keys' {
        It 'sends a ra_ws_ key in X-RunAgents-API-Key, not in Authorization' {
            $connection = Connect-TestServer $server -Key $keys.Workspace -PassThru

            @(Get-RAAgent).Count | Should -Be 9
            $connection.AuthenticationHeader | Should -Be 'X-RunAgents-API-Key'
            $request = (Get-ApiRequest $server)[0]
            Get-HeaderName $request | Should -Contain 'X-RunAgents-API-Key'
            Get-HeaderName $request | Should -Not -Contain 'Authorization'
            $request.headers.'X-RunAgents-API-Key' | Should -BeExactly '<redacted>'
            $request.status | Should -Be 200
        }

        It 'sends a ra_ws_ key from RUNAGENTS_API_KEY in X-RunAgents-API-Key too' {
            $env:RUNAGENTS_API_KEY = $keys.Workspace
            $env:RUNAGENTS_ENDPOINT = $server.Uri.AbsoluteUri

            $null = Get-RAAgent -Namespace finance -Name invoice-processor

            Get-HeaderName (Get-ApiRequest $server)[0] | Should -Not -Contain 'Authorization'
            Get-HeaderName (Get-ApiRequest $server)[0] | Should -Contain 'X-RunAgents-API-Key'
        }
    }

    Context 'API generations' {
        It 'selects v1 and its workspace from -Uri, and sends every call below it' {
            $uri = [Uri]::new($server.Uri, '/api/v1/workspaces/revops')

            $connection = Connect-RAService -Uri $uri -ApiKey (ConvertTo-TestKey $keys.Explicit) -PassThru

            $connection.Generation | Should -Be 'V1'
            $connection.Workspace | Should -BeExactly 'revops'
            $connection.Uri.AbsoluteUri | Should -BeExactly "$($uri.AbsoluteUri)/"
            (Get-RAAgent -Name invoice-processor).Namespace | Should -Be 'finance'
            (Get-ApiRequest $server).rawTarget | Should -Be @('/api/v1/workspaces/revops/agents/invoice-processor')
        }

        It 'selects v1 without a workspace from a URI ending in /api/v1' {
            $connection = Connect-RAService -Uri ([Uri]::new($server.Uri, '/api/v1')) -ApiKey (ConvertTo-TestKey $keys.Explicit) -PassThru

            $connection.Generation | Should -Be 'V1'
            $connection.Workspace | Should -BeNullOrEmpty
            @(Get-RAAgent).Count | Should -Be 9
            (Get-ApiRequest $server).rawTarget | Should -Be @('/api/v1/agents')
        }

        It 'keeps the namespaced API for a URI with no path, as before' {
            $connection = Connect-RAService -Uri $server.Uri -ApiKey (ConvertTo-TestKey $keys.Explicit) -PassThru

            $connection.Generation | Should -Be 'Namespaced'
            $connection.Workspace | Should -BeNullOrEmpty
            $null = Get-RAAgent finance invoice-processor
            (Get-ApiRequest $server).rawTarget | Should -Be @('/api/agents/finance/invoice-processor')
        }

        It 'selects v1 from RUNAGENTS_ENDPOINT' {
            $env:RUNAGENTS_API_KEY = $keys.Environment
            $env:RUNAGENTS_ENDPOINT = [Uri]::new($server.Uri, '/api/v1/workspaces/ops').AbsoluteUri

            $null = Remove-RAAgent -Name kb-search-agent -Force

            (Get-RAConnection).Generation | Should -Be 'V1'
            (Get-RAConnection).Workspace | Should -BeExactly 'ops'
            (Get-ApiRequest $server).rawTarget | Should -Be @('/api/v1/workspaces/ops/agents/kb-search-agent')
        }

        It 'selects v1 from the endpoint of the CLI''s config file' {
            Write-CliConfig (@{ endpoint = [Uri]::new($server.Uri, '/api/v1/workspaces/revops/').AbsoluteUri; api_key = $keys.ConfigFile } | ConvertTo-Json)

            $null = Get-RAAgent -Name support-triage

            $connection = Get-RAConnection
            $connection.UriSource | Should -Be 'ConfigFile'
            $connection.Generation | Should -Be 'V1'
            $connection.Workspace | Should -BeExactly 'revops'
            (Get-ApiRequest $server).rawTarget | Should -Be @('/api/v1/workspaces/revops/agents/support-triage')
        }

        It 'says which API it connected to in the verbose stream' {
            $verbose = Connect-RAService -Uri ([Uri]::new($server.Uri, '/api/v1/workspaces/revops')) -ApiKey (ConvertTo-TestKey $keys.Explicit) -Verbose 4>&1

            "$verbose" | Should -Match "Connected to the v1 API, workspace 'revops' at http://"
        }

        It 'refuses a URI under /api/v1 that is no v1 base, such as <Path>, before any request' -ForEach @(
            @{ Path = '/api/v1/agents' }
            @{ Path = '/api/v1/workspaces' }
            @{ Path = '/api/v1/workspaces/revops/agents' }
        ) {
            $uri = [Uri]::new($server.Uri, $Path)

            { Connect-RAService -Uri $uri -ApiKey (ConvertTo-TestKey $keys.Explicit) } |
                Should -Throw -ErrorId 'InvalidUri,RunAgents.PowerShell.Cmdlets.ConnectRAServiceCommand' -ExpectedMessage '*is not the base URI of the v1 API: give http://127.0.0.1:*/api/v1, or http://127.0.0.1:*/api/v1/workspaces/ and the workspace''s name.'
            (Get-ApiRequest $server).Count | Should -Be 0
        }

        It 'sends a workspace key only in X-RunAgents-API-Key and any other key as a bearer token on <Generation>' -ForEach @(
            @{ Generation = 'Namespaced' }
            @{ Generation = 'V1' }
        ) {
            $api = New-TestApi $Generation $server
            foreach ($key in $keys.Workspace, $keys.Explicit) {
                Connect-TestServer $api -Key $key
                $null = Get-RAAgent -Name fraud-detector -Namespace finance
            }

            $requests = Get-ApiRequest $server
            $requests.Count | Should -Be 2
            $workspace, $bearer = $requests
            $workspace.status, $bearer.status | Should -Be 200, 200
            Get-HeaderName $workspace | Should -Contain 'X-RunAgents-API-Key'
            Get-HeaderName $workspace | Should -Not -Contain 'Authorization'
            Get-HeaderName $bearer | Should -Not -Contain 'X-RunAgents-API-Key'
            $bearer.headers.Authorization | Should -BeExactly 'Bearer <redacted>'
            Get-ForeignRequest $server $api | Should -BeNullOrEmpty
        }
    }

    Context 'sharing the connection' {
        It 'is seen by ForEach-Object -Parallel' {
            Connect-TestServer $server

            $counts = 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
                Import-Module $using:module
                @(Get-RAAgent).Count
            }

            $counts | Should -Be @(9, 9, 9)
            (Get-ApiRequest $server).Count | Should -Be 3
        }

        It 'is seen by Start-ThreadJob' {
            Connect-TestServer $server

            $names = Start-ThreadJob { Import-Module $using:module; (Get-RAAgent -Namespace support).Name } |
                Receive-Job -Wait -AutoRemoveJob -ErrorAction Stop

            $names | Sort-Object | Should -Be @('kb-search-agent', 'support-triage')
        }

        It 'uses a second platform through -Connection while the current one stays' {
            $other = Start-RAMockServer -ApiKey 'second-platform-key' -Seed none
            try {
                $null = Invoke-RAMock $other POST agents @{ namespace = 'elsewhere'; name = 'only-on-second'; spec = @{ image = 'x' }; status = @{ phase = 'Running'; message = '' } }
                $second = Connect-TestServer $other -Key 'second-platform-key' -PassThru
                Connect-TestServer $server

                $agents = @(Get-RAAgent -Connection $second)

                $agents.Name | Should -Be 'only-on-second'
                @(Get-RAAgent).Count | Should -Be 9
                (Get-RAConnection).Uri | Should -Be $server.Uri
                (Get-ApiRequest $other).Count | Should -Be 1
                (Get-ApiRequest $server).Count | Should -Be 1
            }
            finally {
                $other | Stop-RAMockServer
            }
        }
        It 'makes a connection without making it current with -KeepCurrent' {
            $other = Start-RAMockServer -ApiKey 'second-platform-key' -Seed none
            try {
                Connect-TestServer $server
                $second = Connect-RAService -Uri $other.Uri -ApiKey (ConvertTo-TestKey 'second-platform-key') -KeepCurrent

                $second | Should -BeOfType ([RunAgents.PowerShell.Client.RAConnection])
                $second.Uri | Should -Be $other.Uri
                (Get-RAConnection).Uri | Should -Be $server.Uri
                @(Get-RAAgent).Count | Should -Be 9
                @(Get-RAAgent -Connection $second).Count | Should -Be 0
                (Get-ApiRequest $other).Count | Should -Be 1
                (Get-ApiRequest $server).Count | Should -Be 1
            }
            finally {
                $other | Stop-RAMockServer
            }
        }
    }

    Context 'Disconnect-RAService' {
        It 'leaves objects and saved connections working: they keep their own connection' {
            $saved = Connect-TestServer $server -PassThru
            $agents = Get-RAAgent -Namespace support

            Disconnect-RAService
            $null = Invoke-RAMock $server POST reset

            Get-RAConnection | Should -BeNullOrEmpty
            @($agents | Get-RAAgent).Count | Should -Be 2
            @(Get-RAAgent -Connection $saved -Namespace support).Count | Should -Be 2
            (Get-ApiRequest $server).Count | Should -Be 3
        }


        It 'forgets the connection' {
            Connect-TestServer $server
            (Get-RAConnection).Uri | Should -Be $server.Uri

            Disconnect-RAService

            Get-RAConnection | Should -BeNullOrEmpty
            { Get-RAAgent } | Should -Throw -ErrorId 'NotConnected,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        }

        It 'falls back to the environment after disconnecting' {
            Connect-TestServer $server -Key $keys.Explicit
            $env:RUNAGENTS_API_KEY = $keys.Environment
            $env:RUNAGENTS_ENDPOINT = $server.Uri.AbsoluteUri

            Disconnect-RAService

            (Get-RAConnection).KeySource | Should -Be 'Environment'
        }

        It 'does nothing, quietly, when not connected' {
            { Disconnect-RAService -ErrorAction Stop } | Should -Not -Throw
        }
    }
}
