# Test-AibPrerequisite with 100 ms added to every ARM call: the checks run side by side, so the wall
# time stays well under the sum of the calls' latencies.
param([Parameter(Mandatory)] [string] $Root)
$e = Use-AibTestScenario default
$template = New-AibTestTemplate -Name bench-prereq -Topology BuildSubnetOnly
$null = $template | Test-AibPrerequisite   # warm-up: JIT and connections
$null = Add-AibTestFault -Pattern '^(GET|POST|PUT|DELETE) /' -Kind latency -LatencyMs 100
Clear-AibTestJournal
$watch = [Diagnostics.Stopwatch]::StartNew()
$results = $template | Test-AibPrerequisite
$watch.Stop()
$null = Invoke-AibTestControl -Method Delete -Route faults
$calls = @(Get-AibTestJournal).Count
$sum = $calls * 100
[pscustomobject]@{
    Benchmark = 'Test-AibPrerequisite, 100 ms latency on every ARM call'
    Baseline  = "$calls ARM calls x 100 ms = $sum ms if sequential"
    Measured  = ('{0:N0} ms wall ({1} checks)' -f $watch.Elapsed.TotalMilliseconds, @($results).Count)
    Result    = ('wall/sum = {0:N2}' -f ($watch.Elapsed.TotalMilliseconds / $sum))
    Target    = '< 0.25'
    Met       = $watch.Elapsed.TotalMilliseconds -lt $sum / 4
}
