<#
    HelpCompiler: turns the module's markdown help (docs/) into the files Get-Help reads.

    Cmdlet pages follow the PlatyPS v1 markdown layout (schema 2.0.0) and become one MAML file,
    RunAgents.PowerShell.dll-Help.xml. The about page becomes a classic about_*.help.txt file.
    The markdown is parsed line by line into blocks (headings, paragraphs, list items, tables and
    fenced code), the blocks are grouped by heading into a model of each command, and the model is
    written with an XmlWriter so that everything is escaped.
#>

Set-StrictMode -Version Latest

# The namespaces MAML help uses; Get-Help matches elements by these.
$script:MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:XmlnsNs = 'http://www.w3.org/2000/xmlns/'

# The keys a parameter's yaml block may hold, as PlatyPS v1 writes them.
$script:YamlKeys = @(
    'Type', 'Parameter Sets', 'Aliases', 'Accepted values', 'Required', 'Position',
    'Default value', 'Accept pipeline input', 'Accept wildcard characters', 'Applicable'
)
$script:RequiredYamlKeys = @('Type', 'Parameter Sets', 'Required', 'Position')

# Headings under PARAMETERS that are not parameters of the command itself.
$script:CommonParameterHeadings = @('CommonParameters', 'WorkflowCommonParameters')

#region Markdown reading

function New-HelpError {
    # An exception whose message starts with the file, so a failing build says where to look.
    param([string] $File, [string] $Message, [int] $LineNumber = 0)

    $where = if ($LineNumber -gt 0) { "${File}:${LineNumber}" } else { $File }
    [System.IO.InvalidDataException]::new("Help page '$where': $Message")
}

function Read-MarkdownFile {
    # Reads a markdown file: its YAML front matter (flat key: value pairs) and its body lines.
    param([Parameter(Mandatory)] [string] $Path)

    $lines = [System.IO.File]::ReadAllLines($Path, [System.Text.UTF8Encoding]::new($false))
    $frontMatter = [ordered]@{}
    $bodyStart = 0

    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        $end = -1
        for ($i = 1; $i -lt $lines.Count; $i++) {
            if ($lines[$i].Trim() -eq '---') { $end = $i; break }
            if ($lines[$i] -match '^(?<key>[^:#][^:]*):\s*(?<value>.*)$') {
                $frontMatter[$Matches['key'].Trim()] = $Matches['value'].Trim()
            }
        }
        if ($end -lt 0) {
            throw (New-HelpError -File $Path -Message 'the YAML front matter that starts on line 1 is never closed with ---.')
        }
        $bodyStart = $end + 1
    }

    $body = if ($bodyStart -lt $lines.Count) { $lines[$bodyStart..($lines.Count - 1)] } else { @() }

    [pscustomobject]@{
        Path            = $Path
        FrontMatter     = $frontMatter
        Body            = [string[]] $body
        FirstLineNumber = $bodyStart + 1
    }
}

function New-MarkdownBlock {
    param([string] $Kind, [int] $LineNumber, [string] $Text = '', [int] $Level = 0, [string] $Language = '')

    [pscustomobject]@{
        Kind       = $Kind          # Heading, Paragraph, ListItem, Table or Code
        LineNumber = $LineNumber
        Level      = $Level         # heading level
        Text       = $Text          # heading title, or the list marker of a list item
        Language   = $Language      # info string of a code fence
        Lines      = [System.Collections.Generic.List[string]]::new()
    }
}

function Test-ListItemStart {
    # Whether a line that begins like a list item starts one, as in CommonMark: a number starts an
    # item after a blank line or a heading, in a run of numbered items, or as 1 (a list that begins
    # inside a paragraph). Any other number inside a paragraph is prose soft-wrapped before it, such
    # as 'from 1 to' followed by '256. Answers...'. Bullets always start an item.
    param([AllowNull()] [string] $Number, [AllowNull()] [object] $Current)

    if (-not $Number -or $null -eq $Current -or [int]$Number -eq 1) { return $true }
    $Current.Kind -eq 'ListItem' -and $Current.Text -match '^\d'
}

function ConvertTo-MarkdownBlock {
    # Splits markdown lines into blocks. Only the constructs help pages use are recognised:
    # ATX headings, paragraphs, list items, pipe tables and fenced code blocks.
    param(
        [string[]] $Line,
        [int] $FirstLineNumber = 1,
        [string] $File
    )

    $blocks = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $i = 0
    while ($i -lt $Line.Count) {
        $text = $Line[$i]
        $number = $FirstLineNumber + $i

        if ($text -match '^(?<indent>\s*)(?<fence>`{3,}|~{3,})\s*(?<lang>[^\s`]*)') {
            $fence = $Matches['fence']
            $indent = $Matches['indent'].Length
            $block = New-MarkdownBlock -Kind Code -LineNumber $number -Language $Matches['lang']
            $closing = '^\s*' + [regex]::Escape($fence.Substring(0, 1)) + '{' + $fence.Length + ',}\s*$'
            $closed = $false
            for ($i++; $i -lt $Line.Count; $i++) {
                if ($Line[$i] -match $closing) { $closed = $true; break }
                $codeLine = $Line[$i]
                $strip = [Math]::Min($indent, $codeLine.Length - $codeLine.TrimStart().Length)
                $block.Lines.Add($codeLine.Substring($strip))
            }
            if (-not $closed) {
                throw (New-HelpError -File $File -LineNumber $number -Message 'this code block is never closed.')
            }
            $blocks.Add($block)
            $current = $null
            $i++
            continue
        }

        if ([string]::IsNullOrWhiteSpace($text)) {
            $current = $null
        }
        elseif ($text -match '^(?<hashes>#{1,6})\s+(?<title>.*?)\s*#*\s*$') {
            $blocks.Add((New-MarkdownBlock -Kind Heading -LineNumber $number -Level $Matches['hashes'].Length -Text $Matches['title']))
            $current = $null
        }
        elseif ($text -match '^\s*\|') {
            if ($null -eq $current -or $current.Kind -ne 'Table') {
                $current = New-MarkdownBlock -Kind Table -LineNumber $number
                $blocks.Add($current)
            }
            $current.Lines.Add($text.Trim())
        }
        elseif ($text -match '^\s*(?<bullet>[-*+]|(?<number>\d{1,9})[.)])\s+(?<content>.*)$' -and
            (Test-ListItemStart -Number $Matches['number'] -Current $current)) {
            $bullet = $Matches['bullet']
            $content = $Matches['content']
            $marker = if ($bullet -match '^\d') { $bullet } else { '-' }
            $current = New-MarkdownBlock -Kind ListItem -LineNumber $number -Text $marker
            $current.Lines.Add($content.Trim())
            $blocks.Add($current)
        }
        elseif ($null -ne $current -and $current.Kind -in 'Paragraph', 'ListItem') {
            $current.Lines.Add($text.Trim())
        }
        else {
            $current = New-MarkdownBlock -Kind Paragraph -LineNumber $number
            $current.Lines.Add($text.Trim())
            $blocks.Add($current)
        }
        $i++
    }
    , $blocks
}

