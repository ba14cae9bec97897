using AibEmulator.Arm;
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
        var type = ArmPath.ResourceTypeOf(path) ?? path;
        var slash = type.IndexOf('/');
        throw new ArmException(System.Net.HttpStatusCode.NotFound, "InvalidResourceType",
            slash < 0
                ? $"The resource type could not be found for path '{path}'."
                : $"The resource type '{type[(slash + 1)..]}' could not be found in the namespace '{type[..slash]}' for api version '{ctx.Request.Query["api-version"]}'.");
    }
}
