using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Prerequisites;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Tests.Prerequisites;

/// <summary>
/// A subscription's state, described declaratively and served by a <see cref="FakeArm"/>. The default
/// is healthy for every topology; each test breaks one thing.
/// </summary>
internal sealed class FakeSubscription
{
    public const string Sub = "5b1d6c8e-0000-4000-8000-00000000a1b0";
    public const string Location = "westeurope";
    public const string PrincipalId = "11111111-2222-3333-4444-555555555555";
    public const string Rg = "/subscriptions/" + Sub + "/resourceGroups/aib-rg";
    public const string NetRg = "/subscriptions/" + Sub + "/resourceGroups/net-rg";
    public const string ImagesRg = "/subscriptions/" + Sub + "/resourceGroups/images-rg";
    public const string StagingRg = "/subscriptions/" + Sub + "/resourceGroups/aib-staging";
    public const string Vnet = NetRg + "/providers/Microsoft.Network/virtualNetworks/aib-vnet";
    public const string BuildSubnet = Vnet + "/subnets/build";
    public const string AciSubnet = Vnet + "/subnets/aci";
    public const string BuildNsg = NetRg + "/providers/Microsoft.Network/networkSecurityGroups/build-nsg";
    public const string AciNsg = NetRg + "/providers/Microsoft.Network/networkSecurityGroups/aci-nsg";
    public const string NatGateway = NetRg + "/providers/Microsoft.Network/natGateways/aib-nat";
    public const string Identity = Rg + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aib-identity";
    public const string VmIdentity = Rg + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/build-vm-identity";
    public const string Gallery = ImagesRg + "/providers/Microsoft.Compute/galleries/aibGallery";
    public const string GalleryImage = Gallery + "/images/win11";
    public const string SourceVersion = Gallery + "/images/base/versions/1.0.0";
    public const string DdosPlan = NetRg + "/providers/Microsoft.Network/ddosProtectionPlans/corp-ddos";

    public const string Contributor = "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c";
    public const string NetworkContributor = "/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7";
    public const string ManagedIdentityOperator = "/providers/Microsoft.Authorization/roleDefinitions/f1a07417-d97a-45cb-824c-7a7467783830";
    public const string Reader = "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7";

    public Dictionary<string, string> Providers { get; } = ProviderChecksNamespaces().ToDictionary(n => n, _ => "Registered", StringComparer.OrdinalIgnoreCase);

