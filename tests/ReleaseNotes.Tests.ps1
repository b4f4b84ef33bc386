# The manifest's release notes come from CHANGELOG.md, their one source: the build writes the section of the
# module's version into the module folder's manifest (what Publish-PSResource packs), and the checked-in
# manifest keeps none that could go stale.

Describe 'The release notes of the built manifest' {
    BeforeAll {
        $root = Join-Path $PSScriptRoot '..'
        $built = Test-ModuleManifest -Path $env:RUNAGENTS_TEST_MODULE -ErrorAction Stop
        $script:Notes = $built.ReleaseNotes -replace '\r\n', "`n"
        $script:Version = $built.Version.ToString()
        $script:ProjectUri = "$($built.ProjectUri)".TrimEnd('/')
        $changelog = (Get-Content -Raw (Join-Path $root 'CHANGELOG.md')) -replace '\r\n', "`n"

        # The CHANGELOG read here on its own, apart from the build's reading: its '## [...]' sections by name.
        $script:Sections = [ordered]@{}
        $name = $null
        foreach ($line in $changelog -split "`n") {
            if ($line -match '^## \[(?<name>[^\]]+)\]') { $name = $Matches['name']; $Sections[$name] = [System.Collections.Generic.List[string]]::new() }
            if ($name) { $Sections[$name].Add($line) }
        }
        $script:Source = Import-PowerShellDataFile (Join-Path $root 'RunAgents.psd1')
    }

    It 'begin with the CHANGELOG.md section of the module''s version, word for word' {
        $Sections.Contains($Version) | Should -BeTrue -Because "CHANGELOG.md needs a '## [$Version]' section"
        $section = ($Sections[$Version] -join "`n").Trim()

        $Notes.StartsWith($section + "`n`n", [StringComparison]::Ordinal) | Should -BeTrue -Because "the notes are:`n$Notes"
    }

    It 'say that the build holds unreleased changes exactly when CHANGELOG.md lists some' {
        $unreleased = $Sections.Contains('Unreleased') -and [bool]($Sections['Unreleased'] | Where-Object { $_ -like '- *' })

        ($Notes -match 'changes not yet released') | Should -Be $unreleased
    }

    It 'end with where every change is' {
        $Notes | Should -Match "Every change: $([regex]::Escape($ProjectUri))/blob/main/CHANGELOG\.md$"
    }

    It 'fit the 10,000 characters the PowerShell Gallery takes' {
        $Notes.Length | Should -BeLessOrEqual 10000
    }

    It 'are kept nowhere else: the checked-in manifest has none' {
        $Source.PrivateData.PSData.ReleaseNotes | Should -BeExactly ''
    }
}
