using System.Text.Json.Nodes;
using Xunit;

namespace AibEmulator.Tests;

/// <summary>Each failure scenario fails the run (or the template's creation) with Azure's code and message shape.</summary>
[Collection("Emulator")]
public sealed class FailureScenarioTests(EmulatorFixture fixture)
{
    private readonly Arm _arm = fixture.Arm;

    private async Task<(JsonObject Operation, JsonObject Template)> RunScenario(string scenario, string topology, Action<JsonObject>? change = null)
    {
        await _arm.Load(scenario);
        var name = Templates.Unique(scenario);
        var created = await Templates.Create(_arm, name, Templates.Body(_arm, topology, change));
        Assert.Equal("Succeeded", (string)created["status"]!);
        var op = await _arm.WaitOperation(await Templates.Run(_arm, name));
        return (op, await Templates.Get(_arm, name));
    }

    private static void AssertFailed(JsonObject op, JsonObject template, string code, string messagePart)
    {
        Assert.Equal("Failed", (string)op["status"]!);
        Assert.Equal(code, (string?)op["error"]?["code"]);
        Assert.Contains(messagePart, (string?)op["error"]?["message"]);
        Assert.Equal("Failed", (string?)template["properties"]!["lastRunStatus"]!["runState"]);
        Assert.NotEqual("0001-01-01T00:00:00Z", (string?)template["properties"]!["lastRunStatus"]!["endTime"]);
    }

    [Fact]
    public async Task CustomizerFailsWithPackerBuildFailed()
    {
        var (op, template) = await RunScenario("customizer-fails", "BuildAndAciSubnets");
        AssertFailed(op, template, "PackerBuildFailed", "During the image build a failure has occurred. Packer build logs are at location /subscriptions/");
        var message = (string)op["error"]!["message"]!;
        Assert.Matches(@"/providers/Microsoft\.Storage/storageAccounts/[a-z0-9]{24}/blobServices/default/containers/packerlogs/[0-9a-f-]{36}/customization\.log", message);
        Assert.Matches(@"Use this operationId [0-9a-f-]{36} to search packer logs", message);
        var opId = System.Text.RegularExpressions.Regex.Match(message, @"operationId ([0-9a-f-]{36})").Groups[1].Value;
        Assert.DoesNotContain($"packerlogs/{opId}/", message);
        var log = await Logs.ReadCustomizationLog(_arm, (string)template["properties"]!["exactStagingResourceGroup"]!);
        Assert.Contains($"[{opId}] PACKER ", log);
        Assert.Contains("Script exited with non-zero exit status: 100", log);
        Assert.EndsWith("Done exporting Packer logs to Azure Storage.", log.TrimEnd());
        Assert.Contains("Packer build command has failed", (string?)template["properties"]!["lastRunStatus"]!["message"]);
    }

    [Fact]
    public async Task AbortKeepsTheBuildResourcesAfterACustomizerFailure()
    {
        var (op, template) = await RunScenario("customizer-fails", "BuildAndAciSubnets",
            b => b["properties"]!["errorHandling"] = new JsonObject { ["onCustomizerError"] = "abort" });
        AssertFailed(op, template, "PackerBuildFailed", "customization.log");
        var staging = (string)template["properties"]!["exactStagingResourceGroup"]!;
        var types = (await _arm.ListAll($"{staging}/resources?api-version=2022-09-01")).Select(r => (string)r["type"]!).ToList();
        Assert.Contains("Microsoft.Compute/virtualMachines", types);
        Assert.Contains("Microsoft.ContainerInstance/containerGroups", types);
    }

    [Fact]
    public async Task BuildTimeoutFailsTheRun()
    {
        var (op, template) = await RunScenario("build-timeout", "BuildAndAciSubnets", b => b["properties"]!["buildTimeoutInMinutes"] = 6);
        AssertFailed(op, template, "BuildTimeout", "Timeout waiting for microservice to complete: 'context deadline exceeded'");
    }

