# Every exported cmdlet has real help (after PSScriptAnalyzer's ModuleHelp.Tests.ps1).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-AibTestManifest) -Force
    $script:Commands = @(Get-Command -Module IsolatedImageBuilds | ForEach-Object { @{ Name = $_.Name } })
}

Describe 'Help of <Name>' -ForEach $Commands {
    BeforeAll {
        Import-Module (Get-AibTestManifest) -Force
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
        $script:Common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name + 'WhatIf', 'Confirm'
    }

    It 'has a synopsis of its own' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match "^\s*$Name\s*\[" -Because 'a synopsis equal to the syntax means no MAML was found'
    }

    It 'has a description' {
        ($Help.Description | Out-String).Trim().Length | Should -BeGreaterThan 40
    }

    It 'has at least one example with code and remarks' {
        @($Help.Examples.Example).Count | Should -BeGreaterThan 0
        foreach ($example in $Help.Examples.Example) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks | Out-String).Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'describes every parameter' {
        foreach ($parameter in $Command.Parameters.Keys | Where-Object { $_ -notin $Common }) {
            $doc = $Help.Parameters.Parameter | Where-Object Name -eq $parameter
            $doc | Should -Not -BeNullOrEmpty -Because "-$parameter must be in the help"
            ($doc.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }
}
