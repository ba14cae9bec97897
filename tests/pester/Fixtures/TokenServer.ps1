<#
.SYNOPSIS
    A loopback token endpoint in the IDENTITY_ENDPOINT/IDENTITY_HEADER style (App Service / Azure Automation,
    protocol 2019-08-01), for the managed-identity sign-in test. Serves until -MaxRequests or -TimeoutSeconds.
#>
param(
    [Parameter(Mandatory)] [int] $Port,
    [Parameter(Mandatory)] [string] $Secret,
    [Parameter(Mandatory)] [string] $Token,
    [Parameter(Mandatory)] [string] $LogFile,
    [int] $MaxRequests = 5,
    [int] $TimeoutSeconds = 60
)
$listener = [System.Net.HttpListener]::new()
$listener.Prefixes.Add("http://127.0.0.1:$Port/")
$listener.Start()
$deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
try {
    for ($i = 0; $i -lt $MaxRequests -and [DateTime]::UtcNow -lt $deadline; $i++) {
        $pending = $listener.GetContextAsync()
        while (-not $pending.Wait(200)) { if ([DateTime]::UtcNow -ge $deadline) { return } }
        $context = $pending.Result
        $request = $context.Request
        $header = $request.Headers['X-IDENTITY-HEADER']
        Add-Content -Path $LogFile -Value ("{0} {1} header={2}" -f $request.HttpMethod, $request.Url.PathAndQuery, ($header -eq $Secret))
        if ($header -ne $Secret) {
            $context.Response.StatusCode = 401
            $body = '{"error":"invalid_request","error_description":"X-IDENTITY-HEADER missing or wrong"}'
        }
        else {
            $resource = $request.QueryString['resource']
            $expires = [DateTimeOffset]::UtcNow.AddHours(1).ToUnixTimeSeconds()
            $body = @{ access_token = $Token; expires_on = "$expires"; resource = $resource; token_type = 'Bearer'; client_id = '11111111-2222-3333-4444-555555555555' } | ConvertTo-Json
        }
        $bytes = [Text.Encoding]::UTF8.GetBytes($body)
        $context.Response.ContentType = 'application/json'
        $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
        $context.Response.Close()
    }
}
finally {
    $listener.Stop()
}
