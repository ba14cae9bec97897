using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AibEmulator.Arm;

/// <summary>One injected fault: applies to requests whose "METHOD /path" matches <see cref="Pattern"/>,
/// either the next <see cref="Count"/> times or with a seeded <see cref="Probability"/>.</summary>
public sealed class FaultRule
{
    public required string Id { get; init; }
    public required Regex Pattern { get; init; }
    /// <summary>status (429/500/503/...), reset (abort the connection) or latency.</summary>
    public required string Kind { get; init; }
    public int Status { get; init; } = 500;
    public int RetryAfterSeconds { get; init; } = 1;
    public int LatencyMs { get; init; }
    public int? Remaining { get; set; }
    public double? Probability { get; init; }
    public Random? Random { get; init; }
    public int Hits { get; set; }
    /// <summary>When the rule stops firing (from durationSeconds, nominal and scaled like builds); null: never.</summary>
    public DateTime? ExpiresAt { get; init; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["pattern"] = Pattern.ToString(),
        ["kind"] = Kind,
        ["status"] = Status,
        ["retryAfterSeconds"] = RetryAfterSeconds,
        ["latencyMs"] = LatencyMs,
        ["remaining"] = Remaining,
        ["probability"] = Probability,
        ["hits"] = Hits,
        ["expiresAt"] = ExpiresAt?.ToString("o"),
    };
}

public sealed class Faults
{
    private readonly List<FaultRule> _rules = new();
    private readonly object _sync = new();
    private int _next;

    /// <summary>Body: {pattern, kind: "status"|"reset"|"latency", status?, retryAfterSeconds?, latencyMs?,
    /// count? (default unlimited), probability? (0..1), seed? (default 1), durationSeconds? (nominal seconds
    /// the rule lasts from now, scaled by <paramref name="scaled"/> like a build's stages: an outage of a set length)}.</summary>
    public FaultRule Add(JsonObject body, Func<double, TimeSpan> scaled)
    {
        var kind = (string?)body["kind"] ?? "status";
        if (kind is not ("status" or "reset" or "latency"))
            throw ArmException.BadRequest("InvalidFault", "kind must be one of: status, reset, latency.");
        var pattern = (string?)body["pattern"] ?? throw ArmException.BadRequest("InvalidFault", "pattern (a regex on \"METHOD /path\") is required.");
        var probability = (double?)body["probability"];
        var duration = (double?)body["durationSeconds"];
        if (duration is <= 0) throw ArmException.BadRequest("InvalidFault", "durationSeconds must be > 0.");
        lock (_sync)
        {
            var rule = new FaultRule
            {
                Id = $"fault-{++_next}",
                Pattern = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
                Kind = kind,
                Status = (int?)body["status"] ?? (kind == "status" ? 500 : 0),
                RetryAfterSeconds = (int?)body["retryAfterSeconds"] ?? 1,
                LatencyMs = (int?)body["latencyMs"] ?? 0,
                Remaining = (int?)body["count"],
                Probability = probability,
                Random = probability is null ? null : new Random((int?)body["seed"] ?? 1),
                ExpiresAt = duration is null ? null : DateTime.UtcNow + scaled(duration.Value),
            };
            _rules.Add(rule);
            return rule;
        }
    }

    /// <summary>The rules that fire for this request (consuming counts), in the order they were added.</summary>
    public List<FaultRule> Match(string method, string path)
    {
        var key = method + " " + path;
        var fired = new List<FaultRule>();
        bool answered = false;
        var now = DateTime.UtcNow;
        lock (_sync)
        {
            foreach (var rule in _rules)
            {
                if (rule.Remaining is <= 0 || rule.ExpiresAt <= now || !rule.Pattern.IsMatch(key)) continue;
                // One status or reset answers a request: later ones wait for the next request instead of being used up.
                bool terminal = rule.Kind != "latency";
                if (terminal && answered) continue;
                if (rule.Random is not null && rule.Random.NextDouble() >= rule.Probability) continue;
                if (rule.Remaining is not null) rule.Remaining--;
                rule.Hits++;
                fired.Add(rule);
                answered |= terminal;
            }
        }
        return fired;
    }

    public JsonArray List()
    {
        lock (_sync) return new JsonArray(_rules.Select(r => (JsonNode)r.ToJson()).ToArray());
    }

    public bool Remove(string id)
    {
        lock (_sync) return _rules.RemoveAll(r => r.Id == id) > 0;
    }

    public void Clear()
    {
        lock (_sync) _rules.Clear();
    }
}
