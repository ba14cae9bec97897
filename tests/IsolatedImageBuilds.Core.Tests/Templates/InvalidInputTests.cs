using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Errors;
using IsolatedImageBuilds.Core.Templates;
using IsolatedImageBuilds.Core.Topology;
using Xunit;
using Xunit.Abstractions;
using static IsolatedImageBuilds.Core.Tests.Templates.TemplateSamples;
using Ids = IsolatedImageBuilds.Core.Templates.TemplateErrorIds;

namespace IsolatedImageBuilds.Core.Tests.Templates;

/// <summary>
/// Invalid options and template files, each refused locally with its own error id and a message naming the field.
/// Each case starts from a valid template and breaks one thing.
/// </summary>
public class InvalidInputTests(ITestOutputHelper output)
{
    private const string Vnet = "properties.vmProfile.vnetConfig";

    private static readonly Dictionary<string, InvalidCase> Cases = new InvalidCase[]
    {
        // Topology (Microsoft Learn: networking options).
        new("aci-subnet-alone", Ids.ContainerInstanceSubnetRequiresSubnet, Vnet + ".containerInstanceSubnetId", Options(o => o.SubnetId = null)),
        new("subnets-in-two-vnets", Ids.SubnetsInDifferentVnets, Vnet + ".containerInstanceSubnetId", Options(o => o.ContainerInstanceSubnetId = OtherVnetSubnet)),
        new("aci-subnet-is-build-subnet", Ids.ContainerInstanceSubnetSameAsSubnet, Vnet + ".containerInstanceSubnetId", Options(o => o.ContainerInstanceSubnetId = BuildSubnet.ToUpperInvariant())),
        new("aci-subnet-other-subscription", Ids.ContainerInstanceSubnetInOtherSubscription, Vnet + ".containerInstanceSubnetId",
            Options(o => { o.SubnetId = BuildSubnet.Replace("0001", "0002"); o.ContainerInstanceSubnetId = AciSubnet.Replace("0001", "0002"); })),
        new("proxy-size-with-aci-subnet", Ids.ProxyVmSizeWithContainerInstanceSubnet, Vnet + ".proxyVmSize", Options(o => o.ProxyVmSize = "Standard_A2_v2")),
        new("aci-subnet-on-old-api", Ids.ApiVersionTooOldForContainerInstanceSubnet, Vnet + ".containerInstanceSubnetId", Options(o => o.ApiVersion = "2023-07-01"), Ids.UnsupportedApiVersion),
        new("topology-conflict", Ids.TopologyConflict, Vnet, Options(o => o.Topology = NetworkTopology.NoSubnet)),
        new("topology-without-aci-subnet", Ids.TopologyRequiresSubnet, Vnet + ".containerInstanceSubnetId", Options(o => { o.ContainerInstanceSubnetId = null; o.Topology = NetworkTopology.BuildAndAciSubnets; })),
        new("vm-size-with-space", Ids.VmSizeInvalid, "properties.vmProfile.vmSize", Options(o => o.VmSize = "Standard D2")),
        new("os-disk-negative", Ids.OsDiskSizeInvalid, "properties.vmProfile.osDiskSizeGB", Options(o => o.OsDiskSizeGB = -1)),
        new("os-disk-too-large", Ids.OsDiskSizeInvalid, "properties.vmProfile.osDiskSizeGB", Options(o => o.OsDiskSizeGB = 8192)),

        // Resource ids.
        new("subnet-id-not-an-id", Ids.InvalidResourceId, Vnet + ".subnetId", Options(o => { o.SubnetId = "vnet-aib/subnets/build"; o.ContainerInstanceSubnetId = null; })),
        new("identity-id-is-a-vnet", Ids.ResourceIdWrongType, $"identity.userAssignedIdentities['{Vnet0}']", Options(o => o.UserAssignedIdentityId = Vnet0)),
        new("staging-group-is-a-subnet", Ids.ResourceIdWrongType, "properties.stagingResourceGroup", Options(o => o.StagingResourceGroupId = BuildSubnet)),
        new("gallery-target-is-a-version", Ids.ResourceIdWrongType, "properties.distribute[0].galleryImageId",
            Options(o => o.Distributors = new[] { ImageDistributor.SharedImage("g", GalleryImage + "/versions/1.0.0") })),
        new("source-id-is-a-gallery-image", Ids.ResourceIdWrongType, "properties.source.imageVersionId", Options(o => { o.SourceUrn = null; o.SourceImageId = GalleryImage; })),
        new("staging-group-is-template-group", Ids.StagingResourceGroupIsTemplateGroup, "properties.stagingResourceGroup", Options(o => o.ResourceGroupName = "RG-AIB-STAGING")),

        // The resource.
        new("name-with-space", Ids.InvalidName, "name", Options(o => o.Name = "golden image")),
        new("name-missing", Ids.NameMissing, "name", Options(o => o.Name = null)),
        new("resource-group-name", Ids.InvalidResourceGroupName, "resourceGroupName", Options(o => o.ResourceGroupName = "rg/images")),
        new("location-missing", Ids.LocationMissing, "location", Options(o => o.Location = null)),
        new("api-version-unknown", Ids.UnsupportedApiVersion, "apiVersion", Options(o => o.ApiVersion = "2026-01-01")),
        new("identity-missing", Ids.IdentityMissing, "identity", Options(o => o.UserAssignedIdentityId = null)),
        new("identity-none", Ids.IdentityMissing, "identity.type", File("""{"identity": {"type": "None"}}""")),
        new("two-identities", Ids.IdentityNotSingle, "identity.userAssignedIdentities",
            File("{\"identity\": {\"type\": \"UserAssigned\", \"userAssignedIdentities\": {\"" + Identity + "\": {}, \"" + Identity + "2\": {}}}}")),
        new("tag-name-with-slash", Ids.TagInvalid, "tags['a/b']", Options(o => o.Tags!["a/b"] = "x")),
        new("build-timeout-jwt", Ids.BuildTimeoutOutOfRange, "properties.buildTimeoutInMinutes", Options(o => o.BuildTimeoutInMinutes = 5)),
        new("build-timeout-above-960", Ids.BuildTimeoutOutOfRange, "properties.buildTimeoutInMinutes", Options(o => o.BuildTimeoutInMinutes = 961)),
        new("error-handling-casing", Ids.ErrorHandlingValueInvalid, "properties.errorHandling.onCustomizerError", Options(o => o.OnCustomizerError = "Abort")),
        new("auto-run-casing", Ids.EnumValueInvalid, "properties.autoRun.state", File("""{"properties": {"autoRun": {"state": "enabled"}}}""", o => o.AutoRun = null)),

        // Source.
        new("source-missing", Ids.SourceMissing, "properties.source", Options(o => o.SourceUrn = null)),
        new("source-two-ways", Ids.SourceConflict, "properties.source", Options(o => o.SourceImageId = ManagedImage)),
        new("source-urn-short", Ids.SourceUrnInvalid, "properties.source", Options(o => o.SourceUrn = "Canonical:ubuntu")),
        new("platform-image-without-sku", Ids.PlatformImageIncomplete, "properties.source.sku",
            Options(o => { o.SourceUrn = null; o.Source = ImageSource.FromJson("""{"type": "PlatformImage", "publisher": "Canonical", "offer": "ubuntu", "version": "latest"}"""); })),
        new("plan-info-partial", Ids.PlanInfoIncomplete, "properties.source.planInfo.planProduct",
            Options(o => { o.SourceUrn = null; o.Source = ImageSource.PlatformImage("p", "o", "s", planName: "n", planPublisher: "p"); })),
        new("source-type-unknown", Ids.UnknownType, "properties.source.type", File("""{"properties": {"source": {"type": "ISO", "sourceUri": "https://example.com/x.iso"}}}""", o => o.SourceUrn = null)),

        // Customizers and validations.
        new("script-uri-and-inline", Ids.ScriptUriAndInline, "properties.customize[3].inline", Step(ImageCustomizer.Shell("s", "https://example.com/a.sh", new[] { "ls" }))),
        new("script-missing", Ids.ScriptMissing, "properties.customize[3].scriptUri", Step(ImageCustomizer.Shell("s"))),
        new("run-as-system-alone", Ids.RunAsSystemWithoutRunElevated, "properties.customize[3].runAsSystem", Step(ImageCustomizer.PowerShell("p", inline: new[] { "dir" }, runAsSystem: true))),
        new("checksum-too-short", Ids.InvalidSha256Checksum, "properties.customize[3].sha256Checksum", Step(ImageCustomizer.Shell("s", "https://example.com/a.sh", sha256Checksum: "abc123"))),
        new("script-uri-relative", Ids.InvalidUri, "properties.customize[3].scriptUri", Step(ImageCustomizer.Shell("s", "scripts/setup.sh"))),
        new("file-without-destination", Ids.FileCustomizerIncomplete, "properties.customize[3].destination", Step(ImageCustomizer.File("f", "https://example.com/f", ""))),
        new("restart-timeout-words", Ids.RestartTimeoutInvalid, "properties.customize[3].restartTimeout", Step(ImageCustomizer.WindowsRestart("r", restartTimeout: "5 minutes"))),
        new("update-limit-negative", Ids.ValueOutOfRange, "properties.customize[3].updateLimit", Step(ImageCustomizer.WindowsUpdate("u", updateLimit: -1))),
        new("customizer-type-unknown", Ids.UnknownType, "properties.customize[3].type", Step(ImageCustomizer.FromJson("""{"type": "Bash", "inline": ["ls"]}"""))),
        new("validation-script-missing", Ids.ScriptMissing, "properties.validate.inVMValidations[1].scriptUri",
            Options(o => o.Validations!.Add(ImageValidation.PowerShell("v")))),

        // Distributors.
        new("distribute-empty", Ids.DistributeMissing, "properties.distribute", Options(o => o.Distributors = new List<ImageDistributor>())),
        new("run-output-duplicate", Ids.DuplicateRunOutputName, "properties.distribute[2].runOutputName", Options(o => o.Distributors!.Add(ImageDistributor.Vhd("UBUNTU-VHD")))),
        new("run-output-name-space", Ids.InvalidRunOutputName, "properties.distribute[2].runOutputName", Options(o => o.Distributors!.Add(ImageDistributor.Vhd("my vhd")))),
        new("run-output-name-missing", Ids.RunOutputNameMissing, "properties.distribute[2].runOutputName", Options(o => o.Distributors!.Add(ImageDistributor.FromJson("""{"type": "VHD"}""")))),
        new("managed-image-without-location", Ids.ManagedImageDistributeMissingLocation, "properties.distribute[2].location",
            Options(o => o.Distributors!.Add(ImageDistributor.FromJson($$"""{"type": "ManagedImage", "runOutputName": "m", "imageId": "{{ManagedImage}}"}""")))),
        new("replica-count-zero", Ids.SharedImageReplicaCountInvalid, "properties.distribute[2].targetRegions[0].replicaCount",
            Options(o => o.Distributors!.Add(ImageDistributor.SharedImage("g2", GalleryImage, new[] { new SharedImageTargetRegion("westeurope", 0) })))),
        new("storage-account-type", Ids.StorageAccountTypeInvalid, "properties.distribute[2].targetRegions[0].storageAccountType",
            Options(o => o.Distributors!.Add(ImageDistributor.SharedImage("g2", GalleryImage, new[] { new SharedImageTargetRegion("westeurope", 1, "Standard_GRS") })))),
        new("versioning-major-below-minus-one", Ids.VersioningInvalid, "properties.distribute[2].versioning.major",
            Options(o => o.Distributors!.Add(ImageDistributor.SharedImage("g2", GalleryImage, versioningScheme: "Latest", versioningMajor: -2)))),
        new("versioning-source-with-major", Ids.VersioningInvalid, "properties.distribute[2].versioning.major",
            Options(o => o.Distributors!.Add(ImageDistributor.SharedImage("g2", GalleryImage, versioningScheme: "Source", versioningMajor: 1)))),
        new("gallery-without-image-id", Ids.RequiredFieldMissing, "properties.distribute[2].galleryImageId",
            Options(o => o.Distributors!.Add(ImageDistributor.FromJson("""{"type": "SharedImage", "runOutputName": "g2"}""")))),
        new("vhd-uri-not-url", Ids.InvalidUri, "properties.distribute[2].uri", Options(o => o.Distributors!.Add(ImageDistributor.Vhd("v2", "container/image.vhd")))),

        // Shape and api-version.
        new("field-mis-cased", Ids.UnknownField, "properties.vmProfile.vmsize", File("""{"properties": {"vmProfile": {"vmsize": "Standard_D2ds_v5"}}}""")),
        new("field-unknown", Ids.UnknownField, "properties.buildTimeout", File("""{"properties": {"buildTimeout": 60}}""")),
        new("field-of-newer-api", Ids.FieldRequiresNewerApiVersion, "properties.distribute[2].replicationMode",
            Options(o => o.Distributors!.Add(ImageDistributor.SharedImage("g2", GalleryImage, replicationMode: "Shallow")))),
        new("data-disks-on-2024", Ids.FieldRequiresNewerApiVersion, "properties.additionalDataDisks", Options(o => o.AdditionalDataDiskSizesGB = new[] { 64 })),
        new("workload-script-relative", Ids.InvalidUri, "properties.optimize.workload.scriptUri",
            Options(o => { o.ApiVersion = ArmApiVersions.ImageTemplatesNewest; o.WorkloadOptimization = true; o.WorkloadOptimizationScriptUri = "tune.sh"; })),
        new("number-as-string", Ids.ValueWrongType, "properties.buildTimeoutInMinutes", File("""{"properties": {"buildTimeoutInMinutes": "60"}}""", o => o.BuildTimeoutInMinutes = null)),
        new("bool-as-string", Ids.ValueWrongType, "properties.validate.sourceValidationOnly", File("""{"properties": {"validate": {"sourceValidationOnly": "yes"}}}""")),
        new("read-only-field", Ids.ReadOnlyField, "properties.provisioningState", Parsed("""{"properties": {"provisioningState": "Succeeded"}}""")),

        // Template files.
        new("file-not-json", Ids.FileInvalidJson, "template.json", Raw("{ \"properties\": ")),
        new("file-an-array", Ids.FileNotObject, "template.json", Raw("[1, 2]")),
        new("file-duplicate-key", Ids.FileInvalidJson, "template.json", Raw("""{"properties": {"vmProfile": {"vmSize": "a", "vmSize": "b"}}}""")),
        new("file-without-image-template", Ids.FileNoImageTemplate, "template.json",
            Raw("""{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [{"type": "Microsoft.Storage/storageAccounts", "name": "s"}]}""")),
        new("file-with-two-image-templates", Ids.FileSeveralImageTemplates, "template.json",
            Raw("""{"contentVersion": "1.0.0.0", "resources": [{"type": "Microsoft.VirtualMachineImages/imageTemplates", "name": "a"}, {"type": "Microsoft.VirtualMachineImages/imageTemplates", "name": "b"}]}""")),
        new("file-with-arm-expression", Ids.ArmExpressionNotSupported, "properties.customize[0].name",
            File("""{"contentVersion": "1.0.0.0", "resources": [{"type": "Microsoft.VirtualMachineImages/imageTemplates", "name": "a", "properties": {"customize": [{"type": "Shell", "name": "[variables('step')]", "inline": ["ls"]}]}}]}""")),
    }.ToDictionary(c => c.Name);

