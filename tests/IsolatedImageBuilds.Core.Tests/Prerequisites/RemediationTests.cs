using IsolatedImageBuilds.Core.Prerequisites;

namespace IsolatedImageBuilds.Core.Tests.Prerequisites;

public class RemediationTests
{
    [Fact]
    public void FillsEverySlotOnceAndJoinsThePowerShellAndAzLines()
    {
        var fix = new Remediation("Do-It -Name {name} -Rg {rg}", "az it --name {name}", "or {other}");
        Assert.Equal("Azure PowerShell: Do-It -Name n{rg} -Rg g\naz CLI: az it --name n{rg}\nOr: or o",
            fix.Fill(("name", "n{rg}"), ("rg", "g"), ("other", "o")));
    }

    [Fact]
    public void AMissingSlotIsABugNotABlank()
        => Assert.Throws<InvalidOperationException>(() => ProviderFixes.Register.Fill(("namespace", "x")));
}
