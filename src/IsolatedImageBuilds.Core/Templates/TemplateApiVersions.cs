using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>The api-versions of Microsoft.VirtualMachineImages/imageTemplates that templates are written for.</summary>
    public static class TemplateApiVersions
    {
        /// <summary>The first version with containerInstanceSubnetId, strict (case-sensitive, no unknown fields).</summary>
        public const string V2024_02_01 = "2024-02-01";

        /// <summary>The newest stable version: SharedImage replicationMode, additionalDataDisks, optimize.workload.</summary>
        public const string V2025_10_01 = "2025-10-01";

        public const string Default = V2024_02_01;

        public const string Newest = V2025_10_01;

        /// <summary>Versions a template can be written for (and validated against the REST specification).</summary>
        public static IReadOnlyList<string> Supported { get; } = new[] { V2024_02_01, V2025_10_01 };

        public static bool IsSupported(string? apiVersion) =>
            apiVersion != null && Supported.Contains(apiVersion, StringComparer.Ordinal);

        /// <summary>True for versions before 2024-02-01, when the service matched property names case-insensitively.</summary>
        public static bool IsLenient(string? apiVersion) =>
            TryParse(apiVersion, out var date) && date < new DateTime(2024, 2, 1);

        internal static bool IsOlderThan(string? apiVersion, string other) =>
            TryParse(apiVersion, out var a) && TryParse(other, out var b) && a < b;

        /// <summary>Reads the date of "yyyy-MM-dd" or "yyyy-MM-dd-preview".</summary>
        internal static bool TryParse(string? apiVersion, out DateTime date)
        {
            date = default;
            if (apiVersion == null || apiVersion.Length < 10)
            {
                return false;
            }

            var rest = apiVersion.Substring(10);
            if (rest.Length > 0 && !rest.StartsWith("-", StringComparison.Ordinal))
            {
                return false;
            }

            return DateTime.TryParseExact(apiVersion.Substring(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        }
    }
}
