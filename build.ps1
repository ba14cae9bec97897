#requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, packages and demonstrates IsolatedImageBuilds.
.DESCRIPTION
    Build    lays out out/IsolatedImageBuilds/<version>/ (manifest, cmdlet dll, Dependencies/, help, formats).
    Test     builds, then runs every xunit test, the SDK fidelity test (tests/sdk-fidelity, Node) and every Pester test,
             and ends with one line "N passed, M failed".
    Package  builds, then writes out/packages/IsolatedImageBuilds.<version>.nupkg (installable with Install-PSResource)
             and out/packages/IsolatedImageBuilds.zip (importable into Azure Automation; docs/hosting.md).
    Emulator runs Azurite and the AIB emulator in the foreground until stopped (writes out/emulator/endpoint.json).
    Demo     the main job on the emulator: template, prerequisites, build with progress, log summary.
    Bench    benchmarks (import time, and those of the issues that have landed), side by side in one run.
    Generate regenerates src/IsolatedImageBuilds.Core/Templates/SwaggerShapeData.g.cs from tests/reference (build/SwaggerShapeGenerator).
    Clean    removes out/ and the projects' bin/obj folders.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Emulator', 'Bench', 'Generate', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Emulator scenario: a name from tests/AibEmulator/scenarios or a path to a scenario file.
    [string] $Scenario = 'default',
    # Test only: a Pester tag or file-name filter, for quicker local runs.
    [string[]] $PesterTag
)
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$Version = ([xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
$ModuleRoot = Join-Path $Out "IsolatedImageBuilds/$Version"
$Manifest = Join-Path $ModuleRoot 'IsolatedImageBuilds.psd1'

function Invoke-Native([string] $File, [string[]] $Arguments) {
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-ToolRestore {
    # Pester (not on the Gallery here), the Bicep CLI and an older Azure.Core for the side-by-side test.
    Invoke-Native dotnet @('restore', (Join-Path $Root 'build/Tools.csproj'), '--verbosity', 'quiet')
}

function Get-NuGetPackageRoot {
    $root = $env:NUGET_PACKAGES
    if (-not $root) { $root = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    return $root
}

function Invoke-Build {
    $staging = Join-Path $Out 'staging'
    Remove-Item $staging, $ModuleRoot -Recurse -Force -ErrorAction SilentlyContinue
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/IsolatedImageBuilds.PowerShell'), '-c', $Configuration, '-o', (Join-Path $staging 'module'), '--nologo', '-v', 'quiet')
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/IsolatedImageBuilds.LoadContext'), '-c', $Configuration, '-o', (Join-Path $staging 'loadcontext'), '--nologo', '-v', 'quiet')

    $dependencies = New-Item -ItemType Directory -Force (Join-Path $ModuleRoot 'Dependencies')
    New-Item -ItemType Directory -Force (Join-Path $ModuleRoot 'en-US') | Out-Null
    # The cmdlet assembly alone at the root; Core and every dependency beside the load context.
    Copy-Item (Join-Path $staging 'module/IsolatedImageBuilds.dll') $ModuleRoot
    Get-ChildItem (Join-Path $staging 'module') -Filter *.dll | Where-Object Name -ne 'IsolatedImageBuilds.dll' | Copy-Item -Destination $dependencies
    Copy-Item (Join-Path $staging 'loadcontext/IsolatedImageBuilds.LoadContext.dll') $dependencies
    Copy-Item (Join-Path $Root 'module/IsolatedImageBuilds.Format.ps1xml') $ModuleRoot
    Copy-Item (Join-Path $Root 'module/en-US/*') (Join-Path $ModuleRoot 'en-US')

    $source = Get-Content -Raw (Join-Path $Root 'module/IsolatedImageBuilds.psd1')
    Set-Content -Path $Manifest -Value ($source -replace "ModuleVersion(\s*)= '0\.0\.0'", "ModuleVersion`$1= '$Version'") -Encoding utf8
    Assert-ExportsMatchAssembly
    Invoke-Pwsh @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'build/New-MamlHelp.ps1'),
        '-ManifestPath', $Manifest, '-XmlDocPath', (Join-Path $staging 'module/IsolatedImageBuilds.xml'),
        '-OutFile', (Join-Path $ModuleRoot 'en-US/IsolatedImageBuilds.dll-Help.xml'))
    if ($LASTEXITCODE -ne 0) { throw "Generating the MAML help failed (exit code $LASTEXITCODE)." }
    Remove-Item $staging -Recurse -Force
    Write-Host "Built $Manifest"
}

# CmdletsToExport is explicit (fast import, no wildcard); the build refuses a manifest that
# forgets a cmdlet or names one that does not exist.
function Assert-ExportsMatchAssembly {
    $declared = (Import-PowerShellDataFile $Manifest).CmdletsToExport | Sort-Object
    $pattern = '\[Cmdlet\(Verbs(\w+)\.(\w+),\s*"([\w]+)"'
    $defined = Get-ChildItem (Join-Path $Root 'src/IsolatedImageBuilds.PowerShell/Cmdlets') -Filter *.cs -Recurse |
        Select-String -Pattern $pattern | ForEach-Object { "$($_.Matches[0].Groups[2].Value)-$($_.Matches[0].Groups[3].Value)" } | Sort-Object
    $diff = Compare-Object @($declared) @($defined)
    if ($diff) { throw "CmdletsToExport in module/IsolatedImageBuilds.psd1 does not match the cmdlets in the assembly: $($diff | Out-String)" }
}

# This same PowerShell in a child process: under `dotnet pwsh` the process is dotnet itself.
function Invoke-Pwsh([string[]] $Arguments) {
    if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
        & ([Environment]::ProcessPath) (Join-Path $PSHOME 'pwsh.dll') @Arguments
    }
    else {
        & ([Environment]::ProcessPath) @Arguments
    }
}

function Invoke-Test {
    Invoke-Build
    New-ModulePackage
    Invoke-ToolRestore
    $results = Join-Path $Out 'test-results'
    Remove-Item $results -Recurse -Force -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force $results | Out-Null

    # Style: .editorconfig's rules, held by dotnet format (counted as one test so the closing line stays whole).
    $formatFailed = Test-CodeFormat

    $xunitPassed = 0; $xunitFailed = 0
    foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Filter *.Tests.csproj -Recurse) {
        $trx = "$($project.BaseName).trx"
        & dotnet test $project.FullName -c $Configuration --nologo --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal' --results-directory $results
        $file = Join-Path $results $trx
        if (-not (Test-Path $file)) { Write-Warning "$($project.Name) produced no results (build failure?)."; $xunitFailed++; continue }
        $counters = ([xml](Get-Content -Raw $file)).TestRun.ResultSummary.Counters
        $xunitPassed += [int]$counters.passed
        $xunitFailed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }

    # SDK fidelity (issue 10, item 7): the official Azure SDKs for JavaScript against the emulator.
    $sdk = & (Join-Path $Root 'tests/sdk-fidelity/Invoke-SdkFidelity.ps1')
    Write-Host "SDK fidelity (Node): $($sdk.Passed) passed, $($sdk.Failed) failed"

    # The readiness report in headless Chromium (issue 14): installed when missing and possible, else skipped with the reason.
    $browser = Invoke-BrowserTest $results
    Write-Host "Browser (Chromium): $($browser.Passed) passed, $($browser.Failed) failed, $($browser.Skipped) skipped"

    $pester = Invoke-PesterShards $results

    $passed = $xunitPassed + $sdk.Passed + $browser.Passed + $pester.Passed + (1 - $formatFailed)
    $failed = $xunitFailed + $sdk.Failed + $browser.Failed + $pester.Failed + $formatFailed
    Write-Host "format: $(1 - $formatFailed) passed, $formatFailed failed; xunit: $xunitPassed passed, $xunitFailed failed; SDK fidelity (Node): $($sdk.Passed) passed, $($sdk.Failed) failed; browser (Chromium): $($browser.Passed) passed, $($browser.Failed) failed, $($browser.Skipped) skipped; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    if ($browser.Skipped -gt 0) { Write-Warning "Browser test skipped (not counted as passed): $($browser.SkipReason)" }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

# Pester in two shards side by side, each a pwsh with its own emulator and Azurite (Invoke-PesterSuite starts one per run):
# most of the suite waits on scaled clocks (outages, token lifetimes, build stages), so two shards halve its time on two
# cores. Files go to the lighter shard, longest first, by the seconds they took in CI; each shard's output is printed
# when both have ended, and their counts are added.
function Invoke-PesterShards([string] $Results) {
    $seconds = @{ 'Hosting.Tests.ps1' = 426; 'SignIn.Tests.ps1' = 333; 'Builds.Tests.ps1' = 185; 'Triggers.Tests.ps1' = 104; 'Logs.Tests.ps1' = 97 }
    $shards = @(@{ Files = [Collections.Generic.List[string]]::new(); Seconds = 0 }, @{ Files = [Collections.Generic.List[string]]::new(); Seconds = 0 })
    $files = Get-ChildItem (Join-Path $Root 'tests/pester') -Filter *.Tests.ps1 |
        Sort-Object @{ Expression = { if ($seconds.ContainsKey($_.Name)) { $seconds[$_.Name] } else { 20 } }; Descending = $true }, Name
    foreach ($file in $files) {
        $lighter = $shards | Sort-Object { $_.Seconds } | Select-Object -First 1
        $lighter.Files.Add($file.FullName)
        $lighter.Seconds += if ($seconds.ContainsKey($file.Name)) { $seconds[$file.Name] } else { 20 }
    }
    $started = [Diagnostics.Stopwatch]::StartNew()
    $runs = for ($k = 0; $k -lt $shards.Count; $k++) {
        $resultFile = Join-Path $Results "pester-$k.json"
        $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/pester/Invoke-PesterSuite.ps1'),
            '-ModuleManifest', $Manifest, '-ResultFile', $resultFile, '-PackageDirectory', (Join-Path $Out 'packages'),
            '-Path', ($shards[$k].Files -join ','))
        if ($PesterTag) { $arguments += @('-Tag', ($PesterTag -join ',')) }
        if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $arguments = @((Join-Path $PSHOME 'pwsh.dll')) + $arguments }
        $output = Join-Path $Results "pester-$k.out.log"
        $errors = Join-Path $Results "pester-$k.err.log"
        $quoted = $arguments | ForEach-Object { '"' + ($_ -replace '"', '\"') + '"' }
        Write-Host "Pester shard $($k + 1): $($shards[$k].Files.Count) files ($(($shards[$k].Files | ForEach-Object { Split-Path -Leaf $_ }) -join ', ')), about $($shards[$k].Seconds) s in CI"
        [pscustomobject]@{
            Process = Start-Process -FilePath ([Environment]::ProcessPath) -ArgumentList $quoted -RedirectStandardOutput $output -RedirectStandardError $errors -NoNewWindow -PassThru
            Output = $output; Errors = $errors; ResultFile = $resultFile; Shard = $k + 1
        }
    }
    $runs.Process | Wait-Process
    $total = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($run in $runs) {
        Write-Host "===== Pester shard $($run.Shard) (exit code $($run.Process.ExitCode)) ====="
        Get-Content $run.Output | Out-Host
        if ((Get-Item $run.Errors).Length -gt 0) { Get-Content $run.Errors | Out-Host }
        if (Test-Path $run.ResultFile) {
            $counts = Get-Content -Raw $run.ResultFile | ConvertFrom-Json
            $total.Passed += $counts.Passed; $total.Failed += $counts.Failed; $total.Skipped += $counts.Skipped
        }
        else {
            Write-Warning "Pester shard $($run.Shard) wrote no results to $($run.ResultFile)."
            $total.Failed++
        }
    }
    Write-Host "Pester: both shards ended after $([int]$started.Elapsed.TotalSeconds) s"
    $total
}

