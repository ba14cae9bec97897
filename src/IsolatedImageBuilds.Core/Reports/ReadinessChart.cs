using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;

namespace IsolatedImageBuilds.Core.Reports
{
    /// <summary>
    /// The counts per subscription and topology as an inline SVG bar chart: a heading per subscription, one bar per
    /// topology, stacked failed / warning / ready, with the figures written beside each bar (readable without colour).
    /// </summary>
    internal static class ReadinessChart
    {
        private const int Width = 820;
        private const int LabelWidth = 170;
        private const int BarWidth = 440;
        private const int HeadingHeight = 22;
        private const int RowHeight = 22;
        private const int BarHeight = 14;
        private const int LegendHeight = 26;

        internal const string FailedColour = "#c62828";
        internal const string WarningColour = "#b26a00";
        internal const string ReadyColour = "#2e7d32";

        public static void Write(ReadinessReport report, TextWriter html)
        {
            var subscriptions = report.Groups.GroupBy(g => g.SubscriptionId, StringComparer.OrdinalIgnoreCase).ToList();
            int height = LegendHeight + (subscriptions.Count * HeadingHeight) + (report.Groups.Count * RowHeight) + 6;
            int largest = Math.Max(1, report.Groups.Select(g => g.Counts.Templates).DefaultIfEmpty(0).Max());

            html.Write("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\"");
            html.Write($" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\"");
            html.Write(" role=\"img\" aria-label=\"Templates per subscription and topology, by status\">");
            WriteLegend(html);
            int y = LegendHeight;
            foreach (var subscription in subscriptions)
            {
                y += HeadingHeight;
                html.Write($"<text class=\"sub\" x=\"0\" y=\"{y - 6}\">Subscription {Encode(SubscriptionLabel(subscription.Key))}</text>");
                foreach (ReadinessGroup group in subscription)
                {
                    WriteBar(html, group, y, largest);
                    y += RowHeight;
                }
            }
            html.WriteLine("</svg>");
        }

        private static void WriteLegend(TextWriter html)
        {
            int x = 0;
            foreach (var (label, colour) in new[] { ("Failed", FailedColour), ("Warning", WarningColour), ("Ready", ReadyColour) })
            {
                html.Write($"<rect x=\"{x}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{x + 17}\" y=\"14\">{label}</text>");
                x += 90;
            }
        }

        private static void WriteBar(TextWriter html, ReadinessGroup group, int y, int largest)
        {
            ReadinessCounts counts = group.Counts;
            string topology = string.IsNullOrEmpty(group.Topology) ? "(unknown topology)" : group.Topology;
            html.Write($"<text x=\"12\" y=\"{y + BarHeight - 3}\">{Encode(topology)}</text>");
            double x = LabelWidth;
            foreach (var (count, colour, status) in new[]
            {
                (counts.Failed, FailedColour, "failed"), (counts.Warning, WarningColour, "with warnings"), (counts.Ready, ReadyColour, "ready"),
            })
            {
                if (count == 0) continue;
                double width = Math.Max(2.0, (double)BarWidth * count / largest);
                string title = $"{SubscriptionLabel(group.SubscriptionId)} {topology}: {count} {status}";
                html.Write($"<rect x=\"{F(x)}\" y=\"{y}\" width=\"{F(width)}\" height=\"{BarHeight}\" fill=\"{colour}\">");
                html.Write($"<title>{Encode(title)}</title></rect>");
                x += width;
            }
            string figures = $"{counts.Templates} ({counts.Failed} failed, {counts.Warning} warning, {counts.Ready} ready)";
            html.Write($"<text x=\"{F(x + 6)}\" y=\"{y + BarHeight - 3}\">{figures}</text>");
        }

        internal static string SubscriptionLabel(string subscriptionId)
            => string.IsNullOrEmpty(subscriptionId) ? "(unknown)" : subscriptionId;

        private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

        private static string Encode(string value) => WebUtility.HtmlEncode(value);
    }
}
