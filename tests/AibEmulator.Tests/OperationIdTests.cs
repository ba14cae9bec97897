using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>Each operation of the vendored Image Builder swaggers (tests/reference/imagebuilder-rest) is served by
/// exactly one emulator route that names its operationId, with the swagger's method and path; no route names an
/// operationId the swaggers lack.</summary>
[Collection("Emulator")]
public sealed partial class OperationIdTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    private sealed record Operation(string OperationId, string Method, string Path);

    private sealed record Route(string Pattern, string[] Methods, string? OperationId);

    private List<Operation> SpecOperations(string version)
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.ReferenceDir, "imagebuilder-rest", version, "imagebuilder.json")))!;
        return spec["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => op.Value is JsonObject o && o["operationId"] is not null)
                .Select(op => new Operation((string)op.Value!["operationId"]!, op.Key.ToUpperInvariant(), path.Key)))
            .ToList();
    }

    private async Task<List<Route>> Routes()
    {
        var r = await _arm.Get(_arm.Control + "routes");
        // Two routes naming one operationId fail here: ASP.NET refuses duplicate endpoint names ("Duplicate endpoint name ...").
        Assert.True(r.Code == 200, r.ToString());
        return r.Body!["value"]!.AsArray().Select(e => new Route((string)e!["route"]!,
            e["methods"]!.AsArray().Select(m => (string)m!).ToArray(), (string?)e["operationId"])).ToList();
    }

    /// <summary>"/subscriptions/{subscriptionId}/x" and "/subscriptions/{sub}/x" are the same path.</summary>
    private static string Shape(string path) => Parameter().Replace(path, "{}").ToLowerInvariant();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    [Theory]
    [InlineData("2024-02-01")]
    [InlineData("2025-10-01")]
    public async Task EveryOperationOfTheSpecHasExactlyOneRoute(string version)
    {
        var operations = SpecOperations(version);
        Assert.NotEmpty(operations);
        var routes = await Routes();
        foreach (var op in operations)
        {
            var serving = routes.Where(r => r.OperationId == op.OperationId).ToList();
            Assert.True(serving.Count == 1, $"{op.OperationId}: {serving.Count} routes name it");
            Assert.Equal(Shape(op.Path), Shape(serving[0].Pattern));
            Assert.Equal(new[] { op.Method }, serving[0].Methods);
        }
    }

    [Fact]
    public async Task ImageBuilderRoutesNameOnlySpecOperations()
    {
        var known = SpecOperations("2024-02-01").Concat(SpecOperations("2025-10-01")).Select(o => o.OperationId).ToHashSet();
        var imageBuilder = (await Routes()).Where(r => r.Pattern.Contains("/Microsoft.VirtualMachineImages/", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(imageBuilder);
        foreach (var route in imageBuilder.Where(r => r.OperationId is not null))
            Assert.True(known.Contains(route.OperationId!), $"{route.Pattern} names '{route.OperationId}', which neither swagger has");
        // The one unnamed route is the async-operation status URL the Azure-AsyncOperation header points at.
        var unnamed = Assert.Single(imageBuilder, r => r.OperationId is null);
        Assert.EndsWith("/locations/{location}/operations/{id}", unnamed.Pattern);
    }

    /// <summary>The other providers' vendored examples (tests/reference/rest) name their operationIds as well. Those of
    /// Microsoft.Authorization (rest/authorization, rest/policy) are served under any scope by the fallback, which has no names.</summary>
    [Fact]
    public async Task EveryOperationOfTheOtherProvidersExamplesHasExactlyOneRoute()
    {
        var rest = Path.Combine(fixture.ReferenceDir, "rest");
        var operationIds = Directory.GetFiles(rest, "*.json", SearchOption.AllDirectories)
            .Where(f => !new[] { "authorization", "policy" }.Contains(Path.GetRelativePath(rest, f).Split(Path.DirectorySeparatorChar)[0]))
            .Select(f => (string?)JsonNode.Parse(File.ReadAllText(f))!["operationId"])
            .OfType<string>().Distinct().ToList();
        Assert.NotEmpty(operationIds);
        var routes = await Routes();
        foreach (var operationId in operationIds)
            Assert.True(routes.Count(r => r.OperationId == operationId) == 1, $"{operationId}: {routes.Count(r => r.OperationId == operationId)} routes name it");
    }
}
