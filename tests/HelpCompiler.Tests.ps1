#Requires -Version 7.0
<#
    Tests of build/HelpCompiler.psm1 and of the markdown help in docs/.

    Run from the repository root:
        Import-Module <path to Pester 5>/Pester.psd1
        Invoke-Pester ./tests/HelpCompiler.Tests.ps1 -Output Detailed
#>

BeforeDiscovery {
    $repoRoot = Split-Path -Parent $PSScriptRoot
    $cmdletPages = @(Get-ChildItem -Path (Join-Path $repoRoot 'docs') -Filter '*.md' -File |
            Where-Object Name -NotLike 'about_*' |
            Sort-Object Name |
            ForEach-Object { @{ Name = $_.BaseName; Path = $_.FullName } })

    # The parameters each cmdlet the manifest exports has, read from the built module (WhatIf and Confirm come from
    # SupportsShouldProcess and are documented like the others): the manifest is the one hand-kept list.
    Import-Module $env:RUNAGENTS_TEST_MODULE -Force
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters
    $contract = @((Import-PowerShellDataFile (Join-Path $repoRoot 'RunAgents.psd1')).CmdletsToExport | Sort-Object | ForEach-Object {
            @{ Name = $_; Parameters = @((Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common }) }
        })

    # Attributes that must reach the MAML exactly as the contract states them.
    $attributeCases = @(
        @{ Command = 'Get-RAAgent'; Parameter = 'Namespace'; Attribute = 'position'; Expected = '0' }
        @{ Command = 'Get-RAAgent'; Parameter = 'Namespace'; Attribute = 'pipelineInput'; Expected = 'True (ByPropertyName)' }
        @{ Command = 'Get-RAAgent'; Parameter = 'Namespace'; Attribute = 'globbing'; Expected = 'true' }
        @{ Command = 'Get-RAAgent'; Parameter = 'Name'; Attribute = 'position'; Expected = '1' }
        @{ Command = 'Get-RAAgent'; Parameter = 'Name'; Attribute = 'required'; Expected = 'false' }
        @{ Command = 'Get-RAAgent'; Parameter = 'Phase'; Attribute = 'globbing'; Expected = 'true' }
        @{ Command = 'Get-RAAgent'; Parameter = 'Phase'; Attribute = 'position'; Expected = 'named' }
        @{ Command = 'Remove-RAAgent'; Parameter = 'InputObject'; Attribute = 'pipelineInput'; Expected = 'True (ByValue)' }
        @{ Command = 'Remove-RAAgent'; Parameter = 'InputObject'; Attribute = 'required'; Expected = 'false' }
        @{ Command = 'Remove-RAAgent'; Parameter = 'Namespace'; Attribute = 'required'; Expected = 'false' }
        @{ Command = 'Remove-RAAgent'; Parameter = 'Confirm'; Attribute = 'aliases'; Expected = 'cf' }
        @{ Command = 'Invoke-RAAgent'; Parameter = 'Message'; Attribute = 'position'; Expected = '2' }
        @{ Command = 'Invoke-RAAgent'; Parameter = 'Message'; Attribute = 'required'; Expected = 'false' }
        @{ Command = 'Invoke-RAAgent'; Parameter = 'ConversationId'; Attribute = 'pipelineInput'; Expected = 'True (ByPropertyName)' }
        @{ Command = 'Invoke-RAAgent'; Parameter = 'InputObject'; Attribute = 'pipelineInput'; Expected = 'True (ByValue)' }
        @{ Command = 'Wait-RAAgent'; Parameter = 'Phase'; Attribute = 'position'; Expected = '2' }
        @{ Command = 'Invoke-RAAgent'; Parameter = 'Name'; Attribute = 'pipelineInput'; Expected = 'True (ByPropertyName)' }
        @{ Command = 'Connect-RAService'; Parameter = 'Uri'; Attribute = 'position'; Expected = '0' }
        @{ Command = 'Connect-RAService'; Parameter = 'Credential'; Attribute = 'required'; Expected = 'true' }
        @{ Command = 'Wait-RAAgent'; Parameter = 'Namespace'; Attribute = 'pipelineInput'; Expected = 'True (ByPropertyName)' }
        @{ Command = 'Deploy-RAAgent'; Parameter = 'InputObject'; Attribute = 'pipelineInput'; Expected = 'True (ByValue)' }
        @{ Command = 'Deploy-RAAgent'; Parameter = 'Path'; Attribute = 'globbing'; Expected = 'true' }
        @{ Command = 'Deploy-RAAgent'; Parameter = 'Exclude'; Attribute = 'globbing'; Expected = 'true' }
        @{ Command = 'Get-RAAccessRequest'; Parameter = 'ActionId'; Attribute = 'pipelineInput'; Expected = 'False' }
        @{ Command = 'Get-RAAccessRequest'; Parameter = 'Id'; Attribute = 'position'; Expected = '0' }
        @{ Command = 'Approve-RAAccessRequest'; Parameter = 'InputObject'; Attribute = 'pipelineInput'; Expected = 'True (ByValue)' }
        @{ Command = 'Get-RARun'; Parameter = 'RunId'; Attribute = 'aliases'; Expected = 'Id' }
        @{ Command = 'Get-RARun'; Parameter = 'Agent'; Attribute = 'globbing'; Expected = 'true' }
        @{ Command = 'Get-RARun'; Parameter = 'Namespace'; Attribute = 'globbing'; Expected = 'true' }
        @{ Command = 'Get-RARunEvent'; Parameter = 'Type'; Attribute = 'globbing'; Expected = 'true' }
        @{ Command = 'Wait-RARun'; Parameter = 'InputObject'; Attribute = 'pipelineInput'; Expected = 'True (ByValue)' }
    )
    $defaultCases = @(
        @{ Command = 'Connect-RAService'; Parameter = 'Uri'; Expected = 'https://api.runagents.io' }
        @{ Command = 'Connect-RAService'; Parameter = 'MaxRetryCount'; Expected = '3' }
        @{ Command = 'Connect-RAService'; Parameter = 'TimeoutSec'; Expected = '100' }
        @{ Command = 'Connect-RAService'; Parameter = 'MaxResponseSizeMB'; Expected = '64' }
        @{ Command = 'Invoke-RAAgent'; Parameter = 'ThrottleLimit'; Expected = '1' }
        @{ Command = 'Wait-RAAgent'; Parameter = 'Phase'; Expected = 'Running' }
        @{ Command = 'Wait-RAAgent'; Parameter = 'Timeout'; Expected = '300' }
        @{ Command = 'Wait-RAAgent'; Parameter = 'PollIntervalSec'; Expected = '5' }
        @{ Command = 'Deploy-RAAgent'; Parameter = 'MaxSourceSizeMB'; Expected = '10' }
        @{ Command = 'Deploy-RAAgent'; Parameter = 'WaitTimeout'; Expected = '300' }
        @{ Command = 'Wait-RARun'; Parameter = 'Timeout'; Expected = '300' }
        @{ Command = 'Wait-RARun'; Parameter = 'PollIntervalSec'; Expected = '2' }
    )

    # Ways to break the valid fixture page, and what the error must then name.
    $brokenPages = @(
        @{ Case = 'no DESCRIPTION'; Pattern = '(?ms)^## DESCRIPTION\r?\n.*?(?=^## EXAMPLES)'; Replacement = ''; Expect = 'DESCRIPTION' }
        @{ Case = 'no EXAMPLES'; Pattern = '(?ms)^## EXAMPLES\r?\n.*?(?=^## PARAMETERS)'; Replacement = ''; Expect = 'EXAMPLES' }
        @{ Case = 'EXAMPLES without an example'; Pattern = '(?ms)^## EXAMPLES\r?\n.*?(?=^## PARAMETERS)'; Replacement = "## EXAMPLES`n`nNone yet.`n`n"; Expect = 'EXAMPLES' }
        @{ Case = 'a parameter without its yaml block'; Pattern = '(?ms)(^### -Count\r?\n.*?)```yaml.*?```\r?\n'; Replacement = '$1'; Expect = '-Count has no yaml block' }
        @{ Case = 'a yaml block without Type'; Pattern = '(?m)^Type: Int32\r?\n(?=Parameter Sets: ById)'; Replacement = ''; Expect = "-Id lacks 'Type'" }
        @{ Case = 'a leftover placeholder'; Pattern = 'The number of items to return at most\.'; Replacement = '{{ Fill Count Description }}'; Expect = 'placeholder' }
        @{ Case = 'an unclosed code block'; Pattern = '(?m)^## NOTES$'; Replacement = "## NOTES`n`n``````powershell`nGet-HelpFixture"; Expect = 'never closed' }
        @{ Case = 'SYNTAX naming an undocumented parameter'; Pattern = 'Get-HelpFixture -Id <Int32>'; Replacement = 'Get-HelpFixture -Id <Int32> -Bogus <String>'; Expect = '-Bogus' }
        @{ Case = 'a parameter in an unknown set'; Pattern = 'Parameter Sets: ById'; Replacement = 'Parameter Sets: ByNumber'; Expect = 'ByNumber' }
        @{ Case = 'a title that is not the file name'; Pattern = '(?m)^# Get-HelpFixture$'; Replacement = '# Get-Other'; Expect = 'does not match the file name' }
    )
}

