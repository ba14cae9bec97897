using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Inventory
{
    /// <summary>
    /// POST /providers/Microsoft.ResourceGraph/resources: one query over batches of at most 1,000 subscriptions (or over
    /// management groups), every page followed through $skipToken. It keeps to the per-user quota: when
    /// x-ms-user-quota-remaining reaches 0 it waits x-ms-user-quota-resets-after before the next request (a 429 is
    /// retried by the pipeline after the same wait, see AibRetryPolicy).
    /// </summary>
    public sealed class ResourceGraphClient
    {
        public const string ReadPermission = "Microsoft.ResourceGraph/resources/read";
        private const string Path = "/providers/Microsoft.ResourceGraph/resources";
        private const int PageSize = 1000;

        private readonly ArmRequestSender _arm;
        private readonly Action<string>? _verbose;
        private int _requests;

        public ResourceGraphClient(ArmRequestSender arm, Action<string>? verbose)
        {
            _arm = arm;
            _verbose = verbose;
        }

        /// <summary>Resource Graph requests sent (pages and batches).</summary>
        public int Requests => _requests;

        /// <summary>Time spent waiting for the user quota to reset.</summary>
        public TimeSpan QuotaWait { get; private set; }

        public async Task<List<JsonObject>> QueryAsync(string query, IReadOnlyList<string> subscriptions, IReadOnlyList<string> managementGroups,
            CancellationToken ct)
        {
            var rows = new List<JsonObject>();
            if (managementGroups.Count > 0)
            {
                await QueryScopeAsync(query, "managementGroups", managementGroups, rows, ct).ConfigureAwait(false);
                return rows;
            }
            foreach (IReadOnlyList<string> batch in InventoryQuery.Batches(subscriptions))
            {
                await QueryScopeAsync(query, "subscriptions", batch, rows, ct).ConfigureAwait(false);
            }
            return rows;
        }

        private async Task QueryScopeAsync(string query, string scopeName, IReadOnlyList<string> scope, List<JsonObject> rows, CancellationToken ct)
        {
            string? skipToken = null;
            do
            {
                var options = new JsonObject { ["$top"] = PageSize, ["resultFormat"] = "objectArray" };
                if (skipToken != null) options["$skipToken"] = skipToken;
                var body = new JsonObject
                {
                    [scopeName] = new JsonArray(scope.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
                    ["query"] = query,
                    ["options"] = options,
                };
                ArmResponse response = await SendAsync(body, ct).ConfigureAwait(false);
                JsonNode? json = response.Json;
                rows.AddRange(json.Items("data").OfType<JsonObject>());
                if (json.Str("resultTruncated") == "true")
                {
                    _verbose?.Invoke("Resource Graph truncated the result (the query lost its id column): not every template was returned.");
                }
                skipToken = json.Str("$skipToken");
                await KeepToQuotaAsync(response, ct).ConfigureAwait(false);
            } while (skipToken != null);
        }

        private async Task<ArmResponse> SendAsync(JsonObject body, CancellationToken ct)
        {
            Interlocked.Increment(ref _requests);
            var request = new ArmRequest("POST", Path, ArmApiVersions.ResourceGraph, body) { Idempotent = true };
            try
            {
                return await _arm.SendAsync(request, ct).ConfigureAwait(false);
            }
            catch (AibArmException ex) when (ex.Status == 403)
            {
                throw new Errors.AibException(InventoryErrorIds.ResourceGraphPermissionDenied,
                    $"Azure Resource Graph refused the query: the signed-in account lacks '{ReadPermission}' ({ex.ArmCode}: {ex.ArmMessage}). "
                    + "Grant a role that includes it (Reader does) at the scope you list; the inventory does not fall back to reading ARM "
                    + "subscription by subscription.", ReadPermission, ex);
            }
            catch (AibArmException ex) when (ex.Status == 429)
            {
                throw new Errors.AibException(InventoryErrorIds.Throttled,
                    $"Azure Resource Graph still throttles the queries after waiting out the quota ({ex.ArmMessage}). Try again later or narrow the scope.",
                    null, ex);
            }
            catch (AibArmException ex) when (ex.Status == 400)
            {
                throw new Errors.AibException(InventoryErrorIds.QueryRejected, $"Azure Resource Graph rejected the inventory query: {ex.ArmMessage}", null, ex);
            }
        }

        /// <summary>Waits for the quota window to reset when the last answer said none is left.</summary>
        private async Task KeepToQuotaAsync(ArmResponse response, CancellationToken ct)
        {
            if (!int.TryParse(response.Header("x-ms-user-quota-remaining"), out int remaining) || remaining > 0) return;
            TimeSpan wait = ResetsAfter(response.Header("x-ms-user-quota-resets-after")) ?? TimeSpan.FromSeconds(5);
            _verbose?.Invoke($"Resource Graph quota used up: waiting {wait.TotalSeconds:0} s (x-ms-user-quota-resets-after).");
            QuotaWait += wait;
            await Task.Delay(wait, ct).ConfigureAwait(false);
        }

        /// <summary>hh:mm:ss as Resource Graph sends it.</summary>
        public static TimeSpan? ResetsAfter(string? value) =>
            value != null && TimeSpan.TryParseExact(value, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out TimeSpan span) ? span : (TimeSpan?)null;
    }
}
