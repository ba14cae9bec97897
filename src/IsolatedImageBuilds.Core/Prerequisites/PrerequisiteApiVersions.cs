using System;
using System.Collections.Generic;
using IsolatedImageBuilds.Core.Arm;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>The api-version a checkPolicyRestrictions body names for a resource type, from <see cref="ArmApiVersions"/>.</summary>
    internal static class PrerequisiteApiVersions
    {
        /// <summary>The api-version named inside checkPolicyRestrictions' resourceDetails for a staging resource type.</summary>
        public static string ForResourceType(string resourceType)
        {
            if (ArmApiVersions.ByResourceType.TryGetValue(resourceType, out string? pinned)) return pinned;
            if (resourceType.StartsWith("Microsoft.Compute/", StringComparison.OrdinalIgnoreCase)) return ArmApiVersions.Compute;
            if (resourceType.StartsWith("Microsoft.Network/", StringComparison.OrdinalIgnoreCase)) return ArmApiVersions.Network;
            if (resourceType.StartsWith("Microsoft.KeyVault/", StringComparison.OrdinalIgnoreCase)) return ArmApiVersions.KeyVault;
            if (resourceType.StartsWith("Microsoft.Storage/", StringComparison.OrdinalIgnoreCase)) return ArmApiVersions.Storage;
            if (resourceType.StartsWith("Microsoft.ContainerInstance/", StringComparison.OrdinalIgnoreCase)) return ArmApiVersions.ContainerInstance;
            return ArmApiVersions.Resources;
        }
    }
}
