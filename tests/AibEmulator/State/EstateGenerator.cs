using System.Text.Json.Nodes;
using AibEmulator.ImageBuilder;

namespace AibEmulator.State;

/// <summary>What a generated estate holds and which problems it planted, for tests to compare an inventory or a
/// readiness run against (GET /_emulator/estate). Planted problems are real in the emulator's resources.</summary>
public sealed record EstateManifest(
    int Seed,
    int Subscriptions,
    int Templates,
    IReadOnlyDictionary<string, int> TopologyCounts,
    IReadOnlyDictionary<string, int> RunStateCounts,
    IReadOnlyList<string> ManagementGroups,
    IReadOnlyList<PlantedProblem> Problems)
{
    public JsonObject ToJson() => new()
    {
        ["seed"] = Seed,
        ["subscriptions"] = Subscriptions,
        ["templates"] = Templates,
        ["topologyCounts"] = Counts(TopologyCounts),
        ["runStateCounts"] = Counts(RunStateCounts),
        ["managementGroups"] = new JsonArray(ManagementGroups.Select(g => (JsonNode)g).ToArray()),
        ["problems"] = new JsonArray(Problems.Select(p => (JsonNode)p.ToJson()).ToArray()),
    };

    private static JsonObject Counts(IReadOnlyDictionary<string, int> counts) =>
        new(counts.OrderBy(kv => kv.Key).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
}

/// <summary>One planted problem: its kind, the template it breaks and the resource at fault.</summary>
public sealed record PlantedProblem(string Kind, string TemplateId, string ResourceId, string Description)
{
    /// <summary>The template's user-assigned identity does not exist (deleted after the template was made).</summary>
    public const string IdentityMissing = "IdentityMissing";
    /// <summary>vnetConfig.subnetId names a subnet that does not exist.</summary>
    public const string BuildSubnetMissing = "BuildSubnetMissing";
    /// <summary>vnetConfig.containerInstanceSubnetId names a subnet not delegated to Microsoft.ContainerInstance/containerGroups.</summary>
    public const string AciSubnetNotDelegated = "AciSubnetNotDelegated";
    /// <summary>The template's subscription has no ACI standard cores left in the template's region (resource: the usages' location).</summary>
    public const string AciQuotaExhausted = "AciQuotaExhausted";
    /// <summary>A policy assigned on the template's subscription denies Microsoft.ContainerInstance/containerGroups (resource: the assignment).</summary>
    public const string PolicyDeniesAci = "PolicyDeniesAci";
    /// <summary>The template's identity holds no role that allows joining its subnets (resource: the subnet).</summary>
    public const string IdentityCannotJoinSubnet = "IdentityCannotJoinSubnet";

    public JsonObject ToJson() => new() { ["kind"] = Kind, ["templateId"] = TemplateId, ["resourceId"] = ResourceId, ["description"] = Description };
}

/// <summary>The scenario option <c>"estate": {"seed", "subscriptions", "templatesPerSubscription", "managementGroups"}</c>: many
/// subscriptions under management groups, each with a builds VNet (build subnet, delegated ACI subnet, an undelegated one),
/// an identity (Contributor on its templates' group, Network Contributor on the network group) and image templates of mixed
/// topologies, last-run states and planted problems, all from the seed. Besides per-template problems, three subscriptions
/// (when there are three or more) get one each: ACI quota exhausted in one region, a policy denying ACI, an identity without
/// Network Contributor.
/// Templates are stored as compact resources (no per-template staging storage) so 10,000 stay small and fast to make.</summary>
public static class EstateGenerator
{
    private static readonly string[] Regions = ["westus", "eastus", "westeurope", "northeurope"];
    private static readonly string[] Topologies = ["NoSubnet", "BuildSubnetOnly", "BuildAndAciSubnets"];
    private static readonly (string State, string? SubState, string Message)[] RunStates =
    [
        ("Succeeded", null, ""),
        ("Failed", null, "Failed while waiting for packerizer: Microservice has failed: Failed while processing request: Error when executing packerizer"),
        ("Canceled", null, "Build was canceled by the user."),
        ("PartiallySucceeded", null, "Distribution to one or more targets failed."),
    ];

    public static EstateManifest Generate(EmulatorState state, JsonObject options)
    {
        int seed = (int?)options["seed"] ?? 1;
        int subscriptionCount = (int?)options["subscriptions"] ?? 50;
        int perSubscription = (int?)options["templatesPerSubscription"] ?? 200;
        int groupCount = Math.Max(1, (int?)options["managementGroups"] ?? 5);
        double problemRate = (double?)options["problemRate"] ?? 0.04;
        var random = new Random(seed);
        var topologyCounts = Topologies.ToDictionary(t => t, _ => 0);
        var runStateCounts = new Dictionary<string, int> { ["None"] = 0 };
        foreach (var r in RunStates) runStateCounts[r.State] = 0;
        var problems = new List<PlantedProblem>();

        const string root = "mg-estate";
        state.Subscriptions.AddGroup(new ManagementGroupEntry(root, "Estate", null));
        var groups = Enumerable.Range(0, groupCount).Select(g => $"mg-estate-{g:D2}").ToList();
        foreach (var g in groups) state.Subscriptions.AddGroup(new ManagementGroupEntry(g, g, root));

        var baseTime = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
        var broken = SubscriptionProblems.Pick(random, subscriptionCount, Regions);
        for (int s = 0; s < subscriptionCount; s++)
        {
            var sub = NewGuid(random).ToString();
            state.Subscriptions.Add(new SubscriptionEntry(sub, $"estate-{s:D3}", groups[s % groupCount]));
            var networks = Regions.Select((region, i) => (region, network: SeedNetwork(state, sub, region, i)))
                .ToDictionary(n => n.region, n => n.network);
            var identityId = ArmShapes.Id(sub, "rg-images", "Microsoft.ManagedIdentity/userAssignedIdentities", "id-builder");
            state.Store.Put(ArmShapes.ResourceGroup(sub, "rg-images", Regions[0], null));
            var principalId = NewGuid(random).ToString();
            state.Store.Put(ArmShapes.Tracked(identityId, "Microsoft.ManagedIdentity/userAssignedIdentities", Regions[0], new JsonObject(), new JsonObject
            {
                ["tenantId"] = state.TenantId,
                ["principalId"] = principalId,
                ["clientId"] = NewGuid(random).ToString(),
            }));
            Grant(state, random, sub, principalId, BuiltInRoles.ContributorId, $"/subscriptions/{sub}/resourceGroups/rg-images");
            if (s != broken.NoJoin) Grant(state, random, sub, principalId, BuiltInRoles.NetworkContributorId, $"/subscriptions/{sub}/resourceGroups/rg-network");
            var denyAci = s == broken.DenyAci ? DenyAci(state, sub) : null;
            if (s == broken.NoAciQuota)
            {
                foreach (var usage in new[] { "StandardCores" })
                    state.UsageOverrides[Providers.ContainerInstance.UsageKey(sub, "Microsoft.ContainerInstance", broken.QuotaRegion, usage)] = (100, 100);
            }

            for (int t = 0; t < perSubscription; t++)
            {
                var name = $"tpl-{s:D3}-{t:D3}";
                var id = ImageTemplates.Id(sub, "rg-images", name);
                var topology = Topologies[random.Next(Topologies.Length)];
                var region = Regions[random.Next(Regions.Length)];
                var network = networks[region];
                var template = new Template(id, name, region, identityId,
                    topology == "NoSubnet" ? null : network.Build, topology == "BuildAndAciSubnets" ? network.Aci : null);

                if (random.NextDouble() < problemRate)
                {
                    template.IdentityId = ArmShapes.Id(sub, "rg-images", "Microsoft.ManagedIdentity/userAssignedIdentities", "id-deleted-" + t);
                    problems.Add(new PlantedProblem(PlantedProblem.IdentityMissing, id, template.IdentityId, "The template's identity was deleted."));
                }
                if (template.SubnetId is not null && random.NextDouble() < problemRate)
                {
                    template.SubnetId = network.Vnet + "/subnets/snet-removed";
                    problems.Add(new PlantedProblem(PlantedProblem.BuildSubnetMissing, id, template.SubnetId, "The build subnet no longer exists."));
                }
                if (template.AciSubnetId is not null && random.NextDouble() < problemRate)
                {
                    template.AciSubnetId = network.Undelegated;
                    problems.Add(new PlantedProblem(PlantedProblem.AciSubnetNotDelegated, id, template.AciSubnetId,
                        "The ACI subnet is not delegated to Microsoft.ContainerInstance/containerGroups."));
                }

                if (s == broken.NoAciQuota && region == broken.QuotaRegion)
                    problems.Add(new PlantedProblem(PlantedProblem.AciQuotaExhausted, id,
                        $"/subscriptions/{sub}/providers/Microsoft.ContainerInstance/locations/{region}", "No ACI standard cores left in the region."));
                if (denyAci is not null)
                    problems.Add(new PlantedProblem(PlantedProblem.PolicyDeniesAci, id, denyAci, "A policy on the subscription denies ACI container groups."));
                // A deleted identity holds no roles at all: only an existing one can lack Network Contributor.
                if (s == broken.NoJoin && template.SubnetId is not null && template.IdentityId == identityId)
                    problems.Add(new PlantedProblem(PlantedProblem.IdentityCannotJoinSubnet, id, template.SubnetId,
                        "The identity has no role allowing Microsoft.Network/virtualNetworks/subnets/join/action."));

                int run = random.Next(RunStates.Length + 1) - 1; // -1: never run
                var start = baseTime.AddMinutes(random.Next(0, 60 * 24 * 30));
                var resource = template.ToResource(run < 0 ? null : RunStates[run], start, start.AddMinutes(20 + random.Next(60)), NewGuid(random));
                state.Store.Put(resource);
                state.Templates[id] = new TemplateRuntime { Id = id, ResourceGroup = "rg-images", Name = name, ApiVersion = "2024-02-01" };
                topologyCounts[topology]++;
                runStateCounts[run < 0 ? "None" : RunStates[run].State]++;
            }
        }
        return new EstateManifest(seed, subscriptionCount, subscriptionCount * perSubscription, topologyCounts, runStateCounts,
            [root, .. groups], problems);
    }

    /// <summary>A builds VNet in the region (AIB needs the VNet in the template's region): build, delegated ACI and plain subnets.</summary>
    private static (string Vnet, string Build, string Aci, string Undelegated) SeedNetwork(EmulatorState state, string sub, string region, int index)
    {
        state.Store.Put(ArmShapes.ResourceGroup(sub, "rg-network", Regions[0], null));
        var vnet = ArmShapes.Id(sub, "rg-network", "Microsoft.Network/virtualNetworks", "vnet-builds-" + region);
        var octet = 40 + index;
        state.Store.Put(ArmShapes.Tracked(vnet, "Microsoft.Network/virtualNetworks", region, null, new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["addressSpace"] = new JsonObject { ["addressPrefixes"] = new JsonArray($"10.{octet}.0.0/16") },
        }));
        state.Store.Put(ArmShapes.Subnet(vnet, new JsonObject
        {
            ["name"] = "snet-build",
            ["addressPrefix"] = $"10.{octet}.1.0/24",
            ["privateLinkServiceNetworkPolicies"] = "Disabled"
        }, sub, "rg-network"));
        state.Store.Put(ArmShapes.Subnet(vnet, new JsonObject
        {
            ["name"] = "snet-aci",
            ["addressPrefix"] = $"10.{octet}.2.0/24",
            ["delegations"] = new JsonArray("Microsoft.ContainerInstance/containerGroups")
        }, sub, "rg-network"));
        state.Store.Put(ArmShapes.Subnet(vnet, new JsonObject { ["name"] = "snet-plain", ["addressPrefix"] = $"10.{octet}.3.0/24" }, sub, "rg-network"));
        return (vnet, vnet + "/subnets/snet-build", vnet + "/subnets/snet-aci", vnet + "/subnets/snet-plain");
    }

    /// <summary>A role assignment for the identity, named and dated from the seed.</summary>
    private static void Grant(EmulatorState state, Random random, string sub, string principalId, string roleId, string scope)
    {
        var name = NewGuid(random).ToString();
        state.Store.Put(new JsonObject
        {
            ["id"] = $"{scope}/providers/Microsoft.Authorization/roleAssignments/{name}",
            ["name"] = name,
            ["type"] = "Microsoft.Authorization/roleAssignments",
            ["properties"] = new JsonObject
            {
                ["roleDefinitionId"] = $"/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{roleId}",
                ["principalId"] = principalId,
                ["principalType"] = "ServicePrincipal",
                ["scope"] = scope,
                ["createdOn"] = "2025-11-03T09:00:00.0000000Z",
            },
        });
    }

    /// <summary>The built-in "Not allowed resource types" on the subscription, listing ACI container groups; returns its id.</summary>
    private static string DenyAci(EmulatorState state, string sub) => Policy.PolicyStore.Assign(state, new JsonObject
    {
        ["name"] = "deny-container-instances",
        ["displayName"] = "No container instances (estate baseline)",
        ["scope"] = "/subscriptions/" + sub,
        ["policyDefinition"] = "Not allowed resource types",
        ["parameters"] = new JsonObject
        {
            ["listOfResourceTypesNotAllowed"] = new JsonObject { ["value"] = new JsonArray("Microsoft.ContainerInstance/containerGroups") },
        },
    });

    /// <summary>Which subscriptions (by index) get a subscription-wide problem: three distinct ones, or none below three.</summary>
    private sealed record SubscriptionProblems(int NoAciQuota, string QuotaRegion, int DenyAci, int NoJoin)
    {
        public static SubscriptionProblems Pick(Random random, int subscriptions, string[] regions)
        {
            if (subscriptions < 3) return new SubscriptionProblems(-1, regions[0], -1, -1);
            var picked = Enumerable.Range(0, subscriptions).OrderBy(_ => random.Next()).Take(3).ToArray();
            return new SubscriptionProblems(picked[0], regions[random.Next(regions.Length)], picked[1], picked[2]);
        }
    }

    private static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)(bytes[7] & 0x0F | 0x40); // version 4
        bytes[8] = (byte)(bytes[8] & 0x3F | 0x80);
        return new Guid(bytes);
    }

    /// <summary>One generated template before it becomes a stored resource.</summary>
    private sealed class Template(string id, string name, string location, string identityId, string? subnetId, string? aciSubnetId)
    {
        public string IdentityId { get; set; } = identityId;
        public string? SubnetId { get; set; } = subnetId;
        public string? AciSubnetId { get; set; } = aciSubnetId;

        public JsonObject ToResource((string State, string? SubState, string Message)? run, DateTimeOffset start, DateTimeOffset end, Guid stagingSuffix)
        {
            var sub = id.Split('/')[2];
            var vmProfile = new JsonObject { ["vmSize"] = "Standard_D2ds_v4", ["osDiskSizeGB"] = 64 };
            if (SubnetId is not null)
            {
                var vnetConfig = new JsonObject { ["subnetId"] = SubnetId };
                if (AciSubnetId is not null) vnetConfig["containerInstanceSubnetId"] = AciSubnetId;
                else vnetConfig["proxyVmSize"] = "Standard_A1_v2";
                vmProfile["vnetConfig"] = vnetConfig;
            }
            var properties = new JsonObject
            {
                ["source"] = new JsonObject
                {
                    ["type"] = "PlatformImage",
                    ["publisher"] = "Canonical",
                    ["offer"] = "ubuntu-24_04-lts",
                    ["sku"] = "server",
                    ["version"] = "latest"
                },
                ["customize"] = new JsonArray(new JsonObject { ["type"] = "Shell", ["name"] = "update", ["inline"] = new JsonArray("sudo apt-get -y update") }),
                ["distribute"] = new JsonArray(new JsonObject
                {
                    ["type"] = "SharedImage",
                    ["runOutputName"] = name,
                    ["galleryImageId"] = $"/subscriptions/{sub}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_estate/images/{name}",
                    ["targetRegions"] = new JsonArray(new JsonObject { ["name"] = location, ["replicaCount"] = 1 }),
                }),
                ["vmProfile"] = vmProfile,
                ["buildTimeoutInMinutes"] = 120,
                ["provisioningState"] = "Succeeded",
                ["exactStagingResourceGroup"] = $"/subscriptions/{sub}/resourceGroups/IT_rg-images_{name}_{stagingSuffix}",
            };
            if (run is { } r)
            {
                var status = new JsonObject { ["startTime"] = start.ToString("o"), ["endTime"] = end.ToString("o"), ["runState"] = r.State };
                if (r.SubState is not null) status["runSubState"] = r.SubState;
                status["message"] = r.Message;
                properties["lastRunStatus"] = status;
            }
            return new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["type"] = ImageTemplates.Type,
                ["location"] = location,
                ["tags"] = new JsonObject { ["owner"] = "estate-" + sub[..8] },
                ["identity"] = new JsonObject
                {
                    ["type"] = "UserAssigned",
                    ["userAssignedIdentities"] = new JsonObject { [IdentityId] = new JsonObject() },
                },
                ["properties"] = properties,
            };
        }
    }
}
