# The .nupkg made by build.ps1 -Task Package installs with Install-PSResource and imports by name.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Packages = $env:AIB_PACKAGE_DIRECTORY
    $script:Version = (Import-PowerShellDataFile (Get-AibTestManifest)).ModuleVersion
}

Describe 'The module package' {
    It 'exists as IsolatedImageBuilds.<version>.nupkg' {
        Test-Path (Join-Path $Packages "IsolatedImageBuilds.$Version.nupkg") | Should -BeTrue
    }

    It 'installs from a local PSResource repository with Install-PSResource and imports by name' {
        # A throw-away HOME keeps the repository registration and the installed module out of the
        # user's own profile.
        $fakeHome = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory -Force $fakeHome | Out-Null
        $out = Invoke-FreshPwsh -Environment @{ HOME = $fakeHome; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; PSModulePath = $null } @"
Register-PSResourceRepository -Name AibLocal -Uri '$Packages' -Trusted
Install-PSResource -Name IsolatedImageBuilds -Repository AibLocal -Scope CurrentUser -TrustRepository -Quiet
`$installed = Get-InstalledPSResource -Name IsolatedImageBuilds
'installed=' + `$installed.Version + '|' + `$installed.InstalledLocation
Import-Module IsolatedImageBuilds
`$m = Get-Module IsolatedImageBuilds
'imported=' + `$m.Version + '|' + `$m.ModuleBase
'commands=' + (Get-Command -Module IsolatedImageBuilds).Count
"@
        $out | Should -Match "installed=$([regex]::Escape($Version))\|$([regex]::Escape($fakeHome))"
        $out | Should -Match "imported=$([regex]::Escape($Version))\|$([regex]::Escape($fakeHome))"
        $expected = (Import-PowerShellDataFile (Get-AibTestManifest)).CmdletsToExport.Count
        $out | Should -Match "commands=$expected"
    }
}
