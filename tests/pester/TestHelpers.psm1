# Shared by the Pester tests: the module under test, child pwsh processes, fake tokens.

function Get-AibTestManifest { $env:AIB_MODULE_MANIFEST }

function Get-AibRepoRoot { $env:AIB_REPO_ROOT }

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
}

<#
.SYNOPSIS
    Runs a script in a fresh pwsh (what users get: a new process, nothing preloaded) and returns its
    output as text, with every stream redirected. -Environment sets variables for that process only;
    a $null value removes the variable.
#>
function Invoke-FreshPwsh {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        [switch] $PassThruExitCode
    )
    $file = Join-Path ([IO.Path]::GetTempPath()) ("aib-test-{0}.ps1" -f [guid]::NewGuid())
    Set-Content -Path $file -Value ("`$ErrorActionPreference = 'Stop'; if (`$PSStyle) { `$PSStyle.OutputRendering = 'PlainText' }`n" + $Script) -Encoding utf8
    $saved = @{}
    foreach ($key in $Environment.Keys) {
        $saved[$key] = [Environment]::GetEnvironmentVariable($key)
        [Environment]::SetEnvironmentVariable($key, $Environment[$key])
    }
    try {
        $exe = [Environment]::ProcessPath
        [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
        $output = & $exe @prefix -NoProfile -NonInteractive -File $file *>&1 | Out-String
        if ($PassThruExitCode) { return [pscustomobject]@{ Output = $output; ExitCode = $LASTEXITCODE } }
        return $output
    }
    finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
        Remove-Item $file -ErrorAction SilentlyContinue
    }
}

<#
.SYNOPSIS
    A JWT-shaped token (unsigned) with the claims the module reads: who, which tenant, expiry, and ARM's audience
    (the emulator checks exp, nbf and aud of every JWT; in the default scenario it accepts one it did not sign).
    Valid 10 hours by default: longer than a build's 240-minute default timeout, so no TokenStaticExpiresDuringWait warning.
