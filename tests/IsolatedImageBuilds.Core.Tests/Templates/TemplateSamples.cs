using System.Text.Json.Nodes;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Tests.Templates;

/// <summary>Ids, options and example bodies the template tests share.</summary>
internal static class TemplateSamples
{
    public const string Subscription = "/subscriptions/00000000-0000-0000-0000-000000000001";
    public const string Identity = Subscription + "/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aib-identity";
    public const string Vnet = Subscription + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aib";
    public const string BuildSubnet = Vnet + "/subnets/build";
    public const string AciSubnet = Vnet + "/subnets/aci";
    public const string OtherVnetSubnet = Subscription + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-other/subnets/aci";
    public const string GalleryImage = Subscription + "/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gallery1/images/ubuntu";
    public const string ManagedImage = Subscription + "/resourceGroups/rg-images/providers/Microsoft.Compute/images/base";
    public const string StagingGroup = Subscription + "/resourceGroups/rg-aib-staging";

    /// <summary>A complete, valid Linux template request with a few of everything.</summary>
    public static TemplateBuildOptions LinuxOptions(NetworkTopology topology = NetworkTopology.BuildAndAciSubnets) => new()
    {
        Name = "ubuntu-golden",
        ResourceGroupName = "rg-images",
        Location = "westeurope",
        UserAssignedIdentityId = Identity,
        SourceUrn = "Canonical:ubuntu-24_04-lts:server:latest",
        SubnetId = topology == NetworkTopology.NoSubnet ? null : BuildSubnet,
        ContainerInstanceSubnetId = topology == NetworkTopology.BuildAndAciSubnets ? AciSubnet : null,
        ProxyVmSize = topology == NetworkTopology.BuildSubnetOnly ? "Standard_A2_v2" : null,
        VmSize = "Standard_D2ds_v5",
        OsDiskSizeGB = 64,
        BuildTimeoutInMinutes = 120,
        StagingResourceGroupId = StagingGroup,
        Tags = new Dictionary<string, string> { ["owner"] = "platform", ["cost center"] = "42" },
        ManagedResourceTags = new Dictionary<string, string> { ["purpose"] = "aib-staging" },
        Customizers = new List<ImageCustomizer>
        {
            ImageCustomizer.Shell("wait-for-cloud-init", inline: new[] { "cloud-init status --wait", "echo 'it''s ${HOME} \\ done'" }),
            ImageCustomizer.Shell("harden", scriptUri: "https://example.com/scripts/harden.sh", sha256Checksum: new string('a', 64)),
            ImageCustomizer.File("motd", "https://example.com/files/motd", "/etc/motd"),
        },
        Validations = new List<ImageValidation> { ImageValidation.Shell("smoke", inline: new[] { "test -f /etc/motd" }) },
        ContinueDistributeOnFailure = false,
        Distributors = new List<ImageDistributor>
        {
            ImageDistributor.SharedImage("ubuntu-gallery", GalleryImage,
                new[] { new SharedImageTargetRegion("westeurope", 2, "Standard_ZRS"), new SharedImageTargetRegion("northeurope") },
                excludeFromLatest: false, versioningScheme: "Latest", versioningMajor: 1,
                artifactTags: new Dictionary<string, string> { ["source"] = "aib" }),
            ImageDistributor.Vhd("ubuntu-vhd"),
        },
        OnCustomizerError = "abort",
        OnValidationError = "cleanup",
        VmBootOptimization = true,
        AutoRun = false,
    };

    /// <summary>A valid Windows template: PowerShell with ARM-looking strings, restart and update steps.</summary>
    public static TemplateBuildOptions WindowsOptions(NetworkTopology topology) => new()
    {
        Name = "win2022-golden",
        Location = "westeurope",
        UserAssignedIdentityId = Identity,
        SourceUrn = "MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition:latest",
        SubnetId = topology == NetworkTopology.NoSubnet ? null : BuildSubnet,
        ContainerInstanceSubnetId = topology == NetworkTopology.BuildAndAciSubnets ? AciSubnet : null,
        Customizers = new List<ImageCustomizer>
        {
            ImageCustomizer.PowerShell("tls", inline: new[] { "[Net.ServicePointManager]::SecurityProtocol = 'Tls12'", "[string]", "Write-Host \"C:\\temp\"" }, runElevated: true, runAsSystem: true, validExitCodes: new[] { 0, 3010 }),
            ImageCustomizer.WindowsRestart("restart", restartTimeout: "10m"),
            ImageCustomizer.WindowsUpdate("updates", "IsInstalled=0", new[] { "exclude:$_.Title -like '*Preview*'" }, 40),
        },
        Distributors = new List<ImageDistributor> { ImageDistributor.ManagedImage("win-managed", ManagedImage, "westeurope") },
    };

    /// <summary>The PUT body of a REST specification example (parameters.parameters).</summary>
    public static JsonObject ExampleBody(string apiVersion, string os) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.ImageBuilderRest(apiVersion), "examples", $"CreateImageTemplate{os}.json")))!
            ["parameters"]!["parameters"]!.AsObject();

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
