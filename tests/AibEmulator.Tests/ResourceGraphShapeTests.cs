using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>POST /providers/Microsoft.ResourceGraph/resources against the vendored 2022-10-01 spec and its examples
/// (tests/reference/rest/resourcegraph): the examples' requests, on the scenario's resources, answer with the examples' shape,
/// and the QueryRequestOptions outside the spec's ranges and enums are refused.</summary>
[Collection("Emulator")]
public sealed class ResourceGraphShapeTests(EmulatorFixture fixture)
{
    private const string Path = "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01";
    // The examples' query, on names the default scenario holds (it has no resource named '*test*').
    private const string PagedQuery = "Resources | project id, name, type, location";
    private readonly Arm _arm = fixture.Arm;

    [Theory]
    [InlineData("2022-10-01/examples/ResourcesBasicQuery.json", false)]
    [InlineData("2022-10-01/examples/ResourcesFilterQuery.json", false)]
    [InlineData("2022-10-01/examples/ResourcesFirstPageQuery.json", true)]
    [InlineData("2022-10-01/examples/ResourcesRandomPageQuery.json", true)]
    [InlineData("2021-03-01/examples/ResourcesNextPageQuery.json", true)]
    public async Task AnswerHasTheExamplesShape(string example, bool paged)
    {
        await _arm.Load("default");
        var json = Example(example);
        var body = json["parameters"]!["query"]!.DeepClone().AsObject();
        body["subscriptions"] = new JsonArray(_arm.Sub);
        if (paged) body["query"] = PagedQuery;
        else body["query"] = ((string)body["query"]!).Replace("Microsoft.Compute/virtualMachines", "Microsoft.Network/virtualNetworks");
        if (body["options"]?["$skipToken"] is not null)
        {
            // The example's token is the service's; continue a first page of our own instead.
            var first = await _arm.Post(Path, Query(PagedQuery, new JsonObject { ["$top"] = 1 }));
            body["options"]!["$skipToken"] = (string?)first.Body?["$skipToken"];
            body["options"]!["$top"] = 1;
        }
        if (body["options"]?["$skip"] is not null) body["options"]!["$skip"] = Math.Min((int)body["options"]!["$skip"]!, 1);
        if (body["options"]?["$top"] is not null) body["options"]!["$top"] = 1;

        var r = await _arm.Post(Path, body);

        Assert.Equal(200, r.Code);
        var expected = json["responses"]!["200"]!["body"]!.DeepClone().AsObject();
        // Sample values (names, types, the example's own tag names) are data, not shape.
        var differences = JsonShape.Differences(expected, r.Body).Where(d => !d.Contains(": expected \"") && !d.Contains(".tags.")).ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences) + "\n" + r);
        Assert.Contains((string)r.Body!["resultTruncated"]!, new[] { "true", "false" });
    }

    [Fact]
    public async Task TableFormatAnswersColumnsAndRows()
    {
        await _arm.Load("default");
        var r = await _arm.Post(Path, Query(PagedQuery, new JsonObject { ["resultFormat"] = "table", ["$top"] = 2 }));
        Assert.Equal(200, r.Code);
        Assert.Equal(["id", "name", "type", "location"], r.Body!["data"]!["columns"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal(2, r.Body!["data"]!["rows"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("{\"$top\": 0}")]
    [InlineData("{\"$top\": 1001}")]
    [InlineData("{\"$skip\": -1}")]
    [InlineData("{\"resultFormat\": \"csv\"}")]
    [InlineData("{\"authorizationScopeFilter\": \"Everywhere\"}")]
    [InlineData("{\"allowPartialScopes\": \"yes\"}")]
    public async Task OptionsOutsideTheSpecAreRefused(string options)
    {
        await _arm.Load("default");
        var r = await _arm.Post(Path, Query(PagedQuery, JsonNode.Parse(options)!.AsObject()));
        Assert.True(r.Code == 400, r.ToString());
        Assert.Equal("BadRequest", r.ErrorCode);
    }

    [Fact]
    public async Task OptionsInsideTheSpecAreAccepted()
    {
        await _arm.Load("default");
        var options = new JsonObject
        {
            ["$top"] = 1000,
            ["$skip"] = 0,
            ["resultFormat"] = "objectArray",
            ["allowPartialScopes"] = false,
            ["authorizationScopeFilter"] = "AtScopeExact",
        };
        var r = await _arm.Post(Path, Query(PagedQuery, options));
        Assert.True(r.Code == 200, r.ToString());
    }

    /// <summary>The emulator computes no facets; it says so instead of answering an empty "facets".</summary>
    [Fact]
    public async Task FacetRequestsAreRefused()
    {
        await _arm.Load("default");
        var body = Query(PagedQuery, new JsonObject());
        body["facets"] = new JsonArray(new JsonObject { ["expression"] = "location" });
        var r = await _arm.Post(Path, body);
        Assert.True(r.Code == 400, r.ToString());
    }

    [Fact]
    public async Task AnInvalidQueryAnswersTheSpecsErrorResponse()
    {
        await _arm.Load("default");
        var r = await _arm.Post(Path, Query("Resources | frobnicate", new JsonObject()));
        Assert.Equal(400, r.Code);
        var error = r.Body!["error"]!;
        Assert.False(string.IsNullOrEmpty((string?)error["code"]));
        Assert.False(string.IsNullOrEmpty((string?)error["message"]));
        Assert.All(error["details"]!.AsArray(),
            d => Assert.False(string.IsNullOrEmpty((string?)d!["code"]) || string.IsNullOrEmpty((string?)d!["message"])));
    }

    private JsonObject Query(string query, JsonObject options) =>
        new() { ["query"] = query, ["subscriptions"] = new JsonArray(_arm.Sub), ["options"] = options };

    private JsonObject Example(string example) =>
        JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(fixture.ReferenceDir, "rest", "resourcegraph", example)))!.AsObject();
}
