using AibEmulator.Arm;
using AibEmulator.Hosting;
using AibEmulator.Policy;
using AibEmulator.State;
using Microsoft.AspNetCore.Routing.Template;

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
        if (await TryServeById(ctx, state, path)) return;
        if (KnownPathWithOtherMethod(ctx, path))
            throw new ArmException(System.Net.HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"The requested resource does not support http method '{ctx.Request.Method}'.");
        var type = ArmPath.ResourceTypeOf(path) ?? path;
        var slash = type.IndexOf('/');
        throw new ArmException(System.Net.HttpStatusCode.NotFound, "InvalidResourceType",
            slash < 0
                ? $"The resource type could not be found for path '{path}'."
                : $"The resource type '{type[(slash + 1)..]}' could not be found in the namespace '{type[..slash]}' for api version '{ctx.Request.Query["api-version"]}'.");
    }

    /// <summary>ARM's generic reads of a resource id: HEAD answers 204 or 404 with no body; GET returns
    /// any resource the emulator holds whose provider has no route of its own here.</summary>
    private static async Task<bool> TryServeById(HttpContext ctx, EmulatorState state, string path)
    {
        var head = HttpMethods.IsHead(ctx.Request.Method);
        if (!head && !HttpMethods.IsGet(ctx.Request.Method)) return false;
        var s = ArmPath.Segments(path);
        // /subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}...]
        var isResourceId = s.Length >= 8 && s.Length % 2 == 0 && ArmPath.Is(s[0], "subscriptions") && ArmPath.Is(s[2], "resourceGroups") && ArmPath.Is(s[4], "providers");
        if (!isResourceId) return false;
        var resource = state.Store.Get(path);
        if (head)
        {
            await ArmReply.Empty(ctx, resource is not null && ArmPath.Is(s[1], state.SubscriptionId) ? 204 : 404);
            return true;
        }
        if (ApiVersions.For(ArmPath.ResourceTypeOf(path)!) is null) return false; // a type no provider here serves
        if (resource is null)
        {
            var type = ArmPath.ResourceTypeOf(path)!;
            state.RequireResource(s[1], s[3], path, type, string.Join('/', s.Skip(7).Where((_, i) => i % 2 == 0)));
        }
        await ArmReply.Json(ctx, 200, resource);
        return true;
    }

    /// <summary>The fallback also catches known paths asked with the wrong method; ARM answers those 405.</summary>
    private static bool KnownPathWithOtherMethod(HttpContext ctx, string path)
    {
        foreach (var endpoint in RouteTable.Mapped(ctx))
        {
            var matcher = new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary());
            if (matcher.TryMatch(path, new RouteValueDictionary())) return true;
        }
        return false;
    }
}
