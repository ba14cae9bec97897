using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Inventory
{
    /// <summary>The KQL the inventory sends to Resource Graph: image templates, filtered as far as KQL can, projected to the
    /// fields a <see cref="TemplateRecord"/> needs (not whole templates: customizer scripts stay in Azure).</summary>
    public static class InventoryQuery
    {
        public const string ImageTemplateType = "microsoft.virtualmachineimages/imagetemplates";

        /// <summary>The topology column: the same rule as <see cref="NetworkTopologies.FromSubnets"/>, written in KQL.</summary>
        private const string TopologyColumn =
            "topology = iff(isempty(properties.vmProfile.vnetConfig.subnetId), 'NoSubnet', "
            + "iff(isempty(properties.vmProfile.vnetConfig.containerInstanceSubnetId), 'BuildSubnetOnly', 'BuildAndAciSubnets'))";

        /// <summary>"None" when the template never ran.</summary>
        private const string RunStateColumn = "runState = iff(isempty(properties.lastRunStatus.runState), 'None', tostring(properties.lastRunStatus.runState))";

        public static string Build(InventoryFilter filter)
        {
            var kql = new StringBuilder("resources\n| where type =~ ").Append(Quote(ImageTemplateType));
            if (!string.IsNullOrEmpty(filter.ResourceGroupName)) kql.Append("\n| where resourceGroup =~ ").Append(Quote(filter.ResourceGroupName!));
            string? literal = LongestLiteral(filter.Name);
            if (literal != null) kql.Append("\n| where name contains ").Append(Quote(literal));
            kql.Append("\n| extend ").Append(TopologyColumn).Append(", ").Append(RunStateColumn);
            if (filter.Topologies.Count > 0) kql.Append("\n| where topology in (").Append(string.Join(", ", filter.Topologies.Select(t => Quote(t.ToString())))).Append(')');
            if (filter.RunStates.Count > 0) kql.Append("\n| where runState in~ (").Append(string.Join(", ", filter.RunStates.Select(Quote))).Append(')');
            kql.Append("\n| project id, name, location, resourceGroup, subscriptionId, identity, tags, topology, runState,")
                .Append(" vnetConfig = properties.vmProfile.vnetConfig, vmSize = properties.vmProfile.vmSize, source = properties.source,")
                .Append(" distribute = properties.distribute, stagingResourceGroup = properties.stagingResourceGroup,")
                .Append(" exactStagingResourceGroup = properties.exactStagingResourceGroup, provisioningState = properties.provisioningState,")
                .Append(" lastRunStatus = properties.lastRunStatus")
                .Append("\n| order by id asc");
            return kql.ToString();
        }

        /// <summary>True when the name matches the wildcard exactly (KQL only narrowed by its longest literal part).</summary>
        public static bool NameMatches(string? pattern, string name)
        {
            if (string.IsNullOrEmpty(pattern)) return true;
            string regex = "^" + Regex.Escape(pattern!).Replace("\\*", ".*").Replace("\\?", ".") + "$";
            return Regex.IsMatch(name, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        private static string? LongestLiteral(string? pattern)
        {
            if (string.IsNullOrEmpty(pattern)) return null;
            string longest = pattern!.Split('*', '?').OrderByDescending(p => p.Length).First();
            return longest.Length == 0 ? null : longest;
        }

        /// <summary>A KQL string literal (single-quoted, backslash escapes).</summary>
        internal static string Quote(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

        /// <summary>Splits subscriptions into the batches Resource Graph accepts (at most 1,000 subscriptions a query).</summary>
        public static IEnumerable<IReadOnlyList<string>> Batches(IReadOnlyList<string> subscriptions, int size = 1000)
        {
            for (int i = 0; i < subscriptions.Count; i += size)
            {
                yield return subscriptions.Skip(i).Take(size).ToList();
            }
        }
    }
}
