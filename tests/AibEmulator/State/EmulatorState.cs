using System.Text.Json.Nodes;
using AibEmulator.Arm;

namespace AibEmulator.State;

/// <summary>Everything the emulator holds. Loading a scenario replaces it all (running builds are stopped);
/// the journal and fault rules survive a reload so a test can set them up first.</summary>
public sealed class EmulatorState
{
    public EmulatorState(string referenceDirectory, AzuriteAccounts azurite)
    {
        ReferenceDirectory = referenceDirectory;
        Azurite = azurite;
    }

    public string ReferenceDirectory { get; }
    public AzuriteAccounts Azurite { get; }
    public ResourceStore Store { get; } = new();
    public OperationStore Operations { get; } = new();
    public Journal Journal { get; } = new();
    public Faults Faults { get; } = new();
    public SubscriptionDirectory Subscriptions { get; } = new();
    public ResourceGraph.QueryQuota ResourceGraphQuota { get; } = new();

    /// <summary>What a generated estate planted (null when the scenario has no "estate").</summary>
    public EstateManifest? Estate { get; set; }

    /// <summary>The key every token the emulator issues is signed with (kept across scenario loads, like the certificate).</summary>
    public Entra.SigningKey Signing { get; } = new();

    /// <summary>The scenario's <c>auth</c> section.</summary>
    public Entra.AuthSettings Auth { get; private set; } = new(null);

    public JsonObject Scenario { get; private set; } = new();
    public string ScenarioName => (string?)Scenario["name"] ?? "inline";
    public string SubscriptionId => (string)Scenario["subscriptionId"]!;
    public string TenantId => (string)Scenario["tenantId"]!;
    public string Location => (string)Scenario["location"]!;
    public string ResourceGroupName => (string)Scenario["resourceGroupName"]!;

    /// <summary>Real seconds per nominal second of a build (0.01 ⇒ a 10-minute build takes 6 s).</summary>
    public double TimeScale { get; set; } = 0.01;
    public int PageSize { get; set; } = 100;

    /// <summary>Resource provider namespace → registrationState.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Providers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Preview feature "Namespace/Name" → state (Registered, NotRegistered, Registering).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Features { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Marketplace image versions published through the control endpoint, per "publisher:offer:sku".</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, List<string>> PublishedPlatformVersions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>"{subscription}/{namespace}" → registrationState, for subscriptions other than the scenario's own (see Resources.State).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> OtherSubscriptionProviders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>"{subscription}/{provider}/{location}/{usage name}" → (currentValue, limit) where a subscription's region differs
    /// from the scenario's "usages" (a generated estate's exhausted quota).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, (long Current, long Limit)> UsageOverrides { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Image template id → what Image Builder keeps beside the resource (staging RG, runs).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, ImageBuilder.TemplateRuntime> Templates { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Cancelled when a scenario is (re)loaded: every background build watches it.</summary>
    public CancellationToken Epoch => _epoch.Token;
    private CancellationTokenSource _epoch = new();

    public void Load(JsonObject scenario)
    {
        var old = _epoch;
        _epoch = new CancellationTokenSource();
        old.Cancel();
        lock (Store)
        {
            Scenario = scenario;
            TimeScale = (double?)scenario["timeScale"] ?? 0.01;
            PageSize = (int?)scenario["pageSize"] ?? 100;
            Auth = new Entra.AuthSettings(scenario["auth"] as JsonObject);
            Store.Clear();
            Operations.Clear();
            Providers.Clear();
            Features.Clear();
            PublishedPlatformVersions.Clear();
            OtherSubscriptionProviders.Clear();
            UsageOverrides.Clear();
            Templates.Clear();
            Subscriptions.Load(scenario);
            ResourceGraphQuota.Configure(scenario["resourceGraph"] as JsonObject);
            ScenarioSeeder.Seed(this);
            Estate = scenario["estate"] is JsonObject estate ? EstateGenerator.Generate(this, estate) : null;
        }
    }

    public TimeSpan Scaled(double nominalSeconds) => TimeSpan.FromSeconds(Math.Max(0, nominalSeconds * TimeScale));

    public string SubscriptionScope => "/subscriptions/" + SubscriptionId;
    public string ResourceGroupId(string name) => $"{SubscriptionScope}/resourceGroups/{name}";

    /// <summary>Throws SubscriptionNotFound / ResourceGroupNotFound the way ARM checks a path's parents.</summary>
    public void RequireSubscription(string subscriptionId)
    {
        if (!Subscriptions.Contains(subscriptionId))
            throw ArmException.SubscriptionNotFound(subscriptionId);
    }

    public JsonObject RequireResourceGroup(string subscriptionId, string resourceGroup)
    {
        RequireSubscription(subscriptionId);
        return Store.Get($"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}") ?? throw ArmException.ResourceGroupNotFound(resourceGroup);
    }

    /// <summary>GET semantics for any resource: parent checks, then ResourceNotFound.</summary>
    public JsonObject RequireResource(string subscriptionId, string resourceGroup, string id, string type, string name)
    {
        RequireResourceGroup(subscriptionId, resourceGroup);
        return Store.Get(id) ?? throw ArmException.ResourceNotFound(type, name, resourceGroup);
    }
}
