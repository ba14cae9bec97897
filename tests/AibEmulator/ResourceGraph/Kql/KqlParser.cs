using System.Globalization;
using System.Text.Json.Nodes;

namespace AibEmulator.ResourceGraph.Kql;

/// <summary>A parsed query: the table it reads and its operators in order.</summary>
public sealed record KqlQuery(string Table, IReadOnlyList<IStage> Stages)
{
    public static KqlQuery Parse(string text) => new KqlParser(KqlLexer.Tokenize(text)).Query();

    public Table Run(Table source) => Stages.Aggregate(source, (t, s) => s.Apply(t));
}

/// <summary>The subset of KQL the emulator's Resource Graph runs: where (==, !=, =~, !~, in, in~, !in, contains, has,
/// startswith, endswith, &lt; &gt;, and/or/not), project, extend, summarize count()/countif()/dcount() by, order/sort by,
/// limit/take, property paths. Anything else is an InvalidQuery, never silently ignored.</summary>
public sealed class KqlParser(List<Token> tokens)
{
    private int _at;
    private int _unnamed;

    private Token Peek => tokens[_at];

    public KqlQuery Query()
    {
        var table = Expect(TokenKind.Identifier).Text;
        var stages = new List<IStage>();
        while (TryTake("|")) stages.Add(Stage());
        if (Peek.Kind != TokenKind.End) throw Error($"Unexpected '{Peek.Text}'");
        return new KqlQuery(table, stages);
    }

    private IStage Stage()
    {
        var op = Expect(TokenKind.Identifier);
        switch (op.Text)
        {
            case "where":
                return new WhereStage(Expression());
            case "project":
                return new ProjectStage(NamedList(), extend: false);
            case "extend":
                return new ProjectStage(NamedList(), extend: true);
            case "summarize":
                return Summarize();
            case "order" or "sort":
                ExpectWord("by");
                var keys = new List<SortKey>();
                do
                {
                    var e = Expression();
                    bool desc = true;
                    if (TryWord("asc")) desc = false;
                    else TryWord("desc");
                    keys.Add(new SortKey(e, desc));
                } while (TryTake(","));
                return new OrderStage(keys);
            case "limit" or "take":
                return new LimitStage(int.Parse(Expect(TokenKind.Number).Text, CultureInfo.InvariantCulture));
            default:
                throw Error($"The operator '{op.Text}' is not supported by the emulator's Resource Graph", op.Position);
        }
    }

    private IStage Summarize()
    {
        var aggregates = new List<Aggregate>();
        do
        {
            string? name = NameBeforeEquals();
            var fn = Expect(TokenKind.Identifier);
            if (fn.Text is not ("count" or "countif" or "dcount")) throw Error($"Aggregate '{fn.Text}' is not supported by the emulator", fn.Position);
            Expect("(");
            Expr? arg = fn.Text == "count" ? null : Expression();
            Expect(")");
            aggregates.Add(new Aggregate(name ?? fn.Text + "_", fn.Text, arg));
        } while (TryTake(","));
        var by = TryWord("by") ? NamedList() : [];
        return new SummarizeStage(aggregates, by);
    }

    private List<NamedExpr> NamedList()
    {
        var list = new List<NamedExpr>();
        do
        {
            string? name = NameBeforeEquals();
            var e = Expression();
            list.Add(new NamedExpr(name ?? e.DefaultName ?? "Column" + ++_unnamed, e));
        } while (TryTake(","));
        return list;
    }

    private string? NameBeforeEquals()
    {
        if (Peek.Kind == TokenKind.Identifier && tokens[_at + 1].Kind == TokenKind.Symbol && tokens[_at + 1].Text == "=")
        {
            var name = Peek.Text;
            _at += 2;
            return name;
        }
        return null;
    }

    private Expr Expression()
    {
        var left = AndExpression();
        while (TryWord("or")) left = new Binary("or", left, AndExpression());
        return left;
    }

    private Expr AndExpression()
    {
        var left = Comparison();
        while (TryWord("and")) left = new Binary("and", left, Comparison());
        return left;
    }

