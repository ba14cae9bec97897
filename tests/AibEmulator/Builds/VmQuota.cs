using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AibEmulator.State;

namespace AibEmulator.Builds;

/// <summary>Compute vCPU quota per VM family and region (the troubleshooting guide's quota item): usage is the
/// scenario's currentValue plus the VMs that exist now; a VM that would exceed a listed limit is refused with
/// ARM's QuotaExceeded text. Families the scenario does not list are unlimited.</summary>
public static partial class VmQuota
{
    [GeneratedRegex(@"^Standard_(?<series>[A-Z]+)(?<cores>\d+)(?<extra>[a-z]*)(_v(?<version>\d+))?", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();

    /// <summary>"Standard_D2ds_v4" → ("standardDDSv4Family", 2).</summary>
    public static (string Family, int Cores)? Parse(string vmSize)
    {
        var m = SizePattern().Match(vmSize);
        if (!m.Success) return null;
        var version = m.Groups["version"].Success ? "v" + m.Groups["version"].Value : "";
        return ($"standard{m.Groups["series"].Value.ToUpperInvariant()}{m.Groups["extra"].Value.ToUpperInvariant()}{version}Family", int.Parse(m.Groups["cores"].Value));
    }

    /// <summary>The scenario's usages with the existing VMs' cores added (family and regional "cores"), in the subscription
    /// (default: the scenario's own; every subscription of the tenant has the scenario's quota).</summary>
    public static List<JsonObject> Usages(EmulatorState state, string? subscriptionId = null)
    {
        var vms = state.Store.OfType("Microsoft.Compute/virtualMachines", $"/subscriptions/{subscriptionId ?? state.SubscriptionId}/")
            .Select(vm => Parse((string?)vm["properties"]?["hardwareProfile"]?["vmSize"] ?? "")).OfType<(string Family, int Cores)>().ToList();
        return state.Scenario["usages"]?["compute"]?.AsArray().OfType<JsonObject>().Select(u =>
        {
            var name = (string)u["name"]!;
            var inUse = name == "cores" ? vms.Sum(v => v.Cores) : vms.Where(v => string.Equals(v.Family, name, StringComparison.OrdinalIgnoreCase)).Sum(v => v.Cores);
            return new JsonObject
            {
                ["unit"] = "Count",
                ["currentValue"] = ((long?)u["currentValue"] ?? 0L) + inUse,
                ["limit"] = (long?)u["limit"] ?? 100,
                ["name"] = new JsonObject { ["value"] = name, ["localizedValue"] = (string?)u["localizedValue"] ?? name },
            };
        }).ToList() ?? [];
    }

    /// <summary>Throws the Packer failure AIB reports when the build VM cannot be created for quota.</summary>
    public static string? Exceeded(EmulatorState state, string vmSize)
    {
        if (Parse(vmSize) is not { } needed) return null;
        foreach (var usage in Usages(state))
        {
            var name = (string)usage["name"]!["value"]!;
            if (name != "cores" && !string.Equals(name, needed.Family, StringComparison.OrdinalIgnoreCase)) continue;
            var current = (long)usage["currentValue"]!;
            var limit = (long)usage["limit"]!;
            if (current + needed.Cores <= limit) continue;
            var label = name == "cores" ? "Total Regional Cores" : $"{needed.Family} Cores";
            return $"Operation could not be completed as it results in exceeding approved {label} quota. Additional details - Deployment Model: Resource Manager, " +
                   $"Location: {state.Location}, Current Limit: {limit}, Current Usage: {current}, Additional Required: {needed.Cores}, (Minimum) New Limit Required: {current + needed.Cores}.";
        }
        return null;
    }
}
