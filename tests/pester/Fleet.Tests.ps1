# Issue 14, item 2: readiness across the fleet. Test-AibPrerequisite over inventory records shares the subscription- and region-level
# reads, and names every problem the generated estate planted (its manifest) and nothing else.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force

    # The failed checks that name each kind of planted problem, and whether the result's Target is the problem's resource.
    $script:ChecksOf = @{
        IdentityMissing          = @('Identity.Exists')
        BuildSubnetMissing       = @('Subnet.BuildSubnet')
        AciSubnetNotDelegated    = @('Subnet.AciDelegation')
        AciQuotaExhausted        = @('Quota.Aci.StandardCores')
        PolicyDeniesAci          = @('Policy.Microsoft.ContainerInstance/containerGroups')
        IdentityCannotJoinSubnet = @('Identity.JoinBuildSubnet', 'Identity.JoinAciSubnet')
    }
}

Describe 'Test-AibPrerequisite across a slice of the large estate' -Tag Fleet {
    BeforeAll {
        $script:Emulator = Use-AibTestScenario large-estate
        $script:Manifest = Invoke-AibTestControl -Method Get -Route estate
        # The slice: the subscriptions with a subscription-wide problem, then others up to five (1,000 templates).
        $wide = @($Manifest.problems | Where-Object kind -in 'AciQuotaExhausted', 'PolicyDeniesAci', 'IdentityCannotJoinSubnet' |
                ForEach-Object { $_.templateId.Split('/')[2] } | Select-Object -Unique)
        $others = @($Manifest.problems.templateId | ForEach-Object { $_.Split('/')[2] } | Select-Object -Unique | Where-Object { $_ -notin $wide })
        $script:Slice = @($wide) + @($others | Select-Object -First (5 - $wide.Count))
        $script:Templates = @(Get-AibImageTemplate -SubscriptionId $Slice)

        # One template alone: what a template costs without sharing.
        Clear-AibTestJournal
        $null = $Templates[0] | Test-AibPrerequisite
        $script:SingleCalls = @(Get-AibTestJournal).Count

        Clear-AibTestJournal
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $script:Results = @($Templates | Test-AibPrerequisite -ThrottleLimit 4 -InformationVariable info)
        $watch.Stop()
        $script:Journal = @(Get-AibTestJournal)
        Write-Host "$($info[-1]) Wall $([int]$watch.Elapsed.TotalSeconds) s; one template alone: $SingleCalls ARM calls."
    }

    It 'covers 1,000 templates of five subscriptions, including the three with a subscription-wide problem' {
        $Templates.Count | Should -Be 1000
        $wideKinds = @($Manifest.problems | Where-Object { $_.templateId.Split('/')[2] -in $Slice } | Select-Object -ExpandProperty kind -Unique)
        foreach ($kind in $ChecksOf.Keys) { $wideKinds | Should -Contain $kind }
    }

    It 'tags every result with its template' {
        $untagged = 0
        $templates = [Collections.Generic.HashSet[string]]::new()
        foreach ($r in $Results) {
            if (-not $r.Name -or $r.SubscriptionId -notin $Slice -or $r.ResourceGroupName -ne 'rg-images') { $untagged++ }
            $null = $templates.Add("$($r.SubscriptionId)/$($r.Name)")
        }
        $untagged | Should -Be 0
        $templates.Count | Should -Be 1000
    }

    It 'names every planted problem of the slice with its resource: nothing missed' {
        $failed = $Results | Where-Object Status -eq Failed | Group-Object { "$($_.SubscriptionId)/$($_.Name)" } -AsHashTable -AsString
        $planted = @($Manifest.problems | Where-Object { $_.templateId.Split('/')[2] -in $Slice })
        $planted.Count | Should -BeGreaterThan 100
        $missed = foreach ($problem in $planted) {
            $parts = $problem.templateId.Split('/')
            $named = @($failed["$($parts[2])/$($parts[-1])"] | Where-Object { $_.Check -in $ChecksOf[$problem.kind] } |
                    Where-Object { $_.Target -eq $problem.resourceId -or ($_.Evidence -join ' ') -like "*$($problem.resourceId)*" })
            if ($named.Count -eq 0) { "$($problem.kind) $($problem.templateId)" }
        }
        $missed | Should -BeNullOrEmpty
    }

    It 'fails nothing that was not planted, and warns of nothing: nothing invented' {
        $expected = @{}
        foreach ($problem in $Manifest.problems) {
            $parts = $problem.templateId.Split('/')
            $key = "$($parts[2])/$($parts[-1])"
            $expected[$key] = @($expected[$key]) + $ChecksOf[$problem.kind]
        }
        $invented = $Results | Where-Object Status -eq Failed | Where-Object { $_.Check -notin $expected["$($_.SubscriptionId)/$($_.Name)"] } |
            ForEach-Object { "$($_.Check) $($_.SubscriptionId)/$($_.Name): $($_.Message)" }
        $invented | Should -BeNullOrEmpty
        $Results | Where-Object Status -eq Warning | ForEach-Object { "$($_.Check) $($_.Name): $($_.Message)" } | Should -BeNullOrEmpty
    }

    It 'shares the subscription- and region-level reads: each read once, far fewer ARM requests a template than one alone' {
        $Journal.Count | Should -BeGreaterThan 0
        $repeated = $Journal | Where-Object method -eq GET | Group-Object { "$($_.path)$($_.query)" } | Where-Object Count -gt 1 |
            ForEach-Object { "$($_.Count) x $($_.Name)" }
        $repeated | Should -BeNullOrEmpty
        $perTemplate = $Journal.Count / $Templates.Count
        Write-Host ('{0} ARM requests for {1} templates: {2:N2} a template, against {3} for one template alone.' -f $Journal.Count,
            $Templates.Count, $perTemplate, $SingleCalls)
        $perTemplate | Should -BeLessThan ($SingleCalls / 10)
        # Nothing read the templates again, and nothing crawled ARM for them: only each template's triggers (a child resource
        # Resource Graph does not return) are listed, once, for the Triggers family.
        @($Journal | Where-Object { $_.path -like '*imageTemplates*' -and $_.path -notlike '*/triggers' }).Count | Should -Be 0
        @($Journal | Where-Object { $_.path -like '*/triggers' }).Count | Should -BeLessOrEqual $Templates.Count
    }
}