    private static string Vnet0 => TemplateSamples.Vnet;

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    // Raised by the cmdlets and the deployer, not by validating options: the Pester tests cover them.
    private static readonly string[] CmdletOnlyIds =
        { Ids.FileNotFound.Id, Ids.ItemWrongKind.Id, Ids.Invalid.Id, Ids.ResourceGroupMissing.Id, Ids.AlreadyExists.Id };

    [Fact]
    public void TheTableHasAtLeastFortyCasesAndCoversMostErrorIds()
    {
        Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");
        var ids = typeof(TemplateErrorIds).GetFields().Select(f => ((AibError)f.GetValue(null)!).Id).Except(CmdletOnlyIds).ToHashSet();
        var covered = Cases.Values.Select(c => c.Error.Id).ToHashSet();
        Assert.True(ids.Count - covered.Count <= 1, "Error ids without a case: " + string.Join(", ", ids.Except(covered)));
    }

    [Fact]
    public void TheBaseOptionsAreValid()
    {
        // Every case breaks exactly one thing of these.
        Assert.Empty(TemplateFactory.Create(LinuxOptions()).Validate());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void InvalidInputIsRefusedWithItsOwnErrorIdNamingTheField(string name)
    {
        var test = Cases[name];

        var problems = test.Run();
        problems.ToList().ForEach(p => output.WriteLine(p.ToString()));

        var problem = Assert.Single(problems, p => p.Error == test.Error);
        Assert.Equal(test.Field, problem.FieldPath);
        Assert.Contains(test.Field, problem.Message, StringComparison.Ordinal);
        var unexpected = problems.Where(p => p != problem && !test.AlsoExpected.Contains(p.Error)).ToList();
        Assert.True(unexpected.Count == 0, "Unexpected problems: " + string.Join(" | ", unexpected));
    }

    private static Func<IReadOnlyList<TemplateProblem>> Options(Action<TemplateBuildOptions> change) => () =>
    {
        var options = LinuxOptions();
        change(options);
        return Problems(() => TemplateFactory.Create(options));
    };

    /// <summary>Adds a step after the three valid customizers of the base options.</summary>
    private static Func<IReadOnlyList<TemplateProblem>> Step(ImageCustomizer customizer) => Options(o => o.Customizers!.Add(customizer));

    /// <summary>A template file merged over a valid one; the options supply name, identity, source and distribute.</summary>
    /// <remarks>When the file has an identity, the options give none, so that the file's is the one checked.</remarks>
    private static Func<IReadOnlyList<TemplateProblem>> File(string json, Action<TemplateBuildOptions>? change = null) => () =>
    {
        var options = LinuxOptions();
        options.TemplateFile = json;
        options.TemplateFileName = "template.json";
        if (json.Contains("\"identity\"", StringComparison.Ordinal))
        {
            options.UserAssignedIdentityId = null;
        }

        change?.Invoke(options);
        return Problems(() => TemplateFactory.Create(options));
    };

    private static Func<IReadOnlyList<TemplateProblem>> Raw(string content) => () =>
        Problems(() => TemplateFactory.Create(new TemplateBuildOptions { TemplateFile = content, TemplateFileName = "template.json", Name = "x", Location = "westeurope", UserAssignedIdentityId = Identity }));

    /// <summary>A valid template's JSON with a change, read as is (no import clean-up) and validated.</summary>
    private static Func<IReadOnlyList<TemplateProblem>> Parsed(string overlay) => () =>
    {
        var resource = Parse(TemplateFactory.Create(LinuxOptions()).ToResourceJson());
        foreach (var pair in Parse(overlay)["properties"]!.AsObject())
        {
            resource["properties"]![pair.Key] = pair.Value!.DeepClone();
        }

        return ImageTemplateDocument.Parse(resource.ToJsonString()).Validate();
    };

    private static IReadOnlyList<TemplateProblem> Problems(Func<ImageTemplateDocument> create)
    {
        try
        {
            create();
            return Array.Empty<TemplateProblem>();
        }
        catch (TemplateValidationException ex)
        {
            return ex.Problems;
        }
        catch (AibException ex)
        {
            return new[] { new TemplateProblem(ex.Error, ex.Target ?? string.Empty, ex.Message) };
        }
    }

    private sealed record InvalidCase(string Name, AibError Error, string Field, Func<IReadOnlyList<TemplateProblem>> Run, params AibError[] AlsoExpected);
}
