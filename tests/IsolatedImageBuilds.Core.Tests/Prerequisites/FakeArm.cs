using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Auth;

namespace IsolatedImageBuilds.Core.Tests.Prerequisites;

/// <summary>A request as a route sees it: method, unescaped path, query, parsed body.</summary>
internal sealed class FakeRequest
{
    public FakeRequest(string method, string path, string query, JsonNode? body, Match match)
    {
        Method = method;
        Path = path;
        Query = query;
        Body = body;
        Match = match;
    }

    public string Method { get; }
    public string Path { get; }
    public string Query { get; }
    public JsonNode? Body { get; }
    public Match Match { get; }
}

/// <summary>
/// A routing fake of ARM behind the module's real pipeline: method + path regex → status + JSON, with
/// per-route call counts, an optional delay on every route, and per-route 403s. A request no route
/// answers gets 501 and is recorded in <see cref="Unmatched"/>.
/// </summary>
internal sealed class FakeArm : HttpMessageHandler
{
    private sealed class Route
    {
        public Route(string method, Regex path, Func<FakeRequest, (int Status, JsonNode? Body)> answer)
        {
            Method = method;
            Path = path;
            Answer = answer;
        }

        public string Method { get; }
        public Regex Path { get; }
        public Func<FakeRequest, (int Status, JsonNode? Body)> Answer { get; }
        public int Calls;
    }

    private readonly List<Route> _routes = new();
    private readonly List<(Regex Path, string Message)> _forbidden = new();
    private int _calls;

    /// <summary>Added to every answer, to see whether calls overlap.</summary>
    public TimeSpan Delay { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Sum of the delays the fake spent answering (calls × Delay).</summary>
    public TimeSpan DelaySum => TimeSpan.FromTicks(Delay.Ticks * Calls);

    public ConcurrentQueue<string> Sent { get; } = new();
    public ConcurrentQueue<string> Unmatched { get; } = new();

    public FakeArm On(string method, string pathPattern, Func<FakeRequest, (int, JsonNode?)> answer)
    {
        _routes.Add(new Route(method, new Regex("^" + pathPattern + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), answer));
        return this;
    }

    /// <summary>Every request whose path matches answers 403 AuthorizationFailed, whatever route would have answered.</summary>
    public FakeArm Forbid(string pathPattern)
    {
        _forbidden.Add((new Regex("^" + pathPattern + "$", RegexOptions.IgnoreCase), "The client 'admin@contoso.com' does not have authorization to perform this action."));
        return this;
    }

    /// <summary>How many requests matched a path pattern (any method).</summary>
    public int CallsTo(string pathPattern)
    {
        var regex = new Regex("^" + pathPattern + "$", RegexOptions.IgnoreCase);
        return Sent.Count(s => regex.IsMatch(s.Substring(s.IndexOf(' ') + 1)));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        string path = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath);
        string query = Uri.UnescapeDataString(request.RequestUri.Query);
        string method = request.Method.Method;
        Sent.Enqueue(method + " " + path);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);

        foreach ((Regex forbidden, string message) in _forbidden)
        {
            if (forbidden.IsMatch(path)) return Reply(403, new JsonObject { ["error"] = new JsonObject { ["code"] = "AuthorizationFailed", ["message"] = message } });
        }
        JsonNode? body = request.Content == null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken) is { Length: > 0 } text ? text : "null");
        foreach (Route route in _routes)
        {
            if (!route.Method.Equals(method, StringComparison.OrdinalIgnoreCase)) continue;
            Match match = route.Path.Match(path);
            if (!match.Success) continue;
            Interlocked.Increment(ref route.Calls);
            (int status, JsonNode? json) = route.Answer(new FakeRequest(method, path, query, body, match));
            return Reply(status, json);
        }
        Unmatched.Enqueue(method + " " + path + query);
        return Reply(501, new JsonObject { ["error"] = new JsonObject { ["code"] = "NoRoute", ["message"] = "FakeArm has no route for " + method + " " + path } });
    }

    private static HttpResponseMessage Reply(int status, JsonNode? json)
        => new((HttpStatusCode)status) { Content = new StringContent(json?.ToJsonString() ?? string.Empty, Encoding.UTF8, "application/json") };

    public static (int, JsonNode?) NotFound(string what)
        => (404, new JsonObject { ["error"] = new JsonObject { ["code"] = "ResourceNotFound", ["message"] = $"The Resource '{what}' was not found." } });

    /// <summary>A request sender over this fake with the module's real client options and retry policy.</summary>
    public ArmRequestSender CreateSender()
    {
        ArmClientOptions options = AibConnector.CreateClientOptions(AibCloud.Custom("https://arm.test"), skipCertificateCheck: false, initialRetryDelay: TimeSpan.FromMilliseconds(5));
        options.Transport = new HttpClientTransport(this);
        var client = new ArmClient(new StaticTokenCredential("test-token", DateTimeOffset.UtcNow.AddHours(1)), "00000000-0000-0000-0000-000000000001", options);
        return new ArmRequestSender(client);
    }
}
