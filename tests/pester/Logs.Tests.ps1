# Get-AibBuildLog and Get-AibStagingResource against the emulator and the reference logs.
BeforeDiscovery {
    $script:ReferenceLogs = @(
        @{ File = 'docs-legacy_timeout-waiting-for-azure-resources.log'; Id = 'AIB-029'; Harmless = $false }
        @{ File = 'docs_newer-ui-format_no-artifacts-and-skip-image.log'; Id = 'AIB-035'; Harmless = $true }
        @{ File = 'gh-azure-compute-docs-pr179_2025-ui-format-apt-lists.log'; Id = 'AIB-038'; Harmless = $false }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force
    $script:Emulator = Use-AibTestScenario default
    $script:Logs = Join-Path (Get-AibRepoRoot) 'tests/reference/logs'
}

Describe 'Get-AibBuildLog -Path on the reference log <File>' -ForEach $ReferenceLogs {
    It 'accounts for every line and finds <Id>' {
        $path = Join-Path $Logs $File
        $lines = [IO.File]::ReadAllLines($path)
        $entries = Get-AibBuildLog -Path $path -NoRedact
        $entries.Count | Should -Be $lines.Count
        ($entries | Select-Object -Last 1).LineNumber | Should -Be $lines.Count
        $summary = Get-AibBuildLog -Path $path -Summary
        if ($Harmless) {
            $summary.Diagnosis | Should -BeNullOrEmpty -Because 'harmless warnings are never the cause'
            ($summary.Findings | Where-Object Id -eq $Id).Harmless | Should -BeTrue
        }
        else {
            $summary.Diagnosis.Id | Should -Be $Id
            $summary.Diagnosis.Fix | Should -Not -BeNullOrEmpty
            $summary.Diagnosis.Evidence.Count | Should -BeGreaterThan 0
        }
    }
}

Describe 'Get-AibBuildLog on a build' {
    It 'follows a running build: lines as they appear, then the persisted rest, none missing or repeated' {
        $null = Use-AibTestScenario default
        $null = Invoke-AibTestControl -Method Post -Route timescale -Body @{ timeScale = 0.04 }
        $null = New-AibTestTemplate -Name follow-t -Deploy
        $null = Start-AibIsolatedBuild -Name follow-t -ResourceGroupName $Emulator.resourceGroupName -NoWait
        try {
            $follow = Receive-AibTestOutput "Get-AibBuildLog -Name follow-t -ResourceGroupName $($Emulator.resourceGroupName) -Follow -PollingInterval 00:00:00.500 -NoRedact"
            $follow.Errors | Should -HaveCount 0
        }
        finally { $null = Invoke-AibTestControl -Method Post -Route timescale -Body @{ timeScale = 0.02 } }
        $received = $follow.Received
        $run = Get-AibIsolatedBuild -Name follow-t -ResourceGroupName $Emulator.resourceGroupName
        $persisted = Get-AibBuildLog -Name follow-t -ResourceGroupName $Emulator.resourceGroupName -Raw -NoRedact
        $followed = $received.Entry | ForEach-Object { $_.Raw -replace '^\d{4}-\d\d-\d\dT[\d:.]+Z ', '' }
        $followed.Count | Should -Be $persisted.Count
        ($followed -join "`n") | Should -Be ($persisted -join "`n")
        @($received | Where-Object { $_.At -lt $run.EndTime }).Count | Should -BeGreaterThan 5 -Because 'lines must arrive while the build runs, not only at the end'
    }

    It 'reads the persisted log of the latest run with the storage account key and diagnoses a failure' {
        $null = Use-AibTestScenario customizer-fails
        $null = New-AibTestTemplate -Name logfail-t -Deploy
        $null = Start-AibIsolatedBuild -Name logfail-t -ResourceGroupName $Emulator.resourceGroupName -PollingInterval 00:00:00.500 -ErrorAction SilentlyContinue
        $entries = Get-AibBuildLog -Name logfail-t -ResourceGroupName $Emulator.resourceGroupName -Verbose 4>&1
        ($entries | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join ' ' | Should -Match 'account key'
        $lines = @($entries | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $lines[0].GetType().Name | Should -Be 'AibLogEntry'
        @($lines | Where-Object Provisioner).Count | Should -BeGreaterThan 0
        (Get-AibBuildLog -Name logfail-t -ResourceGroupName $Emulator.resourceGroupName -Tail 3).Count | Should -Be 3
        $summary = Get-AibBuildLog -Name logfail-t -ResourceGroupName $Emulator.resourceGroupName -Summary
        $summary.Failed | Should -BeTrue
        $summary.Diagnosis.Id | Should -Match '^AIB-'
        $summary.Diagnosis.Provisioner | Should -Not -BeNullOrEmpty
        $summary.AuthMethod | Should -Be 'AccountKey'
        $null = Use-AibTestScenario default
    }

    It 'never shows planted secrets unless -NoRedact' {
        $secrets = @{
            sas     = 'sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg%3D%3D'
            jwt     = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwbGFudGVkLXNlY3JldCJ9.c2lnbmF0dXJlLXBsYW50ZWQ'
            key     = 'AccountKey=' + ('A' * 86) + '=='
            password = 'P@ssw0rd-planted-42'
        }
        $logLines = @(
            "curl -o /tmp/app.zip 'https://contoso.blob.core.windows.net/apps/app.zip?sv=2022-11-02&se=2030-01-01&sr=b&sp=r&$($secrets.sas)'"
            "Authorization: Bearer $($secrets.jwt)"
            "DefaultEndpointsProtocol=https;AccountName=contoso;$($secrets.key);EndpointSuffix=core.windows.net"
            "sudo ./install.sh --password $($secrets.password)"
            'install.sh: error: could not configure the service'
        )
        $null = Use-AibTestScenario -Inline @{ extends = 'customizer-fails'; build = @{ outcome = 'customizerFails'; exitCode = 3; logLines = $logLines } }
        $null = New-AibTestTemplate -Name secret-t -Deploy
        $startError = $null
        try { Start-AibIsolatedBuild -Name secret-t -ResourceGroupName $Emulator.resourceGroupName -PollingInterval 00:00:00.500 -ErrorAction Stop } catch { $startError = $_ }
        $shown = @(
            Get-AibBuildLog -Name secret-t -ResourceGroupName $Emulator.resourceGroupName | Format-List * | Out-String -Width 4096
            Get-AibBuildLog -Name secret-t -ResourceGroupName $Emulator.resourceGroupName -Raw
            Get-AibBuildLog -Name secret-t -ResourceGroupName $Emulator.resourceGroupName -Summary | ConvertTo-Json -Depth 6
            $startError | Format-List * -Force | Out-String -Width 4096
            $startError.TargetObject | ConvertTo-Json -Depth 4
        ) -join "`n"
        $shown | Should -Match 'install.sh' -Because 'the lines themselves are shown'
        foreach ($secret in $secrets.Values) {
            $bare = $secret -replace '^(sig=|AccountKey=)', ''
            $shown | Should -Not -Match ([regex]::Escape($bare)) -Because "a planted secret must be redacted"
        }
        $unredacted = (Get-AibBuildLog -Name secret-t -ResourceGroupName $Emulator.resourceGroupName -Raw -NoRedact) -join "`n"
        foreach ($secret in $secrets.Values) { $unredacted | Should -Match ([regex]::Escape($secret)) }
        $null = Use-AibTestScenario default
    }

    It 'refuses a missing -Path with its own error id' {
        $err = $null
        try { Get-AibBuildLog -Path ./no-such.log -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'LogFileNotFound,IsolatedImageBuilds.Cmdlets.GetAibBuildLogCommand'
    }
}

Describe 'Get-AibStagingResource during a build' {
    It 'lists what the <_> topology creates, with nothing flagged' -ForEach 'NoSubnet', 'BuildSubnetOnly', 'BuildAndAciSubnets' {
        $null = Use-AibTestScenario default
        $null = Invoke-AibTestControl -Method Post -Route timescale -Body @{ timeScale = 0.04 }
        $name = "staging-$($_.ToLower())"
        $null = New-AibTestTemplate -Name $name -Topology $_ -Deploy
        $null = Start-AibIsolatedBuild -Name $name -ResourceGroupName $Emulator.resourceGroupName -NoWait
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        do {
            Start-Sleep -Milliseconds 300
            $resources = @(Get-AibStagingResource -Name $name -ResourceGroupName $Emulator.resourceGroupName -WarningAction SilentlyContinue)
        } until (($resources.Role -contains 'BuildVm') -or [DateTime]::UtcNow -gt $deadline)
        $null = Invoke-AibTestControl -Method Post -Route timescale -Body @{ timeScale = 0.02 }
        $resources.Role | Should -Contain 'ContainerInstance'
        $resources.Role | Should -Contain 'BuildVm'
        $resources.Role | Should -Contain 'Storage'
        @($resources | Where-Object { -not $_.Expected }) | ForEach-Object { "$($_.ResourceType) $($_.Warning)" } | Should -BeNullOrEmpty
        $networks = @($resources | Where-Object Role -eq 'Network').ResourceType
        switch ($_) {
            'NoSubnet' { $networks | Should -Contain 'Microsoft.Network/virtualNetworks'; $networks | Should -Not -Contain 'Microsoft.Network/privateLinkServices' }
            'BuildSubnetOnly' { $networks | Should -Contain 'Microsoft.Network/privateLinkServices'; $resources.Role | Should -Contain 'ProxyVm' }
            'BuildAndAciSubnets' { $networks | Should -BeNullOrEmpty }
        }
        ($resources | Where-Object Role -eq 'ContainerInstance').Properties.Keys | Should -Contain 'state'
        $null = Get-AibIsolatedBuild -Name $name -ResourceGroupName $Emulator.resourceGroupName -Wait -PollingInterval 00:00:00.500
    }
}

Describe 'Get-AibStagingResource flags what should not be there' {
    It 'flags a public IP that a scenario planted in the staging group during the build' {
        $null = Use-AibTestScenario public-ip-planted
        $null = Invoke-AibTestControl -Method Post -Route timescale -Body @{ timeScale = 0.04 }
        $null = New-AibTestTemplate -Name staging-pip -Deploy
        $null = Start-AibIsolatedBuild -Name staging-pip -ResourceGroupName $Emulator.resourceGroupName -NoWait
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        do {
            Start-Sleep -Milliseconds 300
            $resources = @(Get-AibStagingResource -Name staging-pip -ResourceGroupName $Emulator.resourceGroupName -WarningVariable warned -WarningAction SilentlyContinue)
        } until (($resources.Role -contains 'PublicIp') -or [DateTime]::UtcNow -gt $deadline)
        $null = Invoke-AibTestControl -Method Post -Route timescale -Body @{ timeScale = 0.02 }
        $pip = $resources | Where-Object Role -eq 'PublicIp'
        $pip | Should -Not -BeNullOrEmpty
        $pip.Expected | Should -BeFalse
        $pip.Warning | Should -Match 'public IP'
        $pip.Properties['ipAddress'] | Should -Be '20.61.12.34'
        ($warned | Out-String) | Should -Match 'public IP'
        @($resources | Where-Object { $_.Role -ne 'PublicIp' -and -not $_.Expected }) | Should -BeNullOrEmpty
        $null = Get-AibIsolatedBuild -Name staging-pip -ResourceGroupName $Emulator.resourceGroupName -Wait -PollingInterval 00:00:00.500
        $null = Use-AibTestScenario default
    }
}
