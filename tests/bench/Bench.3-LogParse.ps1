# A generated 500 MB customization.log parsed from a file and from Azurite (the module's ranged blob
# reader): throughput and peak working set.
param([Parameter(Mandatory)] [string] $Root)
$e = Get-AibTestEmulator
$project = Join-Path $Root 'tests/bench/LogParseBench'
& dotnet build $project -c Release --nologo -v quiet | Out-Null
if ($LASTEXITCODE -ne 0) { throw 'Building LogParseBench failed.' }
$dll = Join-Path $project 'bin/Release/net10.0/LogParseBench.dll'
$file = Join-Path ([IO.Path]::GetTempPath()) "aib-bench-$PID.log"
$rows = @()
try {
    # Generated first, then parsed in a fresh process, as the Azurite read is: the generator's memory and compiled code
    # must not count in the parse's throughput or peak working set.
    & dotnet $dll --size-mb 500 --generate-only --file-out $file 2>&1 | Write-Host
    $fromFile = & dotnet $dll --file $file 2>&1
    $fromFile | Write-Host
    $azuritePid = if ($env:AIB_BENCH_AZURITE_PID) { @('--azurite-pid', $env:AIB_BENCH_AZURITE_PID) } else { @() }
    $fromBlob = & dotnet $dll --file $file --azurite ($e.blobEndpoint.TrimEnd('/') + '/' + $e.azuriteAccountName) --account $e.azuriteAccountName --key $e.azuriteAccountKey @azuritePid 2>&1
    $fromBlob | Write-Host
}
finally {
    Remove-Item $file -ErrorAction SilentlyContinue
}
# Targets of issue 11: 200 MB/s from a file, 120 MB/s through the ranged blob reader, 100 MB peak working set.
# The Azurite row's baseline is Azurite itself: the same ranges downloaded without parsing (its ceiling on this machine).
$download = [regex]::Match(($fromBlob -join "`n"), 'download throughput ([\d.]+) MB/s').Groups[1].Value
$cpu = [regex]::Match(($fromBlob -join "`n"), '(?m)^cpu\s+(.+)$').Groups[1].Value
foreach ($run in @(@{ Name = 'file'; Lines = $fromFile; Target = 200; Baseline = 'target throughput and memory' },
        @{ Name = 'Azurite'; Lines = $fromBlob; Target = 120; Baseline = "target throughput and memory; Azurite serves $download MB/s with nothing parsed$(if ($cpu) { "; CPU: $cpu" })" })) {
    $text = $run.Lines -join "`n"
    $mbps = [double]([regex]::Match($text, '(?m)^throughput ([\d.]+) MB/s').Groups[1].Value)
    $peak = [double]([regex]::Match($text, 'peak working set ([\d.]+) MB').Groups[1].Value)
    $rows += [pscustomobject]@{
        Benchmark = "Parse a 500 MB customization.log from $($run.Name)"
        Baseline  = $run.Baseline
        Measured  = ('{0:N1} MB/s, peak working set {1:N1} MB' -f $mbps, $peak)
        Result    = ('{0:N1} MB/s; {1:N0} MB' -f $mbps, $peak)
        Target    = ">= $($run.Target) MB/s, <= 100 MB"
        Met       = ($peak -gt 0 -and $peak -le 100 -and $mbps -ge $run.Target)
    }
}
$rows
