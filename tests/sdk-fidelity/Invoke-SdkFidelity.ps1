<#
.SYNOPSIS
    Runs the official Azure SDKs for JavaScript against the AIB emulator (node --test) and returns the counts.
.DESCRIPTION
    npm ci (when node_modules is missing), Start-AibEmulator (default scenario, with Azurite), node --test with
    AIB_EMULATOR_ENDPOINT_FILE and NODE_EXTRA_CA_CERTS (the emulator's certificate: TLS stays verified), then
    Stop-AibEmulator. Writes the runner's spec output to the host and returns [pscustomobject]@{ Passed; Failed }
    from its TAP summary (# pass N / # fail N).
.EXAMPLE
    dotnet tool restore; dotnet pwsh -c ./tests/sdk-fidelity/Invoke-SdkFidelity.ps1
#>
[CmdletBinding()]
param(
    # Where endpoint.json, the certificate, the process logs and the TAP file go. Default: a new temp folder.
    [string] $OutDirectory
)
$ErrorActionPreference = 'Stop'
$here = $PSScriptRoot

if (-not (Test-Path (Join-Path $here 'node_modules/@azure/arm-imagebuilder'))) {
    Push-Location $here
    try {
        # The current SDK releases declare Node 22 in "engines"; npm only warns, and they run on Node 20 (tested).
        & npm ci --no-audit --no-fund --loglevel=error | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "npm ci in $here failed with exit code $LASTEXITCODE." }
    }
    finally { Pop-Location }
}

if (-not $OutDirectory) { $OutDirectory = Join-Path ([IO.Path]::GetTempPath()) ('aib-sdk-fidelity-' + [guid]::NewGuid().ToString('N')) }
Import-Module (Join-Path $here '../AibEmulator/AibEmulator.psm1') -Force
$emulator = Start-AibEmulator -Scenario default -OutDirectory $OutDirectory
$tap = Join-Path $OutDirectory 'sdk-fidelity.tap'
$previous = @{ endpoint = $env:AIB_EMULATOR_ENDPOINT_FILE; ca = $env:NODE_EXTRA_CA_CERTS }
try {
    $env:AIB_EMULATOR_ENDPOINT_FILE = $emulator.EndpointFile
    $env:NODE_EXTRA_CA_CERTS = $emulator.certificatePath
    Push-Location $here
    try {
        # spec for the reader, TAP for the counts.
        & node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap "--test-reporter-destination=$tap" | Out-Host
    }
    finally { Pop-Location }
}
finally {
    $env:AIB_EMULATOR_ENDPOINT_FILE = $previous.endpoint
    $env:NODE_EXTRA_CA_CERTS = $previous.ca
    Stop-AibEmulator -InputObject $emulator
}

function Get-TapCount([string[]] $Lines, [string] $Name) {
    $line = $Lines | Where-Object { $_ -match "^# $Name (\d+)$" } | Select-Object -Last 1
    if ($line -and $line -match "^# $Name (\d+)$") { return [int]$Matches[1] }
    return $null
}
$lines = if (Test-Path $tap) { Get-Content $tap } else { @() }
$passed = Get-TapCount $lines 'pass'
$failed = Get-TapCount $lines 'fail'
if ($null -eq $passed -or $null -eq $failed) {
    Write-Warning "node --test wrote no TAP summary to $tap."
    $passed = 0; $failed = 1
}
Remove-Item $OutDirectory -Recurse -Force -ErrorAction SilentlyContinue
[pscustomobject]@{ Passed = $passed; Failed = $failed }
