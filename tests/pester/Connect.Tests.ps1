# Sign-in modes that can run on this machine, the automatic chain, and the token never leaking.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-AibTestManifest
    $script:Sub = '6a1b2c3d-0000-4000-8000-000000000001'
    $script:Endpoint = "https://127.0.0.1:$(Get-FreeTcpPort)"
    # Variables that would let a mode other than the one under test sign in.
    $script:CleanEnv = @{
        AZURE_CLIENT_ID = $null; AZURE_TENANT_ID = $null; AZURE_CLIENT_SECRET = $null; AZURE_CLIENT_CERTIFICATE_PATH = $null
        AZURE_FEDERATED_TOKEN_FILE = $null; AZURE_AUTHORITY_HOST = $null; AZURE_SUBSCRIPTION_ID = $null
        AZURESUBSCRIPTION_SERVICE_CONNECTION_ID = $null; AZURESUBSCRIPTION_CLIENT_ID = $null; AZURESUBSCRIPTION_TENANT_ID = $null
        SYSTEM_ACCESSTOKEN = $null; IDENTITY_ENDPOINT = $null; IDENTITY_HEADER = $null; MSI_ENDPOINT = $null
        PATH = '/usr/bin:/bin'
    }
}

Describe 'Connect-AibAccount sign-in modes' {
    It 'signs in with -AccessToken and reads account, tenant from the token' {
        $jwt = New-FakeJwt -Upn 'builder@contoso.com' -TenantId '72f988bf-86f1-41af-91ab-2d7cd011db47'
        $out = Invoke-FreshPwsh @"
Import-Module '$Manifest'
`$ctx = Connect-AibAccount -ArmEndpoint $Endpoint -SubscriptionId $Sub -AccessToken (ConvertTo-SecureString '$jwt' -AsPlainText -Force) -SkipCertificateCheck -WarningAction SilentlyContinue
`$ctx.GetType().FullName, `$ctx.SignInMode, `$ctx.Account, `$ctx.TenantId, `$ctx.SubscriptionId, `$ctx.Environment -join '|'
"@
        $out.Trim() | Should -Be "IsolatedImageBuilds.AibContext|AccessToken|builder@contoso.com|72f988bf-86f1-41af-91ab-2d7cd011db47|$Sub|Custom"
    }

    It 'signs in with -Identity against a loopback IDENTITY_ENDPOINT/IDENTITY_HEADER token endpoint' {
        $port = Get-FreeTcpPort
        $secret = [guid]::NewGuid().ToString()
        $jwt = New-FakeJwt -Upn 'automation-mi@contoso.com'
        $log = Join-Path $TestDrive 'mi.log'
        $server = Start-ThreadJob -FilePath (Join-Path $PSScriptRoot 'Fixtures/TokenServer.ps1') -ArgumentList $port, $secret, $jwt, $log, 3, 60
        try {
            Start-Sleep -Milliseconds 500
            $envVars = $CleanEnv.Clone(); $envVars.IDENTITY_ENDPOINT = "http://127.0.0.1:$port/msi/token"; $envVars.IDENTITY_HEADER = $secret
            $out = Invoke-FreshPwsh -Environment $envVars @"
Import-Module '$Manifest'
`$explicit = Connect-AibAccount -Identity -ArmEndpoint $Endpoint -SubscriptionId $Sub -SkipCertificateCheck -WarningAction SilentlyContinue
Disconnect-AibAccount
`$automatic = Connect-AibAccount -ArmEndpoint $Endpoint -SubscriptionId $Sub -SkipCertificateCheck -WarningAction SilentlyContinue
'explicit=' + `$explicit.SignInMode + '|' + `$explicit.Account
'automatic=' + `$automatic.SignInMode + '|' + `$automatic.Account
"@
            $out | Should -Match 'explicit=ManagedIdentity\|automation-mi@contoso.com'
            $out | Should -Match 'automatic=ManagedIdentity\|automation-mi@contoso.com'
            $requests = Get-Content $log
            $requests | Should -Match 'header=True'
            $requests | Should -Match 'api-version=2019-08-01'
            $requests | Should -Match ([regex]::Escape("resource=$Endpoint")) -Because 'the token is requested for the custom ARM endpoint'
        }
        finally {
            Stop-Job $server -ErrorAction SilentlyContinue; Remove-Job $server -Force -ErrorAction SilentlyContinue
        }
    }

    It 'tries the environment service principal against its authority host and reports why it failed' {
        # A full token exchange needs an HTTPS authority that MSAL trusts (a certificate in the system
        # store); that is not set up here. The test proves the mode is chosen from the AZURE_* variables
        # and sent to the authority given, and that its failure is reported with the mode's name.
        $deadPort = Get-FreeTcpPort
        $envVars = $CleanEnv.Clone()
        $envVars.AZURE_CLIENT_ID = '11111111-2222-3333-4444-555555555555'; $envVars.AZURE_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47'
        $envVars.AZURE_CLIENT_SECRET = 'not-a-real-secret'; $envVars.AZURE_AUTHORITY_HOST = "https://127.0.0.1:$deadPort/"
        $out = Invoke-FreshPwsh -Environment $envVars @"
Import-Module '$Manifest'
try { Connect-AibAccount -UseEnvironment -ArmEndpoint $Endpoint -SubscriptionId $Sub -SkipCertificateCheck -WarningAction SilentlyContinue }
catch { 'id=' + `$_.FullyQualifiedErrorId; `$_.Exception.Message }
"@
        $out | Should -Match 'id=ConnectSignInFailed,IsolatedImageBuilds.Cmdlets.ConnectAibAccountCommand'
        $out | Should -Match "ClientSecretCredential|127\.0\.0\.1:$deadPort"
        $out | Should -Not -Match 'not-a-real-secret'
    }

    It 'uses the Az context of the session through Get-AzAccessToken' {
        $jwt = New-FakeJwt -Upn 'az-user@contoso.com'
        $out = Invoke-FreshPwsh -Environment $CleanEnv @"
`$global:calls = [System.Collections.Generic.List[string]]::new()
function global:Get-AzAccessToken { param([string] `$ResourceUrl) `$global:calls.Add(`$ResourceUrl); [pscustomobject]@{ Token = (ConvertTo-SecureString '$jwt' -AsPlainText -Force); ExpiresOn = [DateTimeOffset]::UtcNow.AddHours(1); UserId = 'az-user@contoso.com'; TenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47' } }
function global:Get-AzContext { [pscustomobject]@{ Subscription = [pscustomobject]@{ Id = '$Sub' } } }
Import-Module '$Manifest'
`$explicit = Connect-AibAccount -UseAzContext -ArmEndpoint $Endpoint -SkipCertificateCheck -WarningAction SilentlyContinue
`$automatic = Connect-AibAccount -ArmEndpoint $Endpoint -SkipCertificateCheck -WarningAction SilentlyContinue
'explicit=' + `$explicit.SignInMode + '|' + `$explicit.Account + '|' + `$explicit.SubscriptionId
'automatic=' + `$automatic.SignInMode
'resources=' + (`$global:calls -join ',')
"@
        $out | Should -Match "explicit=AzPowerShell\|az-user@contoso.com\|$Sub"
        $out | Should -Match 'automatic=AzPowerShell'
        $out | Should -Match ([regex]::Escape("resources=$Endpoint,$Endpoint"))
    }

    It 'fails with one error that lists every mode tried when nothing works' {
        $out = Invoke-FreshPwsh -Environment $CleanEnv @"
Import-Module '$Manifest'
try { Connect-AibAccount -ArmEndpoint $Endpoint -SubscriptionId $Sub -SkipCertificateCheck -WarningAction SilentlyContinue }
catch { 'id=' + `$_.FullyQualifiedErrorId; 'category=' + `$_.CategoryInfo.Category; `$_.Exception.Message }
"@
        $out | Should -Match 'id=ConnectNoCredential,IsolatedImageBuilds.Cmdlets.ConnectAibAccountCommand'
        $out | Should -Match 'category=AuthenticationError'
        foreach ($mode in 'AzurePipelines', 'Environment', 'ManagedIdentity', 'AzPowerShell', 'AzureCli', 'DeviceCode') {
            $out | Should -Match "$($mode): " -Because "the error must say why $mode did not work"
        }
        $out | Should -Match 'not interactive'
    }
}

Describe 'The access token never appears in any stream' {
    It 'is absent from output, error, warning, verbose, debug and information of every cmdlet' {
        $jwt = New-FakeJwt -Upn 'leak-check@contoso.com'
        $e = Use-AibTestScenario default -NoConnect
        $rg = $e.resourceGroupName
        # One call per exported cmdlet, against the emulator; a new cmdlet without an entry fails this test.
        $calls = [ordered]@{
            'Connect-AibAccount'      = "Connect-AibAccount -ArmEndpoint $($e.armEndpoint) -SubscriptionId $($e.subscriptionId) -AccessToken `$token -SkipCertificateCheck"
            'Get-AibContext'          = 'Get-AibContext'
            'New-AibCustomizer'       = "New-AibCustomizer -Shell -Name update -Inline 'apt-get -y update' -OutVariable c"
            'New-AibValidator'        = "New-AibValidator -Shell -Name check -Inline 'true'"
            'New-AibDistributor'      = "New-AibDistributor -ManagedImage -RunOutputName image -ImageId /subscriptions/$($e.subscriptionId)/resourceGroups/rg-aib-images/providers/Microsoft.Compute/images/leak -Location $($e.location) -OutVariable d"
            'New-AibIsolatedTemplate' = "New-AibIsolatedTemplate -Name leak-t -ResourceGroupName $rg -Location $($e.location) -UserAssignedIdentityId $($e.userAssignedIdentityId) -SourceUrn Canonical:ubuntu-24_04-lts:server:latest -SubnetId $($e.buildSubnetId) -ContainerInstanceSubnetId $($e.containerInstanceSubnetId) -Customizer `$c[0] -Distributor `$d[0] -Force -OutVariable t"
            'Test-AibPrerequisite'    = 'Test-AibPrerequisite -Template $t[0]'
            'Export-AibReadinessReport' = "Test-AibPrerequisite -Template `$t[0] | Export-AibReadinessReport -Path (Join-Path ([IO.Path]::GetTempPath()) 'aib-leak-report.html') -Force"
            'Get-AibImageTemplate'    = "Get-AibImageTemplate -ResourceGroupName $rg"
            'Update-AibIsolatedTemplate' = "Update-AibIsolatedTemplate -Name leak-t -ResourceGroupName $rg -VmSize Standard_D4s_v3 -SkipPrerequisiteCheck -WhatIf"
            'New-AibSourceImageTrigger' = "New-AibSourceImageTrigger -TemplateName leak-t -ResourceGroupName $rg -WhatIf"
            'Get-AibTrigger'          = "Get-AibTrigger -TemplateName leak-t -ResourceGroupName $rg"
            'Remove-AibTrigger'       = "Remove-AibTrigger -TemplateName leak-t -ResourceGroupName $rg -Name source -WhatIf"
            'Start-AibIsolatedBuild'  = "Start-AibIsolatedBuild -Name leak-t -ResourceGroupName $rg -PollingInterval 00:00:00.500"
            'Get-AibIsolatedBuild'    = "Get-AibIsolatedBuild -ResourceGroupName $rg"
            'Get-AibBuildLog'         = "Get-AibBuildLog -Name leak-t -ResourceGroupName $rg -Summary"
            'Get-AibStagingResource'  = "Get-AibStagingResource -Name leak-t -ResourceGroupName $rg"
            'Stop-AibIsolatedBuild'   = "Stop-AibIsolatedBuild -Name leak-t -ResourceGroupName $rg -Confirm:`$false"
            'Disconnect-AibAccount'   = 'Disconnect-AibAccount -PassThru'
        }
        $exported = (Import-PowerShellDataFile $Manifest).CmdletsToExport
        foreach ($name in $exported) { $calls.Keys | Should -Contain $name -Because "$name must be checked for token leaks" }
        $script = "Import-Module '$Manifest'; `$token = ConvertTo-SecureString '$jwt' -AsPlainText -Force`n"
        foreach ($name in $calls.Keys) {
            $script += "'--- $name'; try { $($calls[$name]) -Verbose -Debug -ErrorAction Continue *>&1 | Format-List * -Force | Out-String -Width 4096 } catch { `$_ | Format-List * -Force | Out-String -Width 4096 }`n"
        }
        $out = Invoke-FreshPwsh ("`$DebugPreference = 'Continue'`n" + $script)
        $out | Should -Match '--- Disconnect-AibAccount'
        $out | Should -Match 'RunState\s+: Succeeded' -Because 'the build really ran'
        $out | Should -Match 'leak-check@contoso.com' -Because 'the account (not the token) is shown'
        $out | Should -Not -Match ([regex]::Escape($jwt))
        $out | Should -Not -Match ([regex]::Escape($jwt.Split('.')[1]))
    }
}
