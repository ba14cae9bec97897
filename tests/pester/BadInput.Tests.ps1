# Bad input to Connect-AibAccount is refused with its own error id and a message that names the fix.
BeforeDiscovery {
    $script:Cases = @(
        @{ Case = 'unknown -Environment'; Params = "-Environment AzureMoon -AccessToken `$token"; Id = 'ConnectUnknownEnvironment'; Field = '-Environment'; Hint = 'AzureUSGovernment' }
        @{ Case = 'http -ArmEndpoint'; Params = "-ArmEndpoint http://127.0.0.1:8443 -AccessToken `$token"; Id = 'ConnectInvalidArmEndpoint'; Field = '-ArmEndpoint'; Hint = 'https' }
        @{ Case = 'not a URI -ArmEndpoint'; Params = "-ArmEndpoint 'management local' -AccessToken `$token"; Id = 'ConnectInvalidArmEndpoint'; Field = '-ArmEndpoint'; Hint = 'absolute https URI' }
        @{ Case = '-ArmEndpoint with a path'; Params = "-ArmEndpoint https://127.0.0.1:8443/subscriptions -AccessToken `$token"; Id = 'ConnectInvalidArmEndpoint'; Field = '-ArmEndpoint'; Hint = 'no path' }
        @{ Case = '-SkipCertificateCheck without -ArmEndpoint'; Params = "-SkipCertificateCheck -AccessToken `$token"; Id = 'ConnectSkipCertificateCheckWithoutArmEndpoint'; Field = '-SkipCertificateCheck'; Hint = '-ArmEndpoint' }
        @{ Case = 'empty -AccessToken'; Params = "-ArmEndpoint https://127.0.0.1:8443 -AccessToken (New-Object System.Security.SecureString)"; Id = 'ConnectEmptyAccessToken'; Field = '-AccessToken'; Hint = 'Get-AzAccessToken' }
        @{ Case = 'malformed -SubscriptionId'; Params = "-SubscriptionId 'my-subscription' -AccessToken `$token"; Id = 'ConnectInvalidSubscriptionId'; Field = '-SubscriptionId'; Hint = 'GUID' }
        @{ Case = 'malformed -TenantId'; Params = "-TenantId 'not a tenant!' -AccessToken `$token"; Id = 'ConnectInvalidTenantId'; Field = '-TenantId'; Hint = 'tenant' }
        @{ Case = 'malformed -ClientId'; Params = "-Identity -ClientId 'mi-name'"; Id = 'ConnectInvalidClientId'; Field = '-ClientId'; Hint = 'client id' }
        @{ Case = '-Environment with -ArmEndpoint'; Params = "-Environment AzureCloud -ArmEndpoint https://127.0.0.1:8443 -AccessToken `$token"; Id = 'ConnectEnvironmentAndArmEndpoint'; Field = '-Environment'; Hint = 'only one' }
        @{ Case = '-UseAzContext without Az.Accounts'; Params = "-UseAzContext"; Id = 'ConnectNoAzContext'; Field = '-UseAzContext'; Hint = 'Connect-AzAccount' }
        @{ Case = '-DeviceCode in a non-interactive host'; Params = "-DeviceCode"; Id = 'ConnectDeviceCodeNotInteractive'; Field = '-DeviceCode'; Hint = '-Identity' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force
    $script:token = ConvertTo-SecureString 'bad-input-test' -AsPlainText -Force
}

Describe 'Connect-AibAccount refuses <Case>' -ForEach $Cases {
    It 'with error id <Id> naming <Field>' {
        $err = $null
        try { Invoke-Expression "Connect-AibAccount $Params -ErrorAction Stop" } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be "$Id,IsolatedImageBuilds.Cmdlets.ConnectAibAccountCommand"
        $err.Exception.Message | Should -BeLike "*$Field*"
        $err.Exception.Message | Should -BeLike "*$Hint*"
        $err.CategoryInfo.Category | Should -BeIn @('InvalidArgument', 'InvalidOperation', 'ObjectNotFound')
        Get-AibContext | Should -BeNullOrEmpty -Because 'a refused connect keeps no half-made connection'
    }
}
