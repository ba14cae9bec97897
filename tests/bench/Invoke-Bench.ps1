<#
.SYNOPSIS
    The module's benchmarks, each measured against its baseline in the same run, printed side by side.
.DESCRIPTION
    Timings are not asserted in tests (shared, noisy machines); they are measured here. Each benchmark
    prints its figures and whether it meets its target; the script exits non-zero when one misses.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $Root,
    [int] $Repeat = 10
)
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }

function Invoke-PwshTimed([string] $Command) {
    $exe = [Environment]::ProcessPath
    [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $exe @prefix -NoProfile -NonInteractive -Command $Command | Out-Null
    $watch.Stop()
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command '$Command' failed with exit code $LASTEXITCODE." }
    $watch.Elapsed.TotalMilliseconds
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$mid] } else { ($sorted[$mid - 1] + $sorted[$mid]) / 2 }
}

$results = [System.Collections.Generic.List[object]]::new()

# 1. Import time: a bare start-up against a start-up that imports the module, interleaved so both see
#    the same machine load. The module's cost is the difference of the medians.
Invoke-PwshTimed 'exit' | Out-Null   # warm the disk cache for both
$bare = [System.Collections.Generic.List[double]]::new()
$import = [System.Collections.Generic.List[double]]::new()
for ($i = 0; $i -lt $Repeat; $i++) {
    $bare.Add((Invoke-PwshTimed 'exit'))
    $import.Add((Invoke-PwshTimed "Import-Module '$ModuleManifest'; exit"))
}
$bareMedian = Get-Median $bare
$importMedian = Get-Median $import
$extra = $importMedian - $bareMedian
$results.Add([pscustomobject]@{
        Benchmark = 'Import-Module beyond pwsh start-up'
        Baseline  = ('{0:N0} ms (pwsh -c exit, median of {1})' -f $bareMedian, $Repeat)
        Measured  = ('{0:N0} ms (with Import-Module, median of {1})' -f $importMedian, $Repeat)
        Result    = ('+{0:N0} ms (ratio {1:N2})' -f $extra, ($importMedian / $bareMedian))
        Target    = '< 300 ms'
        Met       = $extra -lt 300
    })

# The remaining benchmarks run against the emulator (and its Azurite).
Import-Module (Join-Path $Root 'tests/AibEmulator/AibEmulator.psm1') -Force
Import-Module (Join-Path $Root 'tests/pester/TestHelpers.psm1') -Force
Import-Module $ModuleManifest -Force
# Benchmarks that measure in a fresh process import the module from here, as the Pester tests do.
$env:AIB_MODULE_MANIFEST = (Resolve-Path $ModuleManifest).Path
$emulatorOut = Join-Path ([IO.Path]::GetTempPath()) ("aib-bench-" + [guid]::NewGuid().ToString('N'))
$emulator = Start-AibEmulator -OutDirectory $emulatorOut
# The log benchmark reports the CPU time Azurite spends serving it (it shares the machine's cores with the reader).
$env:AIB_BENCH_AZURITE_PID = $emulator.AzuriteProcessId
$env:AIB_EMULATOR_ENDPOINT_FILE = Join-Path $emulatorOut 'endpoint.json'
try {
    foreach ($bench in Get-ChildItem (Join-Path $PSScriptRoot 'Bench.*.ps1') | Sort-Object Name) {
        Write-Host "Running $($bench.Name)..."
        foreach ($row in & $bench.FullName -Root $Root) { $results.Add($row) }
    }
}
finally {
    Stop-AibEmulator
    Remove-Item env:AIB_BENCH_AZURITE_PID -ErrorAction SilentlyContinue
    Remove-Item $emulatorOut -Recurse -Force -ErrorAction SilentlyContinue
}

$results | Format-Table Benchmark, Baseline, Measured, Result, Target, Met -AutoSize -Wrap | Out-String -Width 1000 | Write-Host
$missed = @($results | Where-Object { -not $_.Met })
if ($missed.Count -gt 0) {
    Write-Host "Missed targets: $($missed.Benchmark -join '; ')"
    exit 1
}
Write-Host 'All benchmark targets met.'
