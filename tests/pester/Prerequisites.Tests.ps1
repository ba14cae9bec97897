# Test-AibPrerequisite on the emulator: a healthy subscription passes everything in each topology;
# each failure class, on its own scenario, fails exactly its check with the right fix.
BeforeDiscovery {
    $script:Topologies = 'NoSubnet', 'BuildSubnetOnly', 'BuildAndAciSubnets'
    $script:Failures = @(
        @{ Scenario = 'aci-provider-unregistered'; Topology = 'BuildAndAciSubnets'; Check = 'Provider.Microsoft.ContainerInstance'; Fix = 'Register-AzResourceProvider -ProviderNamespace Microsoft.ContainerInstance'; Cli = 'az provider register --namespace Microsoft.ContainerInstance' }
        @{ Scenario = 'policy-denies-aci'; Topology = 'BuildAndAciSubnets'; Check = 'Policy.Microsoft.ContainerInstance/containerGroups'; Fix = 'Policy'; Cli = 'az policy' }
        @{ Scenario = 'policy-denies-vnet'; Topology = 'NoSubnet'; Check = 'Policy.Microsoft.Network/virtualNetworks'; Fix = 'Policy'; Cli = 'az policy' }
        @{ Scenario = 'ddos-policy-on-vnets'; Topology = 'NoSubnet'; Check = 'Ddos.VirtualNetworkPolicy'; Fix = 'ddosProtectionPlans'; Cli = 'az role assignment create' }
        @{ Scenario = 'aci-quota-exhausted'; Topology = 'BuildAndAciSubnets'; Check = 'Quota.Aci.StandardCores'; Fix = 'quota'; Cli = 'az ' }
        @{ Scenario = 'vm-quota-exhausted'; Topology = 'BuildAndAciSubnets'; Check = 'Quota.VmFamily.BuildVm'; Fix = 'quota'; Cli = 'az ' }
        @{ Scenario = 'aci-subnet-not-delegated'; Topology = 'BuildAndAciSubnets'; Check = 'Subnet.AciDelegation'; Fix = 'New-AzDelegation'; Cli = 'az network vnet subnet update' }
        @{ Scenario = 'subnets-in-different-vnets'; Topology = 'BuildAndAciSubnets'; Check = 'Subnet.SameVnet'; Fix = 'Add-AzVirtualNetworkSubnetConfig'; Cli = 'az network vnet subnet create' }
        @{ Scenario = 'nsg-blocks-smb-outbound'; Topology = 'BuildAndAciSubnets'; Check = 'Subnet.AciOutbound'; Fix = 'NetworkSecurityRule'; Cli = 'az network nsg rule' }
        @{ Scenario = 'pls-policies-enabled'; Topology = 'BuildSubnetOnly'; Check = 'Subnet.PrivateLinkServicePolicies'; Fix = 'PrivateLinkServiceNetworkPolicies'; Cli = 'az network vnet subnet update' }
        @{ Scenario = 'identity-no-join-aci-subnet'; Topology = 'BuildAndAciSubnets'; Check = 'Identity.JoinAciSubnet'; Fix = 'New-AzRoleAssignment'; Cli = 'az role assignment create' }
        @{ Scenario = 'staging-rg-not-empty'; Topology = 'BuildAndAciSubnets'; Check = 'StagingRg.Empty'; Fix = 'Remove-Az'; Cli = 'az ' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force

    # The checks of a planned template, given as parameters (the subnets as the scenario offers them).
    function Test-Scenario([string] $Scenario, [string] $Topology) {
        $e = Use-AibTestScenario $Scenario
        $arguments = @{ Location = $e.location; UserAssignedIdentityId = $e.userAssignedIdentityId; VmSize = 'Standard_D2ds_v4' }
        if ($Topology -ne 'NoSubnet') { $arguments.SubnetId = $e.buildSubnetId }
        if ($Topology -eq 'BuildAndAciSubnets') { $arguments.ContainerInstanceSubnetId = $e.containerInstanceSubnetId }
        if ($Scenario -eq 'staging-rg-not-empty') { $arguments.StagingResourceGroupId = "/subscriptions/$($e.subscriptionId)/resourceGroups/rg-aib-staging" }
        Test-AibPrerequisite @arguments
    }
}

Describe 'Test-AibPrerequisite on a healthy subscription' {
    It 'passes every check of a <_> template' -ForEach $Topologies {
        $null = Use-AibTestScenario default
        $template = New-AibTestTemplate -Name "prereq-$_" -Topology $_
        $results = $template | Test-AibPrerequisite
        $results.Count | Should -BeGreaterThan 20
        $results.GetType().FullName | Should -Be 'System.Object[]'
        $results[0].GetType().FullName | Should -Be 'IsolatedImageBuilds.AibPrerequisiteResult'
        @($results | Where-Object Status -in 'Failed', 'Warning') | ForEach-Object { "$($_.Status) $($_.Check): $($_.Message)" } | Should -BeNullOrEmpty
        $template | Test-AibPrerequisite -Quiet | Should -BeTrue
    }

    It 'writes a one-line summary to the information stream' {
        $null = Use-AibTestScenario default
        $null = New-AibTestTemplate -Name prereq-info | Test-AibPrerequisite -InformationVariable info
        ($info | Out-String) | Should -Match 'Prerequisites of prereq-info: \d+ passed, 0 failed'
    }
}

Describe 'Test-AibPrerequisite finds <Check> on scenario <Scenario>' -ForEach $Failures {
    It 'fails exactly that check, with a fix naming both commands' {
        $results = Test-Scenario $Scenario $Topology
        $failed = @($results | Where-Object Status -eq 'Failed')
        ($failed.Check | Sort-Object -Unique) | Should -Be @($Check) -Because ($failed | ForEach-Object { "$($_.Check): $($_.Message)" } | Out-String)
        @($results | Where-Object Status -eq 'Warning').Check | Should -BeNullOrEmpty
        $failed[0].Remediation | Should -Match ([regex]::Escape($Fix))
        $failed[0].Remediation | Should -Match ([regex]::Escape($Cli))
        $failed[0].Evidence.Count | Should -BeGreaterThan 0
    }
}

Describe 'Test-AibPrerequisite when data cannot be read' {
    It 'reports Warning with the reason, not Passed, when policy data is forbidden' {
        $e = Use-AibTestScenario default
        $null = Add-AibTestFault -Pattern 'POST .*/providers/Microsoft.PolicyInsights/checkPolicyRestrictions' -Status 403
        $null = Add-AibTestFault -Pattern 'GET .*/providers/Microsoft.Authorization/policyAssignments' -Status 403
        $results = Test-AibPrerequisite -Location $e.location -SubnetId $e.buildSubnetId -UserAssignedIdentityId $e.userAssignedIdentityId -Check Policy, Ddos
        $policy = @($results | Where-Object Category -in 'Policy', 'Ddos')
        $policy.Count | Should -BeGreaterThan 0
        $policy.Status | Should -Not -Contain 'Passed'
        ($policy | Where-Object Status -eq 'Warning' | Select-Object -First 1).Message | Should -Match '403|[Aa]uthoriz|[Ff]orbidden|permission'
    }

    It 'reports Warning with the reason, not Passed, when role data is forbidden' {
        $e = Use-AibTestScenario default
        $null = Add-AibTestFault -Pattern 'GET .*/providers/Microsoft.Authorization/roleAssignments' -Status 403
        $results = Test-AibPrerequisite -Location $e.location -SubnetId $e.buildSubnetId -ContainerInstanceSubnetId $e.containerInstanceSubnetId -UserAssignedIdentityId $e.userAssignedIdentityId -Check Identity
        $joins = @($results | Where-Object Check -like 'Identity.Join*')
        $joins.Count | Should -Be 2
        $joins.Status | Should -Be @('Warning', 'Warning')
    }
}

Describe 'Test-AibPrerequisite -Remediate' {
    It 'registers the missing provider under ShouldProcess, and nothing under -WhatIf' {
        $e = Use-AibTestScenario aci-provider-unregistered
        $null = Test-AibPrerequisite -Location $e.location -Check Providers -Remediate -WhatIf
        @(Get-AibTestJournal | Where-Object { $_.method -eq 'POST' -and $_.path -match '/register$' }) | Should -HaveCount 0
        $null = Test-AibPrerequisite -Location $e.location -Check Providers -Remediate -Confirm:$false
        @(Get-AibTestJournal | Where-Object { $_.method -eq 'POST' -and $_.path -match 'Microsoft.ContainerInstance/register$' }) | Should -HaveCount 1
        $null = Use-AibTestScenario default
    }
}
