# Hosts that outlive nothing: outages ridden out while waiting, -MaxWaitMinutes, -IdempotencyKey across a killed
# process, Automation and Azure Pipelines output, and the Windows PowerShell 5.1 resolve path run on PowerShell 7.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force
    $script:Emulator = Use-AibTestScenario default
    $script:Rg = $Emulator.resourceGroupName

    function Set-TimeScale([double] $Value) { $null = Invoke-AibTestControl -Method Post -Route timescale -Body @{ timeScale = $Value } }

    # Runs a script in a new runspace of this process (same connection) with environment variables set for its
    # duration; keeps every stream.
    function Invoke-InRunspace([string] $Script, [hashtable] $Environment = @{}) {
        $saved = @{}
        foreach ($key in $Environment.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $Environment[$key]) }
        $ps = [PowerShell]::Create([System.Management.Automation.RunspaceMode]::NewRunspace)
        try {
            $null = $ps.AddScript("Import-Module '$(Get-AibTestManifest)'").AddStatement().AddScript($Script)
            $output = $ps.Invoke()
            [pscustomobject]@{
                Output = $output; Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error)
                Warnings = @($ps.Streams.Warning | ForEach-Object Message); Information = @($ps.Streams.Information | ForEach-Object { "$($_.MessageData)" })
            }
        }
        finally {
            $ps.Dispose()
            foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
        }
    }

    function Wait-Stage([string] $Name, [string[]] $Stages, [int] $Seconds = 120) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while ([DateTime]::UtcNow -lt $deadline) {
            $run = Get-AibIsolatedBuild -Name $Name -ResourceGroupName $Rg
            if ($run.RunSubState -in $Stages) { return $run }
            Start-Sleep -Milliseconds 300
        }
        throw "$Name never reached $($Stages -join '/')"
    }

    $script:ConnectLine = "`$null = Connect-AibAccount -ArmEndpoint $($Emulator.armEndpoint) -SubscriptionId $($Emulator.subscriptionId) " +
        "-AccessToken (ConvertTo-SecureString t -AsPlainText -Force) -SkipCertificateCheck -WarningAction SilentlyContinue"
}

