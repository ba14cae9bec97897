using System.Reflection;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Prerequisites;
using Xunit.Abstractions;

namespace IsolatedImageBuilds.Core.Tests.Errors;

/// <summary>
/// Every error id lives in its area's registry (<c>&lt;Area&gt;ErrorIds</c>) with its category, every check name in
/// <see cref="CheckNames"/>; no throw site spells an id as a literal.
/// </summary>
public class ErrorRegistryTests(ITestOutputHelper output)
{
    private static readonly string[] Areas = { "Connect", "Template", "Prerequisite", "Build", "Log", "Staging", "Report", "Wait", "Trigger", "Inventory", "TemplateUpdate", "Token" };

    private static readonly Regex PascalCase = new("^[A-Z][A-Za-z0-9]*$");
    private static readonly Regex CheckName = new(@"^[A-Z][A-Za-z]*(\.[A-Z][A-Za-z0-9]*)+$");

    internal static IReadOnlyList<(string Area, string Field, AibError Error)> RegisteredErrors()
        => typeof(AibError).Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsAbstract && t.IsSealed && t.Name.EndsWith("ErrorIds", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(AibError))
                .Select(f => (t.Name[..^"ErrorIds".Length], f.Name, (AibError)f.GetValue(null)!)))
            .ToList();

    [Fact]
    public void EveryErrorIdIsRegisteredOnceUnderItsAreaWithACategory()
    {
        var errors = RegisteredErrors();
        foreach (var (area, field, error) in errors.OrderBy(e => e.Error.Id)) output.WriteLine($"{error.Id,-60} {error.Category}");

        Assert.Equal(Areas.OrderBy(a => a), errors.Select(e => e.Area).Distinct().OrderBy(a => a));
        Assert.True(errors.Count >= 80, $"{errors.Count} ids");
        foreach (var (area, field, error) in errors)
        {
            Assert.True(error.Id == area + field, $"{area}ErrorIds.{field} is '{error.Id}': the id must be <Area><Field> ('{area + field}').");
            Assert.Matches(PascalCase, error.Id);
            Assert.True(Enum.IsDefined(error.Category), $"{error.Id} has no defined category");
        }
        var duplicates = errors.GroupBy(e => e.Error.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Registered twice: " + string.Join(", ", duplicates));
    }

    [Fact]
    public void EveryCheckNameIsUniqueAndNamedAfterItsFamily()
    {
        var names = typeof(CheckNames).GetNestedTypes()
            .SelectMany(family => family.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => (Family: family.Name, Name: (string)f.GetRawConstantValue()!)))
            .Concat(ProviderChecks.Namespaces.Select(ns => (Family: "Provider", Name: CheckNames.Provider(ns))))
            .Concat(new[] { (Family: "Policy", Name: CheckNames.Policy("Microsoft.Network/virtualNetworks")) })
            .ToList();
        foreach (var (_, name) in names) output.WriteLine(name);

        Assert.True(names.Count >= 36, $"{names.Count} check names");
        foreach (var (family, name) in names)
        {
            Assert.StartsWith(family + ".", name, StringComparison.Ordinal);
            if (family != "Policy") Assert.Matches(CheckName, name);
        }
        Assert.Equal(names.Count, names.Select(n => n.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void NoSourceFileWritesAnErrorIdAsALiteral()
    {
        string src = Path.Combine(TestPaths.RepoRoot, "src");
        var ids = RegisteredErrors().Select(e => e.Error.Id).ToHashSet(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.True(files.Count > 50, $"{files.Count} source files under {src}");

        var findings = files.SelectMany(f => LiteralIdSites(Path.GetRelativePath(src, f), File.ReadAllText(f), ids)).ToList();
        Assert.True(findings.Count == 0, "Error ids must come from the area's registry:" + Environment.NewLine + string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void TheScanFindsALiteralIdAtAThrowSite()
    {
        var ids = new HashSet<string> { "BuildFailed" };
        Assert.NotEmpty(LiteralIdSites("X.cs", "throw new AibException(\"BuildSomething\", AibErrorCategory.InvalidData, m);", ids));
        Assert.NotEmpty(LiteralIdSites("X.cs", "WriteError(new ErrorRecord(ex, \"BuildFailed\", ErrorCategory.InvalidResult, o));", ids));
        Assert.NotEmpty(LiteralIdSites("X.cs", "if (ex.ErrorId == \"BuildFailed\") return;", ids));
        Assert.NotEmpty(LiteralIdSites("X.cs", "static readonly AibError E = new AibError(\"BuildOther\", c);", ids));
        Assert.Empty(LiteralIdSites("X.cs", "throw new AibException(BuildErrorIds.Failed, m);", ids));
    }

    /// <summary>
    /// Where a file bypasses the registries: an id created outside a registry, an exception or ErrorRecord given a
    /// literal id, an ErrorRecord made anywhere but the one mapping (AibCmdlet.ToErrorRecord), or a registered id spelled out.
    /// </summary>
    private static IEnumerable<string> LiteralIdSites(string file, string text, IReadOnlySet<string> ids)
    {
        string name = Path.GetFileName(file);
        bool registry = name.EndsWith("ErrorIds.cs", StringComparison.Ordinal);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            string at = $"{file}:{i + 1}: {line.Trim()}";
            // AibException's protected constructor wraps ARM's own codes, which no registry can list.
            if (!registry && name != "AibException.cs" && line.Contains("new AibError(", StringComparison.Ordinal)) yield return at;
            else if (Regex.IsMatch(line, @"AibException\(\s*\$?""")) yield return at;
            else if (line.Contains("new ErrorRecord(", StringComparison.Ordinal) && name != "AibCmdlet.cs") yield return at;
            else if (!registry && Regex.Matches(line, @"""(\w+)""").Any(m => ids.Contains(m.Groups[1].Value))) yield return at;
        }
    }
}
