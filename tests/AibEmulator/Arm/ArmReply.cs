using System.Text.Json;
using System.Text.Json.Nodes;

namespace AibEmulator.Arm;

/// <summary>What the emulator answers: JSON bodies and ARM's error envelope, written the same way everywhere.</summary>
public static class ArmReply
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
}