# Headless Chromium on the readiness report (tests/browser): the browser is found or installed first (Debian's package, as
# root with apt-get); without one the test is reported as skipped with the reason. Runs in a child pwsh (it imports the module).
function Invoke-BrowserTest([string] $Results) {
    $chromium = & (Join-Path $Root 'tests/browser/Install-Chromium.ps1')
    $resultFile = Join-Path $Results 'browser.json'
    $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/browser/Invoke-BrowserTest.ps1'),
        '-ModuleManifest', $Manifest, '-OutDirectory', (Join-Path $Results 'browser'), '-ResultFile', $resultFile)
    if ($chromium.Path) { $arguments += @('-ChromiumPath', $chromium.Path) } else { $arguments += @('-SkipReason', $chromium.SkipReason) }
    # Its output goes to the console: a function's stray output would become part of the results it returns.
    Invoke-Pwsh $arguments | Out-Host
    if (Test-Path $resultFile) { return Get-Content -Raw $resultFile | ConvertFrom-Json }
    Write-Warning "The browser test wrote no results to $resultFile."
    [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; SkipReason = $null }
}

# `dotnet format --verify-no-changes` over the solution: 0 when every file follows .editorconfig, else 1
# (the files and lines it would change are printed; `dotnet format IsolatedImageBuilds.sln` applies them).
function Test-CodeFormat {
    & dotnet format (Join-Path $Root 'IsolatedImageBuilds.sln') --verify-no-changes --verbosity quiet | Out-Host
    if ($LASTEXITCODE -eq 0) { Write-Host 'dotnet format --verify-no-changes: every file follows .editorconfig.'; return 0 }
    Write-Host "dotnet format --verify-no-changes: the files above differ from .editorconfig's style; run 'dotnet format IsolatedImageBuilds.sln'."
    return 1
}

