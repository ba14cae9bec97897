<#
.SYNOPSIS
    The main job, end to end on the emulator: connect, author a BuildAndAciSubnets template, check the
    prerequisites, run the build with its progress bar, print the outcome and the log summary.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $Root
)
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText'; $PSStyle.Progress.View = 'Classic' }
$watch = [Diagnostics.Stopwatch]::StartNew()
function Step([string] $Text) { Write-Host ''; Write-Host ("== [{0,5:N1}s] {1}" -f $watch.Elapsed.TotalSeconds, $Text) }
# Tables as wide as they need (the console may be narrower when redirected).
function Show { $input | Out-String -Width 180 | Write-Host }

Import-Module (Join-Path $Root 'tests/AibEmulator/AibEmulator.psm1') -Force
Step 'Starting Azurite and the AIB emulator (scenario: default)'
$emulator = Start-AibEmulator -Scenario default -OutDirectory (Join-Path $Root 'out/emulator')
try {
    Import-Module $ModuleManifest -Force

    Step "Connect-AibAccount -ArmEndpoint $($emulator.armEndpoint)"
    $token = ConvertTo-SecureString 'demo-access-token' -AsPlainText -Force
    Connect-AibAccount -ArmEndpoint $emulator.armEndpoint -SubscriptionId $emulator.subscriptionId -AccessToken $token -SkipCertificateCheck -WarningAction SilentlyContinue |
        Format-Table Account, SubscriptionId, Environment, ArmEndpoint, SignInMode | Out-Host

    Step 'New-AibIsolatedTemplate: Ubuntu 24.04, build subnet + ACI subnet (BuildAndAciSubnets)'
    $images = "/subscriptions/$($emulator.subscriptionId)/resourceGroups/rg-aib-images/providers/Microsoft.Compute/images"
    $template = New-AibIsolatedTemplate -Name demo-ubuntu-2404 -ResourceGroupName $emulator.resourceGroupName -Location $emulator.location `
        -UserAssignedIdentityId $emulator.userAssignedIdentityId -SourceUrn 'Canonical:ubuntu-24_04-lts:server:latest' `
        -SubnetId $emulator.buildSubnetId -ContainerInstanceSubnetId $emulator.containerInstanceSubnetId -VmSize Standard_D2ds_v4 `
        -Customizer @(
            New-AibCustomizer -Shell -Name update -Inline 'sudo apt-get -y update', 'sudo apt-get -y upgrade'
            New-AibCustomizer -Shell -Name install-nginx -Inline 'sudo apt-get -y install nginx'
        ) `
        -Distributor (New-AibDistributor -ManagedImage -RunOutputName demo-image -ImageId "$images/demo-ubuntu-2404" -Location $emulator.location) `
        -Force
    $template | Format-Table Name, ResourceGroupName, Topology, ApiVersion, ProvisioningState -AutoSize | Show
    Write-Host 'Temporary resources AIB creates in the staging resource group for this topology:'
    $template.StagingPlan | Format-Table ResourceType, Purpose, Lifetime -AutoSize | Show

    if (Get-Command Test-AibPrerequisite -ErrorAction SilentlyContinue) {
        Step 'Test-AibPrerequisite'
        $checks = $template | Test-AibPrerequisite -InformationAction Continue
        $checks | Group-Object Status | Format-Table @{ n = 'Status'; e = { $_.Name } }, Count -AutoSize | Show
        $checks | Where-Object Status -in 'Failed', 'Warning' | Format-Table Status, Check, Message, Remediation -Wrap | Show
    }

    Step 'Start-AibIsolatedBuild (waits, with a progress bar of the real stage)'
    $run = $template | Start-AibIsolatedBuild -PollingInterval 00:00:01
    $run | Format-List Name, RunState, Duration, StagingResourceGroup, OperationId | Show
    $run.Outputs | Format-Table Name, ProvisioningState, ArtifactId -AutoSize | Show

    if (Get-Command Get-AibBuildLog -ErrorAction SilentlyContinue) {
        Step 'Get-AibBuildLog -Summary'
        $summary = $run | Get-AibBuildLog -Summary
        $summary | Format-List Name, Source, AuthMethod, LineCount, Duration, StoppedAt, IsComplete, Diagnosis | Show
        $summary.Stages | Format-Table Stage, Start, Duration, LineCount -AutoSize | Show
        $summary.Provisioners | Format-Table Index, Name, Duration, ExitCode -AutoSize | Show
    }
    Step "Outcome: $($template.Name) $($run.RunState) in $('{0:N1}' -f $watch.Elapsed.TotalSeconds) s"
    if ($run.RunState -ne 'Succeeded') { exit 1 }
}
finally {
    Stop-AibEmulator
}
