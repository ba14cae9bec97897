using System;
using System.Collections.Generic;
using IsolatedImageBuilds.Core.Arm;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// api-versions the prerequisite checks need that <see cref="ArmApiVersions"/> does not pin. Kept
    /// here (not in Arm/) by ownership; candidates to move into ArmApiVersions.
    /// </summary>
    internal static class PrerequisiteApiVersions
    {
        /// <summary>Microsoft.KeyVault/vaults, only sent inside a checkPolicyRestrictions body.</summary>
        public const string KeyVault = "2023-07-01";

        /// <summary>The api-version named inside checkPolicyRestrictions' resourceDetails for a staging resource type.</summary>
        public static string ForResourceType(string resourceType)
        {
            if (ArmApiVersions.ByResourceType.TryGetValue(resourceType, out string? pinned)) return pinned;
            if (resourceType.StartsWith("Microsoft.Compute/", StringComparison.OrdinalIgnoreCase)) return ArmApiVersions.Compute;
            if (resourceType.StartsWith("Microsoft.Network/", StringComparison.OrdinalIgnoreCase)) return ArmApiVersions.Network;
            if (resourceType.StartsWith("Microsoft.KeyVault/", StringComparison.OrdinalIgnoreCase)) return KeyVault;
            if (resourceType.StartsWith("Microsoft.Storage/", StringComparison.OrdinalIgnoreCase)) return ArmApiVersions.Storage;
            if (resourceType.StartsWith("Microsoft.ContainerInstance/", StringComparison.OrdinalIgnoreCase)) return ArmApiVersions.ContainerInstance;
            return ArmApiVersions.Resources;
        }
    }
}