function Group-MarkdownBlock {
    # Groups blocks under the headings of one level. Blocks before the first such heading form a
    # group whose Title is $null. A heading of a higher level (fewer #) ends the current group.
    param([object[]] $Block, [int] $Level)

    $groups = [System.Collections.Generic.List[object]]::new()
    $current = [pscustomobject]@{ Title = $null; Heading = $null; Blocks = [System.Collections.Generic.List[object]]::new() }
    $groups.Add($current)
    foreach ($b in $Block) {
        if ($b.Kind -eq 'Heading' -and $b.Level -le $Level) {
            $current = [pscustomobject]@{ Title = $b.Text.Trim(); Heading = $b; Blocks = [System.Collections.Generic.List[object]]::new() }
            $groups.Add($current)
            if ($b.Level -lt $Level) { $current.Title = $null }
            continue
        }
        $current.Blocks.Add($b)
    }
    , $groups
}

function ConvertFrom-MarkdownInline {
    # Plain text from inline markdown: links keep their text (and an absolute address), bold
    # markers and code backticks go, backslash escapes are resolved. Code spans keep their text.
    param([AllowEmptyString()] [string] $Text)

    $Text = $Text -replace '\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)\)', {
        $label = $_.Groups['text'].Value
        $uri = $_.Groups['uri'].Value
        if ($uri -match '^https?://' -and $uri -ne $label) { "$label ($uri)" } else { $label }
    }
    $Text = $Text -replace '\*\*(?<bold>[^*]+)\*\*', '${bold}'
    $Text -replace '`(?<code>[^`]+)`|\\(?<escaped>[\\`*_{}\[\]()#+.!<>|-])', {
        if ($_.Groups['code'].Success) { $_.Groups['code'].Value } else { $_.Groups['escaped'].Value }
    }
}

function Format-MarkdownTable {
    # A pipe table as aligned plain-text columns: the header, a dashed rule, then the rows.
    param([string[]] $Line)

    $rows = foreach ($row in $Line) {
        if ($row -match '^\|?[\s:|-]+\|?$') { continue }     # the |---|:---| separator row
        $cells = $row.Trim().Trim('|') -split '(?<!\\)\|'
        , @($cells | ForEach-Object { ConvertFrom-MarkdownInline -Text $_.Trim() })
    }
    $rows = @($rows)
    if ($rows.Count -eq 0) { return }

    $columns = ($rows | ForEach-Object { $_.Count } | Measure-Object -Maximum).Maximum
    $widths = foreach ($c in 0..($columns - 1)) {
        ($rows | ForEach-Object { if ($c -lt $_.Count) { $_[$c].Length } else { 0 } } | Measure-Object -Maximum).Maximum
    }
    $widths = @($widths)
    $render = {
        param($cells)
        (@(foreach ($c in 0..($columns - 1)) {
                    $text = if ($c -lt $cells.Count) { $cells[$c] } else { '' }
                    $text.PadRight($widths[$c])
                }) -join '  ').TrimEnd()
    }
    & $render $rows[0]
    & $render @($widths | ForEach-Object { '-' * $_ })
    foreach ($row in ($rows | Select-Object -Skip 1)) { & $render $row }
}

function Format-WrappedText {
    # Wraps text at a width, with an indent for the first line and another for the rest.
    param([string] $Text, [int] $Indent, [int] $HangingIndent = $Indent, [int] $Width = 80)

    $words = @($Text -split '\s+' | Where-Object { $_ })
    $line = ''
    $prefix = ' ' * $Indent
    foreach ($word in $words) {
        if ($line -and ($prefix.Length + $line.Length + 1 + $word.Length) -gt $Width) {
            $prefix + $line
            $line = $word
            $prefix = ' ' * $HangingIndent
        }
        else {
            $line = if ($line) { "$line $word" } else { $word }
        }
    }
    if ($line) { $prefix + $line }
}

