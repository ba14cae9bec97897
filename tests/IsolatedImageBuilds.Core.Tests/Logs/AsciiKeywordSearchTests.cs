using IsolatedImageBuilds.Core.Logs;
using Xunit;

namespace IsolatedImageBuilds.Core.Tests.Logs;

public class AsciiKeywordSearchTests
{
    private static string[] Found(AsciiKeywordSearch search, string[] keywords, string text)
    {
        var found = new bool[keywords.Length];
        Assert.Equal(search.FindAll(text, found), search.ContainsAny(text));
        return keywords.Where((_, i) => found[i]).ToArray();
    }

    [Fact]
    public void Finds_overlapping_keywords_through_failure_links_case_insensitively()
    {
        string[] keywords = { "he", "she", "his", "hers", "Error deleting" };
        var search = new AsciiKeywordSearch(keywords);

        Assert.Equal(new[] { "he", "she", "hers" }, Found(search, keywords, "USHERS"));
        Assert.Equal(new[] { "his" }, Found(search, keywords, "this"));
        Assert.Equal(new[] { "Error deleting" }, Found(search, keywords, "==> azure-arm: ERROR DELETING resource"));
        Assert.Empty(Found(search, keywords, "nothing to see"));
        Assert.Empty(Found(search, keywords, ""));
    }

    [Fact]
    public void Non_ascii_characters_break_a_match()
    {
        string[] keywords = { "ab" };
        var search = new AsciiKeywordSearch(keywords);
        Assert.Empty(Found(search, keywords, "aéb"));
        Assert.Equal(keywords, Found(search, keywords, "日本ab語"));
    }

    [Fact]
    public void Rejects_empty_and_non_ascii_keywords()
    {
        Assert.Throws<ArgumentException>(() => new AsciiKeywordSearch(new[] { "" }));
        Assert.Throws<ArgumentException>(() => new AsciiKeywordSearch(new[] { "café" }));
    }
}

public class AsciiKeywordSearchAgreementTests
{
    // The engine's own keyword set (knowledge base, error words, landmarks, redactor triggers) against a plain
    // case-insensitive IndexOf per keyword: the skipping must never lose a keyword.
    [Fact]
    public void Finds_exactly_what_IndexOf_finds_in_random_text_and_real_logs()
    {
        var keywords = KnowledgeBase.Default.KeywordTexts
            .Concat(LogDiagnoser.ErrorFragments).Concat(StepErrorLines.ErrorFragments)
            .Concat(LogStateTracker.LandmarkFragments).Concat(LogRedactor.Triggers).ToArray();
        var search = new AsciiKeywordSearch(keywords);
        var texts = new List<string>();
        var random = new Random(20261206);
        string alphabet = "  :=-_/'\"()[]#>.0123456789é日";
        for (int n = 0; n < 20000; n++)
        {
            // Pieces of keywords in mixed case, glued with noise: prefixes that almost match, overlaps, non-ASCII.
            var text = new System.Text.StringBuilder();
            int pieces = random.Next(0, 6);
            for (int p = 0; p < pieces; p++)
            {
                string k = keywords[random.Next(keywords.Length)];
                int from = random.Next(k.Length);
                string piece = random.Next(3) switch
                {
                    0 => k,
                    1 => k.Substring(0, random.Next(1, k.Length + 1)),
                    _ => k.Substring(from, random.Next(1, k.Length - from + 1)),
                };
                text.Append(random.Next(2) == 0 ? piece.ToUpperInvariant() : piece);
                for (int c = random.Next(0, 3); c > 0; c--) text.Append(alphabet[random.Next(alphabet.Length)]);
            }
            texts.Add(text.ToString());
        }
        foreach (var file in Directory.GetFiles(LogTestSupport.ReferenceLogs, "*.log"))
        {
            texts.AddRange(File.ReadLines(file));
        }

        int checkedTexts = 0;
        foreach (var text in texts)
        {
            var found = new bool[keywords.Length];
            bool any = search.FindAll(text, found);
            var expected = keywords.Select(k => text.IndexOf(k, StringComparison.OrdinalIgnoreCase) >= 0).ToArray();
            Assert.True(expected.SequenceEqual(found), "Keywords differ for: " + text);
            Assert.Equal(expected.Any(e => e), any);
            checkedTexts++;
        }
        Assert.True(checkedTexts > 20000);
    }

    [Fact]
    public void One_character_keywords_are_found_too()
    {
        string[] keywords = { "x", "xy", "Error" };
        var search = new AsciiKeywordSearch(keywords);
        var found = new bool[3];
        Assert.True(search.FindAll("an eRRor; x marks", found));
        Assert.Equal(new[] { true, false, true }, found);
    }
}

public class AsciiKeywordSearchAnchorTests
{
    // "error" is anchored at a pair rarer in log text than its first, "er"; its head must then stand before the anchor.
    [Fact]
    public void A_keyword_is_anchored_at_a_pair_rarer_than_its_first()
    {
        Assert.Equal(800, LogTextPairs.MostFrequent.Length); // 400 pairs
        Assert.True(LogTextPairs.RarestPair("error") > 0);
        Assert.Equal(0, LogTextPairs.RarestPair("zq"));
    }

    [Theory]
    [InlineData("an ERROR here", 0, true)]
    [InlineData("an xrror here", 0, false)] // the anchor without its head
    [InlineData("an eRror", 0, true)]       // the keyword at the very end
    [InlineData("rror", 0, false)]          // the head would start before the text
    [InlineData("an error", 4, false)]      // the head would start before the start offset
    [InlineData("an error", 3, true)]
    public void A_keyword_is_found_where_its_anchor_ends_and_its_head_stands_before_it(string text, int start, bool expected)
    {
        var search = new AsciiKeywordSearch(new[] { "error", "warning" }, new[] { 1, 2 });
        var found = new bool[2];
        int groups = search.FindGroups(text, start, found);
        Assert.Equal(expected, found[0]);
        Assert.Equal(expected ? 1 : 0, groups);
        Assert.False(found[1]);
    }
}
