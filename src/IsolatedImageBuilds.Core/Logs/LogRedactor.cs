using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// Masks secrets in log text: SAS signatures, bearer tokens and JWTs, storage account keys,
    /// connection-string secrets, client secrets and passwords in the forms scripts commonly print them.
    /// Over-masking a harmless value is preferred to leaking a secret.
    /// </summary>
    public sealed class LogRedactor
    {
        public const string Mask = "REDACTED";

        // A value that is only asterisks (optionally quoted) was masked before it was logged.
        private const string NotMasked = @"(?![""']?\*+[""']?(?:[\s;&,]|$))";

        /// <summary>What the SAS rule masks (<see cref="HandWrittenMasks.MaskSasSignatures"/> does it without a regex).</summary>
        internal const string SasSignaturePattern = @"(\bsig=)[^&\s""'<>;,]+";

        /// <summary>What the ConvertTo-SecureString rule masks (<see cref="HandWrittenMasks.MaskSecureStringArguments"/>).</summary>
        internal const string SecureStringPattern = @"(ConvertTo-SecureString\s+(?:-String\s+)?)(""[^""]*""|'[^']*'|[^\s;&,]+)";

        /// <summary>The key=value rule: each of its keys ends with one of its triggers (which <see cref="HandWrittenMasks.IsAssigned"/> relies on).</summary>
        internal const string KeyValuePattern =
            @"(\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Passwd|Pwd|client_?secret|ClientSecret|secret|"
            + @"sas_?token|access_?token)\b[""']?\s*[:=]\s*)" + NotMasked + @"(""[^""]*""|'[^']*'|[^\s;&,""']+)";

        internal static readonly string[] KeyValueTriggers = { "accountkey", "accesskey", "signature", "password", "passwd", "pwd", "secret", "token" };

        // Each rule runs only on lines holding one of its trigger fragments (found for all rules in one pass): fragments every
        // match must contain, so that a line skips the rules that cannot match it (a regex run costs more than the scan).
        private static readonly Rule[] Rules =
        {
            // Bare JWTs anywhere (header and payload are base64url JSON, so both start with "eyJ").
            new Rule(new[] { "eyj" }, @"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*", Mask, ignoreCase: false),
            // Bearer tokens anywhere; Basic and SharedKey credentials in Authorization headers.
            new Rule(new[] { "bearer" }, @"(\bBearer\s+)[A-Za-z0-9\-._~+/]+=*", "$1" + Mask),
            new Rule(new[] { "authorization" }, @"(\bAuthorization[""']?\s*[:=]\s*[""']?(?:Basic|SharedKey)\s+)[^\s""']+", "$1" + Mask),
            // SAS signature in URLs and SAS strings.
            new Rule(new[] { "sig=" }, HandWrittenMasks.MaskSasSignatures),
            // key=value and key: value forms, quoted or not: connection strings, JSON, YAML, query strings.
            // A value of asterisks only is already masked (Packer prints "Password=*****"): it is left as logged.
            // Only lines where a trigger is followed by an assignment can match (HandWrittenMasks.IsAssigned).
            new Rule(KeyValueTriggers, KeyValuePattern, "$1" + Mask, onlyWhenAssigned: true),
            // PowerShell and CLI parameters: -Password 'x', -ClientSecret x, --password x, --client-secret=x.
            new Rule(new[] { "-password", "-passwd", "-pwd", "-clientsecret", "-secret", "-accountkey", "-account-key", "-sastoken", "-sas-token", "-adminpassword" },
                @"(?<=^|\s)(--?(?:Password|Passwd|Pwd|ClientSecret|client-secret|Secret|AccountKey|account-key|SasToken|sas-token|"
                + @"AdminPassword|admin-password)(?:\s+|=))" + NotMasked + @"(""[^""]*""|'[^']*'|[^\s;&,]+)",
                "$1" + Mask),
            // ConvertTo-SecureString 'x' -AsPlainText (and -String 'x').
            new Rule(new[] { "securestring" }, HandWrittenMasks.MaskSecureStringArguments),
        };

        // Storage account keys: 64 random bytes in base64 = 86 characters and "==" (gated by HasBase64Padding).
        private static readonly Regex AccountKeyValue = new Regex(
            @"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        /// <summary>
        /// Fragments of which a line holds at least one when a rule can mask something in it (case-insensitive); the
        /// account-key rule is gated by <see cref="HasBase64Padding(string)"/> instead. <see cref="LineWords"/> folds them into
        /// the one keyword scan of every line, so lines without any skip the redactor.
        /// </summary>
        internal static readonly string[] Triggers = Rules.SelectMany(r => r.Triggers).Distinct().ToArray();
        private static readonly AsciiKeywordSearch TriggerSearch = new AsciiKeywordSearch(Triggers);
        private static readonly int[][] TriggerRules = Triggers
            .Select(t => Enumerable.Range(0, Rules.Length).Where(i => Rules[i].Triggers.Contains(t)).ToArray())
            .ToArray();

        // Scratch marks per thread: the shared Default instance may be used by several readers at once.
        [ThreadStatic] private static bool[]? _found;
        [ThreadStatic] private static bool[]? _run;

        public LogRedactor(bool enabled = true) { Enabled = enabled; }

        /// <summary>The default, enabled redactor.</summary>
        public static LogRedactor Default { get; } = new LogRedactor(true);

        /// <summary>A redactor that returns text unchanged (<c>-NoRedact</c>).</summary>
        public static LogRedactor None { get; } = new LogRedactor(false);

        public bool Enabled { get; }

        /// <summary>What <see cref="HasBase64Padding(string)"/> looks for: lines without it skip that check (<see cref="LineWords"/>).</summary>
        internal const string PaddingFragment = "==";

        /// <summary>"==" after a base64 character (a key's padding), not Packer's "==&gt;" arrows.</summary>
        internal static bool HasBase64Padding(string text) => HasBase64Padding(text, 0);

        /// <summary>The same for the text from <paramref name="start"/> on.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool HasBase64Padding(string text, int start)
        {
            int i = text.IndexOf(PaddingFragment, start, StringComparison.Ordinal);
            while (i >= 0)
            {
                if (i > start && IsBase64(text[i - 1]) && (i + 2 >= text.Length || text[i + 2] != '>')) return true;
                i = text.IndexOf(PaddingFragment, i + 2, StringComparison.Ordinal);
            }
            return false;
        }

        private sealed class Rule
        {
            private readonly Regex? _pattern;
            private readonly string? _replacement;
            private readonly Func<string, string>? _mask;
            private readonly bool _onlyWhenAssigned;

            /// <summary>A rule done by its regex; <paramref name="onlyWhenAssigned"/>: skipped unless a trigger is followed by an assignment.</summary>
            public Rule(string[] triggers, string pattern, string replacement, bool ignoreCase = true, bool onlyWhenAssigned = false)
            {
                Triggers = triggers;
                RegexOptions caseOption = ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None;
                _pattern = new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant | caseOption);
                _replacement = replacement;
                _onlyWhenAssigned = onlyWhenAssigned;
            }

            /// <summary>A rule done by hand (<see cref="HandWrittenMasks"/>).</summary>
            public Rule(string[] triggers, Func<string, string> mask)
            {
                Triggers = triggers;
                _mask = mask;
            }

            public string[] Triggers { get; }

            /// <summary>Whether <paramref name="trigger"/>, found in the text, calls for this rule.</summary>
            public bool IsCalledFor(string text, string trigger) => !_onlyWhenAssigned || HandWrittenMasks.IsAssigned(text, trigger);

            public string Apply(string text) => _mask != null ? _mask(text) : _pattern!.Replace(text, _replacement!);
        }

        private static bool IsBase64(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';

        /// <summary>Returns the text with secrets replaced by <see cref="Mask"/>; the same instance when nothing was found.</summary>
        public string Redact(string text)
        {
            if (!Enabled || string.IsNullOrEmpty(text)) return text;
            var found = _found ??= new bool[Triggers.Length];
            TriggerSearch.FindAll(text, found);
            return Redact(text, found);
        }

        /// <summary>
        /// The same, when the caller already knows which <see cref="Triggers"/> the text holds (<paramref name="found"/>,
        /// by index; cleared here): the analyzer's one keyword scan of the line found them.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal string Redact(string text, bool[] found)
        {
            if (!Enabled || string.IsNullOrEmpty(text)) return text;
            var run = _run ??= new bool[Rules.Length];
            bool any = false;
            for (int t = 0; t < found.Length; t++)
            {
                if (!found[t]) continue;
                found[t] = false;
                any = true;
                foreach (int r in TriggerRules[t]) run[r] = run[r] || Rules[r].IsCalledFor(text, Triggers[t]);
            }
            if (any)
            {
                // Rules apply in their declared order (JWTs before the generic key=value rule).
                for (int r = 0; r < Rules.Length; r++)
                {
                    if (!run[r]) continue;
                    run[r] = false;
                    text = Rules[r].Apply(text);
                }
            }
            if (HasBase64Padding(text)) text = AccountKeyValue.Replace(text, Mask);
            return text;
        }
    }
}