#>
function New-FakeJwt {
    param([string] $Upn = 'admin@contoso.com', [string] $TenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47', [int] $ValidMinutes = 600)
    function b64url([string] $s) { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($s)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
    $exp = [DateTimeOffset]::UtcNow.AddMinutes($ValidMinutes).ToUnixTimeSeconds()
    $nonce = [guid]::NewGuid().ToString('N')
    (b64url '{"alg":"none","typ":"JWT"}') + '.' + (b64url "{""aud"":""https://management.core.windows.net/"",""upn"":""$Upn"",""tid"":""$TenantId"",""exp"":$exp,""nonce"":""$nonce""}") + '.' + (b64url "signature-$nonce")
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# --- The shared emulator (started by Invoke-PesterSuite.ps1) -------------------------------------

function Get-AibTestEmulator {
    Get-Content -Raw $env:AIB_EMULATOR_ENDPOINT_FILE | ConvertFrom-Json
}

function Invoke-AibTestControl {
    param([Parameter(Mandatory)] [string] $Method, [Parameter(Mandatory)] [string] $Route, $Body)
    $emulator = Get-AibTestEmulator
    $uri = $emulator.controlEndpoint.TrimEnd('/') + '/' + $Route.TrimStart('/')
    $arguments = @{ Method = $Method; Uri = $uri; SkipCertificateCheck = $true }
    if ($null -ne $Body) { $arguments.Body = ($Body | ConvertTo-Json -Depth 20 -Compress); $arguments.ContentType = 'application/json' }
    Invoke-RestMethod @arguments
}

<#
.SYNOPSIS
    Loads a scenario (a name, or an inline scenario object) and clears faults and the journal; returns
    the endpoint fields, connected as the module's session connection.
#>
function Use-AibTestScenario {
    param([string] $Name = 'default', [hashtable] $Inline, [switch] $NoConnect)
    $body = if ($Inline) { @{ scenario = $Inline } } else { @{ name = $Name } }
    $null = Invoke-AibTestControl -Method Post -Route scenario -Body $body
    $null = Invoke-AibTestControl -Method Delete -Route faults
    $null = Invoke-AibTestControl -Method Delete -Route journal
    $emulator = Get-AibTestEmulator
    if (-not $NoConnect) {
        $token = ConvertTo-SecureString 'pester-emulator-token' -AsPlainText -Force
        $null = Connect-AibAccount -ArmEndpoint $emulator.armEndpoint -SubscriptionId $emulator.subscriptionId -AccessToken $token -SkipCertificateCheck -WarningAction SilentlyContinue
    }
    $emulator
}

function Add-AibTestFault {
    param([Parameter(Mandatory)] [string] $Pattern, [string] $Kind = 'status', [int] $Status = 503, [int] $Count, [double] $Probability, [int] $Seed = 7, [int] $RetryAfterSeconds = 1, [int] $LatencyMs)
    $rule = @{ pattern = $Pattern; kind = $Kind; status = $Status; retryAfterSeconds = $RetryAfterSeconds; seed = $Seed }
    if ($PSBoundParameters.ContainsKey('Count')) { $rule.count = $Count }
    if ($PSBoundParameters.ContainsKey('Probability')) { $rule.probability = $Probability }
    if ($PSBoundParameters.ContainsKey('LatencyMs')) { $rule.latencyMs = $LatencyMs }
    Invoke-AibTestControl -Method Post -Route faults -Body $rule
}

function Get-AibTestJournal { (Invoke-AibTestControl -Method Get -Route journal).value }

function Clear-AibTestJournal { $null = Invoke-AibTestControl -Method Delete -Route journal }

<#
.SYNOPSIS
    A valid template for the emulator's subscription, in the topology asked for; -Deploy creates it.
#>
function New-AibTestTemplate {
    param(
        [Parameter(Mandatory)] [string] $Name,
        [ValidateSet('NoSubnet', 'BuildSubnetOnly', 'BuildAndAciSubnets')] [string] $Topology = 'BuildAndAciSubnets',
        [switch] $Deploy,
        [hashtable] $Extra = @{}
    )
    $e = Get-AibTestEmulator
    $arguments = @{
        Name = $Name; Location = $e.location; UserAssignedIdentityId = $e.userAssignedIdentityId
        SourceUrn = 'Canonical:ubuntu-24_04-lts:server:latest'
        Customizer = @(
            New-AibCustomizer -Shell -Name update -Inline 'sudo apt-get -y update'
            New-AibCustomizer -Shell -Name install -Inline 'sudo apt-get -y install nginx'
        )
        Distributor = New-AibDistributor -ManagedImage -RunOutputName image -Location $e.location -ImageId "/subscriptions/$($e.subscriptionId)/resourceGroups/rg-aib-images/providers/Microsoft.Compute/images/$Name"
    }
    if ($Topology -ne 'NoSubnet') { $arguments.SubnetId = $e.buildSubnetId }
    if ($Topology -eq 'BuildAndAciSubnets') { $arguments.ContainerInstanceSubnetId = $e.containerInstanceSubnetId }
    if ($Deploy) { $arguments.ResourceGroupName = $e.resourceGroupName; $arguments.Force = $true }
    foreach ($key in $Extra.Keys) { $arguments[$key] = $Extra[$key] }
    New-AibIsolatedTemplate @arguments
}

<#
.SYNOPSIS
    Runs a command of the module in a new runspace and returns each output object as it arrived
    ({At, Entry}) and the runspace's errors ({Received, Errors}): how -Follow is watched while a build runs.
#>
function Receive-AibTestOutput {
    param([Parameter(Mandatory)] [string] $Command)
    $received = [System.Collections.Generic.List[object]]::new()
    $ps = [PowerShell]::Create([System.Management.Automation.RunspaceMode]::NewRunspace)
    try {
        $null = $ps.AddScript("Import-Module '$(Get-AibTestManifest)'; $Command")
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $output.add_DataAdded({ param($sender, $e) $received.Add([pscustomobject]@{ At = [DateTimeOffset]::UtcNow; Entry = $sender[$e.Index] }) }.GetNewClosure())
        $ps.Invoke($null, $output)
        [pscustomobject]@{ Received = $received; Errors = @($ps.Streams.Error) }
    }
    finally { $ps.Dispose() }
}

Export-ModuleMember -Function *
