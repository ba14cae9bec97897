using System;
using System.Collections.Generic;
using System.Text;

namespace IsolatedImageBuilds.Core.Pipelines
{
    /// <summary>
    /// Writes Azure Pipelines logging commands (<c>##vso[area.action key=value;...]message</c>) the way the agent
    /// parses them, as microsoft/azure-pipelines-task-lib's TaskCommand does: in the message <c>%</c>, CR and LF
    /// are escaped; in property values also <c>]</c> and <c>;</c>, which would otherwise end the value.
    /// </summary>
    public static class AzurePipelinesCommand
    {
        /// <summary>True inside an Azure Pipelines job (the agent sets TF_BUILD).</summary>
        public static bool InAgent => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TF_BUILD"));

        /// <summary><c>task.logissue</c>: raises an error or warning on the job, with an optional code.</summary>
        public static string LogIssue(string type, string message, string? code = null)
        {
            var properties = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("type", type) };
            if (code != null) properties.Add(new KeyValuePair<string, string>("code", code));
            return Format("task.logissue", properties, message);
        }

        /// <summary><c>##[group]</c>: opens a collapsible section in the job's log (one line: CR and LF become spaces).</summary>
        public static string Group(string title) => "##[group]" + (title ?? string.Empty).Replace('\r', ' ').Replace('\n', ' ');

        /// <summary><c>##[endgroup]</c>: closes the open section.</summary>
        public const string EndGroup = "##[endgroup]";

        public static string Format(string command, IReadOnlyList<KeyValuePair<string, string>> properties, string message)
        {
            if (command == null) throw new ArgumentNullException(nameof(command));
            var text = new StringBuilder("##vso[").Append(command);
            if (properties.Count > 0)
            {
                text.Append(' ');
                foreach (KeyValuePair<string, string> property in properties)
                {
                    text.Append(property.Key).Append('=').Append(EscapeProperty(property.Value)).Append(';');
                }
            }
            return text.Append(']').Append(EscapeData(message ?? string.Empty)).ToString();
        }

        /// <summary>The message after the closing bracket: %, CR and LF.</summary>
        public static string EscapeData(string value)
            => value.Replace("%", "%AZP25").Replace("\r", "%0D").Replace("\n", "%0A");

        /// <summary>A property value: as data, plus ] and ;.</summary>
        public static string EscapeProperty(string value)
            => EscapeData(value).Replace("]", "%5D").Replace(";", "%3B");
    }
}