BeforeAll {
    $script:RepoRoot = Split-Path -Parent $PSScriptRoot
    $script:DocsPath = Join-Path $RepoRoot 'docs'
    $script:FixturePath = Join-Path $PSScriptRoot 'fixtures/help'
    $script:ValidFixture = Join-Path $FixturePath 'valid/Get-HelpFixture.md'
    $script:HelpFileName = 'RunAgents.PowerShell.dll-Help.xml'
    Import-Module (Join-Path $RepoRoot 'build/HelpCompiler.psm1') -Force

    function Read-Maml {
        # Loads a MAML file with a namespace manager for the prefixes MAML uses.
        param([string] $Path)

        $document = [System.Xml.XmlDocument]::new()
        $document.Load($Path)
        $names = [System.Xml.XmlNamespaceManager]::new($document.NameTable)
        $names.AddNamespace('msh', 'http://msh')
        $names.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $names.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $names.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        [pscustomobject]@{ Document = $document; Names = $names }
    }

    function Select-Maml {
        param([object] $Maml, [System.Xml.XmlNode] $Node, [string] $XPath)

        if (-not $Node) { $Node = $Maml.Document }
        @($Node.SelectNodes($XPath, $Maml.Names))
    }

    function Get-MamlCommand {
        param([object] $Maml, [string] $Name)

        $Maml.Document.SelectSingleNode("/msh:helpItems/command:command[command:details/command:name='$Name']", $Maml.Names)
    }

    function Get-MamlParameter {
        param([object] $Maml, [string] $Command, [string] $Name)

        (Get-MamlCommand -Maml $Maml -Name $Command).SelectSingleNode("command:parameters/command:parameter[maml:name='$Name']", $Maml.Names)
    }

    function Get-MarkdownSectionText {
        # The text of a '## Title' section of a markdown page, read without the compiler.
        param([string] $Path, [string] $Title)

        $lines = Get-Content -LiteralPath $Path
        $start = [array]::IndexOf($lines, "## $Title")
        if ($start -lt 0) { return $null }
        $body = foreach ($line in $lines[($start + 1)..($lines.Count - 1)]) {
            if ($line -match '^## ') { break }
            $line
        }
        (($body | Where-Object { $_.Trim() }) -join ' ') -replace '[`*]', ''
    }
}

