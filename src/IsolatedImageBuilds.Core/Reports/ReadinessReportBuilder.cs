using System;
using System.Collections.Generic;
using System.Linq;
using IsolatedImageBuilds.Core.Prerequisites;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Reports
{
    /// <summary>Turns prerequisite results (of any number of templates) into the <see cref="ReadinessReport"/> every format renders.</summary>
    public static class ReadinessReportBuilder
    {
        /// <summary>Shown for results of a planned template (checked from parameters, so without a name).</summary>
        public const string PlannedTemplateName = "(planned)";

        private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

        public static ReadinessReport Build(IEnumerable<ReadinessInput> results, string title, DateTimeOffset generatedAt)
        {
            if (results == null) throw new ArgumentNullException(nameof(results));
            var templates = results
                .GroupBy(TemplateKey, Names)
                .Select(g => ToTemplate(g.Key, g.ToList()))
                .OrderBy(t => StatusOrder(t.Status))
                .ThenBy(t => t.SubscriptionId, Names).ThenBy(t => t.ResourceGroupName, Names).ThenBy(t => t.Name, Names)
                .ToList();

            var report = new ReadinessReport { Title = title, GeneratedAt = generatedAt, Templates = templates };
            foreach (TemplateReadiness template in templates) report.Totals.Add(template.Status);
            report.Groups = templates
                .GroupBy(t => Key(t.SubscriptionId, t.Topology), Names)
                .Select(g =>
                {
                    var group = new ReadinessGroup { SubscriptionId = g.First().SubscriptionId, Topology = g.First().Topology };
                    foreach (TemplateReadiness template in g) group.Counts.Add(template.Status);
                    return group;
                })
                .OrderBy(g => g.SubscriptionId, Names).ThenBy(g => TopologyOrder(g.Topology)).ThenBy(g => g.Topology, Names)
                .ToList();
            report.Fixes = NumberFixes(templates);
            return report;
        }

        // A template is its subscription, group and name; planned ones (no name) are told apart by region and topology.
        internal static string TemplateKey(ReadinessInput r)
        {
            string? planned = r.TemplateName == null ? r.Location + "/" + r.Topology : null;
            return Key(r.SubscriptionId, r.ResourceGroupName, r.TemplateName ?? PlannedTemplateName, planned).ToUpperInvariant();
        }

        private static TemplateReadiness ToTemplate(string key, List<ReadinessInput> list)
        {
            ReadinessInput first = list[0];
            var template = new TemplateReadiness
            {
                Key = key,
                SubscriptionId = first.SubscriptionId ?? string.Empty,
                ResourceGroupName = first.ResourceGroupName ?? string.Empty,
                Name = first.TemplateName ?? PlannedTemplateName,
                Location = list.Select(r => r.Location).FirstOrDefault(l => !string.IsNullOrEmpty(l)) ?? string.Empty,
                Topology = list.Select(r => r.Topology).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? string.Empty,
                ChecksPassed = list.Count(r => Is(r, PrerequisiteStatus.Passed)),
                ChecksFailed = list.Count(r => Is(r, PrerequisiteStatus.Failed)),
                ChecksWarning = list.Count(r => Is(r, PrerequisiteStatus.Warning)),
                ChecksSkipped = list.Count(r => Is(r, PrerequisiteStatus.Skipped)),
            };
            template.Status = template.ChecksFailed > 0 ? TemplateStatus.Failed
                : template.ChecksWarning > 0 ? TemplateStatus.Warning
                : TemplateStatus.Ready;
            template.Problems = list
                .Where(r => Is(r, PrerequisiteStatus.Failed) || Is(r, PrerequisiteStatus.Warning))
                .OrderBy(r => Is(r, PrerequisiteStatus.Failed) ? 0 : 1)
                .Select(r => new ReadinessProblem
                {
                    Status = r.Status,
                    Check = r.Check,
                    Category = r.Category,
                    Target = r.Target,
                    Message = r.Message,
                    Remediation = string.IsNullOrWhiteSpace(r.Remediation) ? null : r.Remediation,
                })
                .ToList();
            return template;
        }

        // The same fix is usually needed by many templates (one policy, one region's quota, one missing permission): it is
        // listed once and referred to. Fixes of failed checks come first, then those most templates need.
        private static List<ReadinessFix> NumberFixes(IEnumerable<TemplateReadiness> templates)
        {
            var uses = templates
                .SelectMany(t => t.Problems.Where(p => p.Remediation != null).Select(p => (Template: t, Problem: p)))
                .GroupBy(u => u.Problem.Remediation!, StringComparer.Ordinal)
                .Select(g => (Uses: g.ToList(), Templates: g.Select(u => u.Template).Distinct().Count(),
                    ForFailure: g.Any(u => u.Problem.Status == nameof(PrerequisiteStatus.Failed))))
                .OrderByDescending(g => g.ForFailure).ThenByDescending(g => g.Templates).ThenBy(g => g.Uses[0].Problem.Check, StringComparer.Ordinal)
                .ToList();
            var fixes = new List<ReadinessFix>();
            foreach (var (list, count, _) in uses)
            {
                var fix = new ReadinessFix
                {
                    Id = "F" + (fixes.Count + 1),
                    Checks = list.Select(u => u.Problem.Check).Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal).ToList(),
                    Remediation = list[0].Problem.Remediation!,
                    Templates = count,
                };
                foreach (var (_, problem) in list) problem.FixId = fix.Id;
                fixes.Add(fix);
            }
            return fixes;
        }

        private static bool Is(ReadinessInput result, PrerequisiteStatus status)
            => string.Equals(result.Status, status.ToString(), StringComparison.OrdinalIgnoreCase);

        private static int StatusOrder(string status)
            => status == TemplateStatus.Failed ? 0 : status == TemplateStatus.Warning ? 1 : 2;

        private static int TopologyOrder(string topology)
            => Enum.TryParse(topology, ignoreCase: true, out NetworkTopology parsed) ? (int)parsed : int.MaxValue;

        // Parts joined by a character no Azure name or check text contains.
        private static string Key(params string?[] parts) => string.Join("\u0001", parts.Select(p => p ?? string.Empty));
    }
}