Describe 'Hosts' {
    AfterEach { Set-TimeScale 0.01; $null = Invoke-AibTestControl -Method Delete -Route faults }

    Describe 'Waiting through an outage' {
        It 'rides out 25 nominal minutes of 500 on every read of the template, mid-build, and ends Succeeded' {
            # 0.06 real s per nominal s: the build takes ~36 s, the outage 90 s - longer than Azure.Core's own 6 retries (~50 s per read).
            Set-TimeScale 0.06
            $null = New-AibTestTemplate -Name outage-t -Deploy
            Clear-AibTestJournal
            $ps = [PowerShell]::Create([System.Management.Automation.RunspaceMode]::NewRunspace)
            $null = $ps.AddScript("Import-Module '$(Get-AibTestManifest)'").AddStatement().AddScript(
                "Start-AibIsolatedBuild -Name outage-t -ResourceGroupName $Rg -PollingInterval 00:00:01")
            $async = $ps.BeginInvoke()
            try {
                $null = Wait-Stage outage-t 'Customizing'
                $rule = Invoke-AibTestControl -Method Post -Route faults -Body @{
                    pattern = '^GET /subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.VirtualMachineImages/imageTemplates/outage-t$'
                    kind = 'status'; status = 500; durationSeconds = 1500
                }
                $output = $ps.EndInvoke($async)
                $warnings = @($ps.Streams.Warning | ForEach-Object Message)
                $errors = @($ps.Streams.Error)
            }
            finally { $ps.Dispose() }
            $errors | Should -HaveCount 0
            $output[0].RunState | Should -Be 'Succeeded'
            $warnings | Where-Object { $_ -like 'WaitOutageTolerated:*' } | Should -HaveCount 1
            $failed = @(Get-AibTestJournal | Where-Object { $_.method -eq 'GET' -and $_.path -match '/imageTemplates/outage-t$' -and $_.status -eq 500 })
            $span = ([DateTimeOffset]$failed[-1].timestamp - [DateTimeOffset]$failed[0].timestamp).TotalSeconds
            Write-Host "outage: $($failed.Count) answers 500 over $([math]::Round($span, 1)) s real (25 nominal minutes = 90 s); rule $($rule.id)"
            $span | Should -BeGreaterThan 60
            (Invoke-AibTestControl -Method Get -Route faults).value[0].hits | Should -Be $failed.Count
        }

        It 'ends, once the tolerated outage runs out, with BuildWaitOutage saying how to re-attach' {
            $null = New-AibTestTemplate -Name outage-end-t -Deploy
            $null = Start-AibIsolatedBuild -Name outage-end-t -ResourceGroupName $Rg -NoWait
            # 503 with Retry-After 1: Azure.Core's retries take ~6 s, then the 5-second tolerance runs out.
            $null = Add-AibTestFault -Pattern '^GET .*/imageTemplates/outage-end-t$' -Status 503 -RetryAfterSeconds 1
            $err = $null
            $watch = [Diagnostics.Stopwatch]::StartNew()
            try { Get-AibIsolatedBuild -Name outage-end-t -ResourceGroupName $Rg -Wait -OutageTolerance 00:00:05 -ErrorAction Stop -WarningVariable w -WarningAction SilentlyContinue }
            catch { $err = $_ }
            $watch.Stop()
            $err.FullyQualifiedErrorId | Should -BeLike 'BuildWaitOutage,*'
            $err.Exception.Message | Should -Match 'Get-AibIsolatedBuild -ResourceGroupName rg-\S+ -Name outage-end-t -Wait'
            @($w | Where-Object { "$_" -like 'WaitOutageTolerated:*' }) | Should -HaveCount 1
            Write-Host "tolerance 5 s: ended after $([math]::Round($watch.Elapsed.TotalSeconds, 1)) s (Azure.Core's retries come first)"
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 120
        }

        It 'follows a log through an outage too (Get-AibBuildLog -Follow) and ends with the whole log' {
            Set-TimeScale 0.03
            $null = New-AibTestTemplate -Name outage-follow-t -Deploy
            $null = Start-AibIsolatedBuild -Name outage-follow-t -ResourceGroupName $Rg -NoWait
            $null = Wait-Stage outage-follow-t 'Customizing'
            $null = Invoke-AibTestControl -Method Post -Route faults -Body @{
                pattern = '^GET .*/imageTemplates/outage-follow-t$'; kind = 'status'; status = 503; retryAfterSeconds = 1; durationSeconds = 3000
            }
            $entries = Get-AibBuildLog -Name outage-follow-t -ResourceGroupName $Rg -Follow -PollingInterval 00:00:01 -WarningVariable w -WarningAction SilentlyContinue
            @($w | Where-Object { "$_" -like 'WaitOutageTolerated:*' }) | Should -HaveCount 1
            # Nothing lost to the outage: what was followed is the whole persisted log.
            $persisted = @(Get-AibBuildLog -Name outage-follow-t -ResourceGroupName $Rg)
            Write-Host "followed $(@($entries).Count) entries through the outage; persisted log: $($persisted.Count)"
            @($entries).Count | Should -Be $persisted.Count
            (Get-AibIsolatedBuild -Name outage-follow-t -ResourceGroupName $Rg).RunState | Should -Be 'Succeeded'
        }
    }

    Describe 'Start-AibIsolatedBuild -MaxWaitMinutes' {
        It 'stops waiting in time and returns the running build with a re-attach hint' {
            Set-TimeScale 0.05
            $null = New-AibTestTemplate -Name maxwait-t -Deploy
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $run = Start-AibIsolatedBuild -Name maxwait-t -ResourceGroupName $Rg -PollingInterval 00:00:01 -MaxWaitMinutes 0.05 -WarningVariable w -WarningAction SilentlyContinue
            $watch.Stop()
            Write-Host "-MaxWaitMinutes 0.05 (3 s): returned after $([math]::Round($watch.Elapsed.TotalSeconds, 1)) s"
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 6
            $run.RunState | Should -Be 'Running'
            $run.WaitStopped | Should -BeTrue
            "$w" | Should -Match '^WaitStopped: .*Get-AibIsolatedBuild -ResourceGroupName rg-\S+ -Name maxwait-t -Wait'
            (Get-AibIsolatedBuild -Name maxwait-t -ResourceGroupName $Rg -Wait -PollingInterval 00:00:01).RunState | Should -Be 'Succeeded'
        }
    }

    Describe 'Start-AibIsolatedBuild -IdempotencyKey' {
        It 'starts one build for a key even when the first process is killed mid-wait and the script runs again (Automation job id as key)' {
            Set-TimeScale 0.05
            $null = New-AibTestTemplate -Name idem-t -Deploy
            Clear-AibTestJournal
            $jobId = [guid]::NewGuid()
            $script = Join-Path $TestDrive 'runbook.ps1'
            Set-Content $script -Encoding utf8 @"
    `$ErrorActionPreference = 'Stop'
    `$PSPrivateMetadata = @{ JobId = [guid]'$jobId' }
    Import-Module '$(Get-AibTestManifest)'
    $ConnectLine
    `$run = Start-AibIsolatedBuild -Name idem-t -ResourceGroupName $Rg -PollingInterval 00:00:01
    'result=' + `$run.RunState + '|' + `$run.StartTime.ToUniversalTime().ToString('u') + '|reattached=' + `$run.Reattached
"@
            $exe = [Environment]::ProcessPath
            [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
            $first = Start-Process -FilePath $exe -ArgumentList ($prefix + @('-NoProfile', '-NonInteractive', '-File', $script)) -PassThru `
                -RedirectStandardOutput (Join-Path $TestDrive 'first.out') -RedirectStandardError (Join-Path $TestDrive 'first.err')
            $null = Wait-Stage idem-t 'Building', 'Customizing'
            Start-Sleep -Seconds 2
            Stop-Process -Id $first.Id -Force
            $first.WaitForExit()
            $firstOut = Get-Content (Join-Path $TestDrive 'first.out') -Raw
            $firstOut -match 'AIB idem-t: (Building|Customizing) .*\(run started (?<start>[-0-9]+ [:0-9]+Z)\)' | Should -BeTrue
            $startedByFirst = $Matches.start
            $startedByFirst | Should -Not -BeNullOrEmpty
            $firstOut | Should -Not -Match 'result='

            $secondOut = Invoke-FreshPwsh (Get-Content $script -Raw)
            $secondOut -match 'result=Succeeded\|(?<start>[^|]+)\|reattached=True' | Should -BeTrue
            $Matches.start | Should -Be $startedByFirst
            $posts = @(Get-AibTestJournal | Where-Object { $_.method -eq 'POST' -and $_.path -match '/imageTemplates/idem-t/run$' })
            Write-Host "journal: $($posts.Count) POST .../idem-t/run; both runs: started $startedByFirst"
            $posts | Should -HaveCount 1
            (Get-AibTestJournal | Where-Object { $_.method -eq 'PATCH' -and $_.path -match '/imageTemplates/idem-t$' }) | Should -HaveCount 1
        }

        It 'attaches to the finished run of the same key, and starts a new build for a new key' {
            $null = New-AibTestTemplate -Name idem2-t -Deploy
            Clear-AibTestJournal
            $one = Start-AibIsolatedBuild -Name idem2-t -ResourceGroupName $Rg -IdempotencyKey k-1 -PollingInterval 00:00:00.500
            $again = Start-AibIsolatedBuild -Name idem2-t -ResourceGroupName $Rg -IdempotencyKey k-1 -PollingInterval 00:00:00.500
            $again.Reattached | Should -BeTrue
            $again.StartTime | Should -Be $one.StartTime
            $other = Start-AibIsolatedBuild -Name idem2-t -ResourceGroupName $Rg -IdempotencyKey k-2 -PollingInterval 00:00:00.500
            $other.StartTime | Should -BeGreaterThan $one.StartTime
            @(Get-AibTestJournal | Where-Object { $_.method -eq 'POST' -and $_.path -match '/idem2-t/run$' }) | Should -HaveCount 2
        }
    }

    Describe 'Output in Azure Automation' {
        It 'writes no progress, one compact line per stage change, and bounds a log summary well under 1 MiB' {
            $null = New-AibTestTemplate -Name auto-t -Deploy
            $r = Invoke-InRunspace "Start-AibIsolatedBuild -Name auto-t -ResourceGroupName $Rg -PollingInterval 00:00:00.300" @{ AZUREPS_HOST_ENVIRONMENT = 'AzureAutomation/' }
            $r.Errors | Should -HaveCount 0
            $r.Output[0].RunState | Should -Be 'Succeeded'
            $r.Progress | Should -HaveCount 0
            $lines = @($r.Information | Where-Object { $_ -like 'AIB auto-t: *' })
            Write-Host ($lines -join "`n")
            $stages = $lines | ForEach-Object { ($_ -split ' ')[2] }
            @($stages | Select-Object -Unique).Count | Should -Be $stages.Count
            foreach ($stage in 'Building', 'Customizing', 'Succeeded') { $stages | Should -Contain $stage }
            ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessThan 120
            # The largest real log in the reference data, summarised as an Automation job would store it.
            $largest = Get-ChildItem (Join-Path (Get-AibRepoRoot) 'tests/reference/logs') -Recurse -File -Filter *.log | Sort-Object Length -Descending | Select-Object -First 1
            # ... fifty times over (a 10 MB log with 50 times its provisioners and errors): the summary must stay bounded.
            $big = Join-Path $TestDrive 'big.log'
            $text = [IO.File]::ReadAllText($largest.FullName)
            [IO.File]::WriteAllText($big, [string]::Concat([string[]](@($text) * 50)))
            $summary = Get-AibBuildLog -Path $big -Summary
            $bytes = [Text.Encoding]::UTF8.GetByteCount(($summary | Out-String -Width 200) + ($summary | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue))
            Write-Host "summary of $($largest.Name) x 50 ($((Get-Item $big).Length) bytes): $bytes bytes as text + JSON"
            $bytes | Should -BeLessThan 512KB
        }
    }

    Describe 'Output in Azure Pipelines (TF_BUILD)' {
        It 'writes stage changes as ##[group] sections, no progress, and tells a long job how to split' {
            $null = New-AibTestTemplate -Name tf-t -Deploy
            $r = Invoke-InRunspace "Start-AibIsolatedBuild -Name tf-t -ResourceGroupName $Rg -PollingInterval 00:00:00.300" @{ TF_BUILD = 'True' }
            $r.Output[0].RunState | Should -Be 'Succeeded'
            $r.Progress | Should -HaveCount 0
            $groups = @($r.Information | Where-Object { $_ -like '##`[group`]AIB tf-t: *' })
            $ends = @($r.Information | Where-Object { $_ -eq '##[endgroup]' })
            Write-Host ($r.Information -join "`n")
            $groups.Count | Should -BeGreaterThan 2
            $ends.Count | Should -Be $groups.Count
            $r.Information[-1] | Should -Be '##[endgroup]'
            # The template's timeout (240, default) + 45 minutes outlives a hosted agent's 60-minute job.
            $hint = @($r.Warnings | Where-Object { $_ -like 'WaitAgentJobLimit:*' })
            $hint | Should -HaveCount 1
            $hint[0] | Should -Match 'Start-AibIsolatedBuild -NoWait'
            $hint[0] | Should -Match 'Get-AibIsolatedBuild -ResourceGroupName rg-\S+ -Name tf-t -Wait'
            $bounded = Invoke-InRunspace "Start-AibIsolatedBuild -Name tf-t -ResourceGroupName $Rg -PollingInterval 00:00:00.300 -MaxWaitMinutes 30" @{ TF_BUILD = 'True' }
            @($bounded.Warnings | Where-Object { $_ -like 'WaitAgentJobLimit:*' }) | Should -HaveCount 0
        }
    }

    Describe 'The Windows PowerShell 5.1 resolve path, run on PowerShell 7' {
        BeforeAll {
            $script:OldAzureCore = Join-Path (Get-NuGetPackageRoot) 'azure.core/1.44.1/lib/net6.0/Azure.Core.dll'
            $script:ResolveScript = @"
Import-Module '$(Get-AibTestManifest)'
$ConnectLine
'run=' + (Start-AibIsolatedBuild -Name resolve-t -ResourceGroupName $Rg -PollingInterval 00:00:00.500).RunState
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Azure.Core', 'IsolatedImageBuilds.Core' } |
    ForEach-Object { 'assembly=' + `$_.GetName().Name + '=' + `$_.GetName().Version + '=' + [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
"@
        }

        It 'imports with AIB_DIAGNOSTIC_USE_ASSEMBLYRESOLVE=1 (no load context) and runs a build' {
            $null = New-AibTestTemplate -Name resolve-t -Deploy
            $out = Invoke-FreshPwsh -Environment @{ AIB_DIAGNOSTIC_USE_ASSEMBLYRESOLVE = '1' } $ResolveScript
            Write-Host $out
            $out | Should -Match 'run=Succeeded'
            $out | Should -Match 'assembly=IsolatedImageBuilds.Core=[0-9.]+=Default'
            $out | Should -Match 'assembly=Azure.Core=1\.(5[3-9]|[6-9]\d)\.[0-9.]+=Default'
            $out | Should -Not -Match 'DependencyLoadContext'
        }

        It 'beside an older Azure.Core loaded first, meets what .NET''s single default context allows (one version): FileLoadException' {
            # .NET Framework's LoadFrom context can hold a second version of a strong-named assembly; .NET's default context
            # cannot. This is why PowerShell 7 uses the load context, and why this case proves nothing about 5.1.
            $out = Invoke-FreshPwsh -Environment @{ AIB_DIAGNOSTIC_USE_ASSEMBLYRESOLVE = '1' } ("Add-Type -Path '$OldAzureCore'`n" + $ResolveScript)
            Write-Host $out
            $out | Should -Match "Could not load file or assembly 'Azure.Core, Version=1\.(5[3-9]|[6-9]\d)"
            $out | Should -Not -Match 'run=Succeeded'
        }
    }
}
