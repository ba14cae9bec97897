using System.Net;
using System.Text.Json.Nodes;
using AibEmulator.Arm;
using AibEmulator.State;

namespace AibEmulator.Builds;

/// <summary>Dynamic private IP allocation the way Azure does it: the lowest free address of the subnet's
/// prefix, skipping the network address, the three addresses Azure reserves after it, and the broadcast address.</summary>
public static class SubnetAddresses
{
    /// <summary>Held while an address is chosen and the resource holding it is stored, so parallel builds never share one.</summary>
    public static readonly object Sync = new();

    public static string Next(EmulatorState state, string subnetId)
    {
        var subnet = state.Store.Get(subnetId) ?? throw new InvalidOperationException($"subnet '{subnetId}' not found");
        var prefix = (string?)subnet["properties"]?["addressPrefix"] ?? throw new InvalidOperationException($"subnet '{subnetId}' has no addressPrefix");
        var (network, size) = Parse(prefix);
        var used = InUse(state, subnetId);
        for (uint offset = 4; offset < size - 1; offset++)
        {
            var candidate = ToText(network + offset);
            if (!used.Contains(candidate)) return candidate;
        }
        throw new BuildFailure("SubnetIsFull", $"Subnet {subnetId} with address prefix {prefix} does not have enough capacity for 1 IP addresses.",
            $"The subnet '{subnetId}' ({prefix}) has no free address left for the build's resources.");
    }

    /// <summary>True when the address lies inside the CIDR prefix.</summary>
    public static bool Contains(string prefix, string address)
    {
        var (network, size) = Parse(prefix);
        var value = ToNumber(IPAddress.Parse(address));
        return value >= network && value - network < size;
    }

    /// <summary>Addresses held in the subnet: NIC ip configurations and container groups placed in it.</summary>
    private static HashSet<string> InUse(EmulatorState state, string subnetId)
    {
        var used = new HashSet<string>();
        foreach (var nic in state.Store.OfType("Microsoft.Network/networkInterfaces"))
            foreach (var config in nic["properties"]?["ipConfigurations"]?.AsArray().OfType<JsonObject>() ?? [])
                if (ArmPath.Is((string?)config["properties"]?["subnet"]?["id"] ?? "", subnetId) && (string?)config["properties"]?["privateIPAddress"] is { } ip)
                    used.Add(ip);
        foreach (var group in state.Store.OfType("Microsoft.ContainerInstance/containerGroups"))
            if (group["properties"]?["subnetIds"]?.AsArray().Any(s => ArmPath.Is((string?)s?["id"] ?? "", subnetId)) == true
                && (string?)group["properties"]?["ipAddress"]?["ip"] is { } ip)
                used.Add(ip);
        return used;
    }

    private static (uint Network, uint Size) Parse(string prefix)
    {
        var parts = prefix.Split('/');
        var bits = int.Parse(parts[1]);
        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        return (ToNumber(IPAddress.Parse(parts[0])) & mask, bits == 0 ? uint.MaxValue : 1u << (32 - bits));
    }

    private static uint ToNumber(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static string ToText(uint value) => $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}";
}
