# Workspace API keys and auth settings: Get-, New-, Reset- and Remove-RAApiKey and Get- and Set-RAAuthSetting on both
# API generations. Each test reads what went over the wire in the mock's journal: the exact requests, nothing written
# by -WhatIf or a bad input, a create or rotation sent once whatever fails, and tokens that work (and stop working)
# against the mock. No stream shows a token or a start of one.

Describe 'Workspace API keys and auth settings on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        # The session's key is a workspace key the mock lists as 'bootstrap' (key-1), so revoking or rotating it ends it.
        $boot = 'ra_ws_Kq7xVv3Pw9LmT4nB7jR2hY6sD1fG8uZ0cX5e'
        $server = Start-RAMockServer -ApiKey 'test-key', $boot
        $api = New-TestApi $Generation $server
        $keys = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/auth/api-keys' } else { '/api/auth/api-keys' })
        $settings = $api.Prefix + $(if ($api.Generation -eq 'V1') { '/settings/auth' } else { '/api/settings/auth' })
        $where = if ($api.Generation -eq 'V1') { " in workspace 'revops'" } else { '' }
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Written { @(Get-RAMockJournal $server | Where-Object method -NE 'GET') }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        function Get-Plain([securestring] $Secure) { [Net.NetworkCredential]::new('', $Secure).Password }
        function Connect-Token([string] $Token) { Connect-RAService -Uri $api.Uri -ApiKey (ConvertTo-TestKey $Token) -KeepCurrent }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        Connect-TestServer $api -Key $boot
    }

    Context 'Get-RAApiKey' {
        It 'lists every key with one GET, marking the one the connection sends without showing a start of it' {
            $all = Get-RAApiKey

            Get-Sent | Should -Be @("GET $keys")
            $all.Name | Should -Be @('bootstrap', 'ci-deploy', 'grafana-readonly')
            $all.Id | Should -Be @('key-1', 'key-2', 'key-3')
            $all[0] | Should -BeOfType RunAgents.PowerShell.Models.WorkspaceApiKey
            $all.IsConnectionKey | Should -Be @($true, $false, $false)
            $all[0].Last4 | Should -BeExactly 'X5e'.PadLeft(4, 'c')
            # The platform lists the session key's first ten characters: the module shows the masked hint instead.
            $all[0].Prefix | Should -BeExactly '****cX5e'
            $all[1].Prefix | Should -Match '^ra_ws_[0-9a-f]{4}$'
            $all[1].Expires | Should -BeOfType DateTimeOffset
            $all[2].Expires | Should -BeNullOrEmpty
            $all[2].LastUsed | Should -BeNullOrEmpty
            $all[0].Platform | Should -BeExactly (Get-RAConnection).Uri.AbsoluteUri
        }

        It 'filters by name with wildcards, reports an exact name that no key has as ApiKeyNotFound, and a pattern that matches nothing as nothing' {
            (Get-RAApiKey 'ci-*', 'graf*').Name | Should -Be @('ci-deploy', 'grafana-readonly')
            $found = Get-RAApiKey nope, 'nothing*' -ErrorVariable failed -ErrorAction SilentlyContinue

            $found | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('ApiKeyNotFound')
            $failed[0].Exception | Should -BeOfType System.Management.Automation.ItemNotFoundException
            $failed[0].CategoryInfo.Category | Should -Be ObjectNotFound
            Get-Written | Should -BeNullOrEmpty
        }

        It 'filters by id, and reports an id that no key has as ApiKeyNotFound' {
            (Get-RAApiKey -Id key-3, key-9 -ErrorVariable failed -ErrorAction SilentlyContinue).Name | Should -Be @('grafana-readonly')
            Get-ErrorId $failed | Should -Be @('ApiKeyNotFound')
            "$($failed[0])" | Should -Match "API key 'key-9' was not found"
        }

        It 'keeps the keys that expire within -ExpiringWithin, and refuses a negative span before any request' {
            (Get-RAApiKey -ExpiringWithin (New-TimeSpan -Days 30)).Name | Should -Be @('ci-deploy')
            Get-RAApiKey -ExpiringWithin (New-TimeSpan -Days 5) | Should -BeNullOrEmpty

            $null = Invoke-RAMock $server DELETE journal
            { Get-RAApiKey -ExpiringWithin (New-TimeSpan -Days -1) } | Should -Throw -ErrorId 'InvalidExpiringWithin,RunAgents.PowerShell.Cmdlets.GetRAApiKeyCommand'
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'writes each key''s JSON with -Raw' {
            $raw = Get-RAApiKey ci-deploy -Raw
            $raw | Should -BeOfType string
            ($raw | ConvertFrom-Json).id | Should -BeExactly 'key-2'
        }

        It 'completes -Id of every key cmdlet with the ids, their names as tooltips' {
            foreach ($command in 'Get-RAApiKey', 'Reset-RAApiKey', 'Remove-RAApiKey') {
                $line = "$command -Id key-"
                $matches = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
                $matches.CompletionText | Should -Be @('key-1', 'key-2', 'key-3')
                $matches.ToolTip | Should -Be @('bootstrap', 'ci-deploy', 'grafana-readonly')
            }
        }

        It 'shows a table within 80 columns, a star on the connection''s key' {
            $lines = @(Get-RAApiKey | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            $lines | Where-Object { $_ -like '`* bootstrap*' } | Should -Not -BeNullOrEmpty
            $lines | Where-Object { $_ -like '*ci-deploy*' } | Should -Match '\d{4}-\d\d-\d\d$'
        }

        It 'reports the root API''s 404 or 405 as NotSupportedOnGeneration, not as not found' -ForEach @(@{ Status = 404 }, @{ Status = 405 }) {
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $keys; status = $Status; body = '{"error":"not found"}' }
            Get-RAApiKey -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            if ($Generation -eq 'V1') {
                Get-ErrorId $failed | Should -Be @($(if ($Status -eq 404) { 'EndpointNotFound' } else { 'MethodNotAllowed' }))
            }
            else {
                Get-ErrorId $failed | Should -Be @('NotSupportedOnGeneration')
                $failed[0].CategoryInfo.Category | Should -Be InvalidOperation
                "$($failed[0])" | Should -Match '/api/v1'
            }
        }
    }

    Context 'New-RAApiKey' {
        It 'creates a key with one POST of name and days, and gives the token once as a SecureString that works' {
            $new = New-RAApiKey ci-nightly -ExpiresInDays 3 -Confirm:$false

            Get-Sent | Should -Be @("POST $keys")
            (Get-Written)[0].body | Should -BeExactly '{"name":"ci-nightly","expiresInDays":3}'
            $new | Should -BeOfType RunAgents.PowerShell.Models.IssuedApiKey
            $new.Key.Name | Should -BeExactly 'ci-nightly'
            $new.Id | Should -BeExactly 'key-4'
            $new.Header | Should -BeExactly 'X-RunAgents-API-Key'
            $new.Token | Should -BeOfType securestring
            $new.Connection | Should -BeNullOrEmpty
            $token = Get-Plain $new.Token
            $token | Should -Match '^ra_ws_[0-9a-f]{40}$'
            $token.EndsWith($new.Key.Last4) | Should -BeTrue
            # The token authenticates: a connection with it lists the keys and finds itself among them.
            $mine = Get-RAApiKey -Connection (Connect-Token $token) | Where-Object IsConnectionKey
            $mine.Id | Should -BeExactly 'key-4'
        }

        It 'rounds -ExpiresIn up to whole days, at least one, and sends no expiry without either' {
            $null = New-RAApiKey a -ExpiresIn (New-TimeSpan -Hours 36) -Confirm:$false
            $null = New-RAApiKey b -ExpiresIn (New-TimeSpan -Minutes 1) -Confirm:$false
            $null = New-RAApiKey c -Confirm:$false
            (Get-Written).body | Should -Be @('{"name":"a","expiresInDays":2}', '{"name":"b","expiresInDays":1}', '{"name":"c"}')
        }

        It 'writes the token as text only with -AsPlainText' {
            (New-RAApiKey plain -AsPlainText -Confirm:$false).Token | Should -Match '^ra_ws_[0-9a-f]{40}$'
        }

        It 'refuses <Case> before any request' -ForEach @(
            @{ Case = 'both -ExpiresInDays and -ExpiresIn'; Arguments = @{ ExpiresInDays = 2; ExpiresIn = (New-TimeSpan -Days 2) }; Id = 'AmbiguousExpiry' }
            @{ Case = 'a negative -ExpiresIn'; Arguments = @{ ExpiresIn = (New-TimeSpan -Days -2) }; Id = 'ParameterArgumentTransformationError' }
            @{ Case = 'an -ExpiresIn without a unit'; Arguments = @{ ExpiresIn = '30' }; Id = 'ParameterArgumentTransformationError' }
            @{ Case = '-KeepCurrent without -Connect'; Arguments = @{ KeepCurrent = $true }; Id = 'KeepCurrentWithoutConnect' }
            @{ Case = 'a blank name'; Arguments = @{ Name = '  ' }; Id = 'InvalidApiKeyName' }
        ) {
            $call = @{ Name = 'x'; Confirm = $false }
            foreach ($name in $Arguments.Keys) { $call[$name] = $Arguments[$name] }
            { New-RAApiKey @call } | Should -Throw -ErrorId "$Id,RunAgents.PowerShell.Cmdlets.NewRAApiKeyCommand"
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'refuses -ExpiresInDays 0 by its range, before any request' {
            { New-RAApiKey x -ExpiresInDays 0 -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.NewRAApiKeyCommand'
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'makes the new key''s connection current with -Connect, and leaves the current one with -KeepCurrent' {
            $kept = New-RAApiKey side -Connect -KeepCurrent -Confirm:$false
            (Get-RAConnection).KeyHint | Should -BeExactly '****cX5e'
            $kept.Connection.KeyHint | Should -BeExactly ('****' + $kept.Key.Last4)

            $new = New-RAApiKey main -Connect -Confirm:$false
            (Get-RAConnection).KeyHint | Should -BeExactly ('****' + $new.Key.Last4)
            (Get-RAApiKey | Where-Object IsConnectionKey).Name | Should -BeExactly 'main'
            (Get-RAConnection).Uri.AbsoluteUri.TrimEnd('/') | Should -BeExactly $api.Uri.AbsoluteUri.TrimEnd('/')
        }

        It 'sends nothing with -WhatIf, and names the workspace, and the platform when it is not the current one' {
            $other = Connect-RAService -Uri ([Uri]::new($server.Uri, '/api/v1')) -ApiKey (ConvertTo-TestKey $boot) -KeepCurrent
            $lines = Get-WhatIfMessage {
                New-RAApiKey ci -ExpiresInDays 3 -WhatIf
                New-RAApiKey ci -WhatIf -Connection $other
            }

            $lines | Should -Be @(
                "What if: Performing the operation `"Create API key, expiring in 3 days`" on target `"API key 'ci'$where`"."
                "What if: Performing the operation `"Create API key, not expiring`" on target `"API key 'ci' in the key's default workspace on $($server.Uri)api/v1/`"."
            )
            Get-Written | Should -BeNullOrEmpty
        }

        It 'is a Medium write, and the key changes High ones' {
            (Get-Command New-RAApiKey).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact | Should -Be Medium
            (Get-Command Reset-RAApiKey).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact | Should -Be High
            (Get-Command Remove-RAApiKey).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact | Should -Be High
            (Get-Command Set-RAAuthSetting).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact | Should -Be Medium
        }

        It 'never retries a create, even on <Status> with -MaxRetryCount, and says what may have happened' -ForEach @(
            @{ Status = 502; Id = 'ApiKeyAnswerLost' }
            @{ Status = 503; Id = 'ApiKeyAnswerLost' }
            @{ Status = 429; Id = 'RateLimited' }
        ) {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $keys; status = $Status; headers = @{ 'Retry-After' = '7' }; count = 3 }
            New-RAApiKey ci -MaxRetryCount 3 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            Get-Sent | Should -Be @("POST $keys")
            Get-ErrorId $failed | Should -Be @($Id)
            if ($Status -eq 429) {
                "$($failed[0])" | Should -Match 'wait 7 s'
                "$($failed[0])" | Should -Match 'No key was created'
            }
            else {
                "$($failed[0])" | Should -Match 'the key may have been created.*nobody has its token'
                $failed[0].ErrorDetails.RecommendedAction | Should -Match 'Remove-RAApiKey'
            }
        }

        It 'reports a connection dropped after the request as a lost answer, sent once' {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $keys; drop = $true; count = 3 }
            New-RAApiKey ci -MaxRetryCount 3 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            Get-Sent | Should -Be @("POST $keys")
            Get-ErrorId $failed | Should -Be @('ApiKeyAnswerLost')
            "$($failed[0])" | Should -Match "Get-RAApiKey -Name 'ci'"
        }

        It 'reports a request that timed out as a lost answer, sent once' {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $keys; delayMs = 3000; count = 3 }
            New-RAApiKey ci -TimeoutSec 1 -MaxRetryCount 3 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            @(Get-RAMockJournal $server | Where-Object method -EQ 'POST') | Should -HaveCount 1
            Get-ErrorId $failed | Should -Be @('ApiKeyAnswerLost')
            $failed[0].CategoryInfo.Category | Should -Be OperationTimeout
        }

        It 'shows no token, nor a start of one, in any stream: -Verbose, -Debug bodies, warnings, errors and output' {
            $leaked = 'ra_ws_' + 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4'
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $keys; status = 201; body = "{`"key`":`"oops`",`"token`":`"$leaked`"}" }
            $streams = & {
                New-RAApiKey a -ExpiresInDays 1 -Connect -KeepCurrent -Verbose -Debug -WarningAction Continue -Confirm:$false
                New-RAApiKey b -Verbose -Debug -WarningAction Continue -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failed
                $failed
            } *>&1
            $streams | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Should -Not -BeNullOrEmpty
            $text = @(Get-EveryText $streams)
            $token = Get-Plain ($streams | Where-Object { $_ -is [RunAgents.PowerShell.Models.IssuedApiKey] }).Token

            # The part of a token that its listed prefix and last four characters do not show.
            Find-KeyLeak -Text $text -Secret $token.Substring(10, 30) | Should -BeNullOrEmpty
            Find-KeyLeak -Text $text -Secret $leaked.Substring(6) | Should -BeNullOrEmpty
            Find-KeyLeak -Text $text -Secret $boot.Substring(6) | Should -BeNullOrEmpty
            $text -join "`n" | Should -Match '"token":"\*{8}"'
        }
    }

    Context 'Reset-RAApiKey' {
        It 'rotates a key after reading the list: the old token stops working, the new one works' {
            $new = New-RAApiKey ci -AsPlainText -Confirm:$false
            $old = Connect-Token $new.Token
            $null = Invoke-RAMock $server DELETE journal

            $rotated = Reset-RAApiKey -Id $new.Id -Confirm:$false -AsPlainText

            Get-Sent | Should -Be @("GET $keys", "POST $keys/key-4/rotate")
            (Get-Written)[0].body | Should -BeExactly '{}'
            $rotated.Id | Should -BeExactly 'key-4'
            $rotated.Token | Should -Not -Be $new.Token
            { Get-RAApiKey -Connection $old -ErrorAction Stop } | Should -Throw -ErrorId 'AuthenticationFailed,RunAgents.PowerShell.Cmdlets.GetRAApiKeyCommand'
            (Get-RAApiKey -Connection (Connect-Token $rotated.Token) | Where-Object IsConnectionKey).Id | Should -BeExactly 'key-4'
        }

        It 'sends -ExpiresInDays, and takes keys from the pipeline' {
            Get-RAApiKey ci-deploy, grafana-readonly | Reset-RAApiKey -ExpiresInDays 10 -Confirm:$false | Should -HaveCount 2
            (Get-Written).rawTarget | Should -Be @("$keys/key-2/rotate", "$keys/key-3/rotate")
            (Get-Written).body | Should -Be @('{"expiresInDays":10}', '{"expiresInDays":10}')
        }

        It 'refuses the key the connection sends without -Force or -UpdateConnection, sending no write' {
            Reset-RAApiKey -Id key-1 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('ApiKeyInUse')
            $failed[0].CategoryInfo.Category | Should -Be InvalidOperation
            "$($failed[0])" | Should -Match '-UpdateConnection'
            Get-Written | Should -BeNullOrEmpty
        }

        It 'switches the connection to the new token with -UpdateConnection, so the session keeps working' {
            $before = Get-RAConnection
            $rotated = Reset-RAApiKey -Id key-1 -UpdateConnection -Confirm:$false

            $rotated.Connection | Should -Be $before
            (Get-RAConnection).KeyHint | Should -BeExactly ('****' + $rotated.Key.Last4)
            (Get-RAApiKey | Where-Object IsConnectionKey).Id | Should -BeExactly 'key-1'
            { Get-RAApiKey -Connection (Connect-Token $boot) -ErrorAction Stop } | Should -Throw -ErrorId 'AuthenticationFailed,RunAgents.PowerShell.Cmdlets.GetRAApiKeyCommand'
        }

        It 'makes a connection from the environment current when it switches it, and says the variable holds the old token' {
            Save-RAEnvironment -EmptyHome (Join-Path $TestDrive 'home')
            try {
                Disconnect-RAService
                $env:RUNAGENTS_API_KEY = $boot
                $env:RUNAGENTS_ENDPOINT = $api.Uri.AbsoluteUri
                $rotated = Reset-RAApiKey -Id key-1 -UpdateConnection -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue

                "$warned" | Should -Match 'RUNAGENTS_API_KEY'
                (Get-RAConnection).KeyHint | Should -BeExactly ('****' + $rotated.Key.Last4)
                (Get-RAApiKey | Where-Object IsConnectionKey).Id | Should -BeExactly 'key-1'
            }
            finally {
                Restore-RAEnvironment
            }
        }

        It 'rotates the connection''s key with -Force and warns that the session''s key stopped working' {
            $null = Reset-RAApiKey -Id key-1 -Force -WarningVariable warned -WarningAction SilentlyContinue
            "$warned" | Should -Match 'no longer works'
            { Get-RAApiKey -ErrorAction Stop } | Should -Throw -ErrorId 'AuthenticationFailed,RunAgents.PowerShell.Cmdlets.GetRAApiKeyCommand'
        }

        It 'reports an id that no key has as ApiKeyNotFound, sending no write' {
            Reset-RAApiKey -Id key-9 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @('ApiKeyNotFound')
            Get-Sent | Should -Be @("GET $keys")
        }

        It 'refuses an id that cannot be a path segment, and -ExpiresInDays 0, before any request' {
            Reset-RAApiKey -Id 'key/1', '..' -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidApiKeyId', 'InvalidApiKeyId')
            { Reset-RAApiKey -Id key-2 -ExpiresInDays 0 -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RunAgents.PowerShell.Cmdlets.ResetRAApiKeyCommand'
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'sends nothing with -WhatIf, and names the key and the workspace' {
            $lines = Get-WhatIfMessage { Reset-RAApiKey -Id key-2 -WhatIf }
            $lines | Should -Be @("What if: Performing the operation `"Rotate API key (its current token stops working)`" on target `"API key 'ci-deploy' (key-2)$where`".")
            Get-Written | Should -BeNullOrEmpty
        }

        It 'shows no new token in any stream under -Verbose and -Debug, the connection''s own key switched included' {
            $streams = & {
                Reset-RAApiKey -Id key-2 -Verbose -Debug -WarningAction Continue -Confirm:$false
                Reset-RAApiKey -Id key-1 -UpdateConnection -Verbose -Debug -WarningAction Continue -Confirm:$false
                Get-RAApiKey -Verbose -Debug -WarningAction Continue
            } *>&1
            $issued = @($streams | Where-Object { $_ -is [RunAgents.PowerShell.Models.IssuedApiKey] })
            $issued | Should -HaveCount 2
            $text = @(Get-EveryText $streams)
            foreach ($token in $issued.Token) { Find-KeyLeak -Text $text -Secret (Get-Plain $token).Substring(10, 30) | Should -BeNullOrEmpty }
            Find-KeyLeak -Text $text -Secret $boot.Substring(6) | Should -BeNullOrEmpty
        }

        It 'never retries a rotation, and reports a lost answer as such' {
            Add-RAMockFault $server @{ method = 'POST'; pathPrefix = $keys; drop = $true; count = 3 }
            Reset-RAApiKey -Id key-2 -MaxRetryCount 3 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-Sent | Should -Be @("GET $keys", "POST $keys/key-2/rotate")
            Get-ErrorId $failed | Should -Be @('ApiKeyAnswerLost')
            "$($failed[0])" | Should -Match 'may have been rotated.*nobody has the new one'
        }
    }

    Context 'Remove-RAApiKey' {
        It 'revokes a key with one DELETE after reading the list, and its token stops working' {
            $new = New-RAApiKey temp -AsPlainText -Confirm:$false
            $temp = Connect-Token $new.Token
            $null = Invoke-RAMock $server DELETE journal

            Remove-RAApiKey -Id $new.Id -Confirm:$false | Should -BeNullOrEmpty

            Get-Sent | Should -Be @("GET $keys", "DELETE $keys/key-4")
            (Get-RAApiKey).Id | Should -Not -Contain 'key-4'
            { Get-RAApiKey -Connection $temp -ErrorAction Stop } | Should -Throw -ErrorId 'AuthenticationFailed,RunAgents.PowerShell.Cmdlets.GetRAApiKeyCommand'
        }

        It 'takes keys from the pipeline' {
            Get-RAApiKey 'ci-*', 'graf*' | Remove-RAApiKey -Confirm:$false
            (Get-Written).rawTarget | Should -Be @("$keys/key-2", "$keys/key-3")
        }

        It 'refuses to revoke the key the connection sends without -Force, saying how to switch' {
            Remove-RAApiKey -Id key-1 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('ApiKeyInUse')
            "$($failed[0])" | Should -Match 'New-RAApiKey -Name <name> -Connect'
            "$($failed[0])" | Should -Match 'Reset-RAApiKey -Id key-1 -UpdateConnection'
            Get-Written | Should -BeNullOrEmpty

            Remove-RAApiKey -Id key-1 -Force -WarningVariable warned -WarningAction SilentlyContinue
            (Get-Written).rawTarget | Should -Be @("$keys/key-1")
            "$warned" | Should -Match '401'
        }

        It 'retries a DELETE on a transient failure' {
            Add-RAMockFault $server @{ method = 'DELETE'; pathPrefix = $keys; status = 503; headers = @{ 'Retry-After' = '0' } }
            Remove-RAApiKey -Id key-3 -Confirm:$false
            @(Get-Written).Count | Should -Be 2
            (Get-RAApiKey).Id | Should -Not -Contain 'key-3'
        }

        It 'takes a key found gone on a retry after a 504 as revoked, with a warning' {
            # The 504 came from a gateway after the platform had revoked the key: the retry finds it gone.
            Add-RAMockFault $server @(
                @{ method = 'DELETE'; pathPrefix = $keys; status = 504; body = '{"error":"gateway timeout"}'; headers = @{ 'Retry-After' = '0' } }
                @{ method = 'DELETE'; pathPrefix = $keys; status = 404; body = '{"error":"api key not found"}' }
            )
            Remove-RAApiKey -Id key-3 -Confirm:$false -ErrorVariable failed -WarningVariable warned -WarningAction SilentlyContinue

            $failed | Should -BeNullOrEmpty
            "$warned" | Should -Match "'key-3' was not found on attempt 2; attempt 1 failed with 504.*most likely revoked it"
            (Get-Written).method | Should -Be @('DELETE', 'DELETE')
        }

        It 'sends nothing with -WhatIf, and reports an unknown id as ApiKeyNotFound' {
            $lines = Get-WhatIfMessage { Remove-RAApiKey -Id key-3 -WhatIf }
            $lines | Should -Be @("What if: Performing the operation `"Revoke API key (its token stops working)`" on target `"API key 'grafana-readonly' (key-3)$where`".")
            Remove-RAApiKey -Id nope -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('ApiKeyNotFound')
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses a piped object without an id, sending nothing' {
            [pscustomobject]@{ Name = 'x' } | Remove-RAApiKey -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('InvalidInputObject')
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'refuses the module''s other objects, which have ids too, before any request, for revoke and rotate alike' {
            $connector = Get-RAApprovalConnector -Name slack-finance
            $copy = $connector | Select-Object *
            $provider = Get-RAIdentityProvider | Select-Object -First 1
            $null = Invoke-RAMock $server POST reset
            foreach ($command in 'Remove-RAApiKey', 'Reset-RAApiKey') {
                $connector, $copy, $provider | & $command -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
                Get-ErrorId $failed | Should -Be @('InvalidInputObject', 'InvalidInputObject', 'InvalidInputObject')
                "$($failed[0])" | Should -BeExactly "Approval connector 'slack-finance' is not an API key: pipe the keys Get-RAApiKey writes, or give -Id."
                "$($failed[2])" | Should -BeLike "Identity provider '*' is not an API key*"
            }
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'names a piped key as an API key in its messages' {
            $key = Get-RAApiKey -Id key-3
            $null = Invoke-RAMock $server POST reset
            $key | Get-RAAgentConfig -ErrorVariable failed -ErrorAction SilentlyContinue
            "$($failed[0])" | Should -BeLike "API key 'grafana-readonly' names no agent*"
        }
    }

    Context 'Get-RAAuthSetting and Set-RAAuthSetting' {
        It 'reads the settings with one GET, minutes as TimeSpans' {
            $s = Get-RAAuthSetting
            Get-Sent | Should -Be @("GET $settings")
            $s | Should -BeOfType RunAgents.PowerShell.Models.AuthSetting
            $s.SessionIdleTimeout | Should -Be (New-TimeSpan -Minutes 60)
            $s.MinSessionIdleTimeout | Should -Be (New-TimeSpan -Minutes 5)
            $s.MaxSessionIdleTimeout | Should -Be (New-TimeSpan -Minutes 1440)
            $s.ProgrammaticHeader | Should -BeExactly 'X-RunAgents-API-Key'
            $s.ApiKeyPrefix | Should -BeExactly 'ra_ws_'
            $s.ApiKeyCount | Should -Be 3
            (Get-RAAuthSetting -Raw | ConvertFrom-Json).sessionIdleTimeoutMinutes | Should -Be 60
        }

        It 'sets the idle timeout with a GET then one PUT of whole minutes' {
            $after = Set-RAAuthSetting -SessionIdleTimeout (New-TimeSpan -Minutes 30) -Confirm:$false -PassThru
            Get-Sent | Should -Be @("GET $settings", "PUT $settings")
            (Get-Written)[0].body | Should -BeExactly '{"sessionIdleTimeoutMinutes":30}'
            $after.SessionIdleTimeout | Should -Be (New-TimeSpan -Minutes 30)
        }

        It 'writes nothing when the timeout is unchanged' {
            Set-RAAuthSetting -SessionIdleTimeout 01:00:00 -Confirm:$false -Verbose 4>&1 | Out-String | Should -Match 'Unchanged'
            Get-Written | Should -BeNullOrEmpty
        }

        It 'refuses a timeout outside the platform''s bounds before the PUT' {
            Set-RAAuthSetting -SessionIdleTimeout 00:01:00 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
            Get-ErrorId $failed | Should -Be @('SessionIdleTimeoutOutOfRange')
            "$($failed[0])" | Should -Match 'from 5 minutes to 1440 minutes'
            Get-Sent | Should -Be @("GET $settings")
        }

        It 'refuses <Case> before any request' -ForEach @(
            @{ Case = 'a part of a minute'; Value = '00:30:30'; Id = 'InvalidSessionIdleTimeout' }
            @{ Case = 'a part of a minute, as the platform writes durations'; Value = '30m30s'; Id = 'InvalidSessionIdleTimeout' }
            @{ Case = 'zero'; Value = '00:00:00'; Id = 'ParameterArgumentTransformationError' }
            @{ Case = 'a negative span'; Value = '-00:30:00'; Id = 'ParameterArgumentTransformationError' }
            @{ Case = 'a number without a unit'; Value = 30; Id = 'ParameterArgumentTransformationError' }
        ) {
            { Set-RAAuthSetting -SessionIdleTimeout $Value -Confirm:$false } | Should -Throw -ErrorId "$Id,RunAgents.PowerShell.Cmdlets.SetRAAuthSettingCommand"
            Get-Sent | Should -BeNullOrEmpty
        }

        It 'reads durations as the platform writes them: 45m, 1h30m' {
            (Set-RAAuthSetting -SessionIdleTimeout 45m -Confirm:$false -PassThru).SessionIdleTimeout | Should -Be (New-TimeSpan -Minutes 45)
            (Set-RAAuthSetting -SessionIdleTimeout '1h30m' -Confirm:$false -PassThru).SessionIdleTimeout | Should -Be (New-TimeSpan -Minutes 90)
            $null = New-RAApiKey spanned -ExpiresIn 36h -Confirm:$false
            (Get-Written | Select-Object -Last 1).body | ConvertFrom-Json | Select-Object -ExpandProperty expiresInDays | Should -Be 2
        }

        It 'sends no PUT with -WhatIf, and names the workspace' {
            $lines = Get-WhatIfMessage { Set-RAAuthSetting -SessionIdleTimeout 00:30:00 -WhatIf }
            $lines | Should -Be @("What if: Performing the operation `"Set the session idle timeout from 60 minutes to 30 minutes`" on target `"the auth settings$where`".")
            Get-Written | Should -BeNullOrEmpty
        }

        It 'reports the root API''s 404 as NotSupportedOnGeneration' {
            Add-RAMockFault $server @{ method = 'GET'; pathPrefix = $settings; status = 404; body = '{"error":"not found"}' }
            Get-RAAuthSetting -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-ErrorId $failed | Should -Be @($(if ($Generation -eq 'V1') { 'EndpointNotFound' } else { 'NotSupportedOnGeneration' }))
        }
    }
}