Describe 'ConvertTo-MamlHelp compiling docs/' {
    BeforeAll {
        $script:OutputPath = Join-Path $TestDrive "en-US/$HelpFileName"
        $script:Result = ConvertTo-MamlHelp -Path $DocsPath -OutputPath $OutputPath
        $script:Maml = Read-Maml -Path $OutputPath
        $script:PageNames = @(Get-ChildItem -Path $DocsPath -Filter '*.md' -File |
                Where-Object Name -NotLike 'about_*' | ForEach-Object BaseName | Sort-Object)
    }

    It 'returns the file it wrote' {
        $Result | Should -BeOfType [System.IO.FileInfo]
        $Result.FullName | Should -Be $OutputPath
    }

    It 'writes well-formed MAML with the helpItems root' {
        $root = $Maml.Document.DocumentElement
        $root.LocalName | Should -Be 'helpItems'
        $root.NamespaceURI | Should -Be 'http://msh'
        $root.GetAttribute('schema') | Should -Be 'maml'
    }

    It 'writes UTF-8 without a byte order mark' {
        $bytes = [System.IO.File]::ReadAllBytes($OutputPath)
        $bytes[0] | Should -Be ([byte][char]'<')
    }

    It 'has one command:command per cmdlet page' {
        $names = Select-Maml -Maml $Maml -XPath '/msh:helpItems/command:command/command:details/command:name' | ForEach-Object InnerText
        $names | Should -HaveCount $PageNames.Count
        @($names | Sort-Object) | Should -Be $PageNames
    }

    It 'documents every cmdlet of the module' {
        # The manifest's CmdletsToExport is the one hand-kept list of cmdlets; one page each, and no other.
        $expected = @((Import-PowerShellDataFile (Join-Path $PSScriptRoot '../RunAgents.psd1')).CmdletsToExport | Sort-Object)
        $PageNames | Should -Be $expected
    }

    Context '<Name>' -ForEach $cmdletPages {
        BeforeAll {
            $script:Command = Get-MamlCommand -Maml $Maml -Name $Name
        }

        It 'has its name, verb and noun' {
            $Command | Should -Not -BeNullOrEmpty
            $verb, $noun = $Name -split '-', 2
            $Command.SelectSingleNode('command:details/command:verb', $Maml.Names).InnerText | Should -BeExactly $verb
            $Command.SelectSingleNode('command:details/command:noun', $Maml.Names).InnerText | Should -BeExactly $noun
        }

        It 'carries the synopsis of the page' {
            $synopsis = $Command.SelectSingleNode('command:details/maml:description/maml:para', $Maml.Names).InnerText
            $synopsis | Should -Not -BeNullOrEmpty
            $synopsis | Should -BeExactly (Get-MarkdownSectionText -Path $Path -Title 'SYNOPSIS')
        }

        It 'carries the description' {
            $paras = Select-Maml -Maml $Maml -Node $Command -XPath 'maml:description/maml:para'
            $paras.Count | Should -BeGreaterThan 0
            $paras[0].InnerText | Should -Match $Name
        }

        It 'has at least two examples, each with a title, code and remarks' {
            $examples = Select-Maml -Maml $Maml -Node $Command -XPath 'command:examples/command:example'
            $examples.Count | Should -BeGreaterOrEqual 2
            foreach ($example in $examples) {
                $example.SelectSingleNode('maml:title', $Maml.Names).InnerText | Should -Match 'Example \d+: \S'
                $example.SelectSingleNode('dev:code', $Maml.Names).InnerText | Should -Match "$Name|Get-RA|Invoke-RA"
                $example.SelectSingleNode('dev:remarks/maml:para', $Maml.Names).InnerText | Should -Not -BeNullOrEmpty
            }
        }

        It 'describes every parameter with its type and attributes' {
            foreach ($parameter in (Select-Maml -Maml $Maml -Node $Command -XPath 'command:parameters/command:parameter')) {
                $name = $parameter.SelectSingleNode('maml:name', $Maml.Names).InnerText
                $because = "-$name of $Name"
                $parameter.SelectSingleNode('maml:description/maml:para', $Maml.Names).InnerText | Should -Not -BeNullOrEmpty -Because $because
                $parameter.SelectSingleNode('command:parameterValue', $Maml.Names).InnerText | Should -Not -BeNullOrEmpty -Because $because
                $parameter.SelectSingleNode('dev:type/maml:name', $Maml.Names).InnerText | Should -Not -BeNullOrEmpty -Because $because
                $parameter.SelectSingleNode('dev:defaultValue', $Maml.Names) | Should -Not -BeNullOrEmpty -Because $because
                $parameter.GetAttribute('required') | Should -BeIn 'true', 'false' -Because $because
                $parameter.GetAttribute('globbing') | Should -BeIn 'true', 'false' -Because $because
                $parameter.GetAttribute('position') | Should -Match '^(named|\d+)$' -Because $because
                $parameter.GetAttribute('pipelineInput') | Should -Match '^(False|True \(.+\))$' -Because $because
                $parameter.GetAttribute('aliases') | Should -Not -BeNullOrEmpty -Because $because
            }
        }

        It 'documents the same parameters as Get-MarkdownHelpParameter finds' {
            $inMaml = Select-Maml -Maml $Maml -Node $Command -XPath 'command:parameters/command:parameter/maml:name' | ForEach-Object InnerText
            @($inMaml) | Should -Be @(Get-MarkdownHelpParameter -Path $Path)
        }

        It 'has a syntax item per parameter set' {
            $sets = @(Select-String -LiteralPath $Path -Pattern '^```$' |
                    Where-Object { (Get-Content -LiteralPath $Path)[$_.LineNumber] -match "^$Name\b" })
            $items = Select-Maml -Maml $Maml -Node $Command -XPath 'command:syntax/command:syntaxItem'
            $items.Count | Should -Be $sets.Count
            foreach ($item in $items) {
                $item.SelectSingleNode('maml:name', $Maml.Names).InnerText | Should -BeExactly $Name
            }
        }

        It 'has input and output types' {
            (Select-Maml -Maml $Maml -Node $Command -XPath 'command:inputTypes/command:inputType/dev:type/maml:name').Count | Should -BeGreaterThan 0
            (Select-Maml -Maml $Maml -Node $Command -XPath 'command:returnValues/command:returnValue/dev:type/maml:name').Count | Should -BeGreaterThan 0
        }

        It 'links to about_RunAgents' {
            $links = Select-Maml -Maml $Maml -Node $Command -XPath 'command:relatedLinks/maml:navigationLink/maml:linkText' | ForEach-Object InnerText
            $links | Should -Contain 'about_RunAgents'
        }
    }

    It '-<Parameter> of <Command> has <Attribute>="<Expected>"' -ForEach $attributeCases {
        $node = Get-MamlParameter -Maml $Maml -Command $Command -Name $Parameter
        $node | Should -Not -BeNullOrEmpty
        $node.GetAttribute($Attribute) | Should -BeExactly $Expected
    }

    It '-<Parameter> of <Command> defaults to <Expected>' -ForEach $defaultCases {
        (Get-MamlParameter -Maml $Maml -Command $Command -Name $Parameter).SelectSingleNode('dev:defaultValue', $Maml.Names).InnerText |
            Should -BeExactly $Expected
    }

    It 'keeps the description of -ThrottleLimit in one paragraph' {
        $paras = @((Get-MamlParameter -Maml $Maml -Command 'Invoke-RAAgent' -Name 'ThrottleLimit').SelectNodes('maml:description/maml:para', $Maml.Names) |
                ForEach-Object InnerText)
        $paras | Should -HaveCount 1
        $paras[0] | Should -BeLike '*(1 to 256) when agents are piped to the cmdlet. Answers are written*'
    }

    It 'puts the full type names of inputs and outputs' {
        $outputs = Select-Maml -Maml $Maml -Node (Get-MamlCommand -Maml $Maml -Name 'Invoke-RAAgent') -XPath 'command:returnValues/command:returnValue/dev:type/maml:name' |
            ForEach-Object InnerText
        $outputs | Should -Contain 'RunAgents.PowerShell.Models.AgentResponse'
        $outputs | Should -Contain 'System.String'
    }

    It 'lists the parameters of each set in its syntax item' {
        $invoke = Get-MamlCommand -Maml $Maml -Name 'Invoke-RAAgent'
        $items = Select-Maml -Maml $Maml -Node $invoke -XPath 'command:syntax/command:syntaxItem'
        # The default set (Message) comes first, as the SYNTAX section lists it.
        $message = $items[0].SelectNodes('command:parameter/maml:name', $Maml.Names) | ForEach-Object InnerText
        $body = $items[1].SelectNodes('command:parameter/maml:name', $Maml.Names) | ForEach-Object InnerText
        $message[0..2] | Should -Be 'Namespace', 'Name', 'Message'
        $message | Should -Not -Contain 'Body'
        $body | Should -Contain 'Body'
        $body | Should -Not -Contain 'Message'
    }

    It 'leaves the value out of switch parameters in syntax items only' {
        $remove = Get-MamlCommand -Maml $Maml -Name 'Remove-RAAgent'
        $inSyntax = $remove.SelectSingleNode("command:syntax/command:syntaxItem/command:parameter[maml:name='Force']", $Maml.Names)
        $inSyntax.SelectSingleNode('command:parameterValue', $Maml.Names) | Should -BeNullOrEmpty
        $inParameters = Get-MamlParameter -Maml $Maml -Command 'Remove-RAAgent' -Name 'Force'
        $value = $inParameters.SelectSingleNode('command:parameterValue', $Maml.Names)
        $value.InnerText | Should -Be 'SwitchParameter'
        $value.GetAttribute('required') | Should -Be 'false'
    }
}