function ConvertTo-HelpParagraph {
    # The paragraphs MAML gets from a run of blocks: one per paragraph, list item, table or code block.
    param([object[]] $Block)

    foreach ($b in $Block) {
        switch ($b.Kind) {
            'Paragraph' { ConvertFrom-MarkdownInline -Text ($b.Lines -join ' ') }
            'ListItem' { "$($b.Text) " + (ConvertFrom-MarkdownInline -Text ($b.Lines -join ' ')) }
            'Table' { (Format-MarkdownTable -Line $b.Lines) -join "`n" }
            'Code' { ($b.Lines | ForEach-Object { if ($_) { "    $_" } else { '' } }) -join "`n" }
            'Heading' { ConvertFrom-MarkdownInline -Text $b.Text }
        }
    }
}

#endregion

#region Cmdlet page model

function Test-CmdletHelpPage {
    # A cmdlet page is a PlatyPS v1 page: front matter with schema 2.0.0, and not an about_ page.
    param([System.IO.FileInfo] $File)

    if ($File.Name -like 'about_*') { return $false }
    (Read-MarkdownFile -Path $File.FullName).FrontMatter['schema'] -eq '2.0.0'
}

function Get-SectionTable {
    # The H2 sections of a page body, by upper-case title; a title used twice is an error.
    param([object[]] $Block, [string] $File)

    $sections = @{}
    foreach ($group in (Group-MarkdownBlock -Block $Block -Level 2)) {
        if ($null -eq $group.Title) { continue }
        $key = $group.Title.ToUpperInvariant()
        if ($sections.ContainsKey($key)) {
            throw (New-HelpError -File $File -LineNumber $group.Heading.LineNumber -Message "the section '## $($group.Title)' appears twice.")
        }
        $sections[$key] = $group
    }
    $sections
}

function Read-ParameterYaml {
    # One parameter's yaml block as a parameter variant (its attributes in some parameter sets).
    param([object] $CodeBlock, [string] $ParameterName, [string] $File)

    $values = @{}
    foreach ($line in $CodeBlock.Lines) {
        if ([string]::IsNullOrWhiteSpace($line)) { continue }
        if ($line -notmatch '^(?<key>[^:]+):\s*(?<value>.*)$') {
            throw (New-HelpError -File $File -LineNumber $CodeBlock.LineNumber -Message "the yaml block of -$ParameterName has a line that is not 'Key: value': '$line'.")
        }
        $key = $script:YamlKeys | Where-Object { $_ -eq $Matches['key'].Trim() } | Select-Object -First 1
        if (-not $key) {
            throw (New-HelpError -File $File -LineNumber $CodeBlock.LineNumber -Message "the yaml block of -$ParameterName has the unknown key '$($Matches['key'].Trim())'; expected one of: $($script:YamlKeys -join ', ').")
        }
        $values[$key] = $Matches['value'].Trim()
    }
    foreach ($key in $script:RequiredYamlKeys) {
        if (-not $values.ContainsKey($key) -or -not $values[$key]) {
            throw (New-HelpError -File $File -LineNumber $CodeBlock.LineNumber -Message "the yaml block of -$ParameterName lacks '$key'.")
        }
    }

    $split = { param($text) if ($text) { @($text -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ }) } else { @() } }
    $position = $values['Position']
    if ($position -notmatch '^(?i:named|\d+)$') {
        throw (New-HelpError -File $File -LineNumber $CodeBlock.LineNumber -Message "the yaml block of -$ParameterName has Position '$position'; expected Named or a number.")
    }
    $default = if ($values.ContainsKey('Default value') -and $values['Default value']) { $values['Default value'] } else { 'None' }
    $pipeline = if ($values.ContainsKey('Accept pipeline input') -and $values['Accept pipeline input']) { $values['Accept pipeline input'] } else { 'False' }
    $globbing = $values.ContainsKey('Accept wildcard characters') -and $values['Accept wildcard characters'] -match '^(?i)true'

    [pscustomobject]@{
        Type           = $values['Type']
        ParameterSets  = @(& $split $values['Parameter Sets'])
        Aliases        = @(& $split $(if ($values.ContainsKey('Aliases')) { $values['Aliases'] }))
        AcceptedValues = @(& $split $(if ($values.ContainsKey('Accepted values')) { $values['Accepted values'] }))
        Required       = $values['Required'] -match '^(?i)true'
        Position       = $position.ToLowerInvariant()
        DefaultValue   = $default
        PipelineInput  = $pipeline
        Globbing       = $globbing
    }
}

function Get-ParameterVariant {
    # The variant of a parameter that applies in a parameter set, or $null when it is not in the set.
    param([object] $Parameter, [string] $SetName)

    foreach ($variant in $Parameter.Variants) {
        if ($variant.ParameterSets -contains '(All)' -or $variant.ParameterSets -contains $SetName) { return $variant }
    }
    $null
}

function Read-ParameterSection {
    # The parameters of a page: each '### -Name' with its description and its yaml block(s).
    param([object] $Section, [string] $File)

    $parameters = [System.Collections.Generic.List[object]]::new()
    if ($null -eq $Section) { return , $parameters }

    foreach ($group in (Group-MarkdownBlock -Block $Section.Blocks -Level 3)) {
        if ($null -eq $group.Title) { continue }
        $name = $group.Title.TrimStart('-').Trim()
        if ($name -in $script:CommonParameterHeadings) { continue }
        if ($group.Title -notmatch '^-\w+$') {
            throw (New-HelpError -File $File -LineNumber $group.Heading.LineNumber -Message "the PARAMETERS heading '### $($group.Title)' is not of the form '### -Name'.")
        }

        $description = [System.Collections.Generic.List[object]]::new()
        $variants = [System.Collections.Generic.List[object]]::new()
        foreach ($b in $group.Blocks) {
            if ($b.Kind -eq 'Code' -and $b.Language -eq 'yaml') {
                $variants.Add((Read-ParameterYaml -CodeBlock $b -ParameterName $name -File $File))
            }
            elseif ($variants.Count -eq 0) {
                $description.Add($b)
            }
        }
        if ($variants.Count -eq 0) {
            throw (New-HelpError -File $File -LineNumber $group.Heading.LineNumber -Message "the parameter -$name has no yaml block (Type, Parameter Sets, Aliases, Required, Position, Default value, Accept pipeline input, Accept wildcard characters).")
        }
        if ($parameters | Where-Object Name -EQ $name) {
            throw (New-HelpError -File $File -LineNumber $group.Heading.LineNumber -Message "the parameter -$name is documented twice.")
        }
        $parameters.Add([pscustomobject]@{
                Name        = $name
                Description = @(ConvertTo-HelpParagraph -Block $description)
                Variants    = $variants
            })
    }
    , $parameters
}

