using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Reports;
using Xunit.Abstractions;

namespace IsolatedImageBuilds.Core.Tests.Reports;

/// <summary>The readiness report: verdicts, counts per subscription and topology, fixes listed once, and each format's rules.</summary>
public class ReadinessReportTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Generated = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private static ReadinessInput Result(string template, string status, string check = "Subnet.AciDelegation", string sub = "sub-a",
        string topology = "BuildAndAciSubnets", string? remediation = null, string message = "checked", string group = "rg-images")
        => new()
        {
            SubscriptionId = sub,
            ResourceGroupName = group,
            TemplateName = template,
            Location = "westeurope",
            Topology = topology,
            Status = status,
            Check = check,
            Category = check.Split('.')[0],
            Message = message,
            Remediation = remediation,
            Target = $"/subscriptions/{sub}/resourceGroups/{group}",
        };

    private static List<ReadinessInput> SmallEstate() => new()
    {
        Result("ready-1", "Passed"), Result("ready-1", "Skipped", "Subnet.ProxyVm"),
        Result("quota-1", "Passed"), Result("quota-1", "Failed", "Quota.Aci.StandardCores", remediation: "az quota update"),
        Result("quota-2", "Failed", "Quota.Aci.StandardCores", remediation: "az quota update", topology: "NoSubnet"),
        Result("warn-1", "Warning", "Policy.Microsoft.Compute/disks", remediation: "Run as Reader", sub: "sub-b"),
        Result("warn-1", "Warning", "Policy.Microsoft.Compute/snapshots", remediation: "Run as Reader", sub: "sub-b"),
    };

    [Fact]
    public void VerdictsCountsAndFixesFollowTheResults()
    {
        ReadinessReport report = ReadinessReportBuilder.Build(SmallEstate(), "Estate", Generated);

        Assert.Equal((4, 1, 1, 2), (report.Totals.Templates, report.Totals.Ready, report.Totals.Warning, report.Totals.Failed));
        Assert.Equal(new[] { "quota-1", "quota-2", "warn-1", "ready-1" }, report.Templates.Select(t => t.Name));
        Assert.Equal(new[] { "sub-a/NoSubnet 1", "sub-a/BuildAndAciSubnets 2", "sub-b/BuildAndAciSubnets 1" },
            report.Groups.Select(g => $"{g.SubscriptionId}/{g.Topology} {g.Counts.Templates}"));

        // One fix per distinct remediation, the failure's first; each problem points at its fix.
        Assert.Equal(new[] { "F1 2 Quota.Aci.StandardCores", "F2 1 Policy.Microsoft.Compute/disks,Policy.Microsoft.Compute/snapshots" },
            report.Fixes.Select(f => $"{f.Id} {f.Templates} {string.Join(",", f.Checks)}"));
        Assert.All(report.Templates.SelectMany(t => t.Problems), p => Assert.NotNull(p.FixId));
        TemplateReadiness ready = report.Templates.Single(t => t.Name == "ready-1");
        Assert.Equal((1, 0, 0, 1, 0), (ready.ChecksPassed, ready.ChecksFailed, ready.ChecksWarning, ready.ChecksSkipped, ready.Problems.Count));
    }

    [Fact]
    public void TemplatesAreToldApartBySubscriptionAndGroupCaseInsensitively()
    {
        var results = new List<ReadinessInput>
        {
            Result("img", "Passed", sub: "SUB-A"), Result("IMG", "Failed", sub: "sub-a", remediation: "fix"),
            Result("img", "Passed", sub: "sub-b"), Result("img", "Passed", sub: "sub-a", group: "rg-other"),
            new() { SubscriptionId = "sub-a", Location = "westeurope", Topology = "NoSubnet", Status = "Passed", Check = "Region.Supported" },
            new() { SubscriptionId = "sub-a", Location = "eastus", Topology = "NoSubnet", Status = "Passed", Check = "Region.Supported" },
        };
        ReadinessReport report = ReadinessReportBuilder.Build(results, "t", Generated);

        Assert.Equal(5, report.Templates.Count);
        Assert.Equal(TemplateStatus.Failed, report.Templates[0].Status);
        Assert.Equal(2, report.Templates.Count(t => t.Name == ReadinessReportBuilder.PlannedTemplateName));
    }

    [Fact]
    public void HtmlIsSelfContainedAndEncodesEveryValueFromAzure()
    {
        const string Hostile = "<script>alert('x')</script>\"&";
        var results = SmallEstate();
        results.Add(Result(Hostile, "Failed", "Subnet.AciOutbound", sub: Hostile, topology: Hostile, message: Hostile, remediation: Hostile,
            group: Hostile));
        string html = RenderHtml(ReadinessReportBuilder.Build(results, Hostile, Generated));

        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;", html);
        // Exactly one script, inline, and nothing fetched from anywhere: no src, no link, no url(), no @import.
        Assert.Single(Regex.Matches(html, "<script"));
        Assert.DoesNotMatch(new Regex(@"\ssrc\s*=|<link|url\(|@import|<img|<iframe", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"href=""(?!#)", RegexOptions.IgnoreCase), html);
        Assert.Contains("<span class=\"count\">5</span> templates", html);
        Assert.Contains("<label for=\"show-failed\">Failed (3)</label>", html);
        Assert.Contains("<svg class=\"chart\"", html);
        Assert.Contains("2 (1 failed, 0 warning, 1 ready)", html);
        Assert.Contains("<pre>az quota update</pre>", html);
        Assert.Contains("<details open>", html);
    }

    [Fact]
    public void CsvHasOneRowPerResultWithTheTemplateIdentityAndNoFormulas()
    {
        var results = SmallEstate();
        results.Add(Result("formula", "Failed", "Subnet.AciOutbound", message: "=HYPERLINK(\"http://x\")", remediation: "@SUM(1)"));
        ReadinessReport report = ReadinessReportBuilder.Build(results, "t", Generated);
        var csv = new StringWriter();
        CsvReadinessWriter.Write(results, report, csv);
        string[] lines = csv.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(results.Count + 1, lines.Length);
        Assert.StartsWith(
            "\"SubscriptionId\",\"ResourceGroupName\",\"TemplateName\",\"Location\",\"Topology\",\"TemplateStatus\",\"Status\"", lines[0]);
        Assert.StartsWith("\"sub-a\",\"rg-images\",\"quota-1\",\"westeurope\",\"BuildAndAciSubnets\",\"Failed\",\"Passed\"", lines[3]);
        string formula = lines.Single(l => l.Contains("\"formula\""));
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", formula);
        Assert.Contains("\"'@SUM(1)\"", formula);
    }

    [Fact]
    public void JsonIsTheModel()
    {
        ReadinessReport report = ReadinessReportBuilder.Build(SmallEstate(), "Estate", Generated);
        using var stream = new MemoryStream();
        JsonReadinessWriter.Write(report, stream);
        using JsonDocument json = JsonDocument.Parse(stream.ToArray());
        JsonElement root = json.RootElement;

        Assert.Equal("Estate", root.GetProperty("title").GetString());
        Assert.Equal(2, root.GetProperty("totals").GetProperty("failed").GetInt32());
        Assert.Equal("Quota.Aci.StandardCores", root.GetProperty("templates")[0].GetProperty("problems")[0].GetProperty("check").GetString());
        Assert.Equal("F1", root.GetProperty("templates")[0].GetProperty("problems")[0].GetProperty("fixId").GetString());
        Assert.False(root.GetProperty("templates")[0].TryGetProperty("key", out _));
        Assert.Equal(3, root.GetProperty("groups").GetArrayLength());
    }

    [Fact]
    public void TheFileIsRefusedWhereItCannotOrMustNotBeWritten()
    {
        string folder = Directory.CreateTempSubdirectory("aib-report-").FullName;
        try
        {
            Assert.Equal(ReportErrorIds.PathInvalid, Assert.Throws<AibException>(() => ReadinessReportFile.CheckPath(folder, force: true)).Error);
            string missing = Path.Combine(folder, "no-such-folder", "r.html");
            Assert.Equal(ReportErrorIds.FolderNotFound, Assert.Throws<AibException>(() => ReadinessReportFile.CheckPath(missing, false)).Error);

            string file = Path.Combine(folder, "r.html");
            File.WriteAllText(file, "previous");
            var error = Assert.Throws<AibException>(
                () => ReadinessReportFile.Write(file, ReadinessReportFormat.Html, false, SmallEstate(), "t", Generated));
            Assert.Equal(ReportErrorIds.FileExists, error.Error);
            Assert.Equal("previous", File.ReadAllText(file));

            ReadinessReportFile.Write(file, ReadinessReportFormat.Html, true, SmallEstate(), "t", Generated);
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(file));
            Assert.Equal(ReadinessReportFormat.Csv, ReadinessReportFile.FormatFromPath("x.CSV"));
            Assert.Equal(ReadinessReportFormat.Json, ReadinessReportFile.FormatFromPath("x.json"));
            Assert.Equal(ReadinessReportFormat.Html, ReadinessReportFile.FormatFromPath("x.txt"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// 10,000 templates (50 subscriptions x 200, a fifth failing or warning with the texts Test-AibPrerequisite writes):
    /// the page stays one file of a few megabytes, its failing checks folded, each fix written once per subscription.
    /// </summary>
    [Fact]
    public void TenThousandTemplatesMakeAPageOfReasonableSize()
    {
        var results = new List<ReadinessInput>();
        string[] topologies = { "NoSubnet", "BuildSubnetOnly", "BuildAndAciSubnets" };
        for (int s = 0; s < 50; s++)
        {
            string sub = $"{s:x8}-5b1f-4e8a-9c3d-2f6b8e1a4d70";
            for (int t = 0; t < 200; t++)
            {
                string name = $"img-{s:00}-{t:000}-ubuntu-2404";
                string topology = topologies[t % 3];
                for (int c = 0; c < 30; c++) results.Add(Result(name, "Passed", $"Check.Number{c}", sub, topology, group: "rg-images-prod"));
                if (t % 10 == 3) AddFailure(results, name, sub, topology);
                if (t % 10 == 7) AddWarning(results, name, sub, topology);
            }
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        ReadinessReport report = ReadinessReportBuilder.Build(results, "Estate", Generated);
        string html = RenderHtml(report);
        watch.Stop();
        int bytes = Encoding.UTF8.GetByteCount(html);
        output.WriteLine($"{report.Totals.Templates} templates, {results.Count} results: HTML {bytes:N0} bytes ({bytes / 1048576.0:0.0} MiB), "
            + $"{report.Fixes.Count} distinct fixes, built and rendered in {watch.ElapsedMilliseconds} ms");

        Assert.Equal(10_000, report.Totals.Templates);
        Assert.Equal((1000, 1000, 8000), (report.Totals.Failed, report.Totals.Warning, report.Totals.Ready));
        Assert.Equal(150, report.Groups.Count);
        Assert.Equal(100, report.Fixes.Count);
        Assert.DoesNotContain("<details open>", html);
        Assert.True(bytes < 8 * 1048576, $"{bytes:N0} bytes");
    }

    private static void AddFailure(List<ReadinessInput> results, string name, string sub, string topology) => results.Add(Result(name, "Failed",
        "Quota.Aci.StandardCores", sub, topology, group: "rg-images-prod", message: "Not enough ACI standard cores: free 0 against needed 4.",
        remediation: "Azure PowerShell: Get-AzContainerGroup | Where-Object Location -eq 'westeurope'"
            + "   # remove idle groups with Remove-AzContainerGroup\n"
            + $"az CLI: az container list --subscription {sub} --query \"[?location=='westeurope'].id\" -o tsv\n"
            + $"Or request more: https://portal.azure.com/#view/Microsoft_Azure_Capacity/QuotaMenuBlade (subscription {sub})"));

    private static void AddWarning(List<ReadinessInput> results, string name, string sub, string topology) => results.Add(Result(name, "Warning",
        "Policy.Microsoft.Compute/disks", sub, topology, group: "rg-images-prod",
        message: "Not checked: no permission to read what this check needs (403 AuthorizationFailed: The client does not have authorization).",
        remediation: $"Run the check as a principal with Reader on /subscriptions/{sub}"
            + " (and Microsoft.Authorization/*/read for policy and role data)."));

    private static string RenderHtml(ReadinessReport report)
    {
        var html = new StringWriter();
        HtmlReadinessWriter.Write(report, html);
        return html.ToString();
    }
}
