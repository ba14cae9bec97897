using System.Diagnostics;
using AibEmulator.State;
using Microsoft.AspNetCore.Http.Features;

namespace AibEmulator.Arm;

/// <summary>What ARM does around every request: journal, injected faults, request ids, bearer token (<see cref="BearerCheck"/>),
/// api-version per resource type, and errors as <c>{"error":{"code","message"}}</c>.</summary>
public sealed class ArmPipeline(RequestDelegate next, EmulatorState state)
{
    public const string ControlPrefix = "/_emulator";

    public async Task InvokeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        // ARM resolves "//subscriptions/..." (what id-based SDK calls build from an id) like "/subscriptions/...".
        if (path.StartsWith("//"))
        {
            path = "/" + path.TrimStart('/');
            ctx.Request.Path = path;
        }
        if (path.StartsWith(ControlPrefix, StringComparison.OrdinalIgnoreCase))
        {
            await Guarded(ctx, () => next(ctx));
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var at = DateTimeOffset.UtcNow;
        string? fault = null;
        try
        {
            fault = await ApplyFaults(ctx, path);
            if (fault is null || fault.StartsWith("latency")) await Serve(ctx, path);
        }
        finally
        {
            var status = fault == "reset" ? 0 : ctx.Response.StatusCode; // 0: no response was sent
            state.Journal.Add(at, ctx.Request.Method, path, ctx.Request.QueryString.Value ?? "", status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, fault, QuotaHeaders(ctx));
        }
    }

    /// <summary>Runs the matching fault rules; returns a description when one answered the request.</summary>
    private async Task<string?> ApplyFaults(HttpContext ctx, string path)
    {
        string? applied = null;
        foreach (var rule in state.Faults.Match(ctx.Request.Method, path))
        {
            switch (rule.Kind)
            {
                case "latency":
                    await Task.Delay(rule.LatencyMs);
                    applied ??= $"latency {rule.LatencyMs}ms";
                    break;
                case "reset":
                    ctx.Features.Get<IHttpResetFeature>()?.Reset(errorCode: 2); // HTTP/2 INTERNAL_ERROR
                    ctx.Abort();
                    return "reset";
                default:
                    AddRequestIds(ctx);
                    if (rule.Status is 429 or 503) ctx.Response.Headers.RetryAfter = rule.RetryAfterSeconds.ToString();
                    var (code, message) = rule.Status switch
                    {
                        429 => ("TooManyRequests", "The request is being throttled as the limit has been reached for operation type - Read. For more information, see - https://aka.ms/srpthrottlinglimits"),
                        503 => ("ServiceUnavailable", "The service is temporarily unavailable. Please try again later."),
                        500 => ("InternalServerError", "Encountered internal server error. Diagnostic information: timestamp '" + DateTime.UtcNow.ToString("yyyyMMddTHHmmss.fffffffZ") + "'."),
                        _ => ("InjectedFault", $"Injected fault {rule.Id}."),
                    };
                    await ArmReply.Error(ctx, rule.Status, code, message);
                    return $"status {rule.Status}";
            }
        }
        return applied;
    }

    private Task Serve(HttpContext ctx, string path) => Guarded(ctx, async () =>
    {
        AddRequestIds(ctx);
        // The plain-HTTP listener exists only for the managed-identity endpoint; ARM itself is HTTPS-only.
        if (!ctx.Request.IsHttps && !IsManagedIdentityEndpoint(path))
            throw new ArmException(System.Net.HttpStatusCode.NotFound, "HttpsRequired", "Azure Resource Manager is served over HTTPS only: use armEndpoint.");
        if (!IsManagedIdentityEndpoint(path) && !IsPublic(path) && !HasOwnAuthentication(path)) BearerCheck.Check(ctx, state);
        var type = ArmPath.ResourceTypeOf(path);
        if (type is not null) ApiVersions.Check(type, ctx.Request.Query["api-version"], state.Location);
        await next(ctx);
        // Routing answers a known path with an unsupported method by an empty 405: give it ARM's body.
        if (ctx.Response.StatusCode == 405 && !ctx.Response.HasStarted)
            await ArmReply.Error(ctx, 405, "MethodNotAllowed", $"The requested resource does not support http method '{ctx.Request.Method}'.");
    });

    private static List<KeyValuePair<string, string>> QuotaHeaders(HttpContext ctx) =>
        ctx.Response.Headers.Where(h => h.Key.StartsWith("x-ms-user-quota-", StringComparison.OrdinalIgnoreCase))
            .Select(h => KeyValuePair.Create(h.Key.ToLowerInvariant(), h.Value.ToString())).ToList();

    /// <summary>The managed-identity endpoints (App Service style and IMDS style), plain HTTP like the real ones.</summary>
    private static bool IsManagedIdentityEndpoint(string path) =>
        path.StartsWith("/msi/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/metadata/identity/", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("/metadata/instance/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Entra ID and Azure DevOps on the same host authenticate their callers themselves.</summary>
    private static bool HasOwnAuthentication(string path) => Entra.EntraEndpoints.Serves(path) || Entra.FederatedIssuers.Serves(path);

    /// <summary>ARM's cloud metadata is public.</summary>
    private static bool IsPublic(string path) => path.StartsWith("/metadata/", StringComparison.OrdinalIgnoreCase);

    private static void AddRequestIds(HttpContext ctx)
    {
        var requestId = Guid.NewGuid().ToString();
        var correlation = ctx.Request.Headers["x-ms-correlation-request-id"].ToString();
        var headers = ctx.Response.Headers;
        headers["x-ms-request-id"] = requestId;
        headers["x-ms-correlation-request-id"] = string.IsNullOrEmpty(correlation) ? requestId : correlation;
        headers["x-ms-routing-request-id"] = "WESTUS:" + DateTime.UtcNow.ToString("yyyyMMddTHHmmss") + "Z:" + requestId;
        var client = ctx.Request.Headers["x-ms-client-request-id"].ToString();
        if (!string.IsNullOrEmpty(client)) headers["x-ms-client-request-id"] = client;
    }

    private static async Task Guarded(HttpContext ctx, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (ArmException e) when (!ctx.Response.HasStarted)
        {
            await ArmReply.Error(ctx, (int)e.Status, e.Code, e.Message);
        }
        catch (Exception e) when (!ctx.Response.HasStarted && e is not OperationCanceledException)
        {
            await ArmReply.Error(ctx, 500, "InternalServerError", "Emulator error: " + e.Message);
        }
    }
}
