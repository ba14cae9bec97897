# A small estate checked for real on the emulator, for the readiness report's tests (Pester and the browser test):
# templates of every topology, healthy and in the failure scenarios, each deployed and run through Test-AibPrerequisite.
# Needs TestHelpers.psm1 and the module imported, and AIB_EMULATOR_ENDPOINT_FILE set.

# What each template is expected to be, and the check that makes it so (the scenario's own failure).
$script:Estate = @(
    [pscustomobject]@{ Name = 'report-nosubnet'; Scenario = 'default'; Topology = 'NoSubnet'; Status = 'Ready'; Check = $null }
    [pscustomobject]@{ Name = 'report-buildsubnet'; Scenario = 'default'; Topology = 'BuildSubnetOnly'; Status = 'Ready'; Check = $null }
    [pscustomobject]@{ Name = 'report-twosubnets'; Scenario = 'default'; Topology = 'BuildAndAciSubnets'; Status = 'Ready'; Check = $null }
    [pscustomobject]@{ Name = 'report-aci-quota'; Scenario = 'aci-quota-exhausted'; Topology = 'BuildAndAciSubnets'; Status = 'Failed'; Check = 'Quota.Aci.StandardCores' }
    [pscustomobject]@{ Name = 'report-vnet-policy'; Scenario = 'policy-denies-vnet'; Topology = 'NoSubnet'; Status = 'Failed'; Check = 'Policy.Microsoft.Network/virtualNetworks' }
    [pscustomobject]@{ Name = 'report-pls-policies'; Scenario = 'pls-policies-enabled'; Topology = 'BuildSubnetOnly'; Status = 'Failed'; Check = 'Subnet.PrivateLinkServicePolicies' }
    # Policy data the caller may not read: the policy checks can only warn.
    [pscustomobject]@{ Name = 'report-policy-unreadable'; Scenario = 'default'; Topology = 'BuildAndAciSubnets'; Status = 'Warning'; Check = 'Policy.*'; Forbid = $true }
)

function Get-AibTestReadinessEstate { $script:Estate }

<#
.SYNOPSIS
    Deploys each template of the estate in its scenario and returns every Test-AibPrerequisite result.
#>
function Invoke-AibTestReadinessEstate {
    foreach ($template in $script:Estate) {
        $null = Use-AibTestScenario $template.Scenario
        if ($template.PSObject.Properties['Forbid']) {
            $null = Add-AibTestFault -Pattern 'POST .*/providers/Microsoft.PolicyInsights/checkPolicyRestrictions' -Status 403
            $null = Add-AibTestFault -Pattern 'GET .*/providers/Microsoft.Authorization/policyAssignments' -Status 403
        }
        New-AibTestTemplate -Name $template.Name -Topology $template.Topology -Deploy | Test-AibPrerequisite
    }
    $null = Use-AibTestScenario default
}

Export-ModuleMember -Function Get-AibTestReadinessEstate, Invoke-AibTestReadinessEstate
