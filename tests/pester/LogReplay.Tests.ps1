# A real current-format customization.log (tests/reference/logs, 2026) replayed by the emulator as a build's
# log: -Follow, the stage tracker and the diagnosis see real text end to end.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force
    $script:Emulator = Use-AibTestScenario default
    $script:ReplayedFile = Join-Path (Get-AibRepoRoot) 'tests/reference/logs/gh-kkaminsk-W365Claw-customization2_2026-format.log'
}

Describe 'Get-AibBuildLog -Follow on a replayed real log' {
    It 'summarises the followed lines as it summarises the same file read with -Path' {
        $null = Use-AibTestScenario replay-2026-parser-error
        $null = New-AibTestTemplate -Name replay-t -Deploy
        $null = Start-AibIsolatedBuild -Name replay-t -ResourceGroupName $Emulator.resourceGroupName -NoWait
        $follow = Receive-AibTestOutput "Get-AibBuildLog -Name replay-t -ResourceGroupName $($Emulator.resourceGroupName) -Follow -Summary -PollingInterval 00:00:00.500"
        $follow.Errors | Should -HaveCount 0
        $run = Get-AibIsolatedBuild -Name replay-t -ResourceGroupName $Emulator.resourceGroupName
        $run.RunState | Should -Be 'Failed'

        $followed = @($follow.Received.Entry | Where-Object { $_.GetType().Name -eq 'AibBuildLogSummary' }) | Select-Object -Last 1
        $followed | Should -Not -BeNullOrEmpty
        $fromFile = Get-AibBuildLog -Path $ReplayedFile -Summary
        $followed.OperationId | Should -Be 'bf6dfc77-48b9-45ff-98b2-5924d6005101'
        $followed.LineCount | Should -Be ([IO.File]::ReadAllLines($ReplayedFile).Count)
        $followed.Failed | Should -Be $fromFile.Failed
        $followed.Diagnosis.Id | Should -Be $fromFile.Diagnosis.Id
        $followed.Diagnosis.Provisioner | Should -Be $fromFile.Diagnosis.Provisioner
        ($followed.Provisioners | ForEach-Object { "$($_.Name) #$($_.Index)" }) -join ', ' | Should -Be (($fromFile.Provisioners | ForEach-Object { "$($_.Name) #$($_.Index)" }) -join ', ')
        ($followed.Stages.Stage -join ', ') | Should -Be ($fromFile.Stages.Stage -join ', ')
        $followed.StoppedAt | Should -Be $fromFile.StoppedAt
        # What the file teaches (tests/reference/logs/README.md): a failing PowerShell provisioner, diagnosed.
        $fromFile.Failed | Should -BeTrue
        $fromFile.Diagnosis.Id | Should -Match '^AIB-'
        @($fromFile.Provisioners).Count | Should -BeGreaterThan 0 -Because 'today''s logs name their provisioners with "Provisioning with ..." lines'
        $null = Use-AibTestScenario default
    }
}
