using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>ARM's general behaviour: auth, api-version, not-found errors, ids, paging, faults, journal,
/// and the other providers the module reads.</summary>
[Collection("Emulator")]
public sealed class ArmConventionTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    [Fact]
    public async Task RequestsWithoutABearerTokenGet401()
    {
        await _arm.Load("default");
        var r = await _arm.Get($"/subscriptions/{_arm.Sub}/resourcegroups?api-version=2022-09-01", token: false);
        Assert.Equal(401, r.Code);
        Assert.Equal("AuthenticationFailed", r.ErrorCode);
        Assert.StartsWith("Bearer authorization_uri=", r.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ApiVersionIsRequiredAndCheckedPerResourceType()
    {
        await _arm.Load("default");
        var missing = await _arm.Get(_arm.Template("rg-aib", "x"));
        Assert.Equal("MissingApiVersionParameter", missing.ErrorCode);
        var wrong = await _arm.Get($"{_arm.Template("rg-aib", "x")}?api-version=2022-07-01");
        Assert.Equal(400, wrong.Code);
        Assert.Contains("'2024-02-01, 2025-10-01'", wrong.ErrorMessage);
        var network = await _arm.Get($"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/virtualNetworks/vnet-aib?api-version=2024-02-01");
        Assert.Equal(400, network.Code);
        Assert.Contains("2024-05-01", network.ErrorMessage);
    }

    [Fact]
    public async Task NotFoundErrorsNameTheMissingLevel()
    {
        await _arm.Load("default");
        Assert.Equal("SubscriptionNotFound", (await _arm.Get("/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/x?api-version=2022-09-01")).ErrorCode);
        Assert.Equal("ResourceGroupNotFound", (await _arm.Get($"{_arm.Template("nope", "x")}?api-version=2024-02-01")).ErrorCode);
        var r = await _arm.Get($"{_arm.Template("rg-aib", "nope")}?api-version=2024-02-01");
        Assert.Equal(404, r.Code);
        Assert.Equal("ResourceNotFound", r.ErrorCode);
        Assert.Contains("Microsoft.VirtualMachineImages/imageTemplates/nope", r.ErrorMessage);
        var unknown = await _arm.Get($"{_arm.Rg("rg-aib")}/providers/Microsoft.Foo/bars/x?api-version=2024-01-01");
        Assert.Equal(404, unknown.Code);
        Assert.Equal("InvalidResourceType", unknown.ErrorCode);
    }

    [Fact]
    public async Task ResponsesCarryRequestAndCorrelationIds()
    {
        await _arm.Load("default");
        var r = await _arm.Get($"/subscriptions/{_arm.Sub}?api-version=2022-09-01");
        Assert.Equal(200, r.Code);
        Assert.True(Guid.TryParse(r.Header("x-ms-request-id"), out _));
        Assert.NotNull(r.Header("x-ms-correlation-request-id"));
    }

    [Fact]
    public async Task ListsArePagedWithNextLink()
    {
        await _arm.Load("default", pageSize: 2);
        var first = await _arm.Get($"/subscriptions/{_arm.Sub}/resourcegroups?api-version=2022-09-01");
        Assert.Equal(2, first.Body!["value"]!.AsArray().Count);
        Assert.StartsWith("https://127.0.0.1:", (string?)first.Body["nextLink"]);
        var all = await _arm.ListAll($"/subscriptions/{_arm.Sub}/resourcegroups?api-version=2022-09-01");
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public async Task FaultsAreInjectedByRouteAndCountAndJournaled()
    {
        await _arm.Load("default");
        await _arm.Delete(_arm.Control + "faults");
        await _arm.Delete(_arm.Control + "journal");
        var rule = await _arm.Post(_arm.Control + "faults", new JsonObject { ["pattern"] = "^GET /subscriptions/[^/]+/resourcegroups$", ["kind"] = "status", ["status"] = 429, ["retryAfterSeconds"] = 3, ["count"] = 2 });
        Assert.Equal(201, rule.Code);
        var path = $"/subscriptions/{_arm.Sub}/resourcegroups?api-version=2022-09-01";
        var one = await _arm.Get(path);
        Assert.Equal(429, one.Code);
        Assert.Equal("3", one.Header("Retry-After"));
        Assert.Equal(429, (await _arm.Get(path)).Code);
        Assert.Equal(200, (await _arm.Get(path)).Code);

        // HttpClient may retry a reset request once on a pooled connection: allow a few resets, then clear.
        var reset = await _arm.Post(_arm.Control + "faults", new JsonObject { ["pattern"] = "^GET /subscriptions/[^/]+$", ["kind"] = "reset", ["count"] = 3 });
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _arm.Get($"/subscriptions/{_arm.Sub}?api-version=2022-09-01"));
        await _arm.Delete(_arm.Control + "faults/" + (string)reset.Body!["id"]!);
        Assert.Equal(200, (await _arm.Get($"/subscriptions/{_arm.Sub}?api-version=2022-09-01")).Code);

        await _arm.Post(_arm.Control + "faults", new JsonObject { ["pattern"] = "providers/Microsoft.Network", ["kind"] = "latency", ["latencyMs"] = 300, ["count"] = 1 });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(200, (await _arm.Get($"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/virtualNetworks/vnet-aib?api-version=2024-05-01")).Code);
        Assert.True(watch.ElapsedMilliseconds >= 280, $"took {watch.ElapsedMilliseconds} ms");

        var journal = (await _arm.Get(_arm.Control + "journal")).Body!["value"]!.AsArray();
        var statuses = journal.Select(e => (int)e!["status"]!).ToArray();
        Assert.Equal(new[] { 429, 429, 200 }, statuses[..3]);
        Assert.Equal(new[] { 200, 200 }, statuses[^2..]);
        Assert.All(statuses[3..^2], s => Assert.Equal(0, s));
        Assert.All(journal, e => Assert.NotNull(e!["durationMs"]));
        Assert.Equal("reset", (string?)journal[3]!["fault"]);
        Assert.Equal("latency 300ms", (string?)journal[^1]!["fault"]);
        await _arm.Delete(_arm.Control + "faults");
    }

    [Fact]
    public async Task SeededProbabilityIsReproducible()
    {
        await _arm.Load("default");
        async Task<string> Pattern()
        {
            await _arm.Delete(_arm.Control + "faults");
            await _arm.Post(_arm.Control + "faults", new JsonObject { ["pattern"] = "^GET /subscriptions/[^/]+$", ["status"] = 503, ["probability"] = 0.5, ["seed"] = 42 });
            var codes = new List<int>();
            for (var i = 0; i < 12; i++) codes.Add((await _arm.Get($"/subscriptions/{_arm.Sub}?api-version=2022-09-01")).Code);
            return string.Join(",", codes);
        }
        var a = await Pattern();
        Assert.Equal(a, await Pattern());
        Assert.Contains("503", a);
        Assert.Contains("200", a);
        await _arm.Delete(_arm.Control + "faults");
    }

    [Fact]
    public async Task SubnetShowsDelegationNatAndNsg()
    {
        await _arm.Load("default");
        var subnet = (await _arm.Get($"{(string)_arm.Endpoint["containerInstanceSubnetId"]!}?api-version=2024-05-01")).Body!["properties"]!;
        Assert.Equal("Microsoft.ContainerInstance/containerGroups", (string?)subnet["delegations"]![0]!["properties"]!["serviceName"]);
        Assert.EndsWith("/natGateways/nat-aib", (string?)subnet["natGateway"]!["id"]);
        Assert.False((bool)subnet["defaultOutboundAccess"]!);
        var vnet = (await _arm.Get($"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/virtualNetworks/vnet-aib?api-version=2024-05-01")).Body!;
        Assert.Equal(3, vnet["properties"]!["subnets"]!.AsArray().Count);
        var nsg = (await _arm.Get($"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Network/networkSecurityGroups/nsg-build?api-version=2024-05-01")).Body!;
        Assert.Contains(nsg["properties"]!["securityRules"]!.AsArray(), r => (string?)r!["properties"]!["destinationPortRange"] == "60000-60001");
    }

    [Fact]
    public async Task RoleAssignmentsFilterAndPermissions()
    {
        await _arm.Load("default");
        var principal = (string)(await _arm.Get($"{(string)_arm.Endpoint["userAssignedIdentityId"]!}?api-version=2023-01-31")).Body!["properties"]!["principalId"]!;
        var atNetwork = await _arm.ListAll($"{_arm.Rg("rg-aib-network")}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()");
        Assert.Single(atNetwork);
        var mine = await _arm.ListAll($"/subscriptions/{_arm.Sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=assignedTo('{principal}')");
        Assert.Equal(3, mine.Count);
        var permissions = await _arm.ListAll($"{_arm.Rg("rg-aib")}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01");
        Assert.Equal("*", (string?)permissions[0]["actions"]![0]);
        var role = await _arm.Get($"/subscriptions/{_arm.Sub}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c?api-version=2022-04-01");
        Assert.Equal("Contributor", (string?)role.Body!["properties"]!["roleName"]);
    }

    [Fact]
    public async Task CheckPolicyRestrictionsEvaluatesTheBuiltInAllowedTypesPolicy()
    {
        await _arm.Load("policy-denies-aci");
        var check = $"{_arm.Rg("rg-aib")}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions?api-version=2024-10-01";
        var aci = await _arm.Post(check, new JsonObject
        {
            ["resourceDetails"] = new JsonObject { ["resourceContent"] = new JsonObject { ["type"] = "Microsoft.ContainerInstance/containerGroups", ["location"] = "westus" }, ["apiVersion"] = "2023-05-01" },
            ["pendingFields"] = new JsonArray(new JsonObject { ["field"] = "type", ["values"] = new JsonArray("Microsoft.ContainerInstance/containerGroups", "Microsoft.Compute/virtualMachines") }),
        });
        Assert.Equal(200, aci.Code);
        var evaluation = aci.Body!["contentEvaluationResult"]!["policyEvaluations"]![0]!;
        Assert.Equal("NonCompliant", (string?)evaluation["evaluationResult"]);
        Assert.Equal("Deny", (string?)evaluation["effectDetails"]!["policyEffect"]);
        Assert.EndsWith("a08ec900-254a-4555-9bf5-e42af04b5c5c", (string?)evaluation["policyInfo"]!["policyDefinitionId"]);
        var denied = aci.Body["fieldRestrictions"]![0]!["restrictions"]![0]!["values"]!.AsArray();
        Assert.Equal(new[] { "Microsoft.ContainerInstance/containerGroups" }, denied.Select(v => (string)v!));

        var vm = await _arm.Post(check, new JsonObject { ["resourceDetails"] = new JsonObject { ["resourceContent"] = new JsonObject { ["type"] = "Microsoft.Compute/virtualMachines", ["location"] = "westus" } } });
        Assert.Empty(vm.Body!["contentEvaluationResult"]!["policyEvaluations"]!.AsArray());
        var assignments = await _arm.ListAll($"{_arm.Rg("rg-aib")}/providers/Microsoft.Authorization/policyAssignments?api-version=2023-04-01&$filter=atScope()");
        Assert.Single(assignments);
    }

    [Fact]
    public async Task AciAndComputeUsagesAndStorageKeys()
    {
        await _arm.Load("aci-quota-exhausted");
        var usages = (await _arm.Get($"/subscriptions/{_arm.Sub}/providers/Microsoft.ContainerInstance/locations/westus/usages?api-version=2023-05-01")).Body!["value"]!.AsArray();
        var cores = usages.Single(u => (string?)u!["name"]!["value"] == "StandardCores")!;
        Assert.Equal(10, (int)cores["limit"]!);
        Assert.Equal(10, (int)cores["currentValue"]!);
        var compute = await _arm.ListAll($"/subscriptions/{_arm.Sub}/providers/Microsoft.Compute/locations/westus/usages?api-version=2024-07-01");
        Assert.Contains(compute, u => (string?)u["name"]!["value"] == "standardDDSv4Family");
    }

    [Fact]
    public async Task ManagedIdentityTokenEndpoint()
    {
        using var http = new HttpClient();
        var url = (string)_arm.Endpoint["identityEndpoint"]! + "?resource=https://management.azure.com/&api-version=2019-08-01";
        Assert.Equal(400, (int)(await http.GetAsync(url)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-IDENTITY-HEADER", (string)_arm.Endpoint["identityHeader"]!);
        var token = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Bearer", (string?)token!["token_type"]);
        Assert.Equal("https://management.azure.com/", (string?)token["resource"]);
        Assert.False(string.IsNullOrEmpty((string?)token["access_token"]));
        Assert.True(long.Parse((string)token["expires_on"]!) > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task OperationsEndpointListsTheProvidersActions()
    {
        var r = await _arm.Get("/providers/Microsoft.VirtualMachineImages/operations?api-version=2024-02-01");
        Assert.Contains(r.Body!["value"]!.AsArray(), o => (string?)o!["name"] == "Microsoft.VirtualMachineImages/imageTemplates/run/action");
    }

    [Fact]
    public async Task InlineScenarioWithTheNotAllowedTypesPolicyDeniesTheTemplateAtPut()
    {
        var loaded = await _arm.Post(_arm.Control + "scenario", JsonNode.Parse("""
            { "scenario": { "extends": "default", "name": "inline-not-allowed",
              "policyAssignments": [ { "name": "no-aib", "scope": "/subscriptions/{subscriptionId}/resourceGroups/rg-aib",
                "policyDefinition": "Not allowed resource types",
                "parameters": { "listOfResourceTypesNotAllowed": { "value": [ "Microsoft.VirtualMachineImages/imageTemplates" ] } } } ] } }
            """));
        Assert.Equal(200, loaded.Code);
        var r = await _arm.Put($"{_arm.Template("rg-aib", "denied")}?api-version={Templates.V2024}", Templates.Body(_arm, "BuildAndAciSubnets"));
        Assert.Equal(403, r.Code);
        Assert.Equal("RequestDisallowedByPolicy", r.ErrorCode);
        Assert.Contains("Not allowed resource types", r.ErrorMessage);
        var elsewhere = await _arm.Put($"{_arm.Template("rg-aib-images", "allowed")}?api-version={Templates.V2024}", Templates.Body(_arm, "BuildAndAciSubnets"));
        Assert.Equal(201, elsewhere.Code);
    }

    [Fact]
    public async Task StagingGroupNameIsCutToNinetyCharacters()
    {
        await _arm.Load("default");
        var name = "imagebuilderTemplate-with-a-rather-long-name-" + Guid.NewGuid().ToString("N")[..12];
        await Templates.Create(_arm, name, Templates.Body(_arm, "NoSubnet"));
        var staging = (string)(await Templates.Get(_arm, name))["properties"]!["exactStagingResourceGroup"]!;
        var group = staging[(staging.LastIndexOf('/') + 1)..];
        Assert.True(group.Length <= 90, group);
        Assert.Matches(@"^IT_rg-aib_imagebuilderTempla[^_]*_[0-9a-f-]{36}$", group);
    }

    [Fact]
    public async Task PatchAddsTheAciSubnetToAnExistingTemplate()
    {
        await _arm.Load("default");
        var name = Templates.Unique("patchvnet");
        await Templates.Create(_arm, name, Templates.Body(_arm, "BuildSubnetOnly"));
        var patch = await _arm.Patch($"{_arm.Template("rg-aib", name)}?api-version={Templates.V2024}", new JsonObject
        {
            ["properties"] = new JsonObject { ["vmProfile"] = new JsonObject { ["vnetConfig"] = new JsonObject { ["containerInstanceSubnetId"] = (string)_arm.Endpoint["containerInstanceSubnetId"]! } } },
        });
        Assert.Equal(202, patch.Code);
        Assert.Equal("Succeeded", (string)(await _arm.WaitOperation(patch.Header("Azure-AsyncOperation")!))["status"]!);
        var vnet = (await Templates.Get(_arm, name))["properties"]!["vmProfile"]!["vnetConfig"]!;
        Assert.Equal((string)_arm.Endpoint["containerInstanceSubnetId"]!, (string?)vnet["containerInstanceSubnetId"]);
        Assert.Equal((string)_arm.Endpoint["buildSubnetId"]!, (string?)vnet["subnetId"]);
    }

    [Fact]
    public async Task ScenarioTemplatesExistProvisionedAndAutoRunStartsABuild()
    {
        var loaded = await _arm.Post(_arm.Control + "scenario", JsonNode.Parse("""
            { "scenario": { "extends": "default", "name": "inline-existing-template", "timeScale": 0.004,
              "imageTemplates": [ { "resourceGroup": "rg-aib", "name": "existing", "apiVersion": "2024-02-01", "body": {
                "identity": { "type": "UserAssigned", "userAssignedIdentities": { "{userAssignedIdentityId}": {} } },
                "properties": { "source": { "type": "PlatformImage", "publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server", "version": "latest" },
                  "distribute": [ { "type": "VHD", "runOutputName": "vhd" } ] } } } ] } }
            """.Replace("{userAssignedIdentityId}", $"/subscriptions/{_arm.Sub}/resourceGroups/rg-aib/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aib-builder")));
        Assert.Equal(200, loaded.Code);
        var existing = await Templates.Get(_arm, "existing");
        Assert.Equal("Succeeded", (string?)existing["properties"]!["provisioningState"]);
        Assert.StartsWith($"/subscriptions/{_arm.Sub}/resourceGroups/IT_rg-aib_existing_", (string?)existing["properties"]!["exactStagingResourceGroup"]);

        var name = Templates.Unique("autorun");
        await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets", b => b["properties"]!["autoRun"] = new JsonObject { ["state"] = "Enabled" }));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((string?)(await Templates.Get(_arm, name))["properties"]!["lastRunStatus"]?["runState"] != "Succeeded")
        {
            Assert.True(DateTime.UtcNow < deadline, "autoRun build did not finish");
            await Task.Delay(100);
        }
        var vhd = await _arm.Get($"{_arm.Template("rg-aib", "existing")}/run?api-version={Templates.V2024}");
        Assert.Equal(405, vhd.Code);
        Assert.Equal("MethodNotAllowed", vhd.ErrorCode);
    }

    [Fact]
    public async Task CloudMetadataIsPublicAndProvidersListImageBuilderRegions()
    {
        await _arm.Load("default");
        var metadata = await _arm.Get("/metadata/endpoints?api-version=2022-09-01", token: false);
        Assert.Equal(200, metadata.Code);
        Assert.Equal((string)_arm.Endpoint["armEndpoint"]!, (string?)metadata.Body![0]!["resourceManager"]);
        var provider = (await _arm.Get($"/subscriptions/{_arm.Sub}/providers/Microsoft.VirtualMachineImages?api-version=2022-09-01")).Body!;
        Assert.Equal("Registered", (string?)provider["registrationState"]);
        var templates = provider["resourceTypes"]!.AsArray().Single(t => (string?)t!["resourceType"] == "imageTemplates")!;
        Assert.Contains("West Europe", templates["locations"]!.AsArray().Select(l => (string)l!));
        Assert.Contains("2025-10-01", templates["apiVersions"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("InvalidResourceNamespace", (await _arm.Get($"/subscriptions/{_arm.Sub}/providers/Microsoft.Nope?api-version=2022-09-01")).ErrorCode);
    }
}
