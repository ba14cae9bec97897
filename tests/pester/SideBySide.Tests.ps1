# Az.Accounts ships an older Azure.Core; a flat binary module then fails with FileLoadException.
# These tests load Azure.Core 1.44.1 (as Az.Accounts would) before and after the module.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-AibTestManifest
    $script:OldAzureCore = Join-Path (Get-NuGetPackageRoot) 'azure.core/1.44.1/lib/net6.0/Azure.Core.dll'
    # The emulator's own https port: Connect, then a real ARM call through the module's Azure.Core pipeline.
    $e = Use-AibTestScenario default -NoConnect
    $script:Sub = $e.subscriptionId
    $script:Connect = @"
`$token = ConvertTo-SecureString 'side-by-side-token' -AsPlainText -Force
`$null = Connect-AibAccount -ArmEndpoint $($e.armEndpoint) -SubscriptionId $($e.subscriptionId) -AccessToken `$token -SkipCertificateCheck -WarningAction SilentlyContinue
`$ctx = Get-AibContext
'subscription=' + `$ctx.SubscriptionId
'builds=' + @(Get-AibIsolatedBuild -ResourceGroupName $($e.resourceGroupName) -ErrorAction Stop).Count
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Azure.Core' } | ForEach-Object { 'azurecore=' + `$_.GetName().Version }
"@
}

Describe 'Side by side with an older Azure.Core (Az.Accounts)' {
    It 'has the old Azure.Core in the NuGet cache' {
        Test-Path $OldAzureCore | Should -BeTrue -Because 'build/Tools.csproj downloads Azure.Core 1.44.1'
    }

    It 'works when the old Azure.Core was loaded first' {
        $out = Invoke-FreshPwsh @"
Add-Type -Path '$OldAzureCore'
Import-Module '$Manifest'
$Connect
"@
        $out | Should -Not -Match 'FileLoadException'
        $out | Should -Match "subscription=$Sub"
        $out | Should -Match 'builds=\d+'
        $out | Should -Match 'azurecore=1\.44\.1\.0'
        $out | Should -Match 'azurecore=1\.(5[3-9]|[6-9]\d)\.'
    }

    It 'works when the module was loaded first and the old Azure.Core after' {
        $out = Invoke-FreshPwsh @"
Import-Module '$Manifest'
$Connect
Add-Type -Path '$OldAzureCore'
[Azure.Core.TokenRequestContext]::new([string[]]@('https://management.azure.com/.default')).Scopes[0]
$Connect
"@
        $out | Should -Not -Match 'FileLoadException'
        $out | Should -Match 'https://management.azure.com/.default'
        ([regex]::Matches($out, "subscription=$Sub")).Count | Should -Be 2
        ([regex]::Matches($out, 'builds=\d+')).Count | Should -Be 2
        $out | Should -Match 'azurecore=1\.44\.1\.0'
    }
}
