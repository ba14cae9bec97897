# Every sign-in mode end to end against the emulated Entra ID, managed identity endpoints and Azure DevOps OIDC
# endpoint, each followed by a real build on the emulator that lasts over ten token lifetimes (tokens of 50 nominal
# seconds, 2 s at this time scale; opaque strings refused, as ARM does). Each mode runs in a fresh pwsh that trusts
# the emulator's certificate through SSL_CERT_FILE (no -SkipCertificateCheck). The journal shows the renewals.
BeforeDiscovery {
    $script:RenewableModes = @(
        @{ Mode = 'ManagedIdentity (Automation: IDENTITY_ENDPOINT + IDENTITY_HEADER)'; Key = 'automation'; TokenPath = '^/msi/token$' }
        @{ Mode = 'ManagedIdentity (IMDS, through AZURE_POD_IDENTITY_AUTHORITY_HOST)'; Key = 'imds'; TokenPath = '^/metadata/identity/oauth2/token$' }
        @{ Mode = 'Environment service principal with a secret'; Key = 'secret'; TokenPath = '/oauth2/v2.0/token$' }
        @{ Mode = 'Environment service principal with a certificate'; Key = 'certificate'; TokenPath = '/oauth2/v2.0/token$' }
        @{ Mode = 'Workload identity (AZURE_FEDERATED_TOKEN_FILE)'; Key = 'workload'; TokenPath = '/oauth2/v2.0/token$' }
        @{ Mode = 'Azure DevOps service connection'; Key = 'devops'; TokenPath = '/oauth2/v2.0/token$' }
        @{ Mode = 'Az context (Get-AzAccessToken)'; Key = 'azcontext'; TokenPath = '/oauth2/v2.0/token$' }
        @{ Mode = 'Azure CLI (az account get-access-token)'; Key = 'azcli'; TokenPath = '/oauth2/v2.0/token$' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-AibTestManifest
    $script:Helpers = Join-Path $PSScriptRoot 'TestHelpers.psm1'
    $script:E = Get-AibTestEmulator
    $script:Tenant = $E.tenantId
    $script:Lifetime = 40; $script:TimeScale = 0.05      # nominal seconds; real seconds per nominal second
    $script:Ids = @{
        secret = '3f1b7c2e-1111-4a5b-9c8d-000000000001'; certificate = '3f1b7c2e-1111-4a5b-9c8d-000000000002'
        workload = '3f1b7c2e-1111-4a5b-9c8d-000000000003'; devops = '3f1b7c2e-1111-4a5b-9c8d-000000000004'
        connection = '5e0c1d2a-2222-4b6c-8d9e-000000000001'
    }
    $script:Secret = 'emulator-secret-' + [guid]::NewGuid().ToString('N')
    $script:SystemAccessToken = 'job-token-' + [guid]::NewGuid().ToString('N')
    $script:OrgId = '9b2d4f6a-3333-4c7d-8e9f-000000000001'
    $script:K8sIssuer = 'https://oidc.aks.emulator.test/' + $Tenant + '/cluster-1/'
    $script:K8sSubject = 'system:serviceaccount:images:aib-builder'
    $script:DevOpsSubject = 'sc://contoso/images/aib-connection'

    # The service principal's certificate: PEM with the private key for AZURE_CLIENT_CERTIFICATE_PATH, public part registered.
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=aib-sp', $rsa,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $cert = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(2))
    $script:CertificatePath = Join-Path $TestDrive 'sp.pem'
    Set-Content -Path $CertificatePath -Value ($cert.ExportCertificatePem() + "`n" + $rsa.ExportPkcs8PrivateKeyPem()) -Encoding ascii

    function script:New-SignInScenario([double] $TokenLifetimeSeconds = $Lifetime) {
        @{
            extends = 'default'; timeScale = $TimeScale
            auth = @{
                tokenLifetimeSeconds = $TokenLifetimeSeconds; idTokenLifetimeSeconds = 600; opaqueTokens = 'refuse'
                applications = @(
                    @{ clientId = $Ids.secret; displayName = 'sp-aib-secret'; secrets = @($Secret) }
                    @{ clientId = $Ids.certificate; displayName = 'sp-aib-certificate'; certificates = @($cert.ExportCertificatePem()) }
                    @{ clientId = $Ids.workload; displayName = 'aib-workload'; federatedCredentials = @(@{ issuer = $K8sIssuer; subject = $K8sSubject }) }
                    @{ clientId = $Ids.devops; displayName = 'aib-devops'; federatedCredentials = @(@{ issuer = "https://vstoken.dev.azure.com/$OrgId"; subject = $DevOpsSubject }) }
                )
                azureDevOps = @{ organizationId = $OrgId; systemAccessToken = $SystemAccessToken; serviceConnections = @(@{ id = $Ids.connection; subject = $DevOpsSubject }) }
            }
        }
    }

    # Variables that would let a mode other than the one under test sign in; TLS trust for the child only.
    $script:BaseEnv = @{
        AZURE_CLIENT_ID = $null; AZURE_TENANT_ID = $null; AZURE_CLIENT_SECRET = $null; AZURE_CLIENT_CERTIFICATE_PATH = $null
        AZURE_FEDERATED_TOKEN_FILE = $null; AZURE_AUTHORITY_HOST = $null; AZURE_SUBSCRIPTION_ID = $null; AZURE_POD_IDENTITY_AUTHORITY_HOST = $null
        AZURESUBSCRIPTION_SERVICE_CONNECTION_ID = $null; AZURESUBSCRIPTION_CLIENT_ID = $null; AZURESUBSCRIPTION_TENANT_ID = $null
        SYSTEM_ACCESSTOKEN = $null; SYSTEM_OIDCREQUESTURI = $null; IDENTITY_ENDPOINT = $null; IDENTITY_HEADER = $null; MSI_ENDPOINT = $null
        SSL_CERT_FILE = $E.certificatePath; SSL_CERT_DIR = $null; PATH = '/usr/bin:/bin'
    }

    # What each mode's child needs: its variables and the Connect-AibAccount arguments (and, for the Az context, the stub).
    function script:Get-ModeSetup([string] $Key) {
        $envVars = $BaseEnv.Clone(); $prelude = ''; $connect = ''
        switch ($Key) {
            'automation' { $envVars.IDENTITY_ENDPOINT = $E.identityEndpoint; $envVars.IDENTITY_HEADER = $E.identityHeader; $connect = '-Identity' }
            'imds' { $envVars.AZURE_POD_IDENTITY_AUTHORITY_HOST = $E.imdsEndpoint; $connect = '-Identity' }
            'secret' { $envVars.AZURE_CLIENT_ID = $Ids.secret; $envVars.AZURE_TENANT_ID = $Tenant; $envVars.AZURE_CLIENT_SECRET = $Secret; $connect = '-UseEnvironment' }
            'certificate' {
                $envVars.AZURE_CLIENT_ID = $Ids.certificate; $envVars.AZURE_TENANT_ID = $Tenant; $envVars.AZURE_CLIENT_CERTIFICATE_PATH = $CertificatePath
                $connect = '-UseEnvironment'
            }
            'workload' {
                # A cluster's projected service-account token (long-lived here: kubelet would rotate it).
                $file = Join-Path $TestDrive 'federated-token'
                (Invoke-AibTestControl -Method Post -Route federated-token -Body @{ issuer = $K8sIssuer; subject = $K8sSubject; lifetimeSeconds = 86400 }).token |
                    Set-Content -Path $file -NoNewline
                $envVars.AZURE_CLIENT_ID = $Ids.workload; $envVars.AZURE_TENANT_ID = $Tenant; $envVars.AZURE_FEDERATED_TOKEN_FILE = $file; $connect = '-UseEnvironment'
            }
            'devops' {
                $envVars.AZURESUBSCRIPTION_CLIENT_ID = $Ids.devops; $envVars.AZURESUBSCRIPTION_TENANT_ID = $Tenant
                $envVars.SYSTEM_ACCESSTOKEN = $SystemAccessToken; $envVars.SYSTEM_OIDCREQUESTURI = $E.oidcRequestUri
                $connect = "-AzurePipelinesServiceConnectionId $($Ids.connection)"
            }
            'azcontext' {
                # What Az.Accounts' Get-AzAccessToken returns (Token as SecureString, ExpiresOn, UserId, TenantId), from the emulated authority.
                $prelude = @"
`$global:AzTokenCalls = 0
function global:Get-AzAccessToken { param([string] `$ResourceUrl)
    `$global:AzTokenCalls++
    `$answer = Invoke-RestMethod -Method Post -Uri '$($E.armEndpoint)$Tenant/oauth2/v2.0/token' -Body @{ grant_type = 'client_credentials'; client_id = '$($Ids.secret)'; client_secret = '$Secret'; scope = `$ResourceUrl.TrimEnd('/') + '/.default' }
    [pscustomobject]@{ Token = (ConvertTo-SecureString `$answer.access_token -AsPlainText -Force); ExpiresOn = [DateTimeOffset]::UtcNow.AddSeconds(`$answer.expires_in); Type = 'Bearer'; UserId = '$($Ids.secret)'; TenantId = '$Tenant' }
}
"@
                $connect = '-UseAzContext'
            }
            'azcli' {
                $bin = Join-Path $TestDrive 'azbin'
                $null = New-Item -ItemType Directory -Path $bin -Force
                $stub = Join-Path $bin 'az'
                Copy-Item (Join-Path $PSScriptRoot 'Fixtures/az-stub.py') $stub -Force
                & chmod +x $stub
                $envVars.PATH = "$($bin):/usr/bin:/bin"
                $envVars.AZ_STUB_AUTHORITY = $E.armEndpoint; $envVars.AZ_STUB_TENANT_ID = $Tenant; $envVars.AZ_STUB_CLIENT_ID = $Ids.secret
                $envVars.AZ_STUB_CLIENT_SECRET = $Secret; $envVars.AZ_STUB_SUBSCRIPTION_ID = $E.subscriptionId
                $connect = '-UseAzureCli'
            }
            'token' {
                # The template is deployed with the service principal first; the token is fetched just before Connect, in the child.
                $envVars.AZURE_CLIENT_ID = $Ids.secret; $envVars.AZURE_TENANT_ID = $Tenant; $envVars.AZURE_CLIENT_SECRET = $Secret
                $connect = "-AccessToken (ConvertTo-SecureString (Invoke-RestMethod -Method Post -Uri '$($E.armEndpoint)$Tenant/oauth2/v2.0/token' " +
                    "-Body @{ grant_type = 'client_credentials'; client_id = '$($Ids.secret)'; client_secret = '$Secret'; scope = '$($E.armEndpoint).default' }).access_token -AsPlainText -Force)"
            }
        }
        [pscustomobject]@{ Environment = $envVars; Prelude = $prelude; Connect = $connect }
    }

    # Signs in with the mode in a fresh pwsh, deploys a template and waits for its build; returns the child's report and the journal.
    function script:Invoke-ModeBuild([string] $Key, [string] $Name, [string] $Wait = 'start') {
        $setup = Get-ModeSetup $Key
        $rg = $E.resourceGroupName
        $waitCommand = switch ($Wait) {
            'start' { "`$run = Start-AibIsolatedBuild -Name $Name -ResourceGroupName $rg -PollingInterval 00:00:00.300 -ErrorAction Continue -ErrorVariable +errs -WarningVariable +warns" }
            # Start without waiting, follow the live log to its end, then re-attach: the other two long waits.
            'follow' {
                "`$null = Start-AibIsolatedBuild -Name $Name -ResourceGroupName $rg -NoWait -ErrorVariable +errs`n" +
                "`$lines = @(Get-AibBuildLog -Name $Name -ResourceGroupName $rg -Follow -ErrorVariable +errs); 'followed=' + `$lines.Count`n" +
                "`$run = Get-AibIsolatedBuild -Name $Name -ResourceGroupName $rg -Wait -PollingInterval 00:00:00.300 -ErrorAction Continue -ErrorVariable +errs -WarningVariable +warns"
            }
        }
        # A static token is taken after the template is deployed (with the service principal), so it starts fresh.
        $deploy = if ($Key -eq 'token') {
            "`$null = Connect-AibAccount -UseEnvironment -ArmEndpoint $($E.armEndpoint) -AuthorityHost $($E.armEndpoint) -SubscriptionId $($E.subscriptionId)`n" +
            "`$null = New-AibTestTemplate -Name $Name -Deploy`n" +
            "`$ctx = Connect-AibAccount $($setup.Connect) -ArmEndpoint $($E.armEndpoint) -SubscriptionId $($E.subscriptionId) -ErrorAction Stop"
        }
        else {
            "`$ctx = Connect-AibAccount $($setup.Connect) -ArmEndpoint $($E.armEndpoint) -AuthorityHost $($E.armEndpoint) -SubscriptionId $($E.subscriptionId) -ErrorAction Stop`n" +
            "`$null = New-AibTestTemplate -Name $Name -Deploy"
        }
        $script = @"
$($setup.Prelude)
Import-Module '$Manifest'; Import-Module '$Helpers'
`$errs = @(); `$warns = @()
$deploy
'mode=' + `$ctx.SignInMode
'from=' + [DateTimeOffset]::UtcNow.ToString('o')
$waitCommand
'until=' + [DateTimeOffset]::UtcNow.ToString('o')
'state=' + (@(`$run) | Select-Object -Last 1).RunState
'errors=' + `$errs.Count
foreach (`$e in `$errs) { 'error=' + `$e.FullyQualifiedErrorId + ' ' + `$e.Exception.Message }
foreach (`$w in `$warns) { 'warning=' + `$w.Message }
if (Get-Variable AzTokenCalls -Scope Global -ErrorAction SilentlyContinue) { 'azcalls=' + `$global:AzTokenCalls }
"@
        Clear-AibTestJournal
        $out = Invoke-FreshPwsh -Environment $setup.Environment $script
        if ($out -notmatch 'from=') { throw "The child did not reach the build:`n$out" }
        $from = [DateTimeOffset]::Parse((($out -split "`n") -match '^from=' | Select-Object -First 1).Substring(5).Trim())
        $untilLine = ($out -split "`n") -match '^until=' | Select-Object -First 1
        $until = if ($untilLine) { [DateTimeOffset]::Parse($untilLine.Substring(6).Trim()) } else { [DateTimeOffset]::UtcNow }
        $journal = @(Get-AibTestJournal)
        $during = @($journal | Where-Object { $t = [DateTimeOffset]::Parse($_.timestamp); $t -ge $from -and $t -le $until })
        [pscustomobject]@{ Output = $out; From = $from; Until = $until; Journal = $journal; During = $during }
    }
}

Describe 'Every sign-in mode, then a build lasting over ten token lifetimes' -Tag SignIn {
    BeforeAll { $null = Use-AibTestScenario -Inline (New-SignInScenario) -NoConnect }

    It '<Mode>: signs in at the emulated authority, renews its token during the wait and the build ends Succeeded' -ForEach $RenewableModes {
        $r = Invoke-ModeBuild -Key $Key -Name "signin-$Key"
        $r.Output | Should -Match 'state=Succeeded' -Because $r.Output
        $r.Output | Should -Match 'errors=0'
        $seconds = ($r.Until - $r.From).TotalSeconds
        $lifetimeReal = $Lifetime * $TimeScale
        $seconds | Should -BeGreaterOrEqual (10 * $lifetimeReal) -Because 'the build must outlast ten token lifetimes'
        $renewals = @($r.During | Where-Object { $_.path -match $TokenPath -and $_.status -eq 200 }).Count
        $unauthorized = @($r.Journal | Where-Object { $_.status -eq 401 }).Count
        $armReads = @($r.During | Where-Object { $_.path -like '/subscriptions/*' }).Count
        Write-Host ("    {0}: build {1:0.0} s = {2:0.0} token lifetimes, {3} token requests during it, {4} ARM requests, {5} ARM 401s retried after renewal" -f `
                $Key, $seconds, ($seconds / $lifetimeReal), $renewals, $armReads, $unauthorized)
        $renewals | Should -BeGreaterOrEqual 10 -Because 'a token lives 2 s and the build lasts over ten of them'
        if ($Key -eq 'azcontext') { $r.Output | Should -Match 'azcalls=([1-9]\d+)' }
    }

    It 'renews during Get-AibBuildLog -Follow and Get-AibIsolatedBuild -Wait too (service principal)' {
        $r = Invoke-ModeBuild -Key secret -Name 'signin-follow' -Wait follow
        $r.Output | Should -Match 'state=Succeeded' -Because $r.Output
        $r.Output | Should -Match 'errors=0'
        $r.Output | Should -Match 'followed=[1-9]'
        @($r.During | Where-Object { $_.path -match '/oauth2/v2.0/token$' }).Count | Should -BeGreaterOrEqual 10
    }
}

Describe 'A static -AccessToken' -Tag SignIn, StaticToken {
    # 400000 nominal seconds at 0.05: 5.6 hours, longer than the 240-minute default build timeout.
    It 'that outlives the build timeout: the build ends Succeeded with no warning' {
        $null = Use-AibTestScenario -Inline (New-SignInScenario -TokenLifetimeSeconds 400000) -NoConnect
        $r = Invoke-ModeBuild -Key token -Name 'signin-token'
        $r.Output | Should -Match 'mode=AccessToken'
        $r.Output | Should -Match 'state=Succeeded' -Because $r.Output
        $r.Output | Should -Not -Match 'warning='
    }

    # 200 nominal seconds: 10 s, about half the build.
    It 'that expires before the build timeout: a warning at start, then one error saying how to re-attach' {
        $null = Use-AibTestScenario -Inline (New-SignInScenario -TokenLifetimeSeconds 200) -NoConnect
        $r = Invoke-ModeBuild -Key token -Name 'signin-expiring'
        $r.Output | Should -Match 'warning=TokenStaticExpiresDuringWait: '
        $r.Output | Should -Match 'errors=1\b'
        $r.Output | Should -Match 'error=TokenStaticExpired,IsolatedImageBuilds.Cmdlets.StartAibIsolatedBuildCommand .*Get-AibIsolatedBuild -Name <template> -ResourceGroupName <group> -Wait'
        $r.Output | Should -Not -Match 'ExpiredAuthenticationToken' -Because 'ARM''s raw answer never reaches the user'
        # Re-attach after a fresh sign-in in a mode that renews: the build, still running or finished, ends Succeeded.
        $setup = Get-ModeSetup secret
        $out = Invoke-FreshPwsh -Environment $setup.Environment @"
Import-Module '$Manifest'
`$null = Connect-AibAccount -UseEnvironment -ArmEndpoint $($E.armEndpoint) -AuthorityHost $($E.armEndpoint) -SubscriptionId $($E.subscriptionId)
'state=' + (Get-AibIsolatedBuild -Name signin-expiring -ResourceGroupName $($E.resourceGroupName) -Wait -PollingInterval 00:00:00.300).RunState
"@
        $out | Should -Match 'state=Succeeded' -Because $out
    }
}

Describe 'Sign-in failures at the emulated Entra ID' -Tag SignIn {
    BeforeAll { $null = Use-AibTestScenario -Inline (New-SignInScenario) -NoConnect }

    It '<Case>: ConnectSignInFailed naming <Code>' -ForEach @(
        @{ Case = 'wrong client secret'; Code = 'AADSTS7000215' }
        @{ Case = 'unknown client'; Code = 'AADSTS700016' }
        @{ Case = 'expired federated assertion'; Code = 'AADSTS700024' }
    ) {
        $setup = Get-ModeSetup secret
        switch ($Case) {
            'wrong client secret' { $setup.Environment.AZURE_CLIENT_SECRET = 'not-the-secret' }
            'unknown client' { $setup.Environment.AZURE_CLIENT_ID = '00000000-0000-4000-8000-00000000dead' }
            'expired federated assertion' {
                $setup = Get-ModeSetup workload
                (Invoke-AibTestControl -Method Post -Route federated-token -Body @{ issuer = $K8sIssuer; subject = $K8sSubject; lifetimeSeconds = 1 }).token |
                    Set-Content -Path $setup.Environment.AZURE_FEDERATED_TOKEN_FILE -NoNewline
                Start-Sleep -Seconds 2
            }
        }
        $out = Invoke-FreshPwsh -Environment $setup.Environment @"
Import-Module '$Manifest'
try { Connect-AibAccount -UseEnvironment -ArmEndpoint $($E.armEndpoint) -AuthorityHost $($E.armEndpoint) -SubscriptionId $($E.subscriptionId) }
catch { 'id=' + `$_.FullyQualifiedErrorId; `$_.Exception.Message }
"@
        $out | Should -Match 'id=ConnectSignInFailed,IsolatedImageBuilds.Cmdlets.ConnectAibAccountCommand'
        $out | Should -Match $Code
        $out | Should -Not -Match ([regex]::Escape($Secret))
    }

    It 'refuses an Azure DevOps job whose SYSTEM_ACCESSTOKEN is wrong' {
        $setup = Get-ModeSetup devops
        $setup.Environment.SYSTEM_ACCESSTOKEN = 'not-the-job-token'
        $out = Invoke-FreshPwsh -Environment $setup.Environment @"
Import-Module '$Manifest'
try { Connect-AibAccount $($setup.Connect) -ArmEndpoint $($E.armEndpoint) -AuthorityHost $($E.armEndpoint) -SubscriptionId $($E.subscriptionId) }
catch { 'id=' + `$_.FullyQualifiedErrorId; `$_.Exception.Message }
"@
        $out | Should -Match 'id=ConnectSignInFailed,IsolatedImageBuilds.Cmdlets.ConnectAibAccountCommand'
        $out | Should -Match 'Signing in with AzurePipelines failed\. OIDC token not found'
        (Get-AibTestJournal | Where-Object { $_.path -like '*/oidctoken' }).status | Should -Contain 401
    }
}