Describe 'ConvertTo-MamlHelp on the fixture page' {
    BeforeAll {
        $script:OutputPath = Join-Path $TestDrive $HelpFileName
        $null = ConvertTo-MamlHelp -Path (Split-Path -Parent $ValidFixture) -OutputPath $OutputPath
        $script:Maml = Read-Maml -Path $OutputPath
        $script:Command = Get-MamlCommand -Maml $Maml -Name 'Get-HelpFixture'
    }

    It 'joins soft-wrapped lines into one paragraph and escapes XML characters' {
        $paras = Select-Maml -Maml $Maml -Node $Command -XPath 'maml:description/maml:para' | ForEach-Object InnerText
        $paras | Should -HaveCount 2
        $paras[0] | Should -BeExactly 'The Get-HelpFixture command exists only in the tests of the help compiler. It spans two lines in the markdown that become one paragraph.'
        $paras[1] | Should -BeLike '*<tag> & "quotes"*'
        Get-Content -LiteralPath $OutputPath -Raw | Should -Match '&lt;tag&gt; &amp;'
    }

    It 'orders syntax parameters as the SYNTAX block does' {
        $first = Select-Maml -Maml $Maml -Node $Command -XPath 'command:syntax/command:syntaxItem[1]/command:parameter/maml:name' | ForEach-Object InnerText
        $first | Should -Be 'Name', 'Count', 'Force'
        $second = Select-Maml -Maml $Maml -Node $Command -XPath 'command:syntax/command:syntaxItem[2]/command:parameter/maml:name' | ForEach-Object InnerText
        $second | Should -Be 'Id', 'Count', 'Force'
    }

    It 'keeps aliases, pipeline input and wildcards' {
        (Get-MamlParameter -Maml $Maml -Command 'Get-HelpFixture' -Name 'Count').GetAttribute('aliases') | Should -Be 'First'
        (Get-MamlParameter -Maml $Maml -Command 'Get-HelpFixture' -Name 'Id').GetAttribute('pipelineInput') | Should -Be 'True (ByValue)'
        (Get-MamlParameter -Maml $Maml -Command 'Get-HelpFixture' -Name 'Name').GetAttribute('globbing') | Should -Be 'true'
    }

    It 'joins the code blocks of an example and keeps its remarks' {
        $example = (Select-Maml -Maml $Maml -Node $Command -XPath 'command:examples/command:example')[0]
        $example.SelectSingleNode('maml:title', $Maml.Names).InnerText | Should -Match '^-+ Example 1: Get fixture items by name -+$'
        $example.SelectSingleNode('dev:code', $Maml.Names).InnerText | Should -BeExactly "Get-HelpFixture -Name 'alpha*'`n`nName  Id`n----  --`nalpha  1"
        $example.SelectSingleNode('dev:remarks/maml:para', $Maml.Names).InnerText | Should -BeExactly 'Gets the items whose names start with alpha.'
    }

    It 'writes inputs, outputs and notes' {
        Select-Maml -Maml $Maml -Node $Command -XPath 'command:inputTypes/command:inputType/dev:type/maml:name' |
            ForEach-Object InnerText | Should -Be 'System.String[]', 'System.Int32'
        $Command.SelectSingleNode('maml:alertSet/maml:alert/maml:para', $Maml.Names).InnerText | Should -BeExactly 'A note about the fixture.'
    }

    It 'keeps only absolute addresses as link URIs' {
        $links = Select-Maml -Maml $Maml -Node $Command -XPath 'command:relatedLinks/maml:navigationLink'
        $links | Should -HaveCount 2
        $links[0].SelectSingleNode('maml:uri', $Maml.Names).InnerText | Should -BeNullOrEmpty
        $links[1].SelectSingleNode('maml:uri', $Maml.Names).InnerText | Should -Be 'https://example.org/help-fixture'
    }
}

