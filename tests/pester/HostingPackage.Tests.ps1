# The zip build.ps1 -Task Package writes for Azure Automation: the rules Automation applies when it imports a module.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $script:Zip = Join-Path $env:AIB_PACKAGE_DIRECTORY 'IsolatedImageBuilds.zip'
    $script:Entries = if (Test-Path $Zip) {
        $archive = [System.IO.Compression.ZipFile]::OpenRead($Zip)
        try { @($archive.Entries | ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Length = $_.Length } }) } finally { $archive.Dispose() }
    }
}

Describe 'The Azure Automation zip' {
    It 'is IsolatedImageBuilds.zip: file name = module name' {
        Test-Path $Zip | Should -BeTrue
        [IO.Path]::GetFileNameWithoutExtension($Zip) | Should -Be 'IsolatedImageBuilds'
    }

    It 'holds one top folder named as the module, with the manifest directly in it' {
        @($Entries.Path | ForEach-Object { ($_ -split '/')[0] } | Select-Object -Unique) | Should -Be @('IsolatedImageBuilds')
        $Entries.Path | Should -Contain 'IsolatedImageBuilds/IsolatedImageBuilds.psd1'
        $Entries.Path | Should -Contain 'IsolatedImageBuilds/IsolatedImageBuilds.dll'
        $Entries.Path | Should -Contain 'IsolatedImageBuilds/Dependencies/IsolatedImageBuilds.Core.dll'
    }

    It 'has no path of 140 characters or more' {
        ($Entries.Path | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessThan 140
    }

    It 'is under 100 MB' {
        (Get-Item $Zip).Length | Should -BeLessThan 100MB
    }

    It 'requires no other module (no Az.Accounts), so it imports alone' {
        $folder = Join-Path $TestDrive 'unzipped'
        [System.IO.Compression.ZipFile]::ExtractToDirectory($Zip, $folder)
        $manifest = Import-PowerShellDataFile (Join-Path $folder 'IsolatedImageBuilds/IsolatedImageBuilds.psd1')
        @($manifest.RequiredModules) | Where-Object { $_ } | Should -BeNullOrEmpty
        @($manifest.RequiredAssemblies) -join ',' | Should -Not -Match 'Az\.Accounts'
        $out = Invoke-FreshPwsh "Import-Module '$(Join-Path $folder 'IsolatedImageBuilds/IsolatedImageBuilds.psd1')'; 'commands=' + (Get-Command -Module IsolatedImageBuilds).Count"
        $out | Should -Match 'commands=\d+'
        $out | Should -Not -Match 'Az\.Accounts'
    }
}