function Read-SyntaxSection {
    # The parameter sets of a page: each '### SetName' (or a single unnamed set) and the order in
    # which its code block lists the parameters.
    param([object] $Section, [object[]] $Parameters, [string] $File)

    $sets = [System.Collections.Generic.List[object]]::new()
    if ($null -ne $Section) {
        foreach ($group in (Group-MarkdownBlock -Block $Section.Blocks -Level 3)) {
            $code = @($group.Blocks | Where-Object Kind -EQ 'Code')
            if ($code.Count -eq 0) {
                if ($null -ne $group.Title) {
                    throw (New-HelpError -File $File -LineNumber $group.Heading.LineNumber -Message "the syntax set '$($group.Title)' has no code block.")
                }
                continue
            }
            $title = if ($null -eq $group.Title) { '__AllParameterSets' } else { $group.Title }
            $isDefault = $title -match '\s*\((?i:default)\)\s*$'
            $setName = ($title -replace '\s*\((?i:default)\)\s*$', '').Trim()
            $text = ($code | ForEach-Object { $_.Lines -join ' ' }) -join ' '
            $order = @([regex]::Matches($text, '(?<![\w-])-(?<name>[A-Za-z]\w*)') | ForEach-Object { $_.Groups['name'].Value } | Select-Object -Unique)
            $sets.Add([pscustomobject]@{ Name = $setName; IsDefault = $isDefault; Order = $order })
        }
    }

    if ($sets.Count -eq 0) {
        # No syntax blocks: derive the sets from the parameters, in position order.
        $names = @($Parameters | ForEach-Object { $_.Variants } | ForEach-Object { $_.ParameterSets } | Where-Object { $_ -ne '(All)' } | Select-Object -Unique)
        if ($names.Count -eq 0) { $names = @('__AllParameterSets') }
        foreach ($setName in $names) {
            $order = @($Parameters | Where-Object { Get-ParameterVariant -Parameter $_ -SetName $setName } |
                    Sort-Object { $v = Get-ParameterVariant -Parameter $_ -SetName $setName; if ($v.Position -eq 'named') { [int]::MaxValue } else { [int] $v.Position } } |
                    ForEach-Object Name)
            $sets.Add([pscustomobject]@{ Name = $setName; IsDefault = $false; Order = $order })
        }
        return , $sets
    }

    # Syntax and parameters must agree, so that the help cannot drift from itself.
    $setNames = @($sets | ForEach-Object Name)
    foreach ($parameter in $Parameters) {
        foreach ($variant in $parameter.Variants) {
            foreach ($setName in $variant.ParameterSets) {
                if ($setName -ne '(All)' -and $setName -notin $setNames -and $setNames -notcontains '__AllParameterSets') {
                    throw (New-HelpError -File $File -Message "the parameter -$($parameter.Name) names the parameter set '$setName', which SYNTAX does not have (it has: $($setNames -join ', ')).")
                }
            }
        }
    }
    foreach ($set in $sets) {
        foreach ($name in $set.Order) {
            $parameter = $Parameters | Where-Object Name -EQ $name | Select-Object -First 1
            if ($null -eq $parameter) {
                throw (New-HelpError -File $File -Message "SYNTAX lists -$name in the set '$($set.Name)', but PARAMETERS does not document it.")
            }
            if ($set.Name -ne '__AllParameterSets' -and -not (Get-ParameterVariant -Parameter $parameter -SetName $set.Name)) {
                throw (New-HelpError -File $File -Message "SYNTAX lists -$name in the set '$($set.Name)', but its yaml 'Parameter Sets' does not include that set.")
            }
        }
        foreach ($parameter in $Parameters) {
            if ($set.Name -ne '__AllParameterSets' -and $parameter.Name -notin $set.Order -and (Get-ParameterVariant -Parameter $parameter -SetName $set.Name)) {
                throw (New-HelpError -File $File -Message "the parameter -$($parameter.Name) belongs to the set '$($set.Name)', but the SYNTAX block of that set does not list it.")
            }
        }
    }
    , $sets
}

function Read-TypeSection {
    # INPUTS or OUTPUTS: each '### TypeName' and its description.
    param([object] $Section)

    if ($null -eq $Section) { return }
    foreach ($group in (Group-MarkdownBlock -Block $Section.Blocks -Level 3)) {
        if ($null -eq $group.Title) { continue }
        [pscustomobject]@{
            TypeName    = ConvertFrom-MarkdownInline -Text $group.Title
            Description = @(ConvertTo-HelpParagraph -Block $group.Blocks)
        }
    }
}