    [Fact]
    public async Task PolicyDeniesTheContainerGroup()
    {
        var (op, template) = await RunScenario("policy-denies-aci", "BuildAndAciSubnets");
        AssertFailed(op, template, "RequestDisallowedByPolicy", "Resource 'vmimagebuilder-build-container-");
        Assert.Contains("was disallowed by policy. Policy identifiers:", (string)op["error"]!["message"]!);
        Assert.Contains("Allowed resource types", (string)op["error"]!["message"]!);
    }

    [Fact]
    public async Task AciQuotaExhausted()
    {
        var (op, template) = await RunScenario("aci-quota-exhausted", "BuildAndAciSubnets");
        AssertFailed(op, template, "ContainerGroupQuotaReached", "container group quota 'StandardCores' exceeded in region 'westus'. Limit: '10', Usage: '10' Requested: '4'.");
    }

    [Fact]
    public async Task AciSubnetNotDelegated()
    {
        var (op, template) = await RunScenario("aci-subnet-not-delegated", "BuildAndAciSubnets");
        AssertFailed(op, template, "SubnetMissingRequiredDelegation", "Subnet missing required delegation 'Microsoft.ContainerInstance/containerGroups'");
    }

    [Fact]
    public async Task IdentityWithoutJoinPermission()
    {
        var (op, template) = await RunScenario("identity-no-join-permission", "BuildAndAciSubnets");
        AssertFailed(op, template, "LinkedAuthorizationFailed", "does not have permission to perform action(s) 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s)");
    }

    [Fact]
    public async Task DdosPolicyBreaksTopologiesThatCreateAVnet()
    {
        var (op, template) = await RunScenario("ddos-policy-on-vnets", "NoSubnet");
        AssertFailed(op, template, "LinkedAuthorizationFailed", "'Microsoft.Network/ddosProtectionPlans/join/action' on the linked scope(s) '/subscriptions/");
        var (ok, _) = await RunScenario("ddos-policy-on-vnets", "BuildAndAciSubnets");
        Assert.Equal("Succeeded", (string)ok["status"]!);
    }

