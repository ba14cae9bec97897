using System;
using System.Collections.Generic;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// VM size → quota family and vCPUs, for the sizes AIB builds commonly use (defaults D1_v2, D2ds_v4,
    /// proxy A1_v2, and the general-purpose series people pick instead). Deliberately a table, not a name
    /// parser: family names do not follow the size names reliably (B2ms is in standardBSFamily). An
    /// unknown size is reported as such.
    /// </summary>
    internal static class VmSizes
    {
        private static readonly Dictionary<string, (string Family, int VCpus)> s_sizes = Build();

        public static bool TryGet(string size, out string family, out int vcpus)
        {
            if (s_sizes.TryGetValue(size.Trim(), out (string Family, int VCpus) entry))
            {
                family = entry.Family;
                vcpus = entry.VCpus;
                return true;
            }
            family = string.Empty;
            vcpus = 0;
            return false;
        }

        private static Dictionary<string, (string, int)> Build()
        {
            var t = new Dictionary<string, (string, int)>(StringComparer.OrdinalIgnoreCase);
            void Series(string family, string pattern, params int[] cpus)
            {
                foreach (int n in cpus) t[string.Format(pattern, n)] = (family, n);
            }
            Series("standardAv2Family", "Standard_A{0}_v2", 1, 2, 4, 8);
            Series("standardAv2Family", "Standard_A{0}m_v2", 2, 4, 8);
            t["Standard_D1_v2"] = ("standardDv2Family", 1);
            t["Standard_D2_v2"] = ("standardDv2Family", 2);
            t["Standard_D3_v2"] = ("standardDv2Family", 4);
            t["Standard_D4_v2"] = ("standardDv2Family", 8);
            t["Standard_D5_v2"] = ("standardDv2Family", 16);
            t["Standard_DS1_v2"] = ("standardDSv2Family", 1);
            t["Standard_DS2_v2"] = ("standardDSv2Family", 2);
            t["Standard_DS3_v2"] = ("standardDSv2Family", 4);
            t["Standard_DS4_v2"] = ("standardDSv2Family", 8);
            t["Standard_DS5_v2"] = ("standardDSv2Family", 16);
            int[] d = { 2, 4, 8, 16, 32, 48, 64 };
            Series("standardDv3Family", "Standard_D{0}_v3", d);
            Series("standardDSv3Family", "Standard_D{0}s_v3", d);
            Series("standardDv4Family", "Standard_D{0}_v4", d);
            Series("standardDSv4Family", "Standard_D{0}s_v4", d);
            Series("standardDDv4Family", "Standard_D{0}d_v4", d);
            Series("standardDDSv4Family", "Standard_D{0}ds_v4", d);
            Series("standardDv5Family", "Standard_D{0}_v5", d);
            Series("standardDSv5Family", "Standard_D{0}s_v5", d);
            Series("standardDDv5Family", "Standard_D{0}d_v5", d);
            Series("standardDDSv5Family", "Standard_D{0}ds_v5", d);
            Series("standardDASv5Family", "Standard_D{0}as_v5", d);
            Series("standardDADSv5Family", "Standard_D{0}ads_v5", d);
            Series("standardESv3Family", "Standard_E{0}s_v3", d);
            Series("standardESv5Family", "Standard_E{0}s_v5", d);
            Series("standardFSv2Family", "Standard_F{0}s_v2", 2, 4, 8, 16, 32, 48, 64, 72);
            Series("standardBSFamily", "Standard_B{0}s", 1, 2);
            Series("standardBSFamily", "Standard_B{0}ms", 1, 2, 4, 8, 12, 16, 20);
            return t;
        }
    }
}
