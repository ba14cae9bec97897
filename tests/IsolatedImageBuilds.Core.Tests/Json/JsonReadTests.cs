using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Json;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Json;

public class JsonReadTests
{
    private static readonly JsonNode Answer = JsonNode.Parse("""
        { "name": "t1", "properties": { "count": 3, "flag": true, "text": "true", "list": ["a", 1, null, "b"], "odd": 2.5 } }
        """)!;

    [Fact]
    public void AMissingOrMistypedPathReadsAsNullAndNeverThrows()
    {
        Assert.Null(Answer.Str("properties", "absent"));
        Assert.Null(Answer.Str("name", "below-a-string"));
        Assert.Null(Answer.Obj("properties", "list"));
        Assert.Null(((JsonNode?)null).Str("name"));
        Assert.Null(Answer.Arr("properties", "list", "0"));
    }

    [Fact]
    public void StrReadsAnyScalarAsTextWhileTheStrictReadersTakeOnlyTheirKind()
    {
        Assert.Equal("3", Answer.Str("properties", "count"));
        Assert.Equal("true", Answer.Str("properties", "flag"));
        Assert.Null(Answer.StrictStr("properties", "count"));
        Assert.Equal("t1", Answer.StrictStr("name"));
        Assert.True(Answer.Bool("properties", "text"));
        Assert.Null(Answer.StrictBool("properties", "text"));
        Assert.Equal(3, Answer.StrictInt("properties", "count"));
        Assert.Null(Answer.StrictInt("properties", "odd"));
        Assert.Equal(new[] { "a", "b" }, Answer.Strings("properties", "list"));
    }

    [Fact]
    public void NumbersBuiltInCodeReadLikeParsedOnes()
    {
        var built = new JsonObject { ["n"] = 7L };
        Assert.Equal(7, built.StrictInt("n"));
        Assert.Equal(7L, built.Long("n"));
    }
}
