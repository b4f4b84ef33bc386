# Get-Help for every cmdlet, the about topic, and docs that say what the cmdlets really take.

BeforeDiscovery {
    # Every cmdlet the manifest exports: its CmdletsToExport is the one hand-kept list.
    $cmdlets = @((Import-PowerShellDataFile (Join-Path $PSScriptRoot '../RunAgents.psd1')).CmdletsToExport | Sort-Object) | ForEach-Object { @{ Cmdlet = $_ } }
}

Describe 'Help' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Import-Module (Join-Path $PSScriptRoot '../build/HelpCompiler.psm1') -Force
        $docs = Join-Path $PSScriptRoot '../docs'
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters

        function Get-CmdletParameter {
            # The parameters a cmdlet really has, without the common ones (WhatIf and Confirm stay).
            param([string] $Name)
            (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object
        }

        function Get-DocumentedAttributeMismatch {
            # Every way the yaml blocks of docs/<Name>.md differ from what the cmdlet declares, in each
            # of its parameter sets: type, required, position, pipeline input, aliases, wildcards and
            # the values of an enum.
            param([string] $Name)

            $compiler = Get-Module HelpCompiler
            $page = & $compiler { param($Path) Read-CmdletHelpPage -Path $Path } (Join-Path $docs "$Name.md")
            $command = Get-Command $Name
            foreach ($set in $command.ParameterSets) {
                foreach ($parameter in $set.Parameters | Where-Object Name -NotIn $common) {
                    $where = "-$($parameter.Name) in the set $($set.Name)"
                    $variant = ($page.Parameters | Where-Object Name -EQ $parameter.Name).Variants |
                        Where-Object { $_.ParameterSets -contains '(All)' -or $_.ParameterSets -contains $set.Name } |
                        Select-Object -First 1
                    if (-not $variant) { "$where has no yaml block"; continue }

                    $type = [Nullable]::GetUnderlyingType($parameter.ParameterType) ?? $parameter.ParameterType
                    $position = if ($parameter.Position -lt 0) { 'named' } else { "$($parameter.Position)" }
                    $kinds = @(if ($parameter.ValueFromPipeline) { 'ByValue' }; if ($parameter.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
                    $pipeline = if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
                    $wildcards = [bool]($command.Parameters[$parameter.Name].Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                    $values = if ($type.IsEnum) { [Enum]::GetNames($type) -join ', ' } else { '' }
                    $expected = [ordered]@{
                        Type = $type.Name; Required = $parameter.IsMandatory; Position = $position; PipelineInput = $pipeline
                        Aliases = @($parameter.Aliases | Sort-Object) -join ', '; Globbing = $wildcards; AcceptedValues = $values
                    }
                    $documented = [ordered]@{
                        Type = $variant.Type; Required = $variant.Required; Position = $variant.Position; PipelineInput = $variant.PipelineInput
                        Aliases = @($variant.Aliases | Sort-Object) -join ', '; Globbing = $variant.Globbing; AcceptedValues = $variant.AcceptedValues -join ', '
                    }
                    foreach ($key in $expected.Keys) {
                        if ("$($documented[$key])" -ne "$($expected[$key])") { "$where documents $key '$($documented[$key])'; the cmdlet declares '$($expected[$key])'" }
                    }
                }
            }
        }
    }

    Context '<Cmdlet>' -ForEach $cmdlets {
        BeforeAll {
            $help = Get-Help $Cmdlet -Full
        }

        It 'has a synopsis' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            # Without help, PowerShell shows the syntax in place of the synopsis.
            $help.Synopsis | Should -Not -Match ([regex]::Escape("$Cmdlet ["))
            $help.Synopsis.Trim() | Should -Not -BeExactly $Cmdlet
        }

        It 'has a description' {
            ($help.description.Text -join ' ').Trim().Length | Should -BeGreaterThan 40
        }

        It 'describes every parameter' {
            $described = @{}
            foreach ($parameter in @($help.parameters.parameter)) {
                if ($parameter) { $described[$parameter.name] = ($parameter.description.Text -join ' ').Trim() }
            }

            foreach ($name in Get-CmdletParameter $Cmdlet) {
                $described.ContainsKey($name) | Should -BeTrue -Because "Get-Help $Cmdlet should describe -$name"
                $described[$name] | Should -Not -BeNullOrEmpty -Because "-$name of $Cmdlet needs a description"
            }
        }

        It 'has at least two examples, each with code and an explanation' {
            $examples = @($help.examples.example)
            $examples.Count | Should -BeGreaterOrEqual 2
            foreach ($example in $examples) {
                $example.code | Should -Not -BeNullOrEmpty
                ($example.remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
            }
        }

        It 'documents in docs/<Cmdlet>.md exactly the parameters the cmdlet has' {
            $page = Join-Path $docs "$Cmdlet.md"
            $page | Should -Exist

            $documented = @(Get-MarkdownHelpParameter -Path $page | Sort-Object)
            $actual = @(Get-CmdletParameter $Cmdlet)

            $missing = @($actual | Where-Object { $_ -notin $documented })
            $extra = @($documented | Where-Object { $_ -notin $actual })
            $missing | Should -BeNullOrEmpty -Because "docs/$Cmdlet.md should document every parameter of the cmdlet"
            $extra | Should -BeNullOrEmpty -Because "docs/$Cmdlet.md should not document parameters the cmdlet lacks"
        }

        It 'documents in docs/<Cmdlet>.md each parameter as the cmdlet declares it, set by set' {
            Get-DocumentedAttributeMismatch $Cmdlet | Should -BeNullOrEmpty
        }
    }

    Context 'about_RunAgents' {
        It 'is found by Get-Help about_RunAgents' {
            $text = Get-Help about_RunAgents | Out-String

            $text | Should -Match 'about_RunAgents'
            $text | Should -Match 'Connect-RAService'
            $text | Should -Match 'RUNAGENTS_API_KEY'
        }
    }
}
