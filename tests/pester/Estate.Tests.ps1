# Issue 14: the whole estate through Azure Resource Graph (Get-AibImageTemplate) and in-place migration to the ACI-subnet
# topology (Update-AibIsolatedTemplate), against the emulator's generated estate and its Resource Graph.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force

    # A Resource Graph query sent directly (not through the module), with the module's token: it spends the same user quota.
    function Invoke-TestGraphQuery([string] $Query) {
        $e = Get-AibTestEmulator
        $arguments = @{
            Method = 'Post'; Uri = "$($e.armEndpoint)providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01"
            Headers = @{ Authorization = 'Bearer pester-emulator-token' }; ContentType = 'application/json'
            Body = (@{ query = $Query } | ConvertTo-Json); SkipCertificateCheck = $true; SkipHttpErrorCheck = $true
        }
        Invoke-WebRequest @arguments
    }
}

Describe 'Get-AibImageTemplate on the large estate' -Tag Estate {
    BeforeAll {
        $script:Emulator = Use-AibTestScenario large-estate
        $script:Manifest = Invoke-AibTestControl -Method Get -Route estate
    }

    It 'returns all 10,000 templates with the generator''s topology and run-state counts, through paging and a 429' {
        # Spend the caller's quota (15 queries a 5-second window) so that the module's first query is throttled.
        $answers = 1..15 | ForEach-Object { Invoke-TestGraphQuery 'resources | take 1' }
        ($answers | Where-Object StatusCode -eq 200) | Should -HaveCount 15
        Clear-AibTestJournal

        $watch = [Diagnostics.Stopwatch]::StartNew()
        $templates = @(Get-AibImageTemplate)
        $watch.Stop()
        Write-Host "Get-AibImageTemplate: $($templates.Count) templates in $([int]$watch.Elapsed.TotalMilliseconds) ms"

        $templates.Count | Should -Be $Manifest.templates
        $Manifest.templates | Should -Be 10000
        foreach ($topology in 'NoSubnet', 'BuildSubnetOnly', 'BuildAndAciSubnets') {
            @($templates | Where-Object Topology -eq $topology).Count | Should -Be $Manifest.topologyCounts.$topology -Because $topology
        }
        foreach ($state in $Manifest.runStateCounts.PSObject.Properties) {
            @($templates | Where-Object RunState -eq $state.Name).Count | Should -Be $state.Value -Because $state.Name
        }
        ($templates.Id | Select-Object -Unique).Count | Should -Be 10000

        $graph = @(Get-AibTestJournal | Where-Object { $_.path -eq '/providers/Microsoft.ResourceGraph/resources' })
        $throttled = @($graph | Where-Object status -eq 429)
        $throttled.Count | Should -BeGreaterOrEqual 1
        $throttled[0].'x-ms-user-quota-remaining' | Should -Be '0'
        $throttled[0].'x-ms-user-quota-resets-after' | Should -Match '^00:00:0[1-5]$'
        @($graph | Where-Object status -eq 200).Count | Should -Be 10 -Because '10,000 rows in pages of 1,000 ($skipToken)'
        # No crawl: nothing listed image templates through ARM.
        @(Get-AibTestJournal | Where-Object { $_.path -like '*imageTemplates*' }).Count | Should -Be 0
    }

    It 'filters by management group, topology, run state and name in the query' {
        $group = $Manifest.managementGroups[1]
        $some = @(Get-AibImageTemplate -ManagementGroup $group -Topology BuildSubnetOnly -RunState Failed -Name 'tpl-0*')
        $some.Count | Should -BeGreaterThan 0
        $some | ForEach-Object { $_.Topology | Should -Be 'BuildSubnetOnly'; $_.RunState | Should -Be 'Failed'; $_.Name | Should -BeLike 'tpl-0*' }
        $one = Get-AibImageTemplate -SubscriptionId $some[0].SubscriptionId -Name $some[0].Name
        $one.Id | Should -Be $some[0].Id
        $one.SubnetId | Should -Match '/subnets/snet-build$|/subnets/snet-removed$'
        $one.IdentityId | Should -Match 'userAssignedIdentities/'
        $one.Source | Should -Be 'Canonical:ubuntu-24_04-lts:server:latest'
        $one.Distribution[0] | Should -Match '^SharedImage '
        $one.StagingResourceGroupId | Should -Match '/resourceGroups/IT_rg-images_'
        $one.LastRunMessage | Should -Not -BeNullOrEmpty
    }
}

Describe 'Get-AibImageTemplate without Resource Graph permission' -Tag Estate {
    It 'fails with InventoryResourceGraphPermissionDenied naming the permission, and crawls nothing' {
        $null = Use-AibTestScenario resource-graph-denied
        $err = $null
        try { Get-AibImageTemplate -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'InventoryResourceGraphPermissionDenied,IsolatedImageBuilds.Cmdlets.GetAibImageTemplateCommand'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -BeLike '*Microsoft.ResourceGraph/resources/read*'
        @(Get-AibTestJournal | Where-Object { $_.path -like '*imageTemplates*' }).Count | Should -Be 0
    }
}

Describe 'Inventory records flow by pipeline into the other cmdlets' -Tag Estate {
    BeforeAll {
        $script:Emulator = Use-AibTestScenario default
        $null = New-AibTestTemplate -Name piped-t -Topology BuildAndAciSubnets -Deploy
        $script:Record = Get-AibImageTemplate -SubscriptionId $Emulator.subscriptionId -Name piped-t
    }

    It 'binds Name, ResourceGroupName and SubscriptionId into Get-AibIsolatedBuild, Start-, Stop-, Get-AibBuildLog, Get-AibStagingResource' {
        $Record.Name | Should -Be 'piped-t'
        ($Record | Get-AibIsolatedBuild).Name | Should -Be 'piped-t'
        $started = $Record | Start-AibIsolatedBuild -NoWait -Confirm:$false
        $started.Name | Should -Be 'piped-t'
        $Record | Stop-AibIsolatedBuild -Confirm:$false -Wait -PollingInterval 00:00:00.500 | Out-Null
        ($Record | Get-AibIsolatedBuild).RunState | Should -BeIn 'Canceled', 'Succeeded', 'Failed'
        { $Record | Get-AibStagingResource -ErrorAction Stop | Out-Null } | Should -Not -Throw
        { $Record | Get-AibBuildLog -Tail 5 -ErrorAction SilentlyContinue | Out-Null } | Should -Not -Throw
        $journal = Get-AibTestJournal
        @($journal | Where-Object { $_.method -eq 'POST' -and $_.path -like '*/imageTemplates/piped-t/run' }).Count | Should -Be 1
        @($journal | Where-Object { $_.method -eq 'POST' -and $_.path -like '*/imageTemplates/piped-t/cancel' }).Count | Should -Be 1
    }

    It 'a record of another subscription is addressed in its own subscription' {
        $other = [pscustomobject]@{ Name = 'nowhere'; ResourceGroupName = 'rg-x'; SubscriptionId = '00000000-1111-2222-3333-444444444444' }
        $err = $null
        try { $other | Get-AibIsolatedBuild -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        (Get-AibTestJournal | Select-Object -Last 1).path | Should -BeLike '/subscriptions/00000000-1111-2222-3333-444444444444/*'
    }
}