    [Fact]
    public async Task UnregisteredContainerInstanceProviderFailsTheTemplate()
    {
        await _arm.Load("aci-provider-unregistered");
        var name = Templates.Unique("unregistered");
        var op = await Templates.Create(_arm, name, Templates.Body(_arm, "BuildAndAciSubnets"));
        Assert.Equal("Failed", (string)op["status"]!);
        Assert.Contains("Azure Container Instances provider not registered for your subscription.", (string?)op["error"]?["message"]);
        var template = await Templates.Get(_arm, name);
        Assert.Equal("Failed", (string?)template["properties"]!["provisioningState"]);
        Assert.Contains("provider not registered", (string?)template["properties"]!["provisioningError"]!["message"]);
        var run = await _arm.Post($"{_arm.Template("rg-aib", name)}/run?api-version={Templates.V2024}");
        Assert.Equal(409, run.Code);

        var provider = $"/subscriptions/{_arm.Sub}/providers/Microsoft.ContainerInstance";
        Assert.Equal("NotRegistered", (string?)(await _arm.Get($"{provider}?api-version=2022-09-01")).Body!["registrationState"]);
        Assert.Equal("Registering", (string?)(await _arm.Post($"{provider}/register?api-version=2022-09-01")).Body!["registrationState"]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((string?)(await _arm.Get($"{provider}?api-version=2022-09-01")).Body!["registrationState"] != "Registered")
        {
            Assert.True(DateTime.UtcNow < deadline, "provider never became Registered");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task NonEmptyStagingGroupIsRefused()
    {
        await _arm.Load("staging-rg-not-empty");
        var op = await Templates.Create(_arm, Templates.Unique("staging"), Templates.Body(_arm, "BuildAndAciSubnets",
            b => b["properties"]!["stagingResourceGroup"] = $"/subscriptions/{_arm.Sub}/resourceGroups/rg-aib-staging"));
        Assert.Equal("Failed", (string)op["status"]!);
        Assert.Equal("BadStagingResourceGroup", (string?)op["error"]?["code"]);
        Assert.Contains("it must be empty", (string?)op["error"]?["message"]);
    }

    [Fact]
    public async Task LegacyLogFormatUsesPackerOutAndErr()
    {
        var (op, template) = await RunScenario("legacy-log-format", "BuildAndAciSubnets");
        AssertFailed(op, template, "PackerBuildFailed", "customization.log");
        var log = await Logs.ReadCustomizationLog(_arm, (string)template["properties"]!["exactStagingResourceGroup"]!);
        var opId = System.Text.RegularExpressions.Regex.Match((string)op["error"]!["message"]!, @"operationId ([0-9a-f-]{36})").Groups[1].Value;
        Assert.Contains($"[{opId}] PACKER OUT ", log);
        Assert.Contains($"[{opId}] PACKER ERR ", log);
        Assert.Contains("E: Could not open file /var/lib/apt/lists/", log);
        Assert.EndsWith($"Done exporting Packer logs to Azure for Packer prefix: [{opId}] PACKER OUT", log.TrimEnd());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ValidationFailureFailsTheRunAndMayStillDistribute(bool continueDistribute)
    {
        var (op, template) = await RunScenario("validation-fails", "BuildAndAciSubnets", b => b["properties"]!["validate"] = new JsonObject
        {
            ["continueDistributeOnFailure"] = continueDistribute,
            ["inVMValidations"] = new JsonArray(new JsonObject { ["type"] = "Shell", ["name"] = "nginx config", ["inline"] = new JsonArray("nginx -t") }),
        });
        AssertFailed(op, template, "PackerBuildFailed", "customization.log");
        var outputs = await _arm.ListAll($"{template["id"]}/runOutputs?api-version={Templates.V2024}");
        Assert.Equal(continueDistribute ? 1 : 0, outputs.Count);
        var validationLog = await Logs.ReadCustomizationLog(_arm, (string)template["properties"]!["exactStagingResourceGroup"]!, "validation.log");
        Assert.Contains("unknown directive", validationLog);
        Assert.EndsWith("Done exporting Packer logs to Azure Storage.", validationLog.TrimEnd());
    }

    [Fact]
    public async Task DistributionFailsWhenTheIdentityCannotWriteTheImage()
    {
        var (op, template) = await RunScenario("identity-no-image-write", "BuildAndAciSubnets");
        AssertFailed(op, template, "InternalOperationError", "Failed in distributing 1 images out of total 1: {[Error 0] [Distribute 0] Error publishing VHD to managed image:/subscriptions/");
        var message = (string)template["properties"]!["lastRunStatus"]!["message"]!;
        Assert.Equal((string)op["error"]!["message"]!, message);
        Assert.Matches(@"Original Error: Code=""AuthorizationFailed"" Message=""The client '[0-9a-f-]{36}' with object id '[0-9a-f-]{36}' does not have authorization to perform action 'Microsoft\.Compute/images/write' over scope '/subscriptions/[0-9a-f-]{36}/resourceGroups/rg-aib-images/providers/Microsoft\.Compute/images/img-[0-9a-f]{32}' or the scope is invalid\. If access was recently granted, please refresh your credentials\.""}$", message);
        Assert.Empty(await _arm.ListAll($"{template["id"]}/runOutputs?api-version={Templates.V2024}"));
        var log = await Logs.ReadCustomizationLog(_arm, (string)template["properties"]!["exactStagingResourceGroup"]!);
        Assert.Contains(" ui: Build 'azure-arm' finished after ", log);
    }

    [Fact]
    public async Task VmFamilyQuotaExhausted()
    {
        var (op, template) = await RunScenario("vm-quota-exhausted", "BuildAndAciSubnets");
        AssertFailed(op, template, "PackerBuildFailed", "customization.log");
        var log = await Logs.ReadCustomizationLog(_arm, (string)template["properties"]!["exactStagingResourceGroup"]!);
        Assert.Contains("QuotaExceeded", log);
        Assert.Contains("exceeding approved standardDDSv4Family Cores quota", log);
        var usages = await _arm.ListAll($"/subscriptions/{_arm.Sub}/providers/Microsoft.Compute/locations/westus/usages?api-version=2024-07-01");
        Assert.Equal(9, (int)usages.Single(u => (string?)u["name"]!["value"] == "standardDDSv4Family")["currentValue"]!);
    }
}