function Read-ExampleSection {
    param([object] $Section, [string] $File)

    foreach ($group in (Group-MarkdownBlock -Block $Section.Blocks -Level 3)) {
        if ($null -eq $group.Title) { continue }
        $code = @($group.Blocks | Where-Object Kind -EQ 'Code')
        if ($code.Count -eq 0) {
            throw (New-HelpError -File $File -LineNumber $group.Heading.LineNumber -Message "the example '$($group.Title)' has no code block.")
        }
        [pscustomobject]@{
            Title   = ConvertFrom-MarkdownInline -Text $group.Title
            Code    = ($code | ForEach-Object { $_.Lines -join "`n" }) -join "`n`n"
            Remarks = @(ConvertTo-HelpParagraph -Block ($group.Blocks | Where-Object Kind -NE 'Code'))
        }
    }
}

function Read-LinkSection {
    # RELATED LINKS: every [text](uri) becomes a link; only absolute http(s) addresses are kept as
    # uri, since Get-Help -Online cannot open a relative markdown file.
    param([object] $Section)

    if ($null -eq $Section) { return }
    foreach ($b in $Section.Blocks) {
        if ($b.Kind -notin 'Paragraph', 'ListItem') { continue }
        $text = $b.Lines -join ' '
        $found = [regex]::Matches($text, '\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)\)')
        if ($found.Count -eq 0) {
            [pscustomobject]@{ Text = ConvertFrom-MarkdownInline -Text $text; Uri = '' }
            continue
        }
        foreach ($m in $found) {
            $uri = $m.Groups['uri'].Value
            [pscustomobject]@{
                Text = ConvertFrom-MarkdownInline -Text $m.Groups['text'].Value
                Uri  = if ($uri -match '^https?://') { $uri } else { '' }
            }
        }
    }
}

function Read-CmdletHelpPage {
    # Parses and checks one cmdlet page into the model ConvertTo-MamlHelp writes.
    param([Parameter(Mandatory)] [string] $Path)

    $file = Read-MarkdownFile -Path $Path
    $blocks = ConvertTo-MarkdownBlock -Line $file.Body -FirstLineNumber $file.FirstLineNumber -File $Path

    $placeholder = [regex]::Match(($file.Body -join "`n"), '\{\{[^}]*\}\}')
    if ($placeholder.Success) {
        throw (New-HelpError -File $Path -Message "it still holds the placeholder '$($placeholder.Value)'.")
    }

    $title = $blocks | Where-Object { $_.Kind -eq 'Heading' -and $_.Level -eq 1 } | Select-Object -First 1
    if ($null -eq $title) {
        throw (New-HelpError -File $Path -Message "it lacks the '# Command-Name' title.")
    }
    $name = $title.Text.Trim()
    $expected = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    if ($name -ne $expected) {
        throw (New-HelpError -File $Path -LineNumber $title.LineNumber -Message "its title '# $name' does not match the file name '$expected'.")
    }

    $sections = Get-SectionTable -Block $blocks -File $Path
    foreach ($required in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES') {
        if (-not $sections.ContainsKey($required) -or -not ($sections[$required].Blocks | Where-Object Kind -NE 'Heading')) {
            throw (New-HelpError -File $Path -Message "it lacks the '## $required' section (or the section is empty).")
        }
    }

    $examples = @(Read-ExampleSection -Section $sections['EXAMPLES'] -File $Path)
    if ($examples.Count -eq 0) {
        throw (New-HelpError -File $Path -Message "its '## EXAMPLES' section has no '### Example 1: ...' example.")
    }

    $parameters = Read-ParameterSection -Section $sections['PARAMETERS'] -File $Path
    $syntax = Read-SyntaxSection -Section $sections['SYNTAX'] -Parameters $parameters -File $Path
    $section = { param($key) if ($sections.ContainsKey($key)) { $sections[$key] } else { $null } }

    $links = [System.Collections.Generic.List[object]]::new()
    $online = $file.FrontMatter['online version']
    if ($online) { $links.Add([pscustomobject]@{ Text = 'Online Version:'; Uri = $online }) }
    foreach ($link in (Read-LinkSection -Section (& $section 'RELATED LINKS'))) { $links.Add($link) }

    [pscustomobject]@{
        Name        = $name
        Path        = $Path
        Synopsis    = @(ConvertTo-HelpParagraph -Block $sections['SYNOPSIS'].Blocks)
        Description = @(ConvertTo-HelpParagraph -Block $sections['DESCRIPTION'].Blocks)
        Syntax      = $syntax
        Parameters  = $parameters
        Inputs      = @(Read-TypeSection -Section (& $section 'INPUTS'))
        Outputs     = @(Read-TypeSection -Section (& $section 'OUTPUTS'))
        Notes       = @(if (& $section 'NOTES') { ConvertTo-HelpParagraph -Block $sections['NOTES'].Blocks })
        Examples    = $examples
        Links       = $links
    }
}

#endregion

#region MAML writing

function Write-MamlParagraph {
    # <maml:description> (or another container) holding one <maml:para> per paragraph.
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix = 'maml', [string] $Element = 'description', [string[]] $Paragraph)

    $ns = if ($Prefix -eq 'dev') { $script:DevNs } else { $script:MamlNs }
    $Writer.WriteStartElement($Prefix, $Element, $ns)
    if (-not $Paragraph) { $Paragraph = @('') }
    foreach ($para in $Paragraph) {
        $Writer.WriteElementString('maml', 'para', $script:MamlNs, $para)
    }
    $Writer.WriteEndElement()
}

