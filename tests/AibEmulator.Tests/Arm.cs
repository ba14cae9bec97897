using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace AibEmulator.Tests;

/// <summary>A response: status, headers and the parsed JSON body (null when empty).</summary>
public sealed record ArmResult(HttpStatusCode Status, HttpResponseHeaders Headers, JsonNode? Body)
{
    public int Code => (int)Status;
    public string? Header(string name) => Headers.TryGetValues(name, out var v) ? v.First() : null;
    public string? ErrorCode => (string?)Body?["error"]?["code"];
    public string? ErrorMessage => (string?)Body?["error"]?["message"];
    public override string ToString() => $"{Code} {Body?.ToJsonString()}";
}

/// <summary>A small ARM client for the emulator: trusts its certificate by thumbprint, sends a bearer token.</summary>
public sealed class Arm
{
    private readonly HttpClient _http;

    public Arm(JsonObject endpoint, X509Certificate2 certificate)
    {
        Endpoint = endpoint;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == certificate.Thumbprint,
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri((string)endpoint["armEndpoint"]!), Timeout = TimeSpan.FromSeconds(30) };
    }

    public JsonObject Endpoint { get; private set; }
    public string Sub => (string)Endpoint["subscriptionId"]!;
    public string Control => (string)Endpoint["controlEndpoint"]!;

    public Task<ArmResult> Get(string path, bool token = true) => Send(HttpMethod.Get, path, null, token);
    public Task<ArmResult> Put(string path, JsonNode? body) => Send(HttpMethod.Put, path, body);
    public Task<ArmResult> Patch(string path, JsonNode? body) => Send(HttpMethod.Patch, path, body);
    public Task<ArmResult> Post(string path, JsonNode? body = null) => Send(HttpMethod.Post, path, body);
    public Task<ArmResult> Delete(string path) => Send(HttpMethod.Delete, path, null);

    public async Task<ArmResult> Send(HttpMethod method, string path, JsonNode? body, bool token = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ArmResult(response.StatusCode, response.Headers, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
    }

    /// <summary>Loads a scenario through the control endpoint and sets a fast time scale.</summary>
    public async Task Load(string scenario, double timeScale = 0.004, int pageSize = 100)
    {
        var loaded = await Post(Control + "scenario", new JsonObject { ["name"] = scenario });
        if (loaded.Code != 200) throw new InvalidOperationException("loading scenario failed: " + loaded);
        Endpoint = loaded.Body!.AsObject();
        await Post(Control + "timescale", new JsonObject { ["timeScale"] = timeScale });
        await Post(Control + "pagesize", new JsonObject { ["pageSize"] = pageSize });
    }

    /// <summary>Polls an Azure-AsyncOperation URL until it leaves InProgress.</summary>
    public async Task<JsonObject> WaitOperation(string url, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var r = await Get(url);
            var status = (string?)r.Body?["status"];
            if (status is not null && status != "InProgress") return r.Body!.AsObject();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"operation still {status}: {url}");
            await Task.Delay(50); // faster than Retry-After: the tests run on a compressed time scale
        }
    }

    /// <summary>Follows nextLink and returns every item.</summary>
    public async Task<List<JsonObject>> ListAll(string path)
    {
        var items = new List<JsonObject>();
        string? next = path;
        while (next is not null)
        {
            var r = await Get(next);
            if (r.Code != 200) throw new InvalidOperationException(r.ToString());
            items.AddRange(r.Body!["value"]!.AsArray().OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone()));
            next = (string?)r.Body["nextLink"];
        }
        return items;
    }

    public string Rg(string rg) => $"/subscriptions/{Sub}/resourceGroups/{rg}";
    public string Template(string rg, string name) => $"{Rg(rg)}/providers/Microsoft.VirtualMachineImages/imageTemplates/{name}";
}
