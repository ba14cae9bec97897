using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// The run's one door to ARM: bounds requests in flight, and reads each path once — families that
    /// need the same subnet, provider or role assignments share one Task (a failed read fails for all
    /// of them the same way).
    /// </summary>
    internal sealed class ArmReader
    {
        private readonly ArmRequestSender _arm;
        private readonly SemaphoreSlim _gate;
        private readonly CancellationToken _ct;
        private readonly ConcurrentDictionary<string, Lazy<Task<ArmResponse>>> _reads =
            new ConcurrentDictionary<string, Lazy<Task<ArmResponse>>>(StringComparer.OrdinalIgnoreCase);
        private int _calls;

        public ArmReader(ArmRequestSender arm, int maxConcurrency, CancellationToken ct)
        {
            _arm = arm;
            _gate = new SemaphoreSlim(maxConcurrency, maxConcurrency);
            _ct = ct;
        }

        public int Calls => Volatile.Read(ref _calls);

        /// <summary>GET, once per path and api-version for the whole run.</summary>
        public Task<ArmResponse> GetAsync(string path, string apiVersion)
            => _reads.GetOrAdd("GET " + apiVersion + " " + path,
                _ => new Lazy<Task<ArmResponse>>(() => SendAsync(ArmRequest.Get(path, apiVersion)))).Value;

        /// <summary>A read-only POST (checkPolicyRestrictions), cached by path and body.</summary>
        public Task<ArmResponse> PostReadAsync(string path, string apiVersion, JsonNode body)
        {
            string key = "POST " + apiVersion + " " + path + " " + body.ToJsonString();
            return _reads.GetOrAdd(key,
                _ => new Lazy<Task<ArmResponse>>(() => SendAsync(new ArmRequest("POST", path, apiVersion, body) { Idempotent = true }))).Value;
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

        private async Task<ArmResponse> SendAsync(ArmRequest request)
        {
            await _gate.WaitAsync(_ct).ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref _calls);
                return await _arm.SendAsync(request, _ct).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
