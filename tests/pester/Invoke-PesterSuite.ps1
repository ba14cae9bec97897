<#
.SYNOPSIS
    Runs every Pester test against the built module and writes the counts for build.ps1's closing line.
.PARAMETER Path
    Only these test files (default: every *.Tests.ps1 here), e.g. to run one file while working on it.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $ResultFile,
    [string] $Tag,
    [string] $PackageDirectory,
    [string[]] $Path
)
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
Import-Module (Join-Path $packages 'pester/5.7.1/tools/Pester.psd1') -Force

# Every test file reads these to find what it tests.
$env:AIB_MODULE_MANIFEST = (Resolve-Path $ModuleManifest).Path
$env:AIB_REPO_ROOT = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$env:AIB_PACKAGE_DIRECTORY = $PackageDirectory

# One emulator (with its Azurite) for the whole run; tests switch scenarios through its control endpoint.
Import-Module (Join-Path $PSScriptRoot '../AibEmulator/AibEmulator.psm1') -Force
$emulatorOut = Join-Path ([IO.Path]::GetTempPath()) ("aib-pester-" + [guid]::NewGuid().ToString('N'))
$null = Start-AibEmulator -Scenario default -OutDirectory $emulatorOut
$env:AIB_EMULATOR_ENDPOINT_FILE = Join-Path $emulatorOut 'endpoint.json'

$config = New-PesterConfiguration
$config.Run.Path = if ($Path) { @($Path -split "," | ForEach-Object { (Resolve-Path $_).Path }) } else { $PSScriptRoot }
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
if ($Tag) { $config.Filter.Tag = $Tag -split ',' }
try {
    $result = Invoke-Pester -Configuration $config
}
finally {
    Stop-AibEmulator
    Remove-Item $emulatorOut -Recurse -Force -ErrorAction SilentlyContinue
}
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content -Path $ResultFile -Encoding utf8
