using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Reports;
using IsolatedImageBuilds.Hosting;

namespace IsolatedImageBuilds.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Writes Test-AibPrerequisite's results, for one template or an estate, as a readiness report: HTML, CSV or JSON.</para>
    /// </summary>
    /// <remarks>
    /// <para>Export-AibReadinessReport collects the results piped to it (from Test-AibPrerequisite, for any number of templates) and writes
    /// one file when the pipeline ends. Each template (subscription, resource group, name) gets a verdict: Failed when a check failed,
    /// Warning when a check could not be confirmed, else Ready.</para>
    /// <para>-Format Html (the default, or from a .html file name) writes one self-contained page: no external script, font, image or
    /// style sheet, so it opens offline, from a mail or as a pipeline artifact. It shows the totals, the templates per subscription and
    /// topology as a bar chart, a table of templates with their failing checks and a link to each fix, a filter by status, and every
    /// distinct fix once, with the number of templates that need it. Failing checks are folded in reports of more than 100 templates and
    /// unfold when printed. -Format Csv (or a .csv file name) writes one row per result with the template's identity in the first columns;
    /// -Format Json writes the report's model (totals, groups, templates with their problems, fixes).</para>
    /// <para>The path is checked before the results are read: a folder, a missing folder or an existing file (without -Force) is an error.
    /// The file is written under -WhatIf and -Confirm. -PassThru returns the file.</para>
    /// </remarks>
    /// <example>
    /// <code>$template | Test-AibPrerequisite | Export-AibReadinessReport -Path ./readiness.html</code>
    /// <para>Writes the readiness of one template as an HTML page.</para>
    /// </example>
    /// <example>
    /// <code>$templates | Test-AibPrerequisite | Export-AibReadinessReport ./estate.html -Title 'Templates, March' -Force -PassThru</code>
    /// <para>Writes the readiness of many templates, replacing last month's file, and returns the file.</para>
    /// </example>
    /// <example>
    /// <code>$templates | Test-AibPrerequisite | Export-AibReadinessReport -Path ./readiness.csv -Format Csv</code>
    /// <para>Writes one row per check result, for a spreadsheet or Import-Csv.</para>
    /// </example>
    [Cmdlet(VerbsData.Export, "AibReadinessReport", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportAibReadinessReportCommand : AibCmdlet
    {
        private readonly List<ReadinessInput> _results = new List<ReadinessInput>();
        private string _path = string.Empty;

        /// <summary>Results of Test-AibPrerequisite.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        public AibPrerequisiteResult[]? InputObject { get; set; }

        /// <summary>The file to write.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string? Path { get; set; }

        /// <summary>Html, Csv or Json; by default from the file name's extension (.csv, .json), else Html.</summary>
        // A string, not Core's enum: a value-type field of a Core type would load Core before the module's load context is set up.
        [Parameter]
        [ValidateSet("Html", "Csv", "Json", IgnoreCase = true)]
        public string? Format { get; set; }

        /// <summary>The report's title (default: Isolated build readiness).</summary>
        [Parameter]
        public string Title { get; set; } = "Isolated build readiness";

        /// <summary>Overwrites an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Returns the file written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _path = GetUnresolvedProviderPathFromPSPath(Path);
            try
            {
                ReadinessReportFile.CheckPath(_path, Force);
            }
            catch (AibException ex)
            {
                ThrowAib(ex, Path);
            }
        }

        protected override void ProcessRecord()
        {
            foreach (AibPrerequisiteResult result in InputObject ?? Array.Empty<AibPrerequisiteResult>())
            {
                if (result != null) _results.Add(ToInput(result));
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                ReadinessReportFormat format = Format == null
                    ? ReadinessReportFile.FormatFromPath(_path)
                    : (ReadinessReportFormat)Enum.Parse(typeof(ReadinessReportFormat), Format, ignoreCase: true);
                string action = $"Write {format} readiness report of {_results.Count} results" + (Force ? " (overwriting)" : string.Empty);
                if (!ShouldProcess(_path, action)) return;
                ReadinessReport report = ReadinessReportFile.Write(_path, format, Force, _results, Title, DateTimeOffset.UtcNow);
                ReadinessCounts totals = report.Totals;
                WriteVerbose($"Wrote {_path}: {totals.Templates} templates "
                    + $"({totals.Failed} failed, {totals.Warning} warning, {totals.Ready} ready).");
                if (PassThru) WriteObject(new FileInfo(_path));
            }
            catch (AibException ex)
            {
                ThrowAib(ex, Path);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private static ReadinessInput ToInput(AibPrerequisiteResult result) => new ReadinessInput
        {
            SubscriptionId = result.SubscriptionId,
            ResourceGroupName = result.ResourceGroupName,
            TemplateName = result.Name,
            Location = result.Location,
            Topology = result.Topology,
            Status = result.Status,
            Check = result.Check,
            Category = result.Category,
            Target = result.Target,
            Message = result.Message,
            Remediation = result.Remediation,
            Evidence = result.Evidence,
        };
    }
}
