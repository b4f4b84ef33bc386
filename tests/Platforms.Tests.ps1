# Objects act on the platform they came from: given as -InputObject as when piped, and after Select-Object,
# Export-Csv, ConvertTo-Json, Export-Clixml or a job have dropped the live link, through their Platform property.
# Two platforms with the same agents and the same request ids, as staging and production have.

Describe 'Objects and their platform on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $production = Start-RAMockServer -ApiKey 'prod-key-0123456789'
        $stagingServer = Start-RAMockServer -ApiKey 'staging-key-0123456789'
        $prodApi = New-TestApi $Generation $production
        $stagingApi = New-TestApi $Generation $stagingServer
        $staging = Connect-TestServer $stagingApi -Key 'staging-key-0123456789' -PassThru
        Connect-TestServer $prodApi -Key 'prod-key-0123456789'

        function Get-Sent($Server) { @(Get-RAMockJournal $Server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function Get-Write($Server) { @(Get-Sent $Server | Where-Object { $_ -notlike 'GET *' }) }
        function Get-ErrorId($Records) { @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) }
        function P($Api, [string] $Operation, [string] $Namespace, [string] $Name, [string] $Id) { Get-TestPath $Api $Operation -Namespace $Namespace -Name $Name -Id $Id }

        function Add-Request($Server) {
            # The same pending request on either platform: the same id, agent and tool.
            $null = Invoke-RAMock $Server POST requests @{ id = 'ar-7'; agent_id = 'payment-approver'; tool_id = 'stripe-api'; subject = 'user@example.com' }
        }
    }

    AfterAll {
        Disconnect-RAService
        $production, $stagingServer | Stop-RAMockServer
    }

    BeforeEach {
        foreach ($server in $production, $stagingServer) {
            $null = Invoke-RAMock $server POST reset
            Add-Request $server
        }
        $agents = Get-RAAgent -Connection $staging -Namespace support
        $request = Get-RAAccessRequest -Connection $staging
        foreach ($server in $production, $stagingServer) { Get-RAMockJournal $server -Clear }
    }

    Context '-InputObject' {
        It 'removes, waits for, invokes and gets staging''s agents on staging, as piping does' {
            Wait-RAAgent -InputObject $agents -Timeout 5 -PollIntervalSec 1 -ErrorAction SilentlyContinue | Out-Null
            # kb-search-agent cannot be reached (a 502, as the demo platform has it): only where the request went counts.
            Invoke-RAAgent -InputObject $agents -Message 'hi' -ErrorAction SilentlyContinue | Out-Null
            Get-RAAgent -InputObject $agents | Out-Null
            Remove-RAAgent -InputObject $agents -Force

            Get-Sent $production | Should -BeNullOrEmpty
            $deleted = @(Get-Write $stagingServer | Where-Object { $_ -like 'DELETE *' })
            $deleted.Count | Should -Be 2
            (Get-RAAgent -Namespace support).Count | Should -Be 2 -Because 'production keeps its agents'
        }

        It 'approves and denies staging''s request on staging, never production''s request of the same id' {
            Approve-RAAccessRequest -InputObject $request -Force | Out-Null
            Add-Request $stagingServer
            $again = Get-RAAccessRequest -Connection $staging
            Get-RAMockJournal $stagingServer -Clear
            Deny-RAAccessRequest -InputObject $again -Force | Out-Null

            Get-Sent $production | Should -BeNullOrEmpty
            Get-Write $stagingServer | Should -BeExactly @("POST $(P $stagingApi Reject -Id ar-7)")
            (Get-RAAccessRequest ar-7).Status | Should -Be 'PENDING' -Because 'production''s request was not decided'
        }
    }

    Context 'objects that lost their live link' {
        It 'refuses <Name> copies of staging''s agents while production is current, and acts on staging with -Connection' -ForEach @(
            @{ Name = 'Select-Object *'; Make = { param($items) $items | Select-Object * } }
            @{ Name = 'Export-Csv/Import-Csv'; Make = { param($items) $file = Join-Path $TestDrive 'a.csv'; $items | Export-Csv -LiteralPath $file; Import-Csv -LiteralPath $file } }
            @{ Name = 'ConvertTo-Json/ConvertFrom-Json'; Make = { param($items) $items | ConvertTo-Json -Depth 5 | ConvertFrom-Json } }
            @{ Name = 'Export-Clixml/Import-Clixml'; Make = { param($items) $file = Join-Path $TestDrive 'a.xml'; $items | Export-Clixml -LiteralPath $file; Import-Clixml -LiteralPath $file } }
            @{ Name = 'Start-Job'; Make = { param($items) Start-Job -ScriptBlock { param($list) $list | ForEach-Object { $_ } } -ArgumentList @(, @($items)) | Receive-Job -Wait -AutoRemoveJob } }
        ) {
            $copies = @(& $Make $agents)
            $copies.Count | Should -Be 2
            $copies[0].Platform | Should -BeExactly $staging.Uri.AbsoluteUri

            $copies | Remove-RAAgent -Force -ErrorVariable refused -ErrorAction SilentlyContinue
            Get-ErrorId $refused | Should -Be @('PlatformMismatch', 'PlatformMismatch')
            $refused[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            "$($refused[0])" | Should -Match ([regex]::Escape("came from $($staging.Uri), but the current connection is to $((Get-RAConnection).Uri)"))
            # The way out it names makes a connection without moving the session's current one.
            "$($refused[0])" | Should -Match ([regex]::Escape("`$c = Connect-RAService -Uri '$($staging.Uri)' -KeepCurrent makes one and leaves the current connection as it is."))
            Get-Sent $production | Should -BeNullOrEmpty
            Get-Sent $stagingServer | Should -BeNullOrEmpty

            $copies | Remove-RAAgent -Force -Connection $staging
            Get-Sent $production | Should -BeNullOrEmpty
            @(Get-Write $stagingServer).Count | Should -Be 2
        }

        It 'acts on the platform an object names once that is the current connection' {
            $file = Join-Path $TestDrive 'request.xml'
            $request | Export-Clixml -LiteralPath $file
            try {
                Connect-TestServer $stagingApi -Key 'staging-key-0123456789'
                Approve-RAAccessRequest -InputObject (Import-Clixml -LiteralPath $file) -Force | Out-Null
            }
            finally {
                Connect-TestServer $prodApi -Key 'prod-key-0123456789'
            }

            Get-Sent $production | Should -BeNullOrEmpty
            Get-Write $stagingServer | Should -BeExactly @("POST $(P $stagingApi Approve -Id ar-7)")
        }

        It 'takes staging''s request after <Name> as -InputObject of Approve- and Deny-RAAccessRequest: refused while production is current, decided on staging with -Connection' -ForEach @(
            @{ Name = 'Export-Clixml/Import-Clixml'; Make = { param($item) $file = Join-Path $TestDrive 'request.xml'; $item | Export-Clixml -LiteralPath $file; Import-Clixml -LiteralPath $file } }
            @{ Name = 'Export-Csv/Import-Csv'; Make = { param($item) $file = Join-Path $TestDrive 'request.csv'; $item | Export-Csv -LiteralPath $file; Import-Csv -LiteralPath $file } }
            @{ Name = 'Select-Object *'; Make = { param($item) $item | Select-Object * } }
        ) {
            $copy = & $Make $request
            $copy | Should -Not -BeOfType ([RunAgents.PowerShell.Models.AccessRequest])

            Approve-RAAccessRequest -InputObject $copy -Force -ErrorVariable refused -ErrorAction SilentlyContinue
            Deny-RAAccessRequest -InputObject $copy -Force -ErrorVariable +refused -ErrorAction SilentlyContinue

            Get-ErrorId $refused | Should -Be @('PlatformMismatch', 'PlatformMismatch')
            "$($refused[1])" | Should -Match ([regex]::Escape("came from $($staging.Uri), but the current connection is to $((Get-RAConnection).Uri)"))
            Get-Sent $production | Should -BeNullOrEmpty
            Get-Sent $stagingServer | Should -BeNullOrEmpty

            $denied = Deny-RAAccessRequest -InputObject $copy -Connection $staging -Force
            $denied.Status | Should -BeExactly 'REJECTED'
            Get-Sent $production | Should -BeNullOrEmpty
            Get-Write $stagingServer | Should -BeExactly @("POST $(P $stagingApi Reject -Id ar-7)")
        }

        It 'refuses an object the module wrote that no longer says its platform, unless -Connection says where' {
            $bare = $agents | Select-Object Namespace, Name

            $bare | Remove-RAAgent -Force -ErrorVariable refused -ErrorAction SilentlyContinue
            $request | Select-Object Id | Approve-RAAccessRequest -Force -ErrorVariable +refused -ErrorAction SilentlyContinue

            Get-ErrorId $refused | Should -Be @('PlatformUnknown', 'PlatformUnknown', 'PlatformUnknown')
            "$($refused[0])" | Should -Match 'no longer says which'
            Get-Sent $production | Should -BeNullOrEmpty
            Get-Sent $stagingServer | Should -BeNullOrEmpty

            $bare | Remove-RAAgent -Force -Connection $staging
            @(Get-Write $stagingServer).Count | Should -Be 2
        }

        It 'approves and denies on the current platform requests made by hand, which name none, given as -InputObject' {
            Add-Request $production
            $null = Invoke-RAMock $production POST requests @{ id = 'ar-8'; agent_id = 'payment-approver'; tool_id = 'stripe-api'; subject = 'user@example.com' }
            Get-RAMockJournal $production -Clear

            $approved = Approve-RAAccessRequest -InputObject ([pscustomobject]@{ Id = 'ar-7' }) -Force
            $denied = Deny-RAAccessRequest -InputObject ([pscustomobject]@{ Id = 'ar-8'; Agent = 'payment-approver' }) -Force

            $approved.Status | Should -BeExactly 'APPROVED'
            $denied.Status | Should -BeExactly 'REJECTED'
            Get-Write $production | Should -BeExactly @("POST $(P $prodApi Approve -Id ar-7)", "POST $(P $prodApi Reject -Id ar-8)")
            Get-Sent $stagingServer | Should -BeNullOrEmpty
        }

        It 'acts on the current platform for objects made by hand, which name none' {
            [pscustomobject]@{ Namespace = 'support'; Name = 'kb-search-agent' } | Remove-RAAgent -Force

            Get-Write $production | Should -BeExactly @("DELETE $(P $prodApi Agent -Namespace support -Name kb-search-agent)")
            Get-Sent $stagingServer | Should -BeNullOrEmpty
        }
    }
}