Describe 'ConvertTo-MamlHelp failing loudly' {
    It 'throws, naming the file, when a page lacks SYNOPSIS' {
        $output = Join-Path $TestDrive 'missing-synopsis.xml'
        { ConvertTo-MamlHelp -Path (Join-Path $FixturePath 'missing-synopsis') -OutputPath $output } |
            Should -Throw -ExpectedMessage "*Get-NoSynopsis.md*SYNOPSIS*"
        Test-Path -LiteralPath $output | Should -BeFalse
    }

    It 'throws, naming the file, for <Case>' -ForEach $brokenPages {
        $folder = Join-Path $TestDrive ($Case -replace '\W', '-')
        $null = New-Item -ItemType Directory -Path $folder -Force
        $text = Get-Content -LiteralPath $ValidFixture -Raw
        $broken = $text -replace $Pattern, $Replacement
        $broken | Should -Not -Be $text -Because 'the test must really change the page'
        Set-Content -LiteralPath (Join-Path $folder 'Get-HelpFixture.md') -Value $broken -NoNewline

        { ConvertTo-MamlHelp -Path $folder -OutputPath (Join-Path $folder 'out.xml') } |
            Should -Throw -ExpectedMessage "*Get-HelpFixture.md*$Expect*"
    }

    It 'throws when the folder holds no cmdlet page' {
        $folder = Join-Path $TestDrive 'empty'
        $null = New-Item -ItemType Directory -Path $folder -Force
        Set-Content -LiteralPath (Join-Path $folder 'README.md') -Value '# Not a cmdlet page'
        { ConvertTo-MamlHelp -Path $folder -OutputPath (Join-Path $folder 'out.xml') } | Should -Throw -ExpectedMessage '*no cmdlet page*'
    }
}

