using System.Net;
using System.Net.Http;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Auth;

namespace IsolatedImageBuilds.Core.Tests.Arm;

/// <summary>An HTTP handler that answers from a script, one step per request, and records what was sent.</summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _steps = new();

    public List<(string Method, string Uri, string? Authorization)> Sent { get; } = new();

    public ScriptedHandler Then(HttpStatusCode status, string? body = null, params (string Name, string Value)[] headers)
    {
        _steps.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body ?? string.Empty) };
            foreach ((string name, string value) in headers) response.Headers.TryAddWithoutValidation(name, value);
            return response;
        });
        return this;
    }

    /// <summary>The connection drops before any answer (the request may or may not have been processed).</summary>
    public ScriptedHandler ThenReset()
    {
        _steps.Enqueue(_ => throw new HttpRequestException("Connection reset by peer", new IOException("reset")));
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sent.Add((request.Method.Method, request.RequestUri!.ToString(), request.Headers.Authorization?.ToString()));
        if (_steps.Count == 0) throw new InvalidOperationException("The script has no more answers: an unexpected request was sent.");
        return Task.FromResult(_steps.Dequeue()(request));
    }

    /// <summary>A request sender over this script, with the module's real client options and retry policy (short delays).</summary>
    public ArmRequestSender CreateSender(string endpoint = "https://arm.test")
    {
        ArmClientOptions options = AibConnector.CreateClientOptions(AibCloud.Custom(endpoint), skipCertificateCheck: false, initialRetryDelay: TimeSpan.FromMilliseconds(5));
        options.Transport = new HttpClientTransport(this);
        var client = new ArmClient(new StaticTokenCredential("test-token", DateTimeOffset.UtcNow.AddHours(1)), "00000000-0000-0000-0000-000000000001", options);
        return new ArmRequestSender(client);
    }
}
