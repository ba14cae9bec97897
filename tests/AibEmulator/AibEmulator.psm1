# Starts and stops the AIB emulator and the Azurite blob service it writes logs to.
# Used by build.ps1 -Task Emulator, the Pester tests and the demo. Ends only the processes it started.

Set-StrictMode -Version 2.0
$script:Started = New-Object System.Collections.ArrayList

function Get-FreeTcpPort {
    $listener = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Test-TcpPort([int]$Port) {
    $client = New-Object System.Net.Sockets.TcpClient
    try { $client.Connect('127.0.0.1', $Port); return $true } catch { return $false } finally { $client.Dispose() }
}

function New-AzuriteAccountPool([int]$Count) {
    # Staging storage accounts get real Azurite accounts: 24 lowercase letters/digits, each with its own key.
    # Azurite and the emulator both read this variable, so they agree on names and keys.
    $random = [System.Security.Cryptography.RandomNumberGenerator]::Create()
    $alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
    $entries = @('devstoreaccount1:Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==')
    for ($i = 0; $i -lt $Count; $i++) {
        $bytes = New-Object byte[] 24
        $random.GetBytes($bytes)
        $name = -join ($bytes | ForEach-Object { $alphabet[$_ % $alphabet.Length] })
        $key = New-Object byte[] 64
        $random.GetBytes($key)
        $entries += "${name}:$([Convert]::ToBase64String($key))"
    }
    return ($entries -join ';')
}

function Get-EmulatorAssembly {
    # Builds the emulator when its dll is missing or older than any source file.
    $project = Join-Path $PSScriptRoot 'AibEmulator.csproj'
    $dll = Join-Path $PSScriptRoot 'bin/Release/net10.0/AibEmulator.dll'
    # Sources: top-level files and the code/scenario folders (never bin, obj or node_modules, which are large).
    $folders = Get-ChildItem -Path $PSScriptRoot -Directory | Where-Object { @('bin', 'obj', 'node_modules') -notcontains $_.Name }
    $files = @(Get-ChildItem -Path $PSScriptRoot -File -Filter *.cs*) + @($folders | Get-ChildItem -Recurse -File)
    $newest = $files | Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
    if (-not (Test-Path $dll) -or (Get-Item $dll).LastWriteTimeUtc -lt $newest.LastWriteTimeUtc) {
        Write-Verbose "Building $project"
        $output = & dotnet build $project -c Release -nologo -v q 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Building the AIB emulator failed:`n$($output -join "`n")" }
        # An up-to-date build may leave the dll untouched (e.g. only a scenario changed): mark it current.
        (Get-Item $dll).LastWriteTimeUtc = [DateTime]::UtcNow
    }
    return $dll
}

