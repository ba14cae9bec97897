using AibEmulator.Arm;
using Microsoft.AspNetCore.Routing.Template;
using AibEmulator.Policy;
using AibEmulator.State;

namespace AibEmulator.Providers;

/// <summary>Routes that hang under any scope (…/providers/Microsoft.Authorization/…), which route templates
/// cannot express, and ARM's answer for everything else.</summary>
public static class ScopedRoutes
{
    public static async Task Serve(HttpContext ctx, EmulatorState state)
    {
        var path = ctx.Request.Path.Value ?? "/";
        if (await Authorization.TryServe(ctx, state, path)) return;
        if (await PolicyStore.TryServe(ctx, state, path)) return;
        if (KnownPathWithOtherMethod(ctx, path))
            throw new ArmException(System.Net.HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"The requested resource does not support http method '{ctx.Request.Method}'.");
        var type = ArmPath.ResourceTypeOf(path) ?? path;
        var slash = type.IndexOf('/');
        throw new ArmException(System.Net.HttpStatusCode.NotFound, "InvalidResourceType",
            slash < 0
                ? $"The resource type could not be found for path '{path}'."
                : $"The resource type '{type[(slash + 1)..]}' could not be found in the namespace '{type[..slash]}' for api version '{ctx.Request.Query["api-version"]}'.");
    }

    /// <summary>The fallback also catches known paths asked with the wrong method; ARM answers those 405.</summary>
    private static bool KnownPathWithOtherMethod(HttpContext ctx, string path)
    {
        var sources = ctx.RequestServices.GetServices<EndpointDataSource>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.RoutePattern.RawText is null || endpoint.RoutePattern.RawText.Contains('*')) continue; // not the fallback itself
            var matcher = new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary());
            if (matcher.TryMatch(path, new RouteValueDictionary())) return true;
        }
        return false;
    }
}
