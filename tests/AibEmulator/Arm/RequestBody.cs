using System.Text.Json;
using System.Text.Json.Nodes;

namespace AibEmulator.Arm;

/// <summary>The request's JSON body.</summary>
public static class RequestBody
{
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