function Invoke-Package {
    Invoke-Build
    New-ModulePackage
}

function New-ModulePackage {
    $packages = New-Item -ItemType Directory -Force (Join-Path $Out 'packages')
    Get-ChildItem $packages -Filter 'IsolatedImageBuilds.*.nupkg' | Remove-Item -Force
    # Publish-PSResource (PSResourceGet, built into pwsh 7.4+) to a throw-away local repository
    # writes the .nupkg that Install-PSResource understands; the registration is removed again.
    $repoName = "AibBuild-$PID"
    Register-PSResourceRepository -Name $repoName -Uri $packages.FullName -Trusted
    try {
        Publish-PSResource -Path $ModuleRoot -Repository $repoName -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repoName
    }
    $nupkg = Get-ChildItem $packages -Filter "IsolatedImageBuilds.$Version.nupkg"
    if (-not $nupkg) { throw "Publish-PSResource wrote no IsolatedImageBuilds.$Version.nupkg in $packages." }
    Write-Host "Packaged $($nupkg.FullName)"
    New-AutomationZip $packages.FullName
}

# Azure Automation imports a module from a zip whose file name, top folder and module name are the same
# (IsolatedImageBuilds.zip -> IsolatedImageBuilds/IsolatedImageBuilds.psd1), at most 100 MB, no path over
# 140 characters. tests/pester/HostingPackage.Tests.ps1 checks those rules on the file written here.
function New-AutomationZip([string] $Directory) {
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $zip = Join-Path $Directory 'IsolatedImageBuilds.zip'
    Remove-Item $zip -ErrorAction SilentlyContinue
    $archive = [System.IO.Compression.ZipFile]::Open($zip, [System.IO.Compression.ZipArchiveMode]::Create)
    try {
        foreach ($file in Get-ChildItem $ModuleRoot -Recurse -File) {
            $relative = [IO.Path]::GetRelativePath($ModuleRoot, $file.FullName).Replace('\', '/')
            $entry = "IsolatedImageBuilds/$relative"
            if ($entry.Length -ge 140) { throw "Automation refuses paths of 140 characters or more: $entry" }
            $null = [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($archive, $file.FullName, $entry, 'Optimal')
        }
    }
    finally { $archive.Dispose() }
    if ((Get-Item $zip).Length -ge 100MB) { throw "$zip is over Automation's 100 MB." }
    Write-Host "Packaged $zip (Azure Automation)"
}

function Invoke-Bench {
    Invoke-Build
    & (Join-Path $Root 'tests/bench/Invoke-Bench.ps1') -ModuleManifest $Manifest -Root $Root
}

# The REST specification's shape, compiled into Core for offline validation (see the generated file's header).
function Invoke-Generate {
    Invoke-Native dotnet @('run', '--project', (Join-Path $Root 'build/SwaggerShapeGenerator'), '-c', $Configuration, '-v', 'quiet', '--',
        '--reference', (Join-Path $Root 'tests/reference'), '--out', (Join-Path $Root 'src/IsolatedImageBuilds.Core/Templates/SwaggerShapeData.g.cs'))
}

# Runs Azurite and the emulator in the foreground until Ctrl+C, then ends both.
function Invoke-Emulator {
    Import-Module (Join-Path $Root 'tests/AibEmulator/AibEmulator.psm1') -Force
    # Install and build first (npm ci, dotnet build: first time only), so the start itself is what is timed.
    $prepare = [Diagnostics.Stopwatch]::StartNew()
    $emulatorDir = Join-Path $Root 'tests/AibEmulator'
    if (-not (Test-Path (Join-Path $emulatorDir 'node_modules/azurite'))) {
        Push-Location $emulatorDir
        try { Invoke-Native npm @('ci', '--no-audit', '--no-fund', '--silent') } finally { Pop-Location }
    }
    Invoke-Native dotnet @('build', $emulatorDir, '-c', 'Release', '--nologo', '-v', 'quiet')
    $prepare.Stop()
    $start = [Diagnostics.Stopwatch]::StartNew()
    $endpoint = Start-AibEmulator -Scenario $Scenario -OutDirectory (Join-Path $Out 'emulator')
    $start.Stop()
    Write-Host ('Installed and built in {0:N1} s; Azurite and the emulator started and wrote endpoint.json in {1:N1} s.' -f $prepare.Elapsed.TotalSeconds, $start.Elapsed.TotalSeconds)
    try {
        Write-Host "AIB emulator ($Scenario) at $($endpoint.armEndpoint); control at $($endpoint.controlEndpoint); blobs at $($endpoint.blobEndpoint)"
        Write-Host "Endpoint file: $(Join-Path $Out 'emulator/endpoint.json'). Press Ctrl+C to stop."
        while ($true) { Start-Sleep -Seconds 1 }
    }
    finally {
        Stop-AibEmulator
        Write-Host 'Emulator and Azurite stopped.'
    }
}

switch ($Task) {
    'Clean' {
        Remove-Item $Out -Recurse -Force -ErrorAction SilentlyContinue
        Get-ChildItem (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
    }
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Bench' { Invoke-Bench }
    'Generate' { Invoke-Generate }
    'Emulator' { Invoke-Emulator }
    'Demo' { Invoke-Build; & (Join-Path $Root 'build/Invoke-Demo.ps1') -ModuleManifest $Manifest -Root $Root; exit $LASTEXITCODE }
}
