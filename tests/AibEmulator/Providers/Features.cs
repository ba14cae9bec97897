using System.Net;
using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.Providers;

/// <summary>Microsoft.Features: preview feature registration (Features_Get, Features_Register), e.g. the
/// Microsoft.VirtualMachineImages/Triggers feature the Image Builder triggers how-to asks to register.</summary>
public static class Features
{
    private const string Route = "/subscriptions/{sub}/providers/Microsoft.Features/providers/{ns}/features/{feature}";

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet(Route, (HttpContext ctx, string sub, string ns, string feature) =>
        {
            state.RequireSubscription(sub);
            return ArmReply.Json(ctx, 200, Feature(state, ns, feature));
        }).WithName("Features_Get");
        app.MapPost(Route + "/register", (HttpContext ctx, string sub, string ns, string feature) =>
        {
            state.RequireSubscription(sub);
            var key = $"{ns}/{feature}";
            if (State(state, key) != "Registered")
            {
                state.Features[key] = "Registering";
                var epoch = state.Epoch;
                _ = Task.Run(async () =>
                {
                    await Task.Delay(state.Scaled(60), epoch);
                    state.Features[key] = "Registered";
                }, epoch);
            }
            return ArmReply.Json(ctx, 200, Feature(state, ns, feature));
        }).WithName("Features_Register");
    }

    public static string State(EmulatorState state, string key) => state.Features.TryGetValue(key, out var v) ? v : "NotRegistered";

    /// <summary>Refuses a request that needs an unregistered feature. The code and text are those ARM returns for other
    /// providers' feature gates (e.g. Microsoft.Network/AllowBringYourOwnPublicIpAddress); no Image Builder text is published.</summary>
    public static void Require(EmulatorState state, string key)
    {
        if (State(state, key) != "Registered")
            throw new ArmException(HttpStatusCode.Conflict, "SubscriptionNotRegisteredForFeature",
                $"Subscription '{state.SubscriptionId}' is not registered for feature {key} required to carry out the requested operation.");
    }

    private static JsonObject Feature(EmulatorState state, string ns, string feature) => new()
    {
        ["id"] = $"/subscriptions/{state.SubscriptionId}/providers/Microsoft.Features/providers/{ns}/features/{feature}",
        ["name"] = $"{ns}/{feature}",
        ["type"] = "Microsoft.Features/providers/features",
        ["properties"] = new JsonObject { ["state"] = State(state, $"{ns}/{feature}") },
    };
}
