using System.Text.Json.Nodes;

namespace AibEmulator.Hosting;

/// <summary>The routes the providers map (the fallback excluded), each with its HTTP methods and the REST
/// spec operationId it names with WithName.</summary>
public static class RouteTable
{
    public static IEnumerable<RouteEndpoint> Mapped(HttpContext ctx) =>
        ctx.RequestServices.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains('*'));

    /// <summary>{"route", "methods", "operationId"} per route, for GET /_emulator/routes.</summary>
    public static JsonArray Describe(HttpContext ctx) => new(Mapped(ctx).Select(e => (JsonNode)new JsonObject
    {
        ["route"] = e.RoutePattern.RawText,
        ["methods"] = new JsonArray(e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Select(m => (JsonNode)m).ToArray() ?? []),
        ["operationId"] = e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName,
    }).ToArray());
}
