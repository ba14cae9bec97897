using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;

namespace IsolatedImageBuilds.Core.Reports
{
    /// <summary>
    /// The readiness report as one self-contained HTML page: styles and the one small script inline, no external
    /// script, font, image or style sheet, so it opens offline, as a mail attachment or a pipeline artifact. Every
    /// value from Azure is HTML-encoded. The status filter is CSS-only (radio buttons), fixes are listed once and
    /// referred to, and a template's failing checks fold away in large reports, so 10,000 templates stay usable.
    /// </summary>
    public static class HtmlReadinessWriter
    {
        /// <summary>Up to this many templates the failing checks are shown unfolded.</summary>
        public const int UnfoldedTemplates = 100;

        public static void Write(ReadinessReport report, TextWriter html)
        {
            ReadinessCounts totals = report.Totals;
            html.WriteLine("<!DOCTYPE html>");
            html.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
            html.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
            html.WriteLine($"<title>{E(report.Title)}</title>");
            html.WriteLine("<style>" + Style + "</style></head><body>");
            html.WriteLine($"<header><h1>{E(report.Title)}</h1>");
            string generated = report.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            html.WriteLine($"<p class=\"meta\">Generated {generated} UTC"
                + $" by Export-AibReadinessReport from Test-AibPrerequisite results.</p></header>");

            html.WriteLine("<section class=\"totals\" aria-label=\"Totals\">");
            Tile(html, "total", totals.Templates, "templates");
            Tile(html, "failed", totals.Failed, "failed");
            Tile(html, "warning", totals.Warning, "with warnings");
            Tile(html, "ready", totals.Ready, "ready");
            html.WriteLine("</section>");

            html.WriteLine("<section><h2>Templates per subscription and topology</h2>");
            ReadinessChart.Write(report, html);
            html.WriteLine("</section>");

            WriteTemplates(report, html);
            WriteFixes(report, html);
            // Printing unfolds every template's checks (a closed <details> would print folded).
            html.WriteLine("<script>addEventListener('beforeprint',function(){"
                + "document.querySelectorAll('details').forEach(function(d){d.open=true;});});</script>");
            html.WriteLine("</body></html>");
        }

        private static void Tile(TextWriter html, string kind, int count, string label)
            => html.WriteLine($"<div class=\"tile {kind}\"><span class=\"count\">{count}</span> {label}</div>");

        private static void WriteTemplates(ReadinessReport report, TextWriter html)
        {
            ReadinessCounts totals = report.Totals;
            html.WriteLine("<section class=\"templates\"><h2>Templates</h2>");
            // The radios come before the table they filter: the CSS reaches the rows with the ~ combinator.
            foreach (string filter in new[] { "all", "notready", "failed", "warning", "ready" })
            {
                string isChecked = filter == "all" ? " checked" : string.Empty;
                html.WriteLine($"<input type=\"radio\" name=\"status\" class=\"filter\" id=\"show-{filter}\"{isChecked}>");
            }
            html.Write("<div class=\"filters\" role=\"group\" aria-label=\"Show\">Show: ");
            html.Write($"<label for=\"show-all\">All ({totals.Templates})</label>");
            html.Write($"<label for=\"show-notready\">Not ready ({totals.Failed + totals.Warning})</label>");
            html.Write($"<label for=\"show-failed\">Failed ({totals.Failed})</label>");
            html.Write($"<label for=\"show-warning\">Warning ({totals.Warning})</label>");
            html.WriteLine($"<label for=\"show-ready\">Ready ({totals.Ready})</label></div>");

            html.WriteLine("<table><thead><tr><th>Status</th><th>Template</th><th>Region</th><th>Topology</th>"
                + "<th>Failing checks and fixes</th></tr></thead><tbody>");
            bool unfold = report.Templates.Count <= UnfoldedTemplates;
            foreach (TemplateReadiness template in report.Templates) WriteRow(html, template, unfold);
            html.WriteLine("</tbody></table></section>");
        }

