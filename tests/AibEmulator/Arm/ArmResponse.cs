using System.Text.Json;
using System.Text.Json.Nodes;

namespace AibEmulator.Arm;

/// <summary>Writes JSON bodies and ARM envelopes the same way everywhere.</summary>
public static class ArmResponse
{
    /// <summary>Apostrophes and non-ASCII stay as they are, as in Azure's own bodies.</summary>
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task Json(HttpContext ctx, int status, JsonNode? body)
    {
        ctx.Response.StatusCode = status;
        if (body is null) { ctx.Response.ContentLength = 0; return; }
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.WriteAsync(body.ToJsonString(Options));
    }

    public static Task Error(HttpContext ctx, int status, string code, string message) =>
        Json(ctx, status, ErrorBody(code, message));

    public static JsonObject ErrorBody(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    public static Task Empty(HttpContext ctx, int status)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>Reads the request body as a JSON object or fails the way ARM does for bad JSON.</summary>
    public static async Task<JsonObject> ReadObject(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var text = await reader.ReadToEndAsync();
        if (string.IsNullOrWhiteSpace(text))
            throw ArmException.BadRequest("InvalidRequestContent", "The request content was invalid and could not be deserialized: 'The request body is empty.'.");
        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw ArmException.BadRequest("InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Expected a JSON object.'.");
        }
        catch (JsonException e)
        {
            throw ArmException.BadRequest("InvalidRequestContent", $"The request content was invalid and could not be deserialized: '{e.Message}'.");
        }
    }
}