    /// <summary>GET-able resources by id (subnets, VNets, NSGs, identities, policy and role definitions, the staging RG).</summary>
    public Dictionary<string, JsonObject> Resources { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<JsonObject> StagingRgResources { get; } = new();
    public List<JsonObject> PolicyAssignments { get; } = new();
    public List<JsonObject> RoleAssignments { get; } = new();
    public Dictionary<string, (long Current, long Limit)> AciUsage { get; } = new(StringComparer.OrdinalIgnoreCase) { ["ContainerGroups"] = (3, 100), ["StandardCores"] = (12, 100) };
    public Dictionary<string, (long Current, long Limit)> ComputeUsage { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cores"] = (10, 100),
        ["standardDDSv4Family"] = (4, 50),
        ["standardAv2Family"] = (0, 20),
        ["standardDSv3Family"] = (0, 20),
    };

    public FakeArm Arm { get; }

    public FakeSubscription()
    {
        Resources[Vnet] = new JsonObject { ["id"] = Vnet, ["name"] = "aib-vnet", ["location"] = Location, ["properties"] = new JsonObject { ["addressSpace"] = new JsonObject { ["addressPrefixes"] = new JsonArray("10.0.0.0/16") } } };
        Resources[BuildSubnet] = Subnet(BuildSubnet, "10.0.1.0/24", BuildNsg);
        Resources[BuildSubnet]["properties"]!["privateLinkServiceNetworkPolicies"] = "Disabled";
        Resources[AciSubnet] = Subnet(AciSubnet, "10.0.2.0/28", AciNsg);
        Resources[AciSubnet]["properties"]!["delegations"] = new JsonArray(new JsonObject
        {
            ["name"] = "aci",
            ["properties"] = new JsonObject { ["serviceName"] = "Microsoft.ContainerInstance/containerGroups" },
        });
        Resources[BuildNsg] = Nsg(BuildNsg, SecurityRule("AzureImageBuilderNsgRule", 400, "Inbound", "Allow", "AzureLoadBalancer", "VirtualNetwork", "60000-60001"));
        Resources[AciNsg] = Nsg(AciNsg);
        Resources[Identity] = new JsonObject { ["id"] = Identity, ["name"] = "aib-identity", ["location"] = Location, ["properties"] = new JsonObject { ["principalId"] = PrincipalId } };
        Resources[VmIdentity] = new JsonObject { ["id"] = VmIdentity, ["name"] = "build-vm-identity", ["location"] = Location, ["properties"] = new JsonObject { ["principalId"] = "99999999-2222-3333-4444-555555555555" } };
        Resources[StagingRg] = new JsonObject { ["id"] = StagingRg, ["name"] = "aib-staging", ["location"] = Location, ["tags"] = new JsonObject() };

        Resources[Contributor] = Role(Contributor, "Contributor", new[] { "*" },
            new[] { "Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action", "Microsoft.Blueprint/blueprintAssignments/write", "Microsoft.Compute/galleries/share/action" });
        Resources[NetworkContributor] = Role(NetworkContributor, "Network Contributor",
            new[] { "Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*", "Microsoft.Network/*", "Microsoft.ResourceHealth/availabilityStatuses/read", "Microsoft.Resources/deployments/*", "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Support/*" });
        Resources[ManagedIdentityOperator] = Role(ManagedIdentityOperator, "Managed Identity Operator",
            new[] { "Microsoft.ManagedIdentity/userAssignedIdentities/*/read", "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action", "Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*", "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Resources/deployments/*", "Microsoft.Support/*" });
        Resources[Reader] = Role(Reader, "Reader", new[] { "*/read" });

        Grant(Contributor, StagingRg);
        Grant(NetworkContributor, NetRg);
        Grant(Contributor, ImagesRg);
        Grant(ManagedIdentityOperator, VmIdentity);

        // An unrelated assignment, so the DDoS family reads one definition that is not about DDoS.
        AssignBuiltIn("allowed-locations", "AllowedLocations_Deny.json", new JsonObject { ["listOfAllowedLocations"] = new JsonObject { ["value"] = new JsonArray("westeurope", "northeurope") } },
            inline: new JsonObject
            {
                ["id"] = "/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c",
                ["name"] = "e56962a6-4747-49cd-b67b-bf8b01975c4c",
                ["properties"] = new JsonObject
                {
                    ["displayName"] = "Allowed locations",
                    ["policyRule"] = new JsonObject { ["if"] = new JsonObject { ["not"] = new JsonObject { ["field"] = "location", ["in"] = "[parameters('listOfAllowedLocations')]" } }, ["then"] = new JsonObject { ["effect"] = "deny" } },
                },
            });

        Arm = new FakeArm();
        Routes();
    }

    private static IEnumerable<string> ProviderChecksNamespaces() => new[]
    {
        "Microsoft.VirtualMachineImages", "Microsoft.ContainerInstance", "Microsoft.Compute", "Microsoft.Network", "Microsoft.Storage", "Microsoft.KeyVault", "Microsoft.ManagedIdentity",
    };

    public PrerequisiteRequest Request(NetworkTopology topology)
    {
        var request = new PrerequisiteRequest(Sub, "West Europe")
        {
            Topology = topology,
            UserAssignedIdentityId = Identity,
            VmProfileIdentityIds = { VmIdentity },
            StagingResourceGroupId = StagingRg,
            TemplateName = "win11-golden",
            TemplateResourceGroupName = "aib-rg",
            SourceImageId = SourceVersion,
            DistributionTargetIds = { GalleryImage },
            VmSize = "Standard_D2ds_v4",
            IsWindows = false,
        };
        if (topology != NetworkTopology.NoSubnet) request.SubnetId = BuildSubnet;
        if (topology == NetworkTopology.BuildAndAciSubnets) request.ContainerInstanceSubnetId = AciSubnet;
        return request;
    }

    public void Grant(string roleDefinitionId, string scope, string principalId = PrincipalId)
    {
        string name = Guid.NewGuid().ToString();
        RoleAssignments.Add(new JsonObject
        {
            ["id"] = scope + "/providers/Microsoft.Authorization/roleAssignments/" + name,
            ["name"] = name,
            ["type"] = "Microsoft.Authorization/roleAssignments",
            ["properties"] = new JsonObject { ["roleDefinitionId"] = "/subscriptions/" + Sub + roleDefinitionId, ["principalId"] = principalId, ["principalType"] = "ServicePrincipal", ["scope"] = scope },
        });
    }

    /// <summary>Assigns a built-in policy from tests/reference/policy/builtin (or an inline definition) at the subscription.</summary>
    public string AssignBuiltIn(string name, string file, JsonObject parameters, JsonObject? inline = null)
    {
        JsonObject definition = inline ?? (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.BuiltInPolicies, file)))!;
        string definitionId = definition["id"]!.GetValue<string>();
        Resources[definitionId] = definition;
        string id = "/subscriptions/" + Sub + "/providers/Microsoft.Authorization/policyAssignments/" + name;
        PolicyAssignments.Add(new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["type"] = "Microsoft.Authorization/policyAssignments",
            ["properties"] = new JsonObject
            {
                ["displayName"] = definition["properties"]?["displayName"]?.GetValue<string>(),
                ["policyDefinitionId"] = definitionId,
                ["scope"] = "/subscriptions/" + Sub,
                ["notScopes"] = new JsonArray(),
                ["parameters"] = parameters,
                ["enforcementMode"] = "Default",
            },
        });
        return id;
    }

    public static JsonObject Subnet(string id, string prefix, string? nsg)
    {
        var properties = new JsonObject
        {
            ["addressPrefix"] = prefix,
            ["provisioningState"] = "Succeeded",
            ["natGateway"] = new JsonObject { ["id"] = NatGateway },
            ["defaultOutboundAccess"] = false,
            ["ipConfigurations"] = new JsonArray(),
        };
        if (nsg != null) properties["networkSecurityGroup"] = new JsonObject { ["id"] = nsg };
        return new JsonObject { ["id"] = id, ["name"] = id.Substring(id.LastIndexOf('/') + 1), ["properties"] = properties };
    }

    /// <summary>An NSG with the given rules; default rules come from the reference example, as Azure returns them.</summary>
    public static JsonObject Nsg(string id, params JsonObject[] rules)
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.Reference, "rest", "network", "2025-03-01", "examples", "NetworkSecurityGroupGet.json")))!;
        JsonNode defaults = example["responses"]!["200"]!["body"]!["properties"]!["defaultSecurityRules"]!.DeepClone();
        return new JsonObject
        {
            ["id"] = id,
            ["name"] = id.Substring(id.LastIndexOf('/') + 1),
            ["location"] = Location,
            ["properties"] = new JsonObject { ["securityRules"] = new JsonArray(rules.Cast<JsonNode>().ToArray()), ["defaultSecurityRules"] = defaults },
        };
    }

    public static JsonObject SecurityRule(string name, int priority, string direction, string access, string source, string destination, string ports, string protocol = "Tcp")
        => new()
        {
            ["name"] = name,
            ["properties"] = new JsonObject
            {
                ["protocol"] = protocol,
                ["sourcePortRange"] = "*",
                ["destinationPortRange"] = ports,
                ["sourceAddressPrefix"] = source,
                ["destinationAddressPrefix"] = destination,
                ["access"] = access,
                ["priority"] = priority,
                ["direction"] = direction,
            },
        };

    private static JsonObject Role(string id, string name, string[] actions, string[]? notActions = null)
        => new()
        {
            ["id"] = id,
            ["name"] = id.Substring(id.LastIndexOf('/') + 1),
            ["type"] = "Microsoft.Authorization/roleDefinitions",
            ["properties"] = new JsonObject
            {
                ["roleName"] = name,
                ["type"] = "BuiltInRole",
                ["permissions"] = new JsonArray(new JsonObject
                {
                    ["actions"] = new JsonArray(actions.Select(a => (JsonNode)a).ToArray()),
                    ["notActions"] = new JsonArray((notActions ?? Array.Empty<string>()).Select(a => (JsonNode)a).ToArray()),
                }),
            },
        };

    private static JsonObject List(IEnumerable<JsonNode> items) => new() { ["value"] = new JsonArray(items.Select(i => i.DeepClone()).ToArray()) };

    private static JsonObject Usages(Dictionary<string, (long Current, long Limit)> usage)
        => List(usage.Select(u => (JsonNode)new JsonObject { ["name"] = new JsonObject { ["value"] = u.Key, ["localizedValue"] = u.Key }, ["currentValue"] = u.Value.Current, ["limit"] = u.Value.Limit, ["unit"] = "Count" }));

    private void Routes()
    {
        const string S = "/subscriptions/" + Sub;
        Arm.On("GET", S + "/providers/(?<ns>[^/]+)", r =>
        {
            string ns = r.Match.Groups["ns"].Value;
            if (!Providers.TryGetValue(ns, out string? state)) return FakeArm.NotFound(ns);
            var provider = new JsonObject { ["id"] = S + "/providers/" + ns, ["namespace"] = ns, ["registrationState"] = state, ["resourceTypes"] = new JsonArray() };
            if (ns == "Microsoft.VirtualMachineImages")
            {
                provider["resourceTypes"]!.AsArray().Add(new JsonObject
                {
                    ["resourceType"] = "imageTemplates",
                    ["locations"] = new JsonArray("East US", "West Europe", "North Europe", "West US 2"),
                    ["apiVersions"] = new JsonArray("2025-10-01", "2024-02-01", "2023-07-01", "2022-07-01"),
                });
            }
            return (200, provider);
        });
        Arm.On("POST", S + "/providers/(?<ns>[^/]+)/register", r =>
        {
            string ns = r.Match.Groups["ns"].Value;
            Providers[ns] = "Registering";
            return (200, new JsonObject { ["namespace"] = ns, ["registrationState"] = "Registering" });
        });
        Arm.On("POST", "(?<scope>/subscriptions/[^/]+(/resourceGroups/[^/]+)?)/providers/Microsoft.PolicyInsights/checkPolicyRestrictions", r => (200, CheckPolicyRestrictions(r.Body!)));
        Arm.On("GET", S + "/providers/Microsoft.Authorization/policyAssignments", _ => (200, List(PolicyAssignments)));
        Arm.On("GET", S + "/providers/Microsoft.Authorization/roleAssignments", r =>
        {
            // $filter=principalId eq '{id}': that principal's assignments at, above and below the subscription.
            Match m = Regex.Match(r.Query, "principalId eq '([^']+)'");
            return (200, List(RoleAssignments.Where(a => !m.Success || a["properties"]!["principalId"]!.GetValue<string>() == m.Groups[1].Value)));
        });
        Arm.On("GET", S + "/providers/Microsoft.ContainerInstance/locations/" + Location + "/usages", _ => (200, Usages(AciUsage)));
        Arm.On("GET", S + "/providers/Microsoft.Compute/locations/" + Location + "/usages", _ => (200, Usages(ComputeUsage)));
        Arm.On("GET", StagingRg + "/resources", _ => Resources.ContainsKey(StagingRg) ? (200, List(StagingRgResources)) : FakeArm.NotFound(StagingRg));
        // Role definitions are read by the id in the assignment, which carries the subscription prefix.
        Arm.On("GET", "(/subscriptions/[^/]+)?(?<def>/providers/Microsoft.Authorization/roleDefinitions/[^/]+)", r => Get(r.Match.Groups["def"].Value));
        Arm.On("GET", "(/subscriptions/[^/]+/resourceGroups/[^/]+|/providers/Microsoft.Authorization/policy(Set)?Definitions).*", r => Get(r.Path));
        Arm.On("GET", "(/subscriptions/[^/]+)?/providers/Microsoft.Authorization/policy(Set)?Definitions/[^/]+", r => Get(r.Path));
    }

    private (int, JsonNode?) Get(string id) => Resources.TryGetValue(id.TrimEnd('/'), out JsonObject? resource) ? (200, resource.DeepClone()) : FakeArm.NotFound(id);

    /// <summary>
    /// checkPolicyRestrictions over the assigned built-ins that decide by resource type (Allowed /
    /// Not allowed resource types), answering in the service's shape.
    /// </summary>
    /// <summary>When set, answers checkPolicyRestrictions for the resource types it returns non-null for (request body in, response out).</summary>
    public Func<JsonNode, JsonObject?>? PolicyAnswer { get; set; }

    private JsonObject CheckPolicyRestrictions(JsonNode body)
    {
        if (PolicyAnswer?.Invoke(body) is JsonObject answer) return answer;
        string type = body["resourceDetails"]!["resourceContent"]!["type"]!.GetValue<string>();
        var evaluations = new JsonArray();
        foreach (JsonObject assignment in PolicyAssignments)
        {
            JsonNode p = assignment["properties"]!;
            string definitionId = p["policyDefinitionId"]!.GetValue<string>();
            string? effect = p["parameters"]?["effect"]?["value"]?.GetValue<string>() ?? "Deny";
            bool nonCompliant;
            if (definitionId.EndsWith("a08ec900-254a-4555-9bf5-e42af04b5c5c", StringComparison.OrdinalIgnoreCase))
            {
                nonCompliant = !p["parameters"]!["listOfResourceTypesAllowed"]!["value"]!.AsArray().Any(t => string.Equals(t!.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));
            }
            else if (definitionId.EndsWith("6c112d4e-5bc7-47ae-a041-ea2d9dccd749", StringComparison.OrdinalIgnoreCase))
            {
                nonCompliant = p["parameters"]!["listOfResourceTypesNotAllowed"]!["value"]!.AsArray().Any(t => string.Equals(t!.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));
            }
            else continue;
            if (!nonCompliant) continue;
            evaluations.Add(new JsonObject
            {
                ["policyInfo"] = new JsonObject { ["policyDefinitionId"] = definitionId, ["policyAssignmentId"] = assignment["id"]!.GetValue<string>() },
                ["evaluationResult"] = "NonCompliant",
                ["evaluationDetails"] = new JsonObject { ["evaluatedExpressions"] = new JsonArray(), ["reason"] = "Resource creation of the selected type is not allowed" },
                ["effectDetails"] = new JsonObject { ["policyEffect"] = effect },
            });
        }
        return new JsonObject { ["fieldRestrictions"] = new JsonArray(), ["contentEvaluationResult"] = new JsonObject { ["policyEvaluations"] = evaluations } };
    }
}

