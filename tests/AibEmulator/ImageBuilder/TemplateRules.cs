using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AibEmulator.Arm;
using AibEmulator.State;
using static AibEmulator.ImageBuilder.SwaggerValidator;

namespace AibEmulator.ImageBuilder;

/// <summary>The rules Image Builder applies beyond the swagger (Microsoft Learn: the template reference, networking options and troubleshooting guide).</summary>
public static partial class TemplateRules
{
    [GeneratedRegex("^[A-Za-z0-9-_.]{1,64}$")]
    public static partial Regex NamePattern();

    [GeneratedRegex("^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft.Network/virtualNetworks/([^/]+)/subnets/([^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SubnetId();

    [GeneratedRegex("^/subscriptions/([^/]+)/resourceGroups/([^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceGroupId();

    public static void CheckName(string name, string what = "imageTemplateName")
    {
        if (!NamePattern().IsMatch(name))
            throw ArmException.BadRequest("InvalidParameter",
                $"The value '{name}' of parameter '{what}' is invalid. It must match the pattern '^[A-Za-z0-9-_.]{{1,64}}$'.");
    }

    /// <summary>Regions where Image Builder runs (Microsoft Learn, Image Builder regions): ARM name → display name.</summary>
    public static readonly IReadOnlyDictionary<string, string> RegionNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["eastus"] = "East US",
        ["eastus2"] = "East US 2",
        ["westcentralus"] = "West Central US",
        ["westus"] = "West US",
        ["westus2"] = "West US 2",
        ["westus3"] = "West US 3",
        ["southcentralus"] = "South Central US",
        ["northeurope"] = "North Europe",
        ["westeurope"] = "West Europe",
        ["southeastasia"] = "Southeast Asia",
        ["australiasoutheast"] = "Australia Southeast",
        ["australiaeast"] = "Australia East",
        ["uksouth"] = "UK South",
        ["ukwest"] = "UK West",
        ["brazilsouth"] = "Brazil South",
        ["canadacentral"] = "Canada Central",
        ["centralindia"] = "Central India",
        ["centralus"] = "Central US",
        ["francecentral"] = "France Central",
        ["germanywestcentral"] = "Germany West Central",
        ["japaneast"] = "Japan East",
        ["northcentralus"] = "North Central US",
        ["norwayeast"] = "Norway East",
        ["switzerlandnorth"] = "Switzerland North",
        ["jioindiawest"] = "Jio India West",
        ["uaenorth"] = "UAE North",
        ["eastasia"] = "East Asia",
        ["koreacentral"] = "Korea Central",
        ["southafricanorth"] = "South Africa North",
        ["qatarcentral"] = "Qatar Central",
        ["usgovarizona"] = "USGov Arizona",
        ["usgovvirginia"] = "USGov Virginia",
        ["chinanorth3"] = "China North 3",
        ["swedencentral"] = "Sweden Central",
        ["polandcentral"] = "Poland Central",
        ["italynorth"] = "Italy North",
        ["israelcentral"] = "Israel Central",
        ["newzealandnorth"] = "New Zealand North",
        ["taiwannorthwest"] = "Taiwan Northwest",
    };

    public static IEnumerable<string> Regions => RegionNames.Keys;


    /// <summary>All checks of a PUT body after the swagger pass.</summary>
    public static void CheckTemplate(EmulatorState state, JsonObject body)
    {
        var location = ((string?)body["location"] ?? "").Replace(" ", "");
        if (!RegionNames.ContainsKey(location))
            throw ArmException.BadRequest("LocationNotAvailableForResourceType",
                $"The provided location '{body["location"]}' is not available for resource type 'Microsoft.VirtualMachineImages/imageTemplates'. List of available regions for the resource type is '{string.Join(",", Regions)}'.");
        CheckIdentity(state, body["identity"] as JsonObject, creating: true);
        var props = body["properties"] as JsonObject ?? new JsonObject();
        CheckVnetConfig(props["vmProfile"]?["vnetConfig"] as JsonObject, "ImageTemplate.properties.vmProfile.vnetConfig");
        CheckDistribute(props["distribute"] as JsonArray, "ImageTemplate.properties.distribute");
        CheckCustomizers(props["customize"] as JsonArray);
        if ((string?)props["stagingResourceGroup"] is { } staging && !ResourceGroupId().IsMatch(staging))
            throw Invalid($"'ImageTemplate.properties': Field 'stagingResourceGroup' has a bad value: '{staging}'.");
        if (props["source"] is JsonObject source && (string?)source["type"] == "ManagedImage" && !((string?)source["imageId"] ?? "").Contains("/providers/Microsoft.Compute/images/", StringComparison.OrdinalIgnoreCase))
            throw Invalid($"'ImageTemplate.properties.source': Field 'imageId' has a bad value: '{source["imageId"]}'.");
    }

    public static void CheckIdentity(EmulatorState state, JsonObject? identity, bool creating)
    {
        if (identity is null) return;
        var type = (string?)identity["type"];
        var ids = identity["userAssignedIdentities"] as JsonObject;
        if (type == "None")
        {
            if (creating) throw Invalid("'ImageTemplate.identity': Field 'type' has a bad value: 'None'. A user assigned identity is required.");
            return;
        }
        if (ids is null || ids.Count == 0)
            throw Invalid("'ImageTemplate.identity': Missing field 'userAssignedIdentities'.");
        var attached = ids.Where(kv => kv.Value is not null).ToList();
        if (creating && attached.Count != 1)
            throw Invalid("'ImageTemplate.identity': Only one user assigned identity is supported.");
        foreach (var (id, _) in attached)
            if (!state.Store.Exists(id))
                throw ArmException.BadRequest("FailedIdentityOperation",
                    $"Identity operation for resource '{id}' failed with error 'Failed to perform resource identity operation. Status: 'NotFound'. Response: '{{\"error\":{{\"code\":\"ResourceNotFound\",\"message\":\"Resource '{id}' was not found.\"}}}}'.'.");
    }

    /// <summary>vnetConfig: containerInstanceSubnetId only with subnetId, in the same VNet, not the same
    /// subnet, and never with proxyVmSize (no proxy VM exists then).</summary>
    public static void CheckVnetConfig(JsonObject? vnet, string label)
    {
        if (vnet is null) return;
        var subnet = (string?)vnet["subnetId"];
        var aci = (string?)vnet["containerInstanceSubnetId"];
        var proxy = (string?)vnet["proxyVmSize"];
        if (!string.IsNullOrEmpty(subnet) && !SubnetId().IsMatch(subnet))
            throw Invalid($"'{label}': Field 'subnetId' has a bad value: '{subnet}'.");
        if (string.IsNullOrEmpty(aci)) return;
        if (!SubnetId().IsMatch(aci))
            throw Invalid($"'{label}': Field 'containerInstanceSubnetId' has a bad value: '{aci}'.");
        if (string.IsNullOrEmpty(subnet))
            throw Invalid($"'{label}': Field 'containerInstanceSubnetId' can only be specified together with 'subnetId'.");
        if (!string.IsNullOrEmpty(proxy))
            throw Invalid($"'{label}': Field 'proxyVmSize' must not be specified when 'containerInstanceSubnetId' is specified.");
        if (ArmPath.Is(subnet, aci))
            throw Invalid($"'{label}': Field 'containerInstanceSubnetId' must not be the same subnet as 'subnetId'.");
        if (!ArmPath.Is(VnetOf(subnet), VnetOf(aci)))
            throw Invalid($"'{label}': Field 'containerInstanceSubnetId' must be in the same virtual network as 'subnetId'.");
    }

    public static void CheckDistribute(JsonArray? distribute, string label)
    {
        if (distribute is null) return;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < distribute.Count; i++)
        {
            var name = (string?)distribute[i]?["runOutputName"] ?? "";
            if (!names.Add(name))
                throw Invalid($"'{label}[{i}]': Field 'runOutputName' has a bad value: '{name}'. Run output names must be unique.");
        }
    }

    private static void CheckCustomizers(JsonArray? customize)
    {
        for (var i = 0; i < (customize?.Count ?? 0); i++)
        {
            var c = customize![i] as JsonObject;
            if (c is null) continue;
            var label = $"ImageTemplate.properties.customize[{i}]";
            var type = (string?)c["type"];
            if (type is "Shell" or "PowerShell" && c["scriptUri"] is null && c["inline"] is null)
                throw Invalid($"'{label}': Missing field 'scriptUri' or 'inline'.");
            if (type is "Shell" or "PowerShell" && c["scriptUri"] is not null && c["inline"] is not null)
                throw Invalid($"'{label}': Only one of 'scriptUri' and 'inline' may be specified.");
            if (type == "PowerShell" && c["runAsSystem"]?.GetValue<bool>() == true && c["runElevated"]?.GetValue<bool>() != true)
                throw Invalid($"'{label}': Field 'runAsSystem' can only be set when 'runElevated' is true.");
            if (type == "File" && (c["sourceUri"] is null || c["destination"] is null))
                throw Invalid($"'{label}': Missing field '{(c["sourceUri"] is null ? "sourceUri" : "destination")}'.");
        }
    }

    /// <summary>"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v" of a subnet id.</summary>
    public static string VnetOf(string subnetId) => subnetId[..subnetId.LastIndexOf("/subnets/", StringComparison.OrdinalIgnoreCase)];

    public static string Topology(JsonObject template)
    {
        var vnet = template["properties"]?["vmProfile"]?["vnetConfig"];
        var subnet = (string?)vnet?["subnetId"];
        var aci = (string?)vnet?["containerInstanceSubnetId"];
        if (string.IsNullOrEmpty(subnet)) return "NoSubnet";
        return string.IsNullOrEmpty(aci) ? "BuildSubnetOnly" : "BuildAndAciSubnets";
    }

    public static ArmException Conflict(string message) => new(HttpStatusCode.Conflict, "Conflict", message);
}
