namespace IsolatedImageBuilds.Core.Arm
{
    internal static class ArmLocation
    {
        /// <summary>"West Europe" and "westeurope" are the same region: the name ARM uses in ids and lists.</summary>
        public static string Normalize(string? location) => (location ?? string.Empty).Replace(" ", string.Empty).ToLowerInvariant();
    }
}
