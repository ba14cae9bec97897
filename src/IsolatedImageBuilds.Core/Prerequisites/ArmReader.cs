using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// One template's door to ARM: reads through the invocation's <see cref="ArmReadCache"/> (each request once, requests in
    /// flight bounded per subscription), so families that need the same subnet, provider or role assignments — and, in a
    /// fleet run, other templates — share one Task (a failed read fails for all of them the same way).
    /// </summary>
    internal sealed class ArmReader
    {
        private readonly ArmReadCache _cache;
        private int _calls;

        public ArmReader(ArmRequestSender arm, int maxConcurrency, CancellationToken ct)
            : this(new ArmReadCache(arm, maxConcurrency, ct))
        {
        }

        public ArmReader(ArmReadCache cache) => _cache = cache;

        /// <summary>Requests this reader sent itself (reads another template had already made are not counted).</summary>
        public int Calls => Volatile.Read(ref _calls);

        /// <summary>GET, once per path and api-version for the whole invocation.</summary>
        public Task<ArmResponse> GetAsync(string path, string apiVersion)
            => _cache.Read("GET " + apiVersion + " " + path, () => ArmRequest.Get(path, apiVersion), CountSend);

        /// <summary>A read-only POST (checkPolicyRestrictions), cached by path and body.</summary>
        public Task<ArmResponse> PostReadAsync(string path, string apiVersion, JsonNode body)
        {
            string key = "POST " + apiVersion + " " + path + " " + body.ToJsonString();
            return _cache.Read(key, () => new ArmRequest("POST", path, apiVersion, body) { Idempotent = true }, CountSend);
        }

        /// <summary>Every item of a list answer, following nextLink.</summary>
        public async Task<IReadOnlyList<JsonObject>> ListAsync(string path, string apiVersion)
        {
            var items = new List<JsonObject>();
            string? next = path;
            int pages = 0;
            while (next != null && pages++ < 100)
            {
                ArmResponse page = await GetAsync(next, apiVersion).ConfigureAwait(false);
                JsonNode? json = page.Json;
                if (json?["value"] is JsonArray values)
                {
                    foreach (JsonNode? item in values)
                    {
                        if (item is JsonObject o) items.Add(o);
                    }
                }
                next = json.Str("nextLink");
                if (string.IsNullOrEmpty(next)) next = null;
            }
            return items;
        }

        private void CountSend() => Interlocked.Increment(ref _calls);
    }
}
