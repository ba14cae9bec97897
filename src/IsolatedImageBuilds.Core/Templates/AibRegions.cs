using System;
using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>
    /// The regions where Azure VM Image Builder runs, as documented on Microsoft Learn ("Azure VM Image Builder overview", regions). Used for
    /// tab completion and as the fallback of the region check when the provider's own list cannot be read.
    /// </summary>
    public static class AibRegions
    {
        public static IReadOnlyCollection<string> Documented { get; } = new HashSet<string>(new[]
        {
            "eastus", "eastus2", "westcentralus", "westus", "westus2", "westus3", "southcentralus", "northeurope", "westeurope",
            "southeastasia", "australiasoutheast", "australiaeast", "uksouth", "ukwest", "brazilsouth", "canadacentral", "centralindia",
            "centralus", "francecentral", "germanywestcentral", "japaneast", "northcentralus", "norwayeast", "switzerlandnorth",
            "jioindiawest", "uaenorth", "eastasia", "koreacentral", "southafricanorth", "qatarcentral", "usgovarizona", "usgovvirginia",
            "chinanorth3", "swedencentral", "polandcentral", "italynorth", "israelcentral", "newzealandnorth", "taiwannorthwest",
        }, StringComparer.OrdinalIgnoreCase);
    }
}
