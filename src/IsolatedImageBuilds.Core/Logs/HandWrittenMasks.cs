using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// The redactor's two commonest rules, SAS signatures (every SAS URL) and <c>ConvertTo-SecureString</c> arguments, written
    /// as plain loops: each gives what its regex (<see cref="LogRedactor.SasSignaturePattern"/>,
    /// <see cref="LogRedactor.SecureStringPattern"/>) gives, which the tests check character by character, at a fifth of the
    /// cost. On a long log with many SAS URLs the regexes' replacing was the largest single cost of a line.
    /// </summary>
    internal static class HandWrittenMasks
    {
        private const string SasKey = "sig=";
        private const string SecureStringCommand = "ConvertTo-SecureString";
        private const string StringParameter = "-String";

        /// <summary>Masks every SAS signature value: <c>(\bsig=)[^&amp;\s"'&lt;&gt;;,]+</c>, ignoring case.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static string MaskSasSignatures(string text)
        {
            StringBuilder? masked = null;
            int copied = 0;
            for (int at = IndexOf(text, SasKey, 0); at >= 0; at = IndexOf(text, SasKey, at + 1))
            {
                int value = at + SasKey.Length, end = value;
                while (end < text.Length && !EndsSasValue(text[end])) end++;
                if (end == value || (at > 0 && IsWordChar(text[at - 1]))) continue;
                masked = Mask(masked, text, copied, value);
                copied = end;
                at = end - 1;
            }
            return masked == null ? text : masked.Append(text, copied, text.Length - copied).ToString();
        }

        /// <summary>
        /// Masks the plain text given to ConvertTo-SecureString:
        /// <c>(ConvertTo-SecureString\s+(?:-String\s+)?)("[^"]*"|'[^']*'|[^\s;&amp;,]+)</c>, ignoring case.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static string MaskSecureStringArguments(string text)
        {
            StringBuilder? masked = null;
            int copied = 0;
            for (int at = IndexOf(text, SecureStringCommand, 0); at >= 0; at = IndexOf(text, SecureStringCommand, at + 1))
            {
                int afterCommand = at + SecureStringCommand.Length;
                int value = SkipWhiteSpace(text, afterCommand);
                if (value == afterCommand) continue;
                int end = ValueEnd(text, value);
                // "-String" and spaces before the value; with no value after them, "-String" is the value (as the regex backtracks).
                if (StartsAtIgnoreCase(text, value, StringParameter))
                {
                    int afterParameter = value + StringParameter.Length;
                    int named = SkipWhiteSpace(text, afterParameter);
                    int namedEnd = named > afterParameter ? ValueEnd(text, named) : named;
                    if (namedEnd > named)
                    {
                        value = named;
                        end = namedEnd;
                    }
                }
                if (end == value) continue;
                masked = Mask(masked, text, copied, value);
                copied = end;
                at = end - 1;
            }
            return masked == null ? text : masked.Append(text, copied, text.Length - copied).ToString();
        }

        /// <summary>
        /// Whether <paramref name="key"/> occurs where an assignment follows it: an optional quote, spaces, then ':' or '='.
        /// Every match of the key=value rule has one right after its key, and each of that rule's keys ends with one of its
        /// triggers, so a line without one skips the rule's regex (a word like "NotARealPassword1" or "tokens" is common).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool IsAssigned(string text, string key)
        {
            for (int at = IndexOf(text, key, 0); at >= 0; at = IndexOf(text, key, at + 1))
            {
                int i = at + key.Length;
                if (i < text.Length && (text[i] == '"' || text[i] == '\'')) i++;
                i = SkipWhiteSpace(text, i);
                if (i < text.Length && (text[i] == ':' || text[i] == '=')) return true;
            }
            return false;
        }

        private static StringBuilder Mask(StringBuilder? masked, string text, int copied, int value) =>
            (masked ?? new StringBuilder(text.Length)).Append(text, copied, value - copied).Append(LogRedactor.Mask);

        // The keys are ASCII; on .NET, OrdinalIgnoreCase matches them exactly as the regexes' IgnoreCase does (the tests try
        // every character in their place).
        private static int IndexOf(string text, string value, int start) =>
            start > text.Length - value.Length ? -1 : text.IndexOf(value, start, StringComparison.OrdinalIgnoreCase);

        private static bool StartsAtIgnoreCase(string text, int at, string value) =>
            text.Length - at >= value.Length && string.Compare(text, at, value, 0, value.Length, StringComparison.OrdinalIgnoreCase) == 0;

        private static int SkipWhiteSpace(string text, int i)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            return i;
        }

        // "[^"]*" or '[^']*' when the quote closes, else a run of [^\s;&,] (which the unclosed quote starts).
        private static int ValueEnd(string text, int i)
        {
            if (i < text.Length && (text[i] == '"' || text[i] == '\''))
            {
                int close = text.IndexOf(text[i], i + 1);
                if (close >= 0) return close + 1;
            }
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ';' && text[i] != '&' && text[i] != ',') i++;
            return i;
        }

        private static bool EndsSasValue(char c) =>
            c == '&' || c == '"' || c == '\'' || c == '<' || c == '>' || c == ';' || c == ',' || char.IsWhiteSpace(c);

        // A word character for the regex's \b: letters, non-spacing marks, decimal digits, connector punctuation, and the
        // zero-width joiner and non-joiner.
        private static bool IsWordChar(char c)
        {
            if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (c == '\u200C' || c == '\u200D') return true;
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.ConnectorPunctuation:
                    return true;
                default:
                    return false;
            }
        }
    }
}