function Write-MamlType {
    param([System.Xml.XmlWriter] $Writer, [string] $TypeName, [switch] $WithUri)

    $Writer.WriteStartElement('dev', 'type', $script:DevNs)
    $Writer.WriteElementString('maml', 'name', $script:MamlNs, $TypeName)
    if ($WithUri) {
        $Writer.WriteStartElement('maml', 'uri', $script:MamlNs)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlParameter {
    # A <command:parameter>. In a syntax item a switch has no value element, as in PlatyPS output,
    # so that Get-Help shows [-Force] rather than [-Force <SwitchParameter>].
    param([System.Xml.XmlWriter] $Writer, [object] $Parameter, [object] $Variant, [switch] $InSyntax)

    $isSwitch = $Variant.Type -in 'SwitchParameter', 'switch'
    $type = if ($Variant.Type -eq 'switch') { 'SwitchParameter' } else { $Variant.Type }

    $Writer.WriteStartElement('command', 'parameter', $script:CommandNs)
    $Writer.WriteAttributeString('required', $Variant.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $Variant.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Variant.PipelineInput)
    $Writer.WriteAttributeString('position', $Variant.Position)
    $Writer.WriteAttributeString('aliases', $(if ($Variant.Aliases.Count -gt 0) { $Variant.Aliases -join ', ' } else { 'none' }))

    $Writer.WriteElementString('maml', 'name', $script:MamlNs, $Parameter.Name)
    Write-MamlParagraph -Writer $Writer -Paragraph $Parameter.Description

    if ($Variant.AcceptedValues.Count -gt 0) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $script:CommandNs)
        foreach ($value in $Variant.AcceptedValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNs)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNs)
        $Writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($type)
        $Writer.WriteEndElement()
    }
    Write-MamlType -Writer $Writer -TypeName $type -WithUri
    $Writer.WriteElementString('dev', 'defaultValue', $script:DevNs, $Variant.DefaultValue)
    $Writer.WriteEndElement()
}

function Format-ExampleTitle {
    # Pads an example title with dashes the way Get-Help shows them: ---- Example 1: Title ----
    param([string] $Title)

    $dashes = [Math]::Max(3, [int][Math]::Floor((64 - $Title.Length - 2) / 2))
    $side = '-' * $dashes
    "$side $Title $side"
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $Writer, [object] $Command)

    $verb, $noun = $Command.Name -split '-', 2

    $Writer.WriteStartElement('command', 'command', $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $script:XmlnsNs, $script:MamlNs)
    $Writer.WriteAttributeString('xmlns', 'command', $script:XmlnsNs, $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $script:XmlnsNs, $script:DevNs)

    $Writer.WriteStartElement('command', 'details', $script:CommandNs)
    $Writer.WriteElementString('command', 'name', $script:CommandNs, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $script:CommandNs, $verb)
    $Writer.WriteElementString('command', 'noun', $script:CommandNs, $(if ($noun) { $noun } else { '' }))
    Write-MamlParagraph -Writer $Writer -Paragraph $Command.Synopsis
    $Writer.WriteEndElement()

    Write-MamlParagraph -Writer $Writer -Paragraph $Command.Description

    $Writer.WriteStartElement('command', 'syntax', $script:CommandNs)
    foreach ($set in $Command.Syntax) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:CommandNs)
        $Writer.WriteElementString('maml', 'name', $script:MamlNs, $Command.Name)
        $inSet = @($Command.Parameters | Where-Object { Get-ParameterVariant -Parameter $_ -SetName $set.Name })
        $ordered = @($set.Order | ForEach-Object { $n = $_; $inSet | Where-Object Name -EQ $n }) +
            @($inSet | Where-Object Name -NotIn $set.Order)
        foreach ($parameter in $ordered) {
            $variant = Get-ParameterVariant -Parameter $parameter -SetName $set.Name
            Write-MamlParameter -Writer $Writer -Parameter $parameter -Variant $variant -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:CommandNs)
    foreach ($parameter in $Command.Parameters) {
        Write-MamlParameter -Writer $Writer -Parameter $parameter -Variant $parameter.Variants[0]
    }
    $Writer.WriteEndElement()

    foreach ($kind in @(
            @{ List = 'inputTypes'; Item = 'inputType'; Types = $Command.Inputs },
            @{ List = 'returnValues'; Item = 'returnValue'; Types = $Command.Outputs })) {
        $Writer.WriteStartElement('command', $kind.List, $script:CommandNs)
        foreach ($type in $kind.Types) {
            $Writer.WriteStartElement('command', $kind.Item, $script:CommandNs)
            Write-MamlType -Writer $Writer -TypeName $type.TypeName
            Write-MamlParagraph -Writer $Writer -Paragraph $type.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('maml', 'alertSet', $script:MamlNs)
    Write-MamlParagraph -Writer $Writer -Element 'alert' -Paragraph $Command.Notes
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $script:CommandNs)
    foreach ($example in $Command.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:CommandNs)
        $Writer.WriteElementString('maml', 'title', $script:MamlNs, (Format-ExampleTitle -Title $example.Title))
        $Writer.WriteElementString('dev', 'code', $script:DevNs, $example.Code)
        Write-MamlParagraph -Writer $Writer -Prefix 'dev' -Element 'remarks' -Paragraph $example.Remarks
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $script:CommandNs)
    foreach ($link in $Command.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:MamlNs)
        $Writer.WriteElementString('maml', 'linkText', $script:MamlNs, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $script:MamlNs, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function New-ParentDirectory {
    param([string] $Path)

    $parent = [System.IO.Path]::GetDirectoryName($Path)
    if ($parent -and -not (Test-Path -LiteralPath $parent -PathType Container)) {
        $null = New-Item -ItemType Directory -Path $parent -Force
    }
}

function Resolve-OutputPath {
    param([string] $Path)

    $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
}

#endregion

#region Exported functions

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
    Compiles the cmdlet pages of a docs folder into one MAML help file.

    .DESCRIPTION
    Reads every *.md file in the folder that is a cmdlet page (PlatyPS v1 markdown: YAML front
    matter with 'schema: 2.0.0'; about_ pages are skipped) and writes the MAML file that Get-Help
    reads for a binary module, such as en-US/RunAgents.PowerShell.dll-Help.xml.

    Every page is parsed and checked before anything is written. A page that lacks SYNOPSIS,
    DESCRIPTION or an example, a parameter without its yaml block, a SYNTAX block that disagrees
    with PARAMETERS, a leftover {{ placeholder }} or an unclosed code block stops the build with
    an error that names the file and what is wrong.

    .PARAMETER Path
    The folder that holds the markdown pages.

    .PARAMETER OutputPath
    The MAML file to write. Missing folders are created; an existing file is replaced.

    .EXAMPLE
    ConvertTo-MamlHelp -Path ./docs -OutputPath ./out/RunAgents/en-US/RunAgents.PowerShell.dll-Help.xml

    Compiles the docs into the help file of the built module.

    .OUTPUTS
    System.IO.FileInfo. The file written.
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory, Position = 0)]
        [string] $Path,

        [Parameter(Mandatory, Position = 1)]
        [string] $OutputPath
    )

    if (-not (Test-Path -LiteralPath $Path -PathType Container)) {
        throw "ConvertTo-MamlHelp: the docs folder '$Path' does not exist."
    }

    $pages = @(Get-ChildItem -LiteralPath $Path -Filter '*.md' -File | Sort-Object Name |
            Where-Object { Test-CmdletHelpPage -File $_ })
    if ($pages.Count -eq 0) {
        throw "ConvertTo-MamlHelp: '$Path' holds no cmdlet page (a *.md file with 'schema: 2.0.0' front matter)."
    }

    $commands = foreach ($page in $pages) {
        Write-Verbose "Reading $($page.FullName)"
        Read-CmdletHelpPage -Path $page.FullName
    }

    $target = Resolve-OutputPath -Path $OutputPath
    New-ParentDirectory -Path $target

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.NewLineChars = "`n"
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)

    $writer = [System.Xml.XmlWriter]::Create($target, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($command in $commands) {
            Write-MamlCommand -Writer $writer -Command $command
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }

    Write-Verbose "Wrote $($pages.Count) command(s) to $target"
    Get-Item -LiteralPath $target
}

