namespace AibEmulator.Arm;

/// <summary>Works out the ARM resource type a request path addresses (for api-version checks
/// and error texts), e.g. <c>.../virtualNetworks/v/subnets/s</c> → <c>Microsoft.Network/virtualNetworks/subnets</c>.</summary>
public static class ArmPath
{
    public static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public static string? ResourceTypeOf(string path)
    {
        var s = Segments(path);
        if (s.Length == 1 && Is(s[0], "tenants")) return "Microsoft.Resources/tenants";
        if (s.Length == 0 || !Is(s[0], "subscriptions") && !Is(s[0], "providers")) return null;

        // Preview features: /subscriptions/{s}/providers/Microsoft.Features/providers/{ns}/features/{f}, one Microsoft.Features type.
        if (s.Length >= 4 && Is(s[2], "providers") && Is(s[3], "Microsoft.Features")) return "Microsoft.Features/features";
        int p = Array.FindLastIndex(s, x => Is(x, "providers"));
        if (p < 0)
        {
            // ARM's own paths: /subscriptions/{s}[/resourceGroups/{rg}[/resources]] and operation results.
            if (s.Length <= 2 || s.Length == 3 && Is(s[2], "locations")) return "Microsoft.Resources/subscriptions";
            if (Is(s[2], "resourceGroups")) return s.Length >= 5 && Is(s[4], "resources") ? "Microsoft.Resources/resources" : "Microsoft.Resources/resourceGroups";
            if (Is(s[2], "resources")) return "Microsoft.Resources/resources";
            return "Microsoft.Resources/" + s[2];
        }
        if (p == s.Length - 1) return "Microsoft.Resources/providers";
        var ns = s[p + 1];
        var rest = s.Skip(p + 2).ToArray();
        // /subscriptions/{s}/providers/{ns}[/register|/unregister] is the provider resource itself.
        if (p == 2 && (rest.Length == 0 || rest.Length == 1 && (Is(rest[0], "register") || Is(rest[0], "unregister"))))
            return "Microsoft.Resources/providers";
        var types = rest.Where((_, i) => i % 2 == 0);
        return rest.Length == 0 ? ns : ns + "/" + string.Join('/', types);
    }

    public static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