Describe 'ConvertTo-AboutHelp' {
    BeforeAll {
        $script:AboutPath = Join-Path $TestDrive 'en-US/about_RunAgents.help.txt'
        $null = ConvertTo-AboutHelp -Path (Join-Path $DocsPath 'about_RunAgents.help.md') -OutputPath $AboutPath
        $script:Lines = Get-Content -LiteralPath $AboutPath
        $script:Text = Get-Content -LiteralPath $AboutPath -Raw
    }

    It 'starts with the topic name' {
        $Lines[0] | Should -BeExactly 'TOPIC'
        $Lines[1] | Should -BeExactly '    about_RunAgents'
    }

    It 'has the SHORT DESCRIPTION heading followed by the indented text' {
        $index = [array]::IndexOf($Lines, 'SHORT DESCRIPTION')
        $index | Should -BeGreaterThan 0
        $Lines[$index + 1] | Should -Match '^    Explains how to connect to a RunAgents platform'
    }

    It 'has the sections of the page as upper-case headings' {
        foreach ($heading in 'LONG DESCRIPTION', 'CONNECTING', 'PIPELINES', 'ERRORS', 'SECURITY', 'SEE ALSO') {
            $Lines | Should -Contain $heading
        }
    }

    It 'covers the topics of the module' {
        foreach ($topic in 'RUNAGENTS_API_KEY', 'RUNAGENTS_ENDPOINT', '~/.runagents/config.json', 'ra_ws_', '-WhatIf',
            '-AllowUnencryptedAuthentication', 'AgentNotFound', 'AgentUnreachable', 'Retry-After', '$ErrorActionPreference') {
            $Text | Should -BeLike "*$topic*"
        }
    }

    It 'indents body text by four spaces and code by eight' {
        $Lines | Where-Object { $_ -and $_ -notmatch '^[A-Z][A-Z ,]+$' -and $_ -notmatch '^  \S' } |
            ForEach-Object { $_ | Should -Match '^    ' }
        $Lines | Should -Contain '        Get-RAAgent -Phase Failed | Remove-RAAgent -WhatIf'
    }

    It 'leaves no markdown markup behind' {
        $Text | Should -Not -Match '(?m)^#'
        $Text | Should -Not -Match '```'
        $Text | Should -Not -Match '\|\s*---'
    }

    It 'wraps prose at 80 columns' {
        $prose = $Lines | Where-Object { $_ -notmatch '^        ' }
        $prose | Where-Object Length -GT 80 | Should -BeNullOrEmpty
    }

    It 'starts a numbered item only where markdown does' {
        $page = Join-Path $TestDrive 'about_Numbers.help.md'
        Set-Content -LiteralPath $page -Value @(
            '# about_Numbers', '', '## SHORT DESCRIPTION', 'Numbers in prose.', '', '## LONG DESCRIPTION'
            'A limit from 1 to', '256. Answers come as they complete.', ''
            'Steps:', '1. Connect.', '2. List the agents.', '10. Done.', ''
            '3. A list may start at any number after a blank line.', ''
            'A paragraph', '- with a bullet after it.'
        )
        $out = Join-Path $TestDrive 'about_Numbers.help.txt'
        $null = ConvertTo-AboutHelp -Path $page -OutputPath $out
        $lines = Get-Content -LiteralPath $out

        $lines | Should -Contain '    A limit from 1 to 256. Answers come as they complete.'
        $lines | Should -Contain '    Steps:'
        $lines | Should -Contain '    1. Connect.'
        $lines | Should -Contain '    2. List the agents.'
        $lines | Should -Contain '    10. Done.'
        $lines | Should -Contain '    3. A list may start at any number after a blank line.'
        $lines | Should -Contain '    - with a bullet after it.'
    }

    It 'throws, naming the file, when SHORT DESCRIPTION is missing' {
        $page = Join-Path $TestDrive 'about_Broken.help.md'
        Set-Content -LiteralPath $page -Value "# about_Broken`n`n## LONG DESCRIPTION`nText.`n"
        { ConvertTo-AboutHelp -Path $page -OutputPath (Join-Path $TestDrive 'about_Broken.help.txt') } |
            Should -Throw -ExpectedMessage '*about_Broken.help.md*SHORT DESCRIPTION*'
    }
}