Describe 'Answers checked against the question on the <Generation> API' -ForEach (& (Join-Path $PSScriptRoot 'Generations.ps1')) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -DeployReadyMs 0
        $api = New-TestApi $Generation $server
        Connect-TestServer $api
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
        function P([string] $Operation, [string] $Namespace, [string] $Name, [string] $Id) { Get-TestPath $api $Operation -Namespace $Namespace -Name $Name -Id $Id }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
    }

    It 'approves nothing when the lookup of q1 answers with q2' {
        $null = Invoke-RAMock $server POST requests @(@{ id = 'q1'; agent_id = 'a' }, @{ id = 'q2'; agent_id = 'b' })
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (P Request -Id q1); status = 200; contentType = 'application/json'; body = '{"id":"q2","status":"PENDING","agent_id":"b"}' }
        Get-RAMockJournal $server -Clear

        Approve-RAAccessRequest q1 -Force -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResponse,RunAgents.PowerShell.Cmdlets.ApproveRAAccessRequestCommand'
        "$($failed[0])" | Should -Match "asked for the access request 'q1' but the service answered with the access request 'q2'"
        Get-Sent | Should -BeExactly @("GET $(P Request -Id q1)")
    }

    It 'does not take run r999 for run r1 when waiting' {
        $null = Invoke-RAMock $server POST runs @{ id = 'r1'; agent_id = 'a'; status = 'RUNNING' }
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (P Run -Id r1); status = 200; contentType = 'application/json'; body = '{"id":"r999","status":"COMPLETED"}'; count = 1 }

        $done = Wait-RARun r1 -Timeout 5 -ErrorVariable failed -ErrorAction SilentlyContinue

        $done | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResponse,RunAgents.PowerShell.Cmdlets.WaitRARunCommand'
        "$($failed[0])" | Should -Match "asked for the run 'r1' but the service answered with the run 'r999'"
    }

    It 'does not wait for another agent than the one deployed' {
        Add-RAMockFault $server @{ method = 'POST'; pathPrefix = (P Deploy); status = 201; contentType = 'application/json'; body = '{"agent":"someone-else","namespace":"default"}' }
        Get-RAMockJournal $server -Clear

        Deploy-RAAgent -Name refund-helper -Image registry.example/r:1 -Wait -WaitTimeout 5 -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'UnexpectedAnswer,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
        "$($failed[0])" | Should -Match "answer is about agent 'default/someone-else'"
        Get-Sent | Should -BeExactly @("POST $(P Deploy)")
    }

    It 'refuses events of another run' {
        $null = Invoke-RAMock $server POST runs @{ id = 'r1'; agent_id = 'a'; status = 'COMPLETED' }
        Add-RAMockFault $server @{ method = 'GET'; pathPrefix = (P RunEvents -Id r1); status = 200; contentType = 'application/json'; body = '[{"run_id":"r2","seq":1,"type":"RUN_CREATED"}]' }

        Get-RARunEvent r1 -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        "$($failed[0])" | Should -Match "asked for the events of run 'r1' but the service answered with an event of run 'r2'"
    }
}