    private static readonly HashSet<string> ComparisonSymbols = ["==", "!=", "=~", "!~", "<", "<=", ">", ">=", "!contains", "!has", "!startswith", "!in", "!in~"];
    private static readonly HashSet<string> ComparisonWords = ["contains", "contains_cs", "has", "startswith", "endswith", "in", "in~"];

    private Expr Comparison()
    {
        var left = Primary();
        var t = Peek;
        bool isOp = t.Kind == TokenKind.Symbol && ComparisonSymbols.Contains(t.Text) || t.Kind == TokenKind.Identifier && ComparisonWords.Contains(t.Text);
        if (!isOp)
        {
            if (t.Kind == TokenKind.Symbol && t.Text.StartsWith('!') && t.Text.Length > 2)
                throw Error($"Operator '{t.Text}' is not supported by the emulator", t.Position);
            return left;
        }
        _at++;
        if (t.Text.TrimStart('!').StartsWith("in"))
        {
            Expect("(");
            var items = new List<Expr> { Primary() };
            while (TryTake(",")) items.Add(Primary());
            Expect(")");
            return new Binary(t.Text, left, new ListExpr(items));
        }
        return new Binary(t.Text, left, Primary());
    }

    private Expr Primary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.String:
                _at++;
                return new Literal(JsonValue.Create(t.Text));
            case TokenKind.Number:
                _at++;
                return new Literal(JsonValue.Create(double.Parse(t.Text, CultureInfo.InvariantCulture)));
            case TokenKind.Symbol when t.Text == "(":
                _at++;
                var inner = Expression();
                Expect(")");
                return inner;
            case TokenKind.Symbol when t.Text == "-" && tokens[_at + 1].Kind == TokenKind.Number:
                _at += 2;
                return new Literal(JsonValue.Create(-double.Parse(tokens[_at - 1].Text, CultureInfo.InvariantCulture)));
            case TokenKind.Identifier:
                _at++;
                if (t.Text is "true" or "false") return new Literal(JsonValue.Create(t.Text == "true"));
                if (TryTake("(")) return FunctionCall(t);
                return Path(t.Text);
            default:
                throw Error($"Unexpected '{t.Text}'");
        }
    }

    private Expr FunctionCall(Token name)
    {
        if (!Call.Known.Contains(name.Text)) throw Error($"Unknown function: '{name.Text}'", name.Position);
        var args = new List<Expr>();
        if (!TryTake(")"))
        {
            do args.Add(Expression()); while (TryTake(","));
            Expect(")");
        }
        return new Call(name.Text, args, name.Position);
    }

    private PathExpr Path(string column)
    {
        var steps = new List<object>();
        while (true)
        {
            if (TryTake(".")) steps.Add(Expect(TokenKind.Identifier).Text);
            else if (TryTake("["))
            {
                var key = Peek;
                _at++;
                steps.Add(key.Kind switch
                {
                    TokenKind.String => key.Text,
                    TokenKind.Number => int.Parse(key.Text, CultureInfo.InvariantCulture),
                    _ => throw Error($"Unexpected '{key.Text}' in an index"),
                });
                Expect("]");
            }
            else return new PathExpr(column, steps);
        }
    }

    private bool TryTake(string symbol)
    {
        if (Peek.Kind != TokenKind.Symbol || Peek.Text != symbol) return false;
        _at++;
        return true;
    }

    private bool TryWord(string word)
    {
        if (Peek.Kind != TokenKind.Identifier || Peek.Text != word) return false;
        _at++;
        return true;
    }

    private void ExpectWord(string word)
    {
        if (!TryWord(word)) throw Error($"Expected '{word}'");
    }

    private void Expect(string symbol)
    {
        if (!TryTake(symbol)) throw Error($"Expected '{symbol}' but found '{Peek.Text}'");
    }

    private Token Expect(TokenKind kind)
    {
        var t = Peek;
        if (t.Kind != kind) throw Error($"Expected {kind} but found '{t.Text}'");
        _at++;
        return t;
    }

    private KqlException Error(string message, int? position = null) =>
        new($"{message} at position {position ?? Peek.Position}.", position ?? Peek.Position);
}
