# Issue 14, item 6: the whole estate under 100 ms of latency on every ARM and Resource Graph call.
# Inventory of 10,000 templates through Resource Graph against listing them per subscription through ARM (one request per
# subscription and per page, one subscription at a time), each in a fresh process for its peak working set; readiness of
# 1,000 templates (20 from each of the 50 subscriptions) in one Test-AibPrerequisite against one template at a time, each
# with its own reads (measured on a sample of them and scaled to 1,000, which would take too long here).
param([Parameter(Mandatory)] [string] $Root, [int] $NaiveSample = 40)
$e = Use-AibTestScenario large-estate
$manifest = Invoke-AibTestControl -Method Get -Route estate
$rows = @()

# One fresh pwsh: connects, runs $Body (which leaves its item count in $count), prints wall ms, count and peak working set.
function Measure-InFreshProcess([string] $Body) {
    $script = @"
Import-Module '$($env:AIB_MODULE_MANIFEST)'
`$token = ConvertTo-SecureString 'bench-emulator-token' -AsPlainText -Force
`$null = Connect-AibAccount -ArmEndpoint '$($e.armEndpoint)' -SubscriptionId '$($e.subscriptionId)' -AccessToken `$token -SkipCertificateCheck -WarningAction SilentlyContinue
`$watch = [Diagnostics.Stopwatch]::StartNew()
$Body
`$watch.Stop()
'RESULT ' + (@{ ms = `$watch.Elapsed.TotalMilliseconds; count = `$count; peak = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 } | ConvertTo-Json -Compress)
"@
    $output = Invoke-FreshPwsh -Script $script
    $line = ($output -split "`n" | Where-Object { $_ -like 'RESULT *' } | Select-Object -Last 1)
    if (-not $line) { throw "The measured process printed no result:`n$output" }
    $line.Substring(7) | ConvertFrom-Json
}

function Measure-Journal([scriptblock] $Work) {
    Clear-AibTestJournal
    $result = & $Work
    $journal = @(Get-AibTestJournal)
    [pscustomobject]@{ Result = $result; Requests = $journal.Count; Throttled = @($journal | Where-Object status -eq 429).Count }
}

$null = Get-AibImageTemplate -SubscriptionId $e.subscriptionId   # warm-up: JIT and connections in this process
$null = Add-AibTestFault -Pattern '^(GET|POST|PUT|PATCH|DELETE) /' -Kind latency -LatencyMs 100
try {
    # --- Inventory -------------------------------------------------------------------------------------------------------
    $graph = Measure-Journal { Measure-InFreshProcess '$count = @(Get-AibImageTemplate).Count' }
    $naiveBody = @'
$ids = [System.Collections.Generic.List[string]]::new()
$next = "$arm/subscriptions?api-version=2022-12-01"
while ($next) { $page = Invoke-RestMethod -Uri $next -Headers $h -SkipCertificateCheck; $ids.AddRange([string[]]@($page.value.subscriptionId)); $next = $page.nextLink }
$templates = [System.Collections.Generic.List[object]]::new()
foreach ($id in $ids) {
    $next = "$arm/subscriptions/$id/providers/Microsoft.VirtualMachineImages/imageTemplates?api-version=2024-02-01"
    while ($next) { $page = Invoke-RestMethod -Uri $next -Headers $h -SkipCertificateCheck; $templates.AddRange(@($page.value)); $next = $page.nextLink }
}
$count = @($templates | Where-Object { $_.id -like '*/tpl-*' }).Count
'@
    $naiveBody = "`$arm = '$($e.armEndpoint.TrimEnd('/'))'; `$h = @{ Authorization = 'Bearer bench-emulator-token' }`n" + $naiveBody
    $crawl = Measure-Journal { Measure-InFreshProcess $naiveBody }
    $rows += [pscustomobject]@{
        Benchmark = 'Inventory of the estate, 100 ms on every call'
        Baseline  = ('ARM list per subscription: {0:N1} s, {1} templates, {2} requests, peak {3:N0} MB' -f ($crawl.Result.ms / 1000), $crawl.Result.count,
            $crawl.Requests, ($crawl.Result.peak / 1MB))
        Measured  = ('Resource Graph: {0:N1} s, {1} templates, {2} requests ({3} answered 429), peak {4:N0} MB' -f ($graph.Result.ms / 1000),
            $graph.Result.count, $graph.Requests, $graph.Throttled, ($graph.Result.peak / 1MB))
        Result    = ('wall ratio {0:N2}, requests ratio {1:N2}, peak ratio {2:N2}' -f ($graph.Result.ms / $crawl.Result.ms),
            ($graph.Requests / $crawl.Requests), ($graph.Result.peak / $crawl.Result.peak))
        Target    = 'all 10,000; faster and fewer requests than the crawl'
        Met       = $graph.Result.count -eq 10000 -and $crawl.Result.count -eq 10000 -and $graph.Result.ms -lt $crawl.Result.ms -and $graph.Requests -lt $crawl.Requests
    }
    Write-Host "  inventory: graph $([int]$graph.Result.ms) ms / $($graph.Requests) req; crawl $([int]$crawl.Result.ms) ms / $($crawl.Requests) req"

    # --- Readiness -------------------------------------------------------------------------------------------------------
    $null = Invoke-AibTestControl -Method Delete -Route faults
    $thousand = @(Get-AibImageTemplate | Group-Object SubscriptionId | ForEach-Object { $_.Group | Select-Object -First 20 })
    $sample = @(for ($i = 0; $i -lt $thousand.Count; $i += [int]($thousand.Count / $NaiveSample)) { $thousand[$i] })
    $null = Add-AibTestFault -Pattern '^(GET|POST|PUT|PATCH|DELETE) /' -Kind latency -LatencyMs 100

    $fleetWatch = [Diagnostics.Stopwatch]::StartNew()
    $fleet = Measure-Journal { @($thousand | Test-AibPrerequisite -ThrottleLimit 4).Count }
    $fleetWatch.Stop()
    $oneWatch = [Diagnostics.Stopwatch]::StartNew()
    $one = Measure-Journal { foreach ($t in $sample) { $null = $t | Test-AibPrerequisite } }
    $oneWatch.Stop()
    $fleetPer = $fleet.Requests / $thousand.Count
    $onePer = $one.Requests / $sample.Count
    $oneFor1000 = $oneWatch.Elapsed.TotalSeconds / $sample.Count * $thousand.Count
    $rows += [pscustomobject]@{
        Benchmark = 'Readiness of 1,000 templates (50 subscriptions), 100 ms on every call'
        Baseline  = ('one at a time, own reads: {0:N1} s for {1} (so {2:N0} s for 1,000), {3:N1} ARM requests a template' -f
            $oneWatch.Elapsed.TotalSeconds, $sample.Count, $oneFor1000, $onePer)
        Measured  = ('one Test-AibPrerequisite, shared reads: {0:N1} s, {1} results, {2:N2} ARM requests a template ({3} in all, {4} answered 429)' -f
            $fleetWatch.Elapsed.TotalSeconds, $fleet.Result, $fleetPer, $fleet.Requests, $fleet.Throttled)
        Result    = ('wall ratio {0:N3}, requests a template ratio {1:N3}' -f ($fleetWatch.Elapsed.TotalSeconds / $oneFor1000), ($fleetPer / $onePer))
        Target    = 'requests a template well under one template''s (< 0.25)'
        Met       = $fleetPer -lt $onePer / 4 -and $fleetWatch.Elapsed.TotalSeconds -lt $oneFor1000
    }
}
finally {
    $null = Invoke-AibTestControl -Method Delete -Route faults
}
$rows
