using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Prerequisites;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Inventory
{
    /// <summary>The templates found and what it took to find them.</summary>
    public sealed class InventoryResult
    {
        public IReadOnlyList<TemplateRecord> Templates { get; set; } = Array.Empty<TemplateRecord>();
        public int SubscriptionsQueried { get; set; }
        public int ResourceGraphRequests { get; set; }
        public TimeSpan QuotaWait { get; set; }
    }

    /// <summary>
    /// Every image template across subscriptions through Azure Resource Graph (never by walking ARM subscription by
    /// subscription), as typed <see cref="TemplateRecord"/>s. Without -SubscriptionId or -ManagementGroup the scope is every
    /// subscription the caller can list.
    /// </summary>
    public sealed class TemplateInventory
    {
        private readonly AibConnection _connection;
        private readonly Action<string>? _verbose;

        public TemplateInventory(AibConnection connection, Action<string>? verbose)
        {
            _connection = connection;
            _verbose = verbose;
        }

        public async Task<InventoryResult> ListAsync(InventoryFilter filter, CancellationToken ct)
        {
            IReadOnlyList<string> subscriptions = filter.SubscriptionIds;
            if (subscriptions.Count == 0 && filter.ManagementGroups.Count == 0)
            {
                var reader = new ArmReader(_connection.Arm, 1, ct);
                subscriptions = (await reader.ListAsync("/subscriptions", ArmApiVersions.Subscriptions).ConfigureAwait(false))
                    .Select(s => s.Str("subscriptionId")).OfType<string>().ToList();
                _verbose?.Invoke($"Querying the {subscriptions.Count} subscription(s) the account can list.");
            }
            string query = InventoryQuery.Build(filter);
            var graph = new ResourceGraphClient(_connection.Arm, _verbose);
            List<JsonObject> rows = await graph.QueryAsync(query, subscriptions, filter.ManagementGroups, ct).ConfigureAwait(false);
            var templates = rows.Select(ToRecord).Where(t => InventoryQuery.NameMatches(filter.Name, t.Name)).ToList();
            return new InventoryResult
            {
                Templates = templates,
                SubscriptionsQueried = subscriptions.Count,
                ResourceGraphRequests = graph.Requests,
                QuotaWait = graph.QuotaWait,
            };
        }

        /// <summary>One projected row of <see cref="InventoryQuery"/> as a record; topology from vnetConfig by the one rule.</summary>
        public static TemplateRecord ToRecord(JsonObject row)
        {
            JsonObject? vnet = row.Obj("vnetConfig");
            string? subnet = vnet.Str("subnetId"), aci = vnet.Str("containerInstanceSubnetId");
            JsonObject? last = row.Obj("lastRunStatus");
            return new TemplateRecord
            {
                Id = row.Str("id") ?? string.Empty,
                SubscriptionId = row.Str("subscriptionId") ?? string.Empty,
                ResourceGroupName = ArmId.SegmentAfter(row.Str("id") ?? string.Empty, "resourceGroups") ?? row.Str("resourceGroup") ?? string.Empty,
                Name = row.Str("name") ?? string.Empty,
                Location = row.Str("location") ?? string.Empty,
                Topology = NetworkTopologies.FromSubnets(subnet, aci),
                SubnetId = subnet,
                ContainerInstanceSubnetId = aci,
                ProxyVmSize = vnet.Str("proxyVmSize"),
                VmSize = row.Str("vmSize"),
                IdentityId = row.Obj("identity", "userAssignedIdentities")?.Select(kv => kv.Key).FirstOrDefault(),
                SourceType = row.Str("source", "type"),
                Source = SourceText(row.Obj("source")),
                Distribution = row.Items("distribute").OfType<JsonObject>().Select(ToTarget).ToList(),
                StagingResourceGroupId = row.Str("exactStagingResourceGroup") ?? row.Str("stagingResourceGroup"),
                RequestedStagingResourceGroupId = row.Str("stagingResourceGroup"),
                ProvisioningState = row.Str("provisioningState"),
                LastRun = last == null ? null : new LastRun
                {
                    RunState = last.Str("runState"),
                    RunSubState = last.Str("runSubState"),
                    StartTime = Time(last.Str("startTime")),
                    EndTime = Time(last.Str("endTime")),
                    Message = last.Str("message"),
                },
                Tags = row.Obj("tags")?.Where(kv => kv.Value != null).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString())
                    ?? new Dictionary<string, string>(),
            };
        }

        private static string? SourceText(JsonObject? source)
        {
            if (source == null) return null;
            if (source.Str("type") == "PlatformImage")
            {
                return string.Join(":", new[] { "publisher", "offer", "sku", "version" }.Select(k => source.Str(k) ?? string.Empty));
            }
            return source.Str("imageId") ?? source.Str("imageVersionId") ?? source.Str("sourceURI");
        }

        private static DistributionTarget ToTarget(JsonObject d) => new DistributionTarget
        {
            Type = d.Str("type") ?? string.Empty,
            RunOutputName = d.Str("runOutputName"),
            Target = d.Str("galleryImageId") ?? d.Str("imageId") ?? d.Str("uri"),
            Regions = d.Items("targetRegions").Select(r => r.Str("name")).Concat(d.Strings("replicationRegions").Cast<string?>())
                .Concat(new[] { d.Str("location") }).OfType<string>().ToList(),
        };

        private static DateTimeOffset? Time(string? text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) ? t : (DateTimeOffset?)null;
    }
}