function ConvertTo-AboutHelp {
    <#
    .SYNOPSIS
    Converts an about_*.help.md page into the about_*.help.txt file Get-Help reads.

    .DESCRIPTION
    The page starts with '# about_Topic' and has '## SHORT DESCRIPTION', '## LONG DESCRIPTION'
    and further sections. The text file uses the classic layout: a TOPIC heading with the topic
    name, section headings in upper case at the margin, '###' headings indented two spaces, body
    text indented four spaces and wrapped at 80 columns, list items with a hanging indent, code
    blocks indented eight spaces and pipe tables turned into aligned columns.

    .PARAMETER Path
    The about_*.help.md file.

    .PARAMETER OutputPath
    The about_*.help.txt file to write. Missing folders are created.

    .EXAMPLE
    ConvertTo-AboutHelp -Path ./docs/about_RunAgents.help.md -OutputPath ./out/RunAgents/en-US/about_RunAgents.help.txt

    .OUTPUTS
    System.IO.FileInfo. The file written.
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory, Position = 0)]
        [string] $Path,

        [Parameter(Mandatory, Position = 1)]
        [string] $OutputPath
    )

    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) {
        throw "ConvertTo-AboutHelp: the file '$Path' does not exist."
    }
    $source = (Resolve-Path -LiteralPath $Path).ProviderPath
    $file = Read-MarkdownFile -Path $source
    $blocks = ConvertTo-MarkdownBlock -Line $file.Body -FirstLineNumber $file.FirstLineNumber -File $source

    $topic = $blocks | Where-Object { $_.Kind -eq 'Heading' } | Select-Object -First 1
    if ($null -eq $topic -or $topic.Level -ne 1 -or $topic.Text -notmatch '^about_\w+') {
        throw (New-HelpError -File $source -Message "it must start with the title '# about_Topic'.")
    }
    $short = (Group-MarkdownBlock -Block $blocks -Level 2) |
        Where-Object { $_.Title -and $_.Title.ToUpperInvariant() -eq 'SHORT DESCRIPTION' } | Select-Object -First 1
    if ($null -eq $short -or -not ($short.Blocks | Where-Object Kind -EQ 'Paragraph')) {
        throw (New-HelpError -File $source -Message "it lacks the '## SHORT DESCRIPTION' section (or the section is empty).")
    }

    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $($topic.Text.Trim())")
    $previous = $topic
    foreach ($b in $blocks) {
        if ($b -eq $topic) { continue }
        # Blocks are separated by a blank line, except list items that follow one another and
        # the body that follows its heading.
        $joined = ($b.Kind -eq 'ListItem' -and $previous.Kind -eq 'ListItem') -or
            ($previous.Kind -eq 'Heading' -and $b.Kind -ne 'Heading' -and $previous -ne $topic)
        if (-not $joined) { $out.Add('') }
        switch ($b.Kind) {
            'Heading' {
                if ($b.Level -eq 1) {
                    throw (New-HelpError -File $source -LineNumber $b.LineNumber -Message 'it has a second level-1 title.')
                }
                $title = ConvertFrom-MarkdownInline -Text $b.Text
                if ($b.Level -eq 2) { $out.Add($title.ToUpperInvariant()) } else { $out.Add("  $title") }
            }
            'Paragraph' {
                Format-WrappedText -Text (ConvertFrom-MarkdownInline -Text ($b.Lines -join ' ')) -Indent 4 | ForEach-Object { $out.Add($_) }
            }
            'ListItem' {
                $text = "$($b.Text) " + (ConvertFrom-MarkdownInline -Text ($b.Lines -join ' '))
                Format-WrappedText -Text $text -Indent 4 -HangingIndent (5 + $b.Text.Length) | ForEach-Object { $out.Add($_) }
            }
            'Table' {
                Format-MarkdownTable -Line $b.Lines | ForEach-Object { $out.Add("    $_") }
            }
            'Code' {
                $b.Lines | ForEach-Object { $out.Add($(if ($_) { "        $_" } else { '' })) }
            }
        }
        $previous = $b
    }
    $text = ($out -join "`n") + "`n"

    $target = Resolve-OutputPath -Path $OutputPath
    New-ParentDirectory -Path $target
    [System.IO.File]::WriteAllText($target, $text, [System.Text.UTF8Encoding]::new($false))
    Get-Item -LiteralPath $target
}