Describe 'Two agents of one name on v1' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $server = Start-RAMockServer -Seed none
        $api = New-TestApi V1 $server
        Connect-TestServer $api
        function Get-Sent { @(Get-RAMockJournal $server | ForEach-Object { "$($_.method) $($_.rawTarget)" }) }
    }

    AfterAll {
        Disconnect-RAService
        $server | Stop-RAMockServer
    }

    BeforeEach {
        $null = Invoke-RAMock $server POST reset
        # This platform resolves a name two namespaces hold to the first, as the one a tester met did.
        $null = Invoke-RAMock $server POST behaviour @{ v1Duplicates = 'first' }
        $null = Invoke-RAMock $server POST agents @(
            @{ namespace = 'agent-system'; name = 'payment-agent'; spec = @{ image = 'registry.example/pay:1' }; status = @{ phase = 'Running' } }
            @{ namespace = 'sandbox'; name = 'payment-agent'; spec = @{ image = 'registry.example/pay:2' }; status = @{ phase = 'Running' } }
        )
        $sandbox = Get-RAAgent | Where-Object Namespace -EQ 'sandbox'
        Get-RAMockJournal $server -Clear
    }

    It 'never deletes, invokes or waits for agent-system/payment-agent when given sandbox/payment-agent' {
        $sandbox | Remove-RAAgent -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        $sandbox | Invoke-RAAgent -Message 'hi' -ErrorVariable +failed -ErrorAction SilentlyContinue
        $sandbox | Wait-RAAgent -Timeout 3 -ErrorVariable +failed -ErrorAction SilentlyContinue

        @($failed | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) | Should -Be @('AgentNotFound', 'AgentNotFound', 'AgentNotFound')
        "$($failed[0])" | Should -Match "its name leads to is in namespace 'agent-system'"
        Get-Sent | Where-Object { $_ -notlike 'GET *' } | Should -BeNullOrEmpty
        (Get-RAAgent | Where-Object Name -EQ 'payment-agent').Count | Should -Be 2
    }

    It 'refuses to deploy -Namespace sandbox over agent-system/payment-agent' {
        Deploy-RAAgent payment-agent -Namespace sandbox -Image registry.example/pay:3 -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'NamespaceMismatch,RunAgents.PowerShell.Cmdlets.DeployRAAgentCommand'
        Get-Sent | Should -BeExactly @("GET $(Get-TestPath $api Agent -Name payment-agent)")
        (Get-RAAgent | Where-Object Image -EQ 'registry.example/pay:3') | Should -BeNullOrEmpty
    }
}
