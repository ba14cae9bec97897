using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;
using Xunit;
using static IsolatedImageBuilds.Core.Tests.Templates.ExampleImportTests;
using static IsolatedImageBuilds.Core.Tests.Templates.TemplateSamples;
using Ids = IsolatedImageBuilds.Core.Templates.TemplateErrorIds;

namespace IsolatedImageBuilds.Core.Tests.Templates;

/// <summary>Unknown and newer fields survive; the version they need is enforced; old files move without loss.</summary>
public class RoundTripTests
{
    private const string NewerFields = """
        {
          "type": "Microsoft.VirtualMachineImages/imageTemplates",
          "apiVersion": "2025-10-01",
          "name": "newer",
          "location": "westeurope",
          "identity": { "type": "UserAssigned", "userAssignedIdentities": { "IDENTITY": {} } },
          "properties": {
            "source": { "type": "PlatformImage", "publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server", "version": "latest" },
            "optimize": { "workload": { "state": "Enabled", "scriptUri": "https://example.com/tune.sh", "sha256Checksum": "" } },
            "additionalDataDisks": [ { "sizeGB": 64 } ],
            "distribute": [ { "type": "SharedImage", "runOutputName": "g", "galleryImageId": "GALLERY", "replicationMode": "Shallow" } ]
          }
        }
        """;

    private static string Newer => NewerFields.Replace("IDENTITY", Identity).Replace("GALLERY", GalleryImage);

    [Fact]
    public void UnknownFieldsAtEveryLevelSurviveParseAndExport()
    {
        var resource = Parse(TemplateFactory.Create(LinuxOptions()).ToResourceJson());
        resource["futureTopLevel"] = new JsonObject { ["a"] = 1 };
        resource["properties"]!["futureProperty"] = "x";
        resource["properties"]!["customize"]![0]!["futureStepField"] = new JsonArray(1, 2);
        resource["properties"]!["vmProfile"]!["vnetConfig"]!["futureVnetField"] = true;

        var template = ImageTemplateDocument.Parse(resource.ToJsonString());

        AssertJsonEqual(resource, Parse(template.ToResourceJson()));
        var deployed = Parse(template.ToDeploymentTemplateJson())["resources"]![0]!;
        AssertJsonEqual(resource, deployed);
    }

