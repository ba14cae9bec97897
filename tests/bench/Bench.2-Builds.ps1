# 20 builds piped to Start-AibIsolatedBuild -ThrottleLimit 10 against the duration of one build, and
# the ARM reads per minute while waiting for a long build.
param([Parameter(Mandatory)] [string] $Root)
$e = Use-AibTestScenario default
$rows = @()

$null = New-AibTestTemplate -Name bench-one -Deploy
$one = [Diagnostics.Stopwatch]::StartNew()
$null = Start-AibIsolatedBuild -Name bench-one -ResourceGroupName $e.resourceGroupName -PollingInterval 00:00:01
$one.Stop()

$names = 1..20 | ForEach-Object { 'bench-{0:00}' -f $_ }
foreach ($name in $names) { $null = New-AibTestTemplate -Name $name -Deploy }
Clear-AibTestJournal
$many = [Diagnostics.Stopwatch]::StartNew()
$runs = $names | ForEach-Object { [pscustomobject]@{ Name = $_; ResourceGroupName = $e.resourceGroupName } } | Start-AibIsolatedBuild -ThrottleLimit 10 -PollingInterval 00:00:01
$many.Stop()
$journal = Get-AibTestJournal
$throttled = @($journal | Where-Object status -eq 429).Count
$succeeded = @($runs | Where-Object RunState -eq 'Succeeded').Count
$rows += [pscustomobject]@{
    Benchmark = '20 builds, Start-AibIsolatedBuild -ThrottleLimit 10'
    Baseline  = ('one build: {0:N1} s' -f $one.Elapsed.TotalSeconds)
    Measured  = ('20 builds: {0:N1} s, {1} succeeded, {2} ARM requests, {3} answered 429' -f $many.Elapsed.TotalSeconds, $succeeded, $journal.Count, $throttled)
    Result    = ('ratio {0:N2}' -f ($many.Elapsed.TotalSeconds / $one.Elapsed.TotalSeconds))
    Target    = '< 2.5, no 429 burst'
    Met       = ($many.Elapsed.TotalSeconds -lt 2.5 * $one.Elapsed.TotalSeconds) -and $succeeded -eq 20 -and $throttled -eq 0
}

# A long build (about two minutes here) waited for with the default polling: count the template reads.
$null = Invoke-AibTestControl -Method Post -Route timescale -Body @{ timeScale = 0.2 }
$null = New-AibTestTemplate -Name bench-long -Deploy
Clear-AibTestJournal
$long = [Diagnostics.Stopwatch]::StartNew()
$run = Start-AibIsolatedBuild -Name bench-long -ResourceGroupName $e.resourceGroupName
$long.Stop()
$null = Invoke-AibTestControl -Method Post -Route timescale -Body @{ timeScale = 0.02 }
$reads = @(Get-AibTestJournal | Where-Object { $_.method -eq 'GET' })
$minutes = $long.Elapsed.TotalMinutes
$rows += [pscustomobject]@{
    Benchmark = 'ARM reads while waiting for a long build (default -PollingInterval)'
    Baseline  = ('build of {0:N1} min, {1}' -f $minutes, $run.RunState)
    Measured  = ('{0} GETs in all' -f $reads.Count)
    Result    = ('{0:N1} reads per waiting minute' -f ($reads.Count / $minutes))
    Target    = '<= 4 per minute once Building (+ start and end reads)'
    Met       = ($reads.Count / $minutes) -le 5
}
$rows
