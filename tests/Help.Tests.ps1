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

BeforeDiscovery {
    Import-Module $env:RUNAGENTS_TEST_MODULE -Force
    $exported = @((Get-Module RunAgents).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Cmdlet = $_ } })
}

# Get-Help -Online opens the cmdlet's page in docs/ on the project's site: the cmdlet's HelpUri, which the
# page's "online version" and the compiled help's "Online Version:" link repeat.
Describe 'Online help' -ForEach @{ Names = @($exported | ForEach-Object { $_.Cmdlet }) } {

    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $root = Join-Path $PSScriptRoot '..'
        $manifest = Import-PowerShellDataFile (Join-Path $root 'RunAgents.psd1')
        $pages = "$($manifest.PrivateData.PSData.ProjectUri)/blob/main/docs/"
        $module = Get-Module RunAgents
        [xml] $maml = Get-Content -Raw (Join-Path $module.ModuleBase 'en-US/RunAgents.PowerShell.dll-Help.xml')
        $namespaces = [System.Xml.XmlNamespaceManager]::new($maml.NameTable)
        $namespaces.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $namespaces.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
    }

    It 'every exported cmdlet is here' {
        $Names.Count | Should -BeGreaterThan 0
        @($Names | Sort-Object) | Should -Be @($module.ExportedCmdlets.Keys | Sort-Object)
    }

    It 'every cmdlet of the assembly is exported and declares its page as its HelpUri' {
        $declared = foreach ($type in $module.ImplementingAssembly.GetExportedTypes()) {
            $attribute = [Attribute]::GetCustomAttribute($type, [System.Management.Automation.CmdletAttribute])
            if ($attribute) { [pscustomobject]@{ Name = "$($attribute.VerbName)-$($attribute.NounName)"; HelpUri = $attribute.HelpUri } }
        }
        @($declared.Name | Sort-Object) | Should -Be @($Names | Sort-Object)
        foreach ($cmdlet in $declared) { $cmdlet.HelpUri | Should -BeExactly "$pages$($cmdlet.Name).md" }
    }

    Context '<Cmdlet>' -ForEach $exported {
        It 'has a HelpUri: its page in docs/ under the manifest''s ProjectUri, and the page exists' {
            $uri = (Get-Command $Cmdlet).HelpUri
            $uri | Should -BeExactly "$pages$Cmdlet.md"
            Join-Path $root "docs/$Cmdlet.md" | Should -Exist
        }

        It 'gives the same address as the online version of docs/<Cmdlet>.md' {
            $frontMatter = (Get-Content -Raw (Join-Path $root "docs/$Cmdlet.md")) -split '(?m)^---\s*$' | Select-Object -Index 1
            $online = [regex]::Match($frontMatter, '(?m)^online version:[ \t]*(\S*)').Groups[1].Value
            $online | Should -BeExactly (Get-Command $Cmdlet).HelpUri
        }

        It 'gives the same address as the Online Version link of the compiled help' {
            $command = $maml.SelectSingleNode("//command:command[command:details/command:name='$Cmdlet']", $namespaces)
            $command | Should -Not -BeNullOrEmpty
            $first = $command.SelectSingleNode('command:relatedLinks/maml:navigationLink[1]', $namespaces)
            $first.linkText | Should -BeExactly 'Online Version:'
            $first.uri | Should -BeExactly (Get-Command $Cmdlet).HelpUri
            @((Get-Help $Cmdlet).relatedLinks.navigationLink)[0].uri | Should -BeExactly (Get-Command $Cmdlet).HelpUri
        }
    }

    It 'Get-Help -Online opens each page in the browser' -Skip:(-not $IsLinux) {
        # .NET opens an address with xdg-open on Linux: one that writes down what it was given stands in
        # for the browser.
        $bin = Join-Path $TestDrive 'bin'
        $opened = Join-Path $TestDrive 'opened.txt'
        $null = New-Item -ItemType Directory -Path $bin -Force
        Set-Content -LiteralPath (Join-Path $bin 'xdg-open') -Value "#!/bin/sh`nprintf '%s\n' `"`$1`" >> '$opened'`n"
        chmod +x (Join-Path $bin 'xdg-open')

        $child = Invoke-ChildPwsh -Script "'$($Names -join "','")' | ForEach-Object { Get-Help `$_ -Online -ErrorAction Stop }" -Environment @{
            PATH = "$bin$([IO.Path]::PathSeparator)$env:PATH"
        }

        $child.ExitCode | Should -Be 0 -Because $child.Errors
        # xdg-open runs on its own; wait until every one has written its line.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@(Get-Content -LiteralPath $opened -ErrorAction Ignore).Count -lt $Names.Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        @(Get-Content -LiteralPath $opened | Sort-Object) | Should -Be @($Names | ForEach-Object { "$pages$_.md" } | Sort-Object)
    }
}
