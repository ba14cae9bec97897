# New-AibIsolatedTemplate against the emulator: local refusals send nothing, deploy, conflict, -Force,
# Azure-side errors, retries of throttled and unavailable PUTs.
BeforeDiscovery {
    $sub = '/subscriptions/9a7d4c2e-5b1f-4e8a-9c3d-2f6b8e1a4d70'
    $vnet = "$sub/resourceGroups/rg-aib-network/providers/Microsoft.Network/virtualNetworks/vnet-aib"
    $script:Invalid = @(
        @{ Case = 'bad name'; Extra = @{ Name = 'bad name!' }; Id = 'TemplateInvalidName'; Field = 'name' }
        @{ Case = 'ACI subnet without build subnet'; Extra = @{ SubnetId = $null; ContainerInstanceSubnetId = "$vnet/subnets/snet-aci" }; Id = 'TemplateContainerInstanceSubnetRequiresSubnet'; Field = 'containerInstanceSubnetId' }
        @{ Case = 'ACI subnet equal to build subnet'; Extra = @{ SubnetId = "$vnet/subnets/snet-build"; ContainerInstanceSubnetId = "$vnet/subnets/snet-build" }; Id = 'TemplateContainerInstanceSubnetSameAsSubnet'; Field = 'containerInstanceSubnetId' }
        @{ Case = 'subnets in different VNets'; Extra = @{ SubnetId = "$vnet/subnets/snet-build"; ContainerInstanceSubnetId = "$sub/resourceGroups/rg-aib-network/providers/Microsoft.Network/virtualNetworks/vnet-other/subnets/snet-aci" }; Id = 'TemplateSubnetsInDifferentVnets'; Field = 'containerInstanceSubnetId' }
        @{ Case = 'proxy VM size with ACI subnet'; Extra = @{ ProxyVmSize = 'Standard_A2_v2' }; Id = 'TemplateProxyVmSizeWithContainerInstanceSubnet'; Field = 'proxyVmSize' }
        @{ Case = 'build timeout 3'; Extra = @{ BuildTimeoutInMinutes = 3 }; Id = 'TemplateBuildTimeoutOutOfRange'; Field = 'buildTimeoutInMinutes' }
        @{ Case = 'build timeout 961'; Extra = @{ BuildTimeoutInMinutes = 961 }; Id = 'TemplateBuildTimeoutOutOfRange'; Field = 'buildTimeoutInMinutes' }
        @{ Case = 'subnet id of the wrong type'; Extra = @{ SubnetId = "$sub/resourceGroups/rg-aib-network/providers/Microsoft.Network/virtualNetworks/vnet-aib" }; Id = 'TemplateResourceIdWrongType'; Field = 'subnetId' }
        @{ Case = 'malformed identity id'; Extra = @{ UserAssignedIdentityId = 'id-aib-builder' }; Id = 'TemplateInvalidResourceId'; Field = 'identity' }
        @{ Case = 'unsupported api-version'; Extra = @{ ApiVersion = '2019-05-01-preview' }; Id = 'TemplateUnsupportedApiVersion'; Field = 'apiVersion' }
        @{ Case = 'bad error handling value'; Extra = @{ OnCustomizerError = 'keep' }; Id = 'TemplateErrorHandlingValueInvalid'; Field = 'onCustomizerError' }
        @{ Case = 'bad source URN'; Extra = @{ SourceUrn = 'Canonical:ubuntu' }; Id = 'TemplateSourceUrnInvalid'; Field = 'Source' }
        @{ Case = 'missing template file'; Extra = @{ TemplateFile = './no-such-template.json' }; Id = 'TemplateFileNotFound'; Field = 'TemplateFile' }
        @{ Case = 'distributor given as customizer'; Extra = @{ Customizer = 'distributor' }; Id = 'TemplateItemWrongKind'; Field = 'Customizer' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force
    $script:Emulator = Use-AibTestScenario default
    $script:PutPattern = 'PUT /subscriptions/[^/]+/resourceGroups/rg-aib/providers/Microsoft.VirtualMachineImages/imageTemplates'
}

Describe 'New-AibIsolatedTemplate refuses <Case> before sending anything' -ForEach $Invalid {
    It 'with <Id> naming <Field>' {
        Clear-AibTestJournal
        $Extra = $Extra.Clone()
        if ($Extra.Customizer -eq 'distributor') { $Extra.Customizer = New-AibDistributor -Vhd -RunOutputName vhd }
        $err = $null
        try { New-AibTestTemplate -Name refused -Deploy -Extra $Extra -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be "$Id,IsolatedImageBuilds.Cmdlets.NewAibIsolatedTemplateCommand"
        $err.Exception.Message | Should -Match ([regex]::Escape($Field))
        @(Get-AibTestJournal) | Should -HaveCount 0 -Because 'nothing is sent for a template refused locally'
    }
}

Describe 'Deploying templates' {
    It '-WhatIf sends nothing' {
        Clear-AibTestJournal
        $result = New-AibTestTemplate -Name whatif-t -Deploy -Extra @{ WhatIf = $true }
        $result | Should -BeNullOrEmpty
        @(Get-AibTestJournal) | Should -HaveCount 0
    }

    It 'creates the template, returns provisioningState Succeeded and the staging plan of its topology' {
        $t = New-AibTestTemplate -Name deploy-t -Deploy
        $t.ProvisioningState | Should -Be 'Succeeded'
        $t.Topology | Should -Be 'BuildAndAciSubnets'
        $t.Id | Should -Match '/imageTemplates/deploy-t$'
        $t.StagingPlan.ResourceType | Should -Contain 'Microsoft.ContainerInstance/containerGroups'
        $t.StagingPlan.ResourceType | Should -Not -Contain 'Microsoft.Network/virtualNetworks'
    }

    It 'refuses to deploy over an existing template, and -Force recreates it' {
        $null = New-AibTestTemplate -Name conflict-t -Deploy
        $err = $null
        try { New-AibTestTemplate -Name conflict-t -Deploy -Extra @{ Force = $false } -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'TemplateAlreadyExists,IsolatedImageBuilds.Cmdlets.NewAibIsolatedTemplateCommand'
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.Exception.Message | Should -Match '-Force'
        Clear-AibTestJournal
        $again = New-AibTestTemplate -Name conflict-t -Deploy
        $again.ProvisioningState | Should -Be 'Succeeded'
        $journal = Get-AibTestJournal
        @($journal | Where-Object { $_.method -eq 'DELETE' -and $_.path -match 'imageTemplates/conflict-t$' }) | Should -HaveCount 1
        @($journal | Where-Object { $_.method -eq 'PUT' -and $_.path -match 'imageTemplates/conflict-t$' }) | Should -HaveCount 1
    }

    It 'surfaces an error found by Azure with its code and message' {
        $missingIdentity = $Emulator.userAssignedIdentityId -replace 'id-aib-builder$', 'id-does-not-exist'
        $err = $null
        try { New-AibTestTemplate -Name azure-refused -Deploy -Extra @{ UserAssignedIdentityId = $missingIdentity } -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Match '^Arm\w+,IsolatedImageBuilds.Cmdlets.NewAibIsolatedTemplateCommand$'
        $err.Exception.ArmCode | Should -Not -BeNullOrEmpty
        $err.Exception.Message | Should -Match 'id-does-not-exist'
    }

    It 'retries a PUT answered with 429 and 503, and succeeds' {
        $null = Add-AibTestFault -Pattern "$PutPattern/retry-t$" -Status 429 -Count 1 -RetryAfterSeconds 1
        $null = Add-AibTestFault -Pattern "$PutPattern/retry-t$" -Status 503 -Count 1 -RetryAfterSeconds 1
        Clear-AibTestJournal
        $t = New-AibTestTemplate -Name retry-t -Deploy
        $t.ProvisioningState | Should -Be 'Succeeded'
        $puts = @(Get-AibTestJournal | Where-Object { $_.method -eq 'PUT' -and $_.path -match 'imageTemplates/retry-t$' })
        $puts.status | Should -Be @(429, 503, 201)
    }

    It 'writes deployment templates and Bicep for each topology' {
        foreach ($topology in 'NoSubnet', 'BuildSubnetOnly', 'BuildAndAciSubnets') {
            $json = Join-Path $TestDrive "$topology.json"
            $bicep = Join-Path $TestDrive "$topology.bicep"
            $t = New-AibTestTemplate -Name "export-$topology" -Topology $topology -Extra @{ OutFile = $json }
            $null = New-AibTestTemplate -Name "export-$topology" -Topology $topology -Extra @{ OutFile = $bicep }
            $t.Topology | Should -Be $topology
            $resource = (Get-Content -Raw $json | ConvertFrom-Json).resources[0]
            $resource.type | Should -Be 'Microsoft.VirtualMachineImages/imageTemplates'
            $resource.apiVersion | Should -Be '2024-02-01'
            (Get-Content -Raw $bicep) | Should -Match "Microsoft.VirtualMachineImages/imageTemplates@2024-02-01"
        }
    }
}
