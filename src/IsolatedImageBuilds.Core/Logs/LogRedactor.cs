using System;
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

        private const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;

        // Cheap gate: the full set of patterns runs only on lines holding one of these fragments.
        private static readonly Regex Gate = new Regex(
            @"sig=|bearer|eyj|==|pass|pwd|secret|key|authorization|securestring",
            Options);

        private static readonly (Regex Pattern, string Replacement)[] Rules =
        {
            // Bare JWTs anywhere (header and payload are base64url JSON, so both start with "eyJ").
            (new Regex(@"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*", RegexOptions.Compiled | RegexOptions.CultureInvariant), Mask),
            // Bearer tokens anywhere; Basic and SharedKey credentials in Authorization headers.
            (new Regex(@"(\bBearer\s+)[A-Za-z0-9\-._~+/]+=*", Options), "$1" + Mask),
            (new Regex(@"(\bAuthorization[""']?\s*[:=]\s*[""']?(?:Basic|SharedKey)\s+)[^\s""']+", Options), "$1" + Mask),
            // SAS signature in URLs and SAS strings.
            (new Regex(@"(\bsig=)[^&\s""'<>;,]+", Options), "$1" + Mask),
            // Storage account keys: 64 random bytes in base64 = 86 characters and "==".
            (new Regex(@"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])", RegexOptions.Compiled | RegexOptions.CultureInvariant), Mask),
            // key=value and key: value forms, quoted or not: connection strings, JSON, YAML, query strings.
            (new Regex(@"([""']?\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Passwd|Pwd|client_?secret|ClientSecret|secret|sas_?token|access_?token)\b[""']?\s*[:=]\s*)(""[^""]*""|'[^']*'|[^\s;&,""']+)", Options), "$1" + Mask),
            // PowerShell and CLI parameters: -Password 'x', -ClientSecret x, --password x, --client-secret=x.
            (new Regex(@"((?:^|\s)--?(?:Password|Passwd|Pwd|ClientSecret|client-secret|Secret|AccountKey|account-key|SasToken|sas-token|AdminPassword|admin-password)(?:\s+|=))(""[^""]*""|'[^']*'|[^\s;&,]+)", Options), "$1" + Mask),
            // ConvertTo-SecureString 'x' -AsPlainText (and -String 'x').
            (new Regex(@"(ConvertTo-SecureString\s+(?:-String\s+)?)(""[^""]*""|'[^']*'|[^\s;&,]+)", Options), "$1" + Mask),
        };

        public LogRedactor(bool enabled = true) { Enabled = enabled; }

        /// <summary>The default, enabled redactor.</summary>
        public static LogRedactor Default { get; } = new LogRedactor(true);

        /// <summary>A redactor that returns text unchanged (<c>-NoRedact</c>).</summary>
        public static LogRedactor None { get; } = new LogRedactor(false);

        public bool Enabled { get; }

        /// <summary>Returns the text with secrets replaced by <see cref="Mask"/>; the same instance when nothing was found.</summary>
        public string Redact(string text)
        {
            if (!Enabled || string.IsNullOrEmpty(text) || !Gate.IsMatch(text)) return text;
            foreach (var (pattern, replacement) in Rules)
            {
                text = pattern.Replace(text, replacement);
            }
            return text;
        }
    }
}
