<#
.SYNOPSIS
    The readiness report's browser test: real Test-AibPrerequisite results on the emulator, Export-AibReadinessReport,
    then headless Chromium (playwright-core, node --test) on the page. Writes { Passed; Failed; Skipped; SkipReason } to -ResultFile.
.DESCRIPTION
    Without a browser (-ChromiumPath empty, -SkipReason given by build.ps1's Install-Chromium.ps1 step) nothing runs and the
    test counts as skipped, with the reason. Otherwise: npm ci (when node_modules is missing), Start-AibEmulator, the estate
    of tests/pester/ReadinessEstate.psm1 checked and exported to <OutDirectory>/readiness-report.html, what those results say
    (counts, templates, a fix) written to expected.json without the report's code, Stop-AibEmulator, then node --test with
    the page, the expectations, the screenshot path (<OutDirectory>/readiness-report.png) and the browser.
.EXAMPLE
    dotnet pwsh -File tests/browser/Invoke-BrowserTest.ps1 -ModuleManifest out/IsolatedImageBuilds/0.1.0/IsolatedImageBuilds.psd1 -ChromiumPath /usr/bin/chromium -OutDirectory /tmp/browser -ResultFile /tmp/browser.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $OutDirectory,
    [Parameter(Mandatory)] [string] $ResultFile,
    [string] $ChromiumPath,
    [string] $SkipReason
)
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
$here = $PSScriptRoot

function Write-Result([int] $Passed, [int] $Failed, [int] $Skipped, [string] $Reason) {
    [pscustomobject]@{ Passed = $Passed; Failed = $Failed; Skipped = $Skipped; SkipReason = $Reason } | ConvertTo-Json | Set-Content -Path $ResultFile -Encoding utf8
}

if (-not $ChromiumPath) {
    Write-Result 0 0 1 $SkipReason
    return
}

if (-not (Test-Path (Join-Path $here 'node_modules/playwright-core'))) {
    Push-Location $here
    try {
        & npm ci --no-audit --no-fund --loglevel=error | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "npm ci in $here failed with exit code $LASTEXITCODE." }
    }
    finally { Pop-Location }
}

New-Item -ItemType Directory -Force $OutDirectory | Out-Null
$html = Join-Path $OutDirectory 'readiness-report.html'
$expectedFile = Join-Path $OutDirectory 'expected.json'
$emulatorOut = Join-Path $OutDirectory 'emulator'

Import-Module (Join-Path $here '../AibEmulator/AibEmulator.psm1') -Force
$emulator = Start-AibEmulator -Scenario default -OutDirectory $emulatorOut
$env:AIB_EMULATOR_ENDPOINT_FILE = $emulator.EndpointFile
$env:AIB_MODULE_MANIFEST = (Resolve-Path $ModuleManifest).Path
try {
    Import-Module (Join-Path $here '../pester/TestHelpers.psm1') -Force
    Import-Module (Join-Path $here '../pester/ReadinessEstate.psm1') -Force
    Import-Module $env:AIB_MODULE_MANIFEST -Force
    $results = @(Invoke-AibTestReadinessEstate)
    $results | Export-AibReadinessReport -Path $html -Title 'Isolated build readiness (emulator estate)' -Force
}
finally {
    Stop-AibEmulator -InputObject $emulator
    Remove-Item $emulatorOut -Recurse -Force -ErrorAction SilentlyContinue
}

# What the results say, from the results themselves (not from the report's model).
$templates = foreach ($group in $results | Group-Object Name) {
    $failed = @($group.Group | Where-Object Status -eq 'Failed')
    $warned = @($group.Group | Where-Object Status -eq 'Warning')
    $status = if ($failed) { 'Failed' } elseif ($warned) { 'Warning' } else { 'Ready' }
    [pscustomobject]@{ name = $group.Name; topology = $group.Group[0].Topology; status = $status; failedChecks = @(($failed + $warned) | ForEach-Object Check) }
}
$groups = foreach ($group in $templates | Group-Object topology) {
    [pscustomobject]@{
        topology = $group.Name; templates = $group.Count; failed = @($group.Group | Where-Object status -eq 'Failed').Count
        warning = @($group.Group | Where-Object status -eq 'Warning').Count; ready = @($group.Group | Where-Object status -eq 'Ready').Count
    }
}
$firstFailure = $results | Where-Object { $_.Status -eq 'Failed' -and $_.Remediation } | Select-Object -First 1
[pscustomobject]@{
    totals      = [pscustomobject]@{
        templates = @($templates).Count; failed = @($templates | Where-Object status -eq 'Failed').Count
        warning = @($templates | Where-Object status -eq 'Warning').Count; ready = @($templates | Where-Object status -eq 'Ready').Count
    }
    templates   = @($templates)
    groups      = @($groups)
    fixTemplate = $firstFailure.Name
    fixText     = ($firstFailure.Remediation -split "`n")[0].Trim()
} | ConvertTo-Json -Depth 5 | Set-Content -Path $expectedFile -Encoding utf8

$tap = Join-Path $OutDirectory 'browser.tap'
$saved = @{ html = $env:AIB_REPORT_HTML; expected = $env:AIB_REPORT_EXPECTED; shot = $env:AIB_REPORT_SCREENSHOT; chromium = $env:AIB_CHROMIUM }
try {
    $env:AIB_REPORT_HTML = $html
    $env:AIB_REPORT_EXPECTED = $expectedFile
    $env:AIB_REPORT_SCREENSHOT = Join-Path $OutDirectory 'readiness-report.png'
    $env:AIB_CHROMIUM = $ChromiumPath
    Push-Location $here
    try {
        & node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap "--test-reporter-destination=$tap" report.test.mjs | Out-Host
    }
    finally { Pop-Location }
}
finally {
    $env:AIB_REPORT_HTML = $saved.html; $env:AIB_REPORT_EXPECTED = $saved.expected
    $env:AIB_REPORT_SCREENSHOT = $saved.shot; $env:AIB_CHROMIUM = $saved.chromium
}

$lines = if (Test-Path $tap) { Get-Content $tap } else { @() }
function Get-TapCount([string] $Name) {
    $line = $lines | Where-Object { $_ -match "^# $Name (\d+)$" } | Select-Object -Last 1
    if ($line -and $line -match "^# $Name (\d+)$") { return [int]$Matches[1] }
    return $null
}
$passed = Get-TapCount 'pass'; $failed = Get-TapCount 'fail'; $skipped = Get-TapCount 'skipped'
if ($null -eq $passed -or $null -eq $failed) {
    Write-Warning "node --test wrote no TAP summary to $tap."
    $passed = 0; $failed = 1
}
Write-Result $passed $failed ([int]$skipped) $null
