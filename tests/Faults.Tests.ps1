# Reliable under faults: retries, timeouts, bodies that are not what the API promises, status codes,
# redirects, and the transport safety switches.

Describe 'Faults' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer
        $listUrl = "$($server.Uri.AbsoluteUri)api/agents"

        function Get-Status {
            # The statuses the server answered, in order.
            @((Get-ApiRequest $server).status)
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        Connect-TestServer $server
    }

    Context 'retries' {
        It 'retries a GET after a 503 and succeeds' {
            Add-RAMockFault $server @{ method = 'GET'; status = 503; body = '{"error":"warming up"}'; headers = @{ 'Retry-After' = '0' } }

            $agents = Get-RAAgent -ErrorVariable errors

            $agents.Count | Should -Be 9
            $errors | Should -BeNullOrEmpty
            $requests = Get-ApiRequest $server
            $requests.method | Should -Be @('GET', 'GET')
            $requests.rawTarget | Should -Be @('/api/agents', '/api/agents')
            $requests.status | Should -Be @(503, 200)
        }

        It 'waits as long as Retry-After says after a 429' {
            Add-RAMockFault $server @{ method = 'GET'; status = 429; body = '{"error":"slow down"}'; headers = @{ 'Retry-After' = '1' } }

            $agent = Get-RAAgent finance invoice-processor

            $agent.Name | Should -Be 'invoice-processor'
            $requests = Get-ApiRequest $server
            $requests.status | Should -Be @(429, 200)
            ([datetimeoffset]$requests[1].timestamp - [datetimeoffset]$requests[0].timestamp).TotalSeconds | Should -BeGreaterThan 0.9
        }

        It 'gives up after 4 attempts with MaxRetryCount 3 and says so' {
            Connect-TestServer $server -Parameters @{ MaxRetryCount = 3 }
            Add-RAMockFault $server @{ method = 'GET'; status = 503; count = 10; body = '{"error":"maintenance window"}'; headers = @{ 'Retry-After' = '0' } }

            $null = Get-RAAgent -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'ServiceUnavailable,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $errors[0].ToString() | Should -Match 'maintenance window'
            $errors[0].ToString() | Should -Match 'after 4 attempts'
            $errors[0].Exception.Attempts | Should -Be 4
            Get-Status | Should -Be @(503, 503, 503, 503)
        }

        It 'takes -MaxRetryCount on the command over the connection''s' {
            Add-RAMockFault $server @{ method = 'GET'; status = 503; count = 10; headers = @{ 'Retry-After' = '0' } }

            $null = Get-RAAgent -MaxRetryCount 1 -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].ToString() | Should -Match 'after 2 attempts'
            (Get-Status).Count | Should -Be 2
        }

        It 'does not retry with -MaxRetryCount 0' {
            Add-RAMockFault $server @{ method = 'GET'; status = 503; count = 10; headers = @{ 'Retry-After' = '0' } }

            $null = Get-RAAgent -MaxRetryCount 0 -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].ToString() | Should -Not -Match 'attempts'
            (Get-Status).Count | Should -Be 1
        }

        It 'retries a DELETE after a 503' {
            Add-RAMockFault $server @{ method = 'DELETE'; status = 503; headers = @{ 'Retry-After' = '0' } }

            Remove-RAAgent finance fraud-detector -Force

            Get-Status | Should -Be @(503, 200)
        }

        It 'does not retry an invoke POST on a 503: one POST only' {
            Add-RAMockFault $server @{ method = 'POST'; status = 503; count = 10; body = '{"error":"agent busy"}'; headers = @{ 'Retry-After' = '0' } }

            $null = Invoke-RAAgent finance invoice-processor 'hello' -ErrorVariable errors -ErrorAction SilentlyContinue

            $posts = @((Get-ApiRequest $server) | Where-Object method -EQ 'POST')
            $posts.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'ServiceUnavailable,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'
            $errors[0].ToString() | Should -Match 'agent busy'
        }

        It 'retries an invoke POST when -MaxRetryCount 2 is given' {
            Add-RAMockFault $server @{ method = 'POST'; status = 503; count = 2; headers = @{ 'Retry-After' = '0' } }

            $answer = Invoke-RAAgent finance invoice-processor 'hello' -MaxRetryCount 2

            $answer.Response | Should -BeExactly 'Echo: hello'
            Get-Status | Should -Be @(503, 503, 200)
        }

        It 'retries a dropped connection on a GET' {
            Add-RAMockFault $server @{ method = 'GET'; drop = $true }

            $agents = Get-RAAgent

            $agents.Count | Should -Be 9
            (Get-ApiRequest $server).Count | Should -Be 2
        }

        It 'fails with ConnectionFailed (ConnectionError) when every attempt is dropped' {
            Add-RAMockFault $server @{ method = 'GET'; drop = $true; count = 10 }

            $null = Get-RAAgent -MaxRetryCount 1 -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'ConnectionFailed,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $errors[0].ToString() | Should -Match 'after 2 attempts'
        }

        It 'fails with ConnectionFailed when nothing listens at the URI' {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            $port = $listener.LocalEndpoint.Port
            $listener.Stop()
            $nowhere = Connect-RAService -Uri "http://127.0.0.1:$port/" -ApiKey (ConvertTo-TestKey 'test-key') -MaxRetryCount 0 -PassThru

            { Get-RAAgent -Connection $nowhere -ErrorAction Stop } |
                Should -Throw -ErrorId 'ConnectionFailed,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        }
    }

    Context 'timeouts' {
        It 'fails with RequestTimeout (OperationTimeout) naming the URL when -TimeoutSec 1 meets a 10 s delay' {
            Add-RAMockFault $server @{ method = 'GET'; delayMs = 10000 }

            $null = Get-RAAgent -TimeoutSec 1 -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'RequestTimeout,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $errors[0].ToString() | Should -Match ([regex]::Escape($listUrl))
            $errors[0].ToString() | Should -Match '1 second'
        }

        It 'abandons a request in flight when the pipeline is stopped, as Ctrl+C does' {
            Add-RAMockFault $server @{ method = 'GET'; delayMs = 20000 }
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript('param($Module) Import-Module $Module; Get-RAAgent').AddArgument($env:RUNAGENTS_TEST_MODULE)
                $running = $shell.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddSeconds(10)
                while ((Get-ApiRequest $server).Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
                (Get-ApiRequest $server).Count | Should -Be 1

                $clock = [Diagnostics.Stopwatch]::StartNew()
                $shell.Stop()
                $clock.Stop()

                $running.IsCompleted | Should -BeTrue
                $shell.InvocationStateInfo.State | Should -Be 'Stopped'
                $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
            }
            finally {
                $shell.Dispose()
            }
        }

        It 'ends <Label> -TimeoutSec 3 against a body that drips, with RequestTimeout saying it was still arriving' -ForEach @(
            @{ Label = 'Get-RAAgent (the list)'; Class = 'GetRAAgentCommand'; Method = 'GET'
                Fault = @{ dripBytes = 64 }; Call = { Get-RAAgent -TimeoutSec 3 -ErrorAction Stop } }
            @{ Label = 'Get-RAAgent (one agent)'; Class = 'GetRAAgentCommand'; Method = 'GET'
                Fault = @{ dripBytes = 8 }; Call = { Get-RAAgent finance invoice-processor -TimeoutSec 3 -ErrorAction Stop } }
            @{ Label = 'Get-RARun'; Class = 'GetRARunCommand'; Method = 'GET'
                Fault = @{ dripBytes = 2; status = 200; body = '[{"id":"run-1","agent_id":"payment-approver","status":"RUNNING"}]' }
                Call = { Get-RARun -TimeoutSec 3 -ErrorAction Stop } }
            @{ Label = 'Invoke-RAAgent'; Class = 'InvokeRAAgentCommand'; Method = 'POST'
                Fault = @{ dripBytes = 8 }; Call = { Invoke-RAAgent support support-triage -Message hi -TimeoutSec 3 -ErrorAction Stop } }
        ) {
            # A piece every second: no read waits near 3 s, yet the whole body takes a minute or more.
            Add-RAMockFault $server ($Fault + @{ method = $Method; dripMs = 1000 })
            $clock = [Diagnostics.Stopwatch]::StartNew()

            $failure = try { $null = & $Call; $null } catch { $_ }

            $clock.Elapsed.TotalSeconds | Should -BeLessThan 15
            $failure | Should -Not -BeNullOrEmpty
            $failure.FullyQualifiedErrorId | Should -BeExactly "RequestTimeout,RunAgents.PowerShell.Cmdlets.$Class"
            $failure.CategoryInfo.Category | Should -Be 'OperationTimeout'
            $failure.ToString() | Should -Match 'was still arriving after the request had waited 3 seconds for the service in all'
            @((Get-ApiRequest $server) | Where-Object method -EQ $Method).Count | Should -Be 1
        }

        It 'uses the connection''s -TimeoutSec' {
            Connect-TestServer $server -Parameters @{ TimeoutSec = 1 }
            Add-RAMockFault $server @{ method = 'GET'; delayMs = 3000 }

            { Get-RAAgent finance invoice-processor -ErrorAction Stop } |
                Should -Throw -ErrorId 'RequestTimeout,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        }
    }

    Context 'bodies that are not what the API promises' {
        It 'fails with InvalidResponse, the status and an excerpt for <Label>' -ForEach @(
            @{ Label = 'malformed JSON'; Fault = @{ status = 200; body = '[{"name":"a","namespace":"b"},{oops}]' }; Excerpt = '{oops}' }
            @{ Label = 'an HTML page'; Fault = @{ status = 200; body = '<html><body><h1>Sign in</h1></body></html>'; contentType = 'text/html' }; Excerpt = '<h1>Sign in</h1>' }
            @{ Label = 'a truncated body'; Fault = @{ truncate = $true }; Excerpt = '"payment-agent"' }
            @{ Label = 'an object where the list belongs'; Fault = @{ status = 200; body = '{}' }; Excerpt = '{}' }
        ) {
            $Fault.method = 'GET'
            Add-RAMockFault $server $Fault

            $null = Get-RAAgent -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResponse,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errors[0].ToString() | Should -Match 'HTTP 200'
            $errors[0].ToString() | Should -Match ([regex]::Escape($listUrl))
            $errors[0].ToString() | Should -Match ([regex]::Escape($Excerpt))
            (Get-ApiRequest $server).Count | Should -Be 1
        }

        It 'fails with InvalidResponse for an empty body' {
            Add-RAMockFault $server @{ method = 'GET'; status = 200; body = '' }

            $null = Get-RAAgent finance invoice-processor -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResponse,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].ToString() | Should -Match 'HTTP 200'
            $errors[0].ToString() | Should -Match 'empty'
        }

        It 'fails with InvalidResponse quoting the start of a single agent cut short' {
            Add-RAMockFault $server @{ method = 'GET'; truncate = $true; body = '{"name":"invoice-processor","namespace":"fin' }

            $null = Get-RAAgent finance invoice-processor -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResponse,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].ToString() | Should -Match 'HTTP 200'
            $errors[0].ToString() | Should -Match ([regex]::Escape('"name":"invoice-processor"'))
        }

        It 'fails with InvalidResponse for malformed JSON in a single get' {
            Add-RAMockFault $server @{ method = 'GET'; status = 200; body = '{"name": "invoice-processor", ' }

            $null = Get-RAAgent finance invoice-processor -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResponse,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].ToString() | Should -Match '"name": "invoice-processor"'
        }

        It 'shows the excerpt of an error status that is not JSON' {
            Add-RAMockFault $server @{ method = 'GET'; status = 500; body = '<html>Internal Server Error</html>'; contentType = 'text/html' }

            $null = Get-RAAgent -MaxRetryCount 0 -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'ServerError,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
            $errors[0].ToString() | Should -Match 'HTTP 500'
            $errors[0].ToString() | Should -Match '<html>Internal Server Error</html>'
        }
    }

    Context 'status codes' {
        It 'maps <Status> to <Id> (<Category>) with the server''s words' -ForEach @(
            @{ Status = 400; Id = 'InvalidRequest'; Category = 'InvalidArgument' }
            @{ Status = 401; Id = 'AuthenticationFailed'; Category = 'AuthenticationError' }
            @{ Status = 403; Id = 'PermissionDenied'; Category = 'PermissionDenied' }
            @{ Status = 404; Id = 'EndpointNotFound'; Category = 'ResourceUnavailable' }
            @{ Status = 405; Id = 'MethodNotAllowed'; Category = 'InvalidOperation' }
            @{ Status = 409; Id = 'Conflict'; Category = 'ResourceExists' }
            @{ Status = 429; Id = 'RateLimited'; Category = 'ResourceUnavailable' }
            @{ Status = 500; Id = 'ServerError'; Category = 'ResourceUnavailable' }
            @{ Status = 502; Id = 'BadGateway'; Category = 'ConnectionError' }
        ) {
            $words = "the server says $Status, plainly"
            Add-RAMockFault $server @{ method = 'GET'; status = $Status; count = 10; body = (@{ error = $words } | ConvertTo-Json -Compress); headers = @{ 'Retry-After' = '0' } }

            $null = Get-RAAgent finance invoice-processor -MaxRetryCount 0 -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly "$Id,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand"
            $errors[0].CategoryInfo.Category | Should -Be $Category
            $errors[0].TargetObject | Should -Be 'finance/invoice-processor'
            $errors[0].ToString() | Should -Match ([regex]::Escape($words))
            $errors[0].ToString() | Should -Match "HTTP $Status"
            $errors[0].Exception.ServerMessage | Should -BeExactly $words
            (Get-Status) | Should -Be @($Status)
        }

        It 'maps a 502 from an invoke to AgentUnreachable (ConnectionError)' {
            Add-RAMockFault $server @{ method = 'POST'; status = 502; body = '{"error":"failed to reach agent: EOF"}' }

            $null = Invoke-RAAgent finance invoice-processor 'hi' -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AgentUnreachable,RunAgents.PowerShell.Cmdlets.InvokeRAAgentCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $errors[0].ToString() | Should -Match 'failed to reach agent: EOF'
        }

        It 'recommends an action for a 401' {
            Add-RAMockFault $server @{ method = 'GET'; status = 401; body = '{"error":"unauthorized"}' }

            $null = Get-RAAgent -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].ErrorDetails.RecommendedAction | Should -Match 'Connect-RAService'
        }

        It 'fails with AuthenticationFailed when the key is wrong' {
            Connect-TestServer $server -Key 'not-the-right-key'

            { Get-RAAgent -ErrorAction Stop } | Should -Throw -ErrorId 'AuthenticationFailed,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        }
    }

    Context 'redirects' {
        BeforeAll {
            $other = Start-RAMockServer
        }

        AfterAll {
            $other | Stop-RAMockServer
        }

        BeforeEach {
            $null = Invoke-RAMock $other POST reset
        }

        It 'sends no Authorization header to another host after a redirect' {
            Add-RAMockFault $server @{ method = 'GET'; redirectTo = $other.Uri.AbsoluteUri }

            $null = Get-RAAgent -ErrorVariable errors -ErrorAction SilentlyContinue

            $followed = Get-ApiRequest $other
            $followed.Count | Should -Be 1
            $followed[0].rawTarget | Should -BeExactly '/api/agents'
            Get-HeaderName $followed[0] | Should -Not -Contain 'Authorization'
            Get-HeaderName $followed[0] | Should -Not -Contain 'X-RunAgents-API-Key'
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'AuthenticationFailed,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        }

        It 'sends no workspace key header to another host after a redirect' {
            $keyed = Start-RAMockServer -ApiKey 'ra_ws_redirect-test-key'
            try {
                Connect-TestServer $keyed -Key 'ra_ws_redirect-test-key'
                Add-RAMockFault $keyed @{ method = 'GET'; redirectTo = $other.Uri.AbsoluteUri }

                $null = Get-RAAgent finance fraud-detector -ErrorAction SilentlyContinue

                $followed = Get-ApiRequest $other
                $followed.Count | Should -Be 1
                Get-HeaderName $followed[0] | Should -Not -Contain 'X-RunAgents-API-Key'
                Get-HeaderName $followed[0] | Should -Not -Contain 'Authorization'
            }
            finally {
                $keyed | Stop-RAMockServer
            }
        }

        It 'sends nothing to another host when a DELETE is redirected there, and says where it went' {
            Connect-TestServer $server
            Add-RAMockFault $server @{ method = 'DELETE'; redirectTo = $other.Uri.AbsoluteUri }

            Remove-RAAgent finance fraud-detector -Force -ErrorVariable errors -ErrorAction SilentlyContinue

            (Get-ApiRequest $other).Count | Should -Be 0
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'UnexpectedRedirect,RunAgents.PowerShell.Cmdlets.RemoveRAAgentCommand'
            $errors[0].ToString() | Should -Match ([regex]::Escape("redirected to $($other.Uri.AbsoluteUri)api/agents/finance/fraud-detector"))
            Get-RAAgent finance fraud-detector | Should -Not -BeNullOrEmpty
        }

        It 'keeps the key on a redirect to the same server' {
            Add-RAMockFault $server @{ method = 'GET'; redirectTo = $server.Uri.AbsoluteUri }

            $agents = Get-RAAgent

            $agents.Count | Should -Be 9
            $requests = Get-ApiRequest $server
            $requests.status | Should -Be @(307, 200)
            $requests[1].headers.Authorization | Should -BeExactly 'Bearer <redacted>'
        }
    }

    Context 'transport safety' {
        It 'refuses http to a host that is not this machine with UnencryptedAuthentication' {
            { Connect-RAService -Uri 'http://agents.example.invalid/' -ApiKey (ConvertTo-TestKey 'test-key') } |
                Should -Throw -ErrorId 'UnencryptedAuthentication,RunAgents.PowerShell.Cmdlets.ConnectRAServiceCommand'
            (Get-RAConnection).Uri | Should -Be $server.Uri
        }

        It 'says why http was refused, in the error category and message' {
            $record = $null
            try { Connect-RAService -Uri 'http://agents.example.invalid/' -ApiKey (ConvertTo-TestKey 'test-key') } catch { $record = $_ }

            $record.CategoryInfo.Category | Should -Be 'SecurityError'
            $record.Exception.Message | Should -Match 'AllowUnencryptedAuthentication'
        }

        It 'allows http to another host with -AllowUnencryptedAuthentication' {
            $connection = Connect-RAService -Uri 'http://agents.example.invalid/' -ApiKey (ConvertTo-TestKey 'test-key') -AllowUnencryptedAuthentication -PassThru

            $connection.Uri | Should -Be 'http://agents.example.invalid/'
            $connection.AllowUnencryptedAuthentication | Should -BeTrue
        }

        It 'allows http to the loopback address without the switch' {
            (Connect-TestServer $server -PassThru).AllowUnencryptedAuthentication | Should -BeFalse
            (Get-RAAgent).Count | Should -Be 9
        }

        It 'warns when -SkipCertificateCheck turns certificate validation off' {
            $connection = Connect-RAService -Uri $server.Uri -ApiKey (ConvertTo-TestKey 'test-key') -SkipCertificateCheck -PassThru -WarningVariable warnings -WarningAction SilentlyContinue

            $connection.SkipCertificateCheck | Should -BeTrue
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -Match 'Certificate validation is off'
            (Get-RAAgent).Count | Should -Be 9
        }
    }

    Context 'verbose output' {
        It 'shows method, URL, status and milliseconds for each request' {
            $verbose = @(Get-RAAgent -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })

            @($verbose.Message -match "^GET $([regex]::Escape($listUrl)) -> 200 OK in \d+ ms$").Count | Should -Be 1
        }

        It 'shows each attempt and the wait before a retry' {
            Add-RAMockFault $server @{ method = 'GET'; status = 503; headers = @{ 'Retry-After' = '0' } }

            $verbose = @(Get-RAAgent finance invoice-processor -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message

            $url = [regex]::Escape("$($server.Uri.AbsoluteUri)api/agents/finance/invoice-processor")
            @($verbose -match "^GET $url -> 503 Service Unavailable in \d+ ms \(attempt 1 of 4\)").Count | Should -Be 1
            @($verbose -match 'retrying in 0 s').Count | Should -Be 1
            @($verbose -match "^GET $url -> 200 OK in \d+ ms \(attempt 2 of 4\)$").Count | Should -Be 1
        }

        It 'shows the request of a DELETE and an invoke too' {
            $verbose = @(& {
                    Remove-RAAgent finance fraud-detector -Force -Verbose
                    $null = Invoke-RAAgent finance invoice-processor 'hi' -Verbose
                } 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message

            @($verbose -match '^DELETE \S+/api/agents/finance/fraud-detector -> 200 OK in \d+ ms').Count | Should -Be 1
            @($verbose -match '^POST \S+/api/agents/finance/invoice-processor/invoke -> 200 OK in \d+ ms').Count | Should -Be 1
        }
    }
}
