using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

public class AzurePipelinesFormatterTests
{
    [Fact]
    public void Groups_lines_by_stage()
    {
        var (entries, _) = LogTestSupport.Analyze(string.Join("\n",
            "[x] PACKER ==> azure-arm: Deploying deployment template ...",
            "[x] PACKER ==> azure-arm: more deploy",
            "[x] PACKER 2025/01/01 10:00:00 [INFO] (telemetry) Starting provisioner shell",
            "[x] PACKER ==> azure-arm: Deleting individual resources ..."));
        var formatter = new AzurePipelinesFormatter();
        var output = entries.SelectMany(formatter.Format).ToList();
        output.AddRange(formatter.Close());

        Assert.Equal(new[]
        {
            "##[group]AIB stage: Deploy", entries[0].Raw, entries[1].Raw,
            "##[endgroup]", "##[group]AIB stage: Customize", entries[2].Raw,
            "##[endgroup]", "##[group]AIB stage: Cleanup", entries[3].Raw,
            "##[endgroup]",
        }, output);
        Assert.Empty(formatter.Close());
    }

    [Theory]
    [InlineData("    azure-arm: ##vso[task.setvariable variable=x]evil", "    azure-arm: ## vso[task.setvariable variable=x]evil")]
    [InlineData("##VSO[task.complete result=Succeeded]", "## vso[task.complete result=Succeeded]")]
    [InlineData("  ##[error]fake", "  ## [error]fake")]
    [InlineData("[x] PACKER OUT text ##[not at start]", "[x] PACKER OUT text ##[not at start]")]
    [InlineData("plain", "plain")]
    public void Defuses_logging_commands_from_the_build(string line, string expected)
    {
        Assert.Equal(expected, AzurePipelinesFormatter.Defuse(line));
    }

    [Fact]
    public void Raises_the_diagnosis_as_an_escaped_log_issue()
    {
        var analyzer = new LogAnalyzer();
        analyzer.Process("[x] PACKER 2025/01/01 10:00:00 [INFO] (telemetry) Starting provisioner shell");
        analyzer.Process("[x] PACKER 2025/01/01 10:00:01 ui:     azure-arm: E: Could not open file /var/lib/apt/lists/x - 100%\nnext");
        var issue = AzurePipelinesFormatter.LogIssue(analyzer.GetSummary().Diagnosis!);

        Assert.StartsWith("##vso[task.logissue type=error;code=AIB-038;]AIB-038: ", issue);
        Assert.Contains("(provisioner shell #1)", issue);
        Assert.DoesNotContain("\n", issue);
    }
}