function Start-AibEmulator {
    <#
    .SYNOPSIS
    Starts Azurite and the AIB emulator; returns the endpoint (endpoint.json's fields) and the process ids.
    .PARAMETER Scenario
    A scenario name (tests/AibEmulator/scenarios/<name>.json) or a path to a scenario file. Default: default.
    .PARAMETER OutDirectory
    Where endpoint.json, the certificate (PEM) and the process logs go. Default: <repo>/out/emulator.
    .PARAMETER TimeoutSeconds
    How long to wait for both to listen.
    .PARAMETER AssemblyPath
    A prebuilt AibEmulator.dll to run instead of building tests/AibEmulator (Release).
    #>
    [CmdletBinding()]
    param(
        [string]$Scenario = 'default',
        [string]$OutDirectory,
        [int]$TimeoutSeconds = 60,
        [string]$AssemblyPath
    )
    if (-not $OutDirectory) { $OutDirectory = Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'out/emulator' }
    $OutDirectory = [System.IO.Path]::GetFullPath($OutDirectory)
    New-Item -ItemType Directory -Force -Path $OutDirectory | Out-Null
    if (Test-Path $Scenario) { $Scenario = (Resolve-Path $Scenario).Path }

    if (-not (Test-Path (Join-Path $PSScriptRoot 'node_modules/azurite'))) {
        Write-Verbose 'npm ci (Azurite)'
        Push-Location $PSScriptRoot
        try {
            $output = & npm ci --no-audit --no-fund 2>&1
            if ($LASTEXITCODE -ne 0) { throw "npm ci failed:`n$($output -join "`n")" }
        } finally { Pop-Location }
    }
    $dll = if ($AssemblyPath) { (Resolve-Path $AssemblyPath).Path } else { Get-EmulatorAssembly }

    $azuritePort = Get-FreeTcpPort
    # In memory: each emulator gets a fresh Azurite that dies with it, and the blob reads of the log benchmark
    # then measure our reader rather than Azurite's extent files on disk.
    $node = (Get-Command node -ErrorAction Stop).Source
    $azuriteMain = Join-Path $PSScriptRoot 'node_modules/azurite/dist/src/blob/main.js'
    $previousAccounts = $env:AZURITE_ACCOUNTS
    $env:AZURITE_ACCOUNTS = New-AzuriteAccountPool 128
    $azurite = $null
    $emulator = $null
    try {
        $azurite = Start-Process -FilePath $node -PassThru -NoNewWindow `
            -ArgumentList @("`"$azuriteMain`"", '--disableTelemetry', '--skipApiVersionCheck', '--loose', '--silent',
                '--blobHost', '127.0.0.1', '--blobPort', $azuritePort, '--inMemoryPersistence') `
            -RedirectStandardOutput (Join-Path $OutDirectory 'azurite.out.log') -RedirectStandardError (Join-Path $OutDirectory 'azurite.err.log')
        $endpointFile = Join-Path $OutDirectory 'endpoint.json'
        Remove-Item $endpointFile -ErrorAction SilentlyContinue
        $emulator = Start-Process -FilePath 'dotnet' -PassThru -NoNewWindow `
            -ArgumentList @("`"$dll`"", '--scenario', "`"$Scenario`"", '--out', "`"$OutDirectory`"", '--azurite-blob-endpoint', "http://127.0.0.1:$azuritePort") `
            -RedirectStandardOutput (Join-Path $OutDirectory 'emulator.out.log') -RedirectStandardError (Join-Path $OutDirectory 'emulator.err.log')
    } finally {
        $env:AZURITE_ACCOUNTS = $previousAccounts
    }
    $handle = [pscustomobject]@{ EmulatorProcessId = $emulator.Id; AzuriteProcessId = $azurite.Id; OutDirectory = $OutDirectory }
    [void]$script:Started.Add($handle)

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $endpoint = $null
    while (-not $endpoint) {
        if ($emulator.HasExited -or $azurite.HasExited) {
            Stop-AibEmulator -InputObject $handle
            $log = Get-Content (Join-Path $OutDirectory 'emulator.err.log'), (Join-Path $OutDirectory 'azurite.err.log') -ErrorAction SilentlyContinue
            throw "The AIB emulator or Azurite exited while starting:`n$($log -join "`n")"
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            Stop-AibEmulator -InputObject $handle
            throw "The AIB emulator did not write $endpointFile within $TimeoutSeconds s."
        }
        if ((Test-Path $endpointFile) -and (Test-TcpPort $azuritePort)) {
            $json = Get-Content $endpointFile -Raw | ConvertFrom-Json
            if ($json.processId -eq $emulator.Id) { $endpoint = $json }
        }
        if (-not $endpoint) { Start-Sleep -Milliseconds 100 }
    }
    $result = [ordered]@{}
    foreach ($p in $endpoint.PSObject.Properties) { $result[$p.Name] = $p.Value }
    foreach ($p in $handle.PSObject.Properties) { $result[$p.Name] = $p.Value }
    $result['EndpointFile'] = $endpointFile
    $object = [pscustomobject]$result
    $object.PSObject.TypeNames.Insert(0, 'AibEmulator.Endpoint')
    return $object
}

function Stop-AibEmulator {
    <#
    .SYNOPSIS
    Stops what Start-AibEmulator started (the emulator and its Azurite), by process id. Without -InputObject,
    stops every emulator this session started.
    #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline = $true)][object]$InputObject)
    process {
        $targets = if ($InputObject) { @($InputObject) } else { @($script:Started.ToArray()) }
        foreach ($t in $targets) {
            foreach ($id in @($t.EmulatorProcessId, $t.AzuriteProcessId)) {
                if (-not $id) { continue }
                $p = Get-Process -Id $id -ErrorAction SilentlyContinue
                if ($p) {
                    Stop-Process -Id $id -Force -ErrorAction SilentlyContinue
                    [void]$p.WaitForExit(10000)
                }
            }
            $match = @($script:Started | Where-Object { $_.EmulatorProcessId -eq $t.EmulatorProcessId })
            foreach ($m in $match) { $script:Started.Remove($m) }
        }
    }
}

Export-ModuleMember -Function Start-AibEmulator, Stop-AibEmulator
