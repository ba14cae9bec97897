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
