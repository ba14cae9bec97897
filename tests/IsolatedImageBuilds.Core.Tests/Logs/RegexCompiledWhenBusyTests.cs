using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Logs;

namespace IsolatedImageBuilds.Core.Tests.Logs;

public class RegexCompiledWhenBusyTests
{
    [Fact]
    public void Runs_interpreted_until_busy_then_compiled_with_the_same_pattern_options_and_answers()
    {
        var regex = new RegexCompiledWhenBusy(new Regex(@"exit status: (?<code>\d+)", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture));
        for (int use = 1; use < RegexCompiledWhenBusy.CompileAfterUses; use++)
        {
            Assert.Equal("1", regex.Match("Script EXIT STATUS: 1").Groups["code"].Value);
        }
        Assert.False(regex.IsCompiled);

        Assert.False(regex.IsMatch("exit status: none"));
        Assert.True(regex.IsCompiled);
        Assert.Equal("100", regex.Match("Script EXIT STATUS: 100").Groups["code"].Value);
        Assert.False(regex.IsMatch("exit code 1"));
        Assert.Equal((RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture), regex.Interpreted.Options);
    }
}
