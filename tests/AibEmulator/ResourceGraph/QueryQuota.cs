using System.Text.Json.Nodes;

namespace AibEmulator.ResourceGraph;

/// <summary>Resource Graph's per-user quota ("a user can send at most 15 queries within every 5-second window", Microsoft Learn:
/// Guidance for throttled requests in Azure Resource Graph): a fixed window per caller, reported on every answer in
/// x-ms-user-quota-remaining and x-ms-user-quota-resets-after (hh:mm:ss); a query past the quota is refused with 429.
/// Scenario: "resourceGraph": {"quota": 15, "quotaWindowSeconds": 5}.</summary>
public sealed class QueryQuota
{
    private readonly Dictionary<string, (DateTimeOffset Start, int Used)> _windows = new(StringComparer.Ordinal);
    private readonly object _sync = new();

    public int Quota { get; private set; } = 15;
    public TimeSpan Window { get; private set; } = TimeSpan.FromSeconds(5);

    public void Configure(JsonObject? options)
    {
        lock (_sync)
        {
            Quota = (int?)options?["quota"] ?? 15;
            Window = TimeSpan.FromSeconds((double?)options?["quotaWindowSeconds"] ?? 5);
            _windows.Clear();
        }
    }

    /// <summary>Counts one query for the caller; false (nothing counted) when the quota of the window is used up.</summary>
    public bool TryConsume(string caller, DateTimeOffset now, out int remaining, out TimeSpan resetsAfter)
    {
        lock (_sync)
        {
            if (!_windows.TryGetValue(caller, out var window) || now - window.Start >= Window) window = (now, 0);
            bool allowed = window.Used < Quota;
            if (allowed) window.Used++;
            _windows[caller] = window;
            remaining = Quota - window.Used;
            resetsAfter = window.Start + Window - now;
            return allowed;
        }
    }

    /// <summary>hh:mm:ss, rounded up to the next second as the service reports it.</summary>
    public static string Format(TimeSpan span) => TimeSpan.FromSeconds(Math.Ceiling(Math.Max(0, span.TotalSeconds))).ToString(@"hh\:mm\:ss");
}
