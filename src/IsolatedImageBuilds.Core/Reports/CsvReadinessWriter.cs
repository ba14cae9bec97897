using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace IsolatedImageBuilds.Core.Reports
{
    /// <summary>
    /// One row per prerequisite result, with the template's identity in the first columns (RFC 4180: every field
    /// quoted, quotes doubled). A field that a spreadsheet would take for a formula (=, +, -, @ first) gets a leading
    /// apostrophe, so a value from Azure cannot run as one when the file is opened in Excel.
    /// </summary>
    public static class CsvReadinessWriter
    {
        public static readonly IReadOnlyList<string> Columns = new[]
        {
            "SubscriptionId", "ResourceGroupName", "TemplateName", "Location", "Topology", "TemplateStatus",
            "Status", "Check", "Category", "Target", "Message", "Remediation", "Evidence",
        };

        public static void Write(IEnumerable<ReadinessInput> results, ReadinessReport report, TextWriter csv)
        {
            var verdicts = report.Templates.ToDictionary(t => t.Key, t => t.Status);
            csv.Write(string.Join(",", Columns.Select(Quote)));
            csv.Write("\r\n");
            foreach (ReadinessInput r in results)
            {
                string name = r.TemplateName ?? ReadinessReportBuilder.PlannedTemplateName;
                verdicts.TryGetValue(ReadinessReportBuilder.TemplateKey(r), out string? verdict);
                var fields = new[]
                {
                    r.SubscriptionId, r.ResourceGroupName, name, r.Location, r.Topology, verdict,
                    r.Status, r.Check, r.Category, r.Target, r.Message, r.Remediation, string.Join("\n", r.Evidence),
                };
                csv.Write(string.Join(",", fields.Select(Quote)));
                csv.Write("\r\n");
            }
        }

        internal static string Quote(string? value)
        {
            string text = value ?? string.Empty;
            if (text.Length > 0 && "=+-@\t\r".IndexOf(text[0]) >= 0) text = "'" + text;
            return "\"" + text.Replace("\"", "\"\"") + "\"";
        }
    }
}
