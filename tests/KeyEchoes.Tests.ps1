# A server that echoes the key, however it writes it (as itself, JSON-escaped, percent-encoded, cut short),
# in whatever it sends: the module shows the hint instead, in every stream, object and error, on both API
# generations. A token that only shares the key's first characters comes back as the server sent it.

Describe 'A key the server echoes, however written, on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeDiscovery {
        # How the server writes the key, and what is left of the text around it once hidden.
        $forms = @(
            @{ Form = 'as itself' }
            @{ Form = 'with its first character JSON-escaped' }
            @{ Form = 'with one character JSON-escaped in upper-case hex' }
            @{ Form = 'wholly JSON-escaped' }
            @{ Form = 'with its slash escaped as \/' }
            @{ Form = 'with its first character percent-encoded' }
            @{ Form = 'wholly percent-encoded' }
            @{ Form = 'JSON-escaped inside a percent escape' }
            @{ Form = 'cut to 12 characters before "..."' }
            @{ Form = 'cut to 12 characters before a quote' }
            @{ Form = 'JSON-escaped and cut before an ellipsis character' }
        )
        # A header's value is ASCII: the form with an ellipsis character cannot be a Location.
        $locationForms = @($forms | Where-Object { $_.Form -ne 'JSON-escaped and cut before an ellipsis character' })
        # A media type cannot hold a backslash or a second slash: only these forms fit in Content-Type.
        $mediaTypeForms = @(
            @{ Form = 'wholly percent-encoded' }
            @{ Form = 'cut to 12 characters before a quote' }
        )
    }

    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $prefix = if ($Generation -eq 'V1') { 'ra_ws_' } else { 'rak-' }
        $plainKey = $prefix + 'ECHOCANARY/7hQ2vX9mK4pL3zN8'
        # The part of the key no hint shows: no piece of it may be found anywhere, in any encoding.
        $secret = 'ECHOCANARY/7hQ2vX9mK4pL'
        $hint = '****3zN8'
        $server = Start-RAMockServer -ApiKey $plainKey
        $api = New-TestApi $Generation $server

        function Get-KeyForm {
            # The key as the server writes it in -Form, and what the module shows in its place.
            param([Parameter(Mandatory)] [string] $Form)
            $k = $plainKey
            $json = { param($c, $format = 'x4') '\u' + ([int][char]$c).ToString($format) }
            $percent = { param($c) '%' + ([int][char]$c).ToString('X2') }
            $text, $shown = switch ($Form) {
                'as itself' { $k, $hint }
                'with its first character JSON-escaped' { ((& $json $k[0]) + $k.Substring(1)), $hint }
                'with one character JSON-escaped in upper-case hex' { ($k.Substring(0, 8) + (& $json $k[8] 'X4') + $k.Substring(9)), $hint }
                'wholly JSON-escaped' { (-join ($k.ToCharArray() | ForEach-Object { & $json $_ })), $hint }
                'with its slash escaped as \/' { $k.Replace('/', '\/'), $hint }
                'with its first character percent-encoded' { ((& $percent $k[0]) + $k.Substring(1)), $hint }
                'wholly percent-encoded' { (-join ($k.ToCharArray() | ForEach-Object { & $percent $_ })), $hint }
                'JSON-escaped inside a percent escape' { ('\u0025' + ([int][char]$k[0]).ToString('x2') + $k.Substring(1)), $hint }
                'cut to 12 characters before "..."' { ($k.Substring(0, 12) + '...'), "$hint..." }
                'cut to 12 characters before a quote' { $k.Substring(0, 12), $hint }
                'JSON-escaped and cut before an ellipsis character' { ((& $json $k[0]) + $k.Substring(1, 11) + [char]0x2026), ($hint + [char]0x2026) }
                default { throw "No form '$Form'." }
            }
            [pscustomobject]@{ Text = $text; Shown = $shown }
        }

        function Invoke-Captured {
            # Runs -Command with every stream captured; All is what it wrote and $Error, as text to search.
            param([Parameter(Mandatory)] [scriptblock] $Command)
            $Error.Clear()
            $streams = @(& $Command *>&1)
            $errors = @($Error)
            [pscustomobject]@{
                Output = @($streams | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.InformationalRecord] })
                Errors = @($streams | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
                Text   = @(Get-EveryText $streams) + @(Get-EveryText $errors)
            }
        }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        Connect-TestServer $api -Key $plainKey -Parameters @{ MaxRetryCount = 0 }
    }

    It 'hides the key written <Form> in the server''s error text, ServerMessage and ErrorDetails' -ForEach $forms {
        $key = Get-KeyForm $Form
        Add-RAMockFault $server @{ method = 'GET'; status = 400; body = "{`"error`":`"key $($key.Text) is revoked`"}" }

        $run = Invoke-Captured { Get-RAAgent -Namespace finance -Name fraud-detector -Verbose -Debug }

        $run.Errors | Should -HaveCount 1
        $record = $run.Errors[0]
        $record.FullyQualifiedErrorId | Should -BeExactly 'InvalidRequest,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        $record.Exception.ServerMessage | Should -BeExactly "key $($key.Shown) is revoked"
        $record.ErrorDetails.Message | Should -BeLike "*key $($key.Shown) is revoked*"
        Find-KeyLeak $run.Text $secret | Should -BeNullOrEmpty
    }

    It 'hides the key written <Form> in the fields of listed and fetched agents, and in -Raw' -ForEach $forms {
        $key = Get-KeyForm $Form
        $agent = "{`"name`":`"fraud-detector`",`"namespace`":`"finance`",`"labels`":{`"owner`":`"$($key.Text)`"},`"spec`":{`"systemPrompt`":`"use $($key.Text)`"},`"status`":{`"phase`":`"Running`",`"message`":`"$($key.Text)`"},`"note`":`"$($key.Text)`"}"
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Agent -Namespace finance -Name fraud-detector); status = 200; body = $agent; count = 2 }
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Agents); status = 200; body = "[$agent]"; count = 2 }

        $run = Invoke-Captured {
            Get-RAAgent -Namespace finance -Name fraud-detector -Verbose -Debug
            Get-RAAgent -Verbose -Debug
            Get-RAAgent -Namespace finance -Name fraud-detector -Raw
            Get-RAAgent -Raw
        }

        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -HaveCount 4
        foreach ($item in $run.Output[0, 1]) {
            $item.Status.Message | Should -BeExactly $key.Shown
            $item.SystemPrompt | Should -BeExactly "use $($key.Shown)"
            $item.Labels['owner'] | Should -BeExactly $key.Shown
            $item.AdditionalFields['note'] | Should -BeExactly $key.Shown
        }
        Find-KeyLeak $run.Text $secret | Should -BeNullOrEmpty
    }

    It 'hides the key written <Form> in an invoke''s answer and its -Raw text' -ForEach $forms {
        $key = Get-KeyForm $Form
        Add-RAMockFault $server @{ method = 'POST'; status = 200; body = "{`"response`":`"your key is $($key.Text)`",`"echo`":{`"key`":`"$($key.Text)`"}}"; count = 2 }

        $run = Invoke-Captured {
            Invoke-RAAgent finance invoice-processor -Message hi -Verbose -Debug
            Invoke-RAAgent finance invoice-processor -Message hi -Raw
        }

        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].Response | Should -BeExactly "your key is $($key.Shown)"
        $run.Output[0].Body.echo.key | Should -BeExactly $key.Shown
        Find-KeyLeak $run.Text $secret | Should -BeNullOrEmpty
    }

    It 'hides the key written <Form> in access requests' -ForEach $forms {
        $key = Get-KeyForm $Form
        $request = "{`"id`":`"ar-1`",`"status`":`"PENDING`",`"agent_id`":`"payment-approver`",`"tool_id`":`"stripe-api`",`"run_id`":`"run-1`",`"subject`":`"$($key.Text)`",`"reason`":`"because $($key.Text)`"}"
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Requests); status = 200; body = "[$request]"; count = 3 }

        $run = Invoke-Captured { Get-RAAccessRequest -Verbose -Debug }

        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].Reason | Should -BeExactly "because $($key.Shown)"
        Find-KeyLeak $run.Text $secret | Should -BeNullOrEmpty
    }

    It 'hides the key written <Form> in run events, their summary and data, and in Wait-RARun''s failure reason' -ForEach $forms {
        $key = Get-KeyForm $Form
        $events = "[{`"event_id`":`"e1`",`"run_id`":`"run-1`",`"seq`":1,`"type`":`"FAILED`",`"actor`":`"agent`",`"data`":{`"message`":`"lost $($key.Text)`",`"error`":`"bad key $($key.Text)`",`"detail`":{`"key`":`"$($key.Text)`"}}}]"
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api RunEvents -Id run-1); status = 200; body = $events; count = 5 }
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Run -Id run-1); status = 200; body = '{"id":"run-1","agent_id":"payment-approver","status":"FAILED"}'; count = 5 }

        $run = Invoke-Captured {
            Get-RARunEvent -RunId run-1 -Verbose -Debug
            Wait-RARun -RunId run-1 -PollIntervalSec 1 -Timeout 30 -Verbose -Debug
        }

        $run.Output[0].Summary | Should -BeExactly "Run failed: bad key $($key.Shown)"
        $run.Output[0].Data.detail.key | Should -BeExactly $key.Shown
        $run.Errors | Should -HaveCount 1
        $failed = $run.Errors[0]
        $failed.FullyQualifiedErrorId | Should -BeExactly 'RunFailed,RunAgents.PowerShell.Cmdlets.WaitRARunCommand'
        $failed.Exception.Message | Should -BeExactly "Run 'run-1' of agent 'payment-approver' failed: bad key $($key.Shown)."
        Find-KeyLeak $run.Text $secret | Should -BeNullOrEmpty
    }

    It 'hides the key written <Form> in the status line''s reason phrase: errors, EarlierFailure, verbose lines' -ForEach $forms {
        $key = Get-KeyForm $Form
        Add-RAMockFault $server @{ method = 'GET'; status = 503; reasonPhrase = "Down for $($key.Text) now"; headers = @{ 'Retry-After' = '0' }; count = 2 }

        $run = Invoke-Captured { Get-RAAgent -MaxRetryCount 1 -Verbose -Debug }

        $run.Errors | Should -HaveCount 1
        $record = $run.Errors[0]
        $record.FullyQualifiedErrorId | Should -BeExactly 'ServiceUnavailable,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        # The status line is ASCII: a character outside it arrives as '?', which ends the key as well.
        $shown = $key.Shown -replace '[^\x20-\x7e]', '?'
        $record.Exception.ReasonPhrase | Should -BeExactly "Down for $shown now"
        $record.Exception.EarlierFailure | Should -BeExactly "503 Down for $shown now"
        (Get-ApiRequest $server).Count | Should -Be 2
        Find-KeyLeak $run.Text $secret | Should -BeNullOrEmpty
    }

    It 'hides the key written <Form> in the Location of a redirect, which it does not follow' -ForEach $locationForms {
        $key = Get-KeyForm $Form
        $inside = $server.Uri.AbsoluteUri + $api.Prefix.TrimStart('/') + $(if ($api.Prefix) { '/' }) + 'agents/' + $key.Text
        $outside = $server.Uri.AbsoluteUri + 'login/' + $key.Text + '?state=' + $key.Text
        Add-RAMockFault $server @{ method = 'GET'; status = 302; headers = @{ Location = $outside } }
        Add-RAMockFault $server @{ method = 'GET'; status = 307; headers = @{ Location = $inside } }

        $run = Invoke-Captured {
            Get-RAAgent -Namespace finance -Name fraud-detector -Verbose -Debug
            Get-RAAgent -Namespace finance -Name fraud-detector -Verbose -Debug
        }

        $run.Errors | Should -HaveCount 2
        $run.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeExactly 'UnexpectedRedirect,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand' }
        $run.Errors[0].Exception.Message | Should -BeLike "*redirected to *login/****3zN8*"
        (Get-ApiRequest $server).Count | Should -Be 2 -Because 'neither redirect was followed'
        Find-KeyLeak $run.Text $secret | Should -BeNullOrEmpty
    }

    It 'hides the key written <Form> in the media type of an answer that is not JSON' -ForEach $mediaTypeForms {
        $key = Get-KeyForm $Form
        Add-RAMockFault $server @{ method = 'GET'; status = 200; contentType = "text/x-$($key.Text)"; body = '<html>Sign in</html>' }

        $run = Invoke-Captured { Get-RAAgent -Namespace finance -Name fraud-detector -Verbose -Debug }

        $run.Errors | Should -HaveCount 1
        $record = $run.Errors[0]
        $record.FullyQualifiedErrorId | Should -BeExactly 'InvalidResponse,RunAgents.PowerShell.Cmdlets.GetRAAgentCommand'
        $record.Exception.Message | Should -BeLike "*expected JSON but the service sent text/x-$($key.Shown): *"
        Find-KeyLeak $run.Text $secret | Should -BeNullOrEmpty
    }
}