Describe 'Get-MarkdownHelpExample' {
    It 'returns the examples of the fixture page in order, with the code a reader runs and, apart, its output' {
        $examples = @(Get-MarkdownHelpExample -Path $ValidFixture)

        $examples | Should -HaveCount 2
        $examples[0].Number | Should -Be 1
        $examples[0].Title | Should -BeExactly 'Example 1: Get fixture items by name'
        $examples[0].Code | Should -BeExactly "Get-HelpFixture -Name 'alpha*'"
        $examples[0].Output | Should -BeExactly "Name  Id`n----  --`nalpha  1"
        $examples[1].Title | Should -BeExactly 'Example 2: Get one item by id'
        $examples[1].Code | Should -BeExactly 'Get-HelpFixture -Id 7 -Force'
        $examples[1].Output | Should -BeNullOrEmpty
    }

    It 'takes files from the pipeline' {
        @(Get-Item -LiteralPath $ValidFixture | Get-MarkdownHelpExample) | Should -HaveCount 2
    }
}

Describe 'Get-MarkdownHelpParameter' {
    It 'returns the names the fixture page documents, in page order' {
        Get-MarkdownHelpParameter -Path $ValidFixture | Should -Be 'Count', 'Force', 'Id', 'Name'
    }

    It 'leaves out CommonParameters' {
        Get-MarkdownHelpParameter -Path $ValidFixture | Should -Not -Contain 'CommonParameters'
    }

    It 'returns nothing for a page without parameters' {
        @(Get-MarkdownHelpParameter -Path (Join-Path $DocsPath 'Disconnect-RAService.md')) | Should -HaveCount 0
    }

    It 'takes files from the pipeline' {
        @(Get-Item -LiteralPath $ValidFixture | Get-MarkdownHelpParameter) | Should -HaveCount 4
    }

    It 'finds the parameters the contract gives <Name>' -ForEach $contract {
        $documented = @(Get-MarkdownHelpParameter -Path (Join-Path $DocsPath "$Name.md") | Sort-Object)
        $documented | Should -Be @($Parameters | Sort-Object)
    }
}

