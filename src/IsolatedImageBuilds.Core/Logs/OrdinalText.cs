using System.Runtime.CompilerServices;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>Ordinal comparisons of the short fixed words the engine looks for at a known place in every line.</summary>
    internal static class OrdinalText
    {
        /// <summary>
        /// Whether <paramref name="text"/> holds <paramref name="value"/> at <paramref name="at"/>. A plain loop: the words are a
        /// few characters long, and <c>string.CompareOrdinal</c> cost more to call than to compare (6% of a 500 MB parse).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool StartsAt(string text, int at, string value)
        {
            if (at < 0 || text.Length - at < value.Length) return false;
            for (int k = 0; k < value.Length; k++)
            {
                if (text[at + k] != value[k]) return false;
            }
            return true;
        }
    }
}
