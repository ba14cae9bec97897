<#
.SYNOPSIS
    Finds headless Chromium for the browser test, installing Debian's package when this process can; returns
    [pscustomobject]@{ Path; SkipReason } (Path null and SkipReason set when there is no browser to test with).
.DESCRIPTION
    Nothing installed by hand survives on the build machines, so the build installs the browser itself: when
    chromium is not on PATH and the process is root with apt-get, `apt-get install -y chromium` (and, if that fails
    because the package lists are stale or absent, `apt-get update` and once more). Elsewhere (not root, no apt-get,
    Windows, macOS) it does not install anything and says why, so the test is reported as skipped, not passed.
#>
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'

function Find-Chromium {
    foreach ($name in 'chromium', 'chromium-browser') {
        $command = Get-Command $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($command) { return $command.Source }
    }
    return $null
}

function Invoke-AptGet([string[]] $Arguments) {
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get @Arguments 2>&1 | Select-Object -Last 3 | Out-Host
    return $LASTEXITCODE -eq 0
}

$path = Find-Chromium
if ($path) { return [pscustomobject]@{ Path = $path; SkipReason = $null } }

if (-not $IsLinux) { return [pscustomobject]@{ Path = $null; SkipReason = 'Chromium is not on PATH and is installed automatically only on Debian-like Linux (apt-get).' } }
if (-not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
    return [pscustomobject]@{ Path = $null; SkipReason = 'Chromium is not on PATH and apt-get is not available to install it.' }
}
if ((& id -u) -ne '0') {
    return [pscustomobject]@{ Path = $null; SkipReason = 'Chromium is not on PATH and this process is not root, so apt-get cannot install it (sudo apt-get install chromium).' }
}

Write-Host 'Installing Chromium for the browser test (apt-get install -y chromium)...'
$installArguments = @('install', '-y', '--no-install-recommends', 'chromium')
if (-not (Invoke-AptGet $installArguments)) {
    Write-Host 'apt-get install failed; updating the package lists and trying once more.'
    $null = Invoke-AptGet @('update')
    $null = Invoke-AptGet $installArguments
}
$path = Find-Chromium
if ($path) { return [pscustomobject]@{ Path = $path; SkipReason = $null } }
[pscustomobject]@{ Path = $null; SkipReason = 'apt-get could not install chromium (see the apt-get output above).' }
