# Issue 14 item 4 (Must-show 4): Update-AibIsolatedTemplate moves a BuildSubnetOnly template to its own ACI subnet in place,
# keeping tags and triggers, refusing while a build runs; and Test-AibPrerequisite reads inventory records by pipeline.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force

    # The emulator's trigger REST (Triggers_CreateOrUpdate / Triggers_Get), sent directly: no cmdlet of this module makes triggers.
    function Invoke-TestTrigger([string] $Method, [string] $TemplateName) {
        $e = Get-AibTestEmulator
        $uri = "$($e.armEndpoint)subscriptions/$($e.subscriptionId)/resourceGroups/$($e.resourceGroupName)/providers/" +
            "Microsoft.VirtualMachineImages/imageTemplates/$TemplateName/triggers/source?api-version=2024-02-01"
        $arguments = @{ Method = $Method; Uri = $uri; Headers = @{ Authorization = 'Bearer pester-emulator-token' }; SkipCertificateCheck = $true }
        if ($Method -eq 'Put') { $arguments.Body = '{"properties":{"kind":"SourceImage"}}'; $arguments.ContentType = 'application/json' }
        Invoke-RestMethod @arguments
    }

    function Get-TestPatch([string] $TemplateName) {
        @(Get-AibTestJournal | Where-Object { $_.method -eq 'PATCH' -and $_.path -like "*/imageTemplates/$TemplateName" })
    }
}

