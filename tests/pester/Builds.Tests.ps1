# Start-, Get-, Stop-AibIsolatedBuild against the emulator: every topology, failures named by their
# cause, re-attaching from another process, cancel, Ctrl+C, and no double run under injected faults.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force
    $script:Emulator = Use-AibTestScenario default

    # Runs a command in a runspace of this process (same connection) and keeps its progress records.
    function Invoke-WithProgress([scriptblock] $Script) {
        $ps = [PowerShell]::Create([System.Management.Automation.RunspaceMode]::NewRunspace)
        try {
            $null = $ps.AddScript("Import-Module '$(Get-AibTestManifest)'").AddStatement().AddScript($Script.ToString())
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = $output; Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error); Warnings = @($ps.Streams.Warning) }
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Start-AibIsolatedBuild' {
    It 'builds a <_> template to Succeeded with run outputs, showing the stages' -ForEach 'NoSubnet', 'BuildSubnetOnly', 'BuildAndAciSubnets' {
        $name = "build-$($_.ToLower())"
        $null = New-AibTestTemplate -Name $name -Topology $_ -Deploy
        $result = Invoke-WithProgress ([scriptblock]::Create("Start-AibIsolatedBuild -Name $name -ResourceGroupName $($Emulator.resourceGroupName) -PollingInterval 00:00:00.500"))
        $result.Errors | Should -HaveCount 0
        $run = $result.Output | Select-Object -First 1
        $run.RunState | Should -Be 'Succeeded'
        $run.Outputs.Count | Should -Be 1
        $run.Outputs[0].ArtifactId | Should -Match "/images/$name$"
        $run.StagingResourceGroup | Should -Match "/resourceGroups/IT_rg-aib_$name"
        $stages = $result.Progress | Where-Object { $_.ActivityId -eq 100 -and $_.RecordType -eq 'Processing' } | ForEach-Object { ($_.StatusDescription -split ' - ')[0] } | Select-Object -Unique
        foreach ($stage in 'Building', 'Customizing', 'Distributing') { $stages | Should -Contain $stage }
        ($result.Progress | Select-Object -Last 1).RecordType | Should -Be 'Completed'
    }

    It 'ends a failing build in an error that names the cause from the log' {
        $null = Use-AibTestScenario customizer-fails
        $null = New-AibTestTemplate -Name failing-t -Deploy
        $err = $null
        try { Start-AibIsolatedBuild -Name failing-t -ResourceGroupName $Emulator.resourceGroupName -PollingInterval 00:00:00.500 -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'BuildFailed,IsolatedImageBuilds.Cmdlets.StartAibIsolatedBuildCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidResult'
        $err.TargetObject.GetType().Name | Should -Be 'AibBuildRun'
        $err.TargetObject.RunState | Should -Be 'Failed'
        $err.Exception.Message | Should -Match 'AIB-\d{3}'
        $err.Exception.Message | Should -Match 'shell #2|install'
        $err.Exception.Message | Should -Match 'customization.log'
        $null = Use-AibTestScenario default
    }

    It 'ends a build whose identity cannot write the managed image in an error naming the action and the scope' {
        $null = Use-AibTestScenario identity-no-image-write
        $null = New-AibTestTemplate -Name noimagewrite-t -Deploy
        $err = $null
        try { Start-AibIsolatedBuild -Name noimagewrite-t -ResourceGroupName $Emulator.resourceGroupName -PollingInterval 00:00:00.500 -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'BuildFailed,IsolatedImageBuilds.Cmdlets.StartAibIsolatedBuildCommand'
        $err.TargetObject.RunState | Should -Be 'Failed'
        $err.TargetObject.Message | Should -Match 'AuthorizationFailed'
        $err.Exception.Message | Should -Match ([regex]::Escape("'Microsoft.Compute/images/write'"))
        $err.Exception.Message | Should -Match ([regex]::Escape("/subscriptions/$($Emulator.subscriptionId)/resourceGroups/rg-aib-images/providers/Microsoft.Compute/images/noimagewrite-t"))
        $err.Exception.Message | Should -Not -Match 'AIB-UNKNOWN: Build failed for a reason not in the knowledge base\.?$'
        $null = Use-AibTestScenario default
    }

    It 'raises the failure as an Azure DevOps issue when TF_BUILD is set' {
        $null = Use-AibTestScenario customizer-fails
        $null = New-AibTestTemplate -Name failing-tf -Deploy
        $e = Get-AibTestEmulator
        $out = Invoke-FreshPwsh -Environment @{ TF_BUILD = 'True' } @"
Import-Module '$(Get-AibTestManifest)'
`$null = Connect-AibAccount -ArmEndpoint $($e.armEndpoint) -SubscriptionId $($e.subscriptionId) -AccessToken (ConvertTo-SecureString t -AsPlainText -Force) -SkipCertificateCheck -WarningAction SilentlyContinue
Start-AibIsolatedBuild -Name failing-tf -ResourceGroupName $($e.resourceGroupName) -PollingInterval 00:00:00.500 -ErrorAction SilentlyContinue
"@
        $out | Should -Match '##vso\[task.logissue type=error;\]Image build of failing-tf failed'
        $null = Use-AibTestScenario default
    }

    It 'returns at once with -NoWait, and Get-AibIsolatedBuild -Wait in another process sees the build to its end' {
        $null = New-AibTestTemplate -Name nowait-t -Deploy
        $run = Start-AibIsolatedBuild -Name nowait-t -ResourceGroupName $Emulator.resourceGroupName -NoWait
        $run.RunState | Should -Be 'Running'
        $e = Get-AibTestEmulator
        $out = Invoke-FreshPwsh @"
Import-Module '$(Get-AibTestManifest)'
`$null = Connect-AibAccount -ArmEndpoint $($e.armEndpoint) -SubscriptionId $($e.subscriptionId) -AccessToken (ConvertTo-SecureString t -AsPlainText -Force) -SkipCertificateCheck -WarningAction SilentlyContinue
`$before = Get-AibIsolatedBuild -Name nowait-t -ResourceGroupName $($e.resourceGroupName)
'before=' + `$before.RunState
`$after = Get-AibIsolatedBuild -Name nowait-t -ResourceGroupName $($e.resourceGroupName) -Wait -PollingInterval 00:00:00.500
'after=' + `$after.RunState + '|' + `$after.Reattached + '|' + `$after.Outputs.Count
"@
        $out | Should -Match 'before=Running'
        $out | Should -Match 'after=Succeeded\|True\|1'
    }

    It 're-attaches to a build already running instead of starting a second one' {
        $null = New-AibTestTemplate -Name reattach-t -Deploy
        $null = Start-AibIsolatedBuild -Name reattach-t -ResourceGroupName $Emulator.resourceGroupName -NoWait
        Clear-AibTestJournal
        $run = Start-AibIsolatedBuild -Name reattach-t -ResourceGroupName $Emulator.resourceGroupName -PollingInterval 00:00:00.500
        $run.RunState | Should -Be 'Succeeded'
        $run.Reattached | Should -BeTrue
        @(Get-AibTestJournal | Where-Object { $_.method -eq 'POST' -and $_.path -match '/run$' }) | Should -HaveCount 0
    }

    It 'Stop-AibIsolatedBuild -Wait ends in Canceled' {
        $null = New-AibTestTemplate -Name cancel-t -Deploy
        $null = Start-AibIsolatedBuild -Name cancel-t -ResourceGroupName $Emulator.resourceGroupName -NoWait
        Start-Sleep -Milliseconds 800
        $stopped = Stop-AibIsolatedBuild -Name cancel-t -ResourceGroupName $Emulator.resourceGroupName -Wait -PollingInterval 00:00:00.500 -Confirm:$false -WarningAction SilentlyContinue
        $stopped.RunState | Should -Be 'Canceled'
        $err = $null
        try { Stop-AibIsolatedBuild -Name cancel-t -ResourceGroupName $Emulator.resourceGroupName -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'BuildNotRunning,IsolatedImageBuilds.Cmdlets.StopAibIsolatedBuildCommand'
    }

    It 'stops waiting within a second on Ctrl+C, says how to re-attach, and leaves the build running' {
        $null = New-AibTestTemplate -Name ctrlc-t -Deploy
        $ps = [PowerShell]::Create([System.Management.Automation.RunspaceMode]::NewRunspace)
        try {
            $null = $ps.AddScript("Import-Module '$(Get-AibTestManifest)'; Start-AibIsolatedBuild -Name ctrlc-t -ResourceGroupName $($Emulator.resourceGroupName) -PollingInterval 00:00:00.500")
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ([DateTime]::UtcNow -lt $deadline -and -not ($ps.Streams.Progress | Where-Object { $_.StatusDescription -like 'Building*' -or $_.StatusDescription -like 'Customizing*' })) { Start-Sleep -Milliseconds 100 }
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
        }
        finally { $ps.Dispose() }
        $run = Get-AibIsolatedBuild -Name ctrlc-t -ResourceGroupName $Emulator.resourceGroupName
        $run.RunState | Should -Be 'Running' -Because 'Ctrl+C stops the waiting, never the build'
        $done = Get-AibIsolatedBuild -Name ctrlc-t -ResourceGroupName $Emulator.resourceGroupName -Wait -PollingInterval 00:00:00.500
        $done.RunState | Should -Be 'Succeeded'
    }

    It 'runs as a background job with -AsJob, sharing the session connection' {
        $null = New-AibTestTemplate -Name asjob-t -Deploy
        $job = Start-AibIsolatedBuild -Name asjob-t -ResourceGroupName $Emulator.resourceGroupName -PollingInterval 00:00:00.500 -AsJob
        $job | Should -BeOfType [System.Management.Automation.Job]
        $result = $job | Receive-Job -Wait -AutoRemoveJob -ErrorAction Stop
        $result.Name | Should -Be 'asjob-t'
        $result.RunState | Should -Be 'Succeeded'
    }

    It 'runs several templates side by side from the pipeline, one activity each' {
        foreach ($i in 1..3) { $null = New-AibTestTemplate -Name "pipe-$i" -Deploy }
        $result = Invoke-WithProgress ([scriptblock]::Create("1..3 | ForEach-Object { [pscustomobject]@{ Name = `"pipe-`$_`"; ResourceGroupName = '$($Emulator.resourceGroupName)' } } | Start-AibIsolatedBuild -ThrottleLimit 3 -PollingInterval 00:00:00.500"))
        @($result.Output | Where-Object RunState -eq 'Succeeded') | Should -HaveCount 3
        ($result.Progress.ActivityId | Select-Object -Unique | Sort-Object) | Should -Be @(1, 100, 101, 102)
    }
}

Describe 'Reliability under injected faults' -Tag 'Reliability' {
    It 'ends 50 builds in their correct state with 20% of ARM requests failing, and exactly one accepted run request each' {
        # Enough ACI and VM quota for 50 builds at once: this test is about faults, not quota (which the emulator enforces).
        $null = Use-AibTestScenario -Inline @{ extends = 'default'; usages = @{
                containerInstance = @(@{ name = 'ContainerGroups'; limit = 200; currentValue = 0 }, @{ name = 'StandardCores'; limit = 800; currentValue = 0 })
                compute           = @(@{ name = 'cores'; localizedValue = 'Total Regional vCPUs'; limit = 1000; currentValue = 0 }, @{ name = 'standardDDSv4Family'; localizedValue = 'Standard DDSv4 Family vCPUs'; limit = 400; currentValue = 0 })
            } }
        $names = 1..50 | ForEach-Object { 'rel-{0:00}' -f $_ }
        foreach ($name in $names) { $null = New-AibTestTemplate -Name $name -Deploy }
        Clear-AibTestJournal
        $pattern = '^(GET|POST) /subscriptions/[^/]+/(resourceGroups/rg-aib/providers/Microsoft.VirtualMachineImages/imageTemplates/rel-|providers/Microsoft.VirtualMachineImages/locations/)'
        $null = Add-AibTestFault -Pattern $pattern -Kind status -Status 429 -Probability 0.05 -Seed 11 -RetryAfterSeconds 1
        $null = Add-AibTestFault -Pattern $pattern -Kind status -Status 500 -Probability 0.05 -Seed 12
        $null = Add-AibTestFault -Pattern $pattern -Kind status -Status 503 -Probability 0.05 -Seed 13 -RetryAfterSeconds 1
        $null = Add-AibTestFault -Pattern $pattern -Kind reset -Probability 0.05 -Seed 14
        $runs = $names | ForEach-Object { [pscustomobject]@{ Name = $_; ResourceGroupName = 'rg-aib' } } |
            Start-AibIsolatedBuild -ThrottleLimit 50 -PollingInterval 00:00:01 -ErrorAction SilentlyContinue -ErrorVariable failures
        $null = Invoke-AibTestControl -Method Delete -Route faults
        $journal = Get-AibTestJournal
        $faulted = @($journal | Where-Object { $_.fault }).Count
        Write-Host "Reliability: $($journal.Count) ARM requests, $faulted faulted; $(@($runs).Count) runs returned, $($failures.Count) errors"
        $failures | Select-Object -First 5 | ForEach-Object { Write-Host "  error: $($_.FullyQualifiedErrorId): $($_.Exception.Message)" }
        $faulted | Should -BeGreaterThan 50 -Because 'the faults must really have been injected'
        @($runs | Where-Object RunState -eq 'Succeeded') | Should -HaveCount 50
        foreach ($name in $names) {
            $accepted = @($journal | Where-Object { $_.method -eq 'POST' -and $_.path -match "/imageTemplates/$name/run$" -and $_.status -eq 202 })
            $accepted | Should -HaveCount 1 -Because "$name must be run exactly once"
        }
    }
}
