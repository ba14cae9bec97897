BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-AibTestManifest
    $script:ModuleDir = Split-Path $Manifest
    $script:Data = Import-PowerShellDataFile $Manifest
}

Describe 'The built module' {
    It 'has the manifest fields users and galleries rely on' {
        $Data.RootModule | Should -Be 'IsolatedImageBuilds.dll'
        $Data.PowerShellVersion | Should -Be '5.1'
        $Data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $Data.FormatsToProcess | Should -Be @('IsolatedImageBuilds.Format.ps1xml')
        $Data.CmdletsToExport | Should -Not -Contain '*'
        $Data.FunctionsToExport.Count | Should -Be 0
        $Data.PrivateData.PSData.Tags | Should -Contain 'ImageBuilder'
        $Data.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $Data.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $Data.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        $version = ([xml](Get-Content -Raw (Join-Path (Get-AibRepoRoot) 'Directory.Build.props'))).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
        $Data.ModuleVersion | Should -Be $version
        Split-Path -Leaf $ModuleDir | Should -Be $version
    }

    It 'keeps only the cmdlet assembly at the root and Core with every dependency under Dependencies' {
        (Get-ChildItem $ModuleDir -Filter *.dll).Name | Should -Be @('IsolatedImageBuilds.dll')
        $deps = (Get-ChildItem (Join-Path $ModuleDir 'Dependencies') -Filter *.dll).Name
        foreach ($name in 'IsolatedImageBuilds.Core.dll', 'IsolatedImageBuilds.LoadContext.dll', 'Azure.Core.dll', 'Azure.Identity.dll', 'Azure.ResourceManager.dll', 'Azure.Storage.Blobs.dll') {
            $deps | Should -Contain $name
        }
        Test-Path (Join-Path $ModuleDir 'en-US/IsolatedImageBuilds.dll-Help.xml') | Should -BeTrue
        Test-Path (Join-Path $ModuleDir 'en-US/about_IsolatedImageBuilds.help.txt') | Should -BeTrue
    }

    It 'exports exactly the cmdlets it declares when imported in a fresh pwsh' {
        $out = Invoke-FreshPwsh "Import-Module '$Manifest'; (Get-Command -Module IsolatedImageBuilds).Name | Sort-Object | ConvertTo-Json -Compress"
        $exported = $out.Trim() | ConvertFrom-Json
        $exported | Should -Be ($Data.CmdletsToExport | Sort-Object)
    }

    It 'has every cmdlet and parameter that Core''s messages name (CommandNames)' {
        $out = Invoke-FreshPwsh @"
Import-Module '$Manifest'
`$null = New-AibCustomizer -Shell -Name probe -Inline 'true'
`$core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'IsolatedImageBuilds.Core' }
`$missing = foreach (`$cmdlet in `$core.GetType('IsolatedImageBuilds.Core.CommandNames').GetNestedTypes()) {
    `$fields = `$cmdlet.GetFields() | Where-Object IsLiteral
    `$name = (`$fields | Where-Object Name -eq 'Name').GetRawConstantValue()
    `$command = Get-Command -Module IsolatedImageBuilds -Name `$name -ErrorAction SilentlyContinue
    if (-not `$command) { "`$name"; continue }
    foreach (`$field in `$fields | Where-Object Name -ne 'Name') {
        if (-not `$command.Parameters.ContainsKey(`$field.GetRawConstantValue())) { "`$name -`$(`$field.GetRawConstantValue())" }
    }
    "checked `$name"
}
`$missing | ConvertTo-Json -Compress
"@
        $lines = @($out.Trim() | ConvertFrom-Json)
        ($lines | Where-Object { $_ -like 'checked *' }).Count | Should -BeGreaterOrEqual 7
        $lines | Where-Object { $_ -notlike 'checked *' } | Should -BeNullOrEmpty
    }

    It 'declares an output type and a table view for every cmdlet that returns objects' {
        Import-Module $Manifest -Force
        $formats = [xml](Get-Content -Raw (Join-Path $ModuleDir 'IsolatedImageBuilds.Format.ps1xml'))
        $viewTypes = $formats.Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName
        foreach ($cmd in Get-Command -Module IsolatedImageBuilds) {
            $cmd.OutputType.Count | Should -BeGreaterThan 0 -Because "$($cmd.Name) must declare [OutputType]"
            foreach ($type in $cmd.OutputType.Type) {
                if ($type.Namespace -like 'IsolatedImageBuilds*') { $viewTypes | Should -Contain $type.FullName -Because "$($type.FullName) needs a view" }
            }
        }
    }

    It 'loads Core and Azure.Core in its own load context on PowerShell 7, and can be removed and imported again' {
        $out = Invoke-FreshPwsh @"
Import-Module '$Manifest'
`$null = Connect-AibAccount -ArmEndpoint https://127.0.0.1:9 -SubscriptionId 00000000-0000-0000-0000-000000000001 -AccessToken (ConvertTo-SecureString 'x' -AsPlainText -Force) -SkipCertificateCheck -WarningAction SilentlyContinue
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'IsolatedImageBuilds', 'IsolatedImageBuilds.Core', 'Azure.Core' } |
    ForEach-Object { '{0}={1}' -f `$_.GetName().Name, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
Remove-Module IsolatedImageBuilds
Import-Module '$Manifest'
(Get-AibContext) -eq `$null
"@
        $out | Should -Match 'IsolatedImageBuilds=Default'
        $out | Should -Match 'IsolatedImageBuilds.Core=DependencyLoadContext'
        $out | Should -Match 'Azure.Core=DependencyLoadContext'
        $out.Trim() | Should -Match 'True$' -Because 'removing the module forgets the connection'
    }
}