Describe 'Update-AibIsolatedTemplate moves a BuildSubnetOnly template to BuildAndAciSubnets' -Tag TemplateUpdate {
    BeforeAll {
        $script:Emulator = Use-AibTestScenario default
        $null = New-AibTestTemplate -Name migrate-t -Topology BuildSubnetOnly -Deploy -Extra @{ ProxyVmSize = 'Standard_A2_v2'; Tag = @{ owner = 'platform' } }
        $null = Invoke-TestTrigger Put migrate-t
        $script:Record = Get-AibImageTemplate -SubscriptionId $Emulator.subscriptionId -Name migrate-t
    }

    It 'shows the before and after of each field under -WhatIf, and sends nothing' {
        $Record.Topology | Should -Be 'BuildSubnetOnly'
        Clear-AibTestJournal
        $e = $Emulator
        $out = Invoke-FreshPwsh @"
Import-Module '$(Get-AibTestManifest)'
`$null = Connect-AibAccount -ArmEndpoint $($e.armEndpoint) -SubscriptionId $($e.subscriptionId) -AccessToken (ConvertTo-SecureString t -AsPlainText -Force) -SkipCertificateCheck -WarningAction SilentlyContinue
Get-AibImageTemplate -Topology BuildSubnetOnly -Name migrate-t | Update-AibIsolatedTemplate -ContainerInstanceSubnetId '$($e.containerInstanceSubnetId)' -WhatIf
"@
        Write-Host $out
        $out | Should -Match 'What if: .*migrate-t .*\(BuildSubnetOnly -> BuildAndAciSubnets\)'
        $out | Should -Match ([regex]::Escape("properties.vmProfile.vnetConfig.containerInstanceSubnetId: (absent) -> ""$($e.containerInstanceSubnetId)"""))
        $out | Should -Match ([regex]::Escape('properties.vmProfile.vnetConfig.proxyVmSize: "Standard_A2_v2" -> (absent)'))
        Get-TestPatch migrate-t | Should -HaveCount 0
    }

    It 'PATCHes at 2024-02-01, and the inventory then says BuildAndAciSubnets with tags and trigger kept' {
        Clear-AibTestJournal
        $updated = $Record | Update-AibIsolatedTemplate -ContainerInstanceSubnetId $Emulator.containerInstanceSubnetId -Confirm:$false -ErrorAction Stop
        $updated.Topology | Should -Be 'BuildAndAciSubnets'
        $updated.ProvisioningState | Should -Be 'Succeeded'
        $updated.ProxyVmSize | Should -BeNullOrEmpty
        $patch = Get-TestPatch migrate-t
        $patch | Should -HaveCount 1
        $patch[0].query | Should -Match 'api-version=2024-02-01'
        $patch[0].status | Should -Be 202
        Write-Host "PATCH $($patch[0].path)$($patch[0].query) -> $($patch[0].status)"

        $after = Get-AibImageTemplate -SubscriptionId $Emulator.subscriptionId -Name migrate-t
        $after.Topology | Should -Be 'BuildAndAciSubnets'
        $after.ContainerInstanceSubnetId | Should -Be $Emulator.containerInstanceSubnetId
        $after.SubnetId | Should -Be $Emulator.buildSubnetId
        $after.Tags.owner | Should -Be 'platform'
        (Invoke-TestTrigger Get migrate-t).properties.kind | Should -Be 'SourceImage'
    }

    It 'builds the updated template to Succeeded, its trigger still there' {
        $run = Start-AibIsolatedBuild -Name migrate-t -ResourceGroupName $Emulator.resourceGroupName -PollingInterval 00:00:00.500
        $run.RunState | Should -Be 'Succeeded'
        $staging = @(Get-AibTestJournal | Where-Object { $_.method -eq 'PUT' -and $_.path -like '*/privateLinkServices/*' })
        $staging | Should -HaveCount 0 -Because 'BuildAndAciSubnets adds no Private Link pipeline'
        (Invoke-TestTrigger Get migrate-t).properties.kind | Should -Be 'SourceImage'
    }

    It 'refuses while a build runs, with TemplateUpdateBuildRunning, and sends no PATCH' {
        $null = Start-AibIsolatedBuild -Name migrate-t -ResourceGroupName $Emulator.resourceGroupName -NoWait
        Clear-AibTestJournal
        $err = $null
        try { $Record | Update-AibIsolatedTemplate -ContainerInstanceSubnetId $Emulator.containerInstanceSubnetId -VmSize Standard_D4ds_v5 -Confirm:$false -ErrorAction Stop }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'TemplateUpdateBuildRunning,IsolatedImageBuilds.Cmdlets.UpdateAibIsolatedTemplateCommand'
        $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err.Exception.Message | Should -Match 'Get-AibIsolatedBuild -ResourceGroupName .* -Name migrate-t -Wait'
        Get-TestPatch migrate-t | Should -HaveCount 0
        $null = Get-AibIsolatedBuild -Name migrate-t -ResourceGroupName $Emulator.resourceGroupName -Wait -PollingInterval 00:00:00.500
    }
}

Describe 'Update-AibIsolatedTemplate refuses <Case> before sending anything' -Tag TemplateUpdate -ForEach @(
    @{ Case = 'an ACI subnet that is not a subnet id'; Topology = 'BuildSubnetOnly'; Id = 'TemplateResourceIdWrongType'
        Arguments = { @{ ContainerInstanceSubnetId = "/subscriptions/$($e.subscriptionId)/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet" } } }
    @{ Case = 'an ACI subnet in another virtual network'; Topology = 'BuildSubnetOnly'; Id = 'TemplateSubnetsInDifferentVnets'
        Arguments = { @{ ContainerInstanceSubnetId = ($e.containerInstanceSubnetId -replace '/virtualNetworks/[^/]+/', '/virtualNetworks/vnet-other/') } } }
    @{ Case = 'the build subnet as ACI subnet'; Topology = 'BuildSubnetOnly'; Id = 'TemplateContainerInstanceSubnetSameAsSubnet'
        Arguments = { @{ ContainerInstanceSubnetId = $e.buildSubnetId } } }
    @{ Case = 'a NoSubnet template without -SubnetId'; Topology = 'NoSubnet'; Id = 'TemplateTopologyRequiresSubnet'
        Arguments = { @{ ContainerInstanceSubnetId = $e.containerInstanceSubnetId } } }
    @{ Case = 'a customizer given as -Distributor'; Topology = 'BuildSubnetOnly'; Id = 'TemplateItemWrongKind'
        Arguments = { @{ ContainerInstanceSubnetId = $e.containerInstanceSubnetId; Distributor = (New-AibCustomizer -Shell -Name x -Inline 'true') } } }
    @{ Case = 'a VM size that is no VM size'; Topology = 'BuildSubnetOnly'; Id = 'TemplateVmSizeInvalid'
        Arguments = { @{ ContainerInstanceSubnetId = $e.containerInstanceSubnetId; VmSize = 'Standard D2' } } }
) {
    BeforeAll {
        $script:e = Use-AibTestScenario default
        $script:TemplateName = "refuse-$($Topology.ToLower())"
        $null = New-AibTestTemplate -Name $TemplateName -Topology $Topology -Deploy
    }

    It 'with <Id>' {
        Clear-AibTestJournal
        $arguments = & $Arguments
        $err = $null
        try { Update-AibIsolatedTemplate -Name $TemplateName -ResourceGroupName $e.resourceGroupName @arguments -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be "$Id,IsolatedImageBuilds.Cmdlets.UpdateAibIsolatedTemplateCommand"
        Get-TestPatch $TemplateName | Should -HaveCount 0
    }
}

Describe 'Update-AibIsolatedTemplate checks the prerequisites of the new topology' -Tag TemplateUpdate {
    It 'refuses with TemplateUpdatePrerequisitesFailed naming the failing check and its fix, and updates with -SkipPrerequisiteCheck' {
        $e = Use-AibTestScenario aci-subnet-not-delegated
        $null = New-AibTestTemplate -Name prereq-t -Topology BuildSubnetOnly -Deploy
        Clear-AibTestJournal
        $err = $null
        try { Update-AibIsolatedTemplate prereq-t $e.resourceGroupName -ContainerInstanceSubnetId $e.containerInstanceSubnetId -Confirm:$false -ErrorAction Stop }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'TemplateUpdatePrerequisitesFailed,IsolatedImageBuilds.Cmdlets.UpdateAibIsolatedTemplateCommand'
        $err.Exception.Message | Should -Match 'Subnet.AciDelegation: .* Fix: '
        $err.Exception.Message | Should -Match '-SkipPrerequisiteCheck'
        Get-TestPatch prereq-t | Should -HaveCount 0

        $updated = Update-AibIsolatedTemplate prereq-t $e.resourceGroupName -ContainerInstanceSubnetId $e.containerInstanceSubnetId -SkipPrerequisiteCheck -Confirm:$false
        $updated.Topology | Should -Be 'BuildAndAciSubnets'
        Get-TestPatch prereq-t | Should -HaveCount 1
        $null = Use-AibTestScenario default
    }
}

Describe 'Test-AibPrerequisite reads inventory records by pipeline' -Tag TemplateUpdate {
    It 'checks the template a record names: from the record itself when piped, read from Azure when named' {
        $e = Use-AibTestScenario aci-subnet-not-delegated
        $null = New-AibTestTemplate -Name record-t -Topology BuildAndAciSubnets -Deploy
        $templateReads = { @(Get-AibTestJournal | Where-Object { $_.method -eq 'GET' -and $_.path -like '*/imageTemplates/record-t' }) }

        # A piped inventory record binds by value (the Inventory set): Resource Graph already read the template.
        Clear-AibTestJournal
        $results = @(Get-AibImageTemplate -SubscriptionId $e.subscriptionId -Name record-t | Test-AibPrerequisite)
        $results.Count | Should -BeGreaterThan 5
        ($results | Select-Object -ExpandProperty Name -Unique) | Should -Be 'record-t'
        @($results | Where-Object Status -eq Failed).Check | Should -Be 'Subnet.AciDelegation'
        & $templateReads | Should -HaveCount 0

        # Name, ResourceGroupName and SubscriptionId (the ByName set, also bound by property name) read it from Azure once.
        Clear-AibTestJournal
        $named = @(Test-AibPrerequisite -Name record-t -ResourceGroupName $e.resourceGroupName -SubscriptionId $e.subscriptionId)
        @($named | Where-Object Status -eq Failed).Check | Should -Be 'Subnet.AciDelegation'
        & $templateReads | Should -HaveCount 1
        $null = Use-AibTestScenario default
    }
}