Describe 'A key that is a JWT, among other JWTs, on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $header = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'
        # The key, and another token of the same issuer: the same header, another payload and signature.
        $jwtKey = "$header.eyJzdWIiOiJydW5ib29rLWtleSJ9.Q2FuYXJ5U2lnbmF0dXJlT2ZUaGVLZXk2NzQ4"
        $other = "$header.eyJzdWIiOiJhbm90aGVyLXVzZXIifQ.T3RoZXJTaWduYXR1cmVOb3RBS2V5MTIzNDU"
        $hint = '****NzQ4'
        $server = Start-RAMockServer -ApiKey $jwtKey
        $api = New-TestApi $Generation $server
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        Connect-TestServer $api -Key $jwtKey -Parameters @{ MaxRetryCount = 0 }
    }

    It 'returns another JWT with the key''s header intact in the agent, its -Raw text and an error' {
        $agent = "{`"name`":`"fraud-detector`",`"namespace`":`"finance`",`"spec`":{`"systemPrompt`":`"token $other`"},`"status`":{`"phase`":`"Running`",`"message`":`"$other`"}}"
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Agents); status = 200; body = "[$agent]"; count = 2 }
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (Get-TestPath $api Agent -Namespace finance -Name ghost); status = 400; body = "{`"error`":`"token $other has expired`"}" }

        $agents = @(Get-RAAgent)
        $raw = @(Get-RAAgent -Raw)
        Get-RAAgent -Namespace finance -Name ghost -ErrorVariable failed -ErrorAction SilentlyContinue

        $agents[0].Status.Message | Should -BeExactly $other
        $agents[0].SystemPrompt | Should -BeExactly "token $other"
        $raw[0] | Should -BeLike "*`"$other`"*"
        $failed[0].Exception.ServerMessage | Should -BeExactly "token $other has expired"
        $failed[0].ToString() | Should -BeLike "*token $other has expired*"
    }

    It 'hides the key itself, whole or cut to 12 characters before "...", "…" or a quote, beside the other JWT' {
        $cut = $jwtKey.Substring(0, 12)
        $body = "{`"error`":`"tokens $other and $jwtKey and $cut... and $cut$([char]0x2026) and '$cut' and `\`"$cut`\`"`"}"
        Add-RAMockFault $server @{ method = 'GET'; status = 401; body = $body }

        Get-RAAgent -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].Exception.ServerMessage | Should -BeExactly "tokens $other and $hint and $hint... and $hint$([char]0x2026) and '$hint' and `"$hint`""
        # The key's payload and signature, past what it shares with the other token's payload.
        Find-KeyLeak (Get-EveryText $failed) 'ydW5ib29rLWtleSJ9.Q2FuYXJ5U2lnbmF0dXJlT2ZUaGVLZXk2' | Should -BeNullOrEmpty
    }
}
