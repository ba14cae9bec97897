# Source of the module manifest. build.ps1 sets ModuleVersion from Directory.Build.props and checks
# that CmdletsToExport names exactly the cmdlets the assembly defines.
@{
    RootModule             = 'IsolatedImageBuilds.dll'
    ModuleVersion          = '0.0.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '5f0c8c1e-8a43-4d3e-9f4c-3b7d2a9e6c11'
    Author                 = 'IsolatedImageBuilds contributors'
    CompanyName            = 'IsolatedImageBuilds contributors'
    Copyright              = '(c) IsolatedImageBuilds contributors. MIT licence.'
    Description            = 'Author, check, run and debug Azure VM Image Builder isolated image builds: templates for the three network topologies, prerequisite checks, builds with real progress, live and persisted logs with a diagnosis.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('IsolatedImageBuilds.Format.ps1xml')
    CmdletsToExport        = @(
        'Connect-AibAccount'
        'Disconnect-AibAccount'
        'Export-AibReadinessReport'
        'Get-AibImageTemplate'
        'Get-AibBuildLog'
        'Get-AibContext'
        'Get-AibIsolatedBuild'
        'Get-AibStagingResource'
        'Get-AibTrigger'
        'New-AibCustomizer'
        'New-AibDistributor'
        'New-AibIsolatedTemplate'
        'New-AibSourceImageTrigger'
        'New-AibValidator'
        'Remove-AibTrigger'
        'Start-AibIsolatedBuild'
        'Stop-AibIsolatedBuild'
        'Test-AibPrerequisite'
        'Update-AibIsolatedTemplate'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Azure', 'ImageBuilder', 'AIB', 'VMImageBuilder', 'Packer', 'ContainerInstance', 'DevOps', 'Automation', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/IsolatedImageBuilds/IsolatedImageBuilds'
            ReleaseNotes = 'See README.md: status of each cmdlet and what was verified on PowerShell 7 only.'
        }
    }
}