    [Fact]
    public void UnknownFieldsAreReportedAtTheStrictApiVersionsWithTheirPath()
    {
        var resource = Parse(TemplateFactory.Create(LinuxOptions()).ToResourceJson());
        resource["properties"]!["futureProperty"] = "x";
        resource["properties"]!["vmProfile"]!["vnetConfig"]!["SubnetID"] = BuildSubnet;

        var problems = ImageTemplateDocument.Parse(resource.ToJsonString()).Validate();

        Assert.Contains(problems, p => p.Error == Ids.UnknownField && p.FieldPath == "properties.futureProperty");
        var casing = Assert.Single(problems, p => p.FieldPath == "properties.vmProfile.vnetConfig.SubnetID");
        Assert.Equal(Ids.UnknownField, casing.Error);
        Assert.Contains("'subnetId'", casing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewerFieldsAreKeptAndValidAt20251001()
    {
        var template = TemplateFactory.Create(new TemplateBuildOptions { TemplateFile = Newer });

        Assert.Equal(ArmApiVersions.ImageTemplatesNewest, template.ApiVersion);
        AssertJsonEqual(Parse(Newer), Parse(template.ToResourceJson()));
    }

    [Fact]
    public void NewerFieldsAreRefusedAt20240201NamingTheVersionTheyNeed()
    {
        var error = Assert.Throws<TemplateValidationException>(() =>
            TemplateFactory.Create(new TemplateBuildOptions { TemplateFile = Newer, ApiVersion = ArmApiVersions.ImageTemplates }));

        var paths = error.Problems.Where(p => p.Error == Ids.FieldRequiresNewerApiVersion).Select(p => p.FieldPath).ToList();
        Assert.Equal(new[] { "properties.optimize.workload", "properties.additionalDataDisks", "properties.distribute[0].replicationMode" }, paths);
        Assert.All(error.Problems, p => Assert.Contains("2025-10-01", p.Message, StringComparison.Ordinal));
        Assert.Equal(3, error.Problems.Count);
    }

    [Fact]
    public void AnOldFileMovesTo20240201WithCasingFixedAndReadOnlyFieldsDropped()
    {
        // A GET response of api-version 2022-07-01, written by hand with the lenient casing that version accepted.
        var old = Parse(TemplateFactory.Create(LinuxOptions(NetworkTopology.BuildSubnetOnly)).ToResourceJson());
        old["apiVersion"] = "2022-07-01";
        old["id"] = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu-golden";
        var properties = old["properties"]!.AsObject();
        properties["provisioningState"] = "Succeeded";
        properties["lastRunStatus"] = new JsonObject { ["runState"] = "Succeeded" };
        properties["exactStagingResourceGroup"] = StagingGroup;
        var vmProfile = properties["vmProfile"]!.AsObject();
        vmProfile["VMSize"] = vmProfile["vmSize"]!.DeepClone();
        vmProfile.Remove("vmSize");
        old["identity"]!["userAssignedIdentities"]![Identity] = new JsonObject { ["principalId"] = "p", ["clientId"] = "c" };

        var template = TemplateFactory.Create(new TemplateBuildOptions { TemplateFile = old.ToJsonString(), ContainerInstanceSubnetId = AciSubnet, ProxyVmSize = "" });

        Assert.Equal(ArmApiVersions.ImageTemplates, template.ApiVersion);
        Assert.Equal("Standard_D2ds_v5", template.VmSize);
        Assert.Equal(NetworkTopology.BuildAndAciSubnets, template.Topology);
        var body = Parse(template.ToRequestBodyJson());
        Assert.Null(body["properties"]!["provisioningState"]);
        Assert.Null(body["properties"]!["lastRunStatus"]);
        Assert.Null(body["properties"]!["exactStagingResourceGroup"]);
        Assert.Equal("{}", body["identity"]!["userAssignedIdentities"]![Identity]!.ToJsonString());
        Assert.Contains(template.Notes, n => n.Contains("Renamed 'properties.vmProfile.VMSize' to 'vmSize'", StringComparison.Ordinal));
        Assert.Contains(template.Notes, n => n.Contains("2022-07-01", StringComparison.Ordinal));
    }

    [Fact]
    public void AMisCasedFieldOfAStrictVersionIsNotSilentlyFixed()
    {
        var file = """{"apiVersion": "2024-02-01", "properties": {"vmProfile": {"VMSize": "Standard_D2ds_v5"}}}""";

        var error = Assert.Throws<TemplateValidationException>(() =>
            TemplateFactory.Create(new TemplateBuildOptions { TemplateFile = file, Name = "n", Location = "westeurope", UserAssignedIdentityId = Identity, SourceUrn = "a:b:c:d", Distributors = new[] { ImageDistributor.Vhd("v") } }));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("properties.vmProfile.VMSize", problem.FieldPath);
        Assert.Contains("Write it as 'vmSize'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArmExpressionsReplacedByOptionsAreNotProblems()
    {
        var file = """
            {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
             "parameters": {"name": {"type": "string"}},
             "resources": [{"type": "Microsoft.VirtualMachineImages/imageTemplates", "apiVersion": "2022-02-14",
               "name": "[parameters('name')]", "location": "[resourceGroup().location]",
               "properties": {"vmProfile": {"vmSize": "[parameters('size')]"}, "customize": [{"type": "PowerShell", "name": "[[literal]", "inline": ["[[x]"]}]}}]}
            """;
        var options = new TemplateBuildOptions
        {
            TemplateFile = file,
            Name = "from-arm",
            Location = "westeurope",
            VmSize = "Standard_D4ds_v5",
            UserAssignedIdentityId = Identity,
            SourceUrn = "MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition:latest",
            Distributors = new[] { ImageDistributor.Vhd("vhd") },
        };

        var template = TemplateFactory.Create(options);

        Assert.Equal("from-arm", template.Name);
        Assert.Equal("Standard_D4ds_v5", template.VmSize);
        var step = template.Customizers.Single();
        Assert.Equal("[literal]", step.Name);
        Assert.Contains("\"[x]\"", step.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void CustomizersFromFileAndOptionsAreBothKeptInOrder()
    {
        var options = LinuxOptions();
        options.TemplateFile = """{"properties": {"customize": [{"type": "Shell", "name": "from-file", "inline": ["true"]}]}}""";

        var names = TemplateFactory.Create(options).Customizers.Select(c => c.Name).ToList();

        Assert.Equal(new[] { "from-file", "wait-for-cloud-init", "harden", "motd" }, names);
    }
}