Describe 'Get-Help reading the compiled MAML' {
    BeforeAll {
        # A script module whose function has the fixture page's name and parameters, and whose
        # help comes from the compiled file in its en-US folder, as a binary module's would.
        $null = ConvertTo-MamlHelp -Path (Split-Path -Parent $ValidFixture) -OutputPath (Join-Path $TestDrive "en-US/$HelpFileName")
        Set-Content -LiteralPath (Join-Path $TestDrive 'HelpProbe.psm1') -Value @'
function Get-HelpFixture {
    # .ExternalHelp RunAgents.PowerShell.dll-Help.xml
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    param(
        [Parameter(ParameterSetName = 'ByName', Position = 0, ValueFromPipelineByPropertyName)]
        [SupportsWildcards()]
        [string[]] $Name,

        [Parameter(ParameterSetName = 'ById', Mandatory, ValueFromPipeline)]
        [int] $Id,

        [Alias('First')]
        [int] $Count = 10,

        [switch] $Force
    )
}
'@
        $script:PreviousCulture = [System.Globalization.CultureInfo]::CurrentUICulture
        [System.Globalization.CultureInfo]::CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo('en-US')
        $script:Probe = Import-Module (Join-Path $TestDrive 'HelpProbe.psm1') -Force -PassThru
        $script:Help = Get-Help -Name Get-HelpFixture -Full
        $script:HelpText = $Help | Out-String -Width 250
    }

    AfterAll {
        Remove-Module -ModuleInfo $Probe -Force -ErrorAction SilentlyContinue
        [System.Globalization.CultureInfo]::CurrentUICulture = $PreviousCulture
    }

    It 'shows the synopsis' {
        $Help.Synopsis | Should -BeExactly 'Gets fixture items for the help compiler tests.'
        $HelpText | Should -BeLike '*Gets fixture items for the help compiler tests.*'
    }

    It 'shows a parameter description and its attributes' {
        $HelpText | Should -BeLike '*The fixture parameter description: names of the items to get*'
        $name = Get-Help -Name Get-HelpFixture -Parameter Name
        $name.position | Should -Be '0'
        $name.pipelineInput | Should -Be 'True (ByPropertyName)'
        $name.globbing | Should -Be 'true'
    }

    It 'shows an example' {
        $HelpText | Should -BeLike "*Example 1: Get fixture items by name*Get-HelpFixture -Name 'alpha*'*Gets the items whose names start with alpha.*"
        @($Help.examples.example) | Should -HaveCount 2
    }

    It 'shows the syntax of both parameter sets' {
        $HelpText | Should -BeLike '*Get-HelpFixture `[`[-Name`] <String`[`]>`] `[-Count <Int32>`] `[-Force`]*'
        $HelpText | Should -BeLike '*Get-HelpFixture -Id <Int32>*'
    }

    It 'documents the parameters the function really has' {
        $actual = (Get-Command -Name Get-HelpFixture).Parameters.Keys |
            Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters }
        @(Get-MarkdownHelpParameter -Path $ValidFixture | Sort-Object) | Should -Be @($actual | Sort-Object)
    }
}
