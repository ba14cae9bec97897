# Export-AibReadinessReport on real Test-AibPrerequisite results from the emulator (tests/pester/ReadinessEstate.psm1):
# each format's content, the results' template identity, refused paths with their error ids, -WhatIf.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ReadinessEstate.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force
    $script:Emulator = Get-AibTestEmulator
    $script:Results = @(Invoke-AibTestReadinessEstate)
    $script:Estate = Get-AibTestReadinessEstate
    $script:Folder = New-Item -ItemType Directory -Force (Join-Path ([IO.Path]::GetTempPath()) ('aib-report-' + [guid]::NewGuid().ToString('N')))

    function Get-ErrorId([scriptblock] $Command) {
        try { & $Command; return $null } catch { return $_.FullyQualifiedErrorId }
    }
}

AfterAll {
    Remove-Item $Folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-AibPrerequisite results name their template' -Tag 'Report' {
    It 'carry subscription, resource group, region and topology' {
        foreach ($template in $Estate) {
            $mine = @($Results | Where-Object Name -eq $template.Name)
            $mine.Count | Should -BeGreaterThan 20
            ($mine.SubscriptionId | Sort-Object -Unique) | Should -Be $Emulator.subscriptionId
            ($mine.ResourceGroupName | Sort-Object -Unique) | Should -Be $Emulator.resourceGroupName
            ($mine.Location | Sort-Object -Unique) | Should -Be $Emulator.location
            ($mine.Topology | Sort-Object -Unique) | Should -Be $template.Topology
        }
    }
}

Describe 'Export-AibReadinessReport writes' -Tag 'Report' {
    It 'a self-contained HTML page with the counts, every template, its failing checks and their fixes' {
        $path = Join-Path $Folder 'estate.html'
        $file = $Results | Export-AibReadinessReport -Path $path -Title 'Estate <readiness>' -PassThru
        $file | Should -BeOfType ([IO.FileInfo])
        $file.FullName | Should -Be $path
        $html = Get-Content -Raw $path

        $html | Should -Match '<title>Estate &lt;readiness&gt;</title>'
        $failed = @($Estate | Where-Object Status -eq 'Failed').Count
        $html | Should -Match "<span class=""count"">$($Estate.Count)</span> templates"
        $html | Should -Match "<span class=""count"">$failed</span> failed"
        $html | Should -Match "<label for=""show-failed"">Failed \($failed\)</label>"
        $html | Should -Match '<svg class="chart"'
        foreach ($template in $Estate) {
            $html | Should -Match "<tr class=""$($template.Status.ToLowerInvariant())""><td><span class=""badge [a-z]+"">$($template.Status)</span></td><td><b>$([regex]::Escape($template.Name))</b>"
        }
        foreach ($result in $Results | Where-Object Status -eq 'Failed') {
            $html.Contains([Net.WebUtility]::HtmlEncode($result.Message)) | Should -BeTrue -Because $result.Message
            $html.Contains("<pre>$([Net.WebUtility]::HtmlEncode($result.Remediation))</pre>") | Should -BeTrue -Because $result.Remediation
        }
        $html | Should -Not -Match '\ssrc\s*=|<link|url\(|@import'
    }

    It 'CSV with one row per result and the template identity first' {
        $path = Join-Path $Folder 'estate.csv'
        $Results | Export-AibReadinessReport -Path $path
        $rows = @(Import-Csv $path)
        $rows.Count | Should -Be $Results.Count
        @($rows[0].PSObject.Properties.Name)[0..5] | Should -Be 'SubscriptionId', 'ResourceGroupName', 'TemplateName', 'Location', 'Topology', 'TemplateStatus'
        foreach ($template in $Estate) {
            $mine = @($rows | Where-Object TemplateName -eq $template.Name)
            $mine.Count | Should -Be @($Results | Where-Object Name -eq $template.Name).Count
            ($mine.TemplateStatus | Sort-Object -Unique) | Should -Be $template.Status
            if ($template.Status -eq 'Failed') { ($mine | Where-Object Status -eq 'Failed').Check | Should -Be $template.Check }
        }
    }

    It 'JSON, the model: totals, groups per topology, templates with their problems and fixes' {
        $path = Join-Path $Folder 'estate.txt'
        $Results | Export-AibReadinessReport -Path $path -Format Json
        $report = Get-Content -Raw $path | ConvertFrom-Json
        $report.totals.templates | Should -Be $Estate.Count
        $report.totals.failed | Should -Be @($Estate | Where-Object Status -eq 'Failed').Count
        $report.totals.warning | Should -Be @($Estate | Where-Object Status -eq 'Warning').Count
        @($report.groups).Count | Should -Be 3
        ($report.groups | Where-Object topology -eq 'BuildAndAciSubnets').counts.templates | Should -Be @($Estate | Where-Object Topology -eq 'BuildAndAciSubnets').Count
        $quota = $report.templates | Where-Object name -eq 'report-aci-quota'
        $quota.status | Should -Be 'Failed'
        $quota.problems.check | Should -Be 'Quota.Aci.StandardCores'
        ($report.fixes | Where-Object id -eq $quota.problems[0].fixId).remediation | Should -Be $quota.problems[0].remediation
    }
}

Describe 'Export-AibReadinessReport refuses' -Tag 'Report' {
    It 'a folder as -Path with ReportPathInvalid' {
        Get-ErrorId { $Results | Export-AibReadinessReport -Path $Folder -ErrorAction Stop } | Should -BeLike 'ReportPathInvalid,*'
    }

    It 'a path in a missing folder with ReportFolderNotFound' {
        Get-ErrorId { $Results | Export-AibReadinessReport -Path (Join-Path $Folder 'missing/r.html') -ErrorAction Stop } | Should -BeLike 'ReportFolderNotFound,*'
    }

    It 'an existing file without -Force with ReportFileExists, leaving it as it was; -Force overwrites' {
        $path = Join-Path $Folder 'existing.html'
        Set-Content -Path $path -Value 'previous'
        Get-ErrorId { $Results | Export-AibReadinessReport -Path $path -ErrorAction Stop } | Should -BeLike 'ReportFileExists,*'
        (Get-Content -Raw $path).Trim() | Should -Be 'previous'
        $Results | Export-AibReadinessReport -Path $path -Force
        Get-Content -Raw $path | Should -Match '^<!DOCTYPE html>'
    }

    It 'input that is not a prerequisite result, writing nothing' {
        $path = Join-Path $Folder 'strings.html'
        { 'not a result' | Export-AibReadinessReport -Path $path -ErrorAction Stop } | Should -Throw
        Test-Path $path | Should -BeFalse
    }
}

Describe 'Export-AibReadinessReport -WhatIf' -Tag 'Report' {
    It 'writes nothing, not even over an existing file with -Force' {
        $path = Join-Path $Folder 'whatif.html'
        $Results | Export-AibReadinessReport -Path $path -WhatIf | Should -BeNullOrEmpty
        Test-Path $path | Should -BeFalse
        Set-Content -Path $path -Value 'previous'
        $Results | Export-AibReadinessReport -Path $path -Force -PassThru -WhatIf | Should -BeNullOrEmpty
        (Get-Content -Raw $path).Trim() | Should -Be 'previous'
    }
}