        private static void WriteRow(TextWriter html, TemplateReadiness t, bool unfold)
        {
            string status = t.Status.ToLowerInvariant();
            html.Write($"<tr class=\"{status}\"><td><span class=\"badge {status}\">{E(t.Status)}</span></td>");
            string subscription = ReadinessChart.SubscriptionLabel(t.SubscriptionId);
            html.Write($"<td><b>{E(t.Name)}</b><br><small>{E(t.ResourceGroupName)} &middot; {E(subscription)}</small></td>");
            html.Write($"<td>{E(t.Location)}</td><td>{E(t.Topology)}</td><td>");
            if (t.Problems.Count == 0)
            {
                html.Write($"<small>{t.ChecksPassed} checks passed</small>");
            }
            else
            {
                string open = unfold ? " open" : string.Empty;
                string summary = $"{t.ChecksFailed} failed, {t.ChecksWarning} warning: " + string.Join(", ", t.Problems.Select(p => p.Check));
                html.Write($"<details{open}><summary>{E(summary)}</summary><ul>");
                foreach (ReadinessProblem p in t.Problems)
                {
                    html.Write($"<li class=\"{E(p.Status.ToLowerInvariant())}\"><code>{E(p.Check)}</code> {E(p.Message)}");
                    if (!string.IsNullOrEmpty(p.Target)) html.Write($" <small class=\"target\">{E(p.Target!)}</small>");
                    if (p.FixId != null) html.Write($" <a href=\"#{p.FixId}\">Fix {p.FixId}</a>");
                    html.Write("</li>");
                }
                html.Write("</ul></details>");
            }
            html.WriteLine("</td></tr>");
        }

        private static void WriteFixes(ReadinessReport report, TextWriter html)
        {
            html.WriteLine("<section class=\"fixes\"><h2>Fixes</h2>");
            if (report.Fixes.Count == 0) html.WriteLine("<p>No failing check needs a fix.</p>");
            foreach (ReadinessFix fix in report.Fixes)
            {
                string templates = fix.Templates == 1 ? "1 template" : $"{fix.Templates} templates";
                string checks = string.Join(", ", fix.Checks.Select(c => $"<code>{E(c)}</code>"));
                html.WriteLine($"<div class=\"fix\" id=\"{fix.Id}\"><h3>{fix.Id} &middot; {templates} &middot; {checks}</h3>"
                    + $"<pre>{E(fix.Remediation)}</pre></div>");
            }
            html.WriteLine("</section>");
        }

        private static string E(string value) => WebUtility.HtmlEncode(value);

        private const string Style =
            "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;color:#1b1b1b;max-width:1400px}"
            + "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:14px;margin:0 0 4px}"
            + ".meta{color:#555;margin:0}.totals{display:flex;gap:12px;margin-top:16px;flex-wrap:wrap}"
            + ".tile{border:1px solid #ccc;border-radius:6px;padding:8px 14px;min-width:110px}"
            + ".tile .count{font-size:22px;font-weight:600;display:block}"
            + ".tile.failed .count{color:" + ReadinessChart.FailedColour + "}.tile.warning .count{color:" + ReadinessChart.WarningColour + "}"
            + ".tile.ready .count{color:" + ReadinessChart.ReadyColour + "}"
            + ".chart{max-width:100%;height:auto;font-size:12px}.chart .sub{font-weight:600}"
            + "input.filter{position:absolute;opacity:0;pointer-events:none}"
            + ".filters{margin:6px 0 10px}.filters label{display:inline-block;border:1px solid #999;border-radius:14px;padding:2px 10px;margin:0 4px;"
            + "cursor:pointer}"
            + "#show-all:checked~.filters label[for=show-all],#show-notready:checked~.filters label[for=show-notready],"
            + "#show-failed:checked~.filters label[for=show-failed],#show-warning:checked~.filters label[for=show-warning],"
            + "#show-ready:checked~.filters label[for=show-ready]{background:#1b1b1b;color:#fff}"
            + "input.filter:focus-visible~.filters{outline:2px solid #1565c0}"
            + "#show-notready:checked~table tr.ready,#show-failed:checked~table tbody tr:not(.failed),"
            + "#show-warning:checked~table tbody tr:not(.warning),#show-ready:checked~table tbody tr:not(.ready){display:none}"
            + "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}"
            + "th{background:#f3f3f3}td b{white-space:nowrap}small{color:#555}.target{word-break:break-all}"
            + ".badge{border-radius:4px;padding:1px 6px;color:#fff;font-size:12px}.badge.failed{background:" + ReadinessChart.FailedColour + "}"
            + ".badge.warning{background:" + ReadinessChart.WarningColour + "}.badge.ready{background:" + ReadinessChart.ReadyColour + "}"
            + "details ul{margin:4px 0;padding-left:18px}li.failed code{color:" + ReadinessChart.FailedColour + "}"
            + "li.warning code{color:" + ReadinessChart.WarningColour + "}"
            + ".fix{border-left:3px solid #999;padding:4px 10px;margin:8px 0}pre{white-space:pre-wrap;word-break:break-all;margin:0;"
            + "background:#f7f7f7;padding:6px}:target{background:#fff8d6}"
            + "@media print{body{margin:0;max-width:none}.filters,input.filter{display:none}tr{break-inside:avoid}"
            + "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";
    }
}