function Get-MarkdownHelpParameter {
    <#
    .SYNOPSIS
    Lists the parameter names a cmdlet page documents.

    .DESCRIPTION
    Returns the name (without the leading dash) of every '### -Name' heading under the page's
    '## PARAMETERS' section, in page order. CommonParameters is left out; WhatIf and Confirm are
    returned when the page documents them, as PlatyPS pages do. Meant for tests that compare the
    docs with the parameters the compiled cmdlets really have.

    .PARAMETER Path
    The cmdlet page (a *.md file). Accepts FileInfo objects from the pipeline.

    .EXAMPLE
    Get-MarkdownHelpParameter -Path ./docs/Get-RAAgent.md

    Namespace, Name, Phase, ... as the page documents them.

    .EXAMPLE
    $documented = Get-MarkdownHelpParameter ./docs/Remove-RAAgent.md
    $actual = (Get-Command Remove-RAAgent).Parameters.Keys |
        Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters }
    Compare-Object $documented $actual

    Shows parameters that are documented but missing, or present but undocumented.

    .OUTPUTS
    System.String
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [string] $Path
    )

    process {
        if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) {
            throw "Get-MarkdownHelpParameter: the file '$Path' does not exist."
        }
        $source = (Resolve-Path -LiteralPath $Path).ProviderPath
        $file = Read-MarkdownFile -Path $source
        $blocks = ConvertTo-MarkdownBlock -Line $file.Body -FirstLineNumber $file.FirstLineNumber -File $source
        $sections = Get-SectionTable -Block $blocks -File $source
        if (-not $sections.ContainsKey('PARAMETERS')) { return }
        foreach ($group in (Group-MarkdownBlock -Block $sections['PARAMETERS'].Blocks -Level 3)) {
            if ($null -eq $group.Title) { continue }
            $name = $group.Title.TrimStart('-').Trim()
            if ($name -notin $script:CommonParameterHeadings) { $name }
        }
    }
}

function Get-MarkdownHelpExample {
    <#
    .SYNOPSIS
    Lists the examples a cmdlet page gives, with the code a reader would run.

    .DESCRIPTION
    Returns one object per '### Title' under the page's '## EXAMPLES' section, in page order: its
    Number (from 1), its Title, its Code, the example's PowerShell code blocks joined by a blank line,
    and its Output, the text of its 'Output' block (what a reader would see), or $null when it has none.
    Blocks of other languages are left out. Meant for tests that run every example as written and
    compare what it writes with its Output.

    .PARAMETER Path
    The cmdlet page (a *.md file). Accepts FileInfo objects from the pipeline.

    .EXAMPLE
    Get-MarkdownHelpExample -Path ./docs/Get-RAAgent.md | Select-Object Number, Title

    The examples of Get-RAAgent, by number and title.

    .OUTPUTS
    System.Management.Automation.PSCustomObject
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [string] $Path
    )

    process {
        if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) {
            throw "Get-MarkdownHelpExample: the file '$Path' does not exist."
        }
        $source = (Resolve-Path -LiteralPath $Path).ProviderPath
        $file = Read-MarkdownFile -Path $source
        $blocks = ConvertTo-MarkdownBlock -Line $file.Body -FirstLineNumber $file.FirstLineNumber -File $source
        $sections = Get-SectionTable -Block $blocks -File $source
        if (-not $sections.ContainsKey('EXAMPLES')) { return }
        $number = 0
        foreach ($group in (Group-MarkdownBlock -Block $sections['EXAMPLES'].Blocks -Level 3)) {
            if ($null -eq $group.Title) { continue }
            $number++
            $code = @($group.Blocks | Where-Object { $_.Kind -eq 'Code' -and $_.Language -in '', 'powershell', 'pwsh', 'ps1' })
            $output = @($group.Blocks | Where-Object { $_.Kind -eq 'Code' -and $_.Language -eq 'Output' })
            [pscustomobject]@{
                Number = $number
                Title  = ConvertFrom-MarkdownInline -Text $group.Title
                Code   = ($code | ForEach-Object { $_.Lines -join "`n" }) -join "`n`n"
                Output = if ($output) { ($output | ForEach-Object { $_.Lines -join "`n" }) -join "`n`n" } else { $null }
            }
        }
    }
}

#endregion

Export-ModuleMember -Function ConvertTo-MamlHelp, ConvertTo-AboutHelp, Get-MarkdownHelpParameter, Get-MarkdownHelpExample
