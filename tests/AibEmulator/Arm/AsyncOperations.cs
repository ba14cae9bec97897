using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AibEmulator.Arm;

/// <summary>An ARM asynchronous operation, served at its Azure-AsyncOperation / Location URL:
/// InProgress, then Succeeded, Failed or Canceled (with an error for Failed).</summary>
public sealed class AsyncOperation
{
    public required string Id { get; init; }
    public required string SubscriptionId { get; init; }
    public required string Namespace { get; init; }
    public required string Location { get; init; }
    /// <summary>Handed out as a Location header (DELETE): answered 202 until done, as Location pollers expect.</summary>
    public bool PolledByLocation { get; init; }
    public DateTimeOffset StartTime { get; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? EndTime { get; private set; }
    public string Status { get; private set; } = "InProgress";
    public string? ErrorCode { get; private set; }
    public string? ErrorMessage { get; private set; }
    public bool IsDone => Status != "InProgress";

    public void Complete(string status, string? code = null, string? message = null)
    {
        if (IsDone) return;
        Status = status;
        ErrorCode = code;
        ErrorMessage = message;
        EndTime = DateTimeOffset.UtcNow;
    }

    public JsonObject ToJson()
    {
        var body = new JsonObject
        {
            ["id"] = $"/subscriptions/{SubscriptionId}/providers/{Namespace}/locations/{Location}/operations/{Id}",
            ["name"] = Id,
            ["status"] = Status,
            ["startTime"] = StartTime.UtcDateTime.ToString("o"),
        };
        if (EndTime is not null) body["endTime"] = EndTime.Value.UtcDateTime.ToString("o");
        if (ErrorCode is not null) body["error"] = new JsonObject { ["code"] = ErrorCode, ["message"] = ErrorMessage };
        return body;
    }

    /// <summary>The status URL in the form every Image Builder example uses.</summary>
    public string StatusUrl(string armBase, string apiVersion) =>
        Namespace == "Microsoft.Resources"
            ? $"{armBase}/subscriptions/{SubscriptionId}/operationresults/{Id}?api-version={apiVersion}"
            : $"{armBase}/subscriptions/{SubscriptionId}/providers/{Namespace}/locations/{Location}/operations/{Id}?api-version={apiVersion}";
}

public sealed class OperationStore
{
    private readonly ConcurrentDictionary<string, AsyncOperation> _operations = new(StringComparer.OrdinalIgnoreCase);

    public AsyncOperation Start(string subscriptionId, string ns, string location, bool polledByLocation = false)
    {
        var op = new AsyncOperation { Id = Guid.NewGuid().ToString().ToUpperInvariant(), SubscriptionId = subscriptionId, Namespace = ns, Location = location, PolledByLocation = polledByLocation };
        _operations[op.Id] = op;
        return op;
    }

    public AsyncOperation? Get(string id) => _operations.TryGetValue(id, out var op) ? op : null;

    public void Clear() => _operations.Clear();
}
