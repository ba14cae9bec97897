using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>
    /// Raw ARM requests through the ArmClient's own pipeline (same credential, retries, logging),
    /// for the providers that have no SDK package here. Non-success answers become AibArmException.
    /// </summary>
    public sealed class ArmRequestSender
    {
        private readonly HttpPipeline _pipeline;
        private readonly Uri _endpoint;

        internal ArmRequestSender(ArmClient client)
        {
            var accessor = new PipelineAccessor(client);
            _pipeline = accessor.HttpPipeline;
            _endpoint = accessor.BaseUri;
        }

        public async Task<ArmResponse> SendAsync(ArmRequest request, CancellationToken cancellationToken)
        {
            using HttpMessage message = _pipeline.CreateMessage();
            message.Request.Method = RequestMethod.Parse(request.Method);
            message.Request.Uri.Reset(BuildUri(request));
            message.Request.Headers.Add("Accept", "application/json");
            if (request.Body != null)
            {
                message.Request.Headers.Add("Content-Type", "application/json");
                message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(request.Body.ToJsonString()));
            }
            if (request.Idempotent)
            {
                message.SetProperty(AibRetryPolicy.IdempotentProperty, true);
            }
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);

            Response response = message.Response;
            string? body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (HttpHeader header in response.Headers)
            {
                headers[header.Name] = header.Value;
            }
            if (response.Status >= 400)
            {
                throw ToException(response.Status, body, headers, request);
            }
            return new ArmResponse(response.Status, headers, body);
        }

        internal Uri BuildUri(ArmRequest request)
        {
            Uri uri = Uri.TryCreate(request.Path, UriKind.Absolute, out Uri? absolute) && (absolute.Scheme == "https" || absolute.Scheme == "http")
                ? absolute
                : new Uri(_endpoint, request.Path.StartsWith("/", StringComparison.Ordinal) ? request.Path : "/" + request.Path);
            if (request.ApiVersion != null && uri.Query.IndexOf("api-version=", StringComparison.OrdinalIgnoreCase) < 0)
            {
                string separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
                uri = new Uri(uri.AbsoluteUri + separator + "api-version=" + Uri.EscapeDataString(request.ApiVersion));
            }
            return uri;
        }

        private static async Task<string?> ReadBodyAsync(Response response, CancellationToken cancellationToken)
        {
            if (response.ContentStream == null)
            {
                return null;
            }
            using var reader = new StreamReader(response.ContentStream, Encoding.UTF8);
            cancellationToken.ThrowIfCancellationRequested();
            string text = await reader.ReadToEndAsync().ConfigureAwait(false);
            return text.Length == 0 ? null : text;
        }

        internal static AibArmException ToException(int status, string? body, IReadOnlyDictionary<string, string> headers, ArmRequest request)
        {
            string? code = null, message = null, target = null;
            if (!string.IsNullOrWhiteSpace(body))
            {
                try
                {
                    using JsonDocument doc = JsonDocument.Parse(body!);
                    JsonElement root = doc.RootElement;
                    // 2021-10-01+ wraps the error; older api-versions answered {code, message} unwrapped.
                    JsonElement error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out JsonElement inner) ? inner : root;
                    code = StringOf(error, "code");
                    message = StringOf(error, "message");
                    target = StringOf(error, "target");
                }
                catch (JsonException)
                {
                    message = body!.Length > 500 ? body.Substring(0, 500) : body;
                }
            }
            headers.TryGetValue("x-ms-request-id", out string? requestId);
            headers.TryGetValue("x-ms-correlation-request-id", out string? correlationId);
            return new AibArmException(status, code, message ?? "(no message)", target, requestId, correlationId, request.Method,
                PathOnly(request.Path));
        }

        private static string PathOnly(string path)
        {
            int q = path.IndexOf('?');
            return q < 0 ? path : path.Substring(0, q);
        }

        private static string? StringOf(JsonElement element, string name)
            => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;

        /// <summary>ArmCollection exposes its pipeline only to subclasses: this one exists to reach it.</summary>
        private sealed class PipelineAccessor : ArmCollection
        {
            public PipelineAccessor(ArmClient client) : base(client, ResourceIdentifier.Root)
            {
            }

            public HttpPipeline HttpPipeline => Pipeline;
            public Uri BaseUri => Endpoint;
        }
    }
}
