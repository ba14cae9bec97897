using System.Text;
using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Templates;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Templates;

public class BicepWriterTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", @"'it\'s'")]
    [InlineData(@"C:\temp", @"'C:\\temp'")]
    [InlineData("${HOME}", @"'\${HOME}'")]
    [InlineData("$HOME and $", "'$HOME and $'")]
    [InlineData("a\nb\tc\r", @"'a\nb\tc\r'")]
    [InlineData("bell\u0007", @"'bell\u{7}'")]
    public void StringsUseBicepEscapes(string value, string expected) => Assert.Equal(expected, BicepWriter.String(value));

    [Theory]
    [InlineData("vmSize", "vmSize")]
    [InlineData("type", "type")]
    [InlineData("cost center", "'cost center'")]
    [InlineData("null", "'null'")]
    [InlineData("9lives", "'9lives'")]
    [InlineData("/subscriptions/x", "'/subscriptions/x'")]
    public void KeysAreQuotedOnlyWhenNotIdentifiers(string key, string expected) => Assert.Equal(expected, BicepWriter.Key(key));

    [Fact]
    public void ValuesBecomeMultiLineLiterals()
    {
        var text = new StringBuilder();
        BicepWriter.Write(text, JsonNode.Parse("""{"a": [1, -2, 1.5, true, null, {}, []], "b": {"c": "d"}}"""), 0);

        Assert.Equal("{\n  a: [\n    1\n    -2\n    json('1.5')\n    true\n    null\n    {}\n    []\n  ]\n  b: {\n    c: 'd'\n  }\n}", text.ToString());
    }
}
