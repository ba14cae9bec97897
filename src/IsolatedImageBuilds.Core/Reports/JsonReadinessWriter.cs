using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IsolatedImageBuilds.Core.Reports
{
    /// <summary>The report's model as JSON (camelCase), for automation: totals, groups, templates with their problems, fixes.</summary>
    public static class JsonReadinessWriter
    {
        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            // Readable text in the file (JSON escaping still applies); the file is data, never embedded in a page.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static void Write(ReadinessReport report, Stream json) => JsonSerializer.Serialize(json, report, Options);
    }
}
