using System.Text.RegularExpressions;

namespace IsolatedImageBuilds.Core.Templates
{
    /// <summary>Field paths as messages show them: properties.customize[0].scriptUri, tags['cost center'].</summary>
    internal static class JsonPath
    {
        private static readonly Regex Identifier = new Regex("^[A-Za-z_$][A-Za-z0-9_$]*$", RegexOptions.CultureInvariant);

        public static string Child(string parent, string key)
        {
            if (!Identifier.IsMatch(key))
            {
                return $"{parent}['{key.Replace("'", "\\'")}']";
            }

            return parent.Length == 0 ? key : $"{parent}.{key}";
        }

        public static string Index(string parent, int index) => $"{parent}[{index}]";
    }
}
