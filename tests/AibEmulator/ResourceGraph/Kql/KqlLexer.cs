namespace AibEmulator.ResourceGraph.Kql;

public enum TokenKind { Identifier, String, Number, Symbol, End }

public sealed record Token(TokenKind Kind, string Text, int Position);

/// <summary>Splits a KQL query into identifiers, string and number literals and symbols
/// (operators such as <c>=~</c>, <c>!in~</c>, <c>!contains</c> come out as one symbol).</summary>
public static class KqlLexer
{
    private static readonly string[] Symbols = ["==", "!=", "=~", "!~", "<=", ">=", "|", "(", ")", ",", ".", "[", "]", "=", "<", ">", "+", "-", "*", "/"];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            int start = i;
            if (c is '\'' or '"')
            {
                var value = new System.Text.StringBuilder();
                i++;
                while (i < text.Length && text[i] != c)
                {
                    if (text[i] == '\\' && i + 1 < text.Length) i++;
                    value.Append(text[i++]);
                }
                if (i >= text.Length) throw new KqlException($"Unterminated string literal at position {start}.", start);
                i++;
                tokens.Add(new Token(TokenKind.String, value.ToString(), start));
                continue;
            }
            if (char.IsDigit(c))
            {
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) i++;
                tokens.Add(new Token(TokenKind.Number, text[start..i], start));
                continue;
            }
            if (c == '!' && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                // !in, !in~, !contains, !has, !startswith: negated word operators.
                i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                if (i < text.Length && text[i] == '~') i++;
                tokens.Add(new Token(TokenKind.Symbol, text[start..i], start));
                continue;
            }
            if (char.IsLetter(c) || c == '_' || c == '$')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '$')) i++;
                // in~ is one operator; so are project-away, mv-expand (recognised only to be refused clearly).
                if (i < text.Length && text[i] == '~' && text[start..i] == "in") i++;
                else if (i < text.Length && text[i] == '-' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && text[start..i] is "project" or "mv")
                {
                    i++;
                    while (i < text.Length && char.IsLetter(text[i])) i++;
                }
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
                continue;
            }
            var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                ?? throw new KqlException($"Unexpected character '{c}' at position {i}.", i);
            i += symbol.Length;
            tokens.Add(new Token(TokenKind.Symbol, symbol, start));
        }
        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }
}

/// <summary>A query the evaluator cannot parse or run: ARG answers it with 400 InvalidQuery.</summary>
public sealed class KqlException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}
