using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Reports
{
    public enum ReadinessReportFormat
    {
        Html,
        Csv,
        Json,
    }

    /// <summary>Where a readiness report goes: the path's checks (before any result is read) and the write itself.</summary>
    public static class ReadinessReportFile
    {
        /// <summary>The format a file name asks for: .csv, .json, anything else HTML.</summary>
        public static ReadinessReportFormat FormatFromPath(string path)
        {
            string extension = Path.GetExtension(path) ?? string.Empty;
            if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase)) return ReadinessReportFormat.Csv;
            if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase)) return ReadinessReportFormat.Json;
            return ReadinessReportFormat.Html;
        }

        /// <summary>Refuses a path that cannot be written (no file name, a folder, a missing folder) or an existing file without force.</summary>
        public static void CheckPath(string path, bool force)
        {
            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw new AibException(ReportErrorIds.PathInvalid, $"-Path '{path}' is not a valid file path: {ex.Message}", "Path", ex);
            }
            if (Directory.Exists(full) || string.IsNullOrEmpty(Path.GetFileName(full)))
            {
                throw new AibException(ReportErrorIds.PathInvalid,
                    $"-Path '{path}' is a folder. Give a file name, for example '{Path.Combine(path, "readiness.html")}'.", "Path");
            }
            string? folder = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                throw new AibException(ReportErrorIds.FolderNotFound,
                    $"The folder of -Path '{path}' ({folder}) does not exist. Create it first or give another path.", "Path");
            }
            if (!force && File.Exists(full)) throw FileExists(path);
        }

        /// <summary>
        /// Builds the report from the results and writes it in the format asked; without force an existing file is never overwritten.
        /// </summary>
        public static ReadinessReport Write(string path, ReadinessReportFormat format, bool force, IReadOnlyList<ReadinessInput> results,
            string title, DateTimeOffset generatedAt)
        {
            CheckPath(path, force);
            string full = Path.GetFullPath(path);
            ReadinessReport report = ReadinessReportBuilder.Build(results, title, generatedAt);
            try
            {
                using var stream = new FileStream(full, force ? FileMode.Create : FileMode.CreateNew, FileAccess.Write);
                switch (format)
                {
                    case ReadinessReportFormat.Json:
                        JsonReadinessWriter.Write(report, stream);
                        break;
                    case ReadinessReportFormat.Csv:
                        // With a byte-order mark: Excel reads the file as UTF-8 only then; Import-Csv does either way.
                        using (var csv = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
                        {
                            CsvReadinessWriter.Write(results, report, csv);
                        }
                        break;
                    default:
                        using (var html = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                        {
                            HtmlReadinessWriter.Write(report, html);
                        }
                        break;
                }
            }
            catch (IOException) when (!force && File.Exists(full))
            {
                throw FileExists(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new AibException(ReportErrorIds.WriteFailed, $"Could not write the report to '{path}': {ex.Message}", "Path", ex);
            }
            return report;
        }

        private static AibException FileExists(string path)
            => new AibException(ReportErrorIds.FileExists, $"'{path}' already exists. Add -Force to overwrite it, or give another -Path.", "Path");
    }
}
