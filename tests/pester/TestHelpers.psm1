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
    A JWT-shaped token (unsigned) with the claims the module reads: who, which tenant, expiry.
#>
function New-FakeJwt {
    param([string] $Upn = 'admin@contoso.com', [string] $TenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47', [int] $ValidMinutes = 60)
    function b64url([string] $s) { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($s)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
    $exp = [DateTimeOffset]::UtcNow.AddMinutes($ValidMinutes).ToUnixTimeSeconds()
    $nonce = [guid]::NewGuid().ToString('N')
    (b64url '{"alg":"none","typ":"JWT"}') + '.' + (b64url "{""upn"":""$Upn"",""tid"":""$TenantId"",""exp"":$exp,""nonce"":""$nonce""}") + '.' + (b64url "signature-$nonce")
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

Export-ModuleMember -Function *
