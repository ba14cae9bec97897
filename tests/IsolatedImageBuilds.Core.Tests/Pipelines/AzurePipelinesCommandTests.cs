using IsolatedImageBuilds.Core.Pipelines;

namespace IsolatedImageBuilds.Core.Tests.Pipelines;

/// <summary>
/// The escaping of microsoft/azure-pipelines-task-lib's TaskCommand (node/taskcommand.ts): data escapes %, CR, LF;
/// property values also ] and ;. The agent reverses exactly these, so a message cannot end the command or start another.
/// </summary>
public class AzurePipelinesCommandTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("100% done", "100%AZP25 done")]
    [InlineData("line one\r\nline two\n", "line one%0D%0Aline two%0A")]
    [InlineData("a;b]c", "a;b]c")]
    [InlineData("%0A is not a newline", "%AZP250A is not a newline")]
    public void DataEscapesPercentCarriageReturnAndLineFeed(string value, string expected)
        => Assert.Equal(expected, AzurePipelinesCommand.EscapeData(value));

    [Theory]
    [InlineData("AIB-038", "AIB-038")]
    [InlineData("a;b", "a%3Bb")]
    [InlineData("x]##vso[task.setvariable variable=y]z", "x%5D##vso[task.setvariable variable=y%5Dz")]
    [InlineData("50%\r\n", "50%AZP25%0D%0A")]
    public void PropertiesAlsoEscapeBracketAndSemicolon(string value, string expected)
        => Assert.Equal(expected, AzurePipelinesCommand.EscapeProperty(value));

    [Fact]
    public void LogIssueWritesTypeAndCodeAsPropertiesAndEscapesTheMessage()
    {
        Assert.Equal("##vso[task.logissue type=error;]Image build failed:%0Aline 2 at 100%AZP25",
            AzurePipelinesCommand.LogIssue("error", "Image build failed:\nline 2 at 100%"));
        Assert.Equal("##vso[task.logissue type=warning;code=a%3Bb%5D;]m",
            AzurePipelinesCommand.LogIssue("warning", "m", code: "a;b]"));
    }

    [Fact]
    public void AMessageCannotSmuggleASecondCommandOntoItsOwnLine()
    {
        string line = AzurePipelinesCommand.LogIssue("error", "fix:\n##vso[task.setvariable variable=x]evil");
        // The agent reads the first ##vso[ of a line only: the rest stays this issue's message.
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("##vso[task.logissue type=error;]fix:%0A", line);
    }
}
