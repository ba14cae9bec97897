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

# A long build (about two minutes here) waited for with the default polling: the template reads per
# minute from the moment the build reached Building (seen in the progress records) to its end.
$null = Invoke-AibTestControl -Method Post -Route timescale -Body @{ timeScale = 0.2 }
$null = New-AibTestTemplate -Name bench-long -Deploy
Clear-AibTestJournal
$building = $null
$ps = [PowerShell]::Create([System.Management.Automation.RunspaceMode]::NewRunspace)
try {
    $null = $ps.AddScript("Import-Module '$((Get-Module IsolatedImageBuilds).Path -replace 'IsolatedImageBuilds.dll$', 'IsolatedImageBuilds.psd1')'; Start-AibIsolatedBuild -Name bench-long -ResourceGroupName $($e.resourceGroupName)")
    $ps.Streams.Progress.add_DataAdded({ param($sender, $a) if (-not $script:buildingAt -and $sender[$a.Index].StatusDescription -like 'Building*') { $script:buildingAt = [DateTimeOffset]::UtcNow } })
    $script:buildingAt = $null
    $run = $ps.Invoke() | Select-Object -First 1
    $building = $script:buildingAt
}
finally { $ps.Dispose() }
$ended = [DateTimeOffset]::UtcNow
$null = Invoke-AibTestControl -Method Post -Route timescale -Body @{ timeScale = 0.02 }
$reads = @(Get-AibTestJournal | Where-Object { $_.method -eq 'GET' -and $_.path -match '/imageTemplates/bench-long$' -and [DateTimeOffset]::Parse($_.timestamp) -ge $building })
$minutes = ($ended - $building).TotalMinutes
$perMinute = $reads.Count / $minutes
$rows += [pscustomobject]@{
    Benchmark = 'ARM reads while waiting for a long build (default -PollingInterval 15 s)'
    Baseline  = ('{0:N1} min from Building to the end, {1}' -f $minutes, $run.RunState)
    Measured  = ('{0} template reads' -f $reads.Count)
    Result    = ('{0:N1} reads per waiting minute' -f $perMinute)
    Target    = '<= 4 per minute'
    Met       = $perMinute -le 4.0 -and $run.RunState -eq 'Succeeded'
}
$rows
