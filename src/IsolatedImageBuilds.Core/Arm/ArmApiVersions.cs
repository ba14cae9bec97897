using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>
    /// Every api-version the module sends, in one place. Pinned so the ArmClient never asks a provider
    /// for its versions (it may pick a preview) and so the emulator can be held to the same list.
    /// </summary>
    public static class ArmApiVersions
    {
        /// <summary>
        /// The image-template version the module sends and authors by default: the first with
        /// containerInstanceSubnetId, and strict (case-sensitive, no unknown fields).
        /// </summary>
        public const string ImageTemplates = "2024-02-01";

        /// <summary>The newest stable image-template version: SharedImage replicationMode, additionalDataDisks, optimize.workload.</summary>
        public const string ImageTemplatesNewest = "2025-10-01";

        /// <summary>The first image-template version that knows vnetConfig.containerInstanceSubnetId.</summary>
        public const string FirstWithContainerInstanceSubnet = "2024-02-01";

        public const string Subscriptions = "2022-12-01";
        /// <summary>Microsoft.Features (preview feature registration, e.g. Microsoft.VirtualMachineImages/Triggers).</summary>
        public const string Features = "2021-07-01";
        public const string Resources = "2025-04-01";
        public const string Network = "2025-03-01";
        public const string ContainerInstance = "2026-05-01";
        public const string Compute = "2025-04-01";
        // Disks and galleries have their own spec folders (DiskRP, GalleryRP) and versions: ComputeRP's 2025-04-01 does not exist there.
        public const string ComputeDisks = "2024-03-02";
        public const string ComputeGalleries = "2024-03-03";
        public const string Storage = "2025-08-01";
        public const string ManagedIdentity = "2023-01-31";
        public const string Authorization = "2022-04-01";
        public const string Policy = "2025-03-01";
        public const string PolicyInsights = "2024-10-01";

        /// <summary>Resource Graph's POST resources (the inventory): a stable version (spec not vendored yet; see api-versions.json).</summary>
        public const string ResourceGraph = "2022-10-01";

        /// <summary>Never called by the module: named inside checkPolicyRestrictions bodies for Packer's Key Vault.</summary>
        public const string KeyVault = "2023-07-01";

        /// <summary>Image-template api-versions this module can author and send (and validate against the REST specification).</summary>
        public static IReadOnlyList<string> SupportedImageTemplateVersions { get; } = new[] { ImageTemplates, ImageTemplatesNewest };

        public static bool IsSupportedImageTemplateVersion(string? apiVersion) =>
            apiVersion != null && SupportedImageTemplateVersions.Contains(apiVersion, StringComparer.Ordinal);

        /// <summary>True for image-template versions before 2024-02-01, when the service matched property names case-insensitively.</summary>
        public static bool IsLenientImageTemplateVersion(string? apiVersion) => IsOlderThan(apiVersion, "2024-02-01");

        /// <summary>False when the version is known to predate containerInstanceSubnetId (an unreadable version is left to the supported-version rule).</summary>
        public static bool AllowsContainerInstanceSubnet(string? apiVersion) => !IsOlderThan(apiVersion, FirstWithContainerInstanceSubnet);

        /// <summary>True when both read as dates and <paramref name="apiVersion"/> is the earlier.</summary>
        internal static bool IsOlderThan(string? apiVersion, string other) =>
            TryParseDate(apiVersion, out var a) && TryParseDate(other, out var b) && a < b;

        /// <summary>Reads the date of "yyyy-MM-dd" or "yyyy-MM-dd-preview".</summary>
        internal static bool TryParseDate(string? apiVersion, out DateTime date)
        {
            date = default;
            if (apiVersion == null || apiVersion.Length < 10)
            {
                return false;
            }

            var rest = apiVersion.Substring(10);
            if (rest.Length > 0 && !rest.StartsWith("-", StringComparison.Ordinal))
            {
                return false;
            }

            return DateTime.TryParseExact(apiVersion.Substring(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        }

        /// <summary>
        /// The api-version to name for a resource type (e.g. inside checkPolicyRestrictions' resourceDetails):
        /// the pinned one, else its provider's.
        /// </summary>
        public static string ForResourceType(string resourceType)
        {
            if (ByResourceType.TryGetValue(resourceType, out string? pinned)) return pinned;
            if (resourceType.StartsWith("Microsoft.Compute/", StringComparison.OrdinalIgnoreCase)) return Compute;
            if (resourceType.StartsWith("Microsoft.Network/", StringComparison.OrdinalIgnoreCase)) return Network;
            if (resourceType.StartsWith("Microsoft.KeyVault/", StringComparison.OrdinalIgnoreCase)) return KeyVault;
            if (resourceType.StartsWith("Microsoft.Storage/", StringComparison.OrdinalIgnoreCase)) return Storage;
            if (resourceType.StartsWith("Microsoft.ContainerInstance/", StringComparison.OrdinalIgnoreCase)) return ContainerInstance;
            return Resources;
        }

        /// <summary>Resource type → api-version, handed to ArmClientOptions.SetApiVersion.</summary>
        public static IReadOnlyDictionary<string, string> ByResourceType { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Microsoft.VirtualMachineImages/imageTemplates"] = ImageTemplates,
            ["Microsoft.VirtualMachineImages/imageTemplates/runOutputs"] = ImageTemplates,
            ["Microsoft.Resources/subscriptions"] = Subscriptions,
            ["Microsoft.Resources/tenants"] = Subscriptions,
            ["Microsoft.Resources/resourceGroups"] = Resources,
            ["Microsoft.Resources/providers"] = Resources,
            ["Microsoft.Resources/deployments"] = Resources,
            ["Microsoft.Network/virtualNetworks"] = Network,
            ["Microsoft.Network/virtualNetworks/subnets"] = Network,
            ["Microsoft.Network/networkSecurityGroups"] = Network,
            ["Microsoft.Network/natGateways"] = Network,
            ["Microsoft.Network/privateEndpoints"] = Network,
            ["Microsoft.Network/privateLinkServices"] = Network,
            ["Microsoft.Network/loadBalancers"] = Network,
            ["Microsoft.Network/networkInterfaces"] = Network,
            ["Microsoft.Network/publicIPAddresses"] = Network,
            ["Microsoft.Network/ddosProtectionPlans"] = Network,
            ["Microsoft.ContainerInstance/containerGroups"] = ContainerInstance,
            ["Microsoft.ContainerInstance/locations"] = ContainerInstance,
            ["Microsoft.Compute/locations"] = Compute,
            ["Microsoft.Compute/images"] = Compute,
            ["Microsoft.Compute/galleries"] = ComputeGalleries,
            ["Microsoft.Compute/virtualMachines"] = Compute,
            ["Microsoft.Compute/disks"] = ComputeDisks,
            ["Microsoft.Storage/storageAccounts"] = Storage,
            ["Microsoft.ManagedIdentity/userAssignedIdentities"] = ManagedIdentity,
            ["Microsoft.Authorization/roleAssignments"] = Authorization,
            ["Microsoft.Authorization/roleDefinitions"] = Authorization,
            ["Microsoft.Authorization/permissions"] = Authorization,
            ["Microsoft.Authorization/policyAssignments"] = Policy,
            ["Microsoft.Authorization/policyDefinitions"] = Policy,
            ["Microsoft.Authorization/policySetDefinitions"] = Policy,
            ["Microsoft.PolicyInsights/checkPolicyRestrictions"] = PolicyInsights,
            ["Microsoft.KeyVault/vaults"] = KeyVault,
        };
    }
}
