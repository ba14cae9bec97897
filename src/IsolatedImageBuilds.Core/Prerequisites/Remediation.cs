using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// A fix as data: the Azure PowerShell command and the az CLI command (and, optionally, another way),
    /// with <c>{slot}</c> placeholders that a check fills with the names of the resources it looked at.
    /// </summary>
    internal sealed class Remediation
    {
        private static readonly Regex Slot = new Regex(@"\{(\w+)\}", RegexOptions.CultureInvariant);

        public Remediation(string powerShell, string azCli, string? alternative = null)
        {
            PowerShell = powerShell;
            AzCli = azCli;
            Alternative = alternative;
        }

        public string PowerShell { get; }
        public string AzCli { get; }
        public string? Alternative { get; }

        /// <summary>The remediation text for one result; every slot must be given (a missing one is a bug, not a blank).</summary>
        public string Fill(params (string Slot, string Value)[] values)
        {
            var byName = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach ((string slot, string value) in values) byName[slot] = value;
            string ps = Fill(PowerShell, byName);
            string az = Fill(AzCli, byName);
            return Alternative == null ? Check.Fix(ps, az) : Check.Fix(ps, az, Fill(Alternative, byName));
        }

        // One pass, so a value that happens to contain "{x}" is never read as a slot.
        private static string Fill(string template, IReadOnlyDictionary<string, string> values)
            => Slot.Replace(template, m => values.TryGetValue(m.Groups[1].Value, out string? value)
                ? value
                : throw new InvalidOperationException($"Remediation slot '{m.Value}' was not given."));
    }
}
