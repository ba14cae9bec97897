using System.Text;
using System.Text.RegularExpressions;
using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

// The hand-written masks must mask exactly what their regexes mask: every character in every place where the patterns
// look at one (before the key, inside the key, between the parts, inside and after the value), then random texts built
// from the patterns' own pieces. The regexes are compiled with the options the redactor's regex rules use.
public class HandWrittenMasksTests
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private static readonly Regex Sas = new(LogRedactor.SasSignaturePattern, Options);
    private static readonly Regex SecureString = new(LogRedactor.SecureStringPattern, Options);
    private static readonly Regex KeyValue = new(LogRedactor.KeyValuePattern, Options);

    private static string SasByRegex(string text) => Sas.Replace(text, "$1" + LogRedactor.Mask);

    private static string SecureStringByRegex(string text) => SecureString.Replace(text, "$1" + LogRedactor.Mask);

    // Texts with one character c in a place that decides whether and where the mask applies.
    private static IEnumerable<string> SasPlaces(char c)
    {
        yield return c + "sig=value";
        yield return "x" + c + "sig=value";
        yield return "sig=" + c;
        yield return "sig=va" + c + "lue&sig=" + c + "x";
        for (int k = 0; k < 4; k++)
        {
            var key = "sig=".ToCharArray();
            key[k] = c;
            yield return "u?" + new string(key) + "value";
        }
    }

    private static IEnumerable<string> SecureStringPlaces(char c)
    {
        yield return "ConvertTo-SecureString" + c + "'pw' -AsPlainText";
        yield return "ConvertTo-SecureString " + c + "pw x";
        yield return "ConvertTo-SecureString " + c + "pw" + c + " x";
        yield return "ConvertTo-SecureString -String" + c + "pw";
        yield return "ConvertTo-SecureString -String " + c;
        yield return "ConvertTo-SecureString -String " + c + "pw;x";
        yield return "ConvertTo-SecureString \"p" + c + "w\" x";
        yield return "ConvertTo-SecureString " + c + "p w" + c + " x";
        for (int k = 0; k < "ConvertTo-SecureString".Length; k++)
        {
            var command = "ConvertTo-SecureString".ToCharArray();
            command[k] = c;
            yield return "$p = " + new string(command) + " 'pw'";
        }
    }

    [Fact]
    public void Sas_mask_equals_its_regex_for_every_character_in_every_place() =>
        AssertEqualForEveryCharacter(SasPlaces, SasByRegex, HandWrittenMasks.MaskSasSignatures);

    [Fact]
    public void SecureString_mask_equals_its_regex_for_every_character_in_every_place() =>
        AssertEqualForEveryCharacter(SecureStringPlaces, SecureStringByRegex, HandWrittenMasks.MaskSecureStringArguments);

    private static void AssertEqualForEveryCharacter(Func<char, IEnumerable<string>> places, Func<string, string> byRegex, Func<string, string> byHand)
    {
        int masked = 0;
        for (int code = 0; code <= char.MaxValue; code++)
        {
            foreach (string text in places((char)code))
            {
                string expected = byRegex(text);
                Assert.True(expected == byHand(text), $"U+{code:X4} in \"{text}\"");
                if (expected != text) masked++;
            }
        }
        Assert.True(masked > 100_000, $"only {masked} texts were masked: the places do not test the mask");
    }

    private static readonly string[] MaskPieces =
    {
        "sig=", "SIG=", "Sig=", "xsig=", "ConvertTo-SecureString", "convertto-securestring", "-String", "-STRING", "-Strings",
        " ", "  ", "\t", "\u00A0", "\u2003", "'", "\"", ";", "&", ",", "<", ">", "=", "a", "b7", "_", "é", "\u200D", "\u0301", "?",
    };

    private static string RandomText(Random random, string[] pieces)
    {
        var text = new StringBuilder();
        for (int n = random.Next(1, 14); n > 0; n--) text.Append(pieces[random.Next(pieces.Length)]);
        return text.ToString();
    }

    [Fact]
    public void Both_masks_equal_their_regexes_on_random_texts_of_their_pieces()
    {
        var random = new Random(20261206);
        int sas = 0, secure = 0;
        for (int i = 0; i < 200_000; i++)
        {
            string text = RandomText(random, MaskPieces);
            string expectedSas = SasByRegex(text);
            Assert.True(expectedSas == HandWrittenMasks.MaskSasSignatures(text), $"SAS: \"{text}\"");
            string expectedSecure = SecureStringByRegex(text);
            Assert.True(expectedSecure == HandWrittenMasks.MaskSecureStringArguments(text), $"SecureString: \"{text}\"");
            if (expectedSas != text) sas++;
            if (expectedSecure != text) secure++;
        }
        Assert.True(sas > 10_000 && secure > 5_000, $"masked {sas} and {secure} texts: too few to test the masks");
    }

    [Theory]
    [InlineData("?sv=1&sig=abc%2F&se=2", "?sv=1&sig=REDACTED&se=2")]
    [InlineData("a sig=1 b SIG=2;c", "a sig=REDACTED b SIG=REDACTED;c")]
    [InlineData("xsig=abc", "xsig=abc")]
    [InlineData("ConvertTo-SecureString -String 'two words' -AsPlainText", "ConvertTo-SecureString -String REDACTED -AsPlainText")]
    [InlineData("ConvertTo-SecureString -String ;", "ConvertTo-SecureString REDACTED ;")]
    [InlineData("ConvertTo-SecureString \"unclosed value", "ConvertTo-SecureString REDACTED value")]
    public void Masks_the_forms_they_were_written_for(string text, string expected)
    {
        string actual = text.Contains("ConvertTo", StringComparison.Ordinal)
            ? HandWrittenMasks.MaskSecureStringArguments(text)
            : HandWrittenMasks.MaskSasSignatures(text);
        Assert.Equal(expected, actual);
    }

    private static readonly string[] KeyValuePieces =
    {
        "password", "Password", "PASSWD", "pwd", "secret", "client_secret", "ClientSecret", "token", "sas_token", "access_token",
        "AccountKey", "SharedAccessKey", "SharedAccessSignature", "NotARealPassword", "tokens", "xpwd",
        "\"", "'", " ", "\t", "\u00A0", ":", "=", "*", ";", "&", ",", "v", "é", "_", "\u200D",
    };

    // The key=value rule runs its regex only when one of its triggers is followed by an assignment: that must hold for every
    // text the regex matches, or a secret would go unmasked.
    [Fact]
    public void Every_key_value_match_has_an_assigned_trigger()
    {
        var random = new Random(1206);
        int matched = 0, skipped = 0;
        for (int i = 0; i < 200_000; i++)
        {
            string text = RandomText(random, KeyValuePieces);
            bool assigned = LogRedactor.KeyValueTriggers.Any(t => HandWrittenMasks.IsAssigned(text, t));
            if (KeyValue.IsMatch(text))
            {
                matched++;
                Assert.True(assigned, $"the regex matches \"{text}\" but no trigger is assigned");
            }
            else if (!assigned && LogRedactor.KeyValueTriggers.Any(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)))
            {
                skipped++;
            }
        }
        Assert.True(matched > 10_000 && skipped > 10_000, $"{matched} matches and {skipped} skipped texts: too few to test the gate");
    }

    [Theory]
    [InlineData("password: x", "password", true)]
    [InlineData("\"Password\" = x", "password", true)]
    [InlineData("ConvertTo-SecureString 'NotARealPassword1' -AsPlainText", "password", false)]
    [InlineData("3 tokens left", "token", false)]
    [InlineData("token", "token", false)]
    public void IsAssigned_looks_after_each_occurrence(string text, string trigger, bool expected)
    {
        Assert.Equal(expected, HandWrittenMasks.IsAssigned(text, trigger));
    }
}
