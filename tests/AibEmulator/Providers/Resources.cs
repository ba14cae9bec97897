using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.ImageBuilder;
using AibEmulator.State;

namespace AibEmulator.Providers;

/// <summary>Microsoft.Resources: subscription, resource providers (register: Registering → Registered),
/// resource groups (GET/PUT/PATCH/DELETE/HEAD/list), resources in a group, operation results.</summary>
public static class Resources
{
    /// <summary>Resource types each namespace reports (enough for prerequisite checks).</summary>
    private static readonly Dictionary<string, string[]> ProviderTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.VirtualMachineImages"] = ["imageTemplates", "imageTemplates/runOutputs", "imageTemplates/triggers", "locations", "locations/operations", "operations"],
        ["Microsoft.ContainerInstance"] = ["containerGroups", "locations", "locations/usages", "operations"],
        ["Microsoft.Compute"] = ["virtualMachines", "disks", "images", "snapshots", "galleries", "galleries/images", "galleries/images/versions", "locations/usages"],
        ["Microsoft.Network"] = ["virtualNetworks", "virtualNetworks/subnets", "networkSecurityGroups", "networkInterfaces", "privateEndpoints", "privateLinkServices", "loadBalancers", "natGateways", "publicIPAddresses"],
        ["Microsoft.Storage"] = ["storageAccounts", "storageAccounts/blobServices", "storageAccounts/fileServices"],
        ["Microsoft.KeyVault"] = ["vaults"],
        ["Microsoft.ManagedIdentity"] = ["userAssignedIdentities"],
        ["Microsoft.Authorization"] = ["roleAssignments", "roleDefinitions", "permissions", "policyAssignments", "policyDefinitions"],
        ["Microsoft.PolicyInsights"] = ["checkPolicyRestrictions", "policyStates"],
    };

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/subscriptions", (HttpContext ctx) =>
            Paging.Write(ctx, state, state.Subscriptions.All().Select(s => Subscription(state, s)).ToList())).WithName("Subscriptions_List");
        app.MapGet("/tenants", (HttpContext ctx) => Paging.Write(ctx, state,
            [new JsonObject { ["id"] = "/tenants/" + state.TenantId, ["tenantId"] = state.TenantId, ["tenantCategory"] = "Home" }])).WithName("Tenants_List");
        app.MapGet("/subscriptions/{sub}", (HttpContext ctx, string sub) =>
        {
            state.RequireSubscription(sub);
            return ArmReply.Json(ctx, 200, Subscription(state, state.Subscriptions.Get(sub)!));
        }).WithName("Subscriptions_Get");
        app.MapGet("/subscriptions/{sub}/locations", (HttpContext ctx, string sub) =>
        {
            state.RequireSubscription(sub);
            var names = new[] { state.Location, "eastus", "eastus2", "westus2", "westeurope", "northeurope" }.Distinct(StringComparer.OrdinalIgnoreCase);
            return Paging.Write(ctx, state, names.Select(n => new JsonObject
            {
                ["id"] = $"/subscriptions/{state.SubscriptionId}/locations/{n}",
                ["name"] = n,
                ["displayName"] = DisplayLocation(n),
                ["regionalDisplayName"] = "(US) " + DisplayLocation(n),
                ["metadata"] = new JsonObject { ["regionType"] = "Physical", ["regionCategory"] = "Recommended" },
            }).ToList());
        }).WithName("Subscriptions_ListLocations");

        app.MapGet("/subscriptions/{sub}/providers", (HttpContext ctx, string sub) =>
        {
            state.RequireSubscription(sub);
            var names = ProviderTypes.Keys.Union(state.Providers.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase);
            return Paging.Write(ctx, state, names.Select(n => Provider(state, sub, n)).ToList());
        }).WithName("Providers_List");
        app.MapGet("/subscriptions/{sub}/providers/{ns}", (HttpContext ctx, string sub, string ns) =>
        {
            state.RequireSubscription(sub);
            RequireKnownNamespace(state, ns);
            return ArmReply.Json(ctx, 200, Provider(state, sub, ns));
        }).WithName("Providers_Get");
        app.MapPost("/subscriptions/{sub}/providers/{ns}/register", (HttpContext ctx, string sub, string ns) =>
        {
            state.RequireSubscription(sub);
            RequireKnownNamespace(state, ns);
            var key = CanonicalNamespace(ns);
            if (State(state, sub, key) != "Registered")
            {
                SetState(state, sub, key, "Registering");
                var epoch = state.Epoch;
                _ = Task.Run(async () =>
                {
                    await Task.Delay(state.Scaled(60), epoch);
                    SetState(state, sub, key, "Registered");
                }, epoch);
            }
            return ArmReply.Json(ctx, 200, Provider(state, sub, key));
        }).WithName("Providers_Register");
        app.MapPost("/subscriptions/{sub}/providers/{ns}/unregister", (HttpContext ctx, string sub, string ns) =>
        {
            state.RequireSubscription(sub);
            SetState(state, sub, CanonicalNamespace(ns), "Unregistered");
            return ArmReply.Json(ctx, 200, Provider(state, sub, ns));
        }).WithName("Providers_Unregister");

        MapResourceGroups(app, state);

        app.MapGet("/subscriptions/{sub}/operationresults/{id}", (HttpContext ctx, string sub, string id) =>
        {
            state.RequireSubscription(sub);
            var op = state.Operations.Get(id) ?? throw new ArmException(System.Net.HttpStatusCode.NotFound, "OperationNotFound", $"The operation '{id}' could not be found.");
            if (!op.IsDone)
            {
                ctx.Response.Headers.Location = op.StatusUrl(Paging.BaseUrl(ctx), ctx.Request.Query["api-version"]!);
                ctx.Response.Headers.RetryAfter = "1";
                return ArmReply.Empty(ctx, 202);
            }
            return op.Status == "Succeeded" ? ArmReply.Empty(ctx, 200) : ArmReply.Json(ctx, 200, op.ToJson());
        });
    }

    private static void MapResourceGroups(WebApplication app, EmulatorState state)
    {
        app.MapGet("/subscriptions/{sub}/resourcegroups", (HttpContext ctx, string sub) =>
        {
            state.RequireSubscription(sub);
            return Paging.Write(ctx, state, state.Store.OfType("Microsoft.Resources/resourceGroups", state.SubscriptionScope + "/"));
        }).WithName("ResourceGroups_List");
        app.MapMethods("/subscriptions/{sub}/resourcegroups/{rg}", ["HEAD"], (HttpContext ctx, string sub, string rg) =>
        {
            state.RequireSubscription(sub);
            return ArmReply.Empty(ctx, state.Store.Exists(state.ResourceGroupId(rg)) ? 204 : 404);
        }).WithName("ResourceGroups_CheckExistence");
        app.MapGet("/subscriptions/{sub}/resourcegroups/{rg}", (HttpContext ctx, string sub, string rg) =>
            ArmReply.Json(ctx, 200, state.RequireResourceGroup(sub, rg))).WithName("ResourceGroups_Get");
        app.MapPut("/subscriptions/{sub}/resourcegroups/{rg}", async (HttpContext ctx, string sub, string rg) =>
        {
            state.RequireSubscription(sub);
            var body = await RequestBody.ReadObject(ctx);
            var location = (string?)body["location"] ?? throw ArmException.BadRequest("LocationRequired", "The location property is required for this definition.");
            var existing = state.Store.Get(state.ResourceGroupId(rg));
            if (existing is not null && !ArmPath.Is((string)existing["location"]!, location))
                throw new ArmException(System.Net.HttpStatusCode.Conflict, "InvalidResourceGroupLocation",
                    $"Invalid resource group location '{location}'. The Resource group already exists in location '{existing["location"]}'.");
            var group = ArmShapes.ResourceGroup(state.SubscriptionId, existing is null ? rg : (string)existing["name"]!, location, body["tags"] as JsonObject);
            state.Store.Put(group);
            await ArmReply.Json(ctx, existing is null ? 201 : 200, group);
        }).WithName("ResourceGroups_CreateOrUpdate");
        app.MapMethods("/subscriptions/{sub}/resourcegroups/{rg}", ["PATCH"], async (HttpContext ctx, string sub, string rg) =>
        {
            state.RequireResourceGroup(sub, rg);
            var body = await RequestBody.ReadObject(ctx);
            state.Store.Update(state.ResourceGroupId(rg), g => { if (body["tags"] is JsonObject t) g["tags"] = t.DeepClone(); });
            await ArmReply.Json(ctx, 200, state.Store.Get(state.ResourceGroupId(rg)));
        }).WithName("ResourceGroups_Update");
        app.MapDelete("/subscriptions/{sub}/resourcegroups/{rg}", (HttpContext ctx, string sub, string rg) =>
        {
            state.RequireSubscription(sub);
            var id = state.ResourceGroupId(rg);
            if (!state.Store.Exists(id)) return ArmReply.Empty(ctx, 204);
            var op = state.Operations.Start(state.SubscriptionId, "Microsoft.Resources", state.Location);
            var epoch = state.Epoch;
            _ = Task.Run(async () =>
            {
                await Task.Delay(state.Scaled(30), epoch);
                DeleteGroupContents(state, id);
                state.Store.Delete(id);
                op.Complete("Succeeded");
            }, epoch);
            ctx.Response.Headers.Location = op.StatusUrl(Paging.BaseUrl(ctx), ctx.Request.Query["api-version"]!);
            ctx.Response.Headers.RetryAfter = "1";
            return ArmReply.Empty(ctx, 202);
        }).WithName("ResourceGroups_Delete");
        app.MapGet("/subscriptions/{sub}/resourcegroups/{rg}/resources", (HttpContext ctx, string sub, string rg) =>
        {
            var group = state.RequireResourceGroup(sub, rg);
            var filter = ctx.Request.Query["$filter"].ToString();
            var items = state.Store.InResourceGroup((string)group["id"]!).Select(Summary);
            var typeFilter = System.Text.RegularExpressions.Regex.Match(filter, @"resourceType\s+eq\s+'([^']+)'", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            if (typeFilter.Success) items = items.Where(r => ArmPath.Is((string)r["type"]!, typeFilter.Groups[1].Value));
            return Paging.Write(ctx, state, items.ToList());
        }).WithName("Resources_ListByResourceGroup");
    }

    /// <summary>Deleting a group releases what its resources hold (staging storage accounts' Azurite accounts).</summary>
    public static void DeleteGroupContents(EmulatorState state, string resourceGroupId)
    {
        foreach (var account in state.Store.InResourceGroup(resourceGroupId).Where(r => ArmPath.Is((string)r["type"]!, "Microsoft.Storage/storageAccounts")))
            state.Azurite.Release((string)account["name"]!);
    }

    /// <summary>The generic-resource view ARM lists: id, name, type, location, tags (and kind, sku, managedBy when set).</summary>
    public static JsonObject Summary(JsonObject r)
    {
        var s = new JsonObject { ["id"] = r["id"]?.DeepClone(), ["name"] = r["name"]?.DeepClone(), ["type"] = r["type"]?.DeepClone(), ["location"] = r["location"]?.DeepClone() };
        foreach (var key in new[] { "kind", "sku", "managedBy", "tags", "identity" })
            if (r[key] is not null) s[key] = r[key]!.DeepClone();
        return s;
    }

    private static JsonObject Subscription(EmulatorState state, SubscriptionEntry entry) => new()
    {
        ["id"] = "/subscriptions/" + entry.Id,
        ["subscriptionId"] = entry.Id,
        ["tenantId"] = state.TenantId,
        ["displayName"] = entry.DisplayName,
        ["state"] = "Enabled",
        ["subscriptionPolicies"] = new JsonObject { ["locationPlacementId"] = "Public_2014-09-01", ["quotaId"] = "PayAsYouGo_2014-09-01", ["spendingLimit"] = "Off" },
        ["authorizationSource"] = "RoleBased",
    };

    /// <summary>A subscription's registration of a namespace: the scenario's own subscription keeps its states in
    /// state.Providers; every other subscription starts from the scenario's "providers" and keeps its changes apart.</summary>
    public static string State(EmulatorState state, string sub, string ns)
    {
        if (ArmPath.Is(sub, state.SubscriptionId)) return state.Providers.TryGetValue(ns, out var v) ? v : "NotRegistered";
        if (state.OtherSubscriptionProviders.TryGetValue(sub + "/" + CanonicalNamespace(ns), out var own)) return own;
        var seeded = state.Scenario["providers"]?.AsObject().FirstOrDefault(p => ArmPath.Is(p.Key, ns)).Value;
        return (string?)seeded ?? "NotRegistered";
    }

    public static void SetState(EmulatorState state, string sub, string ns, string value)
    {
        if (ArmPath.Is(sub, state.SubscriptionId)) state.Providers[ns] = value;
        else state.OtherSubscriptionProviders[sub + "/" + CanonicalNamespace(ns)] = value;
    }

    private static void RequireKnownNamespace(EmulatorState state, string ns)
    {
        if (!ProviderTypes.ContainsKey(ns) && !state.Providers.ContainsKey(ns))
            throw new ArmException(System.Net.HttpStatusCode.NotFound, "InvalidResourceNamespace", $"The resource namespace '{ns}' is invalid.");
    }

    private static string CanonicalNamespace(string ns) =>
        ProviderTypes.Keys.FirstOrDefault(k => ArmPath.Is(k, ns)) ?? ns;

    private static JsonObject Provider(EmulatorState state, string sub, string ns)
    {
        var name = CanonicalNamespace(ns);
        var types = ProviderTypes.TryGetValue(name, out var t) ? t : [];
        return new JsonObject
        {
            ["id"] = $"/subscriptions/{sub}/providers/{name}",
            ["namespace"] = name,
            ["registrationState"] = State(state, sub, name),
            ["registrationPolicy"] = "RegistrationRequired",
            ["resourceTypes"] = new JsonArray(types.Select(type => (JsonNode)new JsonObject
            {
                ["resourceType"] = type,
                ["locations"] = new JsonArray((ArmPath.Is(name, ImageTemplates.Namespace) ? TemplateRules.RegionNames.Values : [DisplayLocation(state.Location)])
                    .Select(l => (JsonNode)l).ToArray()),
                ["apiVersions"] = new JsonArray((ApiVersions.For(name + "/" + type) ?? []).OrderDescending().Select(v => (JsonNode)v).ToArray()),
                ["capabilities"] = "SupportsTags, SupportsLocation",
            }).ToArray()),
        };
    }

    /// <summary>"westus" → "West US" (the display form providers list).</summary>
    public static string DisplayLocation(string location) =>
        TemplateRules.RegionNames.TryGetValue(location, out var display) ? display : location;
}
