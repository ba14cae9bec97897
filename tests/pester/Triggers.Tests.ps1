# SourceImage triggers on the emulator: exported with the template, fired by a new source version, refused by each
# rule with its error id, deactivated after failed builds and reported with the fix, recreated after -Force.
BeforeDiscovery {
    # Template rules refused by New-AibIsolatedTemplate -Trigger before anything is sent.
    $script:LocalRules = @(
        @{ Case = 'a platform image at a fixed version'; Id = 'TriggerSourceNotLatest'; Extra = @{ SourceUrn = 'Canonical:ubuntu-24_04-lts:server:24.04.202404230' } }
        @{ Case = 'a managed image source'; Id = 'TriggerSourceKind'; Source = 'images/img-ubuntu-base' }
        @{ Case = 'a gallery image at a fixed version'; Id = 'TriggerSourceNotLatest'; Source = 'galleries/gal_aib/images/ubuntu-2204/versions/1.0.0' }
        @{ Case = 'the source image definition as the target'; Id = 'TriggerSourceIsTarget'; Source = 'galleries/gal_aib/images/ubuntu-2204/versions/latest'; Target = 'galleries/gal_aib/images/ubuntu-2204' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force

    function Get-ImagesId([string] $Path) { "/subscriptions/$((Get-AibTestEmulator).subscriptionId)/resourceGroups/rg-aib-images/providers/Microsoft.Compute/$Path" }

    # The template arguments for a source or gallery target under rg-aib-images (New-AibTestTemplate -Extra).
    function Get-RuleArguments([hashtable] $Rule) {
        $e = Get-AibTestEmulator
        $extra = @{ Trigger = $true }
        if ($Rule.Extra) { $extra += $Rule.Extra }
        if ($Rule.Source) { $extra.SourceImageId = Get-ImagesId $Rule.Source; $extra.SourceUrn = $null }
        if ($Rule.Target) {
            $extra.Distributor = New-AibDistributor -SharedImage -RunOutputName gallery -GalleryImageId (Get-ImagesId $Rule.Target) -TargetRegion $e.location
        }
        $extra
    }

    function Wait-RunFinished([string] $Name) {
        $e = Get-AibTestEmulator
        foreach ($i in 1..600) {
            $run = Get-AibIsolatedBuild -Name $Name -ResourceGroupName $e.resourceGroupName
            if ($run.RunState -notin 'Running', 'Canceling', 'None') { return $run }
            Start-Sleep -Milliseconds 100
        }
        throw "$Name did not finish"
    }

    # A template PUT straight to the emulator (what the portal or az would send), for shapes New-AibIsolatedTemplate refuses itself.
    function New-RawTemplate([string] $Name, [scriptblock] $Change) {
        $e = Get-AibTestEmulator
        $file = Join-Path $TestDrive "$Name.json"
        $null = New-AibTestTemplate -Name $Name -Extra @{ OutFile = $file }
        $resource = (Get-Content -Raw $file | ConvertFrom-Json).resources[0]
        $body = [pscustomobject]@{ location = $resource.location; identity = $resource.identity; properties = $resource.properties }
        & $Change $body
        $uri = "$($e.armEndpoint.TrimEnd('/'))/subscriptions/$($e.subscriptionId)/resourceGroups/$($e.resourceGroupName)" +
            "/providers/Microsoft.VirtualMachineImages/imageTemplates/$($Name)?api-version=2024-02-01"
        $headers = @{ Authorization = 'Bearer pester-emulator-token' }
        $null = Invoke-RestMethod -Method Put -Uri $uri -Headers $headers -Body ($body | ConvertTo-Json -Depth 30) -ContentType 'application/json' -SkipCertificateCheck
        foreach ($i in 1..300) {
            $state = (Invoke-RestMethod -Uri $uri -Headers $headers -SkipCertificateCheck).properties.provisioningState
            if ($state -in 'Succeeded', 'Failed') { return $state }
            Start-Sleep -Milliseconds 100
        }
        throw "$Name was not provisioned ($state)"
    }

    function Publish-Source([hashtable] $Body) { Invoke-AibTestControl -Method Post -Route sourceImages/publish -Body $Body }

    # The official schema of imageTemplates/triggers (tests/reference/arm-schema), with its one remote reference (ARM's
    # expression) taken from the local copy of common/definitions.json.
    function Get-TriggerSchema {
        $root = Join-Path (Get-AibRepoRoot) 'tests/reference/arm-schema'
        $file = Get-Content -Raw (Join-Path $root '2024-02-01/Microsoft.VirtualMachineImages.json') | ConvertFrom-Json -AsHashtable
        $expression = (Get-Content -Raw (Join-Path $root 'common/definitions.json') | ConvertFrom-Json -AsHashtable).definitions.expression
        $schema = $file.resourceDefinitions.imageTemplates_triggers
        $schema.definitions = @{ TriggerProperties = $file.definitions.TriggerProperties; expression = $expression }
        ($schema | ConvertTo-Json -Depth 30) -replace 'https://schema.management.azure.com/schemas/common/definitions.json#/definitions/expression', '#/definitions/expression'
    }
}

Describe 'A template with a trigger, exported' -Tag 'Triggers' {
    It 'writes the trigger into the ARM export, valid against the official schema, and into Bicep the Bicep CLI compiles to it' {
        $null = Use-AibTestScenario default
        $json = Join-Path $TestDrive 'with-trigger.json'
        $bicep = Join-Path $TestDrive 'with-trigger.bicep'
        $null = New-AibTestTemplate -Name trig-export -Extra @{ Trigger = $true; OutFile = $json }
        $null = New-AibTestTemplate -Name trig-export -Extra @{ Trigger = $true; OutFile = $bicep }

        $resources = (Get-Content -Raw $json | ConvertFrom-Json).resources
        $resources | Should -HaveCount 2
        $trigger = $resources | Where-Object type -eq 'Microsoft.VirtualMachineImages/imageTemplates/triggers'
        $trigger.properties.kind | Should -Be 'SourceImage'
        $schema = Get-TriggerSchema
        Test-Json -Json ($trigger | ConvertTo-Json -Depth 10) -Schema $schema | Should -BeTrue
        # The schema does refuse a trigger without its kind: the check above can fail.
        $kindless = $trigger | ConvertTo-Json -Depth 10 | ConvertFrom-Json
        $kindless.properties = [pscustomobject]@{ }
        Test-Json -Json ($kindless | ConvertTo-Json -Depth 10) -Schema $schema -ErrorAction SilentlyContinue | Should -BeFalse

        $cli = Join-Path (Get-NuGetPackageRoot) 'azure.bicep.commandline.linux-x64/0.49.2/tools/bicep'
        if (-not $IsWindows) { & chmod +x $cli }
        $compiled = & $cli build $bicep --stdout 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($compiled | Out-String)
        $fromBicep = ($compiled | Out-String | ConvertFrom-Json).resources | Where-Object type -eq $trigger.type
        foreach ($key in 'type', 'apiVersion', 'name', 'properties', 'dependsOn') {
            ($fromBicep.$key | ConvertTo-Json -Depth 10 -Compress) | Should -Be ($trigger.$key | ConvertTo-Json -Depth 10 -Compress) -Because $key
        }
    }
}

Describe 'A new source version starts the triggered build' -Tag 'Triggers' {
    It 'runs and succeeds; Get-AibIsolatedBuild -Wait attaches to it; the module never sends the run' {
        $e = Use-AibTestScenario default
        $template = New-AibTestTemplate -Name trig-fire -Deploy -Extra @{ Trigger = $true }
        $trigger = Get-AibTrigger -TemplateName trig-fire -ResourceGroupName $e.resourceGroupName
        $trigger.Name | Should -Be 'source'
        $trigger.StatusCode | Should -Be 'Healthy'
        Clear-AibTestJournal

        $published = Publish-Source @{ platformImage = 'Canonical:ubuntu-24_04-lts:server'; version = '24.04.202612010' }
        $published.startedTemplates | Should -HaveCount 1
        $run = Get-AibIsolatedBuild -Name trig-fire -ResourceGroupName $e.resourceGroupName -Wait

        $run.RunState | Should -Be 'Succeeded'
        $run.Reattached | Should -BeTrue
        $run.StartedBy | Should -Be 'Trigger'
        @($run | Get-AibBuildLog -Tail 20).Count | Should -BeGreaterThan 0 -Because 'the triggered run has its log like any run'
        $journal = Get-AibTestJournal
        @($journal | Where-Object { $_.method -eq 'POST' -and $_.path -match '/run$' }) | Should -HaveCount 0
        @($journal | Where-Object { $_.method -eq 'GET' -and $_.path -match 'imageTemplates/trig-fire$' }).Count | Should -BeGreaterThan 0

        # A run the module starts is told apart.
        $null = $template | Start-AibIsolatedBuild
        (Get-AibIsolatedBuild -Name trig-fire -ResourceGroupName $e.resourceGroupName).StartedBy | Should -Be 'Manual'
    }
}

Describe 'Trigger rules' -Tag 'Triggers' {
    It 'New-AibIsolatedTemplate -Trigger refuses <Case> with <Id>, sending nothing' -ForEach $LocalRules {
        $null = Use-AibTestScenario default
        Clear-AibTestJournal
        $err = $null
        try { $null = New-AibTestTemplate -Name trig-rule -Deploy -Extra (Get-RuleArguments $_) -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be "$Id,IsolatedImageBuilds.Cmdlets.NewAibIsolatedTemplateCommand"
        @(Get-AibTestJournal) | Should -HaveCount 0
    }

    It 'New-AibSourceImageTrigger refuses a template whose gallery distribution names a version (TriggerDistributionVersion), sending no PUT' {
        $e = Use-AibTestScenario default
        $null = New-RawTemplate trig-dist {
            param($body)
            $body.properties.distribute = @([pscustomobject]@{ type = 'SharedImage'; runOutputName = 'gallery'
                    galleryImageId = Get-ImagesId 'galleries/gal_aib/images/win2022/versions/1.0.1'; targetRegions = @(@{ name = $e.location }) })
        }
        Clear-AibTestJournal
        $err = $null
        try { $null = New-AibSourceImageTrigger -TemplateName trig-dist -ResourceGroupName $e.resourceGroupName -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'TriggerDistributionVersion,IsolatedImageBuilds.Cmdlets.NewAibSourceImageTriggerCommand'
        $err.Exception.Message | Should -BeLike '*image definition id*'
        @(Get-AibTestJournal | Where-Object method -eq 'PUT') | Should -HaveCount 0
    }

    It 'refuses a template whose provisioning failed (TriggerTemplateNotSucceeded)' {
        $e = Use-AibTestScenario aci-provider-unregistered
        New-RawTemplate trig-failed { param($body) } | Should -Be 'Failed'
        Clear-AibTestJournal
        $err = $null
        try { $null = New-AibSourceImageTrigger -TemplateName trig-failed -ResourceGroupName $e.resourceGroupName -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'TriggerTemplateNotSucceeded,IsolatedImageBuilds.Cmdlets.NewAibSourceImageTriggerCommand'
        @(Get-AibTestJournal | Where-Object method -eq 'PUT') | Should -HaveCount 0
    }

    It 'refuses a second SourceImage trigger on a template (TriggerOnePerTemplate)' {
        $e = Use-AibTestScenario default
        $null = New-AibTestTemplate -Name trig-two -Deploy -Extra @{ Trigger = $true }
        $err = $null
        try { $null = New-AibSourceImageTrigger -TemplateName trig-two -ResourceGroupName $e.resourceGroupName -Name second -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'TriggerOnePerTemplate,IsolatedImageBuilds.Cmdlets.NewAibSourceImageTriggerCommand'
        $err.Exception.Message | Should -BeLike '*Remove-AibTrigger*'
        @(Get-AibTrigger -TemplateName trig-two -ResourceGroupName $e.resourceGroupName).Name | Should -Be @('source')
    }

    It 'refuses a trigger while the Triggers feature is not registered (TriggerFeatureNotRegistered), and Test-AibPrerequisite says how to register it' {
        $e = Use-AibTestScenario triggers-feature-unregistered
        $template = New-AibTestTemplate -Name trig-feature -Deploy
        $err = $null
        try { $null = $template | New-AibSourceImageTrigger -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'TriggerFeatureNotRegistered,IsolatedImageBuilds.Cmdlets.NewAibSourceImageTriggerCommand'
        @(Get-AibTestJournal | Where-Object { $_.method -eq 'PUT' -and $_.path -match '/triggers/' }) | Should -HaveCount 0

        $wanting = New-AibTestTemplate -Name trig-feature-planned -Extra @{ Trigger = $true; OutFile = (Join-Path $TestDrive 'planned.json') }
        $feature = $wanting | Test-AibPrerequisite -Check Triggers | Where-Object Check -eq 'Triggers.Feature'
        $feature.Status | Should -Be 'Failed'
        $feature.Remediation | Should -Match 'Register-AzProviderFeature -ProviderNamespace Microsoft.VirtualMachineImages -FeatureName Triggers'
        $feature.Remediation | Should -Match 'az feature register --namespace Microsoft.VirtualMachineImages --name Triggers'
    }

    It 'reports a trigger that is not there (TriggerNotFound)' {
        $e = Use-AibTestScenario default
        $null = New-AibTestTemplate -Name trig-none -Deploy
        @(Get-AibTrigger -TemplateName trig-none -ResourceGroupName $e.resourceGroupName) | Should -HaveCount 0
        $err = $null
        try { $null = Get-AibTrigger -TemplateName trig-none -ResourceGroupName $e.resourceGroupName -TriggerName source -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'TriggerNotFound,IsolatedImageBuilds.Cmdlets.GetAibTriggerCommand'
    }
}

Describe 'A trigger deactivated by failed builds' -Tag 'Triggers' {
    It 'is reported by Test-AibPrerequisite with its fix, and reactivated by a successful manual build' {
        $e = Use-AibTestScenario default
        $null = Invoke-AibTestControl -Method Post -Route build -Body @{ outcome = 'customizerFails' }
        $template = New-AibTestTemplate -Name trig-fail -Deploy -Extra @{ Trigger = $true }
        foreach ($i in 1..3) {
            $published = Publish-Source @{ platformImage = 'Canonical:ubuntu-24_04-lts:server'; version = "24.04.20261201$i" }
            $published.startedTemplates | Should -HaveCount 1
            (Wait-RunFinished trig-fail).RunState | Should -Be 'Failed'
        }
        $trigger = Get-AibTrigger -TemplateName trig-fail -ResourceGroupName $e.resourceGroupName
        $trigger.IsHealthy | Should -BeFalse
        $trigger.StatusCode | Should -Not -Be 'Healthy'

        $results = $template | Test-AibPrerequisite -Check Triggers
        $healthy = $results | Where-Object Check -eq 'Triggers.Healthy'
        $healthy.Status | Should -Be 'Failed'
        $healthy.Remediation | Should -Match "Start-AibIsolatedBuild -Name trig-fail -ResourceGroupName $($e.resourceGroupName)"
        $healthy.Remediation | Should -Match "az image builder run --name trig-fail"
        @($results | Where-Object { $_.Status -eq 'Failed' -and $_.Check -ne 'Triggers.Healthy' }) | Should -HaveCount 0

        $null = Invoke-AibTestControl -Method Post -Route build -Body @{ outcome = 'succeed' }
        ($template | Start-AibIsolatedBuild).RunState | Should -Be 'Succeeded'
        (Get-AibTrigger -TemplateName trig-fail -ResourceGroupName $e.resourceGroupName).StatusCode | Should -Be 'Healthy'
        ($template | Test-AibPrerequisite -Check Triggers | Where-Object Check -eq 'Triggers.Healthy').Status | Should -Be 'Passed'
    }
}

Describe 'Triggers kept across New-AibIsolatedTemplate -Force' -Tag 'Triggers' {
    It 'recreates the trigger after the template, and says so' {
        $e = Use-AibTestScenario default
        $null = New-AibTestTemplate -Name trig-force -Deploy -Extra @{ Trigger = $true }
        Clear-AibTestJournal

        $null = New-AibTestTemplate -Name trig-force -Deploy -Extra @{ Verbose = $true } 4>&1 | Tee-Object -Variable output
        ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n" | Should -Match 'Recreated the trigger source'
        (Get-AibTrigger -TemplateName trig-force -ResourceGroupName $e.resourceGroupName).Name | Should -Be 'source'
        $writes = @(Get-AibTestJournal | Where-Object { $_.method -in 'PUT', 'DELETE' -and $_.path -match 'imageTemplates/trig-force' })
        ($writes | ForEach-Object { "$($_.method) $($_.path -replace '^.*imageTemplates/', '')" }) |
            Should -Be @('DELETE trig-force', 'PUT trig-force', 'PUT trig-force/triggers/source')
    }

    It 'removes a trigger with Remove-AibTrigger, and nothing under -WhatIf' {
        $e = Use-AibTestScenario default
        $null = New-AibTestTemplate -Name trig-remove -Deploy -Extra @{ Trigger = $true }
        Clear-AibTestJournal
        Get-AibTrigger -TemplateName trig-remove -ResourceGroupName $e.resourceGroupName | Remove-AibTrigger -WhatIf
        @(Get-AibTestJournal | Where-Object method -eq 'DELETE') | Should -HaveCount 0
        $removed = Get-AibTrigger -TemplateName trig-remove -ResourceGroupName $e.resourceGroupName | Remove-AibTrigger -Confirm:$false -PassThru
        $removed.Name | Should -Be 'source'
        $removed.TemplateName | Should -Be 'trig-remove'
        @(Get-AibTestJournal | Where-Object { $_.method -eq 'DELETE' -and $_.path -match 'trig-remove/triggers/source$' }) | Should -HaveCount 1
        @(Get-AibTrigger -TemplateName trig-remove -ResourceGroupName $e.resourceGroupName) | Should -HaveCount 0
    }
}
